using AoTech.Ecs.Errors;

namespace AoTech.Ecs.Stack.Scaling
{
    /// <summary>
    /// What a run asks of task auto scaling (New-AoEcsApp, Set-AoEcsApp). Like the other settings, what is left out is
    /// kept: a run without scaling parameters keeps the scaling the app has. A target of 0 removes that policy;
    /// <see cref="Remove"/> (-NoAutoScaling) removes the scaling altogether. <see cref="TaskScalingRule.Desired"/> merges
    /// the request with what the app has.
    /// </summary>
    public sealed class TaskScalingRequest
    {
        /// <summary>Largest target CPU percent (average utilisation of the tasks' reserved CPU).</summary>
        public const int MaxCpuPercent = 100;
        /// <summary>Largest requests-per-task target taken (requests per target per minute).</summary>
        public const int MaxRequestsPerTask = 1000000;
        /// <summary>-MinCount's default when the app gets auto scaling and -MinCount is left out: the service keeps a task.</summary>
        public const int DefaultMinCount = 1;

        public int? MinCount { get; set; }
        public int? MaxCount { get; set; }
        public int? TargetCpuPercent { get; set; }
        public int? TargetRequestsPerTask { get; set; }
        /// <summary>-NoAutoScaling: deregister the scalable target (its policies go with it).</summary>
        public bool Remove { get; set; }

        /// <summary>True when nothing about scaling was asked: the app keeps what it has.</summary>
        public bool IsEmpty => !Remove && MinCount == null && MaxCount == null && TargetCpuPercent == null && TargetRequestsPerTask == null;

        /// <summary>True when a scaling parameter was given.</summary>
        public bool HasValues => MinCount != null || MaxCount != null || TargetCpuPercent != null || TargetRequestsPerTask != null;

        /// <summary>
        /// The checks that need nothing but the input (made before any AWS call): ranges, -MinCount above -MaxCount, a
        /// given -DesiredCount outside a given range, -NoAutoScaling with values, and (New-AoEcsApp, which states the
        /// app as a whole: <paramref name="maxWithMin"/>) -MinCount without -MaxCount.
        /// </summary>
        public void Validate(int? desiredCount, bool maxWithMin)
        {
            if (Remove && HasValues)
                throw Invalid(TaskScalingErrorIds.ScalingOptionsConflict,
                    "-NoAutoScaling removes the app's task auto scaling; -MinCount, -MaxCount, -TargetCpuPercent and -TargetRequestsPerTask set it. Leave one out.",
                    "NoAutoScaling");
            if (MinCount is int min && (min < 0 || min > AppSpec.MaxDesiredCount))
                throw Invalid(TaskScalingErrorIds.InvalidScalingValue, $"-MinCount {min} must be between 0 and {AppSpec.MaxDesiredCount}.", min);
            if (MaxCount is int max && (max < 1 || max > AppSpec.MaxDesiredCount))
                throw Invalid(TaskScalingErrorIds.InvalidScalingValue, $"-MaxCount {max} must be between 1 and {AppSpec.MaxDesiredCount}.", max);
            if (TargetCpuPercent is int cpu && (cpu < 0 || cpu > MaxCpuPercent))
                throw Invalid(TaskScalingErrorIds.InvalidScalingValue,
                    $"-TargetCpuPercent {cpu} must be between 1 and {MaxCpuPercent} (0 removes the CPU policy).", cpu);
            if (TargetRequestsPerTask is int requests && (requests < 0 || requests > MaxRequestsPerTask))
                throw Invalid(TaskScalingErrorIds.InvalidScalingValue,
                    $"-TargetRequestsPerTask {requests} must be between 1 and {MaxRequestsPerTask} (0 removes the request-count policy).", requests);
            if (TargetCpuPercent == 0 && TargetRequestsPerTask == 0)
                throw Invalid(TaskScalingErrorIds.NoScalingTarget,
                    "-TargetCpuPercent 0 and -TargetRequestsPerTask 0 remove both targets; use -NoAutoScaling to remove auto scaling.", 0);
            if (MinCount is int low && MaxCount is int high && low > high)
                throw Invalid(TaskScalingErrorIds.InvalidScalingRange, $"-MinCount {low} is above -MaxCount {high}.", low);
            if (maxWithMin && MinCount != null && MaxCount == null)
                throw Invalid(TaskScalingErrorIds.MaxCountRequired, $"-MinCount {MinCount} needs -MaxCount: the range auto scaling keeps the tasks in.", MinCount);
            if (desiredCount is int desired && MinCount is int from && MaxCount is int to && (desired < from || desired > to))
                throw Invalid(TaskScalingErrorIds.DesiredCountOutsideRange,
                    $"-DesiredCount {desired} is outside -MinCount {from} .. -MaxCount {to}.", desired);
        }

        internal static AoEcsException Invalid(string errorId, string message, object? target) =>
            new AoEcsException(errorId, AoErrorKind.InvalidArgument, message, target);
    }
}
