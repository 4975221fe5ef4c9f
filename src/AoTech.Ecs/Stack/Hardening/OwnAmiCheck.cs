using System.Linq;
using AoTech.Ecs.Errors;
using Ec2 = Amazon.EC2.Model;

namespace AoTech.Ecs.Stack.Hardening
{
    /// <summary>
    /// -AmiId must name an available AMI whose architecture (DescribeImages) the instance type runs
    /// (DescribeInstanceTypes ProcessorInfo.SupportedArchitectures): an arm64 AMI on a t3, or an x86_64 one on a t4g,
    /// would launch instances that never boot. Checked before any change.
    /// </summary>
    public static class OwnAmiCheck
    {
        public static void Require(AppSpec spec, Ec2.Image? image, InstanceTypeInfo? instanceType)
        {
            if (image == null)
                throw new AoEcsException(StackErrorIds.AmiNotFound, AoErrorKind.ObjectNotFound,
                    $"AMI {spec.AmiId} was not found in this region, or this account may not use it (DescribeImages). " +
                    "AMIs are regional: copy it here, or share it with this account.", spec.AmiId);
            var state = image.State?.Value;
            if (state != null && state != "available")
                throw new AoEcsException(StackErrorIds.AmiNotFound, AoErrorKind.InvalidArgument,
                    $"AMI {spec.AmiId} is {state}, not available.", spec.AmiId);
            // Without the type (it does not exist here), preflight refuses the type itself.
            if (instanceType == null) return;
            var architecture = image.Architecture?.Value;
            if (architecture == null || !instanceType.SupportedArchitectures.Contains(architecture))
                throw new AoEcsException(HardeningErrorIds.AmiArchitectureMismatch, AoErrorKind.InvalidArgument,
                    $"AMI {spec.AmiId} is built for {architecture ?? "an unknown architecture"}, but instance type {spec.InstanceType} runs " +
                    $"{string.Join(", ", instanceType.SupportedArchitectures)}. Choose an AMI of that architecture, or an instance type for " +
                    $"{architecture} (e.g. {(architecture == "arm64" ? "t4g.small" : "t3.small")}).", spec.AmiId);
        }
    }
}
