namespace AoTech.Ecs.Stack.Scaling
{
    /// <summary>Stable ErrorIds of task auto scaling (-MinCount, -MaxCount, -TargetCpuPercent, -TargetRequestsPerTask, -NoAutoScaling).</summary>
    public static class TaskScalingErrorIds
    {
        /// <summary>A count or target outside what Application Auto Scaling and ECS accept.</summary>
        public const string InvalidScalingValue = "InvalidScalingValue";
        /// <summary>-MinCount above -MaxCount (as given, or with the range the app has).</summary>
        public const string InvalidScalingRange = "InvalidScalingRange";
        /// <summary>A range or target without -MaxCount, for an app without auto scaling yet (or -MinCount alone on New-AoEcsApp).</summary>
        public const string MaxCountRequired = "MaxCountRequired";
        /// <summary>A range without a target: nothing would make it scale.</summary>
        public const string NoScalingTarget = "NoScalingTarget";
        /// <summary>-DesiredCount outside -MinCount..-MaxCount.</summary>
        public const string DesiredCountOutsideRange = "DesiredCountOutsideRange";
        /// <summary>-NoAutoScaling together with a scaling parameter.</summary>
        public const string ScalingOptionsConflict = "ScalingOptionsConflict";
    }
}
