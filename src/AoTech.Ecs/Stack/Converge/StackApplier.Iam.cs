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
            Outputs.ExecutionRoleArn = found.ExecutionRole?.Arn ?? StackDefaults.RoleArn(inputs.Region, context.AccountId, names, names.ExecutionRole);
            Outputs.InstanceProfileArn = found.InstanceProfile?.Arn;
            if (!mutate) return;

            var instanceRole = EnsureRoleAsync(found.InstanceRole, names.InstanceRole, StackDefaults.Ec2Principal,
                StackDefaults.InstancePolicyArn(inputs.Region), "ECS container instances of " + names.App, ct);
            var executionRole = EnsureRoleAsync(found.ExecutionRole, names.ExecutionRole, StackDefaults.EcsTasksPrincipal,
                StackDefaults.ExecutionPolicyArn(inputs.Region), "Task execution (image pull, logs) for " + names.App, ct);
            await instanceRole.ConfigureAwait(false);
            Outputs.ExecutionRoleArn = await executionRole.ConfigureAwait(false);

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

        private async Task<string> EnsureRoleAsync(DiscoveredRole? role, string roleName, string principal, string policyArn, string description,
            CancellationToken ct)
        {
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
                        Tags = tags.Select(t => new Iam.Tag { Key = t.Key, Value = t.Value }).ToList(),
                    }, ct).ConfigureAwait(false);
                    arn = created.Role?.Arn;
                    Record($"Created IAM role {roleName}");
                }
                catch (AwsServiceException ex) when (ex.ErrorCode == "EntityAlreadyExists")
                {
                    arn = (await aws.SendAsync(new Iam.GetRoleRequest { RoleName = roleName }, ct).ConfigureAwait(false)).Role?.Arn;
                }
            }
            if (role == null || !role.AttachedPolicyArns.Contains(policyArn))
            {
                await aws.SendAsync(new Iam.AttachRolePolicyRequest { RoleName = roleName, PolicyArn = policyArn }, ct).ConfigureAwait(false);
                Record($"Attached {policyArn} to {roleName}");
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
