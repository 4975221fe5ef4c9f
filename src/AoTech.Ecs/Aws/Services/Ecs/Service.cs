using System;
using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Ecs
{
    /// <summary>Creates a service that runs and maintains a desired number of tasks of a task definition.</summary>
    [AwsOperation("CreateService")]
    public sealed class CreateServiceRequest : EcsRequest<CreateServiceResponse>
    {
        public string? Cluster { get; set; }
        public string? ServiceName { get; set; }
        public string? TaskDefinition { get; set; }
        public string? AvailabilityZoneRebalancing { get; set; } // ENABLED | DISABLED
        public List<LoadBalancer>? LoadBalancers { get; set; }
        public List<ServiceRegistry>? ServiceRegistries { get; set; }
        public int? DesiredCount { get; set; }
        public string? ClientToken { get; set; }
        public string? LaunchType { get; set; } // EC2 | FARGATE | EXTERNAL | MANAGED_INSTANCES
        public List<CapacityProviderStrategyItem>? CapacityProviderStrategy { get; set; }
        public string? PlatformVersion { get; set; }
        public string? Role { get; set; }
        public DeploymentConfiguration? DeploymentConfiguration { get; set; }
        public List<PlacementConstraint>? PlacementConstraints { get; set; }
        public List<PlacementStrategy>? PlacementStrategy { get; set; }
        public NetworkConfiguration? NetworkConfiguration { get; set; }
        public int? HealthCheckGracePeriodSeconds { get; set; }
        public string? SchedulingStrategy { get; set; } // REPLICA | DAEMON
        public DeploymentController? DeploymentController { get; set; }
        public List<Tag>? Tags { get; set; }
        public bool? EnableECSManagedTags { get; set; }
        public string? PropagateTags { get; set; } // TASK_DEFINITION | SERVICE | NONE
        public bool? EnableExecuteCommand { get; set; }
        public ServiceConnectConfiguration? ServiceConnectConfiguration { get; set; }
        public List<ServiceVolumeConfiguration>? VolumeConfigurations { get; set; }
        public List<VpcLatticeConfiguration>? VpcLatticeConfigurations { get; set; }
    }

    public sealed class CreateServiceResponse
    {
        public Service? Service { get; set; }
    }

    /// <summary>Describes the specified services running in your cluster.</summary>
    [AwsOperation("DescribeServices")]
    public sealed class DescribeServicesRequest : EcsRequest<DescribeServicesResponse>
    {
        public string? Cluster { get; set; }
        public List<string>? Services { get; set; }
        public List<string>? Include { get; set; }
    }

    public sealed class DescribeServicesResponse
    {
        public List<Service>? Services { get; set; }
        public List<Failure>? Failures { get; set; }
    }

    /// <summary>Modifies the parameters of a service.</summary>
    [AwsOperation("UpdateService")]
    public sealed class UpdateServiceRequest : EcsRequest<UpdateServiceResponse>
    {
        public string? Cluster { get; set; }
        [AwsMember("service")] public string? ServiceName { get; set; }
        public int? DesiredCount { get; set; }
        public string? TaskDefinition { get; set; }
        public List<CapacityProviderStrategyItem>? CapacityProviderStrategy { get; set; }
        public DeploymentConfiguration? DeploymentConfiguration { get; set; }
        public string? AvailabilityZoneRebalancing { get; set; } // ENABLED | DISABLED
        public NetworkConfiguration? NetworkConfiguration { get; set; }
        public List<PlacementConstraint>? PlacementConstraints { get; set; }
        public List<PlacementStrategy>? PlacementStrategy { get; set; }
        public string? PlatformVersion { get; set; }
        public bool? ForceNewDeployment { get; set; }
        public int? HealthCheckGracePeriodSeconds { get; set; }
        public DeploymentController? DeploymentController { get; set; }
        public bool? EnableExecuteCommand { get; set; }
        public bool? EnableECSManagedTags { get; set; }
        public List<LoadBalancer>? LoadBalancers { get; set; }
        public string? PropagateTags { get; set; } // TASK_DEFINITION | SERVICE | NONE
        public List<ServiceRegistry>? ServiceRegistries { get; set; }
        public ServiceConnectConfiguration? ServiceConnectConfiguration { get; set; }
        public List<ServiceVolumeConfiguration>? VolumeConfigurations { get; set; }
        public List<VpcLatticeConfiguration>? VpcLatticeConfigurations { get; set; }
    }

    public sealed class UpdateServiceResponse
    {
        public Service? Service { get; set; }
    }

    /// <summary>Deletes a specified service within a cluster.</summary>
    [AwsOperation("DeleteService")]
    public sealed class DeleteServiceRequest : EcsRequest<DeleteServiceResponse>
    {
        public string? Cluster { get; set; }
        [AwsMember("service")] public string? ServiceName { get; set; }
        public bool? Force { get; set; }
    }

    public sealed class DeleteServiceResponse
    {
        public Service? Service { get; set; }
    }

    /// <summary>Returns a list of services.</summary>
    [AwsOperation("ListServices")]
    public sealed class ListServicesRequest : EcsRequest<ListServicesResponse>
    {
        public string? Cluster { get; set; }
        public string? NextToken { get; set; }
        public int? MaxResults { get; set; }
        public string? LaunchType { get; set; } // EC2 | FARGATE | EXTERNAL | MANAGED_INSTANCES
        public string? SchedulingStrategy { get; set; } // REPLICA | DAEMON
        public string? ResourceManagementType { get; set; } // CUSTOMER | ECS
    }

    public sealed class ListServicesResponse
    {
        public List<string>? ServiceArns { get; set; }
        public string? NextToken { get; set; }
    }

    public sealed class LoadBalancer
    {
        public string? TargetGroupArn { get; set; }
        public string? LoadBalancerName { get; set; }
        public string? ContainerName { get; set; }
        public int? ContainerPort { get; set; }
        public AdvancedConfiguration? AdvancedConfiguration { get; set; }
    }

    public sealed class AdvancedConfiguration
    {
        public string? AlternateTargetGroupArn { get; set; }
        public string? ProductionListenerRule { get; set; }
        public string? TestListenerRule { get; set; }
        public string? RoleArn { get; set; }
    }

    public sealed class ServiceRegistry
    {
        public string? RegistryArn { get; set; }
        public int? Port { get; set; }
        public string? ContainerName { get; set; }
        public int? ContainerPort { get; set; }
    }

    public sealed class DeploymentConfiguration
    {
        public DeploymentCircuitBreaker? DeploymentCircuitBreaker { get; set; }
        public int? MaximumPercent { get; set; }
        public int? MinimumHealthyPercent { get; set; }
        public DeploymentAlarms? Alarms { get; set; }
        public string? Strategy { get; set; } // ROLLING | BLUE_GREEN | LINEAR | CANARY
        public int? BakeTimeInMinutes { get; set; }
        public List<DeploymentLifecycleHook>? LifecycleHooks { get; set; }
        public LinearConfiguration? LinearConfiguration { get; set; }
        public CanaryConfiguration? CanaryConfiguration { get; set; }
    }

    public sealed class DeploymentCircuitBreaker
    {
        public bool? Enable { get; set; }
        public bool? Rollback { get; set; }
    }

    public sealed class DeploymentAlarms
    {
        public List<string>? AlarmNames { get; set; }
        public bool? Rollback { get; set; }
        public bool? Enable { get; set; }
    }

    public sealed class DeploymentLifecycleHook
    {
        public string? TargetType { get; set; } // AWS_LAMBDA | PAUSE
        public string? HookTargetArn { get; set; }
        public string? RoleArn { get; set; }
        public List<string>? LifecycleStages { get; set; }
        public HookDetails? HookDetails { get; set; }
        public DeploymentLifecycleHookTimeoutConfiguration? TimeoutConfiguration { get; set; }
    }

    public sealed class HookDetails
    {
    }

    public sealed class DeploymentLifecycleHookTimeoutConfiguration
    {
        public int? TimeoutInMinutes { get; set; }
        public string? Action { get; set; } // ROLLBACK | CONTINUE
    }

    public sealed class LinearConfiguration
    {
        public double? StepPercent { get; set; }
        public int? StepBakeTimeInMinutes { get; set; }
    }

    public sealed class CanaryConfiguration
    {
        public double? CanaryPercent { get; set; }
        public int? CanaryBakeTimeInMinutes { get; set; }
    }

    public sealed class PlacementConstraint
    {
        public string? Type { get; set; } // distinctInstance | memberOf
        public string? Expression { get; set; }
    }

    public sealed class PlacementStrategy
    {
        public string? Type { get; set; } // random | spread | binpack
        public string? Field { get; set; }
    }

    public sealed class NetworkConfiguration
    {
        public AwsVpcConfiguration? AwsvpcConfiguration { get; set; }
    }

    public sealed class AwsVpcConfiguration
    {
        public List<string>? Subnets { get; set; }
        public List<string>? SecurityGroups { get; set; }
        public string? AssignPublicIp { get; set; } // ENABLED | DISABLED
    }

    public sealed class DeploymentController
    {
        public string? Type { get; set; } // ECS | CODE_DEPLOY | EXTERNAL
    }

    public sealed class ServiceConnectConfiguration
    {
        public bool? Enabled { get; set; }
        public string? Namespace { get; set; }
        public List<ServiceConnectService>? Services { get; set; }
        public LogConfiguration? LogConfiguration { get; set; }
        public ServiceConnectAccessLogConfiguration? AccessLogConfiguration { get; set; }
    }

    public sealed class ServiceConnectService
    {
        public string? PortName { get; set; }
        public string? DiscoveryName { get; set; }
        public List<ServiceConnectClientAlias>? ClientAliases { get; set; }
        public int? IngressPortOverride { get; set; }
        public TimeoutConfiguration? Timeout { get; set; }
        public ServiceConnectTlsConfiguration? Tls { get; set; }
    }

    public sealed class ServiceConnectClientAlias
    {
        public int? Port { get; set; }
        public string? DnsName { get; set; }
        public ServiceConnectTestTrafficRules? TestTrafficRules { get; set; }
    }

    public sealed class ServiceConnectTestTrafficRules
    {
        public ServiceConnectTestTrafficHeaderRules? Header { get; set; }
    }

    public sealed class ServiceConnectTestTrafficHeaderRules
    {
        public string? Name { get; set; }
        public ServiceConnectTestTrafficHeaderMatchRules? Value { get; set; }
    }

    public sealed class ServiceConnectTestTrafficHeaderMatchRules
    {
        public string? Exact { get; set; }
    }

    public sealed class TimeoutConfiguration
    {
        public int? IdleTimeoutSeconds { get; set; }
        public int? PerRequestTimeoutSeconds { get; set; }
    }

    public sealed class ServiceConnectTlsConfiguration
    {
        public ServiceConnectTlsCertificateAuthority? IssuerCertificateAuthority { get; set; }
        public string? KmsKey { get; set; }
        public string? RoleArn { get; set; }
    }

    public sealed class ServiceConnectTlsCertificateAuthority
    {
        public string? AwsPcaAuthorityArn { get; set; }
    }

    public sealed class ServiceConnectAccessLogConfiguration
    {
        public string? Format { get; set; } // TEXT | JSON
        public string? IncludeQueryParameters { get; set; } // DISABLED | ENABLED
    }

    public sealed class ServiceVolumeConfiguration
    {
        public string? Name { get; set; }
        public ServiceManagedEBSVolumeConfiguration? ManagedEBSVolume { get; set; }
    }

    public sealed class ServiceManagedEBSVolumeConfiguration
    {
        public bool? Encrypted { get; set; }
        public string? KmsKeyId { get; set; }
        public string? VolumeType { get; set; }
        public int? SizeInGiB { get; set; }
        public string? SnapshotId { get; set; }
        public int? VolumeInitializationRate { get; set; }
        public int? Iops { get; set; }
        public int? Throughput { get; set; }
        public List<EBSTagSpecification>? TagSpecifications { get; set; }
        public string? RoleArn { get; set; }
        public string? FilesystemType { get; set; } // ext3 | ext4 | xfs | ntfs
    }

    public sealed class EBSTagSpecification
    {
        public string? ResourceType { get; set; } // volume
        public List<Tag>? Tags { get; set; }
        public string? PropagateTags { get; set; } // TASK_DEFINITION | SERVICE | NONE
    }

    public sealed class VpcLatticeConfiguration
    {
        public string? RoleArn { get; set; }
        public string? TargetGroupArn { get; set; }
        public string? PortName { get; set; }
    }

    public sealed class Service
    {
        public string? ServiceArn { get; set; }
        public string? ServiceName { get; set; }
        public string? ClusterArn { get; set; }
        public List<LoadBalancer>? LoadBalancers { get; set; }
        public List<ServiceRegistry>? ServiceRegistries { get; set; }
        public string? Status { get; set; }
        public int? DesiredCount { get; set; }
        public int? RunningCount { get; set; }
        public int? PendingCount { get; set; }
        public string? LaunchType { get; set; } // EC2 | FARGATE | EXTERNAL | MANAGED_INSTANCES
        public List<CapacityProviderStrategyItem>? CapacityProviderStrategy { get; set; }
        public string? PlatformVersion { get; set; }
        public string? PlatformFamily { get; set; }
        public string? TaskDefinition { get; set; }
        public DeploymentConfiguration? DeploymentConfiguration { get; set; }
        public List<TaskSet>? TaskSets { get; set; }
        public List<Deployment>? Deployments { get; set; }
        public string? RoleArn { get; set; }
        public List<ServiceEvent>? Events { get; set; }
        public DateTime? CreatedAt { get; set; }
        public string? CurrentServiceDeployment { get; set; }
        public List<ServiceCurrentRevisionSummary>? CurrentServiceRevisions { get; set; }
        public List<PlacementConstraint>? PlacementConstraints { get; set; }
        public List<PlacementStrategy>? PlacementStrategy { get; set; }
        public NetworkConfiguration? NetworkConfiguration { get; set; }
        public int? HealthCheckGracePeriodSeconds { get; set; }
        public string? SchedulingStrategy { get; set; } // REPLICA | DAEMON
        public DeploymentController? DeploymentController { get; set; }
        public List<Tag>? Tags { get; set; }
        public string? CreatedBy { get; set; }
        public bool? EnableECSManagedTags { get; set; }
        public string? PropagateTags { get; set; } // TASK_DEFINITION | SERVICE | NONE
        public bool? EnableExecuteCommand { get; set; }
        public string? AvailabilityZoneRebalancing { get; set; } // ENABLED | DISABLED
        public string? ResourceManagementType { get; set; } // CUSTOMER | ECS
    }

    public sealed class TaskSet
    {
        public string? Id { get; set; }
        public string? TaskSetArn { get; set; }
        public string? ServiceArn { get; set; }
        public string? ClusterArn { get; set; }
        public string? StartedBy { get; set; }
        public string? ExternalId { get; set; }
        public string? Status { get; set; }
        public string? TaskDefinition { get; set; }
        public int? ComputedDesiredCount { get; set; }
        public int? PendingCount { get; set; }
        public int? RunningCount { get; set; }
        public DateTime? CreatedAt { get; set; }
        public DateTime? UpdatedAt { get; set; }
        public string? LaunchType { get; set; } // EC2 | FARGATE | EXTERNAL | MANAGED_INSTANCES
        public List<CapacityProviderStrategyItem>? CapacityProviderStrategy { get; set; }
        public string? PlatformVersion { get; set; }
        public string? PlatformFamily { get; set; }
        public NetworkConfiguration? NetworkConfiguration { get; set; }
        public List<LoadBalancer>? LoadBalancers { get; set; }
        public List<ServiceRegistry>? ServiceRegistries { get; set; }
        public Scale? Scale { get; set; }
        public string? StabilityStatus { get; set; } // STEADY_STATE | STABILIZING
        public DateTime? StabilityStatusAt { get; set; }
        public List<Tag>? Tags { get; set; }
        public DeploymentEphemeralStorage? FargateEphemeralStorage { get; set; }
    }

    public sealed class Scale
    {
        public double? Value { get; set; }
        public string? Unit { get; set; } // PERCENT
    }

    public sealed class DeploymentEphemeralStorage
    {
        public string? KmsKeyId { get; set; }
    }

    public sealed class Deployment
    {
        public string? Id { get; set; }
        public string? Status { get; set; }
        public string? TaskDefinition { get; set; }
        public int? DesiredCount { get; set; }
        public int? PendingCount { get; set; }
        public int? RunningCount { get; set; }
        public int? FailedTasks { get; set; }
        public DateTime? CreatedAt { get; set; }
        public DateTime? UpdatedAt { get; set; }
        public List<CapacityProviderStrategyItem>? CapacityProviderStrategy { get; set; }
        public string? LaunchType { get; set; } // EC2 | FARGATE | EXTERNAL | MANAGED_INSTANCES
        public string? PlatformVersion { get; set; }
        public string? PlatformFamily { get; set; }
        public NetworkConfiguration? NetworkConfiguration { get; set; }
        public string? RolloutState { get; set; } // COMPLETED | FAILED | IN_PROGRESS
        public string? RolloutStateReason { get; set; }
        public ServiceConnectConfiguration? ServiceConnectConfiguration { get; set; }
        public List<ServiceConnectServiceResource>? ServiceConnectResources { get; set; }
        public List<ServiceVolumeConfiguration>? VolumeConfigurations { get; set; }
        public DeploymentEphemeralStorage? FargateEphemeralStorage { get; set; }
        public List<VpcLatticeConfiguration>? VpcLatticeConfigurations { get; set; }
    }

    public sealed class ServiceConnectServiceResource
    {
        public string? DiscoveryName { get; set; }
        public string? DiscoveryArn { get; set; }
    }

    public sealed class ServiceEvent
    {
        public string? Id { get; set; }
        public DateTime? CreatedAt { get; set; }
        public string? Message { get; set; }
    }

    public sealed class ServiceCurrentRevisionSummary
    {
        public string? Arn { get; set; }
        public int? RequestedTaskCount { get; set; }
        public int? RunningTaskCount { get; set; }
        public int? PendingTaskCount { get; set; }
    }

    public sealed class CreatedAt
    {
        public DateTime? Before { get; set; }
        public DateTime? After { get; set; }
    }

    public sealed class ServiceDeploymentBrief
    {
        public string? ServiceDeploymentArn { get; set; }
        public string? ServiceArn { get; set; }
        public string? ClusterArn { get; set; }
        public DateTime? StartedAt { get; set; }
        public DateTime? CreatedAt { get; set; }
        public DateTime? FinishedAt { get; set; }
        public string? TargetServiceRevisionArn { get; set; }
        public string? Status { get; set; }
        public string? StatusReason { get; set; }
    }

    public sealed class ServiceDeployment
    {
        public string? ServiceDeploymentArn { get; set; }
        public string? ServiceArn { get; set; }
        public string? ClusterArn { get; set; }
        public DateTime? CreatedAt { get; set; }
        public DateTime? StartedAt { get; set; }
        public DateTime? FinishedAt { get; set; }
        public DateTime? StoppedAt { get; set; }
        public DateTime? UpdatedAt { get; set; }
        public List<ServiceRevisionSummary>? SourceServiceRevisions { get; set; }
        public ServiceRevisionSummary? TargetServiceRevision { get; set; }
        public string? Status { get; set; }
        public string? StatusReason { get; set; }
        public string? LifecycleStage { get; set; }
        public List<DeploymentLifecycleHookDetail>? LifecycleHookDetails { get; set; }
        public DeploymentConfiguration? DeploymentConfiguration { get; set; }
        public Rollback? Rollback { get; set; }
        public ServiceDeploymentCircuitBreaker? DeploymentCircuitBreaker { get; set; }
        public ServiceDeploymentAlarms? Alarms { get; set; }
    }

    public sealed class ServiceRevisionSummary
    {
        public string? Arn { get; set; }
        public int? RequestedTaskCount { get; set; }
        public int? RunningTaskCount { get; set; }
        public int? PendingTaskCount { get; set; }
        public double? RequestedTestTrafficWeight { get; set; }
        public double? RequestedProductionTrafficWeight { get; set; }
    }

    public sealed class DeploymentLifecycleHookDetail
    {
        public string? HookId { get; set; }
        public string? TargetType { get; set; } // AWS_LAMBDA | PAUSE
        public string? TargetArn { get; set; }
        public string? Status { get; set; } // AWAITING_ACTION | IN_PROGRESS | SUCCEEDED | FAILED | TIMED_OUT
        public DateTime? ExpiresAt { get; set; }
        public string? TimeoutAction { get; set; } // ROLLBACK | CONTINUE
    }

    public sealed class Rollback
    {
        public string? Reason { get; set; }
        public DateTime? StartedAt { get; set; }
        public string? ServiceRevisionArn { get; set; }
    }

    public sealed class ServiceDeploymentCircuitBreaker
    {
        public string? Status { get; set; } // TRIGGERED | MONITORING | MONITORING_COMPLETE | DISABLED
        public int? FailureCount { get; set; }
        public int? Threshold { get; set; }
    }

    public sealed class ServiceDeploymentAlarms
    {
        public string? Status { get; set; } // TRIGGERED | MONITORING | MONITORING_COMPLETE | DISABLED
        public List<string>? AlarmNames { get; set; }
        public List<string>? TriggeredAlarmNames { get; set; }
    }
}
