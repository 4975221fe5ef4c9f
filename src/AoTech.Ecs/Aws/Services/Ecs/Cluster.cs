using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Ecs
{
    /// <summary>Creates a new Amazon ECS cluster.</summary>
    [AwsOperation("CreateCluster")]
    public sealed class CreateClusterRequest : EcsRequest<CreateClusterResponse>
    {
        public string? ClusterName { get; set; }
        public List<Tag>? Tags { get; set; }
        public List<ClusterSetting>? Settings { get; set; }
        public ClusterConfiguration? Configuration { get; set; }
        public List<string>? CapacityProviders { get; set; }
        public List<CapacityProviderStrategyItem>? DefaultCapacityProviderStrategy { get; set; }
        public ClusterServiceConnectDefaultsRequest? ServiceConnectDefaults { get; set; }
    }

    public sealed class CreateClusterResponse
    {
        public Cluster? Cluster { get; set; }
    }

    /// <summary>Describes one or more of your clusters.</summary>
    [AwsOperation("DescribeClusters")]
    public sealed class DescribeClustersRequest : EcsRequest<DescribeClustersResponse>
    {
        public List<string>? Clusters { get; set; }
        public List<string>? Include { get; set; }
    }

    public sealed class DescribeClustersResponse
    {
        public List<Cluster>? Clusters { get; set; }
        public List<Failure>? Failures { get; set; }
    }

    /// <summary>Modifies the available capacity providers and the default capacity provider strategy for a cluster.</summary>
    [AwsOperation("PutClusterCapacityProviders")]
    public sealed class PutClusterCapacityProvidersRequest : EcsRequest<PutClusterCapacityProvidersResponse>
    {
        public string? Cluster { get; set; }
        public List<string>? CapacityProviders { get; set; }
        public List<CapacityProviderStrategyItem>? DefaultCapacityProviderStrategy { get; set; }
    }

    public sealed class PutClusterCapacityProvidersResponse
    {
        public Cluster? Cluster { get; set; }
    }

    /// <summary>Deletes the specified cluster.</summary>
    [AwsOperation("DeleteCluster")]
    public sealed class DeleteClusterRequest : EcsRequest<DeleteClusterResponse>
    {
        public string? Cluster { get; set; }
    }

    public sealed class DeleteClusterResponse
    {
        public Cluster? Cluster { get; set; }
    }

    public sealed class ClusterSetting
    {
        public string? Name { get; set; } // containerInsights
        public string? Value { get; set; }
    }

    public sealed class ClusterConfiguration
    {
        public ExecuteCommandConfiguration? ExecuteCommandConfiguration { get; set; }
        public ManagedStorageConfiguration? ManagedStorageConfiguration { get; set; }
    }

    public sealed class ExecuteCommandConfiguration
    {
        public string? KmsKeyId { get; set; }
        public string? Logging { get; set; } // NONE | DEFAULT | OVERRIDE
        public ExecuteCommandLogConfiguration? LogConfiguration { get; set; }
    }

    public sealed class ExecuteCommandLogConfiguration
    {
        public string? CloudWatchLogGroupName { get; set; }
        public bool? CloudWatchEncryptionEnabled { get; set; }
        public string? S3BucketName { get; set; }
        public bool? S3EncryptionEnabled { get; set; }
        public string? S3KeyPrefix { get; set; }
    }

    public sealed class ManagedStorageConfiguration
    {
        public string? KmsKeyId { get; set; }
        public string? FargateEphemeralStorageKmsKeyId { get; set; }
    }

    public sealed class ClusterServiceConnectDefaultsRequest
    {
        public string? Namespace { get; set; }
    }

    public sealed class Cluster
    {
        public string? ClusterArn { get; set; }
        public string? ClusterName { get; set; }
        public ClusterConfiguration? Configuration { get; set; }
        public string? Status { get; set; }
        public int? RegisteredContainerInstancesCount { get; set; }
        public int? RunningTasksCount { get; set; }
        public int? PendingTasksCount { get; set; }
        public int? ActiveServicesCount { get; set; }
        public List<KeyValuePair>? Statistics { get; set; }
        public List<Tag>? Tags { get; set; }
        public List<ClusterSetting>? Settings { get; set; }
        public List<string>? CapacityProviders { get; set; }
        public List<CapacityProviderStrategyItem>? DefaultCapacityProviderStrategy { get; set; }
        public List<Attachment>? Attachments { get; set; }
        public string? AttachmentsStatus { get; set; }
        public ClusterServiceConnectDefaults? ServiceConnectDefaults { get; set; }
    }

    public sealed class ClusterServiceConnectDefaults
    {
        public string? Namespace { get; set; }
    }
}
