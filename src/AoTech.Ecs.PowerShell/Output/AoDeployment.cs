using System;
using AoTech.Ecs.Aws;

namespace AoTech.Ecs.PowerShell.Output
{
    /// <summary>
    /// One ECS deployment of an app's service, as Update-AoTaskDefinition -Deploy, Wait-, Undo-, Stop- and
    /// Resume-AoDeployment write it. Name, Id, ServiceDeploymentArn, Region, EndpointUrl and ProfileName bind to the next
    /// cmdlet on the pipeline.
    /// </summary>
    public sealed class AoDeployment : IConnectionDetails
    {
        /// <summary>The app name.</summary>
        public string Name { get; set; } = "";
        public string? Cluster { get; set; }
        public string? Service { get; set; }
        /// <summary>ECS deployment id (ecs-svc/...).</summary>
        public string Id { get; set; } = "";
        /// <summary>ECS deployment status: PRIMARY, ACTIVE or INACTIVE.</summary>
        public string? Status { get; set; }
        /// <summary>IN_PROGRESS, COMPLETED or FAILED (a circuit-breaker rollback is FAILED).</summary>
        public string? RolloutState { get; set; }
        public string? RolloutStateReason { get; set; }
        /// <summary>Task definition the deployment runs, as family:revision.</summary>
        public string? TaskDefinition { get; set; }
        /// <summary>ECS's record of the rollout (arn:aws:ecs:...:service-deployment/...), where ECS keeps one.</summary>
        public string? ServiceDeploymentArn { get; set; }
        /// <summary>PENDING, IN_PROGRESS, SUCCESSFUL, STOPPED, STOP_REQUESTED or ROLLBACK_* (REQUESTED, IN_PROGRESS, SUCCESSFUL, FAILED).</summary>
        public string? ServiceDeploymentStatus { get; set; }
        /// <summary>The lifecycle stage of a blue/green, canary or linear deployment (PRE_SCALE_UP ... BAKE_TIME, CLEAN_UP).</summary>
        public string? LifecycleStage { get; set; }
        /// <summary>ROLLING, BLUE_GREEN, CANARY or LINEAR.</summary>
        public string? Strategy { get; set; }
        public DateTime? StartedAt { get; set; }
        public DateTime? FinishedAt { get; set; }
        /// <summary>FinishedAt - StartedAt once finished; time so far while in progress.</summary>
        public TimeSpan? Duration { get; set; }
        public string? Region { get; set; }
        /// <summary>The -EndpointUrl the deployment was made through (LocalStack, moto), or null for AWS itself.</summary>
        public string? EndpointUrl { get; set; }
        /// <summary>The -ProfileName given, or null.</summary>
        public string? ProfileName { get; set; }

        public override string ToString() => Id;
    }
}
