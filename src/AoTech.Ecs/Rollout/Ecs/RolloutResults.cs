using System;
using System.Collections.Generic;

namespace AoTech.Ecs.Rollout
{
    /// <summary>One container's image in a task definition revision.</summary>
    public sealed class ContainerImage
    {
        public ContainerImage(string container, string image)
        {
            Container = container;
            Image = image;
        }

        public string Container { get; }
        public string Image { get; }
        public override string ToString() => $"{Container}={Image}";
    }

    /// <summary>A task definition revision as Update-AoTaskDefinition reports it.</summary>
    public sealed class TaskDefinitionRevision
    {
        public string Family { get; set; } = "";
        public int Revision { get; set; }
        public string Arn { get; set; } = "";
        public IReadOnlyList<ContainerImage> Images { get; set; } = Array.Empty<ContainerImage>();
        /// <summary>False when nothing would change and no revision was registered (this is then the revision in use).</summary>
        public bool Registered { get; set; }
        /// <summary>What changed, one line each (environment values are never shown).</summary>
        public IReadOnlyList<string> Changes { get; set; } = Array.Empty<string>();
        /// <summary>The revision this one was made from.</summary>
        public string? PreviousArn { get; set; }
        /// <summary>The app whose service runs the family, when the update was addressed by app name.</summary>
        public string? App { get; set; }

        public override string ToString() => $"{Family}:{Revision}";
    }

    /// <summary>A deployment of a service, from the moment UpdateService started it to the end of the wait.</summary>
    public sealed class DeploymentInfo
    {
        public string Id { get; set; } = "";
        public string? App { get; set; }
        public string Cluster { get; set; } = "";
        public string Service { get; set; } = "";
        /// <summary>PRIMARY, ACTIVE or INACTIVE, as ECS last reported it.</summary>
        public string? Status { get; set; }
        /// <summary>IN_PROGRESS, COMPLETED or FAILED.</summary>
        public string? RolloutState { get; set; }
        public string? RolloutStateReason { get; set; }
        public string? TaskDefinition { get; set; }
        /// <summary>The task definition the service ran before this deployment (what a rollback returns to).</summary>
        public string? PreviousTaskDefinition { get; set; }
        public DateTimeOffset? CreatedAt { get; set; }
        public DateTimeOffset? FinishedAt { get; set; }
        public TimeSpan? Duration { get; set; }
        /// <summary>InProgress until waited for; Completed after a successful wait.</summary>
        public DeploymentOutcome Outcome { get; set; } = DeploymentOutcome.InProgress;
        public int? RunningCount { get; set; }
        public int? DesiredCount { get; set; }
        /// <summary>The service deployment of this rollout (ECS's record of it), once known.</summary>
        public string? ServiceDeploymentArn { get; set; }
        /// <summary>PENDING, IN_PROGRESS, SUCCESSFUL, STOPPED, ROLLBACK_* as the service-deployment API reports it.</summary>
        public string? ServiceDeploymentStatus { get; set; }
        /// <summary>The lifecycle stage of a blue/green, canary or linear deployment.</summary>
        public string? LifecycleStage { get; set; }
        /// <summary>ROLLING, BLUE_GREEN, CANARY or LINEAR, when the service-deployment API told it.</summary>
        public string? Strategy { get; set; }
        /// <summary>True when ECS keeps service deployments for this service (DescribeServices names a currentServiceDeployment).</summary>
        public bool OffersServiceDeployments { get; set; }

        public ServiceLocation Location => new ServiceLocation(Cluster, Service, App);

        public override string ToString() => $"{Id} ({DeploymentFailures.TaskDefinitionName(TaskDefinition)}, {Outcome})";
    }
}
