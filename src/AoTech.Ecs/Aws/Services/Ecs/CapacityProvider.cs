using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Ecs
{
    /// <summary>Creates a capacity provider.</summary>
    [AwsOperation("CreateCapacityProvider")]
    public sealed class CreateCapacityProviderRequest : EcsRequest<CreateCapacityProviderResponse>
    {
        public string? Name { get; set; }
        public string? Cluster { get; set; }
        public AutoScalingGroupProvider? AutoScalingGroupProvider { get; set; }
        public CreateManagedInstancesProviderConfiguration? ManagedInstancesProvider { get; set; }
        public List<Tag>? Tags { get; set; }
    }

    public sealed class CreateCapacityProviderResponse
    {
        public CapacityProvider? CapacityProvider { get; set; }
    }

    /// <summary>Describes one or more of your capacity providers.</summary>
    [AwsOperation("DescribeCapacityProviders")]
    public sealed class DescribeCapacityProvidersRequest : EcsRequest<DescribeCapacityProvidersResponse>
    {
        public List<string>? CapacityProviders { get; set; }
        public string? Cluster { get; set; }
        public List<string>? Include { get; set; }
        public int? MaxResults { get; set; }
        public string? NextToken { get; set; }
    }

    public sealed class DescribeCapacityProvidersResponse
    {
        public List<CapacityProvider>? CapacityProviders { get; set; }
        public List<Failure>? Failures { get; set; }
        public string? NextToken { get; set; }
    }

    /// <summary>Deletes the specified capacity provider.</summary>
    [AwsOperation("DeleteCapacityProvider")]
    public sealed class DeleteCapacityProviderRequest : EcsRequest<DeleteCapacityProviderResponse>
    {
        public string? CapacityProvider { get; set; }
        public string? Cluster { get; set; }
    }

    public sealed class DeleteCapacityProviderResponse
    {
        public CapacityProvider? CapacityProvider { get; set; }
    }

    public sealed class AutoScalingGroupProvider
    {
        public string? AutoScalingGroupArn { get; set; }
        public ManagedScaling? ManagedScaling { get; set; }
        public string? ManagedTerminationProtection { get; set; } // ENABLED | DISABLED
        public string? ManagedDraining { get; set; } // ENABLED | DISABLED
    }

    public sealed class ManagedScaling
    {
        public string? Status { get; set; } // ENABLED | DISABLED
        public int? TargetCapacity { get; set; }
        public int? MinimumScalingStepSize { get; set; }
        public int? MaximumScalingStepSize { get; set; }
        public int? InstanceWarmupPeriod { get; set; }
    }

    public sealed class CreateManagedInstancesProviderConfiguration
    {
        public string? InfrastructureRoleArn { get; set; }
        public InstanceLaunchTemplate? InstanceLaunchTemplate { get; set; }
        public string? PropagateTags { get; set; } // CAPACITY_PROVIDER | NONE
        public InfrastructureOptimization? InfrastructureOptimization { get; set; }
        public AutoRepairConfiguration? AutoRepairConfiguration { get; set; }
    }

    public sealed class InstanceLaunchTemplate
    {
        public string? Ec2InstanceProfileArn { get; set; }
        public ManagedInstancesNetworkConfiguration? NetworkConfiguration { get; set; }
        public ManagedInstancesStorageConfiguration? StorageConfiguration { get; set; }
        public ManagedInstancesLocalStorageConfiguration? LocalStorageConfiguration { get; set; }
        public string? Monitoring { get; set; } // BASIC | DETAILED
        public string? CapacityOptionType { get; set; } // ON_DEMAND | SPOT | RESERVED
        public bool? InstanceMetadataTagsPropagation { get; set; }
        public InstanceRequirementsRequest? InstanceRequirements { get; set; }
        public bool? FipsEnabled { get; set; }
        public CapacityReservationRequest? CapacityReservations { get; set; }
    }

    public sealed class ManagedInstancesNetworkConfiguration
    {
        public List<string>? Subnets { get; set; }
        public List<string>? SecurityGroups { get; set; }
    }

    public sealed class ManagedInstancesStorageConfiguration
    {
        public int? StorageSizeGiB { get; set; }
    }

    public sealed class ManagedInstancesLocalStorageConfiguration
    {
        public bool? UseLocalStorage { get; set; }
    }

    public sealed class InstanceRequirementsRequest
    {
        public VCpuCountRangeRequest? VCpuCount { get; set; }
        public MemoryMiBRequest? MemoryMiB { get; set; }
        public List<string>? CpuManufacturers { get; set; }
        public MemoryGiBPerVCpuRequest? MemoryGiBPerVCpu { get; set; }
        public List<string>? ExcludedInstanceTypes { get; set; }
        public List<string>? InstanceGenerations { get; set; }
        public int? SpotMaxPricePercentageOverLowestPrice { get; set; }
        public int? OnDemandMaxPricePercentageOverLowestPrice { get; set; }
        public string? BareMetal { get; set; } // included | required | excluded
        public string? BurstablePerformance { get; set; } // included | required | excluded
        public bool? RequireHibernateSupport { get; set; }
        public NetworkInterfaceCountRequest? NetworkInterfaceCount { get; set; }
        public string? LocalStorage { get; set; } // included | required | excluded
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
        public int? MaxSpotPriceAsPercentageOfOptimalOnDemandPrice { get; set; }
    }

    public sealed class VCpuCountRangeRequest
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

    public sealed class CapacityReservationRequest
    {
        public string? ReservationGroupArn { get; set; }
        public string? ReservationPreference { get; set; } // RESERVATIONS_ONLY | RESERVATIONS_FIRST | RESERVATIONS_EXCLUDED
    }

    public sealed class InfrastructureOptimization
    {
        public int? ScaleInAfter { get; set; }
    }

    public sealed class AutoRepairConfiguration
    {
        public string? ActionsStatus { get; set; } // ENABLED | DISABLED
    }

    public sealed class CapacityProvider
    {
        public string? CapacityProviderArn { get; set; }
        public string? Name { get; set; }
        public string? Cluster { get; set; }
        public string? Status { get; set; } // PROVISIONING | ACTIVE | DEPROVISIONING | INACTIVE
        public AutoScalingGroupProvider? AutoScalingGroupProvider { get; set; }
        public ManagedInstancesProvider? ManagedInstancesProvider { get; set; }
        public string? UpdateStatus { get; set; }
        public string? UpdateStatusReason { get; set; }
        public List<Tag>? Tags { get; set; }
        public string? Type { get; set; } // EC2_AUTOSCALING | MANAGED_INSTANCES | FARGATE | FARGATE_SPOT
    }

    public sealed class ManagedInstancesProvider
    {
        public string? InfrastructureRoleArn { get; set; }
        public InstanceLaunchTemplate? InstanceLaunchTemplate { get; set; }
        public string? PropagateTags { get; set; } // CAPACITY_PROVIDER | NONE
        public InfrastructureOptimization? InfrastructureOptimization { get; set; }
        public AutoRepairConfiguration? AutoRepairConfiguration { get; set; }
    }
}
