using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.PowerShell.Completion;
using AoTech.Ecs.PowerShell.Infrastructure;
using AoTech.Ecs.Rollout;

namespace AoTech.Ecs.PowerShell.Cmdlets
{
    /// <summary>
    /// What Stop- and Resume-AoDeployment share: the service deployment they act on, named by app, by the deployment a
    /// rollout started, or by its ARN (each binding from piped deployments), and its resolution before any change.
    /// </summary>
    public abstract class ServiceDeploymentActionCmdlet : AoAwsCmdlet
    {
        /// <summary><para type="description">The app whose deployment to act on. Binds from the Name of piped deployments and apps.</para></summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("App")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AppNameCompleter))]
        public string Name { get; set; } = "";

        /// <summary><para type="description">The deployment (ecs-svc/...) whose service deployment to act on. Binds from the Id of piped deployments.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotEmpty]
        [PSDefaultValue(Help = "The service's current service deployment")]
        public string? DeploymentId { get; set; }

        /// <summary><para type="description">The service deployment to act on. Binds from the ServiceDeploymentArn of piped deployments.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotEmpty]
        [PSDefaultValue(Help = "The service deployment of -DeploymentId, else the service's current one")]
        public string? ServiceDeploymentArn { get; set; }

        /// <summary>
        /// The service deployment named by the parameters, as ECS shows it now; a malformed ARN, an unknown deployment or
        /// an endpoint without service deployments is refused here, before any change.
        /// </summary>
        protected async Task<(ServiceLocation Location, ServiceDeploymentSnapshot Target)> ResolveTargetAsync(
            ServiceDeployments deployments, string action, CancellationToken ct)
        {
            if (!string.IsNullOrEmpty(ServiceDeploymentArn)) ServiceDeploymentArns.Check(ServiceDeploymentArn!);
            var location = ServiceLocation.ForApp(Name);
            var target = await deployments.ResolveAsync(location, DeploymentId, ServiceDeploymentArn, action, ct).ConfigureAwait(false);
            return (location, target);
        }

        protected override object? TargetOf(Exception ex) => (object?)ServiceDeploymentArn ?? (object?)DeploymentId ?? Name;
    }
}
