using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Stack.Converge;
using AoTech.Ecs.Stack.Planning;
using Asg = AoTech.Ecs.Aws.Services.AutoScaling;
using Iam = AoTech.Ecs.Aws.Services.Iam;

namespace AoTech.Ecs.Stack.Hardening
{
    /// <summary>
    /// What the hardening rules need beyond the stack's discovery, read only when a rule needs it so that a re-run of a
    /// settled app stays cheap: the task role's inline policies; the roles' permissions boundaries (GetRole, only with
    /// -PermissionsBoundary: ListRoles does not return them); the instance refresh under way (only when instances run an
    /// older launch template version).
    /// </summary>
    public static class HardeningDiscovery
    {
        private static readonly HashSet<string> ActiveRefreshStates = new HashSet<string>(StringComparer.Ordinal)
            { "Pending", "InProgress", "Cancelling", "RollbackInProgress", "Baking" };

        public static async Task CompleteAsync(AwsConnection aws, AppSpec spec, DiscoveredStack found, CancellationToken ct)
        {
            var work = new List<Task> { InlinePoliciesAsync(aws, found.TaskRole, ct), RefreshAsync(aws, found, ct) };
            if (!string.IsNullOrEmpty(spec.PermissionsBoundary))
                work.AddRange(new[] { found.InstanceRole, found.ExecutionRole, found.TaskRole }.Where(r => r != null && !r.BoundaryKnown).Select(r => BoundaryAsync(aws, r!, ct)));
            await Task.WhenAll(work).ConfigureAwait(false);
        }

        private static async Task InlinePoliciesAsync(AwsConnection aws, DiscoveredRole? role, CancellationToken ct)
        {
            if (role == null) return;
            var listed = await AwsCalls.OrNull(() => aws.SendAsync(new Iam.ListRolePoliciesRequest { RoleName = role.Name }, ct), "NoSuchEntity")
                .ConfigureAwait(false);
            foreach (var name in listed?.PolicyNames.OrEmpty() ?? new List<string>())
            {
                // Only the stack's own policy is compared; any other inline policy is removed, its text is not needed.
                if (name != TaskRolePermissions.InlinePolicyName) { role.InlinePolicies[name] = ""; continue; }
                var policy = await AwsCalls.OrNull(() => aws.SendAsync(new Iam.GetRolePolicyRequest { RoleName = role.Name, PolicyName = name }, ct), "NoSuchEntity")
                    .ConfigureAwait(false);
                if (policy != null) role.InlinePolicies[name] = policy.PolicyDocument ?? "";
            }
        }

        /// <summary>The role's permissions boundary (GetRole); an endpoint app reads its endpoint's instance role's always.</summary>
        public static async Task BoundaryAsync(AwsConnection aws, DiscoveredRole role, CancellationToken ct)
        {
            var got = await AwsCalls.OrNull(() => aws.SendAsync(new Iam.GetRoleRequest { RoleName = role.Name }, ct), "NoSuchEntity").ConfigureAwait(false);
            role.PermissionsBoundaryArn = got?.Role?.PermissionsBoundary?.PermissionsBoundaryArn;
            role.BoundaryKnown = got != null;
        }

        private static async Task RefreshAsync(AwsConnection aws, DiscoveredStack found, CancellationToken ct)
        {
            var group = found.AutoScalingGroup;
            var template = found.LaunchTemplate;
            if (group == null || template == null || group.Status != null) return;
            if (HardeningRules.StaleInstances(template, group) == 0) return;
            var refreshes = await aws.SendAsync(new Asg.DescribeInstanceRefreshesRequest { AutoScalingGroupName = group.Name, MaxRecords = 1 }, ct)
                .ConfigureAwait(false);
            var newest = refreshes.InstanceRefreshes.OrEmpty().FirstOrDefault();
            if (newest != null && newest.Status != null && ActiveRefreshStates.Contains(newest.Status))
                group.ActiveRefresh = new DiscoveredInstanceRefresh
                {
                    Id = newest.InstanceRefreshId ?? "",
                    Status = newest.Status,
                    PercentageComplete = newest.PercentageComplete,
                };
        }
    }
}
