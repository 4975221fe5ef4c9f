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
        /// <summary>The service deployment was stopped (StopServiceDeployment, or a failure with rollback off): STOP_REQUESTED or STOPPED.</summary>
        Stopped,
        /// <summary>ECS tried to roll the service deployment back and could not (ROLLBACK_FAILED).</summary>
        RollbackFailed,
    }

    /// <summary>What a wait expects of the deployment it follows.</summary>
    public enum RolloutGoal
    {
        /// <summary>The rollout completes (SUCCESSFUL); anything else is a failure. Wait-AoDeployment.</summary>
        Complete,
        /// <summary>The deployment has been rolled back (ROLLBACK_SUCCESSFUL). Undo-AoDeployment, Stop-AoDeployment -Rollback.</summary>
        RollBack,
        /// <summary>The deployment has stopped where it stood (STOPPED). Stop-AoDeployment.</summary>
        Stop,
    }

    public static class DeploymentOutcomeExtensions
    {
        public static bool IsFinal(this DeploymentOutcome outcome) => outcome != DeploymentOutcome.InProgress;
        public static bool IsFailure(this DeploymentOutcome outcome) =>
            outcome != DeploymentOutcome.InProgress && outcome != DeploymentOutcome.Completed;

        /// <summary>A final outcome other than the one the goal wants.</summary>
        public static bool IsFailure(this DeploymentOutcome outcome, RolloutGoal goal) =>
            outcome != DeploymentOutcome.InProgress && outcome != goal.Success();

        /// <summary>The outcome that ends a wait with this goal successfully.</summary>
        public static DeploymentOutcome Success(this RolloutGoal goal) => goal switch
        {
            RolloutGoal.RollBack => DeploymentOutcome.RolledBack,
            RolloutGoal.Stop => DeploymentOutcome.Stopped,
            _ => DeploymentOutcome.Completed,
        };
    }
}
