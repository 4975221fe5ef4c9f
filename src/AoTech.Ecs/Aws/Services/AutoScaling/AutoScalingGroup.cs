using System;
using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.AutoScaling
{
    /// <summary>Creates an Auto Scaling group.</summary>
    [AwsOperation("CreateAutoScalingGroup")]
    public sealed class CreateAutoScalingGroupRequest : AutoScalingRequest<AwsEmptyResponse>
    {
        public string? AutoScalingGroupName { get; set; }
        public string? LaunchConfigurationName { get; set; }
        public LaunchTemplateSpecification? LaunchTemplate { get; set; }
        public MixedInstancesPolicy? MixedInstancesPolicy { get; set; }
        public string? InstanceId { get; set; }
        public int? MinSize { get; set; }
        public int? MaxSize { get; set; }
        public int? DesiredCapacity { get; set; }
        public int? DefaultCooldown { get; set; }
        public List<string>? AvailabilityZones { get; set; }
        public List<string>? AvailabilityZoneIds { get; set; }
        public List<string>? LoadBalancerNames { get; set; }
        public List<string>? TargetGroupARNs { get; set; }
        public string? HealthCheckType { get; set; }
        public int? HealthCheckGracePeriod { get; set; }
        public string? PlacementGroup { get; set; }
        public string? VPCZoneIdentifier { get; set; }
        public List<string>? TerminationPolicies { get; set; }
        public bool? NewInstancesProtectedFromScaleIn { get; set; }
        public bool? CapacityRebalance { get; set; }
        public List<LifecycleHookSpecification>? LifecycleHookSpecificationList { get; set; }
        public string? DeletionProtection { get; set; } // none | prevent-force-deletion | prevent-all-deletion
        public List<Tag>? Tags { get; set; }
        public string? ServiceLinkedRoleARN { get; set; }
        public int? MaxInstanceLifetime { get; set; }
        public string? Context { get; set; }
        public string? DesiredCapacityType { get; set; }
        public int? DefaultInstanceWarmup { get; set; }
        public List<TrafficSourceIdentifier>? TrafficSources { get; set; }
        public InstanceMaintenancePolicy? InstanceMaintenancePolicy { get; set; }
        public AvailabilityZoneDistribution? AvailabilityZoneDistribution { get; set; }
        public AvailabilityZoneImpairmentPolicy? AvailabilityZoneImpairmentPolicy { get; set; }
        public bool? SkipZonalShiftValidation { get; set; }
        public CapacityReservationSpecification? CapacityReservationSpecification { get; set; }
        public InstanceLifecyclePolicy? InstanceLifecyclePolicy { get; set; }
    }

    /// <summary>Gets information about the Auto Scaling groups in the account and Region.</summary>
    [AwsOperation("DescribeAutoScalingGroups")]
    public sealed class DescribeAutoScalingGroupsRequest : AutoScalingRequest<DescribeAutoScalingGroupsResponse>
    {
        public List<string>? AutoScalingGroupNames { get; set; }
        public bool? IncludeInstances { get; set; }
        public string? NextToken { get; set; }
        public int? MaxRecords { get; set; }
        public List<Filter>? Filters { get; set; }
    }

    public sealed class DescribeAutoScalingGroupsResponse
    {
        public List<AutoScalingGroup>? AutoScalingGroups { get; set; }
        public string? NextToken { get; set; }
    }

    /// <summary>Updates the configuration of an Auto Scaling group.</summary>
    [AwsOperation("UpdateAutoScalingGroup")]
    public sealed class UpdateAutoScalingGroupRequest : AutoScalingRequest<AwsEmptyResponse>
    {
        public string? AutoScalingGroupName { get; set; }
        public string? LaunchConfigurationName { get; set; }
        public LaunchTemplateSpecification? LaunchTemplate { get; set; }
        public MixedInstancesPolicy? MixedInstancesPolicy { get; set; }
        public int? MinSize { get; set; }
        public int? MaxSize { get; set; }
        public int? DesiredCapacity { get; set; }
        public int? DefaultCooldown { get; set; }
        public List<string>? AvailabilityZones { get; set; }
        public List<string>? AvailabilityZoneIds { get; set; }
        public string? HealthCheckType { get; set; }
        public int? HealthCheckGracePeriod { get; set; }
        public string? PlacementGroup { get; set; }
        public string? VPCZoneIdentifier { get; set; }
        public List<string>? TerminationPolicies { get; set; }
        public bool? NewInstancesProtectedFromScaleIn { get; set; }
        public string? ServiceLinkedRoleARN { get; set; }
        public int? MaxInstanceLifetime { get; set; }
        public bool? CapacityRebalance { get; set; }
        public string? Context { get; set; }
        public string? DesiredCapacityType { get; set; }
        public int? DefaultInstanceWarmup { get; set; }
        public InstanceMaintenancePolicy? InstanceMaintenancePolicy { get; set; }
        public AvailabilityZoneDistribution? AvailabilityZoneDistribution { get; set; }
        public AvailabilityZoneImpairmentPolicy? AvailabilityZoneImpairmentPolicy { get; set; }
        public bool? SkipZonalShiftValidation { get; set; }
        public CapacityReservationSpecification? CapacityReservationSpecification { get; set; }
        public InstanceLifecyclePolicy? InstanceLifecyclePolicy { get; set; }
        public string? DeletionProtection { get; set; } // none | prevent-force-deletion | prevent-all-deletion
    }

    /// <summary>Updates the instance protection settings of the specified instances.</summary>
    [AwsOperation("SetInstanceProtection")]
    public sealed class SetInstanceProtectionRequest : AutoScalingRequest<AwsEmptyResponse>
    {
        public List<string>? InstanceIds { get; set; }
        public string? AutoScalingGroupName { get; set; }
        public bool? ProtectedFromScaleIn { get; set; }
    }

    /// <summary>Deletes the specified Auto Scaling group.</summary>
    [AwsOperation("DeleteAutoScalingGroup")]
    public sealed class DeleteAutoScalingGroupRequest : AutoScalingRequest<AwsEmptyResponse>
    {
        public string? AutoScalingGroupName { get; set; }
        public bool? ForceDelete { get; set; }
    }

    public sealed class LaunchTemplateSpecification
    {
        public string? LaunchTemplateId { get; set; }
        public string? LaunchTemplateName { get; set; }
        public string? Version { get; set; }
    }

    public sealed class MixedInstancesPolicy
    {
        public LaunchTemplate? LaunchTemplate { get; set; }
        public InstancesDistribution? InstancesDistribution { get; set; }
    }

    public sealed class LaunchTemplate
    {
        public LaunchTemplateSpecification? LaunchTemplateSpecification { get; set; }
        public List<LaunchTemplateOverrides>? Overrides { get; set; }
    }

    public sealed class LaunchTemplateOverrides
    {
        public string? InstanceType { get; set; }
        public string? WeightedCapacity { get; set; }
        public LaunchTemplateSpecification? LaunchTemplateSpecification { get; set; }
        public InstanceRequirements? InstanceRequirements { get; set; }
        public string? ImageId { get; set; }
    }

    public sealed class InstanceRequirements
    {
        public VCpuCountRequest? VCpuCount { get; set; }
        public MemoryMiBRequest? MemoryMiB { get; set; }
        public List<string>? CpuManufacturers { get; set; }
        public MemoryGiBPerVCpuRequest? MemoryGiBPerVCpu { get; set; }
        public List<string>? ExcludedInstanceTypes { get; set; }
        public List<string>? InstanceGenerations { get; set; }
        public int? SpotMaxPricePercentageOverLowestPrice { get; set; }
        public int? MaxSpotPriceAsPercentageOfOptimalOnDemandPrice { get; set; }
        public int? OnDemandMaxPricePercentageOverLowestPrice { get; set; }
        public string? BareMetal { get; set; } // included | excluded | required
        public string? BurstablePerformance { get; set; } // included | excluded | required
        public bool? RequireHibernateSupport { get; set; }
        public NetworkInterfaceCountRequest? NetworkInterfaceCount { get; set; }
        public string? LocalStorage { get; set; } // included | excluded | required
        public List<string>? LocalStorageTypes { get; set; }
        public TotalLocalStorageGBRequest? TotalLocalStorageGB { get; set; }
        public BaselineEbsBandwidthMbpsRequest? BaselineEbsBandwidthMbps { get; set; }
        public List<string>? AcceleratorTypes { get; set; }
        public AcceleratorCountRequest? AcceleratorCount { get; set; }
        public List<string>? AcceleratorManufacturers { get; set; }
        public List<string>? AcceleratorNames { get; set; }
        public AcceleratorTotalMemoryMiBRequest? AcceleratorTotalMemoryMiB { get; set; }
        public NetworkBandwidthGbpsRequest? NetworkBandwidthGbps { get; set; }
        public List<string>? AllowedInstanceTypes { get; set; }
        public BaselinePerformanceFactorsRequest? BaselinePerformanceFactors { get; set; }
    }

    public sealed class VCpuCountRequest
    {
        public int? Min { get; set; }
        public int? Max { get; set; }
    }

    public sealed class MemoryMiBRequest
    {
        public int? Min { get; set; }
        public int? Max { get; set; }
    }

    public sealed class MemoryGiBPerVCpuRequest
    {
        public double? Min { get; set; }
        public double? Max { get; set; }
    }

    public sealed class NetworkInterfaceCountRequest
    {
        public int? Min { get; set; }
        public int? Max { get; set; }
    }

    public sealed class TotalLocalStorageGBRequest
    {
        public double? Min { get; set; }
        public double? Max { get; set; }
    }

    public sealed class BaselineEbsBandwidthMbpsRequest
    {
        public int? Min { get; set; }
        public int? Max { get; set; }
    }

    public sealed class AcceleratorCountRequest
    {
        public int? Min { get; set; }
        public int? Max { get; set; }
    }

    public sealed class AcceleratorTotalMemoryMiBRequest
    {
        public int? Min { get; set; }
        public int? Max { get; set; }
    }

    public sealed class NetworkBandwidthGbpsRequest
    {
        public double? Min { get; set; }
        public double? Max { get; set; }
    }

    public sealed class BaselinePerformanceFactorsRequest
    {
        public CpuPerformanceFactorRequest? Cpu { get; set; }
    }

    public sealed class CpuPerformanceFactorRequest
    {
        [AwsMember(LocationName = "Reference", ListMemberName = "item")] public List<PerformanceFactorReferenceRequest>? References { get; set; }
    }

    public sealed class PerformanceFactorReferenceRequest
    {
        public string? InstanceFamily { get; set; }
    }

    public sealed class InstancesDistribution
    {
        public string? OnDemandAllocationStrategy { get; set; }
        public int? OnDemandBaseCapacity { get; set; }
        public int? OnDemandPercentageAboveBaseCapacity { get; set; }
        public string? SpotAllocationStrategy { get; set; }
        public int? SpotInstancePools { get; set; }
        public string? SpotMaxPrice { get; set; }
    }

    public sealed class LifecycleHookSpecification
    {
        public string? LifecycleHookName { get; set; }
        public string? LifecycleTransition { get; set; }
        public string? NotificationMetadata { get; set; }
        public int? HeartbeatTimeout { get; set; }
        public string? DefaultResult { get; set; }
        public string? NotificationTargetARN { get; set; }
        public string? RoleARN { get; set; }
    }

    public sealed class TrafficSourceIdentifier
    {
        public string? Identifier { get; set; }
        public string? Type { get; set; }
    }

    public sealed class InstanceMaintenancePolicy
    {
        public int? MinHealthyPercentage { get; set; }
        public int? MaxHealthyPercentage { get; set; }
    }

    public sealed class AvailabilityZoneDistribution
    {
        public string? CapacityDistributionStrategy { get; set; } // balanced-only | balanced-best-effort
    }

    public sealed class AvailabilityZoneImpairmentPolicy
    {
        public bool? ZonalShiftEnabled { get; set; }
        public string? ImpairedZoneHealthCheckBehavior { get; set; } // ReplaceUnhealthy | IgnoreUnhealthy
    }

    public sealed class CapacityReservationSpecification
    {
        public string? CapacityReservationPreference { get; set; }
        public CapacityReservationTarget? CapacityReservationTarget { get; set; }
    }

    public sealed class CapacityReservationTarget
    {
        public List<string>? CapacityReservationIds { get; set; }
        public List<string>? CapacityReservationResourceGroupArns { get; set; }
    }

    public sealed class InstanceLifecyclePolicy
    {
        public RetentionTriggers? RetentionTriggers { get; set; }
    }

    public sealed class RetentionTriggers
    {
        public string? TerminateHookAbandon { get; set; } // retain | terminate
    }

    public sealed class AutoScalingGroup
    {
        public string? AutoScalingGroupName { get; set; }
        public string? AutoScalingGroupARN { get; set; }
        public string? LaunchConfigurationName { get; set; }
        public LaunchTemplateSpecification? LaunchTemplate { get; set; }
        public MixedInstancesPolicy? MixedInstancesPolicy { get; set; }
        public int? MinSize { get; set; }
        public int? MaxSize { get; set; }
        public int? DesiredCapacity { get; set; }
        public int? PredictedCapacity { get; set; }
        public int? DefaultCooldown { get; set; }
        public List<string>? AvailabilityZones { get; set; }
        public List<string>? AvailabilityZoneIds { get; set; }
        public List<string>? LoadBalancerNames { get; set; }
        public List<string>? TargetGroupARNs { get; set; }
        public string? HealthCheckType { get; set; }
        public int? HealthCheckGracePeriod { get; set; }
        public List<Instance>? Instances { get; set; }
        public DateTime? CreatedTime { get; set; }
        public List<SuspendedProcess>? SuspendedProcesses { get; set; }
        public string? PlacementGroup { get; set; }
        public string? VPCZoneIdentifier { get; set; }
        public List<EnabledMetric>? EnabledMetrics { get; set; }
        public string? Status { get; set; }
        public List<TagDescription>? Tags { get; set; }
        public List<string>? TerminationPolicies { get; set; }
        public bool? NewInstancesProtectedFromScaleIn { get; set; }
        public string? ServiceLinkedRoleARN { get; set; }
        public int? MaxInstanceLifetime { get; set; }
        public bool? CapacityRebalance { get; set; }
        public WarmPoolConfiguration? WarmPoolConfiguration { get; set; }
        public int? WarmPoolSize { get; set; }
        public string? Context { get; set; }
        public string? DesiredCapacityType { get; set; }
        public int? DefaultInstanceWarmup { get; set; }
        public List<TrafficSourceIdentifier>? TrafficSources { get; set; }
        public InstanceMaintenancePolicy? InstanceMaintenancePolicy { get; set; }
        public string? DeletionProtection { get; set; } // none | prevent-force-deletion | prevent-all-deletion
        public AvailabilityZoneDistribution? AvailabilityZoneDistribution { get; set; }
        public AvailabilityZoneImpairmentPolicy? AvailabilityZoneImpairmentPolicy { get; set; }
        public CapacityReservationSpecification? CapacityReservationSpecification { get; set; }
        public InstanceLifecyclePolicy? InstanceLifecyclePolicy { get; set; }
    }

    public sealed class Instance
    {
        public string? InstanceId { get; set; }
        public string? InstanceType { get; set; }
        public string? AvailabilityZone { get; set; }
        public string? AvailabilityZoneId { get; set; }
        public string? LifecycleState { get; set; }
        public string? HealthStatus { get; set; }
        public string? LaunchConfigurationName { get; set; }
        public LaunchTemplateSpecification? LaunchTemplate { get; set; }
        public string? ImageId { get; set; }
        public bool? ProtectedFromScaleIn { get; set; }
        public string? WeightedCapacity { get; set; }
    }

    public sealed class SuspendedProcess
    {
        public string? ProcessName { get; set; }
        public string? SuspensionReason { get; set; }
    }

    public sealed class EnabledMetric
    {
        public string? Metric { get; set; }
        public string? Granularity { get; set; }
    }

    public sealed class WarmPoolConfiguration
    {
        public int? MaxGroupPreparedCapacity { get; set; }
        public int? MinSize { get; set; }
        public string? PoolState { get; set; } // Stopped | Running | Hibernated
        public string? Status { get; set; } // PendingDelete
        public InstanceReusePolicy? InstanceReusePolicy { get; set; }
    }

    public sealed class InstanceReusePolicy
    {
        public bool? ReuseOnScaleIn { get; set; }
    }
}
