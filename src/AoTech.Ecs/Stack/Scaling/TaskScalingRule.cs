using System.Collections.Generic;
using AoTech.Ecs.Stack.Planning;

namespace AoTech.Ecs.Stack.Scaling
{
    /// <summary>
    /// Decides an app's task auto scaling from what the run asks and what the app has, and the desired count the
    /// service converges to. Pure: no AWS calls.
    /// </summary>
    public static class TaskScalingRule
    {
        /// <summary>
        /// The scaling the app is to have: none after -NoAutoScaling; what it has when nothing is asked; else what it
        /// has with the given values changed. Throws (before any change) when the result is no scaling at all or not sane.
        /// </summary>
        public static TaskScaling? Desired(TaskScalingRequest request, TaskScaling? current, int? desiredCount)
        {
            if (request.Remove) return null;
            var scaling = request.IsEmpty ? current : Merge(request, current);
            if (scaling != null && desiredCount is int desired && (desired < scaling.MinCount || desired > scaling.MaxCount))
                throw TaskScalingRequest.Invalid(TaskScalingErrorIds.DesiredCountOutsideRange,
                    $"-DesiredCount {desired} is outside the auto scaling range {scaling.MinCount} .. {scaling.MaxCount}.", desired);
            return scaling;
        }

        private static TaskScaling Merge(TaskScalingRequest request, TaskScaling? current)
        {
            if (current == null && request.MaxCount == null)
                throw TaskScalingRequest.Invalid(TaskScalingErrorIds.MaxCountRequired,
                    "The app has no task auto scaling yet: give -MaxCount (and a target: -TargetCpuPercent or -TargetRequestsPerTask).",
                    request.MinCount ?? request.TargetCpuPercent ?? request.TargetRequestsPerTask);
            var max = request.MaxCount ?? current!.MaxCount;
            var min = request.MinCount ?? current?.MinCount ?? System.Math.Min(TaskScalingRequest.DefaultMinCount, max);
            var cpu = Target(request.TargetCpuPercent, current?.TargetCpuPercent);
            var requests = Target(request.TargetRequestsPerTask, current?.TargetRequestsPerTask);
            if (min > max)
                throw TaskScalingRequest.Invalid(TaskScalingErrorIds.InvalidScalingRange,
                    $"The range would be {min} .. {max} tasks ({(request.MinCount == null ? "the app's -MinCount" : "-MinCount")} {min} above " +
                    $"{(request.MaxCount == null ? "the app's -MaxCount" : "-MaxCount")} {max}).", request.MinCount ?? request.MaxCount);
            if (cpu == null && requests == null)
                throw TaskScalingRequest.Invalid(TaskScalingErrorIds.NoScalingTarget,
                    "Auto scaling needs a target to track: give -TargetCpuPercent, -TargetRequestsPerTask or both (or -NoAutoScaling to have none).",
                    request.MaxCount ?? request.MinCount);
            return new TaskScaling(min, max, cpu, requests);
        }

        /// <summary>A given target replaces the current one; 0 removes it; left out, the current one stays.</summary>
        private static int? Target(int? given, int? current) => given == null ? current : given == 0 ? null : given;

        /// <summary>
        /// The desired count the service converges to. Without auto scaling: <paramref name="specDesired"/>, as always.
        /// With it, the count is auto scaling's: a new service starts at <paramref name="specDesired"/> kept inside the range,
        /// and an existing one keeps its count (whatever auto scaling made it), moved only into a changed range.
        /// </summary>
        public static int ServiceDesiredCount(int specDesired, int? currentDesired, TaskScaling? desired) =>
            desired == null ? specDesired : desired.Clamp(currentDesired ?? specDesired);

        /// <summary>
        /// The plan's lines for the scalable target and the app's two policies. <paramref name="resourceLabel"/> is the
        /// request-count metric's label, or null when the load balancer or target group is still to be made.
        /// </summary>
        public static IReadOnlyList<PlanItem> Plan(TaskScalingNames names, TaskScaling? desired, DiscoveredTaskScaling? found, string? resourceLabel)
        {
            var items = new List<PlanItem>();
            const ResourceGroup group = ResourceGroup.TaskScaling;
            if (desired == null)
            {
                if (found != null)
                    items.Add(new PlanItem(group, "scalable target", names.ResourceId, PlanAction.Delete,
                        new[] { $"remove auto scaling ({found.MinCount}-{found.MaxCount} tasks) and its policies; the service keeps its desired count" }));
                return items;
            }

            var targetChanges = new List<string>();
            if (found != null)
            {
                if (found.MinCount != desired.MinCount) targetChanges.Add($"min {found.MinCount} -> {desired.MinCount}");
                if (found.MaxCount != desired.MaxCount) targetChanges.Add($"max {found.MaxCount} -> {desired.MaxCount}");
            }
            items.Add(new PlanItem(group, "scalable target", names.ResourceId,
                found == null ? PlanAction.Create : targetChanges.Count > 0 ? PlanAction.Change : PlanAction.Keep,
                found == null ? new[] { $"{desired.MinCount}-{desired.MaxCount} tasks" } : targetChanges));

            AddPolicy(items, names.CpuPolicy, TaskScalingNames.CpuMetric, desired.TargetCpuPercent, null, found, "% CPU");
            AddPolicy(items, names.RequestsPolicy, TaskScalingNames.RequestsMetric, desired.TargetRequestsPerTask, resourceLabel ?? "", found, " requests/task");
            return items;
        }

        private static void AddPolicy(List<PlanItem> items, string name, string metric, int? target, string? label, DiscoveredTaskScaling? found,
            string unit)
        {
            var existing = found?.Policy(name);
            if (target == null)
            {
                if (existing != null)
                    items.Add(new PlanItem(ResourceGroup.TaskScaling, "scaling policy", name, PlanAction.Delete, new[] { "target removed (0)" }));
                return;
            }
            if (existing == null)
            {
                items.Add(new PlanItem(ResourceGroup.TaskScaling, "scaling policy", name, PlanAction.Create, new[] { $"target {target}{unit} ({metric})" }));
                return;
            }
            var changes = new List<string>();
            if (existing.MetricType != metric) changes.Add($"metric {existing.MetricType} -> {metric}");
            if (existing.TargetValue == null || System.Math.Abs(existing.TargetValue.Value - target.Value) > 1e-9)
                changes.Add($"target {existing.TargetValue} -> {target}{unit}");
            if (label != null && label.Length == 0) changes.Add("resource label -> the new load balancer and target group");
            else if (label != null && existing.ResourceLabel != label) changes.Add($"resource label {existing.ResourceLabel ?? "(none)"} -> {label}");
            items.Add(new PlanItem(ResourceGroup.TaskScaling, "scaling policy", name, changes.Count > 0 ? PlanAction.Change : PlanAction.Keep, changes));
        }
    }
}
