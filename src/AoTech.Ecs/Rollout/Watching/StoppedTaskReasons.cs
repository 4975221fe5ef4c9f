using System;
using System.Collections.Generic;
using System.Linq;

namespace AoTech.Ecs.Rollout
{
    /// <summary>Broad cause of a stopped task, so the error can say what to fix.</summary>
    public enum StopReasonKind { ImagePull, HealthCheck, OutOfMemory, ContainerExited, Other }

    /// <summary>One distinct reason tasks of the deployment stopped, with how many tasks it hit.</summary>
    public sealed class StoppedTaskReason
    {
        public StopReasonKind Kind { get; set; }
        public string Text { get; set; } = "";
        public int Count { get; set; }

        public override string ToString() => Count > 1 ? $"{Text} ({Count} tasks)" : Text;
    }

    /// <summary>Turns DescribeTasks stop information into short, distinct, classified reasons.</summary>
    public static class StoppedTaskReasons
    {
        /// <summary>
        /// Normal stops during a rolling deployment or scale-in say nothing about why a rollout fails; leave them out.
        /// </summary>
        public static bool IsRoutine(StoppedTaskSnapshot task)
        {
            var reason = task.StoppedReason ?? "";
            return reason.StartsWith("Scaling activity initiated by", StringComparison.OrdinalIgnoreCase)
                || (string.Equals(task.StopCode, "UserInitiated", StringComparison.OrdinalIgnoreCase)
                    && task.Containers.All(c => string.IsNullOrEmpty(c.Reason)));
        }

        /// <summary>One line per task: the task's reason, then each container's reason and exit code when they add something.</summary>
        public static string Describe(StoppedTaskSnapshot task)
        {
            var parts = new List<string>();
            if (!string.IsNullOrWhiteSpace(task.StoppedReason)) parts.Add(task.StoppedReason!.Trim());
            foreach (var c in task.Containers)
            {
                var detail = new List<string>();
                if (!string.IsNullOrWhiteSpace(c.Reason)) detail.Add(c.Reason!.Trim());
                if (c.ExitCode.HasValue && c.ExitCode.Value != 0) detail.Add($"exit code {c.ExitCode.Value}");
                if (string.Equals(c.HealthStatus, "UNHEALTHY", StringComparison.OrdinalIgnoreCase)) detail.Add("unhealthy");
                if (detail.Count > 0) parts.Add($"container {c.Name}: {string.Join(", ", detail)}");
            }
            if (parts.Count == 0) parts.Add(task.StopCode ?? "stopped without a reason");
            return string.Join("; ", parts);
        }

        public static StopReasonKind Classify(StoppedTaskSnapshot task)
        {
            var all = string.Join(" ", new[] { task.StoppedReason }.Concat(task.Containers.Select(c => c.Reason)).Where(s => s != null));
            bool Has(string s) => all.IndexOf(s, StringComparison.OrdinalIgnoreCase) >= 0;
            if (Has("CannotPullContainer") || Has("pull image") || Has("manifest unknown") || Has("ResourceInitializationError"))
                return StopReasonKind.ImagePull;
            if (Has("OutOfMemory") || Has("out of memory") || Has("OOM"))
                return StopReasonKind.OutOfMemory;
            if (Has("health check") || Has("health-check") || Has("healthcheck") ||
                task.Containers.Any(c => string.Equals(c.HealthStatus, "UNHEALTHY", StringComparison.OrdinalIgnoreCase)))
                return StopReasonKind.HealthCheck;
            if (string.Equals(task.StopCode, "EssentialContainerExited", StringComparison.OrdinalIgnoreCase) || Has("Essential container"))
                return StopReasonKind.ContainerExited;
            return StopReasonKind.Other;
        }
    }
}
