using System;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Errors;
using AoTech.Ecs.PowerShell.Output;
using AoTech.Ecs.Rollout;

namespace AoTech.Ecs.PowerShell.Cmdlets.Rollout
{
    [Cmdlet(VerbsLifecycle.Resume, "AoDeployment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(AoDeployment))]
    public sealed class ResumeAoDeploymentCommand : ServiceDeploymentActionCmdlet
    {
        [Parameter]
        public SwitchParameter Rollback { get; set; }

        protected override async Task ProcessRecordAsync(CancellationToken ct)
        {
            var deployments = new ServiceDeployments(Connection);
            var (location, target) = await ResolveTargetAsync(deployments, "continue a paused deployment", ct).ConfigureAwait(false);
            var id = ServiceDeploymentArns.ShortId(target.Arn);
            var awaiting = target.AwaitingHooks.ToList();
            if (awaiting.Count == 0 || !string.Equals(target.Status, ServiceDeploymentStatuses.InProgress, StringComparison.OrdinalIgnoreCase))
                throw new AoEcsException(RolloutErrorIds.DeploymentNotPaused, AoErrorKind.OperationFailed,
                    $"Service deployment {id} of service '{location.Service}' is {target.Status}"
                    + (target.LifecycleStage != null ? $" in stage {target.LifecycleStage}" : "")
                    + " and waits at no PAUSE hook: there is nothing to continue.", target.Arn);

            var stage = target.LifecycleStage ?? "its current stage";
            var action = Rollback
                ? $"Roll back service deployment {id}, paused at {stage} (ContinueServiceDeployment ROLLBACK)"
                : $"Continue service deployment {id} past {stage} (ContinueServiceDeployment CONTINUE)";
            if (!await ShouldProcessAsync(location.Service, action).ConfigureAwait(false)) return;
            var hooks = await deployments.ContinueAsync(target, Rollback, ct).ConfigureAwait(false);
            PostVerbose($"{(Rollback ? "Rolled back" : "Continued")} service deployment {target.Arn} at hook {string.Join(", ", hooks)}.");
            var now = await deployments.ResolveAsync(location, null, target.Arn, "read a deployment", ct).ConfigureAwait(false);
            var current = await deployments.LookUpAsync(location, DeploymentId, ct).ConfigureAwait(false);
            PostObject(WithConnectionDetails(RolloutOutput.ToOutput(ServiceDeployments.FromSnapshot(location, now, DeploymentId ?? current.Id))));
        }
    }
}
