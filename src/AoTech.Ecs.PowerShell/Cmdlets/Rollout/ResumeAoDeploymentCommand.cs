using System;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Errors;
using AoTech.Ecs.PowerShell.Output;
using AoTech.Ecs.Rollout;

namespace AoTech.Ecs.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Lets an app's deployment that waits at a PAUSE lifecycle hook go on; with -Rollback, ECS rolls it back.</para>
    /// <para type="description">Calls ContinueServiceDeployment for the PAUSE hook the app's current service deployment (or
    /// the one piped in) waits at: CONTINUE moves it to its next lifecycle stage, ROLLBACK (-Rollback) returns the service
    /// to the revision that ran before. It outputs the deployment at once; pipe it to Wait-AoDeployment to follow it to
    /// its end.</para>
    /// </summary>
    /// <example><code>Resume-AoDeployment -Name web | Wait-AoDeployment</code></example>
    [Cmdlet(VerbsLifecycle.Resume, "AoDeployment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(AoDeployment))]
    public sealed class ResumeAoDeploymentCommand : ServiceDeploymentActionCmdlet
    {
        /// <summary><para type="description">Roll the deployment back at the hook instead of continuing it.</para></summary>
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
