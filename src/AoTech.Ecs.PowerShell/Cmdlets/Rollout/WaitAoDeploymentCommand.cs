using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.PowerShell.Infrastructure;
using AoTech.Ecs.PowerShell.Output;
using AoTech.Ecs.Rollout;

namespace AoTech.Ecs.PowerShell.Cmdlets.Rollout
{
    [Cmdlet(VerbsLifecycle.Wait, "AoDeployment")]
    [OutputType(typeof(AoDeployment))]
    public sealed class WaitAoDeploymentCommand : DeploymentTargetCmdlet
    {
        [Parameter]
        [TimeoutTransformation]
        [ValidateTimeout]
        public TimeSpan Timeout { get; set; } = DeploymentWaitRunner.DefaultTimeout;

        protected override async Task ProcessRecordAsync(CancellationToken ct)
        {
            CheckDeploymentReferences();
            var location = await ServiceLocation.ForAppAsync(Connection, Name, ct).ConfigureAwait(false);
            var deployment = await new ServiceDeployments(Connection).LookUpAsync(location, DeploymentId, ct).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(ServiceDeploymentArn)) deployment.ServiceDeploymentArn = ServiceDeploymentArn;
            var finished = await DeploymentWaitRunner.WaitAsync(this, "Wait-AoDeployment", Connection, deployment, Timeout, ct).ConfigureAwait(false);
            PostObject(WithConnectionDetails(RolloutOutput.ToOutput(finished)));
        }
    }
}
