using System;
using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.AutoScaling
{
    /// <summary>Gets information about the scaling activities in the account and Region.</summary>
    [AwsOperation("DescribeScalingActivities")]
    public sealed class DescribeScalingActivitiesRequest : AutoScalingRequest<DescribeScalingActivitiesResponse>
    {
        public List<string>? ActivityIds { get; set; }
        public string? AutoScalingGroupName { get; set; }
        public bool? IncludeDeletedGroups { get; set; }
        public int? MaxRecords { get; set; }
        public string? NextToken { get; set; }
        public List<Filter>? Filters { get; set; }
    }

    public sealed class DescribeScalingActivitiesResponse
    {
        public List<Activity>? Activities { get; set; }
        public string? NextToken { get; set; }
    }

    public sealed class Activity
    {
        public string? ActivityId { get; set; }
        public string? AutoScalingGroupName { get; set; }
        public string? Description { get; set; }
        public string? Cause { get; set; }
        public DateTime? StartTime { get; set; }
        public DateTime? EndTime { get; set; }
        public string? StatusCode { get; set; }
        public string? StatusMessage { get; set; }
        public int? Progress { get; set; }
        public string? Details { get; set; }
        public string? AutoScalingGroupState { get; set; }
        public string? AutoScalingGroupARN { get; set; }
    }
}
