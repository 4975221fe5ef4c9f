using System;
using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Ecr
{
    /// <summary>Creates a repository.</summary>
    [AwsOperation("CreateRepository")]
    public sealed class CreateRepositoryRequest : EcrRequest<CreateRepositoryResponse>
    {
        public string? RegistryId { get; set; }
        public string? RepositoryName { get; set; }
        public List<Tag>? Tags { get; set; }
        public string? ImageTagMutability { get; set; }
        public List<ImageTagMutabilityExclusionFilter>? ImageTagMutabilityExclusionFilters { get; set; }
        public ImageScanningConfiguration? ImageScanningConfiguration { get; set; }
        public EncryptionConfiguration? EncryptionConfiguration { get; set; }
    }

    public sealed class CreateRepositoryResponse
    {
        public Repository? Repository { get; set; }
    }

    /// <summary>Describes image repositories in a registry.</summary>
    [AwsOperation("DescribeRepositories")]
    public sealed class DescribeRepositoriesRequest : EcrRequest<DescribeRepositoriesResponse>
    {
        public string? RegistryId { get; set; }
        public List<string>? RepositoryNames { get; set; }
        public string? NextToken { get; set; }
        public int? MaxResults { get; set; }
    }

    public sealed class DescribeRepositoriesResponse
    {
        public List<Repository>? Repositories { get; set; }
        public string? NextToken { get; set; }
    }

    /// <summary>Deletes a repository.</summary>
    [AwsOperation("DeleteRepository")]
    public sealed class DeleteRepositoryRequest : EcrRequest<DeleteRepositoryResponse>
    {
        public string? RegistryId { get; set; }
        public string? RepositoryName { get; set; }
        public bool? Force { get; set; }
    }

    public sealed class DeleteRepositoryResponse
    {
        public Repository? Repository { get; set; }
    }

    /// <summary>Creates or updates the lifecycle policy for the specified repository.</summary>
    [AwsOperation("PutLifecyclePolicy")]
    public sealed class PutLifecyclePolicyRequest : EcrRequest<PutLifecyclePolicyResponse>
    {
        public string? RegistryId { get; set; }
        public string? RepositoryName { get; set; }
        public string? LifecyclePolicyText { get; set; }
    }

    public sealed class PutLifecyclePolicyResponse
    {
        public string? RegistryId { get; set; }
        public string? RepositoryName { get; set; }
        public string? LifecyclePolicyText { get; set; }
    }

    public sealed class ImageTagMutabilityExclusionFilter
    {
        public string? FilterType { get; set; } // WILDCARD
        public string? Filter { get; set; }
    }

    public sealed class ImageScanningConfiguration
    {
        public bool? ScanOnPush { get; set; }
    }

    public sealed class EncryptionConfiguration
    {
        public string? EncryptionType { get; set; } // AES256 | KMS | KMS_DSSE
        public string? KmsKey { get; set; }
    }

    public sealed class Repository
    {
        public string? RepositoryArn { get; set; }
        public string? RegistryId { get; set; }
        public string? RepositoryName { get; set; }
        public string? RepositoryUri { get; set; }
        public DateTime? CreatedAt { get; set; }
        public string? ImageTagMutability { get; set; }
        public List<ImageTagMutabilityExclusionFilter>? ImageTagMutabilityExclusionFilters { get; set; }
        public ImageScanningConfiguration? ImageScanningConfiguration { get; set; }
        public EncryptionConfiguration? EncryptionConfiguration { get; set; }
    }
}
