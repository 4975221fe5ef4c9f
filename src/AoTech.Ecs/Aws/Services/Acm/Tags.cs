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

    public sealed class Tag
    {
        public string? Key { get; set; }
        public string? Value { get; set; }
    }
}
