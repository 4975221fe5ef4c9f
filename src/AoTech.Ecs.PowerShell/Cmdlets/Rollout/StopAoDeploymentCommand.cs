using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Errors;
using AoTech.Ecs.PowerShell.Output;
using AoTech.Ecs.Rollout;

namespace AoTech.Ecs.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Stops an app's deployment that is still rolling out; with -Rollback, ECS rolls it back.</para>
    /// <para type="description">Calls StopServiceDeployment on the app's current service deployment (or the one piped in).
    /// With -Rollback ECS returns the service to the revision that ran before (stop type ROLLBACK, which works even when
    /// the deployment was not configured to roll back); without it the deployment stops where it stands (stop type
    /// ABORT). The stop is then followed until it has finished (-NoWait returns at once). Only a PENDING or IN_PROGRESS
    /// deployment can be stopped.</para>
    /// </summary>
    /// <example><code>Stop-AoDeployment -Name web -Rollback</code></example>
    [Cmdlet(VerbsLifecycle.Stop, "AoDeployment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(AoDeployment))]
    public sealed class StopAoDeploymentCommand : ServiceDeploymentActionCmdlet
    {
        /// <summary><para type="description">Roll the service back to the revision that ran before, instead of stopping it where it stands.</para></summary>
        [Parameter]
        public SwitchParameter Rollback { get; set; }

        /// <summary><para type="description">How long to wait for the stop or rollback to finish: a TimeSpan, a number of seconds, 'hh:mm:ss' or an ISO 8601 duration; at most 24 hours. Default 15 minutes.</para></summary>
        [Parameter]
        [TimeoutTransformation]
        [ValidateTimeout]
        public TimeSpan Timeout { get; set; } = DeploymentWaitRunner.DefaultTimeout;

        /// <summary><para type="description">Stop the deployment and output it without waiting for the stop to finish.</para></summary>
        [Parameter]
        public SwitchParameter NoWait { get; set; }

        protected override async Task ProcessRecordAsync(CancellationToken ct)
        {
            var deployments = new ServiceDeployments(Connection);
            var (location, target) = await ResolveTargetAsync(deployments,
                Rollback ? "roll back a deployment" : "stop a deployment", ct).ConfigureAwait(false);
            var id = ServiceDeploymentArns.ShortId(target.Arn);
            if (!ServiceDeploymentStatuses.IsRollingOut(target.Status))
                throw new AoEcsException(RolloutErrorIds.DeploymentNotInProgress, AoErrorKind.OperationFailed,
                    $"Service deployment {id} of service '{location.Service}' is {target.Status}: only a PENDING or IN_PROGRESS deployment can be stopped.",
                    target.Arn);

            var deployment = ServiceDeployments.FromSnapshot(location, target, DeploymentId);
            var revision = DeploymentFailures.TaskDefinitionName(deployment.TaskDefinition);
            var action = Rollback
                ? $"Roll back service deployment {id} of {revision} to {DeploymentFailures.TaskDefinitionName(deployment.PreviousTaskDefinition)} (StopServiceDeployment ROLLBACK)"
                : $"Stop service deployment {id} of {revision} where it stands (StopServiceDeployment ABORT)";
            if (!await ShouldProcessAsync(location.Service, action).ConfigureAwait(false)) return;
            await deployments.StopAsync(target.Arn, Rollback, ct).ConfigureAwait(false);
            PostVerbose($"Asked ECS to {(Rollback ? "roll back" : "stop")} service deployment {target.Arn}.");

            if (NoWait)
            {
                var now = await deployments.ResolveAsync(location, null, target.Arn, "read a deployment", ct).ConfigureAwait(false);
                PostObject(WithConnectionDetails(RolloutOutput.ToOutput(ServiceDeployments.FromSnapshot(location, now, deployment.Id))));
                return;
            }
            var finished = await DeploymentWaitRunner.WaitAsync(this, "Stop-AoDeployment", Connection, deployment, Timeout, ct,
                Rollback ? RolloutGoal.RollBack : RolloutGoal.Stop).ConfigureAwait(false);
            PostObject(WithConnectionDetails(RolloutOutput.ToOutput(finished)));
        }
    }
}
