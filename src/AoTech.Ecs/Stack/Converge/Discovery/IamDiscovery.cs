using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Stack.Planning;
using Iam = AoTech.Ecs.Aws.Services.Iam;

namespace AoTech.Ecs.Stack.Converge.Discovery
{
    /// <summary>What <see cref="IamDiscovery"/> found.</summary>
    internal sealed class IamFound
    {
        public IamFound(DiscoveredRole? instanceRole, DiscoveredRole? executionRole, DiscoveredRole? taskRole,
            DiscoveredInstanceProfile? instanceProfile, List<DiscoveredExtra> extras, IReadOnlyList<string> foreign)
        {
            InstanceRole = instanceRole;
            ExecutionRole = executionRole;
            TaskRole = taskRole;
            InstanceProfile = instanceProfile;
            Extras = extras;
            Foreign = foreign;
        }

        public DiscoveredRole? InstanceRole { get; }
        public DiscoveredRole? ExecutionRole { get; }
        public DiscoveredRole? TaskRole { get; }
        public DiscoveredInstanceProfile? InstanceProfile { get; }
        /// <summary>Other roles under the app's IAM path.</summary>
        public List<DiscoveredExtra> Extras { get; }
        public IReadOnlyList<string> Foreign { get; }
    }

    /// <summary>The instance, execution and task roles with their policies, and the instance profile.</summary>
    internal sealed class IamDiscovery
    {
        private readonly AwsConnection _aws;
        private readonly StackNames _names;

        public IamDiscovery(AwsConnection connection, StackNames names)
        {
            _aws = connection;
            _names = names;
        }

        /// <summary>
        /// The roles and the instance profile. Returns the other roles under the app's IAM path as extras: the path is the
        /// app's namespace (IAM is global and untouched by the tagging API), and the stack makes three roles there.
        /// </summary>
        public async Task<IamFound> FindAsync(CancellationToken ct)
        {
            var ownership = new Ownership(_names);
            // One listing of our IAM path finds both roles on a re-run; a role not there is looked up by name.
            var underPath = await RolesUnderOurPathAsync(ct).ConfigureAwait(false);
            var instanceRole = RoleAsync(_names.InstanceRole, underPath, ownership, ct, endpointLevel: true);
            var executionRole = RoleAsync(_names.ExecutionRole, underPath, ownership, ct);
            var taskRole = RoleAsync(_names.TaskRole, underPath, ownership, ct);
            var profile = AwsCalls.OrNull(() => _aws.SendAsync(new Iam.GetInstanceProfileRequest { InstanceProfileName = _names.InstanceProfile }, ct),
                "NoSuchEntity");
            DiscoveredInstanceProfile? instanceProfile = null;
            var p = (await profile.ConfigureAwait(false))?.InstanceProfile;
            if (p != null && (p.Path == _names.EndpointIamPath ||
                              ownership.OursAsEndpoint(p.Tags.OrEmpty().FirstOrDefault(t => t.Key == _names.EndpointOwnerTagKey)?.Value, "instance profile " + _names.InstanceProfile)))
                instanceProfile = new DiscoveredInstanceProfile
                {
                    Name = p.InstanceProfileName ?? "",
                    Arn = p.Arn ?? "",
                    RoleNames = p.Roles.OrEmpty().Select(r => r.RoleName ?? "").ToList(),
                };
            var extras = underPath.Where(r => r.RoleName != _names.InstanceRole && r.RoleName != _names.ExecutionRole && r.RoleName != _names.TaskRole &&
                                              r.RoleName != null)
                .Select(r => new DiscoveredExtra(ExtraKind.Role, r.RoleName!, null, null) { Why = $"a role under the app's IAM path {_names.IamPath} it does not use" })
                .ToList();
            return new IamFound(await instanceRole.ConfigureAwait(false), await executionRole.ConfigureAwait(false), await taskRole.ConfigureAwait(false),
                instanceProfile, extras, ownership.Foreign);
        }

        private async Task<List<Iam.Role>> RolesUnderOurPathAsync(CancellationToken ct)
        {
            var roles = new List<Iam.Role>();
            string? marker = null;
            do
            {
                var page = await _aws.SendAsync(new Iam.ListRolesRequest { PathPrefix = _names.IamPath, Marker = marker }, ct).ConfigureAwait(false);
                roles.AddRange(page.Roles.OrEmpty().Where(r => r.Path != null && r.Path.StartsWith(_names.IamPath, StringComparison.Ordinal)));
                marker = page.IsTruncated == true ? page.Marker : null;
            } while (!string.IsNullOrEmpty(marker));
            return roles;
        }

        /// <summary>
        /// One role: from the listing of the app's path, else by name. <paramref name="endpointLevel"/>: the endpoint's instance
        /// role, which lives under the endpoint's path and carries its owner's tag (the app's own path and tag when standalone).
        /// </summary>
        private async Task<DiscoveredRole?> RoleAsync(string roleName, List<Iam.Role> underPath, Ownership ownership, CancellationToken ct,
            bool endpointLevel = false)
        {
            var path = endpointLevel ? _names.EndpointIamPath : _names.IamPath;
            var role = underPath.FirstOrDefault(r => r.RoleName == roleName && r.Path == path)
                ?? (await AwsCalls.OrNull(() => _aws.SendAsync(new Iam.GetRoleRequest { RoleName = roleName }, ct), "NoSuchEntity")
                .ConfigureAwait(false))?.Role;
            if (role == null) return null;
            // Ours when it lives under our IAM path (roles are created there) or carries our tag.
            if (role.Path != path && !(endpointLevel
                    ? ownership.OursAsEndpoint(role.Tags.OrEmpty().FirstOrDefault(t => t.Key == _names.EndpointOwnerTagKey)?.Value, "IAM role " + roleName)
                    : ownership.Ours(role.Tags.OrEmpty().FirstOrDefault(t => t.Key == StackNames.AppTagKey)?.Value, "IAM role " + roleName)))
                return null;
            var attached = await _aws.SendAsync(new Iam.ListAttachedRolePoliciesRequest { RoleName = roleName }, ct).ConfigureAwait(false);
            return new DiscoveredRole
            {
                Name = role.RoleName ?? roleName,
                Arn = role.Arn ?? "",
                TrustedService = TrustedService(role.AssumeRolePolicyDocument),
                AttachedPolicyArns = new HashSet<string>(attached.AttachedPolicies.OrEmpty().Select(a => a.PolicyArn ?? ""), StringComparer.Ordinal),
            };
        }

        /// <summary>The first service principal of a trust policy (IAM returns the document URL-encoded).</summary>
        internal static string? TrustedService(string? document)
        {
            if (string.IsNullOrEmpty(document)) return null;
            var text = document!.TrimStart().StartsWith("{", StringComparison.Ordinal) ? document : WebUtility.UrlDecode(document);
            try
            {
                using (var json = JsonDocument.Parse(text))
                {
                    if (!json.RootElement.TryGetProperty("Statement", out var statements)) return null;
                    var list = statements.ValueKind == JsonValueKind.Array ? statements.EnumerateArray().ToList() : new List<JsonElement> { statements };
                    foreach (var statement in list)
                        if (statement.TryGetProperty("Principal", out var principal) && principal.ValueKind == JsonValueKind.Object &&
                            principal.TryGetProperty("Service", out var service))
                            return service.ValueKind == JsonValueKind.Array ? service.EnumerateArray().First().GetString() : service.GetString();
                }
            }
            catch (JsonException)
            {
            }
            return null;
        }
    }
}
