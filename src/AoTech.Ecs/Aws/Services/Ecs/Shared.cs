using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Ecs
{
    public sealed class CapacityProviderStrategyItem
    {
        public string? CapacityProvider { get; set; }
        public int? Weight { get; set; }
        public int? Base { get; set; }
    }

    public sealed class KeyValuePair
    {
        public string? Name { get; set; }
        public string? Value { get; set; }
    }

    public sealed class Attachment
    {
        public string? Id { get; set; }
        public string? Type { get; set; }
        public string? Status { get; set; }
        public List<KeyValuePair>? Details { get; set; }
    }

    public sealed class Failure
    {
        public string? Arn { get; set; }
        public string? Reason { get; set; }
        public string? Detail { get; set; }
    }

    public sealed class EcsAttribute
    {
        public string? Name { get; set; }
        public string? Value { get; set; }
        public string? TargetType { get; set; } // container-instance
        public string? TargetId { get; set; }
    }

    public sealed class EnvironmentFile
    {
        public string? Value { get; set; }
        public string? Type { get; set; } // s3
    }

    public sealed class Secret
    {
        public string? Name { get; set; }
        public string? ValueFrom { get; set; }
    }

    public sealed class LogConfiguration
    {
        public string? LogDriver { get; set; }
        public Dictionary<string, string>? Options { get; set; }
        public List<Secret>? SecretOptions { get; set; }
    }

    public sealed class ResourceRequirement
    {
        public string? Value { get; set; }
        public string? Type { get; set; } // GPU | InferenceAccelerator
    }

    public sealed class InferenceAccelerator
    {
        public string? DeviceName { get; set; }
        public string? DeviceType { get; set; }
    }

    public sealed class EphemeralStorage
    {
        public int? SizeInGiB { get; set; }
    }
}
