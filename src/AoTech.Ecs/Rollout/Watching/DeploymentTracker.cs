using System;
using System.Collections.Generic;
using System.Linq;

namespace AoTech.Ecs.Rollout
{
    /// <summary>What one snapshot told the tracker.</summary>
    public sealed class DeploymentObservation
    {
        public DeploymentOutcome Outcome { get; internal set; }
        /// <summary>Anything a user would notice changed (counts, states, events, stop reasons): poll sooner.</summary>
        public bool Changed { get; internal set; }
        /// <summary>Service events not reported before, oldest first.</summary>
        public IReadOnlyList<ServiceEventSnapshot> NewEvents { get; internal set; } = Array.Empty<ServiceEventSnapshot>();
        public IReadOnlyList<StoppedTaskReason> NewStopReasons { get; internal set; } = Array.Empty<StoppedTaskReason>();
        public DeploymentProgress Progress { get; internal set; } = new DeploymentProgress();
    }

    /// <summary>
    /// The deployment watcher's decisions as a pure state machine: feed it successive snapshots of the service and it
    /// follows ONE deployment id to a final <see cref="DeploymentOutcome"/>. No I/O, no clock of its own: the caller
    /// passes the time of each observation, so scripted sequences test every path.
    /// </summary>
    public sealed class DeploymentTracker
    {
        /// <summary>
        /// Observations a deployment id may be absent before it counts as unknown: right after UpdateService a
        /// DescribeServices can still answer from before the update.
        /// </summary>
        internal const int NotFoundAfterObservations = 3;
        private readonly HashSet<string> _previousTaskDefinitions = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly WaitVerdict _verdict;
        private readonly ServiceEventLog _events;
        private readonly StopReasonLog _stops = new StopReasonLog();
        private string? _lastSignature;

        /// <param name="deploymentId">The id UpdateService returned (services[].deployments[] with status PRIMARY).</param>
        /// <param name="startedAt">When the wait began; the timeout counts from here.</param>
        /// <param name="timeout">How long the deployment may take before the wait gives up.</param>
        /// <param name="previousTaskDefinitions">Task definitions that ran before ours, when the caller knows them (e.g. from the UpdateService response).</param>
        public DeploymentTracker(string deploymentId, DateTimeOffset startedAt, TimeSpan timeout,
            IEnumerable<string>? previousTaskDefinitions = null)
        {
            if (string.IsNullOrWhiteSpace(deploymentId)) throw new ArgumentException("A deployment id is required.", nameof(deploymentId));
            DeploymentId = deploymentId;
            _verdict = new WaitVerdict(startedAt, timeout);
            _events = new ServiceEventLog(startedAt);
            foreach (var td in previousTaskDefinitions ?? Enumerable.Empty<string>())
                if (!string.IsNullOrEmpty(td)) _previousTaskDefinitions.Add(td);
        }

        public string DeploymentId { get; }
        public DateTimeOffset StartedAt => _verdict.StartedAt;
        public TimeSpan Timeout => _verdict.Timeout;
        public DateTimeOffset Deadline => _verdict.Deadline;
        public DeploymentOutcome Outcome => _verdict.Outcome;
        public bool IsFinished => _verdict.IsFinished;
        public DateTimeOffset? FinishedAt => _verdict.FinishedAt;
        /// <summary>Our deployment as last seen.</summary>
        public DeploymentSnapshot? Deployment { get; private set; }
        /// <summary>The PRIMARY deployment that took over when ours was rolled back or replaced.</summary>
        public DeploymentSnapshot? Successor { get; private set; }
        public string? ServiceName { get; private set; }
        public string? ServiceStatus { get; private set; }
        public DeploymentProgress Progress { get; private set; } = new DeploymentProgress();
        public IReadOnlyList<StoppedTaskReason> StopReasons => _stops.Reasons;
        /// <summary>The last few events reported, oldest first (for error messages).</summary>
        public IReadOnlyList<ServiceEventSnapshot> RecentEvents => _events.Recent;
        public int Observations { get; private set; }

        /// <summary>
        /// True when stopped tasks are worth a look: our deployment counts more failed tasks than at the last look,
        /// or the outcome just turned into a failure and the reasons belong in the error.
        /// </summary>
        public bool NeedsStoppedTasks => _stops.NeedsLook(Deployment?.FailedTasks ?? 0, Outcome.IsFailure());

        /// <summary>Takes in one DescribeServices answer (plus any extras attached to it) seen at <paramref name="now"/>.</summary>
        public DeploymentObservation Observe(ServiceSnapshot snapshot, DateTimeOffset now)
        {
            if (snapshot == null) throw new ArgumentNullException(nameof(snapshot));
            if (IsFinished) return Unchanged();
            Observations++;
            ServiceName = snapshot.ServiceName ?? ServiceName;
            ServiceStatus = snapshot.Missing ? "MISSING" : snapshot.Status;

            var ours = snapshot.Deployments.FirstOrDefault(d => d.Id == DeploymentId);
            var otherPrimary = snapshot.Deployments.FirstOrDefault(d => d.IsPrimary && d.Id != DeploymentId);
            if (ours != null)
            {
                _events.StartAt(ours.CreatedAt);
                Deployment = ours;
                // While ours is being rolled out, the deployments it replaces run the previous task definitions.
                foreach (var d in snapshot.Deployments)
                    if (d.Id != ours.Id && !d.IsPrimary && !string.IsNullOrEmpty(d.TaskDefinition)
                        && !SameTaskDefinition(d.TaskDefinition, ours.TaskDefinition))
                        _previousTaskDefinitions.Add(d.TaskDefinition!);
            }
            var newEvents = _events.TakeNew(snapshot.Events);
            var newReasons = snapshot.StoppedTasks != null ? AddStoppedTasks(snapshot.StoppedTasks) : Array.Empty<StoppedTaskReason>();

            Progress = BuildProgress(snapshot, ours);
            _verdict.Record(Decide(snapshot, ours, otherPrimary), now);

            var signature = Progress.Signature + "|" + ours?.Status + "|" + otherPrimary?.Id + "|" + snapshot.Status;
            var changed = signature != _lastSignature || newEvents.Count > 0 || newReasons.Count > 0;
            _lastSignature = signature;
            return new DeploymentObservation
            {
                Outcome = Outcome,
                Changed = changed,
                NewEvents = newEvents,
                NewStopReasons = newReasons,
                Progress = Progress,
            };
        }

        /// <summary>A poll that produced no snapshot (throttled, network): only the deadline can end the wait.</summary>
        public DeploymentObservation ObserveNothing(DateTimeOffset now)
        {
            _verdict.RecordNothing(now);
            return Unchanged();
        }

        /// <summary>
        /// Takes in stopped tasks (ListTasks desiredStatus=STOPPED + DescribeTasks). Only tasks of our deployment's task
        /// definition count, and routine stops (scale-in, the old deployment draining) are left out. Each task once.
        /// </summary>
        public IReadOnlyList<StoppedTaskReason> AddStoppedTasks(IEnumerable<StoppedTaskSnapshot> tasks) =>
            _stops.Add(tasks, Deployment?.TaskDefinition, Deployment?.FailedTasks ?? 0, IsFinished);

        /// <summary>Everything known about the deployment, for output and for the error message.</summary>
        public DeploymentWatchResult ToResult(int apiCalls = 0) => new DeploymentWatchResult
        {
            DeploymentId = DeploymentId,
            ServiceName = ServiceName,
            ServiceStatus = ServiceStatus,
            Outcome = Outcome,
            Status = Deployment?.Status,
            RolloutState = Deployment?.RolloutState,
            RolloutStateReason = Deployment?.RolloutStateReason,
            TaskDefinition = Deployment?.TaskDefinition,
            SuccessorDeploymentId = Successor?.Id,
            SuccessorTaskDefinition = Successor?.TaskDefinition,
            CreatedAt = Deployment?.CreatedAt,
            WaitStartedAt = StartedAt,
            FinishedAt = FinishedAt,
            Timeout = Timeout,
            Progress = Progress,
            StopReasons = StopReasons.ToList(),
            RecentEvents = RecentEvents.ToList(),
            Polls = Observations,
            ApiCalls = apiCalls,
        };

        private DeploymentOutcome Decide(ServiceSnapshot snapshot, DeploymentSnapshot? ours, DeploymentSnapshot? otherPrimary)
        {
            if (snapshot.Missing
                || DeploymentSnapshot.Is(snapshot.Status, ServiceStatuses.Inactive)
                || DeploymentSnapshot.Is(snapshot.Status, ServiceStatuses.Draining))
                return DeploymentOutcome.ServiceInactive;

            if (ours == null)
            {
                if (Deployment == null)
                    return Observations >= NotFoundAfterObservations ? DeploymentOutcome.NotFound : DeploymentOutcome.InProgress;
                return TakenOver(otherPrimary);
            }

            if (ours.HasFailed)
            {
                // With rollback=true the circuit breaker marks ours FAILED and starts a deployment of the previous revision.
                if (otherPrimary != null && !SameTaskDefinition(otherPrimary.TaskDefinition, ours.TaskDefinition))
                {
                    Successor = otherPrimary;
                    return DeploymentOutcome.RolledBack;
                }
                return DeploymentOutcome.Failed;
            }

            if (ours.IsPrimary)
            {
                // Services without rollout tracking (no rolloutState) count as done by the ServicesStable rule alone.
                var rolloutDone = ours.HasCompleted || string.IsNullOrEmpty(ours.RolloutState);
                return rolloutDone && ours.RunningCount == ours.DesiredCount && snapshot.Deployments.Count == 1
                    ? DeploymentOutcome.Completed
                    : DeploymentOutcome.InProgress;
            }

            // Ours is still listed but no longer PRIMARY: another deployment took over.
            return TakenOver(otherPrimary);
        }

        private DeploymentOutcome TakenOver(DeploymentSnapshot? primary)
        {
            Successor = primary;
            if (primary != null && primary.TaskDefinition != null && _previousTaskDefinitions.Contains(primary.TaskDefinition))
                return DeploymentOutcome.RolledBack;
            return DeploymentOutcome.Replaced;
        }

        private DeploymentProgress BuildProgress(ServiceSnapshot snapshot, DeploymentSnapshot? ours)
        {
            var progress = new DeploymentProgress
            {
                Deployments = snapshot.Deployments.Count,
                TargetHealth = snapshot.TargetHealth ?? Progress.TargetHealth,
            };
            if (ours != null)
            {
                progress.Desired = ours.DesiredCount;
                progress.Running = ours.RunningCount;
                progress.Pending = ours.PendingCount;
                progress.Failed = ours.FailedTasks;
                progress.RolloutState = ours.RolloutState;
            }
            else
            {
                progress.Desired = snapshot.DesiredCount;
                progress.Running = snapshot.RunningCount;
                progress.Pending = snapshot.PendingCount;
                progress.Failed = Progress.Failed;
                progress.RolloutState = Progress.RolloutState;
            }
            return progress;
        }

        private DeploymentObservation Unchanged() => new DeploymentObservation { Outcome = Outcome, Changed = false, Progress = Progress };

        /// <summary>Task definitions compare as ARNs (or family:revision) without regard to case.</summary>
        internal static bool SameTaskDefinition(string? a, string? b) =>
            a != null && b != null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
    }
}
