using System;
using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack.Planning;
using AoTech.Ecs.Stack.TaskDefinitions;

namespace AoTech.Ecs.Stack
{
    /// <summary>What the AWS side of preflight found (cheap read-only calls made before any mutation).</summary>
    public sealed class PreflightFacts
    {
        /// <summary>The resolved region, or null with <see cref="RegionError"/> saying what was tried.</summary>
        public string? Region { get; set; }
        public AoEcsException? RegionError { get; set; }
        /// <summary>Account id from sts:GetCallerIdentity, or null with <see cref="CredentialsError"/>.</summary>
        public string? AccountId { get; set; }
        public Exception? CredentialsError { get; set; }
        /// <summary>Public hosted zones whose names are suffixes of the domain (as listed); null when not looked up.</summary>
        public IList<HostedZoneInfo>? HostedZones { get; set; }
        /// <summary>Availability Zones of the region that are available, sorted (for a dedicated network).</summary>
        public IList<string> AvailabilityZones { get; set; } = new List<string>();
        /// <summary>The given network (-VpcId/-SubnetId) as found; null when not given or not found.</summary>
        public DiscoveredNetwork? GivenNetwork { get; set; }
        /// <summary>Instances may go into public subnets of a given network (-Network Public, or they run there already).</summary>
        public bool PublicInstances { get; set; } = true;
        /// <summary>Why the asked change of the app's network is not made (NetworkChoice.Refusal), or null.</summary>
        public string? NetworkRefusal { get; set; }
        /// <summary>Subnet ids given but not found.</summary>
        public IList<string> MissingSubnetIds { get; set; } = new List<string>();
        /// <summary>Resources with the stack's names that do not carry its aotech:app tag: "kind name".</summary>
        public IList<string> ForeignResources { get; set; } = new List<string>();
        /// <summary>True when the instance type was looked up (DescribeInstanceTypes); a re-run that changes nothing it bears on skips it.</summary>
        public bool InstanceTypeLookedUp { get; set; }
        /// <summary>The task auto scaling the app is to have: its start count must fit, its -MaxCount should (Stack/Scaling).</summary>
        public Scaling.TaskScaling? TaskScaling { get; set; }
        /// <summary>The desired count the service converges to (null: -DesiredCount).</summary>
        public int? ServiceDesiredCount { get; set; }
        /// <summary>On a shared endpoint, the other services on its instances (Endpoints.EndpointServices); null for an app of its own.</summary>
        public EndpointTasks? EndpointTasks { get; set; }
        /// <summary>The instance type as EC2 describes it; null when looked up and not found in the region.</summary>
        public InstanceTypeInfo? InstanceType { get; set; }
        /// <summary>The record sets that claim the domain's name, with who holds each (see <see cref="DomainOwnership"/>).</summary>
        public IList<DomainHolder> DomainHolders { get; set; } = new List<DomainHolder>();
    }

    /// <summary>One line of the preflight report.</summary>
    public sealed class PreflightCheck
    {
        public PreflightCheck(string name, bool passed, string message, AoEcsException? error = null)
        {
            Name = name;
            Passed = passed;
            Message = message;
            Error = error;
        }

        public string Name { get; }
        public bool Passed { get; }
        public string Message { get; }
        /// <summary>The failure, with its stable ErrorId.</summary>
        public AoEcsException? Error { get; }
        public override string ToString() => $"{(Passed ? "ok  " : "FAIL")} {Name}: {Message}";
    }

    public sealed class PreflightResult
    {
        internal PreflightResult(IList<PreflightCheck> checks, TaskDefinitionFile? file, ContainerSelection? target, HostedZoneInfo? zone,
            IList<string>? warnings = null)
        {
            Checks = checks.ToList();
            Warnings = warnings?.ToList() ?? new List<string>();
            File = file;
            Target = target;
            HostedZone = zone;
        }

        public IReadOnlyList<PreflightCheck> Checks { get; }
        /// <summary>What works but deserves a look (a rollout without room to start its new tasks).</summary>
        public IReadOnlyList<string> Warnings { get; }
        public bool Passed => Checks.All(c => c.Passed);
        public TaskDefinitionFile? File { get; }
        public ContainerSelection? Target { get; }
        public HostedZoneInfo? HostedZone { get; }

        /// <summary>
        /// Throws the first failure (its ErrorId is what scripts see); the message also lists any further failures
        /// so one run shows everything to fix.
        /// </summary>
        public void ThrowIfFailed()
        {
            var failures = Checks.Where(c => !c.Passed).ToList();
            if (failures.Count == 0) return;
            var first = failures[0].Error!;
            if (failures.Count == 1) throw first;
            var more = string.Join(Environment.NewLine, failures.Skip(1).Select(f => $"  also {f.Error!.ErrorId}: {f.Message}"));
            throw new AoEcsException(first.ErrorId, first.Kind, first.Message + Environment.NewLine + more, first.Target, first);
        }
    }

    /// <summary>
    /// Checks everything that can be known before the first mutation: credentials, region, names valid and short enough
    /// for every resource, task definition valid, container and port present, hosted zone found, network usable,
    /// the domain's name free or the app's, and no foreign resource holding one of the stack's names.
    /// </summary>
    public static class Preflight
    {
        public static PreflightResult Run(AppSpec spec, PreflightFacts facts)
        {
            var checks = new List<PreflightCheck>();

            checks.Add(facts.CredentialsError == null && facts.AccountId != null
                ? new PreflightCheck("credentials", true, "account " + facts.AccountId)
                : Fail("credentials", facts.CredentialsError as AoEcsException ??
                    new AoEcsException(StackErrorIds.NoCredentials, AoErrorKind.Authentication,
                        "No usable AWS credentials" + (facts.CredentialsError == null ? "." : ": " + facts.CredentialsError.Message),
                        null, facts.CredentialsError)));

            checks.Add(facts.Region != null
                ? new PreflightCheck("region", true, facts.Region)
                : Fail("region", facts.RegionError ?? new AoEcsException(StackErrorIds.NoRegion, AoErrorKind.Configuration,
                    "No AWS region: give -Region, set AWS_REGION, or set a region in the profile.")));

            var specValid = Try(checks, "inputs", () =>
            {
                spec.Validate();
                return $"app '{spec.Name}' fits every resource name (at most {StackNames.MaxAppNameLength} characters)";
            });

            TaskDefinitionFile? file = null;
            ContainerSelection? target = null;
            if (specValid)
            {
                if (Try(checks, "task definition", () =>
                    {
                        file = TaskDefinitionFile.Load(spec.TaskDefinitionPath);
                        return $"{spec.TaskDefinitionPath}: {file.Containers.Count()} container(s)";
                    }))
                    Try(checks, "container and port", () =>
                    {
                        target = ContainerSelection.Select(file!, spec.ContainerName, spec.ContainerPort);
                        return $"{target.ContainerName}:{target.ContainerPort}";
                    });
            }

            HostedZoneInfo? zone = null;
            if (specValid && facts.HostedZones != null)
            {
                zone = HostedZones.FindFor(spec.DomainName, facts.HostedZones);
                checks.Add(zone != null
                    ? new PreflightCheck("hosted zone", true, $"{zone.Name} ({zone.Id})")
                    : Fail("hosted zone", new AoEcsException(StackErrorIds.HostedZoneNotFound, AoErrorKind.ObjectNotFound,
                        $"No public Route 53 hosted zone for {spec.DomainName} or a parent domain in this account; create one first.",
                        spec.DomainName)));
            }

            if (specValid && facts.Region != null)
                checks.Add(NetworkCheck(spec, facts));

            if (zone != null)
            {
                var taken = DomainOwnership.Check(spec.Name, spec.DomainName, zone.Name, facts.DomainHolders);
                checks.Add(taken == null
                    ? new PreflightCheck("domain", true, facts.DomainHolders.Count == 0 ? $"{spec.DomainName} is free" : $"{spec.DomainName} is the app's")
                    : Fail("domain", taken));
            }

            var warnings = new List<string>();
            if (specValid && facts.InstanceTypeLookedUp)
            {
                var instance = facts.InstanceType;
                var unsupported = InstanceTypeRefusal(spec.InstanceType, instance, facts.Region);
                checks.Add(unsupported != null
                    ? Fail("instance type", unsupported)
                    : new PreflightCheck("instance type", true,
                        $"{instance!.Name}: {instance.Architecture}, {instance.VCpus} vCPU, {instance.MemoryMiB} MiB"));
                if (instance?.Architecture != null && file != null && target != null)
                {
                    var capacity = new CapacityEstimate(instance, TaskResources.Of(file, target), spec.MaxSize, facts.EndpointTasks);
                    var desiredCount = facts.ServiceDesiredCount ?? spec.DesiredCount;
                    var refusal = capacity.Refusal(desiredCount);
                    checks.Add(refusal == null ? new PreflightCheck("capacity", true, capacity.Describe()) : Fail("capacity", refusal));
                    var endpointWarning = refusal == null ? capacity.EndpointWarning(desiredCount) : null;
                    if (endpointWarning != null) warnings.Add(endpointWarning);
                    var warning = refusal == null && endpointWarning == null ? capacity.RolloutWarning(desiredCount) : null;
                    if (warning != null) warnings.Add(warning);
                    var scalingWarning = refusal == null ? capacity.ScalingWarning(facts.TaskScaling, desiredCount) : null;
                    if (scalingWarning != null) warnings.Add(scalingWarning);
                }
            }

            if (facts.ForeignResources.Count > 0)
                checks.Add(Fail("ownership", new AoEcsException(StackErrorIds.ResourceOwnedByOther, AoErrorKind.ResourceExists,
                    $"These names are taken by resources without the tag {StackNames.AppTagKey}={spec.Name}: " +
                    string.Join(", ", facts.ForeignResources) + ". Choose another app name or remove them.",
                    facts.ForeignResources[0])));

            return new PreflightResult(checks, file, target, zone, warnings);
        }

        private static PreflightCheck NetworkCheck(AppSpec spec, PreflightFacts facts)
        {
            if (facts.NetworkRefusal != null)
                return Fail("network", new AoEcsException(StackErrorIds.NetworkChangeUnsupported, AoErrorKind.InvalidArgument, facts.NetworkRefusal,
                    spec.Network?.ToString() ?? spec.Egress?.ToString() ?? spec.NatGateway?.ToString()));
            if (spec.UsesDedicatedNetwork)
            {
                return facts.AvailabilityZones.Count >= StackDefaults.SubnetCount
                    ? new PreflightCheck("network", true,
                        "dedicated VPC in " + string.Join(", ", facts.AvailabilityZones.Take(StackDefaults.SubnetCount)))
                    : Fail("network", new AoEcsException(StackErrorIds.NotEnoughAvailabilityZones, AoErrorKind.InvalidArgument,
                        $"A load balancer needs two Availability Zones; region {facts.Region} offers {facts.AvailabilityZones.Count}.",
                        facts.Region));
            }
            if (facts.MissingSubnetIds.Count > 0)
                return Fail("network", new AoEcsException(StackErrorIds.SubnetNotFound, AoErrorKind.ObjectNotFound,
                    "Subnet(s) not found: " + string.Join(", ", facts.MissingSubnetIds), facts.MissingSubnetIds[0]));
            var network = facts.GivenNetwork;
            if (network == null)
                return Fail("network", new AoEcsException(StackErrorIds.InvalidNetwork, AoErrorKind.ObjectNotFound,
                    $"VPC {spec.VpcId} was not found.", spec.VpcId));
            if (network.Subnets.Select(s => s.VpcId ?? network.VpcId).Distinct().Count() > 1)
                return Fail("network", new AoEcsException(StackErrorIds.InvalidNetwork, AoErrorKind.InvalidArgument,
                    "The given subnets belong to different VPCs.", spec.SubnetIds.FirstOrDefault()));
            var zones = network.Subnets.Select(s => s.AvailabilityZone).Distinct().Count();
            if (zones < 2)
                return Fail("network", new AoEcsException(StackErrorIds.NotEnoughAvailabilityZones, AoErrorKind.InvalidArgument,
                    $"The subnets of {network.VpcId} span {zones} Availability Zone(s); a load balancer needs two.", network.VpcId));
            var layout = NetworkLayout.Choose(network, null, facts.PublicInstances);
            if (layout.LoadBalancerProblem != null)
                return Fail("network", new AoEcsException(StackErrorIds.NoPublicSubnets, AoErrorKind.InvalidArgument,
                    layout.LoadBalancerProblem + (layout.InstanceProblem != null ? " " + layout.InstanceProblem : ""), network.VpcId));
            if (layout.InstanceProblem != null)
                return Fail("network", new AoEcsException(layout.PrivateOnly ? StackErrorIds.NoPrivateSubnets : StackErrorIds.NoOutboundSubnets, AoErrorKind.InvalidArgument, layout.InstanceProblem, network.VpcId));
            return new PreflightCheck("network", true,
                $"{network.VpcId}: load balancer in {string.Join(", ", layout.LoadBalancerSubnetIds)}; instances in {string.Join(", ", layout.InstanceSubnetIds)}");
        }

        private static bool Try(List<PreflightCheck> checks, string name, Func<string> check)
        {
            try
            {
                checks.Add(new PreflightCheck(name, true, check()));
                return true;
            }
            catch (AoEcsException ex)
            {
                checks.Add(Fail(name, ex));
                return false;
            }
        }

        private static PreflightCheck Fail(string name, AoEcsException error) => new PreflightCheck(name, false, error.Message, error);

        /// <summary>
        /// UnsupportedInstanceType when <paramref name="instanceType"/> does not exist in the region (DescribeInstanceTypes
        /// answered <paramref name="info"/> null) or has no ECS-optimised AMI; null when it can run the instances.
        /// </summary>
        public static AoEcsException? InstanceTypeRefusal(string instanceType, InstanceTypeInfo? info, string? region) =>
            info == null
                ? new AoEcsException(StackErrorIds.UnsupportedInstanceType, AoErrorKind.InvalidArgument,
                    $"Instance type {instanceType} does not exist in {region}.", instanceType)
                : info.Architecture == null
                    ? new AoEcsException(StackErrorIds.UnsupportedInstanceType, AoErrorKind.InvalidArgument,
                        $"Instance type {instanceType} ({string.Join(", ", info.SupportedArchitectures)}) has no ECS-optimised Amazon Linux 2023 AMI; " +
                        "choose an x86_64 or arm64 (Graviton) type.", instanceType)
                    : null;
    }
}
