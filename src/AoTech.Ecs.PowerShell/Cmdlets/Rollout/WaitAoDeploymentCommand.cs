using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.PowerShell.Completion;
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

        /// <summary><para type="description">The service deployment to follow (arn:aws:ecs:...:service-deployment/...). Binds from the
        /// ServiceDeploymentArn of piped deployments.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotEmpty]
        [PSDefaultValue(Help = "The service deployment the deployment's rollout started, else the service's current one")]
        public string? ServiceDeploymentArn { get; set; }

        /// <summary><para type="description">How long to wait (a TimeSpan, or a number of seconds). Default 15 minutes.</para></summary>
        [Parameter]
        [TimeoutTransformation]
        public TimeSpan Timeout { get; set; } = DeploymentWaitRunner.DefaultTimeout;

        protected override async Task ProcessRecordAsync(CancellationToken ct)
        {
            if (Timeout <= TimeSpan.Zero)
                throw new PSArgumentOutOfRangeException(nameof(Timeout), Timeout, "The timeout must be positive.");
            if (!string.IsNullOrEmpty(ServiceDeploymentArn)) ServiceDeploymentArns.Check(ServiceDeploymentArn!);
            var location = ServiceLocation.ForApp(Name);
            var deployment = await new ServiceDeployments(Connection).LookUpAsync(location, DeploymentId, ct).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(ServiceDeploymentArn)) deployment.ServiceDeploymentArn = ServiceDeploymentArn;
            var finished = await DeploymentWaitRunner.WaitAsync(this, "Wait-AoDeployment", Connection, deployment, Timeout, ct).ConfigureAwait(false);
            PostObject(WithConnectionDetails(RolloutOutput.ToOutput(finished)));
        }

        protected override object? TargetOf(Exception ex) => (object?)ServiceDeploymentArn ?? (object?)DeploymentId ?? Name;
    }
}
