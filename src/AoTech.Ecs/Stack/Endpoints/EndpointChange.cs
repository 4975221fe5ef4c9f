using System;
using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack.Planning;

namespace AoTech.Ecs.Stack.Endpoints
{
    /// <summary>
    /// Set-AoEcsEndpoint's request: new endpoint-level values (null: unchanged), checked with New-AoEcsApp's rules. The
    /// image is not a value the endpoint keeps: a change of the endpoint moves its instances to -AmiId when given, else to
    /// the current ECS-optimised AMI (the way a re-run of New-AoEcsApp moves a standalone app's).
    /// </summary>
    public sealed class EndpointChange
    {
        public string Name { get; set; } = "";
        public string? InstanceType { get; set; }
        public int? MinSize { get; set; }
        public int? MaxSize { get; set; }
        public IList<string>? AllowedCidr { get; set; }
        public string? AmiId { get; set; }

        /// <summary>Checks and normalises what was given (no AWS call): the name, the type's shape, the CIDRs, the AMI id, the bounds.</summary>
        public void Validate()
        {
            StackNames.ValidateEndpointName(Name);
            if (InstanceType != null) AppSpec.ValidateInstanceType(InstanceType);
            if (AllowedCidr != null) AllowedCidr = AppSpec.NormalizeCidrs(AllowedCidr);
            if (AmiId != null) AppSpec.ValidateAmiId(AmiId);
            // Each bound alone against the other given one, or against the limits; against the endpoint's once it is read.
            AppSpec.ValidateSize(MinSize ?? 0, MaxSize ?? MinSize ?? 0);
        }

        /// <summary>
        /// The endpoint's values with this change applied, as the spec its plan is made from: the given values, else the
        /// endpoint's as <paramref name="found"/> has them (instances, user data, who may reach the load balancer, its place:
        /// its own VPC or the one it was given), and the user's tags its cluster carries. Throws InvalidCount when a given
        /// bound crosses the endpoint's other one.
        /// </summary>
        public AppSpec SpecFor(DiscoveredStack found, string region)
        {
            var current = EndpointSettings.Of(found, region);
            var given = new[]
            {
                InstanceType == null ? null : nameof(AppSpec.InstanceType), MinSize == null ? null : nameof(AppSpec.MinSize),
                MaxSize == null ? null : nameof(AppSpec.MaxSize), AllowedCidr == null ? null : nameof(AppSpec.AllowedCidr),
            }.Where(p => p != null).Select(p => p!).ToList();
            var spec = new AppSpec
            {
                Name = Name,
                Endpoint = Name,
                InstanceType = InstanceType ?? AppSpec.DefaultInstanceType,
                MinSize = MinSize ?? AppSpec.DefaultMinSize,
                MaxSize = MaxSize ?? AppSpec.DefaultMaxSize,
                AllowedCidr = AllowedCidr?.ToList() ?? new List<string> { AppSpec.AnyIPv4 },
                AmiId = AmiId,
                Tags = UserTags(found.Cluster?.Tags),
            };
            // What was not given is the endpoint's, as for an app that joins it.
            current.ApplyTo(spec, given);
            AppSpec.ValidateSize(spec.MinSize, spec.MaxSize);
            if (found.Network?.IsExisting == true)
            {
                spec.VpcId = found.Network.VpcId;
                spec.SubnetIds = (current.SubnetIds ?? new List<string>()).OrderBy(s => s, StringComparer.Ordinal).ToList();
            }
            return spec;
        }

        /// <summary>
        /// What the endpoint's plan (StackPlanner.PlanEndpoint) is made from: <paramref name="spec"/> (from <see cref="SpecFor"/>),
        /// the image to run, the user data the endpoint's values make, the zones of its subnets and its network layout.
        /// </summary>
        public PlanInputs InputsFor(AppSpec spec, DiscoveredStack found, string amiId, string region)
        {
            var names = StackNames.ForEndpoint(Name);
            var inputs = PlanInputs.ForEndpoint(spec, names, region);
            inputs.AmiId = amiId;
            inputs.UserData = Hardening.InstanceUserData.For(names.Cluster, spec.AllowPrivileged, spec.UserDataScript);
            inputs.AvailabilityZones = found.Network?.Subnets.Select(s => s.AvailabilityZone).Distinct().OrderBy(z => z, StringComparer.Ordinal).ToList()
                                       ?? new List<string>();
            inputs.Network = NetworkChoice.Resolve(spec, found);
            return inputs;
        }

        /// <summary>The user's tags among <paramref name="tags"/> (an endpoint resource's): all but the stack's own.</summary>
        public static IDictionary<string, string> UserTags(IDictionary<string, string>? tags) =>
            (tags ?? new Dictionary<string, string>()).Where(t => !t.Key.StartsWith(StackNames.TagPrefix, StringComparison.Ordinal))
                .ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);

        /// <summary>EndpointNotFound unless discovery found the endpoint's load balancer, launch template and Auto Scaling group.</summary>
        public static void RequireExists(string endpoint, DiscoveredStack found, string region)
        {
            var missing = new[]
            {
                found.LoadBalancer == null ? "load balancer" : null,
                found.LaunchTemplate == null ? "launch template" : null,
                found.AutoScalingGroup == null || found.AutoScalingGroup.Status != null ? "Auto Scaling group" : null,
            }.Where(m => m != null).ToList();
            if (missing.Count == 0) return;
            if (missing.Count == 3) throw EndpointStatusReader.NotFound(region, endpoint);
            throw new AoEcsException(EndpointErrorIds.EndpointNotFound, AoErrorKind.ObjectNotFound,
                $"Endpoint '{endpoint}' in {region} has no {string.Join(" and no ", missing)} tagged {StackNames.EndpointTagKey}={endpoint}: " +
                $"complete it first with a run of New-AoEcsApp -Endpoint {endpoint} for one of its apps.",
                endpoint);
        }
    }
}
