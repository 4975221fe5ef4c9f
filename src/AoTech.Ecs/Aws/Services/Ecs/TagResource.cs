using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Ecs
{
    /// <summary>Associates the specified tags to a resource with the specified resourceArn.</summary>
    [AwsOperation("TagResource")]
    public sealed class TagResourceRequest : EcsRequest<AwsEmptyResponse>
    {
        public string? ResourceArn { get; set; }
        public List<Tag>? Tags { get; set; }
    }

    /// <summary>Deletes specified tags from a resource.</summary>
    [AwsOperation("UntagResource")]
    public sealed class UntagResourceRequest : EcsRequest<AwsEmptyResponse>
    {
        public string? ResourceArn { get; set; }
        public List<string>? TagKeys { get; set; }
    }
}
