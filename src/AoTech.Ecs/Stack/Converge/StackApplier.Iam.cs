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
            Outputs.ExecutionRoleArn = _found.ExecutionRole?.Arn ?? StackDefaults.RoleArn(_inputs.Region, _context.AccountId, _names, _names.ExecutionRole);
            Outputs.InstanceProfileArn = _found.InstanceProfile?.Arn;
            if (!mutate) return;

            var instanceRole = EnsureRoleAsync(_found.InstanceRole, _names.InstanceRole, StackDefaults.Ec2Principal,
                StackDefaults.InstancePolicyArn(_inputs.Region), "ECS container instances of " + _names.App, ct);
            var executionRole = EnsureRoleAsync(_found.ExecutionRole, _names.ExecutionRole, StackDefaults.EcsTasksPrincipal,
                StackDefaults.ExecutionPolicyArn(_inputs.Region), "Task execution (image pull, logs) for " + _names.App, ct);
            await instanceRole.ConfigureAwait(false);
            Outputs.ExecutionRoleArn = await executionRole.ConfigureAwait(false);

            var profile = _found.InstanceProfile;
            if (profile == null)
            {
                try
                {
                    var created = await _aws.SendAsync(new Iam.CreateInstanceProfileRequest
                    {
                        InstanceProfileName = _names.InstanceProfile,
                        Path = _names.IamPath,
                        Tags = _tags.Select(t => new Iam.Tag { Key = t.Key, Value = t.Value }).ToList(),
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

        private async Task<string> EnsureRoleAsync(DiscoveredRole? role, string roleName, string principal, string policyArn, string description,
            CancellationToken ct)
        {
            var arn = role?.Arn;
            if (role == null)
            {
                try
                {
                    var created = await _aws.SendAsync(new Iam.CreateRoleRequest
                    {
                        RoleName = roleName,
                        Path = _names.IamPath,
                        AssumeRolePolicyDocument = StackDefaults.TrustPolicy(principal),
                        Description = description,
                        Tags = _tags.Select(t => new Iam.Tag { Key = t.Key, Value = t.Value }).ToList(),
                    }, ct).ConfigureAwait(false);
                    arn = created.Role?.Arn;
                    Record($"Created IAM role {roleName}");
                }
                catch (AwsServiceException ex) when (ex.ErrorCode == "EntityAlreadyExists")
                {
                    arn = (await _aws.SendAsync(new Iam.GetRoleRequest { RoleName = roleName }, ct).ConfigureAwait(false)).Role?.Arn;
                }
            }
            if (role == null || !role.AttachedPolicyArns.Contains(policyArn))
            {
                await _aws.SendAsync(new Iam.AttachRolePolicyRequest { RoleName = roleName, PolicyArn = policyArn }, ct).ConfigureAwait(false);
                Record($"Attached {policyArn} to {roleName}");
            }
            return arn ?? StackDefaults.RoleArn(_inputs.Region, _context.AccountId, _names, roleName);
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
