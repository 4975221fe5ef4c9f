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

using NameLevel = AoTech.Ecs.Stack.StackNames.NameLevel;

namespace AoTech.Ecs.Stack.Converge
{
    // IAM roles and instance profile, and the log group.
    public sealed partial class StackApplier
    {
        // ---------------------------------------------------------------- IAM

        private async Task IamAsync(bool mutate, CancellationToken ct)
        {
            Outputs.ExecutionRoleArn = _found.ExecutionRole?.Arn ?? StackDefaults.RoleArn(_inputs.Region, _context.AccountId, _names, _names.ExecutionRole);
            Outputs.InstanceProfileArn = _found.InstanceProfile?.Arn;
            Outputs.DeploymentRoleArn = _found.DeploymentRole?.Arn;
            if (!mutate) return;

            if (DeploymentOnly)
            {
                if (Deployment.IsBlueGreenFamily) Outputs.DeploymentRoleArn = await DeploymentRoleAsync(ct).ConfigureAwait(false);
                return;
            }
            var ssm = new[] { StackDefaults.SessionManagerPolicyArn(_inputs.Region) };
            var permissions = _spec.TaskRolePermissions;
            var instanceRole = EnsureRoleAsync(_found.InstanceRole, _names.InstanceRole, StackDefaults.Ec2Principal,
                HardeningRules.InstanceRolePolicies(_spec, _inputs.Region), ssm, null, "ECS container instances of " + _names.EndpointName, ct,
                NameLevel.Endpoint);
            var executionRole = EnsureRoleAsync(_found.ExecutionRole, _names.ExecutionRole, StackDefaults.EcsTasksPrincipal,
                new[] { StackDefaults.ExecutionPolicyArn(_inputs.Region) }, new string[0], null, "Task execution (image pull, logs) for " + _names.App, ct);
            var taskRole = EnsureRoleAsync(_found.TaskRole, _names.TaskRole, StackDefaults.EcsTasksPrincipal,
                permissions.ManagedPolicyArns, null, permissions, "What the containers of " + _names.App + " may do (-TaskRolePolicy)", ct);
            // The role ECS assumes to move the listener rules between the app's target groups (blue/green family); it trusts
            // ecs.amazonaws.com ("Amazon ECS infrastructure IAM role", https://docs.aws.amazon.com/AmazonECS/latest/developerguide/infrastructure_IAM_role.html).
            var deploymentRole = Deployment.IsBlueGreenFamily ? DeploymentRoleAsync(ct) : Task.FromResult(_found.DeploymentRole?.Arn ?? "");
            await instanceRole.ConfigureAwait(false);
            Outputs.ExecutionRoleArn = await executionRole.ConfigureAwait(false);
            await taskRole.ConfigureAwait(false);
            var deploymentRoleArn = await deploymentRole.ConfigureAwait(false);
            Outputs.DeploymentRoleArn = deploymentRoleArn.Length == 0 ? null : deploymentRoleArn;

            var profile = _found.InstanceProfile;
            if (profile == null)
            {
                try
                {
                    var created = await _aws.SendAsync(new Iam.CreateInstanceProfileRequest
                    {
                        InstanceProfileName = _names.InstanceProfile,
                        Path = _names.EndpointIamPath,
                        Tags = _endpointTags.Select(t => new Iam.Tag { Key = t.Key, Value = t.Value }).ToList(),
                    }, ct).ConfigureAwait(false);
                    Outputs.InstanceProfileArn = created.InstanceProfile?.Arn;
                    Record($"Created instance profile {_names.InstanceProfile}");
                }
                catch (AwsServiceException ex) when (ex.ErrorCode == "EntityAlreadyExists")
                {
                    Outputs.InstanceProfileArn = (await _aws.SendAsync(new Iam.GetInstanceProfileRequest { InstanceProfileName = _names.InstanceProfile }, ct)
                        .ConfigureAwait(false)).InstanceProfile?.Arn;
                }
            }
            if (profile == null || !profile.RoleNames.Contains(_names.InstanceRole))
            {
                await AwsCalls.Tolerate(() => _aws.SendAsync(new Iam.AddRoleToInstanceProfileRequest
                {
                    InstanceProfileName = _names.InstanceProfile,
                    RoleName = _names.InstanceRole,
                }, ct), "LimitExceeded", "EntityAlreadyExists").ConfigureAwait(false);
                Record($"Added role {_names.InstanceRole} to instance profile {_names.InstanceProfile}");
            }
        }

        private Task<string> DeploymentRoleAsync(CancellationToken ct) =>
            EnsureRoleAsync(_found.DeploymentRole, _names.DeploymentRole, StackDefaults.EcsServicePrincipal,
                new[] { Deployments.DeploymentResources.LoadBalancerPolicyArn(_inputs.Region) }, new string[0], null,
                "Lets ECS move the listener rules of " + _names.App + " between its target groups", ct);

        /// <summary>
        /// Creates the role when missing (with -PermissionsBoundary's boundary) and converges it: <paramref name="managed"/>
        /// attached; <paramref name="removable"/> (policies the stack itself put there) detached when no longer wanted.
        /// With <paramref name="exclusive"/> (the task role) the role has exactly its permissions: every other managed policy
        /// is detached, and the inline policy is the policy file's or none.
        /// </summary>
        private async Task<string> EnsureRoleAsync(DiscoveredRole? role, string roleName, string principal, IReadOnlyCollection<string> managed,
            IEnumerable<string>? removable, Hardening.TaskRolePermissions? exclusive, string description, CancellationToken ct,
            NameLevel level = NameLevel.App)
        {
            var endpointLevel = level == NameLevel.Endpoint;
            var boundary = string.IsNullOrEmpty(_spec.PermissionsBoundary) ? null : _spec.PermissionsBoundary;
            var arn = role?.Arn;
            if (role == null)
            {
                try
                {
                    var created = await _aws.SendAsync(new Iam.CreateRoleRequest
                    {
                        RoleName = roleName,
                        Path = endpointLevel ? _names.EndpointIamPath : _names.IamPath,
                        AssumeRolePolicyDocument = StackDefaults.TrustPolicy(principal),
                        Description = description,
                        PermissionsBoundary = boundary,
                        Tags = (endpointLevel ? _endpointTags : _tags).Select(t => new Iam.Tag { Key = t.Key, Value = t.Value }).ToList(),
                    }, ct).ConfigureAwait(false);
                    arn = created.Role?.Arn;
                    Record($"Created IAM role {roleName}" + (boundary == null ? "" : $" (permissions boundary {boundary})"));
                }
                catch (AwsServiceException ex) when (ex.ErrorCode == "EntityAlreadyExists")
                {
                    // Made by a run whose answer was lost: its boundary is set below like any existing role's.
                    arn = (await _aws.SendAsync(new Iam.GetRoleRequest { RoleName = roleName }, ct).ConfigureAwait(false)).Role?.Arn;
                    role = new DiscoveredRole { Name = roleName, Arn = arn ?? "" };
                }
            }
            var attached = role?.AttachedPolicyArns ?? new HashSet<string>(StringComparer.Ordinal);
            if (boundary != null && role != null && role.PermissionsBoundaryArn != boundary)
            {
                await _aws.SendAsync(new Iam.PutRolePermissionsBoundaryRequest { RoleName = roleName, PermissionsBoundary = boundary }, ct).ConfigureAwait(false);
                Record($"Permissions boundary of {roleName}: {boundary}");
            }
            foreach (var policy in managed.Where(p => !attached.Contains(p)))
            {
                await _aws.SendAsync(new Iam.AttachRolePolicyRequest { RoleName = roleName, PolicyArn = policy }, ct).ConfigureAwait(false);
                Record($"Attached {policy} to {roleName}");
            }
            var unwanted = exclusive != null ? attached.Where(p => !managed.Contains(p)) : (removable ?? new string[0]).Where(p => attached.Contains(p) && !managed.Contains(p));
            foreach (var policy in unwanted.ToList())
            {
                await AwsCalls.Tolerate(() => _aws.SendAsync(new Iam.DetachRolePolicyRequest { RoleName = roleName, PolicyArn = policy }, ct), "NoSuchEntity")
                    .ConfigureAwait(false);
                Record($"Detached {policy} from {roleName}");
            }
            if (exclusive != null)
            {
                var inline = role?.InlinePolicies ?? new Dictionary<string, string>();
                inline.TryGetValue(Hardening.TaskRolePermissions.InlinePolicyName, out var current);
                if (exclusive.InlineDocument != null && !Hardening.TaskRolePermissions.SameDocument(current, exclusive.InlineDocument))
                {
                    await _aws.SendAsync(new Iam.PutRolePolicyRequest
                    {
                        RoleName = roleName,
                        PolicyName = Hardening.TaskRolePermissions.InlinePolicyName,
                        PolicyDocument = exclusive.InlineDocument,
                    }, ct).ConfigureAwait(false);
                    Record($"Inline policy {Hardening.TaskRolePermissions.InlinePolicyName} of {roleName} set from -TaskRolePolicy");
                }
                foreach (var name in inline.Keys.Where(n => exclusive.InlineDocument == null || n != Hardening.TaskRolePermissions.InlinePolicyName).ToList())
                {
                    await AwsCalls.Tolerate(() => _aws.SendAsync(new Iam.DeleteRolePolicyRequest { RoleName = roleName, PolicyName = name }, ct), "NoSuchEntity")
                        .ConfigureAwait(false);
                    Record($"Deleted inline policy {name} of {roleName}");
                }
            }
            return arn ?? StackDefaults.RoleArn(_inputs.Region, _context.AccountId, endpointLevel ? _names.EndpointIamPath : _names.IamPath, roleName);
        }

        // ---------------------------------------------------------------- logs

        private async Task LogsAsync(bool mutate, CancellationToken ct)
        {
            if (!mutate) return;
            var group = _found.LogGroup;
            if (group == null)
            {
                var created = await AwsCalls.Tolerate(() => _aws.SendAsync(new Logs.CreateLogGroupRequest
                {
                    LogGroupName = _names.LogGroup,
                    Tags = new Dictionary<string, string>(_tags),
                }, ct), "ResourceAlreadyExistsException").ConfigureAwait(false);
                if (created) Record($"Created log group {_names.LogGroup}");
            }
            if (group?.RetentionInDays != _spec.LogRetentionDays)
            {
                await _aws.SendAsync(new Logs.PutRetentionPolicyRequest { LogGroupName = _names.LogGroup, RetentionInDays = _spec.LogRetentionDays }, ct)
                    .ConfigureAwait(false);
                Record($"Log retention of {_names.LogGroup}: {_spec.LogRetentionDays} days");
            }
        }
    }
}
