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
}
