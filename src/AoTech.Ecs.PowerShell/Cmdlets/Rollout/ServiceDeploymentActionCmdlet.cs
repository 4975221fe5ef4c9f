using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.PowerShell.Infrastructure;
using AoTech.Ecs.Rollout;

namespace AoTech.Ecs.PowerShell.Cmdlets.Rollout
{
    /// <summary>
    /// What Stop- and Resume-AoDeployment share: the service deployment they act on, resolved before any change.
    /// </summary>
    public abstract class ServiceDeploymentActionCmdlet : DeploymentTargetCmdlet
    {
        /// <summary>
        /// The service deployment named by the parameters, as ECS shows it now; a malformed ARN, an unknown deployment or
        /// an endpoint without service deployments is refused here, before any change.
        /// </summary>
        protected async Task<(ServiceLocation Location, ServiceDeploymentSnapshot Target)> ResolveTargetAsync(
            ServiceDeployments deployments, string action, CancellationToken ct)
        {
            CheckDeploymentReferences();
            var location = await ServiceLocation.ForAppAsync(Connection, Name, ct).ConfigureAwait(false);
            var target = await deployments.ResolveAsync(location, DeploymentId, ServiceDeploymentArn, action, ct).ConfigureAwait(false);
            return (location, target);
        }
    }
}
