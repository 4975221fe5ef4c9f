using System;
using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.AutoScaling
{
    /// <summary>Starts a rolling replacement of the group's instances (an instance refresh).</summary>
    [AwsOperation("StartInstanceRefresh")]
    public sealed class StartInstanceRefreshRequest : AutoScalingRequest<StartInstanceRefreshResponse>
    {
        public string? AutoScalingGroupName { get; set; }
        /// <summary>Rolling (the only strategy).</summary>
        public string? Strategy { get; set; }
        public RefreshPreferences? Preferences { get; set; }
    }

    public sealed class StartInstanceRefreshResponse
    {
        public string? InstanceRefreshId { get; set; }
    }

    public sealed class RefreshPreferences
    {
        public int? MinHealthyPercentage { get; set; }
        public int? InstanceWarmup { get; set; }
        public bool? SkipMatching { get; set; }
        public bool? AutoRollback { get; set; }
        /// <summary>Refresh, Ignore or Wait: what to do with instances protected from scale-in.</summary>
        public string? ScaleInProtectedInstances { get; set; }
        /// <summary>Terminate, Ignore or Wait: what to do with instances in Standby.</summary>
        public string? StandbyInstances { get; set; }
        public int? MaxHealthyPercentage { get; set; }
    }

    /// <summary>The instance refreshes of a group, newest first.</summary>
    [AwsOperation("DescribeInstanceRefreshes")]
    public sealed class DescribeInstanceRefreshesRequest : AutoScalingRequest<DescribeInstanceRefreshesResponse>
    {
        public string? AutoScalingGroupName { get; set; }
        public List<string>? InstanceRefreshIds { get; set; }
        public string? NextToken { get; set; }
        public int? MaxRecords { get; set; }
    }

    public sealed class DescribeInstanceRefreshesResponse
    {
        public List<InstanceRefresh>? InstanceRefreshes { get; set; }
        public string? NextToken { get; set; }
    }

    public sealed class InstanceRefresh
    {
        public string? InstanceRefreshId { get; set; }
        public string? AutoScalingGroupName { get; set; }
        /// <summary>Pending, InProgress, Successful, Failed, Cancelling, Cancelled, RollbackInProgress, RollbackFailed,
        /// RollbackSuccessful, Baking.</summary>
        public string? Status { get; set; }
        public string? StatusReason { get; set; }
        public DateTime? StartTime { get; set; }
        public DateTime? EndTime { get; set; }
        public int? PercentageComplete { get; set; }
        public int? InstancesToUpdate { get; set; }
        public RefreshPreferences? Preferences { get; set; }
        public string? Strategy { get; set; }
    }
}
