using System;
using System.Management.Automation;
using AoTech.Ecs.PowerShell.Completion;
using AoTech.Ecs.PowerShell.Infrastructure;
using AoTech.Ecs.Rollout;

namespace AoTech.Ecs.PowerShell.Cmdlets.Rollout
{
    /// <summary>
    /// What the cmdlets about one deployment of an app share (Wait-, Stop-, Resume-AoDeployment): the deployment, named
    /// by app, by the deployment a rollout started, or by its service deployment ARN, each binding from piped deployments.
    /// </summary>
    public abstract class DeploymentTargetCmdlet : AoAwsCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("App")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AppNameCompleter))]
        public string Name { get; set; } = "";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [PSDefaultValue(Help = "The service's current deployment")]
        public string? DeploymentId { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotEmpty]
        [PSDefaultValue(Help = "The service deployment -DeploymentId's rollout started, else the service's current one")]
        public string? ServiceDeploymentArn { get; set; }

        /// <summary>Refuses an empty -DeploymentId and a malformed -ServiceDeploymentArn, before any AWS call.</summary>
        protected void CheckDeploymentReferences() => DeploymentReferences.Check(DeploymentId, ServiceDeploymentArn, Name);

        protected override object? TargetOf(Exception ex) => DeploymentReferences.Target(DeploymentId, ServiceDeploymentArn, Name);
    }
}
