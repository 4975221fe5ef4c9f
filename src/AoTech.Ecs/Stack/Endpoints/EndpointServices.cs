using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Stack.Converge;
using AoTech.Ecs.Stack.Converge.Listing;
using AoTech.Ecs.Stack.Scaling;
using EcsApi = AoTech.Ecs.Aws.Services.Ecs;

namespace AoTech.Ecs.Stack.Endpoints
{
    /// <summary>
    /// The services in a shared endpoint's cluster other than the app's, with what their tasks take, for the capacity check
    /// (<see cref="CapacityEstimate"/>): every app's tasks run on the endpoint's instances, and so do services of the
    /// user's own in that cluster. Read-only: ListServices, DescribeServices 10 a call, one DescribeTaskDefinition per
    /// revision in use, DescribeScalableTargets 50 a call.
    /// </summary>
    public static class EndpointServices
    {
        private const int Parallel = 8;

        public static Task<EndpointTasks> BesideAsync(AwsConnection aws, StackNames names, CancellationToken ct) =>
            InClusterAsync(aws, names.Cluster, names.Service, ct);

        /// <summary>Every service in the endpoint's cluster (Set-AoEcsEndpoint counts them all against its new size).</summary>
        public static Task<EndpointTasks> AllAsync(AwsConnection aws, StackNames endpoint, CancellationToken ct) =>
            InClusterAsync(aws, endpoint.Cluster, null, ct);

        private static async Task<EndpointTasks> InClusterAsync(AwsConnection aws, string cluster, string? except, CancellationToken ct)
        {
            var arns = new List<string>();
            string? next = null;
            do
            {
                var page = await aws.SendAsync(new EcsApi.ListServicesRequest { Cluster = cluster, NextToken = next }, ct).ConfigureAwait(false);
                arns.AddRange(page.ServiceArns.OrEmpty());
                next = page.NextToken;
            } while (!string.IsNullOrEmpty(next));
            var others = arns.Where(arn => arn.Substring(arn.LastIndexOf('/') + 1) != except).ToList();
            if (others.Count == 0) return EndpointTasks.None;

            var described = await Batches.EachAsync(Batches.Of(others, AppStatusReader.ServicesPerCall), Parallel, batch =>
                aws.SendAsync(new EcsApi.DescribeServicesRequest { Cluster = cluster, Services = batch }, ct), ct).ConfigureAwait(false);
            var services = described.SelectMany(d => d.Services.OrEmpty())
                .Where(s => s.Status == "ACTIVE" && s.ServiceName != null && s.TaskDefinition != null).ToList();
            if (services.Count == 0) return EndpointTasks.None;

            var revisions = await Batches.EachAsync(services.Select(s => s.TaskDefinition!).Distinct(StringComparer.Ordinal), Parallel, async arn =>
                (Arn: arn, Definition: (await aws.SendAsync(new EcsApi.DescribeTaskDefinitionRequest { TaskDefinition = arn }, ct).ConfigureAwait(false)).TaskDefinition),
                ct).ConfigureAwait(false);
            var definitions = revisions.Where(r => r.Definition != null).ToDictionary(r => r.Arn, r => r.Definition!, StringComparer.Ordinal);

            var resourceIds = services.ToDictionary(s => s.ServiceName!, s => new TaskScalingNames(cluster, s.ServiceName!).ResourceId, StringComparer.Ordinal);
            var targets = await Batches.EachAsync(Batches.Of(resourceIds.Values, TaskScalingDiscovery.ResourceIdsPerCall), Parallel,
                ids => TaskScalingDiscovery.TargetsAsync(aws, ids, ct), ct).ConfigureAwait(false);
            var maxCounts = targets.SelectMany(t => t).Where(t => t.ResourceId != null && t.MaxCapacity != null)
                .GroupBy(t => t.ResourceId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().MaxCapacity!.Value, StringComparer.Ordinal);

            return new EndpointTasks(services.Where(s => definitions.ContainsKey(s.TaskDefinition!)).Select(s =>
            {
                var desired = s.DesiredCount ?? 0;
                var max = maxCounts.TryGetValue(resourceIds[s.ServiceName!], out var m) ? m : desired;
                var balancer = s.LoadBalancers.OrEmpty().FirstOrDefault();
                // Only the blue/green family has an advanced configuration (a backend may report no deployment configuration).
                var blueGreen = Deployments.DeploymentSettings.Of(s.DeploymentConfiguration)?.IsBlueGreenFamily ?? balancer?.AdvancedConfiguration != null;
                return new EndpointService(s.ServiceName!, TaskResources.Of(definitions[s.TaskDefinition!], balancer), desired, max, blueGreen);
            }).OrderBy(s => s.Name, StringComparer.Ordinal).ToList());
        }
    }
}
