using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.PowerShell.Infrastructure;
using AoTech.Ecs.Rollout;
using AoTech.Ecs.Waiting;

namespace AoTech.Ecs.PowerShell.Cmdlets.Rollout
{
    /// <summary>
    /// The wait shared by Wait-, Undo- and Stop-AoDeployment: progress bar with the lifecycle stage and traffic weights
    /// (always closed with a Completed record), each new service event once on the information stream, stop reasons and
    /// PAUSE hooks as warnings.
    /// </summary>
    internal static class DeploymentWaitRunner
    {
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(15);
        private static int _activityIds = 7100;

        public static async Task<DeploymentInfo> WaitAsync(AoAsyncCmdlet cmdlet, string source, AwsConnection connection,
            DeploymentInfo deployment, TimeSpan timeout, CancellationToken ct, RolloutGoal goal = RolloutGoal.Complete,
            PollSchedule? schedule = null)
        {
            var activityId = Interlocked.Increment(ref _activityIds);
            var app = deployment.App ?? deployment.Service;
            var activity = goal == RolloutGoal.RollBack ? $"Rolling back {app}" : goal == RolloutGoal.Stop ? $"Stopping {app}" : $"Deploying {app}";
            var lastStatus = "Waiting for the first look at the deployment";
            var callbacks = new DeploymentWatchCallbacks
            {
                Event = e => cmdlet.PostInformation($"{e.CreatedAt.ToLocalTime():HH:mm:ss} {e.Message}", source),
                StopReason = r => cmdlet.PostWarning($"Tasks of deployment {deployment.Id} stopped: {r}"),
                // Only a rollout waits for a decision; a rollback or stop under way goes on whatever the hook.
                Paused = goal != RolloutGoal.Complete ? null : (hook, stage) => cmdlet.PostWarning(
                    $"The deployment of {app} waits at a PAUSE hook in stage {stage ?? "(unknown)"}"
                    + (hook.ExpiresAt != null ? $" until {hook.ExpiresAt.Value.ToLocalTime():HH:mm:ss} (then {hook.TimeoutAction ?? "ROLLBACK"})" : "")
                    + $": Resume-AoDeployment -Name {app} continues it, -Rollback rolls it back."),
                Verbose = cmdlet.PostVerbose,
                // A new record each time: the host may keep the ones it was given.
                Progress = p =>
                {
                    lastStatus = p.ToString();
                    cmdlet.PostProgress(new ProgressRecord(activityId, activity, lastStatus) { PercentComplete = p.PercentComplete(false) });
                },
            };
            try
            {
                return await new ServiceDeployments(connection, null, schedule).WaitAsync(deployment, timeout, goal, callbacks, ct).ConfigureAwait(false);
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

        /// <summary>The deployment a service is busy with (or finished last): its PRIMARY one and its current service deployment.</summary>
        public static Task<DeploymentInfo> CurrentDeploymentAsync(AwsConnection connection, ServiceLocation location, CancellationToken ct) =>
            new ServiceDeployments(connection).LookUpAsync(location, null, ct);
    }
}
