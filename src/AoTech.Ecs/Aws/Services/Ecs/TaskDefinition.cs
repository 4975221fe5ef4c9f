using System;
using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Ecs
{
    /// <summary>Registers a new revision of a task definition family.</summary>
    [AwsOperation("RegisterTaskDefinition")]
    public sealed class RegisterTaskDefinitionRequest : EcsRequest<RegisterTaskDefinitionResponse>
    {
        public string? Family { get; set; }
        public string? TaskRoleArn { get; set; }
        public string? ExecutionRoleArn { get; set; }
        public string? NetworkMode { get; set; } // bridge | host | awsvpc | none
        public List<ContainerDefinition>? ContainerDefinitions { get; set; }
        public List<Volume>? Volumes { get; set; }
        public List<TaskDefinitionPlacementConstraint>? PlacementConstraints { get; set; }
        public List<string>? RequiresCompatibilities { get; set; }
        public string? Cpu { get; set; }
        public string? Memory { get; set; }
        public List<Tag>? Tags { get; set; }
        public string? PidMode { get; set; } // host | task
        public string? IpcMode { get; set; } // host | task | none
        public ProxyConfiguration? ProxyConfiguration { get; set; }
        public List<InferenceAccelerator>? InferenceAccelerators { get; set; }
        public EphemeralStorage? EphemeralStorage { get; set; }
        public RuntimePlatform? RuntimePlatform { get; set; }
        public bool? EnableFaultInjection { get; set; }
    }

    public sealed class RegisterTaskDefinitionResponse
    {
        public TaskDefinition? TaskDefinition { get; set; }
        public List<Tag>? Tags { get; set; }
    }

    /// <summary>Describes a task definition.</summary>
    [AwsOperation("DescribeTaskDefinition")]
    public sealed class DescribeTaskDefinitionRequest : EcsRequest<DescribeTaskDefinitionResponse>
    {
        public string? TaskDefinition { get; set; }
        public List<string>? Include { get; set; }
    }

    public sealed class DescribeTaskDefinitionResponse
    {
        public TaskDefinition? TaskDefinition { get; set; }
        public List<Tag>? Tags { get; set; }
    }

    /// <summary>Returns a list of task definitions that are registered to your account.</summary>
    [AwsOperation("ListTaskDefinitions")]
    public sealed class ListTaskDefinitionsRequest : EcsRequest<ListTaskDefinitionsResponse>
    {
        public string? FamilyPrefix { get; set; }
        public string? Status { get; set; } // ACTIVE | INACTIVE | DELETE_IN_PROGRESS
        public string? Sort { get; set; } // ASC | DESC
        public string? NextToken { get; set; }
        public int? MaxResults { get; set; }
    }

    public sealed class ListTaskDefinitionsResponse
    {
        public List<string>? TaskDefinitionArns { get; set; }
        public string? NextToken { get; set; }
    }

    /// <summary>Deregisters the specified task definition by family and revision.</summary>
    [AwsOperation("DeregisterTaskDefinition")]
    public sealed class DeregisterTaskDefinitionRequest : EcsRequest<DeregisterTaskDefinitionResponse>
    {
        public string? TaskDefinition { get; set; }
    }

    public sealed class DeregisterTaskDefinitionResponse
    {
        public TaskDefinition? TaskDefinition { get; set; }
    }

    /// <summary>Deletes one or more task definitions.</summary>
    [AwsOperation("DeleteTaskDefinitions")]
    public sealed class DeleteTaskDefinitionsRequest : EcsRequest<DeleteTaskDefinitionsResponse>
    {
        public List<string>? TaskDefinitions { get; set; }
    }

    public sealed class DeleteTaskDefinitionsResponse
    {
        public List<TaskDefinition>? TaskDefinitions { get; set; }
        public List<Failure>? Failures { get; set; }
    }

    public sealed class ContainerDefinition
    {
        public string? Name { get; set; }
        public string? Image { get; set; }
        public RepositoryCredentials? RepositoryCredentials { get; set; }
        public int? Cpu { get; set; }
        public int? Memory { get; set; }
        public int? MemoryReservation { get; set; }
        public List<string>? Links { get; set; }
        public List<PortMapping>? PortMappings { get; set; }
        public bool? Essential { get; set; }
        public ContainerRestartPolicy? RestartPolicy { get; set; }
        public List<string>? EntryPoint { get; set; }
        public List<string>? Command { get; set; }
        public List<KeyValuePair>? Environment { get; set; }
        public List<EnvironmentFile>? EnvironmentFiles { get; set; }
        public List<MountPoint>? MountPoints { get; set; }
        public List<VolumeFrom>? VolumesFrom { get; set; }
        public LinuxParameters? LinuxParameters { get; set; }
        public List<Secret>? Secrets { get; set; }
        public List<ContainerDependency>? DependsOn { get; set; }
        public int? StartTimeout { get; set; }
        public int? StopTimeout { get; set; }
        public string? VersionConsistency { get; set; } // enabled | disabled
        public string? Hostname { get; set; }
        public string? User { get; set; }
        public string? WorkingDirectory { get; set; }
        public bool? DisableNetworking { get; set; }
        public bool? Privileged { get; set; }
        public bool? ReadonlyRootFilesystem { get; set; }
        public List<string>? DnsServers { get; set; }
        public List<string>? DnsSearchDomains { get; set; }
        public List<HostEntry>? ExtraHosts { get; set; }
        public List<string>? DockerSecurityOptions { get; set; }
        public bool? Interactive { get; set; }
        public bool? PseudoTerminal { get; set; }
        public Dictionary<string, string>? DockerLabels { get; set; }
        public List<Ulimit>? Ulimits { get; set; }
        public LogConfiguration? LogConfiguration { get; set; }
        public HealthCheck? HealthCheck { get; set; }
        public List<SystemControl>? SystemControls { get; set; }
        public List<ResourceRequirement>? ResourceRequirements { get; set; }
        public FirelensConfiguration? FirelensConfiguration { get; set; }
        public List<string>? CredentialSpecs { get; set; }
    }

    public sealed class RepositoryCredentials
    {
        public string? CredentialsParameter { get; set; }
    }

    public sealed class PortMapping
    {
        public int? ContainerPort { get; set; }
        public int? HostPort { get; set; }
        public string? Protocol { get; set; } // tcp | udp
        public string? Name { get; set; }
        public string? AppProtocol { get; set; } // http | http2 | grpc
        public string? ContainerPortRange { get; set; }
    }

    public sealed class ContainerRestartPolicy
    {
        public bool? Enabled { get; set; }
        public List<int>? IgnoredExitCodes { get; set; }
        public int? RestartAttemptPeriod { get; set; }
    }

    public sealed class MountPoint
    {
        public string? SourceVolume { get; set; }
        public string? ContainerPath { get; set; }
        public bool? ReadOnly { get; set; }
    }

    public sealed class VolumeFrom
    {
        public string? SourceContainer { get; set; }
        public bool? ReadOnly { get; set; }
    }

    public sealed class LinuxParameters
    {
        public KernelCapabilities? Capabilities { get; set; }
        public List<Device>? Devices { get; set; }
        public bool? InitProcessEnabled { get; set; }
        public int? SharedMemorySize { get; set; }
        public List<Tmpfs>? Tmpfs { get; set; }
        public int? MaxSwap { get; set; }
        public int? Swappiness { get; set; }
    }

    public sealed class KernelCapabilities
    {
        public List<string>? Add { get; set; }
        public List<string>? Drop { get; set; }
    }

    public sealed class Device
    {
        public string? HostPath { get; set; }
        public string? ContainerPath { get; set; }
        public List<string>? Permissions { get; set; }
    }

    public sealed class Tmpfs
    {
        public string? ContainerPath { get; set; }
        public int? Size { get; set; }
        public List<string>? MountOptions { get; set; }
    }

    public sealed class ContainerDependency
    {
        public string? ContainerName { get; set; }
        public string? Condition { get; set; } // START | COMPLETE | SUCCESS | HEALTHY
    }

    public sealed class HostEntry
    {
        public string? Hostname { get; set; }
        public string? IpAddress { get; set; }
    }

    public sealed class Ulimit
    {
        public string? Name { get; set; }
        public int? SoftLimit { get; set; }
        public int? HardLimit { get; set; }
    }

    public sealed class HealthCheck
    {
        public List<string>? Command { get; set; }
        public int? Interval { get; set; }
        public int? Timeout { get; set; }
        public int? Retries { get; set; }
        public int? StartPeriod { get; set; }
    }

    public sealed class SystemControl
    {
        public string? Namespace { get; set; }
        public string? Value { get; set; }
    }

    public sealed class FirelensConfiguration
    {
        public string? Type { get; set; } // fluentd | fluentbit
        public Dictionary<string, string>? Options { get; set; }
    }

    public sealed class Volume
    {
        public string? Name { get; set; }
        public HostVolumeProperties? Host { get; set; }
        public DockerVolumeConfiguration? DockerVolumeConfiguration { get; set; }
        public EFSVolumeConfiguration? EfsVolumeConfiguration { get; set; }
        public S3FilesVolumeConfiguration? S3filesVolumeConfiguration { get; set; }
        public FSxWindowsFileServerVolumeConfiguration? FsxWindowsFileServerVolumeConfiguration { get; set; }
        public bool? ConfiguredAtLaunch { get; set; }
    }

    public sealed class HostVolumeProperties
    {
        public string? SourcePath { get; set; }
    }

    public sealed class DockerVolumeConfiguration
    {
        public string? Scope { get; set; } // task | shared
        public bool? Autoprovision { get; set; }
        public string? Driver { get; set; }
        public Dictionary<string, string>? DriverOpts { get; set; }
        public Dictionary<string, string>? Labels { get; set; }
    }

    public sealed class EFSVolumeConfiguration
    {
        public string? FileSystemId { get; set; }
        public string? RootDirectory { get; set; }
        public string? TransitEncryption { get; set; } // ENABLED | DISABLED
        public int? TransitEncryptionPort { get; set; }
        public EFSAuthorizationConfig? AuthorizationConfig { get; set; }
    }

    public sealed class EFSAuthorizationConfig
    {
        public string? AccessPointId { get; set; }
        public string? Iam { get; set; } // ENABLED | DISABLED
    }

    public sealed class S3FilesVolumeConfiguration
    {
        public string? FileSystemArn { get; set; }
        public string? RootDirectory { get; set; }
        public int? TransitEncryptionPort { get; set; }
        public string? AccessPointArn { get; set; }
    }

    public sealed class FSxWindowsFileServerVolumeConfiguration
    {
        public string? FileSystemId { get; set; }
        public string? RootDirectory { get; set; }
        public FSxWindowsFileServerAuthorizationConfig? AuthorizationConfig { get; set; }
    }

    public sealed class FSxWindowsFileServerAuthorizationConfig
    {
        public string? CredentialsParameter { get; set; }
        public string? Domain { get; set; }
    }

    public sealed class TaskDefinitionPlacementConstraint
    {
        public string? Type { get; set; } // memberOf
        public string? Expression { get; set; }
    }

    public sealed class ProxyConfiguration
    {
        public string? Type { get; set; } // APPMESH
        public string? ContainerName { get; set; }
        public List<KeyValuePair>? Properties { get; set; }
    }

    public sealed class RuntimePlatform
    {
        public string? CpuArchitecture { get; set; } // X86_64 | ARM64
        public string? OperatingSystemFamily { get; set; }
    }

    public sealed class TaskDefinition
    {
        public string? TaskDefinitionArn { get; set; }
        public List<ContainerDefinition>? ContainerDefinitions { get; set; }
        public string? Family { get; set; }
        public string? TaskRoleArn { get; set; }
        public string? ExecutionRoleArn { get; set; }
        public string? NetworkMode { get; set; } // bridge | host | awsvpc | none
        public int? Revision { get; set; }
        public List<Volume>? Volumes { get; set; }
        public string? Status { get; set; } // ACTIVE | INACTIVE | DELETE_IN_PROGRESS
        public List<EcsAttribute>? RequiresAttributes { get; set; }
        public List<TaskDefinitionPlacementConstraint>? PlacementConstraints { get; set; }
        public List<string>? Compatibilities { get; set; }
        public RuntimePlatform? RuntimePlatform { get; set; }
        public List<string>? RequiresCompatibilities { get; set; }
        public string? Cpu { get; set; }
        public string? Memory { get; set; }
        public List<InferenceAccelerator>? InferenceAccelerators { get; set; }
        public string? PidMode { get; set; } // host | task
        public string? IpcMode { get; set; } // host | task | none
        public ProxyConfiguration? ProxyConfiguration { get; set; }
        public DateTime? RegisteredAt { get; set; }
        public DateTime? DeregisteredAt { get; set; }
        public DateTime? DeleteRequestedAt { get; set; }
        public string? RegisteredBy { get; set; }
        public EphemeralStorage? EphemeralStorage { get; set; }
        public bool? EnableFaultInjection { get; set; }
    }
}
