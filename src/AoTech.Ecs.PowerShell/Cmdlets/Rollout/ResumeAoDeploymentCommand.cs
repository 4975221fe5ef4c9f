using System;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Errors;
using AoTech.Ecs.PowerShell.Completion;
using AoTech.Ecs.PowerShell.Infrastructure;
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
    public sealed class ResumeAoDeploymentCommand : AoAwsCmdlet
    {
        /// <summary><para type="description">The app whose paused deployment to continue. Binds from the Name of piped deployments and apps.</para></summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("App")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AppNameCompleter))]
        public string Name { get; set; } = "";

        /// <summary><para type="description">The deployment (ecs-svc/...) whose service deployment to continue. Binds from the Id of piped deployments.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotEmpty]
        [PSDefaultValue(Help = "The service's current service deployment")]
        public string? DeploymentId { get; set; }

        /// <summary><para type="description">The service deployment to continue. Binds from the ServiceDeploymentArn of piped deployments.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotEmpty]
        [PSDefaultValue(Help = "The service deployment of -DeploymentId, else the service's current one")]
        public string? ServiceDeploymentArn { get; set; }

        /// <summary><para type="description">Roll the deployment back at the hook instead of continuing it.</para></summary>
        [Parameter]
        public SwitchParameter Rollback { get; set; }

        protected override async Task ProcessRecordAsync(CancellationToken ct)
        {
            if (!string.IsNullOrEmpty(ServiceDeploymentArn)) ServiceDeploymentArns.Check(ServiceDeploymentArn!);
            var location = ServiceLocation.ForApp(Name);
            var deployments = new ServiceDeployments(Connection);
            var target = await deployments.ResolveAsync(location, DeploymentId, ServiceDeploymentArn,
                "continue a paused deployment", ct).ConfigureAwait(false);
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

        protected override object? TargetOf(Exception ex) => (object?)ServiceDeploymentArn ?? (object?)DeploymentId ?? Name;
    }
}
