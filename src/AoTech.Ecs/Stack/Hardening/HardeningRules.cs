using System;
using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Stack.Planning;

namespace AoTech.Ecs.Stack.Hardening
{
    /// <summary>
    /// The planner's rules for the hardening: what the roles must carry, and when the instances are replaced. Pure: they
    /// read discovery's records and the inputs, and list the differences the plan shows.
    /// </summary>
    public static class HardeningRules
    {
        /// <summary>The managed policies of the instance role: ECS's, and Session Manager's unless -NoSessionManager.</summary>
        public static IReadOnlyList<string> InstanceRolePolicies(AppSpec spec, string region) => spec.NoSessionManager
            ? new[] { StackDefaults.InstancePolicyArn(region) }
            : new[] { StackDefaults.InstancePolicyArn(region), StackDefaults.SessionManagerPolicyArn(region) };

        /// <summary>
        /// The differences of a role the stack owns: managed policies to attach, those to detach (<paramref name="removable"/>:
        /// the ones the stack put there and no longer wants; every other for an <paramref name="exclusive"/> role), the
        /// inline policy (exclusive roles only) and the permissions boundary.
        /// </summary>
        public static void CompareRole(List<string> changes, DiscoveredRole role, IReadOnlyCollection<string> managed, IEnumerable<string> removable,
            bool exclusive, string? inlineDocument, string? boundary)
        {
            foreach (var arn in managed.Where(a => !role.AttachedPolicyArns.Contains(a))) changes.Add("attach " + arn);
            var detach = exclusive ? role.AttachedPolicyArns.Where(a => !managed.Contains(a)) : removable.Where(a => role.AttachedPolicyArns.Contains(a) && !managed.Contains(a));
            foreach (var arn in detach.OrderBy(a => a, StringComparer.Ordinal)) changes.Add("detach " + arn);
            if (exclusive)
            {
                role.InlinePolicies.TryGetValue(TaskRolePermissions.InlinePolicyName, out var current);
                if (inlineDocument != null && !TaskRolePermissions.SameDocument(current, inlineDocument))
                    changes.Add((current == null ? "put" : "update") + " inline policy " + TaskRolePermissions.InlinePolicyName);
                foreach (var name in role.InlinePolicies.Keys.Where(n => inlineDocument == null || n != TaskRolePermissions.InlinePolicyName).OrderBy(n => n, StringComparer.Ordinal))
                    changes.Add("delete inline policy " + name);
            }
            if (boundary != null && role.PermissionsBoundaryArn != boundary)
                changes.Add($"permissions boundary {role.PermissionsBoundaryArn ?? "(none)"} -> {boundary}");
        }

        /// <summary>
        /// How many of the group's instances were launched from an older version than the template's latest (a version
        /// not reported as a number, such as "$Latest", is not counted).
        /// </summary>
        public static int StaleInstances(DiscoveredLaunchTemplate template, DiscoveredAutoScalingGroup group)
        {
            var latest = template.LatestVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return group.InstanceLaunchTemplateVersions.Count(v => v.Length > 0 && char.IsDigit(v[0]) && v != latest);
        }

        /// <summary>
        /// The instance refresh the plan shows for an existing group with instances: Change (start one) when the launch
        /// template changes in this run, or when instances still run an older version than the template's latest and no
        /// refresh is under way (a run cut off before it started the refresh); Keep while one is under way; null when there
        /// is nothing to replace.
        /// </summary>
        public static PlanItem? InstanceRefresh(StackNames names, DiscoveredLaunchTemplate? template, DiscoveredAutoScalingGroup? group, bool templateChanges)
        {
            if (template == null || group == null || group.Status != null || group.InstanceCount == 0) return null;
            var stale = StaleInstances(template, group);
            if (group.ActiveRefresh != null)
                return new PlanItem(ResourceGroup.Compute, "instance refresh", names.AutoScalingGroup, PlanAction.Keep, new[]
                {
                    $"instance refresh {group.ActiveRefresh.Id} {group.ActiveRefresh.Status}" +
                    (group.ActiveRefresh.PercentageComplete is int done ? $" ({done}% done)" : "") +
                    (templateChanges ? "; instances it leaves on an older template version are replaced by the next run" : ""),
                });
            if (!templateChanges && stale == 0) return null;
            var count = templateChanges ? group.InstanceCount : stale;
            return new PlanItem(ResourceGroup.Compute, "instance refresh", names.AutoScalingGroup, PlanAction.Change, new[]
            {
                $"replace {count} instance(s) with the {(templateChanges ? "new" : "latest")} launch template version, one batch at a time " +
                $"(at least {StackDefaults.RefreshMinHealthyPercentage}% healthy, warm-up {StackDefaults.RefreshInstanceWarmupSeconds} s)",
            });
        }
    }
}
