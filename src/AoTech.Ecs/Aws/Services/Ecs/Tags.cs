using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Ecs
{
    /// <summary>List the tags for an Amazon ECS resource.</summary>
    [AwsOperation("ListTagsForResource")]
    public sealed class ListTagsForResourceRequest : EcsRequest<ListTagsForResourceResponse>
    {
        public string? ResourceArn { get; set; }
    }

    public sealed class ListTagsForResourceResponse
    {
        public List<Tag>? Tags { get; set; }
    }

    public sealed class Tag
    {
        public string? Key { get; set; }
        public string? Value { get; set; }
    }
}
