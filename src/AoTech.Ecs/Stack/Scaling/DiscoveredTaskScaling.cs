using System.Collections.Generic;
using System.Linq;

namespace AoTech.Ecs.Stack.Scaling
{
    /// <summary>The app's scalable target as Application Auto Scaling describes it, with the policies on it (null: none registered).</summary>
    public sealed class DiscoveredTaskScaling
    {
        public DiscoveredTaskScaling(int minCount, int maxCount, IEnumerable<DiscoveredScalingPolicy> policies)
        {
            MinCount = minCount;
            MaxCount = maxCount;
            Policies = policies.ToList();
        }

        public int MinCount { get; }
        public int MaxCount { get; }
        public IReadOnlyList<DiscoveredScalingPolicy> Policies { get; }

        public DiscoveredScalingPolicy? Policy(string name) => Policies.FirstOrDefault(p => p.Name == name);

        /// <summary>The scaling as the app's own policies make it (a policy of another name or metric is not the app's).</summary>
        public TaskScaling AsScaling(TaskScalingNames names) => new TaskScaling(MinCount, MaxCount,
            Target(Policy(names.CpuPolicy), TaskScalingNames.CpuMetric), Target(Policy(names.RequestsPolicy), TaskScalingNames.RequestsMetric));

        private static int? Target(DiscoveredScalingPolicy? policy, string metric) =>
            policy != null && policy.MetricType == metric && policy.TargetValue != null ? (int?)System.Math.Round(policy.TargetValue.Value) : null;
    }

    /// <summary>One target-tracking policy on the app's scalable target.</summary>
    public sealed class DiscoveredScalingPolicy
    {
        public DiscoveredScalingPolicy(string name, string? metricType, double? targetValue, string? resourceLabel)
        {
            Name = name;
            MetricType = metricType;
            TargetValue = targetValue;
            ResourceLabel = resourceLabel;
        }

        public string Name { get; }
        public string? MetricType { get; }
        public double? TargetValue { get; }
        public string? ResourceLabel { get; }
    }
}
