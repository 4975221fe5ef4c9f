using System;
using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.ApplicationAutoScaling
{
    /// <summary>Registers or updates a scalable target, the resource that Application Auto Scaling can scale out and scale in.</summary>
    [AwsOperation("RegisterScalableTarget")]
    public sealed class RegisterScalableTargetRequest : ApplicationAutoScalingRequest<RegisterScalableTargetResponse>
    {
        public string? ServiceNamespace { get; set; } // ecs | elasticmapreduce | ec2 | appstream | dynamodb | ...
        public string? ResourceId { get; set; }
        public string? ScalableDimension { get; set; } // ecs:service:DesiredCount | ...
        public int? MinCapacity { get; set; }
        public int? MaxCapacity { get; set; }
        public string? RoleARN { get; set; }
        public SuspendedState? SuspendedState { get; set; }
        public Dictionary<string, string>? Tags { get; set; }
    }

    public sealed class RegisterScalableTargetResponse
    {
        public string? ScalableTargetARN { get; set; }
    }

    /// <summary>Deregisters a scalable target; its scaling policies and scheduled actions are deleted with it.</summary>
    [AwsOperation("DeregisterScalableTarget")]
    public sealed class DeregisterScalableTargetRequest : ApplicationAutoScalingRequest<AwsEmptyResponse>
    {
        public string? ServiceNamespace { get; set; }
        public string? ResourceId { get; set; }
        public string? ScalableDimension { get; set; }
    }

    /// <summary>Gets information about the scalable targets in the specified namespace (paginated by NextToken).</summary>
    [AwsOperation("DescribeScalableTargets")]
    public sealed class DescribeScalableTargetsRequest : ApplicationAutoScalingRequest<DescribeScalableTargetsResponse>
    {
        public string? ServiceNamespace { get; set; }
        public List<string>? ResourceIds { get; set; }
        public string? ScalableDimension { get; set; }
        public int? MaxResults { get; set; }
        public string? NextToken { get; set; }
    }

    public sealed class DescribeScalableTargetsResponse
    {
        public List<ScalableTarget>? ScalableTargets { get; set; }
        public string? NextToken { get; set; }
    }

    public sealed class ScalableTarget
    {
        public string? ServiceNamespace { get; set; }
        public string? ResourceId { get; set; }
        public string? ScalableDimension { get; set; }
        public int? MinCapacity { get; set; }
        public int? MaxCapacity { get; set; }
        public int? PredictedCapacity { get; set; }
        public string? RoleARN { get; set; }
        public DateTime? CreationTime { get; set; }
        public SuspendedState? SuspendedState { get; set; }
        public string? ScalableTargetARN { get; set; }
    }

    public sealed class SuspendedState
    {
        public bool? DynamicScalingInSuspended { get; set; }
        public bool? DynamicScalingOutSuspended { get; set; }
        public bool? ScheduledScalingSuspended { get; set; }
    }
}
