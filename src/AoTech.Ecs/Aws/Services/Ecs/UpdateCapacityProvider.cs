using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Ecs
{
    /// <summary>Modifies the parameters for a capacity provider.</summary>
    [AwsOperation("UpdateCapacityProvider")]
    public sealed class UpdateCapacityProviderRequest : EcsRequest<UpdateCapacityProviderResponse>
    {
        public string? Name { get; set; }
        public string? Cluster { get; set; }
        public AutoScalingGroupProviderUpdate? AutoScalingGroupProvider { get; set; }
    }

    public sealed class UpdateCapacityProviderResponse
    {
        public CapacityProvider? CapacityProvider { get; set; }
    }

    public sealed class AutoScalingGroupProviderUpdate
    {
        public ManagedScaling? ManagedScaling { get; set; }
        public string? ManagedTerminationProtection { get; set; } // ENABLED | DISABLED
        public string? ManagedDraining { get; set; } // ENABLED | DISABLED
    }
}
