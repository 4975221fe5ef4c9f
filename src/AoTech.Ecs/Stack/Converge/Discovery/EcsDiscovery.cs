using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Stack.Planning;
using AoTech.Ecs.Stack.TaskDefinitions;
using EcsApi = AoTech.Ecs.Aws.Services.Ecs;

namespace AoTech.Ecs.Stack.Converge.Discovery
{
    /// <summary>What <see cref="EcsDiscovery.FindAsync"/> found.</summary>
    internal sealed class EcsFound
    {
        public EcsFound(DiscoveredCluster? cluster, DiscoveredService? service, IReadOnlyList<string> foreign)
        {
            Cluster = cluster;
            Service = service;
            Foreign = foreign;
        }

        public DiscoveredCluster? Cluster { get; }
        public DiscoveredService? Service { get; }
        public IReadOnlyList<string> Foreign { get; }
    }

    /// <summary>The ECS side: cluster, service and the task definition revisions of the app's family.</summary>
    internal sealed class EcsDiscovery
    {
        private readonly AwsConnection _aws;
        private readonly StackNames _names;

        public EcsDiscovery(AwsConnection connection, StackNames names)
        {
            _aws = connection;
            _names = names;
        }

        /// <summary>The cluster and, when there is one, the service.</summary>
        public async Task<EcsFound> FindAsync(CancellationToken ct)
        {
            var ownership = new Ownership(_names);
            var clusters = await _aws.SendAsync(new EcsApi.DescribeClustersRequest
            {
                Clusters = new List<string> { _names.Cluster },
                Include = new List<string> { "TAGS" },
            }, ct).ConfigureAwait(false);
            var cluster = clusters.Clusters.OrEmpty().FirstOrDefault(c => c.ClusterName == _names.Cluster && c.Status != "INACTIVE");
            if (cluster != null && ownership.OursAsEndpoint(cluster.Tags.OrEmpty().FirstOrDefault(t => t.Key == _names.EndpointOwnerTagKey)?.Value, "ECS cluster " + _names.Cluster))
            {
                var found = new DiscoveredCluster
                {
                    Name = cluster.ClusterName ?? "",
                    Arn = cluster.ClusterArn ?? "",
                    Status = cluster.Status ?? "",
                    CapacityProviders = cluster.CapacityProviders.OrEmpty(),
                    DefaultStrategy = cluster.DefaultCapacityProviderStrategy.OrEmpty().Select(s => s.CapacityProvider ?? "").ToList(),
                    RegisteredContainerInstances = cluster.RegisteredContainerInstancesCount ?? 0,
                    Tags = TagMap(cluster.Tags),
                };
                return new EcsFound(found, await ServiceAsync(ct).ConfigureAwait(false), ownership.Foreign);
            }
            return new EcsFound(null, null, ownership.Foreign);
        }

        /// <summary>
        /// The running and the latest task definition revision, which the task definition rule compares and merges with;
        /// skipped when the service already records the content hash of <paramref name="desired"/> (then the rule keeps it)
        /// unless <paramref name="resetImages"/> asks to compare the images. Separate from
        /// <see cref="StackDiscovery.DiscoverAsync"/> because the desired hash needs the account, learnt from discovery.
        /// </summary>
        public async Task TaskDefinitionsAsync(DiscoveredStack found, DesiredTaskDefinition desired, bool resetImages, CancellationToken ct)
        {
            var applied = found.Service != null && found.Service.Tags.TryGetValue(StackNames.TaskDefinitionFileHashTagKey, out var h) ? h : null;
            if (desired.IsAppliedAs(applied) && found.Service!.IsActive && !resetImages) return;
            var running = found.Service != null && found.Service.IsActive
                ? TaskDefinitionAsync(found.Service.TaskDefinitionArn, ct)
                : Task.FromResult<DiscoveredTaskDefinition?>(null);
            var latest = LatestTaskDefinitionAsync(ct);
            found.RunningTaskDefinition = await running.ConfigureAwait(false);
            found.LatestTaskDefinition = await latest.ConfigureAwait(false);
            // Older revisions are the rollout history (Undo-AoDeployment goes back to them) and stay. A newer one registered
            // from the very file the service runs (same aotech:taskdef-file hash) is a copy a lost answer or a cut-off run
            // left: it goes.
            var run = found.RunningTaskDefinition;
            var last = found.LatestTaskDefinition;
            if (run != null && last != null && last.Arn != run.Arn && last.Revision > run.Revision && last.ContentHash != null && last.ContentHash == run.ContentHash)
                found.Extras = found.Extras.Concat(new[]
                {
                    new DiscoveredExtra(ExtraKind.TaskDefinition, last.Arn, StackPlanner.ShortArn(last.Arn), null)
                    {
                        Why = $"a copy of revision {run.Revision} (same file), not used by the service",
                    },
                }).OrderBy(e => e.Kind).ToList();
        }

        public async Task<DiscoveredService?> ServiceAsync(CancellationToken ct)
        {
            var services = await _aws.SendAsync(new EcsApi.DescribeServicesRequest
            {
                Cluster = _names.Cluster,
                Services = new List<string> { _names.Service },
                Include = new List<string> { "TAGS" },
            }, ct).ConfigureAwait(false);
            var service = services.Services.OrEmpty().FirstOrDefault(s => s.ServiceName == _names.Service && s.Status != "INACTIVE");
            if (service == null) return null;
            var lb = service.LoadBalancers.OrEmpty().FirstOrDefault();
            var breaker = service.DeploymentConfiguration?.DeploymentCircuitBreaker;
            return new DiscoveredService
            {
                Name = service.ServiceName ?? "",
                Arn = service.ServiceArn ?? "",
                Status = service.Status ?? "",
                TaskDefinitionArn = service.TaskDefinition ?? "",
                DesiredCount = service.DesiredCount ?? 0,
                RunningCount = service.RunningCount ?? 0,
                PendingCount = service.PendingCount ?? 0,
                CapacityProviders = service.CapacityProviderStrategy.OrEmpty().Select(s => s.CapacityProvider ?? "").ToList(),
                LaunchType = service.LaunchType,
                CircuitBreakerEnabled = service.DeploymentConfiguration == null ? (bool?)null : breaker?.Enable == true,
                CircuitBreakerRollback = service.DeploymentConfiguration == null ? (bool?)null : breaker?.Rollback == true,
                TargetGroupArn = lb?.TargetGroupArn,
                AdvancedConfiguration = lb?.AdvancedConfiguration,
                DeploymentConfiguration = service.DeploymentConfiguration,
                DeploymentController = service.DeploymentController?.Type,
                LoadBalancerContainerName = lb?.ContainerName,
                LoadBalancerContainerPort = lb?.ContainerPort,
                HealthCheckGracePeriodSeconds = service.HealthCheckGracePeriodSeconds,
                Tags = TagMap(service.Tags),
                Deployments = service.Deployments.OrEmpty().Select(d => new DiscoveredDeployment
                {
                    Id = d.Id ?? "",
                    Status = d.Status ?? "",
                    TaskDefinitionArn = d.TaskDefinition ?? "",
                    DesiredCount = d.DesiredCount ?? 0,
                    RunningCount = d.RunningCount ?? 0,
                    PendingCount = d.PendingCount ?? 0,
                    RolloutState = d.RolloutState,
                    RolloutStateReason = d.RolloutStateReason,
                }).ToList(),
            };
        }

        internal async Task<DiscoveredTaskDefinition?> TaskDefinitionAsync(string arn, CancellationToken ct)
        {
            var response = await AwsCalls.OrNull(() => _aws.SendAsync(new EcsApi.DescribeTaskDefinitionRequest
            {
                TaskDefinition = arn,
                Include = new List<string> { "TAGS" },
            }, ct), "ClientException").ConfigureAwait(false);
            var td = response?.TaskDefinition;
            if (td == null) return null;
            return new DiscoveredTaskDefinition
            {
                Arn = td.TaskDefinitionArn ?? arn,
                Family = td.Family ?? "",
                Revision = td.Revision ?? 0,
                Status = td.Status ?? "",
                Tags = TagMap(response!.Tags),
                Content = TaskDefinitions.TaskDefinitionJson.Content(td),
            };
        }

        /// <summary>All ACTIVE revision ARNs of our family (newest last).</summary>
        public async Task<List<string>> TaskDefinitionArnsAsync(string status, CancellationToken ct)
        {
            var arns = new List<string>();
            string? token = null;
            do
            {
                var page = await _aws.SendAsync(new EcsApi.ListTaskDefinitionsRequest { FamilyPrefix = _names.TaskFamily, Status = status, NextToken = token }, ct)
                    .ConfigureAwait(false);
                arns.AddRange(page.TaskDefinitionArns.OrEmpty().Where(a => DiscoveredTaskDefinition.ParseArn(a)?.Family == _names.TaskFamily));
                token = page.NextToken;
            } while (!string.IsNullOrEmpty(token));
            return arns.OrderBy(a => DiscoveredTaskDefinition.ParseArn(a)!.Value.Revision).ToList();
        }

        private async Task<DiscoveredTaskDefinition?> LatestTaskDefinitionAsync(CancellationToken ct)
        {
            var arns = await TaskDefinitionArnsAsync("ACTIVE", ct).ConfigureAwait(false);
            return arns.Count == 0 ? null : await TaskDefinitionAsync(arns[arns.Count - 1], ct).ConfigureAwait(false);
        }

        /// <summary>ECS tags as a dictionary (the first value of a key ECS repeated wins).</summary>
        private static Dictionary<string, string> TagMap(List<EcsApi.Tag>? tags) =>
            tags.OrEmpty().Where(t => t.Key != null).GroupBy(t => t.Key!).ToDictionary(g => g.Key, g => g.First().Value ?? "", StringComparer.Ordinal);
    }
}
