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
            if (target == null) return null;
            var policies = await PoliciesAsync(ct).ConfigureAwait(false);
            return new DiscoveredTaskScaling(target.MinCapacity ?? 0, target.MaxCapacity ?? 0, policies
                .Where(p => p.PolicyName != null && p.ResourceId == _names.ResourceId)
                .Select(p => new DiscoveredScalingPolicy(p.PolicyName!,
                    p.TargetTrackingScalingPolicyConfiguration?.PredefinedMetricSpecification?.PredefinedMetricType,
                    p.TargetTrackingScalingPolicyConfiguration?.TargetValue,
                    p.TargetTrackingScalingPolicyConfiguration?.PredefinedMetricSpecification?.ResourceLabel)));
        }

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

        private Task<List<ScalingPolicy>> PoliciesAsync(CancellationToken ct) =>
            AllPagesAsync(async next =>
            {
                var page = await _aws.SendAsync(new DescribeScalingPoliciesRequest
                {
                    ServiceNamespace = TaskScalingNames.Namespace,
                    ResourceId = _names.ResourceId,
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
