using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Errors;
using AoTech.Ecs.PowerShell.Output;
using AoTech.Ecs.Rollout;

namespace AoTech.Ecs.PowerShell.Cmdlets.Rollout
{
    [Cmdlet(VerbsLifecycle.Stop, "AoDeployment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(AoDeployment))]
    public sealed class StopAoDeploymentCommand : ServiceDeploymentActionCmdlet
    {
        [Parameter]
        public SwitchParameter Rollback { get; set; }

        [Parameter]
        [TimeoutTransformation]
        [ValidateTimeout]
        public TimeSpan Timeout { get; set; } = DeploymentWaitRunner.DefaultTimeout;

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
