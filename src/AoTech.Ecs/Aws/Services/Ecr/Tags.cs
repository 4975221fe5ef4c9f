using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Ecr
{
    /// <summary>List the tags for an Amazon ECR resource.</summary>
    [AwsOperation("ListTagsForResource")]
    public sealed class ListTagsForResourceRequest : EcrRequest<ListTagsForResourceResponse>
    {
        public string? ResourceArn { get; set; }
    }

    public sealed class ListTagsForResourceResponse
    {
        public List<Tag>? Tags { get; set; }
    }

    public sealed class Tag
    {
        [AwsMember("Key")] public string? Key { get; set; }
        [AwsMember("Value")] public string? Value { get; set; }
    }
}
