namespace AoTech.Ecs.Stack.Deployments
{
    /// <summary>
    /// Stable ErrorIds of the deployment strategy parameters (-DeploymentStrategy, -BakeTime, -CanaryPercent, -CanaryBakeTime,
    /// -LinearStepPercent, -LinearStepBakeTime, -PauseAt, -TestTrafficHeader). Each is raised before any AWS call.
    /// </summary>
    public static class DeploymentErrorIds
    {
        /// <summary>A bake time, canary percent or linear step outside what ECS accepts.</summary>
        public const string DeploymentValueOutOfRange = "DeploymentValueOutOfRange";
        /// <summary>A canary parameter with another strategy than Canary, a linear one with another than Linear.</summary>
        public const string StrategyOptionMismatch = "StrategyOptionMismatch";
        /// <summary>-BakeTime, -PauseAt or -TestTrafficHeader with Rolling: ECS documents them for BLUE_GREEN, CANARY and LINEAR only.</summary>
        public const string BlueGreenOptionWithRolling = "BlueGreenOptionWithRolling";
        /// <summary>-PauseAt names a stage that is not one of ECS's deployment lifecycle stages.</summary>
        public const string InvalidLifecycleStage = "InvalidLifecycleStage";
        /// <summary>-TestTrafficHeader is not 'Name: value' as a load balancer's http-header condition takes it.</summary>
        public const string InvalidTestTrafficHeader = "InvalidTestTrafficHeader";
        /// <summary>
        /// A blue/green-family strategy with a task definition that takes a fixed host port, and too few instances (-MaxSize)
        /// to run both revisions at full count.
        /// </summary>
        public const string FixedHostPortCapacity = "FixedHostPortCapacity";
        /// <summary>
        /// Request-count task auto scaling (-TargetRequestsPerTask) with a blue/green-family strategy, given together or one on
        /// an app that has the other: ALBRequestCountPerTarget watches one target group, ECS moves production between two.
        /// </summary>
        public const string RequestScalingWithBlueGreen = "RequestScalingWithBlueGreen";
        /// <summary>
        /// A change of strategy while a service deployment is PENDING or IN_PROGRESS: Wait-AoDeployment lets it end,
        /// Stop-AoDeployment stops it.
        /// </summary>
        public const string DeploymentInProgress = "StrategySwitchDuringDeployment";
        /// <summary>Set-AoEcsApp with a strategy parameter for an app that has no service yet (New-AoEcsApp makes it).</summary>
        public const string AppNotDeployed = "AppNotDeployed";
    }
}
