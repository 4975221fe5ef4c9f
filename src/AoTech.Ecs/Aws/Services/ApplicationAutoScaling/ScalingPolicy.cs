using System;
using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.ApplicationAutoScaling
{
    /// <summary>Creates or updates a scaling policy for an Application Auto Scaling scalable target.</summary>
    [AwsOperation("PutScalingPolicy")]
    public sealed class PutScalingPolicyRequest : ApplicationAutoScalingRequest<PutScalingPolicyResponse>
    {
        public string? PolicyName { get; set; }
        public string? ServiceNamespace { get; set; }
        public string? ResourceId { get; set; }
        public string? ScalableDimension { get; set; }
        public string? PolicyType { get; set; } // StepScaling | TargetTrackingScaling | PredictiveScaling
        public TargetTrackingScalingPolicyConfiguration? TargetTrackingScalingPolicyConfiguration { get; set; }
    }

    public sealed class PutScalingPolicyResponse
    {
        public string? PolicyARN { get; set; }
        public List<Alarm>? Alarms { get; set; }
    }

    /// <summary>Deletes the specified scaling policy for an Application Auto Scaling scalable target.</summary>
    [AwsOperation("DeleteScalingPolicy")]
    public sealed class DeleteScalingPolicyRequest : ApplicationAutoScalingRequest<AwsEmptyResponse>
    {
        public string? PolicyName { get; set; }
        public string? ServiceNamespace { get; set; }
        public string? ResourceId { get; set; }
        public string? ScalableDimension { get; set; }
    }

    /// <summary>Describes the Application Auto Scaling scaling policies for the specified service namespace (paginated by NextToken).</summary>
    [AwsOperation("DescribeScalingPolicies")]
    public sealed class DescribeScalingPoliciesRequest : ApplicationAutoScalingRequest<DescribeScalingPoliciesResponse>
    {
        public List<string>? PolicyNames { get; set; }
        public string? ServiceNamespace { get; set; }
        public string? ResourceId { get; set; }
        public string? ScalableDimension { get; set; }
        public int? MaxResults { get; set; }
        public string? NextToken { get; set; }
    }

    public sealed class DescribeScalingPoliciesResponse
    {
        public List<ScalingPolicy>? ScalingPolicies { get; set; }
        public string? NextToken { get; set; }
    }

    public sealed class ScalingPolicy
    {
        public string? PolicyARN { get; set; }
        public string? PolicyName { get; set; }
        public string? ServiceNamespace { get; set; }
        public string? ResourceId { get; set; }
        public string? ScalableDimension { get; set; }
        public string? PolicyType { get; set; }
        public TargetTrackingScalingPolicyConfiguration? TargetTrackingScalingPolicyConfiguration { get; set; }
        public List<Alarm>? Alarms { get; set; }
        public DateTime? CreationTime { get; set; }
    }

    public sealed class TargetTrackingScalingPolicyConfiguration
    {
        public double? TargetValue { get; set; }
        public PredefinedMetricSpecification? PredefinedMetricSpecification { get; set; }
        public int? ScaleOutCooldown { get; set; }
        public int? ScaleInCooldown { get; set; }
        public bool? DisableScaleIn { get; set; }
    }

    public sealed class PredefinedMetricSpecification
    {
        public string? PredefinedMetricType { get; set; } // ECSServiceAverageCPUUtilization | ALBRequestCountPerTarget | ...
        public string? ResourceLabel { get; set; }
    }

    public sealed class Alarm
    {
        public string? AlarmName { get; set; }
        public string? AlarmARN { get; set; }
    }
}
