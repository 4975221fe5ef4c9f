using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Services.ApplicationAutoScaling;

namespace AoTech.Ecs.Stack.Scaling
{
    /// <summary>
    /// Finds the app's scalable target and its policies (DescribeScalableTargets for the service's resource id, then,
    /// only when there is one, DescribeScalingPolicies): one read for an app without auto scaling. Read-only.
    /// </summary>
    public sealed class TaskScalingDiscovery
    {
        private readonly AwsConnection _aws;
        private readonly TaskScalingNames _names;

        public TaskScalingDiscovery(AwsConnection connection, TaskScalingNames names)
        {
            _aws = connection;
            _names = names;
        }

        public async Task<DiscoveredTaskScaling?> FindAsync(CancellationToken ct)
        {
            var targets = await TargetsAsync(_aws, new List<string> { _names.ResourceId }, ct).ConfigureAwait(false);
            var target = targets.FirstOrDefault(t => t.ResourceId == _names.ResourceId);
            return target == null ? null : Of(target, await PoliciesAsync(_aws, _names.ResourceId, ct).ConfigureAwait(false));
        }

        /// <summary>Resource ids a DescribeScalableTargets call is given at once (Get-AoEcsApp for many apps).</summary>
        public const int ResourceIdsPerCall = 50;

        /// <summary>
        /// The scaling of many services at once, by resource id (those without a scalable target are left out): their
        /// targets <see cref="ResourceIdsPerCall"/> a call, then the policies of one target by its resource id, of more
        /// by one listing of the region's ECS policies, page by page. Calls grow with pages, not with apps.
        /// </summary>
        public static async Task<Dictionary<string, DiscoveredTaskScaling>> ForManyAsync(AwsConnection aws, IEnumerable<TaskScalingNames> services,
            CancellationToken ct)
        {
            var ids = services.Select(s => s.ResourceId).Distinct(StringComparer.Ordinal).ToList();
            var targets = new List<ScalableTarget>();
            for (var i = 0; i < ids.Count; i += ResourceIdsPerCall)
                targets.AddRange(await TargetsAsync(aws, ids.Skip(i).Take(ResourceIdsPerCall).ToList(), ct).ConfigureAwait(false));
            var ours = targets.Where(t => t.ResourceId != null && ids.Contains(t.ResourceId)).GroupBy(t => t.ResourceId!)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            if (ours.Count == 0) return new Dictionary<string, DiscoveredTaskScaling>(StringComparer.Ordinal);
            var policies = await PoliciesAsync(aws, ours.Count == 1 ? ours.Keys.Single() : null, ct).ConfigureAwait(false);
            return ours.ToDictionary(t => t.Key, t => Of(t.Value, policies), StringComparer.Ordinal);
        }

        private static DiscoveredTaskScaling Of(ScalableTarget target, List<ScalingPolicy> policies) =>
            new DiscoveredTaskScaling(target.MinCapacity ?? 0, target.MaxCapacity ?? 0, policies
                .Where(p => p.PolicyName != null && p.ResourceId == target.ResourceId)
                .Select(p => new DiscoveredScalingPolicy(p.PolicyName!,
                    p.TargetTrackingScalingPolicyConfiguration?.PredefinedMetricSpecification?.PredefinedMetricType,
                    p.TargetTrackingScalingPolicyConfiguration?.TargetValue,
                    p.TargetTrackingScalingPolicyConfiguration?.PredefinedMetricSpecification?.ResourceLabel)));

        /// <summary>The ECS services' scalable targets among <paramref name="resourceIds"/>, every page.</summary>
        public static Task<List<ScalableTarget>> TargetsAsync(AwsConnection aws, List<string> resourceIds, CancellationToken ct) =>
            AllPagesAsync(async next =>
            {
                var page = await aws.SendAsync(new DescribeScalableTargetsRequest
                {
                    ServiceNamespace = TaskScalingNames.Namespace,
                    ResourceIds = resourceIds,
                    ScalableDimension = TaskScalingNames.Dimension,
                    NextToken = next,
                }, ct).ConfigureAwait(false);
                return (page.ScalableTargets, page.NextToken);
            });

        /// <summary>The ECS policies of one resource, or of every ECS service in the region (null).</summary>
        private static Task<List<ScalingPolicy>> PoliciesAsync(AwsConnection aws, string? resourceId, CancellationToken ct) =>
            AllPagesAsync(async next =>
            {
                var page = await aws.SendAsync(new DescribeScalingPoliciesRequest
                {
                    ServiceNamespace = TaskScalingNames.Namespace,
                    ResourceId = resourceId,
                    ScalableDimension = TaskScalingNames.Dimension,
                    NextToken = next,
                }, ct).ConfigureAwait(false);
                return (page.ScalingPolicies, page.NextToken);
            });

        /// <summary>Every page of a NextToken listing; a token seen before ends it (the answer is complete, not a loop).</summary>
        private static async Task<List<T>> AllPagesAsync<T>(Func<string?, Task<(List<T>? Items, string? NextToken)>> page)
        {
            var all = new List<T>();
            var seen = new HashSet<string>();
            string? next = null;
            do
            {
                var (items, token) = await page(next).ConfigureAwait(false);
                if (items != null) all.AddRange(items);
                next = string.IsNullOrEmpty(token) || !seen.Add(token!) ? null : token;
            } while (next != null);
            return all;
        }
    }
}
