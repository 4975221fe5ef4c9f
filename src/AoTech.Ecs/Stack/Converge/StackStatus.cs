using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Stack.Converge.Discovery;
using AoTech.Ecs.Stack.Planning;
using Asg = AoTech.Ecs.Aws.Services.AutoScaling;
using EcsApi = AoTech.Ecs.Aws.Services.Ecs;
using Elb = AoTech.Ecs.Aws.Services.Elb;
using Tagging = AoTech.Ecs.Aws.Services.Tagging;

namespace AoTech.Ecs.Stack.Converge
{
    /// <summary>Live status of apps for Get-AoEcsApp: found by the aotech:app tag on ECS clusters, read-only.</summary>
    public sealed class StackStatus
    {
        private readonly AwsConnection _aws;

        public StackStatus(AwsConnection connection)
        {
            _aws = connection;
        }

        /// <summary>Names of the apps in the region (clusters tagged aotech:app), sorted.</summary>
        public async Task<List<string>> ListAppsAsync(CancellationToken ct)
        {
            var apps = new SortedSet<string>(StringComparer.Ordinal);
            string? token = null;
            do
            {
                var page = await _aws.SendAsync(new Tagging.GetResourcesRequest
                {
                    TagFilters = new List<Tagging.TagFilter> { new Tagging.TagFilter { Key = StackNames.AppTagKey } },
                    ResourceTypeFilters = new List<string> { "ecs:cluster" },
                    PaginationToken = token,
                }, ct).ConfigureAwait(false);
                foreach (var mapping in page.ResourceTagMappingList.OrEmpty())
                {
                    var app = mapping.Tags.OrEmpty().FirstOrDefault(t => t.Key == StackNames.AppTagKey)?.Value;
                    // The tagging API may list deleted resources: confirm with the cluster's own name.
                    if (app != null && mapping.ResourceARN != null && mapping.ResourceARN.EndsWith(":cluster/" + StackNames.For(app).Cluster, StringComparison.Ordinal))
                        apps.Add(app);
                }
                token = page.PaginationToken;
            } while (!string.IsNullOrEmpty(token));
            return apps.ToList();
        }

        /// <summary>The app's status, or null when it has no cluster.</summary>
        public async Task<AoEcsApp?> GetAsync(string app, CancellationToken ct)
        {
            var names = StackNames.For(app);
            var clusters = await _aws.SendAsync(new EcsApi.DescribeClustersRequest
            {
                Clusters = new List<string> { names.Cluster },
                Include = new List<string> { "TAGS" },
            }, ct).ConfigureAwait(false);
            var cluster = clusters.Clusters.OrEmpty().FirstOrDefault(c => c.Status == "ACTIVE" &&
                c.Tags.OrEmpty().Any(t => t.Key == StackNames.AppTagKey && t.Value == app));
            if (cluster == null) return null;
            var domain = cluster.Tags.OrEmpty().FirstOrDefault(t => t.Key == StackNames.DomainTagKey)?.Value;

            var service = new EcsDiscovery(_aws, names).ServiceAsync(ct);
            var certificate = domain == null ? Task.FromResult<DiscoveredCertificate?>(null) : new CertificateDiscovery(_aws).ChosenAsync(names, domain, ct);
            var lb = AwsCalls.OrNull(() => _aws.SendAsync(new Elb.DescribeLoadBalancersRequest { Names = new List<string> { names.LoadBalancer } }, ct),
                "LoadBalancerNotFound");
            var tg = AwsCalls.OrNull(() => _aws.SendAsync(new Elb.DescribeTargetGroupsRequest { Names = new List<string> { names.TargetGroup } }, ct),
                "TargetGroupNotFound");
            var scalingNames = Scaling.TaskScalingNames.For(names);
            var scaling = new Scaling.TaskScalingDiscovery(_aws, scalingNames).FindAsync(ct);
            var asg = _aws.SendAsync(new Asg.DescribeAutoScalingGroupsRequest { AutoScalingGroupNames = new List<string> { names.AutoScalingGroup } }, ct);

            var result = new AoEcsApp
            {
                Name = app,
                DomainName = domain,
                Url = domain == null ? null : "https://" + domain + "/",
                Region = _aws.Region,
                Cluster = names.Cluster,
                RegisteredInstances = cluster.RegisteredContainerInstancesCount,
            };
            var s = await service.ConfigureAwait(false);
            if (s != null)
            {
                result.Service = s.Name;
                result.TaskDefinition = StackPlanner.ShortArn(s.TaskDefinitionArn);
                result.DesiredCount = s.DesiredCount;
                result.RunningCount = s.RunningCount;
                result.PendingCount = s.PendingCount;
                result.Deployments = s.Deployments.Count;
                var primary = s.Deployments.FirstOrDefault(d => d.Status == "PRIMARY");
                result.RolloutState = primary?.RolloutState;
                result.RolloutStateReason = primary?.RolloutStateReason;
            }
            result.WithScaling((await scaling.ConfigureAwait(false))?.AsScaling(scalingNames));
            result.CertificateStatus = (await certificate.ConfigureAwait(false))?.Status;
            result.LoadBalancerDnsName = (await lb.ConfigureAwait(false))?.LoadBalancers.OrEmpty().FirstOrDefault()?.DNSName;
            var group = (await asg.ConfigureAwait(false)).AutoScalingGroups.OrEmpty().FirstOrDefault();
            result.Instances = group?.Instances.OrEmpty().Count;
            var targetGroup = (await tg.ConfigureAwait(false))?.TargetGroups.OrEmpty().FirstOrDefault();
            if (targetGroup?.TargetGroupArn != null)
            {
                var health = await _aws.SendAsync(new Elb.DescribeTargetHealthRequest { TargetGroupArn = targetGroup.TargetGroupArn }, ct).ConfigureAwait(false);
                var counts = health.TargetHealthDescriptions.OrEmpty().GroupBy(h => h.TargetHealth?.State ?? "unknown")
                    .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}={g.Count()}").ToList();
                result.TargetHealth = counts.Count == 0 ? "no targets" : string.Join(", ", counts);
            }
            return result;
        }
    }
}
