using System;
using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Ecs
{
    /// <summary>Returns a list of tasks.</summary>
    [AwsOperation("ListTasks")]
    public sealed class ListTasksRequest : EcsRequest<ListTasksResponse>
    {
        public string? Cluster { get; set; }
        public string? ContainerInstance { get; set; }
        public string? Family { get; set; }
        public string? NextToken { get; set; }
        public int? MaxResults { get; set; }
        public string? StartedBy { get; set; }
        public string? ServiceName { get; set; }
        public string? DesiredStatus { get; set; } // RUNNING | PENDING | STOPPED
        public string? LaunchType { get; set; } // EC2 | FARGATE | EXTERNAL | MANAGED_INSTANCES
        public string? DaemonName { get; set; }
    }

    public sealed class ListTasksResponse
    {
        public List<string>? TaskArns { get; set; }
        public string? NextToken { get; set; }
    }

    /// <summary>Describes a specified task or tasks.</summary>
    [AwsOperation("DescribeTasks")]
    public sealed class DescribeTasksRequest : EcsRequest<DescribeTasksResponse>
    {
        public string? Cluster { get; set; }
        public List<string>? Tasks { get; set; }
        public List<string>? Include { get; set; }
    }

    public sealed class DescribeTasksResponse
    {
        public List<EcsTask>? Tasks { get; set; }
        public List<Failure>? Failures { get; set; }
    }

    /// <summary>Stops a running task.</summary>
    [AwsOperation("StopTask")]
    public sealed class StopTaskRequest : EcsRequest<StopTaskResponse>
    {
        public string? Cluster { get; set; }
        public string? Task { get; set; }
        public string? Reason { get; set; }
    }

    public sealed class StopTaskResponse
    {
        public EcsTask? Task { get; set; }
    }

    public sealed class EcsTask
    {
        public List<Attachment>? Attachments { get; set; }
        public List<EcsAttribute>? Attributes { get; set; }
        public string? AvailabilityZone { get; set; }
        public string? CapacityProviderName { get; set; }
        public string? ClusterArn { get; set; }
        public string? Connectivity { get; set; } // CONNECTED | DISCONNECTED
        public DateTime? ConnectivityAt { get; set; }
        public string? ContainerInstanceArn { get; set; }
        public List<Container>? Containers { get; set; }
        public string? Cpu { get; set; }
        public DateTime? CreatedAt { get; set; }
        public string? DesiredStatus { get; set; }
        public bool? EnableExecuteCommand { get; set; }
        public DateTime? ExecutionStoppedAt { get; set; }
        public string? Group { get; set; }
        public string? HealthStatus { get; set; } // HEALTHY | UNHEALTHY | UNKNOWN
        public List<InferenceAccelerator>? InferenceAccelerators { get; set; }
        public string? LastStatus { get; set; }
        public string? LaunchType { get; set; } // EC2 | FARGATE | EXTERNAL | MANAGED_INSTANCES
        public string? Memory { get; set; }
        public TaskOverride? Overrides { get; set; }
        public string? PlatformVersion { get; set; }
        public string? PlatformFamily { get; set; }
        public DateTime? PullStartedAt { get; set; }
        public DateTime? PullStoppedAt { get; set; }
        public DateTime? StartedAt { get; set; }
        public string? StartedBy { get; set; }
        public string? StopCode { get; set; }
        public DateTime? StoppedAt { get; set; }
        public string? StoppedReason { get; set; }
        public DateTime? StoppingAt { get; set; }
        public List<Tag>? Tags { get; set; }
        public string? TaskArn { get; set; }
        public string? TaskDefinitionArn { get; set; }
        public long? Version { get; set; }
        public EphemeralStorage? EphemeralStorage { get; set; }
        public TaskEphemeralStorage? FargateEphemeralStorage { get; set; }
    }

    public sealed class Container
    {
        public string? ContainerArn { get; set; }
        public string? TaskArn { get; set; }
        public string? Name { get; set; }
        public string? Image { get; set; }
        public string? ImageDigest { get; set; }
        public string? RuntimeId { get; set; }
        public string? LastStatus { get; set; }
        public int? ExitCode { get; set; }
        public string? Reason { get; set; }
        public List<NetworkBinding>? NetworkBindings { get; set; }
        public List<NetworkInterface>? NetworkInterfaces { get; set; }
        public string? HealthStatus { get; set; } // HEALTHY | UNHEALTHY | UNKNOWN
        public List<ManagedAgent>? ManagedAgents { get; set; }
        public string? Cpu { get; set; }
        public string? Memory { get; set; }
        public string? MemoryReservation { get; set; }
        public List<string>? GpuIds { get; set; }
    }

    public sealed class NetworkBinding
    {
        public string? BindIP { get; set; }
        public int? ContainerPort { get; set; }
        public int? HostPort { get; set; }
        public string? Protocol { get; set; } // tcp | udp
        public string? ContainerPortRange { get; set; }
        public string? HostPortRange { get; set; }
    }

    public sealed class NetworkInterface
    {
        public string? AttachmentId { get; set; }
        public string? PrivateIpv4Address { get; set; }
        public string? Ipv6Address { get; set; }
    }

    public sealed class ManagedAgent
    {
        public DateTime? LastStartedAt { get; set; }
        public string? Name { get; set; } // ExecuteCommandAgent
        public string? Reason { get; set; }
        public string? LastStatus { get; set; }
    }

    public sealed class TaskOverride
    {
        public List<ContainerOverride>? ContainerOverrides { get; set; }
        public string? Cpu { get; set; }
        public List<InferenceAcceleratorOverride>? InferenceAcceleratorOverrides { get; set; }
        public string? ExecutionRoleArn { get; set; }
        public string? Memory { get; set; }
        public string? TaskRoleArn { get; set; }
        public EphemeralStorage? EphemeralStorage { get; set; }
    }

    public sealed class ContainerOverride
    {
        public string? Name { get; set; }
        public List<string>? Command { get; set; }
        public List<KeyValuePair>? Environment { get; set; }
        public List<EnvironmentFile>? EnvironmentFiles { get; set; }
        public int? Cpu { get; set; }
        public int? Memory { get; set; }
        public int? MemoryReservation { get; set; }
        public List<ResourceRequirement>? ResourceRequirements { get; set; }
    }

    public sealed class InferenceAcceleratorOverride
    {
        public string? DeviceName { get; set; }
        public string? DeviceType { get; set; }
    }

    public sealed class TaskEphemeralStorage
    {
        public int? SizeInGiB { get; set; }
        public string? KmsKeyId { get; set; }
    }
}
