using System;
using System.Collections.Generic;

namespace AoTech.Ecs.Stack.Scaling
{
    /// <summary>
    /// An app's task auto scaling as a whole: the range Application Auto Scaling keeps the service's desired count in, and
    /// the target-tracking targets (null: no such policy). At least one target is set.
    /// </summary>
    public sealed class TaskScaling : IEquatable<TaskScaling>
    {
        public TaskScaling(int minCount, int maxCount, int? targetCpuPercent, int? targetRequestsPerTask)
        {
            MinCount = minCount;
            MaxCount = maxCount;
            TargetCpuPercent = targetCpuPercent;
            TargetRequestsPerTask = targetRequestsPerTask;
        }

        public int MinCount { get; }
        public int MaxCount { get; }
        /// <summary>Average CPU of the service's tasks, in percent (ECSServiceAverageCPUUtilization).</summary>
        public int? TargetCpuPercent { get; }
        /// <summary>Requests per task per minute through the app's target group (ALBRequestCountPerTarget).</summary>
        public int? TargetRequestsPerTask { get; }

        /// <summary>The desired count kept inside the range: what auto scaling itself would move it to.</summary>
        public int Clamp(int count) => Math.Max(MinCount, Math.Min(MaxCount, count));

        /// <summary>"1-10 tasks, CPU 60%, 1000 requests/task", for plans and messages.</summary>
        public override string ToString()
        {
            var parts = new List<string> { $"{MinCount}-{MaxCount} tasks" };
            if (TargetCpuPercent != null) parts.Add($"CPU {TargetCpuPercent}%");
            if (TargetRequestsPerTask != null) parts.Add($"{TargetRequestsPerTask} requests/task");
            return string.Join(", ", parts);
        }

        public bool Equals(TaskScaling? other) => other != null && MinCount == other.MinCount && MaxCount == other.MaxCount &&
            TargetCpuPercent == other.TargetCpuPercent && TargetRequestsPerTask == other.TargetRequestsPerTask;

        public override bool Equals(object? obj) => Equals(obj as TaskScaling);

        public override int GetHashCode() => (MinCount, MaxCount, TargetCpuPercent, TargetRequestsPerTask).GetHashCode();
    }
}
