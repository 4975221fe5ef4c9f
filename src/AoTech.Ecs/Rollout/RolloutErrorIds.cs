namespace AoTech.Ecs.Rollout
{
    /// <summary>Stable ErrorIds of the rollout failures; scripts match on them.</summary>
    public static class RolloutErrorIds
    {
        public const string DeploymentFailed = "DeploymentFailed";
        public const string DeploymentRolledBack = "DeploymentRolledBack";
        public const string DeploymentReplaced = "DeploymentReplaced";
        public const string DeploymentTimedOut = "DeploymentTimedOut";
        public const string DeploymentNotFound = "DeploymentNotFound";
        public const string ServiceNotActive = "ServiceNotActive";
        public const string DeploymentStopped = "DeploymentStopped";
        public const string DeploymentRollbackFailed = "DeploymentRollbackFailed";
        /// <summary>A rollback (or stop) was asked for, but the deployment ended another way first.</summary>
        public const string DeploymentNotRolledBack = "DeploymentNotRolledBack";
        /// <summary>A stop was asked for, but the deployment ended another way first.</summary>
        public const string DeploymentNotStopped = "DeploymentNotStopped";
        /// <summary>Stop-AoDeployment or Resume-AoDeployment on a deployment that is no longer rolling out.</summary>
        public const string DeploymentNotInProgress = "DeploymentNotInProgress";
        /// <summary>Resume-AoDeployment on a deployment that waits at no PAUSE hook.</summary>
        public const string DeploymentNotPaused = "DeploymentNotPaused";
        /// <summary>The endpoint has no service-deployment API (ListServiceDeployments and friends).</summary>
        public const string ServiceDeploymentsUnsupported = "ServiceDeploymentsUnsupported";
        public const string InvalidServiceDeploymentArn = "InvalidServiceDeploymentArn";
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
