using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack.Converge;
using AoTech.Ecs.Stack.Converge.Discovery;
using AoTech.Ecs.Stack.Converge.Listing;
using Ec2 = Amazon.EC2.Model;
using EcsApi = AoTech.Ecs.Aws.Services.Ecs;
using Elb = AoTech.Ecs.Aws.Services.Elb;
using Tagging = AoTech.Ecs.Aws.Services.Tagging;

namespace AoTech.Ecs.Stack.Endpoints
{
    /// <summary>
    /// Reads shared endpoints (Get-AoEcsEndpoint), read-only. Which endpoints exist and which apps are on each comes from one
    /// listing of the tagging API (load balancers, target groups and certificates tagged aotech:endpoint), in pages of 100; the rest is read as Get-AoEcsApp reads a
    /// region: clusters 100 a call, load balancers 20, Auto Scaling groups 100, security groups and VPCs in one filtered call
    /// per 100 endpoints. What AWS offers no batch for stays one call per endpoint, side by side: the launch template's latest
    /// version, and the HTTPS listener with its rules and certificates.
    /// </summary>
    public static class EndpointStatusReader
    {
        private const int Parallel = 8;
        private static readonly string[] NoSplit = new string[0];
        /// <summary>Load balancer security groups asked for in one filtered DescribeSecurityGroups (EC2 takes up to 200 filter values).</summary>
        private const int SecurityGroupsPerCall = 100;
        /// <summary>
        /// The endpoint's load balancer names it, the apps' target groups and certificates name them (and it). Not its cluster:
        /// moto's listing of clusters fails on any cluster without tags, and a load balancer goes no sooner than the cluster.
        /// </summary>
        private static readonly List<string> EndpointTypes = new List<string>
        {
            "elasticloadbalancing:loadbalancer", "elasticloadbalancing:targetgroup", "acm",
        };

        /// <summary>The endpoint <paramref name="name"/>; throws EndpointNotFound when nothing of it exists.</summary>
        public static async Task<EndpointStatus> ReadAsync(AwsConnection aws, string name, CancellationToken ct)
        {
            StackNames.ValidateEndpointName(name);
            var found = await ReadManyAsync(aws, new List<string> { name }, ct).ConfigureAwait(false);
            return found.FirstOrDefault() ?? throw NotFound(aws.Region, name);
        }

        /// <summary>Every endpoint of the region, by name.</summary>
        public static Task<IReadOnlyList<EndpointStatus>> ListAsync(AwsConnection aws, CancellationToken ct) => ReadManyAsync(aws, null, ct);

        /// <summary>The error for an endpoint that does not exist (Get-AoEcsEndpoint -Name, Set-AoEcsEndpoint).</summary>
        public static AoEcsException NotFound(string region, string name) =>
            new AoEcsException(EndpointErrorIds.EndpointNotFound, AoErrorKind.ObjectNotFound,
                $"No endpoint '{name}' in {region} (no load balancer {Names(name).LoadBalancer} or cluster {Names(name).Cluster} tagged {StackNames.EndpointTagKey}={name}). " +
                $"New-AoEcsApp -Endpoint {name} creates it with its first app.", name)
            {
                RecommendedAction = "Run Get-AoEcsEndpoint without -Name to list the region's endpoints, or check -Region.",
            };

        /// <summary>The endpoint-level names of <paramref name="endpoint"/> (they depend on the endpoint's name alone).</summary>
        internal static StackNames Names(string endpoint) => StackNames.For(endpoint, endpoint);

        /// <summary>The apps tagged for each endpoint (<paramref name="only"/>: those endpoints, 20 a listing; null: every one).</summary>
        internal static async Task<Dictionary<string, SortedSet<string>>> TaggedAsync(AwsConnection aws, IReadOnlyList<string>? only, CancellationToken ct)
        {
            var filters = only == null
                ? new[] { new Tagging.TagFilter { Key = StackNames.EndpointTagKey } }
                : Batches.Of(only, RegionApps.ValuesPerTagFilter).Select(batch => new Tagging.TagFilter { Key = StackNames.EndpointTagKey, Values = batch }).ToArray();
            var listings = await Task.WhenAll(filters.Select(f => TaggedResources.MappingsAsync(aws, f, EndpointTypes, RegionApps.ResourcesPerPage, ct))).ConfigureAwait(false);
            var result = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
            foreach (var mapping in listings.SelectMany(l => l))
            {
                var endpoint = mapping.Tags.OrEmpty().FirstOrDefault(t => t.Key == StackNames.EndpointTagKey)?.Value;
                if (string.IsNullOrEmpty(endpoint) || !StackNames.IsValidEndpointName(endpoint)) continue;
                if (!result.TryGetValue(endpoint!, out var apps)) result[endpoint!] = apps = new SortedSet<string>(StringComparer.Ordinal);
                var app = mapping.Tags.OrEmpty().FirstOrDefault(t => t.Key == StackNames.AppTagKey)?.Value;
                if (!string.IsNullOrEmpty(app)) apps.Add(app!);
            }
            return result;
        }

        private static async Task<IReadOnlyList<EndpointStatus>> ReadManyAsync(AwsConnection aws, IReadOnlyList<string>? only, CancellationToken ct)
        {
            var tagged = await TaggedAsync(aws, only, ct).ConfigureAwait(false);
            // A name asked for is looked at even when the tagging API does not list it (yet): its cluster or load balancer says.
            var endpoints = (only ?? (IReadOnlyList<string>)tagged.Keys.ToList()).Distinct(StringComparer.Ordinal).OrderBy(e => e, StringComparer.Ordinal).ToList();
            if (endpoints.Count == 0) return new List<EndpointStatus>();
            var names = endpoints.ToDictionary(e => e, Names, StringComparer.Ordinal);

            var clusters = ClustersAsync(aws, names.Values.ToList(), ct);
            // A load balancer that does not exist fails its whole batch: the batch is asked again by halves, that name left out.
            var loadBalancers = NamedReads.LoadBalancersAsync(aws, names.Values.Select(n => n.LoadBalancer), new[] { "LoadBalancerNotFound" }, (name, ex) => { }, ct);
            var groups = NamedReads.AutoScalingGroupsAsync(aws, names.Values.Select(n => n.AutoScalingGroup), NoSplit, (name, ex) => { }, ct);
            var securityGroups = SecurityGroupsAsync(aws, names.Values.ToList(), ct);
            var instanceTypes = Batches.EachAsync(names.Values, Parallel, n => InstanceTypeAsync(aws, n, ct), ct);
            var lbs = await loadBalancers.ConfigureAwait(false);
            var vpcs = VpcsAsync(aws, lbs.Values.Select(lb => lb.VpcId).Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).Distinct().ToList(), ct);
            var routes = Batches.EachAsync(lbs.Values, Parallel, lb => RoutesAsync(aws, lb, ct), ct);
            await Task.WhenAll(clusters, groups, securityGroups, instanceTypes, vpcs, routes).ConfigureAwait(false);

            var types = instanceTypes.Result.Where(t => t.Type != null).ToDictionary(t => t.Endpoint, t => t.Type!, StringComparer.Ordinal);
            var routesByLb = routes.Result.Where(r => r.Routes != null).ToDictionary(r => r.LoadBalancer, r => r.Routes!, StringComparer.Ordinal);
            var result = new List<EndpointStatus>();
            foreach (var endpoint in endpoints)
            {
                var n = names[endpoint];
                clusters.Result.TryGetValue(n.Cluster, out var cluster);
                lbs.TryGetValue(n.LoadBalancer, out var lb);
                groups.Result.TryGetValue(n.AutoScalingGroup, out var group);
                // An endpoint is there while its cluster or its load balancer is (removal takes the load balancer first).
                if (cluster == null && lb == null) continue;
                routesByLb.TryGetValue(n.LoadBalancer, out var listener);
                var apps = new SortedDictionary<string, EndpointApp>(StringComparer.Ordinal);
                foreach (var app in tagged.TryGetValue(endpoint, out var t) ? t : new SortedSet<string>())
                    apps[app] = new EndpointApp { Name = app };
                foreach (var rule in listener?.Apps ?? new Dictionary<string, AppRule>())
                    apps[rule.Key] = new EndpointApp
                    {
                        Name = rule.Key,
                        Host = rule.Value.Placed.Route.Host,
                        PathPattern = rule.Value.Placed.Route.Paths,
                        Priority = rule.Value.Placed.Priority,
                    };
                var vpc = lb?.VpcId != null && vpcs.Result.TryGetValue(lb.VpcId, out var v) ? v : null;
                result.Add(new EndpointStatus
                {
                    Name = endpoint,
                    Region = aws.Region,
                    LoadBalancerDnsName = lb?.DNSName,
                    Cluster = cluster == null ? null : n.Cluster,
                    RegisteredInstances = cluster?.RegisteredContainerInstancesCount,
                    InstanceType = types.TryGetValue(endpoint, out var type) ? type : null,
                    MinSize = group?.MinSize,
                    MaxSize = group?.MaxSize,
                    DesiredCapacity = group?.DesiredCapacity,
                    RunningInstances = group?.Instances.OrEmpty().Count(i => i.LifecycleState == "InService"),
                    AllowedCidr = securityGroups.Result.TryGetValue(n.LoadBalancerSecurityGroup, out var cidrs) ? cidrs : new List<string>(),
                    VpcId = lb?.VpcId,
                    Network = lb?.VpcId == null ? null : vpc == null ? "given" : AwsCalls.Tag(vpc.Tags, StackNames.NetworkTagKey) ?? "given",
                    Apps = apps.Values.ToList(),
                    Rules = listener?.RuleCount ?? 0,
                    Certificates = listener?.ExtraCertificateArns.Count ?? 0,
                    TargetGroups = listener?.TargetGroupArns.Count ?? 0,
                });
            }
            return result;
        }

        /// <summary>ACTIVE clusters tagged for their endpoint, by name.</summary>
        private static async Task<Dictionary<string, EcsApi.Cluster>> ClustersAsync(AwsConnection aws, List<StackNames> names, CancellationToken ct)
        {
            var owner = names.ToDictionary(n => n.Cluster, n => n.EndpointName, StringComparer.Ordinal);
            var found = await NamedReads.ClustersAsync(aws, owner.Keys, NoSplit, (name, ex) => { }, ct).ConfigureAwait(false);
            return found.Where(c => c.ClusterName != null && c.Status == "ACTIVE" && owner.TryGetValue(c.ClusterName, out var endpoint) &&
                                    c.Tags.OrEmpty().Any(t => t.Key == StackNames.EndpointTagKey && t.Value == endpoint))
                .GroupBy(c => c.ClusterName!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        }

        /// <summary>The CIDRs each load balancer security group (by name) lets in on 443: one filtered call per 100 endpoints.</summary>
        private static async Task<Dictionary<string, List<string>>> SecurityGroupsAsync(AwsConnection aws, List<StackNames> names, CancellationToken ct)
        {
            var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var batch in Batches.Of(names, SecurityGroupsPerCall))
            {
                var owner = batch.ToDictionary(n => n.LoadBalancerSecurityGroup, n => n.EndpointName, StringComparer.Ordinal);
                string? token = null;
                do
                {
                    var page = await aws.Ec2("DescribeSecurityGroups", (c, t) => c.DescribeSecurityGroupsAsync(new Ec2.DescribeSecurityGroupsRequest
                    {
                        Filters = new List<Ec2.Filter> { AwsCalls.Filter("group-name", owner.Keys.ToArray()), AwsCalls.Filter("tag-key", StackNames.EndpointTagKey) },
                        NextToken = token,
                    }, t), ct).ConfigureAwait(false);
                    foreach (var group in page.SecurityGroups.OrEmpty())
                        if (group.GroupName != null && owner.TryGetValue(group.GroupName, out var endpoint) && AwsCalls.Tag(group.Tags, StackNames.EndpointTagKey) == endpoint)
                            result[group.GroupName] = group.IpPermissions.OrEmpty().SelectMany(SecurityGroupDiscovery.ToRules)
                                .Where(r => r.Cidr != null && r.FromPort <= StackDefaults.HttpsPort && r.ToPort >= StackDefaults.HttpsPort)
                                .Select(r => r.Cidr!).Distinct(StringComparer.Ordinal).ToList();
                    token = page.NextToken;
                } while (!string.IsNullOrEmpty(token));
            }
            return result;
        }

        /// <summary>VPCs by id (their network layout tag), one call.</summary>
        private static async Task<Dictionary<string, Ec2.Vpc>> VpcsAsync(AwsConnection aws, List<string> ids, CancellationToken ct)
        {
            if (ids.Count == 0) return new Dictionary<string, Ec2.Vpc>(StringComparer.Ordinal);
            var response = await aws.Ec2("DescribeVpcs", (c, t) => c.DescribeVpcsAsync(new Ec2.DescribeVpcsRequest
            {
                Filters = new List<Ec2.Filter> { AwsCalls.Filter("vpc-id", ids.ToArray()) },
            }, t), ct).ConfigureAwait(false);
            return response.Vpcs.OrEmpty().Where(v => v.VpcId != null).ToDictionary(v => v.VpcId, v => v, StringComparer.Ordinal);
        }

        /// <summary>The instance type of the endpoint's launch template's latest version (no batch form in EC2).</summary>
        private static async Task<(string Endpoint, string? Type)> InstanceTypeAsync(AwsConnection aws, StackNames n, CancellationToken ct)
        {
            var versions = await AwsCalls.OrNull(() => aws.Ec2("DescribeLaunchTemplateVersions", (c, t) => c.DescribeLaunchTemplateVersionsAsync(
                new Ec2.DescribeLaunchTemplateVersionsRequest { LaunchTemplateName = n.LaunchTemplate, Versions = new List<string> { "$Latest" } }, t), ct),
                "InvalidLaunchTemplateName.NotFoundException", "InvalidLaunchTemplateId.NotFound").ConfigureAwait(false);
            return (n.EndpointName, versions?.LaunchTemplateVersions.OrEmpty().FirstOrDefault()?.LaunchTemplateData?.InstanceType?.Value);
        }

        /// <summary>The load balancer's HTTPS listener with its rules and certificates (null: it has none).</summary>
        private static async Task<(string LoadBalancer, ListenerRoutes? Routes)> RoutesAsync(AwsConnection aws, Elb.LoadBalancer lb, CancellationToken ct) =>
            (lb.LoadBalancerName!, await ListenerRoutes.OfLoadBalancerAsync(aws, lb.LoadBalancerArn!, ct).ConfigureAwait(false));
    }
}
