using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.PowerShell.Completion;
using AoTech.Ecs.PowerShell.Infrastructure;
using AoTech.Ecs.PowerShell.Output;
using AoTech.Ecs.Rollout;

namespace AoTech.Ecs.PowerShell.Cmdlets.Rollout
{
    [Cmdlet(VerbsCommon.Undo, "AoDeployment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(AoDeployment))]
    public sealed class UndoAoDeploymentCommand : AoAwsCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("App")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AppNameCompleter))]
        public string Name { get; set; } = "";

        [Parameter]
        [TimeoutTransformation]
        [ValidateTimeout]
        public TimeSpan Timeout { get; set; } = DeploymentWaitRunner.DefaultTimeout;

        [Parameter]
        public SwitchParameter NoWait { get; set; }

        protected override async Task ProcessRecordAsync(CancellationToken ct)
        {
            var location = await ServiceLocation.ForAppAsync(Connection, Name, ct).ConfigureAwait(false);
            var rollback = new DeploymentRollback(Connection);
            var rollingOut = await rollback.FindEcsRollbackAsync(location, ct).ConfigureAwait(false);
            if (rollingOut != null)
            {
                await RollBackWithEcsAsync(location, rollingOut, ct).ConfigureAwait(false);
                return;
            }
            var target = await rollback.FindPreviousAsync(location, ct).ConfigureAwait(false);
            var from = DeploymentFailures.TaskDefinitionName(target.CurrentTaskDefinition);
            var to = DeploymentFailures.TaskDefinitionName(target.PreviousTaskDefinition);
            PostVerbose($"Service {location.Service} runs {from}; the revision before it is {to} (from the {target.Source}).");
            if (!await ShouldProcessAsync(location.Service, $"Roll back from {from} to {to}").ConfigureAwait(false)) return;

            var deployment = await rollback.DeployAsync(location, target, ct).ConfigureAwait(false);
            PostVerbose($"Rolling back as deployment {deployment.Id}.");
            if (NoWait)
            {
                PostObject(WithConnectionDetails(RolloutOutput.ToOutput(deployment)));
                return;
            }
            var finished = await DeploymentWaitRunner.WaitAsync(this, "Undo-AoDeployment", Connection, deployment, Timeout, ct).ConfigureAwait(false);
            PostObject(WithConnectionDetails(RolloutOutput.ToOutput(finished)));
        }

        // ECS's own rollback of the service deployment still rolling out.
        private async Task RollBackWithEcsAsync(ServiceLocation location, DeploymentInfo started, CancellationToken ct)
        {
            var from = DeploymentFailures.TaskDefinitionName(started.TaskDefinition);
            var to = DeploymentFailures.TaskDefinitionName(started.PreviousTaskDefinition);
            PostVerbose($"Service deployment {started.ServiceDeploymentArn} of {from} is {started.ServiceDeploymentStatus}; ECS rolls it back to {to}.");
            if (!await ShouldProcessAsync(location.Service, $"Roll back service deployment {ServiceDeploymentArns.ShortId(started.ServiceDeploymentArn)} from {from} to {to} (StopServiceDeployment ROLLBACK)").ConfigureAwait(false)) return;
            await new ServiceDeployments(Connection).StopAsync(started.ServiceDeploymentArn!, rollback: true, ct).ConfigureAwait(false);
            if (NoWait)
            {
                PostObject(WithConnectionDetails(RolloutOutput.ToOutput(started)));
                return;
            }
            var finished = await DeploymentWaitRunner.WaitAsync(this, "Undo-AoDeployment", Connection, started, Timeout, ct, RolloutGoal.RollBack).ConfigureAwait(false);
            PostObject(WithConnectionDetails(RolloutOutput.ToOutput(finished)));
        }

        protected override object? TargetOf(Exception ex) => Name;
    }
}
