using System;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.PowerShell.Infrastructure;
using AoTech.Ecs.Rollout;
using AoTech.Ecs.Waiting;

namespace AoTech.Ecs.PowerShell.Cmdlets
{
    /// <summary>
    /// The wait shared by Wait-AoDeployment and Undo-AoDeployment: progress bar (always closed with a Completed
    /// record), each new service event once on the information stream, stop reasons as warnings.
    /// </summary>
    internal static class DeploymentWaitRunner
    {
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(15);
        private static int _activityIds = 7100;

        public static async Task<DeploymentInfo> WaitAsync(AoAsyncCmdlet cmdlet, string source, AwsConnection connection,
            DeploymentInfo deployment, TimeSpan timeout, CancellationToken ct, PollSchedule? schedule = null)
        {
            var activityId = Interlocked.Increment(ref _activityIds);
            var activity = $"Deploying {deployment.App ?? deployment.Service}";
            var lastStatus = "Waiting for the first look at the service";
            var callbacks = new DeploymentWatchCallbacks
            {
                Event = e => cmdlet.PostInformation($"{e.CreatedAt.ToLocalTime():HH:mm:ss} {e.Message}", source),
                StopReason = r => cmdlet.PostWarning($"Tasks of deployment {deployment.Id} stopped: {r}"),
                Verbose = cmdlet.PostVerbose,
                // A new record each time: the host may keep the ones it was given.
                Progress = p =>
                {
                    lastStatus = p.ToString();
                    cmdlet.PostProgress(new ProgressRecord(activityId, activity, lastStatus) { PercentComplete = p.PercentComplete(false) });
                },
            };
            var watcher = new DeploymentWatcher(new EcsDeploymentSource(connection, deployment.Location), null, schedule);
            var previous = deployment.PreviousTaskDefinition != null ? new[] { deployment.PreviousTaskDefinition } : null;
            try
            {
                cmdlet.PostVerbose($"Following deployment {deployment.Id} of service {deployment.Service} in cluster {deployment.Cluster} for up to {timeout}.");
                var result = await watcher.WaitAsync(deployment.Id, timeout, callbacks, previous, ct).ConfigureAwait(false);
                cmdlet.PostVerbose($"Deployment {deployment.Id} completed after {result.Polls} polls ({result.ApiCalls} AWS calls).");
                return ToDeployment(deployment, result);
            }
            finally
            {
                // Every progress activity ends with a Completed record, whatever the outcome.
                cmdlet.PostProgress(new ProgressRecord(activityId, activity, lastStatus)
                {
                    RecordType = ProgressRecordType.Completed,
                    PercentComplete = 100,
                });
            }
        }

        public static DeploymentInfo ToDeployment(DeploymentInfo started, DeploymentWatchResult result) => new DeploymentInfo
        {
            Id = result.DeploymentId,
            App = started.App,
            Cluster = started.Cluster,
            Service = started.Service,
            Status = result.Status,
            RolloutState = result.RolloutState,
            RolloutStateReason = result.RolloutStateReason,
            // What UpdateService was asked to run; the same as the deployment's own on ECS (some emulators never update the latter).
            TaskDefinition = started.TaskDefinition ?? result.TaskDefinition,
            PreviousTaskDefinition = started.PreviousTaskDefinition,
            CreatedAt = result.CreatedAt ?? started.CreatedAt,
            FinishedAt = result.FinishedAt,
            Duration = result.Duration,
            Outcome = result.Outcome,
            RunningCount = result.Progress.Running,
            DesiredCount = result.Progress.Desired,
        };

        /// <summary>The deployment a service is busy with (or finished last): its PRIMARY one.</summary>
        public static async Task<DeploymentInfo> CurrentDeploymentAsync(AwsConnection connection, ServiceLocation location, CancellationToken ct)
        {
            var service = await new TaskDefinitionUpdater(connection).DescribeServiceAsync(location, ct).ConfigureAwait(false);
            var deployment = TaskDefinitionUpdater.DeploymentFrom(location, service, null);
            // While rolling out, the deployment being replaced runs what a rollback would return to.
            deployment.PreviousTaskDefinition = service.Deployments?
                .Where(d => d.Id != deployment.Id && d.TaskDefinition != null && d.TaskDefinition != deployment.TaskDefinition)
                .Select(d => d.TaskDefinition).FirstOrDefault();
            return deployment;
        }
    }
}
