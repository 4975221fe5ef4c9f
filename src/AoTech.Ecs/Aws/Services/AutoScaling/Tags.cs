using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.AutoScaling
{
    /// <summary>Describes the specified tags.</summary>
    [AwsOperation("DescribeTags")]
    public sealed class DescribeTagsRequest : AutoScalingRequest<DescribeTagsResponse>
    {
        public List<Filter>? Filters { get; set; }
        public string? NextToken { get; set; }
        public int? MaxRecords { get; set; }
    }

    public sealed class DescribeTagsResponse
    {
        public List<TagDescription>? Tags { get; set; }
        public string? NextToken { get; set; }
    }

    public sealed class Tag
    {
        public string? ResourceId { get; set; }
        public string? ResourceType { get; set; }
        public string? Key { get; set; }
        public string? Value { get; set; }
        public bool? PropagateAtLaunch { get; set; }
    }

    public sealed class TagDescription
    {
        public string? ResourceId { get; set; }
        public string? ResourceType { get; set; }
        public string? Key { get; set; }
        public string? Value { get; set; }
        public bool? PropagateAtLaunch { get; set; }
    }
}
