namespace AoTech.Ecs.Rollout
{
    /// <summary>Where a followed deployment stands. Everything but InProgress is final.</summary>
    public enum DeploymentOutcome
    {
        InProgress,
        /// <summary>Our deployment is PRIMARY, rolloutState COMPLETED, running == desired, and no other deployment is left.</summary>
        Completed,
        /// <summary>rolloutState FAILED and nothing took over (circuit breaker without rollback).</summary>
        Failed,
        /// <summary>The circuit breaker (or someone) put the previous task definition back: a failure, even though the service ends stable.</summary>
        RolledBack,
        /// <summary>Another deployment of a different task definition became PRIMARY before ours completed.</summary>
        Replaced,
        /// <summary>The followed deployment id was never among the service's deployments.</summary>
        NotFound,
        /// <summary>The service is DRAINING, INACTIVE or gone.</summary>
        ServiceInactive,
        TimedOut,
    }

    public static class DeploymentOutcomeExtensions
    {
        public static bool IsFinal(this DeploymentOutcome outcome) => outcome != DeploymentOutcome.InProgress;
        public static bool IsFailure(this DeploymentOutcome outcome) =>
            outcome != DeploymentOutcome.InProgress && outcome != DeploymentOutcome.Completed;
    }

    /// <summary>Stable ErrorIds of the rollout failures; scripts match on them.</summary>
    public static class RolloutErrorIds
    {
        public const string DeploymentFailed = "DeploymentFailed";
        public const string DeploymentRolledBack = "DeploymentRolledBack";
        public const string DeploymentReplaced = "DeploymentReplaced";
        public const string DeploymentTimedOut = "DeploymentTimedOut";
        public const string DeploymentNotFound = "DeploymentNotFound";
        public const string ServiceNotActive = "ServiceNotActive";
        public const string InvalidImageReference = "InvalidImageReference";
        public const string ContainerNotFound = "ContainerNotFound";
        public const string AmbiguousContainer = "AmbiguousContainer";
        public const string ConflictingUpdate = "ConflictingUpdate";
        public const string InvalidEnvironmentName = "InvalidEnvironmentName";
        /// <summary>-Family is not a family, family:revision or task definition ARN.</summary>
        public const string InvalidFamily = "InvalidFamily";
        /// <summary>-DeploymentId is given but empty.</summary>
        public const string InvalidDeploymentId = "InvalidDeploymentId";
        public const string TaskDefinitionNotFound = "TaskDefinitionNotFound";
        /// <summary>A registered revision that cannot be read back (no containers, an unknown shape).</summary>
        public const string InvalidTaskDefinition = "InvalidTaskDefinition";
        public const string RegisterFailed = "RegisterFailed";
        public const string DeploymentNotStarted = "DeploymentNotStarted";
        public const string NoPreviousRevision = "NoPreviousRevision";
        public const string AutoScalingGroupNotFound = "AutoScalingGroupNotFound";
        public const string InvalidScale = "InvalidScale";
        /// <summary>Update-AoTaskDefinition was given no image and no environment change.</summary>
        public const string NothingToUpdate = "NothingToUpdate";
        /// <summary>Set-AoEcsApp was given no count or size.</summary>
        public const string NothingToChange = "NothingToChange";
    }
}
