using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Route53
{
    /// <summary>Lists tags for one health check or hosted zone.</summary>
    [AwsOperation("ListTagsForResource", HttpMethod = "GET", RequestUri = "/2013-04-01/tags/{ResourceType}/{ResourceId}")]
    public sealed class ListTagsForResourceRequest : Route53Request<ListTagsForResourceResponse>
    {
        [AwsMember(Location = AwsLocation.Uri)] public string? ResourceType { get; set; } // healthcheck | hostedzone
        [AwsMember(Location = AwsLocation.Uri)] public string? ResourceId { get; set; }
    }

    public sealed class ListTagsForResourceResponse
    {
        public ResourceTagSet? ResourceTagSet { get; set; }
    }

    /// <summary>Adds, edits, or deletes tags for a health check or a hosted zone.</summary>
    [AwsOperation("ChangeTagsForResource", HttpMethod = "POST", RequestUri = "/2013-04-01/tags/{ResourceType}/{ResourceId}")]
    public sealed class ChangeTagsForResourceRequest : Route53Request<AwsEmptyResponse>
    {
        [AwsMember(Location = AwsLocation.Uri)] public string? ResourceType { get; set; } // healthcheck | hostedzone
        [AwsMember(Location = AwsLocation.Uri)] public string? ResourceId { get; set; }
        [AwsMember(ListMemberName = "Tag")] public List<Tag>? AddTags { get; set; }
        [AwsMember(ListMemberName = "Key")] public List<string>? RemoveTagKeys { get; set; }
    }

    public sealed class ResourceTagSet
    {
        public string? ResourceType { get; set; } // healthcheck | hostedzone
        public string? ResourceId { get; set; }
        [AwsMember(ListMemberName = "Tag")] public List<Tag>? Tags { get; set; }
    }

    public sealed class Tag
    {
        public string? Key { get; set; }
        public string? Value { get; set; }
    }
}
