using System;
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
    /// <para type="synopsis">Waits until a deployment has completed, and fails clearly when it does not.</para>
    /// <para type="description">Follows one deployment (piped from Update-AoTaskDefinition -Deploy, or the app's current
    /// one) until ECS reports its rollout COMPLETED with every task running and the old deployment gone. It shows
    /// progress and writes each new service event once to the information stream. It fails with ErrorId
    /// DeploymentFailed, DeploymentRolledBack (the circuit breaker put the previous revision back: a failure, even
    /// though the service ends stable), DeploymentReplaced, ServiceNotActive or DeploymentTimedOut, naming the reasons
    /// tasks stopped. Polling starts every 2 s and backs off to every 10 s: one DescribeServices per poll.</para>
    /// </summary>
    /// <example><code>Update-AoTaskDefinition -Name web -Image @{ web = 'repo/web:2' } -Deploy | Wait-AoDeployment -Timeout 1200</code></example>
    [Cmdlet(VerbsLifecycle.Wait, "AoDeployment")]
    [OutputType(typeof(AoDeployment))]
    public sealed class WaitAoDeploymentCommand : AoAwsCmdlet
    {
        /// <summary><para type="description">The app whose deployment to follow. Binds from the Name of piped deployments and apps.</para></summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("App")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AppNameCompleter))]
        public string Name { get; set; } = "";

        /// <summary><para type="description">The deployment to follow (ecs-svc/...); by default the service's current (PRIMARY) one.
        /// Binds from the Id of piped deployments and the DeploymentId of piped apps.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [PSDefaultValue(Help = "The service's current (PRIMARY) deployment")]
        public string? DeploymentId { get; set; }

        /// <summary><para type="description">How long to wait: a TimeSpan, a number of seconds, 'hh:mm:ss' or an ISO 8601 duration; at most 24 hours. Default 15 minutes.</para></summary>
        [Parameter]
        [TimeoutTransformation]
        [ValidateTimeout]
        public TimeSpan Timeout { get; set; } = DeploymentWaitRunner.DefaultTimeout;

        protected override async Task ProcessRecordAsync(CancellationToken ct)
        {
            // Given but empty (-DeploymentId '', or a piped Id of ''): not the same as leaving it out.
            if (DeploymentId != null && DeploymentId.Trim().Length == 0)
                throw new AoEcsException(RolloutErrorIds.InvalidDeploymentId, AoErrorKind.InvalidArgument,
                    "-DeploymentId is empty. Give a deployment id (ecs-svc/...), or leave -DeploymentId out to follow the service's current deployment.", Name);
            var location = ServiceLocation.ForApp(Name);
            var current = await DeploymentWaitRunner.CurrentDeploymentAsync(Connection, location, ct).ConfigureAwait(false);
            var deployment = string.IsNullOrEmpty(DeploymentId) || DeploymentId == current.Id
                ? current
                : new DeploymentInfo { Id = DeploymentId!, App = location.App, Cluster = location.Cluster, Service = location.Service };
            var finished = await DeploymentWaitRunner.WaitAsync(this, "Wait-AoDeployment", Connection, deployment, Timeout, ct).ConfigureAwait(false);
            PostObject(WithConnectionDetails(RolloutOutput.ToOutput(finished)));
        }

        protected override object? TargetOf(Exception ex) => (object?)DeploymentId ?? Name;
    }
}
