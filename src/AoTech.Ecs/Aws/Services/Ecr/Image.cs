using System;
using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Ecr
{
    /// <summary>Returns metadata about the images in a repository.</summary>
    [AwsOperation("DescribeImages")]
    public sealed class DescribeImagesRequest : EcrRequest<DescribeImagesResponse>
    {
        public string? RegistryId { get; set; }
        public string? RepositoryName { get; set; }
        public List<ImageIdentifier>? ImageIds { get; set; }
        public string? NextToken { get; set; }
        public int? MaxResults { get; set; }
        public DescribeImagesFilter? Filter { get; set; }
    }

    public sealed class DescribeImagesResponse
    {
        public List<ImageDetail>? ImageDetails { get; set; }
        public string? NextToken { get; set; }
    }

    /// <summary>Gets detailed information for an image.</summary>
    [AwsOperation("BatchGetImage")]
    public sealed class BatchGetImageRequest : EcrRequest<BatchGetImageResponse>
    {
        public string? RegistryId { get; set; }
        public string? RepositoryName { get; set; }
        public List<ImageIdentifier>? ImageIds { get; set; }
        public List<string>? AcceptedMediaTypes { get; set; }
    }

    public sealed class BatchGetImageResponse
    {
        public List<Image>? Images { get; set; }
        public List<ImageFailure>? Failures { get; set; }
    }

    /// <summary>Deletes a list of specified images within a repository.</summary>
    [AwsOperation("BatchDeleteImage")]
    public sealed class BatchDeleteImageRequest : EcrRequest<BatchDeleteImageResponse>
    {
        public string? RegistryId { get; set; }
        public string? RepositoryName { get; set; }
        public List<ImageIdentifier>? ImageIds { get; set; }
    }

    public sealed class BatchDeleteImageResponse
    {
        public List<ImageIdentifier>? ImageIds { get; set; }
        public List<ImageFailure>? Failures { get; set; }
    }

    /// <summary>Creates or updates the image manifest and tags associated with an image.</summary>
    [AwsOperation("PutImage")]
    public sealed class PutImageRequest : EcrRequest<PutImageResponse>
    {
        public string? RegistryId { get; set; }
        public string? RepositoryName { get; set; }
        public string? ImageManifest { get; set; }
        public string? ImageManifestMediaType { get; set; }
        public string? ImageTag { get; set; }
        public string? ImageDigest { get; set; }
    }

    public sealed class PutImageResponse
    {
        public Image? Image { get; set; }
    }

    public sealed class ImageIdentifier
    {
        public string? ImageDigest { get; set; }
        public string? ImageTag { get; set; }
    }

    public sealed class DescribeImagesFilter
    {
        public string? TagStatus { get; set; } // TAGGED | UNTAGGED | ANY
        public string? ImageStatus { get; set; } // ACTIVE | ARCHIVED | ACTIVATING | ANY
    }

    public sealed class ImageDetail
    {
        public string? RegistryId { get; set; }
        public string? RepositoryName { get; set; }
        public string? ImageDigest { get; set; }
        public List<string>? ImageTags { get; set; }
        public long? ImageSizeInBytes { get; set; }
        public DateTime? ImagePushedAt { get; set; }
        public ImageScanStatus? ImageScanStatus { get; set; }
        public ImageScanFindingsSummary? ImageScanFindingsSummary { get; set; }
        public string? ImageManifestMediaType { get; set; }
        public string? ArtifactMediaType { get; set; }
        public DateTime? LastRecordedPullTime { get; set; }
        public string? SubjectManifestDigest { get; set; }
        public string? ImageStatus { get; set; } // ACTIVE | ARCHIVED | ACTIVATING
        public DateTime? LastArchivedAt { get; set; }
        public DateTime? LastActivatedAt { get; set; }
    }

    public sealed class ImageScanStatus
    {
        public string? Status { get; set; }
        public string? Description { get; set; }
    }

    public sealed class ImageScanFindingsSummary
    {
        public DateTime? ImageScanCompletedAt { get; set; }
        public DateTime? VulnerabilitySourceUpdatedAt { get; set; }
        public Dictionary<string, int>? FindingSeverityCounts { get; set; }
    }

    public sealed class Image
    {
        public string? RegistryId { get; set; }
        public string? RepositoryName { get; set; }
        public ImageIdentifier? ImageId { get; set; }
        public string? ImageManifest { get; set; }
        public string? ImageManifestMediaType { get; set; }
    }

    public sealed class ImageFailure
    {
        public ImageIdentifier? ImageId { get; set; }
        public string? FailureCode { get; set; }
        public string? FailureReason { get; set; }
    }
}
