using System;
using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack.Planning;

namespace AoTech.Ecs.Stack.Endpoints
{
    /// <summary>
    /// The values that belong to an endpoint, not to one app on it: the instances (type, size bounds), who may reach the load
    /// balancer, and the network layout. An app that joins gives only those it was asked for (null: not given); each must
    /// equal the endpoint's, since one app never silently changes what every app on the endpoint shares. Set-AoEcsEndpoint
    /// is the way to change them.
    /// </summary>
    public sealed class EndpointSettings
    {
        public string? InstanceType { get; set; }
        public int? MinSize { get; set; }
        public int? MaxSize { get; set; }
        /// <summary>Compared as a set (order and repeats do not matter).</summary>
        public IList<string>? AllowedCidr { get; set; }
        /// <summary>The network layout as its tag records it (Planning.NetworkChoice.TagValue).</summary>
        public string? Network { get; set; }

        /// <summary>
        /// The endpoint's values as discovery found its resources: the launch template's instance type, the Auto Scaling
        /// group's bounds, the CIDRs the load balancer's group lets in on 443, the VPC's layout tag. Null where one is missing.
        /// </summary>
        public static EndpointSettings Of(DiscoveredStack found) => new EndpointSettings
        {
            InstanceType = found.LaunchTemplate?.InstanceType,
            MinSize = found.AutoScalingGroup?.MinSize,
            MaxSize = found.AutoScalingGroup?.MaxSize,
            AllowedCidr = found.LoadBalancerSecurityGroup?.Ingress
                .Where(r => r.Cidr != null && r.FromPort <= StackDefaults.HttpsPort && r.ToPort >= StackDefaults.HttpsPort)
                .Select(r => r.Cidr!).ToList() is { Count: > 0 } cidrs ? cidrs : null,
            Network = found.Network?.LayoutTag,
        };

        /// <summary>
        /// The endpoint-level values an app's run was asked for: the parameters in <paramref name="given"/> (the names the
        /// user bound, e.g. "InstanceType"), and the network layout when -Network, -Egress or -NatGateway was given.
        /// </summary>
        public static EndpointSettings Given(AppSpec spec, DiscoveredStack found, ICollection<string> given) => new EndpointSettings
        {
            InstanceType = given.Contains(nameof(AppSpec.InstanceType)) ? spec.InstanceType : null,
            MinSize = given.Contains(nameof(AppSpec.MinSize)) ? spec.MinSize : (int?)null,
            MaxSize = given.Contains(nameof(AppSpec.MaxSize)) ? spec.MaxSize : (int?)null,
            AllowedCidr = given.Contains(nameof(AppSpec.AllowedCidr)) ? spec.AllowedCidr : null,
            Network = spec.Network != null || spec.Egress != null || spec.NatGateway != null ? NetworkChoice.Resolve(spec, found).TagValue : null,
        };

        /// <summary>
        /// Throws EndpointSettingMismatch naming every given value that differs from the endpoint's <paramref name="current"/>
        /// one, with both values. Values not given, and values the endpoint does not record, are not compared.
        /// </summary>
        public void RequireSameAs(EndpointSettings current, string endpoint, string app)
        {
            var differences = new List<string>();
            Compare(differences, "InstanceType", InstanceType, current.InstanceType);
            Compare(differences, "MinSize", MinSize?.ToString(), current.MinSize?.ToString());
            Compare(differences, "MaxSize", MaxSize?.ToString(), current.MaxSize?.ToString());
            Compare(differences, "AllowedCidr", Set(AllowedCidr), Set(current.AllowedCidr));
            Compare(differences, "Network", Network, current.Network);
            if (differences.Count == 0) return;
            throw new AoEcsException(EndpointErrorIds.EndpointSettingMismatch, AoErrorKind.InvalidArgument,
                $"App '{app}' asks for endpoint-level values that differ from endpoint '{endpoint}': {string.Join("; ", differences)}. " +
                "Leave them out to take the endpoint's, or change the endpoint with Set-AoEcsEndpoint.", endpoint)
            {
                RecommendedAction = $"Run Set-AoEcsEndpoint -Name {endpoint} to change the endpoint for every app on it, or leave the parameters out.",
            };
        }

        private static void Compare(List<string> differences, string parameter, string? given, string? current)
        {
            if (given != null && current != null && !string.Equals(given, current, StringComparison.Ordinal))
                differences.Add($"-{parameter} {given} (the endpoint has {current})");
        }

        private static string? Set(IList<string>? values) =>
            values == null ? null : string.Join(",", values.Distinct(StringComparer.Ordinal).OrderBy(v => v, StringComparer.Ordinal));
    }
}
