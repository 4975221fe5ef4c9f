using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Logs
{
    /// <summary>Displays the tags associated with a CloudWatch Logs resource.</summary>
    [AwsOperation("ListTagsForResource")]
    public sealed class ListTagsForResourceRequest : LogsRequest<ListTagsForResourceResponse>
    {
        public string? ResourceArn { get; set; }
    }

    public sealed class ListTagsForResourceResponse
    {
        public Dictionary<string, string>? Tags { get; set; }
    }

    /// <summary>Lists the tags of a log group (older form of ListTagsForResource, on the path to deprecation).</summary>
    [AwsOperation("ListTagsLogGroup")]
    public sealed class ListTagsLogGroupRequest : LogsRequest<ListTagsLogGroupResponse>
    {
        public string? LogGroupName { get; set; }
    }

    public sealed class ListTagsLogGroupResponse
    {
        public Dictionary<string, string>? Tags { get; set; }
    }
}
