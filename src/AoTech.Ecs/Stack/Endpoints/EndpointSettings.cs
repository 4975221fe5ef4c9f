using System;
using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack.Planning;

namespace AoTech.Ecs.Stack.Endpoints
{
    /// <summary>
    /// The values that belong to an endpoint, not to one app on it: the instances (type, size bounds, image, user data,
    /// privileged containers, Session Manager, the instance role's permissions boundary), who may reach the load balancer,
    /// and the network (layout, VPC, subnets). An app that joins gives only those it was asked for (null: not given); each
    /// must equal the endpoint's, since one app never silently changes what every app on the endpoint shares, and those it
    /// was not given are the endpoint's (<see cref="ApplyTo"/>). Set-AoEcsEndpoint is the way to change them.
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
        /// <summary>The instances' image (-AmiId).</summary>
        public string? AmiId { get; set; }
        /// <summary>-UserData's script as the user data carries it (InstanceUserData.AsShellScript); "": none.</summary>
        public string? UserDataScript { get; set; }
        /// <summary>Where -UserData's script was read from (shown in an error only).</summary>
        public string? UserDataPath { get; set; }
        public bool? AllowPrivileged { get; set; }
        public bool? NoSessionManager { get; set; }
        /// <summary>The instance role's permissions boundary; "": none.</summary>
        public string? PermissionsBoundary { get; set; }
        /// <summary>The VPC of the load balancer and the instances (-VpcId, or the VPC of -SubnetId's subnets).</summary>
        public string? VpcId { get; set; }
        /// <summary>The subnets the load balancer and the instances use; compared as a set.</summary>
        public IList<string>? SubnetIds { get; set; }

        /// <summary>
        /// The endpoint's values as discovery found its resources: the launch template's instance type, image and user data,
        /// the Auto Scaling group's bounds, the instance role's policies and boundary (when read: see HardeningDiscovery), the
        /// CIDRs the load balancer's group lets in on 443, the load balancer's VPC and the subnets in use, the VPC's layout
        /// tag. Null where one is missing.
        /// </summary>
        public static EndpointSettings Of(DiscoveredStack found, string region) => new EndpointSettings
        {
            InstanceType = found.LaunchTemplate?.InstanceType,
            AmiId = found.LaunchTemplate?.ImageId,
            UserDataScript = Hardening.InstanceUserData.OwnScriptOf(found.LaunchTemplate?.UserData),
            AllowPrivileged = Hardening.InstanceUserData.AllowsPrivileged(found.LaunchTemplate?.UserData),
            NoSessionManager = found.InstanceRole == null ? (bool?)null
                : !found.InstanceRole.AttachedPolicyArns.Contains(StackDefaults.SessionManagerPolicyArn(region)),
            PermissionsBoundary = found.InstanceRole is { BoundaryKnown: true } role ? role.PermissionsBoundaryArn ?? "" : null,
            VpcId = string.IsNullOrEmpty(found.LoadBalancer?.VpcId) ? null : found.LoadBalancer!.VpcId,
            SubnetIds = found.LoadBalancer == null ? null
                : found.LoadBalancer.SubnetIds.Concat(found.AutoScalingGroup?.SubnetIds ?? new HashSet<string>()).Distinct().ToList(),
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
            AmiId = spec.AmiId,
            UserDataScript = spec.UserDataPath == null ? null : Hardening.InstanceUserData.AsShellScript(spec.UserDataScript ?? ""),
            UserDataPath = spec.UserDataPath,
            AllowPrivileged = given.Contains(nameof(AppSpec.AllowPrivileged)) ? spec.AllowPrivileged : (bool?)null,
            NoSessionManager = given.Contains(nameof(AppSpec.NoSessionManager)) ? spec.NoSessionManager : (bool?)null,
            PermissionsBoundary = string.IsNullOrEmpty(spec.PermissionsBoundary) ? null : spec.PermissionsBoundary,
            VpcId = spec.UsesDedicatedNetwork ? null : spec.VpcId ?? found.Network?.VpcId,
            SubnetIds = spec.SubnetIds.Count == 0 ? null : spec.SubnetIds,
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
            Compare(differences, "AmiId", AmiId, current.AmiId);
            Compare(differences, "UserData", UserDataScript, current.UserDataScript,
                UserDataPath + " " + Script(UserDataScript), Script(current.UserDataScript));
            Compare(differences, "AllowPrivileged", Switch(AllowPrivileged), Switch(current.AllowPrivileged));
            Compare(differences, "NoSessionManager", Switch(NoSessionManager), Switch(current.NoSessionManager));
            Compare(differences, "PermissionsBoundary", PermissionsBoundary, current.PermissionsBoundary, PermissionsBoundary,
                current.PermissionsBoundary == "" ? "none" : current.PermissionsBoundary);
            Compare(differences, "VpcId", VpcId, current.VpcId);
            Compare(differences, "SubnetId", Set(SubnetIds), Set(current.SubnetIds));
            if (differences.Count == 0) return;
            throw new AoEcsException(EndpointErrorIds.EndpointSettingMismatch, AoErrorKind.InvalidArgument,
                $"App '{app}' asks for endpoint-level values that differ from endpoint '{endpoint}': {string.Join("; ", differences)}. " +
                "Leave them out to take the endpoint's, or change the endpoint with Set-AoEcsEndpoint.", endpoint)
            {
                RecommendedAction = $"Run Set-AoEcsEndpoint -Name {endpoint} to change the endpoint for every app on it, or leave the parameters out.",
            };
        }

        /// <summary>
        /// The endpoint's values an app was not given, on <paramref name="spec"/>, so that its plan changes nothing the apps
        /// share: instance type, size bounds, allowed CIDRs, own script, privileged containers, Session Manager, permissions
        /// boundary. (The image is the plan's, since -AmiId would be checked as an AMI of one's own; the network is taken in
        /// EcsAppStack, since discovery needs it.)
        /// </summary>
        public void ApplyTo(AppSpec spec, ICollection<string> given)
        {
            if (!given.Contains(nameof(AppSpec.InstanceType)) && InstanceType != null) spec.InstanceType = InstanceType;
            if (!given.Contains(nameof(AppSpec.MinSize)) && MinSize != null) spec.MinSize = MinSize.Value;
            if (!given.Contains(nameof(AppSpec.MaxSize)) && MaxSize != null) spec.MaxSize = MaxSize.Value;
            if (!given.Contains(nameof(AppSpec.AllowedCidr)) && AllowedCidr != null) spec.AllowedCidr = AllowedCidr.Distinct().ToList();
            if (spec.UserDataPath == null && !string.IsNullOrEmpty(UserDataScript)) spec.UserDataScript = UserDataScript;
            if (!given.Contains(nameof(AppSpec.AllowPrivileged)) && AllowPrivileged != null) spec.AllowPrivileged = AllowPrivileged.Value;
            if (!given.Contains(nameof(AppSpec.NoSessionManager)) && NoSessionManager != null) spec.NoSessionManager = NoSessionManager.Value;
            if (string.IsNullOrEmpty(spec.PermissionsBoundary) && !string.IsNullOrEmpty(PermissionsBoundary)) spec.PermissionsBoundary = PermissionsBoundary;
        }

        private static void Compare(List<string> differences, string parameter, string? given, string? current,
            string? givenShown = null, string? currentShown = null)
        {
            if (given != null && current != null && !string.Equals(given, current, StringComparison.Ordinal))
                differences.Add($"-{parameter} {givenShown ?? given} (the endpoint has {currentShown ?? current})");
        }

        private static string? Switch(bool? value) => value == null ? null : value.Value ? "$true" : "$false";

        // A script is named by its size and digest: its text may be long, and may hold what should not be printed.
        private static string? Script(string? script)
        {
            if (script == null) return null;
            if (script.Length == 0) return "no script";
            using var sha = System.Security.Cryptography.SHA256.Create();
            var digest = sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes(script));
            return $"a script of {System.Text.Encoding.UTF8.GetByteCount(script)} bytes, SHA-256 " +
                BitConverter.ToString(digest, 0, 6).Replace("-", "").ToLowerInvariant() + "…";
        }

        private static string? Set(IList<string>? values) =>
            values == null ? null : string.Join(",", values.Distinct(StringComparer.Ordinal).OrderBy(v => v, StringComparer.Ordinal));
    }
}
