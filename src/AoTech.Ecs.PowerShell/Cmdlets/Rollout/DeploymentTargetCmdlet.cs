using System;
using System.Management.Automation;
using AoTech.Ecs.PowerShell.Completion;
using AoTech.Ecs.PowerShell.Infrastructure;
using AoTech.Ecs.Rollout;

namespace AoTech.Ecs.PowerShell.Cmdlets
{
    /// <summary>
    /// What the cmdlets about one deployment of an app share (Wait-, Stop-, Resume-AoDeployment): the deployment, named
    /// by app, by the deployment a rollout started, or by its service deployment ARN, each binding from piped deployments.
    /// </summary>
    public abstract class DeploymentTargetCmdlet : AoAwsCmdlet
    {
        /// <summary><para type="description">The app whose deployment this is about. Binds from the Name of piped deployments and apps.</para></summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("App")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AppNameCompleter))]
        public string Name { get; set; } = "";

        /// <summary><para type="description">The deployment (ecs-svc/...); by default the service's current one. Binds from the Id of
        /// piped deployments and the DeploymentId of piped apps.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [PSDefaultValue(Help = "The service's current deployment")]
        public string? DeploymentId { get; set; }

        /// <summary><para type="description">The service deployment (arn:aws:ecs:...:service-deployment/...). Binds from the
        /// ServiceDeploymentArn of piped deployments.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotEmpty]
        [PSDefaultValue(Help = "The service deployment -DeploymentId's rollout started, else the service's current one")]
        public string? ServiceDeploymentArn { get; set; }

        /// <summary>Refuses an empty -DeploymentId and a malformed -ServiceDeploymentArn, before any AWS call.</summary>
        protected void CheckDeploymentReferences() => DeploymentReferences.Check(DeploymentId, ServiceDeploymentArn, Name);

        protected override object? TargetOf(Exception ex) => DeploymentReferences.Target(DeploymentId, ServiceDeploymentArn, Name);
    }
}
