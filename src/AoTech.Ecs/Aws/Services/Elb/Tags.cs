using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Elb
{
    /// <summary>Describes the tags for the specified Elastic Load Balancing resources.</summary>
    [AwsOperation("DescribeTags")]
    public sealed class DescribeTagsRequest : ElbRequest<DescribeTagsResponse>
    {
        public List<string>? ResourceArns { get; set; }
    }

    public sealed class DescribeTagsResponse
    {
        public List<TagDescription>? TagDescriptions { get; set; }
    }

    public sealed class Tag
    {
        public string? Key { get; set; }
        public string? Value { get; set; }
    }

    public sealed class TagDescription
    {
        public string? ResourceArn { get; set; }
        public List<Tag>? Tags { get; set; }
    }
}
