using System;
using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Ecs
{
    /// <summary>Returns a list of container instances in a specified cluster.</summary>
    [AwsOperation("ListContainerInstances")]
    public sealed class ListContainerInstancesRequest : EcsRequest<ListContainerInstancesResponse>
    {
        public string? Cluster { get; set; }
        public string? Filter { get; set; }
        public string? NextToken { get; set; }
        public int? MaxResults { get; set; }
        public string? Status { get; set; } // ACTIVE | DRAINING | REGISTERING | DEREGISTERING | REGISTRATION_FAILED
    }

    public sealed class ListContainerInstancesResponse
    {
        public List<string>? ContainerInstanceArns { get; set; }
        public string? NextToken { get; set; }
    }

    /// <summary>Describes one or more container instances.</summary>
    [AwsOperation("DescribeContainerInstances")]
    public sealed class DescribeContainerInstancesRequest : EcsRequest<DescribeContainerInstancesResponse>
    {
        public string? Cluster { get; set; }
        public List<string>? ContainerInstances { get; set; }
        public List<string>? Include { get; set; }
    }

    public sealed class DescribeContainerInstancesResponse
    {
        public List<ContainerInstance>? ContainerInstances { get; set; }
        public List<Failure>? Failures { get; set; }
    }

    /// <summary>Deregisters an Amazon ECS container instance from the specified cluster.</summary>
    [AwsOperation("DeregisterContainerInstance")]
    public sealed class DeregisterContainerInstanceRequest : EcsRequest<DeregisterContainerInstanceResponse>
    {
        public string? Cluster { get; set; }
        public string? ContainerInstance { get; set; }
        public bool? Force { get; set; }
    }

    public sealed class DeregisterContainerInstanceResponse
    {
        public ContainerInstance? ContainerInstance { get; set; }
    }

    public sealed class ContainerInstance
    {
        public string? ContainerInstanceArn { get; set; }
        public string? Ec2InstanceId { get; set; }
        public string? CapacityProviderName { get; set; }
        public long? Version { get; set; }
        public VersionInfo? VersionInfo { get; set; }
        public List<Resource>? RemainingResources { get; set; }
        public List<Resource>? RegisteredResources { get; set; }
        public string? Status { get; set; }
        public string? StatusReason { get; set; }
        public bool? AgentConnected { get; set; }
        public int? RunningTasksCount { get; set; }
        public int? PendingTasksCount { get; set; }
        public string? AgentUpdateStatus { get; set; } // PENDING | STAGING | STAGED | UPDATING | UPDATED | FAILED
        public List<EcsAttribute>? Attributes { get; set; }
        public DateTime? RegisteredAt { get; set; }
        public List<Attachment>? Attachments { get; set; }
        public List<Tag>? Tags { get; set; }
        public ContainerInstanceHealthStatus? HealthStatus { get; set; }
    }

    public sealed class VersionInfo
    {
        public string? AgentVersion { get; set; }
        public string? AgentHash { get; set; }
        public string? DockerVersion { get; set; }
    }

    public sealed class Resource
    {
        public string? Name { get; set; }
        public string? Type { get; set; }
        public double? DoubleValue { get; set; }
        public long? LongValue { get; set; }
        public int? IntegerValue { get; set; }
        public List<string>? StringSetValue { get; set; }
    }

    public sealed class ContainerInstanceHealthStatus
    {
        public string? OverallStatus { get; set; } // OK | IMPAIRED | INSUFFICIENT_DATA | INITIALIZING
        public List<InstanceHealthCheckResult>? Details { get; set; }
    }

    public sealed class InstanceHealthCheckResult
    {
        public string? Type { get; set; } // CONTAINER_RUNTIME | ACCELERATED_COMPUTE | DAEMON
        public string? Status { get; set; } // OK | IMPAIRED | INSUFFICIENT_DATA | INITIALIZING
        public string? StatusReason { get; set; }
        public DateTime? LastUpdated { get; set; }
        public DateTime? LastStatusChange { get; set; }
    }
}
