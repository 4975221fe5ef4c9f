using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Ecr
{
    /// <summary>Checks the availability of one or more image layers in a repository.</summary>
    [AwsOperation("BatchCheckLayerAvailability")]
    public sealed class BatchCheckLayerAvailabilityRequest : EcrRequest<BatchCheckLayerAvailabilityResponse>
    {
        public string? RegistryId { get; set; }
        public string? RepositoryName { get; set; }
        public List<string>? LayerDigests { get; set; }
    }

    public sealed class BatchCheckLayerAvailabilityResponse
    {
        public List<Layer>? Layers { get; set; }
        public List<LayerFailure>? Failures { get; set; }
    }

    /// <summary>Notifies Amazon ECR that you intend to upload an image layer.</summary>
    [AwsOperation("InitiateLayerUpload")]
    public sealed class InitiateLayerUploadRequest : EcrRequest<InitiateLayerUploadResponse>
    {
        public string? RegistryId { get; set; }
        public string? RepositoryName { get; set; }
    }

    public sealed class InitiateLayerUploadResponse
    {
        public string? UploadId { get; set; }
        public long? PartSize { get; set; }
    }

    /// <summary>Uploads an image layer part to Amazon ECR.</summary>
    [AwsOperation("UploadLayerPart")]
    public sealed class UploadLayerPartRequest : EcrRequest<UploadLayerPartResponse>
    {
        public string? RegistryId { get; set; }
        public string? RepositoryName { get; set; }
        public string? UploadId { get; set; }
        public long? PartFirstByte { get; set; }
        public long? PartLastByte { get; set; }
        public byte[]? LayerPartBlob { get; set; }
    }

    public sealed class UploadLayerPartResponse
    {
        public string? RegistryId { get; set; }
        public string? RepositoryName { get; set; }
        public string? UploadId { get; set; }
        public long? LastByteReceived { get; set; }
    }

    /// <summary>Informs Amazon ECR that the image layer upload has completed for a specified registry, repository name, and upload ID.</summary>
    [AwsOperation("CompleteLayerUpload")]
    public sealed class CompleteLayerUploadRequest : EcrRequest<CompleteLayerUploadResponse>
    {
        public string? RegistryId { get; set; }
        public string? RepositoryName { get; set; }
        public string? UploadId { get; set; }
        public List<string>? LayerDigests { get; set; }
    }

    public sealed class CompleteLayerUploadResponse
    {
        public string? RegistryId { get; set; }
        public string? RepositoryName { get; set; }
        public string? UploadId { get; set; }
        public string? LayerDigest { get; set; }
    }

    public sealed class Layer
    {
        public string? LayerDigest { get; set; }
        public string? LayerAvailability { get; set; } // AVAILABLE | UNAVAILABLE | ARCHIVED
        public long? LayerSize { get; set; }
        public string? MediaType { get; set; }
    }

    public sealed class LayerFailure
    {
        public string? LayerDigest { get; set; }
        public string? FailureCode { get; set; } // InvalidLayerDigest | MissingLayerDigest
        public string? FailureReason { get; set; }
    }
}
