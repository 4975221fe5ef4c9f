using System.Collections.Specialized;
using AoTech.Ecs.PowerShell.Output;
using AoTech.Ecs.Rollout;

namespace AoTech.Ecs.PowerShell.Cmdlets.Rollout
{
    /// <summary>
    /// Core rollout results as the module's output classes: their table views, and property names (Name, Id) that
    /// bind to the next cmdlet on the pipeline.
    /// </summary>
    internal static class RolloutOutput
    {
        public static AoTaskDefinition ToOutput(TaskDefinitionRevision revision)
        {
            var images = new OrderedDictionary();
            foreach (var image in revision.Images) images[image.Container] = image.Image;
            return new AoTaskDefinition
            {
                Family = revision.Family,
                Revision = revision.Revision,
                Arn = revision.Arn,
                Images = images,
                Changed = revision.Registered,
            };
        }

        public static AoDeployment ToOutput(DeploymentInfo deployment) => new AoDeployment
        {
            Name = deployment.App ?? deployment.Service,
            Cluster = deployment.Cluster,
            Service = deployment.Service,
            Id = deployment.Id,
            Status = deployment.Status,
            RolloutState = deployment.RolloutState,
            RolloutStateReason = deployment.RolloutStateReason,
            TaskDefinition = deployment.TaskDefinition == null ? null : DeploymentFailures.TaskDefinitionName(deployment.TaskDefinition),
            ServiceDeploymentArn = deployment.ServiceDeploymentArn,
            ServiceDeploymentStatus = deployment.ServiceDeploymentStatus,
            LifecycleStage = deployment.LifecycleStage,
            Strategy = deployment.Strategy,
            StartedAt = deployment.CreatedAt?.UtcDateTime,
            FinishedAt = deployment.FinishedAt?.UtcDateTime,
            Duration = deployment.Duration,
        };
    }
}
