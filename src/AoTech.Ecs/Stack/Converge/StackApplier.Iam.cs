using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack.Hardening;
using AoTech.Ecs.Stack.Planning;
using Acm = AoTech.Ecs.Aws.Services.Acm;
using Asg = AoTech.Ecs.Aws.Services.AutoScaling;
using Ec2 = Amazon.EC2.Model;
using EcsApi = AoTech.Ecs.Aws.Services.Ecs;
using Elb = AoTech.Ecs.Aws.Services.Elb;
using Iam = AoTech.Ecs.Aws.Services.Iam;
using Logs = AoTech.Ecs.Aws.Services.Logs;
using R53 = AoTech.Ecs.Aws.Services.Route53;

namespace AoTech.Ecs.Stack.Converge
{
    // IAM roles and instance profile, and the log group.
    public sealed partial class StackApplier
    {
        // ---------------------------------------------------------------- IAM

        private async Task IamAsync(bool mutate, CancellationToken ct)
        {
            Outputs.ExecutionRoleArn = found.ExecutionRole?.Arn ?? StackDefaults.RoleArn(inputs.Region, context.AccountId, names, names.ExecutionRole);
            Outputs.InstanceProfileArn = found.InstanceProfile?.Arn;
            if (!mutate) return;

            var ssm = new[] { StackDefaults.SessionManagerPolicyArn(inputs.Region) };
            var permissions = spec.TaskRolePermissions;
            var instanceRole = EnsureRoleAsync(found.InstanceRole, names.InstanceRole, StackDefaults.Ec2Principal,
                HardeningRules.InstanceRolePolicies(spec, inputs.Region), ssm, null, "ECS container instances of " + names.App, ct);
            var executionRole = EnsureRoleAsync(found.ExecutionRole, names.ExecutionRole, StackDefaults.EcsTasksPrincipal,
                new[] { StackDefaults.ExecutionPolicyArn(inputs.Region) }, new string[0], null, "Task execution (image pull, logs) for " + names.App, ct);
            var taskRole = EnsureRoleAsync(found.TaskRole, names.TaskRole, StackDefaults.EcsTasksPrincipal,
                permissions.ManagedPolicyArns, null, permissions, "What the containers of " + names.App + " may do (-TaskRolePolicy)", ct);
            await instanceRole.ConfigureAwait(false);
            Outputs.ExecutionRoleArn = await executionRole.ConfigureAwait(false);
            await taskRole.ConfigureAwait(false);

            var profile = found.InstanceProfile;
            if (profile == null)
            {
                try
                {
                    var created = await aws.SendAsync(new Iam.CreateInstanceProfileRequest
                    {
                        InstanceProfileName = names.InstanceProfile,
                        Path = names.IamPath,
                        Tags = tags.Select(t => new Iam.Tag { Key = t.Key, Value = t.Value }).ToList(),
                    }, ct).ConfigureAwait(false);
                    Outputs.InstanceProfileArn = created.InstanceProfile?.Arn;
                    Record($"Created instance profile {names.InstanceProfile}");
                }
                catch (AwsServiceException ex) when (ex.ErrorCode == "EntityAlreadyExists")
                {
                    Outputs.InstanceProfileArn = (await aws.SendAsync(new Iam.GetInstanceProfileRequest { InstanceProfileName = names.InstanceProfile }, ct)
                        .ConfigureAwait(false)).InstanceProfile?.Arn;
                }
            }
            if (profile == null || !profile.RoleNames.Contains(names.InstanceRole))
            {
                await AwsCalls.Tolerate(() => aws.SendAsync(new Iam.AddRoleToInstanceProfileRequest
                {
                    InstanceProfileName = names.InstanceProfile,
                    RoleName = names.InstanceRole,
                }, ct), "LimitExceeded", "EntityAlreadyExists").ConfigureAwait(false);
                Record($"Added role {names.InstanceRole} to instance profile {names.InstanceProfile}");
            }
        }

        /// <summary>
        /// Creates the role when missing (with -PermissionsBoundary's boundary) and converges it: <paramref name="managed"/>
        /// attached; <paramref name="removable"/> (policies the stack itself put there) detached when no longer wanted.
        /// With <paramref name="exclusive"/> (the task role) the role has exactly its permissions: every other managed policy
        /// is detached, and the inline policy is the policy file's or none.
        /// </summary>
        private async Task<string> EnsureRoleAsync(DiscoveredRole? role, string roleName, string principal, IReadOnlyCollection<string> managed,
            IEnumerable<string>? removable, Hardening.TaskRolePermissions? exclusive, string description, CancellationToken ct)
        {
            var boundary = string.IsNullOrEmpty(spec.PermissionsBoundary) ? null : spec.PermissionsBoundary;
            var arn = role?.Arn;
            if (role == null)
            {
                try
                {
                    var created = await aws.SendAsync(new Iam.CreateRoleRequest
                    {
                        RoleName = roleName,
                        Path = names.IamPath,
                        AssumeRolePolicyDocument = StackDefaults.TrustPolicy(principal),
                        Description = description,
                        PermissionsBoundary = boundary,
                        Tags = tags.Select(t => new Iam.Tag { Key = t.Key, Value = t.Value }).ToList(),
                    }, ct).ConfigureAwait(false);
                    arn = created.Role?.Arn;
                    Record($"Created IAM role {roleName}" + (boundary == null ? "" : $" (permissions boundary {boundary})"));
                }
                catch (AwsServiceException ex) when (ex.ErrorCode == "EntityAlreadyExists")
                {
                    // Made by a run whose answer was lost: its boundary is set below like any existing role's.
                    arn = (await aws.SendAsync(new Iam.GetRoleRequest { RoleName = roleName }, ct).ConfigureAwait(false)).Role?.Arn;
                    role = new DiscoveredRole { Name = roleName, Arn = arn ?? "" };
                }
            }
            var attached = role?.AttachedPolicyArns ?? new HashSet<string>(StringComparer.Ordinal);
            if (boundary != null && role != null && role.PermissionsBoundaryArn != boundary)
            {
                await aws.SendAsync(new Iam.PutRolePermissionsBoundaryRequest { RoleName = roleName, PermissionsBoundary = boundary }, ct).ConfigureAwait(false);
                Record($"Permissions boundary of {roleName}: {boundary}");
            }
            foreach (var policy in managed.Where(p => !attached.Contains(p)))
            {
                await aws.SendAsync(new Iam.AttachRolePolicyRequest { RoleName = roleName, PolicyArn = policy }, ct).ConfigureAwait(false);
                Record($"Attached {policy} to {roleName}");
            }
            var unwanted = exclusive != null ? attached.Where(p => !managed.Contains(p)) : (removable ?? new string[0]).Where(p => attached.Contains(p) && !managed.Contains(p));
            foreach (var policy in unwanted.ToList())
            {
                await AwsCalls.Tolerate(() => aws.SendAsync(new Iam.DetachRolePolicyRequest { RoleName = roleName, PolicyArn = policy }, ct), "NoSuchEntity")
                    .ConfigureAwait(false);
                Record($"Detached {policy} from {roleName}");
            }
            if (exclusive != null)
            {
                var inline = role?.InlinePolicies ?? new Dictionary<string, string>();
                inline.TryGetValue(Hardening.TaskRolePermissions.InlinePolicyName, out var current);
                if (exclusive.InlineDocument != null && !Hardening.TaskRolePermissions.SameDocument(current, exclusive.InlineDocument))
                {
                    await aws.SendAsync(new Iam.PutRolePolicyRequest
                    {
                        RoleName = roleName,
                        PolicyName = Hardening.TaskRolePermissions.InlinePolicyName,
                        PolicyDocument = exclusive.InlineDocument,
                    }, ct).ConfigureAwait(false);
                    Record($"Inline policy {Hardening.TaskRolePermissions.InlinePolicyName} of {roleName} set from -TaskRolePolicy");
                }
                foreach (var name in inline.Keys.Where(n => exclusive.InlineDocument == null || n != Hardening.TaskRolePermissions.InlinePolicyName).ToList())
                {
                    await AwsCalls.Tolerate(() => aws.SendAsync(new Iam.DeleteRolePolicyRequest { RoleName = roleName, PolicyName = name }, ct), "NoSuchEntity")
                        .ConfigureAwait(false);
                    Record($"Deleted inline policy {name} of {roleName}");
                }
            }
            return arn ?? StackDefaults.RoleArn(inputs.Region, context.AccountId, names, roleName);
        }

        // ---------------------------------------------------------------- logs

        private async Task LogsAsync(bool mutate, CancellationToken ct)
        {
            if (!mutate) return;
            var group = found.LogGroup;
            if (group == null)
            {
                var created = await AwsCalls.Tolerate(() => aws.SendAsync(new Logs.CreateLogGroupRequest
                {
                    LogGroupName = names.LogGroup,
                    Tags = new Dictionary<string, string>(tags),
                }, ct), "ResourceAlreadyExistsException").ConfigureAwait(false);
                if (created) Record($"Created log group {names.LogGroup}");
            }
            if (group?.RetentionInDays != spec.LogRetentionDays)
            {
                await aws.SendAsync(new Logs.PutRetentionPolicyRequest { LogGroupName = names.LogGroup, RetentionInDays = spec.LogRetentionDays }, ct)
                    .ConfigureAwait(false);
                Record($"Log retention of {names.LogGroup}: {spec.LogRetentionDays} days");
            }
        }
    }
}
