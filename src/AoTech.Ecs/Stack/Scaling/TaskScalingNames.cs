using System;

namespace AoTech.Ecs.Stack.Scaling
{
    /// <summary>
    /// How Application Auto Scaling names an app's service and the app's two target-tracking policies
    /// (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html: an ECS service is
    /// "service/&lt;cluster&gt;/&lt;service&gt;" with the dimension ecs:service:DesiredCount).
    /// </summary>
    public sealed class TaskScalingNames
    {
        public const string Namespace = "ecs";
        public const string Dimension = "ecs:service:DesiredCount";
        public const string PolicyType = "TargetTrackingScaling";
        public const string CpuMetric = "ECSServiceAverageCPUUtilization";
        public const string RequestsMetric = "ALBRequestCountPerTarget";

        public TaskScalingNames(string cluster, string service)
        {
            ResourceId = $"service/{cluster}/{service}";
            CpuPolicy = service + "-cpu";
            RequestsPolicy = service + "-requests";
        }

        public static TaskScalingNames For(StackNames names) => new TaskScalingNames(names.Cluster, names.Service);

        public string ResourceId { get; }
        public string CpuPolicy { get; }
        public string RequestsPolicy { get; }

        /// <summary>
        /// ALBRequestCountPerTarget's ResourceLabel: "app/&lt;alb-name&gt;/&lt;alb-id&gt;/targetgroup/&lt;tg-name&gt;/&lt;tg-id&gt;",
        /// the final parts of the load balancer's and the target group's ARNs
        /// (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PredefinedMetricSpecification.html).
        /// Null when either ARN is not known.
        /// </summary>
        public static string? ResourceLabel(string? loadBalancerArn, string? targetGroupArn)
        {
            var lb = After(loadBalancerArn, ":loadbalancer/");
            var tg = After(targetGroupArn, ":");
            return lb == null || tg == null || !tg.StartsWith("targetgroup/", StringComparison.Ordinal) ? null : lb + "/" + tg;
        }

        private static string? After(string? arn, string marker)
        {
            if (string.IsNullOrEmpty(arn)) return null;
            var at = marker == ":" ? arn!.LastIndexOf(':') : arn!.IndexOf(marker, StringComparison.Ordinal);
            return at < 0 ? null : arn.Substring(at + marker.Length);
        }
    }
}
