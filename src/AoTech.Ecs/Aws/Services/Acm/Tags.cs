using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Acm
{
    /// <summary>Lists the tags that have been applied to the ACM certificate.</summary>
    [AwsOperation("ListTagsForCertificate")]
    public sealed class ListTagsForCertificateRequest : AcmRequest<ListTagsForCertificateResponse>
    {
        public string? CertificateArn { get; set; }
    }

    public sealed class ListTagsForCertificateResponse
    {
        public List<Tag>? Tags { get; set; }
    }

    /// <summary>Adds one or more tags to an ACM certificate.</summary>
    [AwsOperation("AddTagsToCertificate")]
    public sealed class AddTagsToCertificateRequest : AcmRequest<AwsEmptyResponse>
    {
        public string? CertificateArn { get; set; }
        public List<Tag>? Tags { get; set; }
    }

    /// <summary>Removes one or more tags from an ACM certificate (a tag given with a value goes only while it has that value).</summary>
    [AwsOperation("RemoveTagsFromCertificate")]
    public sealed class RemoveTagsFromCertificateRequest : AcmRequest<AwsEmptyResponse>
    {
        public string? CertificateArn { get; set; }
        public List<Tag>? Tags { get; set; }
    }

    public sealed class Tag
    {
        public string? Key { get; set; }
        public string? Value { get; set; }
    }
}
