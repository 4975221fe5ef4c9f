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
using NameLevel = AoTech.Ecs.Stack.StackNames.NameLevel;

namespace AoTech.Ecs.Stack.Converge.Discovery
{
    /// <summary>What <see cref="IamDiscovery"/> found.</summary>
    internal sealed class IamFound
    {
        public IamFound(DiscoveredRole? instanceRole, DiscoveredRole? executionRole, DiscoveredRole? taskRole,
            DiscoveredInstanceProfile? instanceProfile, List<DiscoveredExtra> extras, IReadOnlyList<string> foreign, DiscoveredRole? deploymentRole = null)
        {
            DeploymentRole = deploymentRole;
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
        /// <summary>The role ECS assumes for blue/green-family deployments, when the app has one.</summary>
        public DiscoveredRole? DeploymentRole { get; }
        /// <summary>Other roles at the app's IAM path: the app's (its tag), and others' to leave in place (DiscoveredExtra.LeftBecause).</summary>
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
        /// The roles and the instance profile, and as extras the other roles of the app under its IAM path (IAM is global and
        /// untouched by the tagging API, so the path is where to look; the stack makes its roles there). A role or profile
        /// is the app's (or the endpoint's) only when it has the exact path the stack gives it AND carries its owner's tag:
        /// an app and a shared endpoint may bear the same name, and a path alone must never hand one the other's.
        /// </summary>
        public async Task<IamFound> FindAsync(CancellationToken ct)
        {
            var ownership = new Ownership(_names);
            var listed = RolesUnderAppPathAsync(ct);
            var instanceRole = RoleAsync(_names.InstanceRole, NameLevel.Endpoint, listed, ownership, ct);
            var executionRole = RoleAsync(_names.ExecutionRole, NameLevel.App, listed, ownership, ct);
            var taskRole = RoleAsync(_names.TaskRole, NameLevel.App, listed, ownership, ct);
            var profile = InstanceProfileAsync(ownership, ct);
            var ownNames = new[] { _names.InstanceRole, _names.ExecutionRole, _names.TaskRole, _names.DeploymentRole };
            // The deployment role is made only for a blue/green-family strategy, at the app's path: the listing says whether it
            // exists, so an app without one makes no call more.
            var deploymentRole = (await listed.ConfigureAwait(false)).Any(r => r.RoleName == _names.DeploymentRole)
                ? RoleAsync(_names.DeploymentRole, NameLevel.App, listed, ownership, ct) : Task.FromResult<DiscoveredRole?>(null);
            var others = (await listed.ConfigureAwait(false)).Where(r => r.RoleName != null && !ownNames.Contains(r.RoleName))
                .OrderBy(r => r.RoleName, StringComparer.Ordinal).ToList();
            // ListRoles leaves out tags (its reference says so): each other role is read for its owner's tag. Usually none.
            // One without the app's tag is not the app's: reported and left in place, by New- and Remove-AoEcsApp alike.
            var extras = new List<DiscoveredExtra>();
            foreach (var other in others)
            {
                var role = (await AwsCalls.OrNull(() => _aws.SendAsync(new Iam.GetRoleRequest { RoleName = other.RoleName }, ct), "NoSuchEntity")
                    .ConfigureAwait(false))?.Role;
                if (role == null) continue;
                extras.Add(new DiscoveredExtra(ExtraKind.Role, other.RoleName!, null, null)
                {
                    Why = $"a role under the app's IAM path {_names.IamPath} it does not use",
                    LeftBecause = Owned(role.Path, role.Tags, NameLevel.App) ? null : $"it does not carry the tag {StackNames.AppTagKey}={_names.App}",
                });
            }
            return new IamFound(await instanceRole.ConfigureAwait(false), await executionRole.ConfigureAwait(false), await taskRole.ConfigureAwait(false),
                await profile.ConfigureAwait(false), extras, ownership.Foreign, await deploymentRole.ConfigureAwait(false));
        }

        /// <summary>
        /// Whether a role or profile is of <paramref name="level"/>'s owner: at exactly its IAM path (the app's, or the
        /// endpoint's: see StackNames.EndpointIamPath) and tagged by its owner (StackNames.Owner).
        /// </summary>
        private bool Owned(string? path, List<Iam.Tag>? tags, NameLevel level)
        {
            var (key, value) = _names.Owner(level);
            return path == (level == NameLevel.Endpoint ? _names.EndpointIamPath : _names.IamPath) &&
                   tags.OrEmpty().Any(t => t.Key == key && t.Value == value);
        }

        /// <summary>The roles whose path is exactly the app's (a longer path under it is not the stack's).</summary>
        private async Task<List<Iam.Role>> RolesUnderAppPathAsync(CancellationToken ct)
        {
            var roles = new List<Iam.Role>();
            string? marker = null;
            do
            {
                var page = await _aws.SendAsync(new Iam.ListRolesRequest { PathPrefix = _names.IamPath, Marker = marker }, ct).ConfigureAwait(false);
                roles.AddRange(page.Roles.OrEmpty().Where(r => r.Path == _names.IamPath));
                marker = page.IsTruncated == true ? page.Marker : null;
            } while (!string.IsNullOrEmpty(marker));
            return roles;
        }

        /// <summary>The endpoint's instance profile (the app's own when standalone), when it is the endpoint's.</summary>
        private async Task<DiscoveredInstanceProfile?> InstanceProfileAsync(Ownership ownership, CancellationToken ct)
        {
            var p = (await AwsCalls.OrNull(() => _aws.SendAsync(new Iam.GetInstanceProfileRequest { InstanceProfileName = _names.InstanceProfile }, ct),
                "NoSuchEntity").ConfigureAwait(false))?.InstanceProfile;
            if (p == null) return null;
            if (!Owned(p.Path, p.Tags, NameLevel.Endpoint))
            {
                ownership.NoteForeign("instance profile " + _names.InstanceProfile);
                return null;
            }
            return new DiscoveredInstanceProfile
            {
                Name = p.InstanceProfileName ?? "",
                Arn = p.Arn ?? "",
                RoleNames = p.Roles.OrEmpty().Select(r => r.RoleName ?? "").ToList(),
            };
        }

        /// <summary>
        /// One role by name, of <paramref name="level"/>: the endpoint's instance role, or one of the app's own. A role with
        /// the stack's name listed at exactly the app's path is the app's: that path is the app's alone (an endpoint's is
        /// another, StackNames.EndpointIamPath), so a re-run needs no read more. Any other is read by name (GetRole: unlike
        /// ListRoles it returns the tags, and the permissions boundary with them) and is ours only at its exact path with
        /// its owner's tag.
        /// </summary>
        private async Task<DiscoveredRole?> RoleAsync(string roleName, NameLevel level, Task<List<Iam.Role>> listed, Ownership ownership,
            CancellationToken ct)
        {
            var path = level == NameLevel.Endpoint ? _names.EndpointIamPath : _names.IamPath;
            var boundaryKnown = false;
            var role = path == _names.IamPath ? (await listed.ConfigureAwait(false)).FirstOrDefault(r => r.RoleName == roleName) : null;
            if (role == null)
            {
                role = (await AwsCalls.OrNull(() => _aws.SendAsync(new Iam.GetRoleRequest { RoleName = roleName }, ct), "NoSuchEntity")
                    .ConfigureAwait(false))?.Role;
                if (role == null) return null;
                if (!Owned(role.Path, role.Tags, level))
                {
                    ownership.NoteForeign("IAM role " + roleName);
                    return null;
                }
                boundaryKnown = true;
            }
            var attached = await _aws.SendAsync(new Iam.ListAttachedRolePoliciesRequest { RoleName = roleName }, ct).ConfigureAwait(false);
            return new DiscoveredRole
            {
                Name = role.RoleName ?? roleName,
                Arn = role.Arn ?? "",
                TrustedService = TrustedService(role.AssumeRolePolicyDocument),
                AttachedPolicyArns = new HashSet<string>(attached.AttachedPolicies.OrEmpty().Select(a => a.PolicyArn ?? ""), StringComparer.Ordinal),
                PermissionsBoundaryArn = boundaryKnown ? role.PermissionsBoundary?.PermissionsBoundaryArn : null,
                BoundaryKnown = boundaryKnown,
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
