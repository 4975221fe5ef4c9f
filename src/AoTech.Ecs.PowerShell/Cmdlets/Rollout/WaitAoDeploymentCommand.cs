using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.PowerShell.Infrastructure;
using AoTech.Ecs.PowerShell.Output;
using AoTech.Ecs.Rollout;

namespace AoTech.Ecs.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Waits until a deployment has completed, and fails clearly when it does not.</para>
    /// <para type="description">Follows the service deployment ECS keeps for one rollout (piped from
    /// Update-AoTaskDefinition -Deploy, or the app's current one) until it is SUCCESSFUL, whatever the strategy (rolling,
    /// blue/green, canary, linear), showing its lifecycle stage and traffic weights. It fails with ErrorId
    /// DeploymentRolledBack, DeploymentStopped, DeploymentRollbackFailed or DeploymentTimedOut (naming the stage it was
    /// stuck in), giving the reason, the circuit breaker and alarm details and why tasks stopped. Where the endpoint keeps
    /// no service deployments it follows DescribeServices instead, and says so under -Verbose.</para>
    /// </summary>
    /// <example><code>Update-AoTaskDefinition -Name web -Image @{ web = 'repo/web:2' } -Deploy | Wait-AoDeployment -Timeout 1200</code></example>
    [Cmdlet(VerbsLifecycle.Wait, "AoDeployment")]
    [OutputType(typeof(AoDeployment))]
    public sealed class WaitAoDeploymentCommand : DeploymentTargetCmdlet
    {
        /// <summary><para type="description">How long to wait: a TimeSpan, a number of seconds, 'hh:mm:ss' or an ISO 8601 duration; at most 24 hours. Default 15 minutes.</para></summary>
        [Parameter]
        [TimeoutTransformation]
        [ValidateTimeout]
        public TimeSpan Timeout { get; set; } = DeploymentWaitRunner.DefaultTimeout;

        protected override async Task ProcessRecordAsync(CancellationToken ct)
        {
            CheckDeploymentReferences();
            var location = ServiceLocation.ForApp(Name);
            var deployment = await new ServiceDeployments(Connection).LookUpAsync(location, DeploymentId, ct).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(ServiceDeploymentArn)) deployment.ServiceDeploymentArn = ServiceDeploymentArn;
            var finished = await DeploymentWaitRunner.WaitAsync(this, "Wait-AoDeployment", Connection, deployment, Timeout, ct).ConfigureAwait(false);
            PostObject(WithConnectionDetails(RolloutOutput.ToOutput(finished)));
        }
    }
}
