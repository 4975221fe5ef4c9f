using System;
using System.Collections.Generic;
using System.Linq;

namespace AoTech.Ecs.Rollout
{
    /// <summary>What one service-deployment snapshot told the tracker.</summary>
    public sealed class ServiceDeploymentObservation
    {
        public DeploymentOutcome Outcome { get; internal set; }
        /// <summary>Anything a user would notice changed (status, stage, counts, weights, hooks): poll sooner.</summary>
        public bool Changed { get; internal set; }
        /// <summary>The lifecycle stage the deployment left, when it moved on since the last snapshot.</summary>
        public string? StageLeft { get; internal set; }
        /// <summary>PAUSE hooks that began waiting for ContinueServiceDeployment since the last snapshot.</summary>
        public IReadOnlyList<LifecycleHookSnapshot> NewlyAwaiting { get; internal set; } = Array.Empty<LifecycleHookSnapshot>();
        public DeploymentProgress Progress { get; internal set; } = new DeploymentProgress();
    }

    /// <summary>
    /// The same kind of pure state machine as <see cref="DeploymentTracker"/>, fed by the service-deployment API: it
    /// follows ONE service deployment ARN through successive DescribeServiceDeployments snapshots to a final
    /// <see cref="DeploymentOutcome"/>, judged against a <see cref="RolloutGoal"/>. No I/O, no clock of its own.
    /// </summary>
    public sealed class ServiceDeploymentTracker
    {
        /// <summary>Observations a new deployment may be unknown before it counts as not found (eventual consistency).</summary>
        internal const int NotFoundAfterObservations = 3;

        private readonly WaitVerdict _verdict;
        private readonly ServiceEventLog _events;
        private readonly StopReasonLog _stops = new StopReasonLog();
        private readonly HashSet<string> _announcedHooks = new HashSet<string>(StringComparer.Ordinal);
        private string? _lastSignature;
        private bool _eventsDue = true;
        private bool _eventsLookedAfterFinal;

        /// <param name="serviceDeploymentArn">The service deployment to follow.</param>
        /// <param name="startedAt">When the wait began; the timeout counts from here.</param>
        /// <param name="goal">What counts as success: the rollout completing, or a rollback or stop finishing.</param>
        /// <param name="deploymentId">The ECS deployment id (ecs-svc/...) of the same rollout, when known, for output.</param>
        public ServiceDeploymentTracker(string serviceDeploymentArn, DateTimeOffset startedAt, TimeSpan timeout,
            RolloutGoal goal = RolloutGoal.Complete, string? deploymentId = null)
        {
            if (string.IsNullOrWhiteSpace(serviceDeploymentArn)) throw new ArgumentException("A service deployment ARN is required.", nameof(serviceDeploymentArn));
            Arn = serviceDeploymentArn;
            _verdict = new WaitVerdict(startedAt, timeout);
            Goal = goal;
            DeploymentId = deploymentId;
            _events = new ServiceEventLog(startedAt);
        }

        public string Arn { get; }
        public string? DeploymentId { get; }
        public RolloutGoal Goal { get; }
        public DateTimeOffset StartedAt => _verdict.StartedAt;
        public TimeSpan Timeout => _verdict.Timeout;
        public DateTimeOffset Deadline => _verdict.Deadline;
        public DeploymentOutcome Outcome => _verdict.Outcome;
        public bool IsFinished => _verdict.IsFinished;
        public DateTimeOffset? FinishedAt => _verdict.FinishedAt;
        /// <summary>The deployment as last seen.</summary>
        public ServiceDeploymentSnapshot? Deployment { get; private set; }
        public string? ServiceName { get; set; }
        public DeploymentProgress Progress { get; private set; } = new DeploymentProgress();
        public IReadOnlyList<StoppedTaskReason> StopReasons => _stops.Reasons;
        public IReadOnlyList<ServiceEventSnapshot> RecentEvents => _events.Recent;
        public int Observations { get; private set; }

        /// <summary>Stopped tasks are worth a look: more failed tasks than at the last look, or the wait just failed.</summary>
        public bool NeedsStoppedTasks => _stops.NeedsLook(Deployment?.CircuitBreakerFailures ?? 0, Outcome.IsFailure(Goal));

        /// <summary>
        /// The service's events are worth a DescribeServices: after the deployment changed (ECS writes an event when
        /// something happens), and once more when the wait ends in failure. A deployment baking quietly costs no extra call.
        /// </summary>
        public bool NeedsServiceEvents => IsFinished ? Outcome.IsFailure(Goal) && !_eventsLookedAfterFinal : _eventsDue;

        /// <summary>Takes in one DescribeServiceDeployments answer seen at <paramref name="now"/>.</summary>
        public ServiceDeploymentObservation Observe(ServiceDeploymentSnapshot snapshot, DateTimeOffset now)
        {
            if (snapshot == null) throw new ArgumentNullException(nameof(snapshot));
            if (IsFinished) return Unchanged();
            Observations++;
            var previous = Deployment;
            if (!snapshot.Missing)
            {
                Deployment = snapshot;
                _events.StartAt(snapshot.CreatedAt);
            }

            Progress = BuildProgress(snapshot.Missing ? previous : snapshot);
            _verdict.Record(Decide(snapshot, previous), now);

            var newlyAwaiting = snapshot.AwaitingHooks.Where(h => _announcedHooks.Add(h.HookId)).ToList();
            var signature = Progress.Signature + "|" + snapshot.Status + "|" + snapshot.CircuitBreakerStatus + "|"
                + string.Join(",", snapshot.Hooks.Select(h => h.HookId + ":" + h.Status));
            var changed = signature != _lastSignature;
            _lastSignature = signature;
            if (changed) _eventsDue = true;
            return new ServiceDeploymentObservation
            {
                Outcome = Outcome,
                Changed = changed,
                StageLeft = previous?.LifecycleStage != null && !ServiceDeploymentSnapshot.Is(previous.LifecycleStage, snapshot.LifecycleStage ?? "")
                    && !snapshot.Missing ? previous.LifecycleStage : null,
                NewlyAwaiting = newlyAwaiting,
                Progress = Progress,
            };
        }

        /// <summary>A poll that produced no snapshot (throttled, network): only the deadline can end the wait.</summary>
        public ServiceDeploymentObservation ObserveNothing(DateTimeOffset now)
        {
            _verdict.RecordNothing(now);
            return Unchanged();
        }

        /// <summary>Takes in the service's events (DescribeServices); returns those not reported before, oldest first.</summary>
        public IReadOnlyList<ServiceEventSnapshot> AddServiceEvents(IEnumerable<ServiceEventSnapshot> events)
        {
            _eventsDue = false;
            if (IsFinished) _eventsLookedAfterFinal = true;
            return _events.TakeNew(events);
        }

        /// <summary>Takes in stopped tasks; only those of the target revision's task definition (when known) count.</summary>
        public IReadOnlyList<StoppedTaskReason> AddStoppedTasks(IEnumerable<StoppedTaskSnapshot> tasks) =>
            _stops.Add(tasks, Deployment?.Target?.TaskDefinition, Deployment?.CircuitBreakerFailures ?? 0, IsFinished);

        /// <summary>Everything known about the deployment, for output and for the error message.</summary>
        public DeploymentWatchResult ToResult(int apiCalls = 0)
        {
            var d = Deployment;
            var source = d?.Sources.LastOrDefault(s => s.TaskDefinition != null);
            return new DeploymentWatchResult
            {
                DeploymentId = DeploymentId ?? ServiceDeploymentArns.ShortId(Arn),
                ServiceName = ServiceName,
                Outcome = Outcome,
                Goal = Goal,
                Status = d?.Status,
                RolloutState = RolloutStateOf(d?.Status),
                RolloutStateReason = d?.StatusReason,
                TaskDefinition = d?.Target?.TaskDefinition,
                SuccessorTaskDefinition = source?.TaskDefinition,
                CreatedAt = d?.CreatedAt,
                WaitStartedAt = StartedAt,
                FinishedAt = FinishedAt,
                Timeout = Timeout,
                Progress = Progress,
                StopReasons = StopReasons.ToList(),
                RecentEvents = RecentEvents.ToList(),
                Polls = Observations,
                ApiCalls = apiCalls,
                ServiceDeployment = new ServiceDeploymentDetails
                {
                    Arn = Arn,
                    Status = d?.Status,
                    StatusReason = d?.StatusReason,
                    LifecycleStage = d?.LifecycleStage,
                    Strategy = d?.Strategy,
                    TargetTaskDefinition = d?.Target?.TaskDefinition,
                    SourceTaskDefinition = source?.TaskDefinition,
                    CircuitBreakerStatus = d?.CircuitBreakerStatus,
                    CircuitBreakerFailures = d?.CircuitBreakerFailures ?? 0,
                    CircuitBreakerThreshold = d?.CircuitBreakerThreshold ?? 0,
                    AlarmsStatus = d?.AlarmsStatus,
                    TriggeredAlarms = d?.TriggeredAlarms.ToList() ?? new List<string>(),
                    RollbackReason = d?.RollbackReason,
                    RollbackRevisionArn = d?.RollbackRevisionArn,
                    ProductionWeight = d?.Target?.ProductionWeight,
                    AwaitingHook = d?.AwaitingHooks.FirstOrDefault(),
                },
            };
        }

        private DeploymentOutcome Decide(ServiceDeploymentSnapshot snapshot, ServiceDeploymentSnapshot? previous)
        {
            if (snapshot.Missing)
            {
                // Seen before and gone now: ECS deletes a service's deployments with the service.
                if (previous != null) return DeploymentOutcome.ServiceInactive;
                return Observations >= NotFoundAfterObservations ? DeploymentOutcome.NotFound : DeploymentOutcome.InProgress;
            }
            var outcome = OutcomeOf(snapshot.Status);
            if (outcome == DeploymentOutcome.InProgress) return outcome;
            // Waiting for the rollout: any end of it is the verdict (a rollback that has only begun is already a
            // failure). Waiting for a rollback or a stop: only a completed state is.
            if (Goal == RolloutGoal.Complete || ServiceDeploymentStatuses.IsCompleted(snapshot.Status)) return outcome;
            return DeploymentOutcome.InProgress;
        }

        /// <summary>How a service deployment status reads as an outcome.</summary>
        public static DeploymentOutcome OutcomeOf(string? status)
        {
            switch ((status ?? "").ToUpperInvariant())
            {
                case ServiceDeploymentStatuses.Successful: return DeploymentOutcome.Completed;
                case ServiceDeploymentStatuses.Stopped:
                case ServiceDeploymentStatuses.StopRequested: return DeploymentOutcome.Stopped;
                case ServiceDeploymentStatuses.RollbackRequested:
                case ServiceDeploymentStatuses.RollbackInProgress:
                case ServiceDeploymentStatuses.RollbackSuccessful: return DeploymentOutcome.RolledBack;
                case ServiceDeploymentStatuses.RollbackFailed: return DeploymentOutcome.RollbackFailed;
                default: return DeploymentOutcome.InProgress;
            }
        }

        /// <summary>The rolloutState ECS gives the same rollout in DescribeServices: COMPLETED, FAILED or IN_PROGRESS.</summary>
        public static string? RolloutStateOf(string? status)
        {
            if (status == null) return null;
            switch (OutcomeOf(status))
            {
                case DeploymentOutcome.Completed: return RolloutStates.Completed;
                case DeploymentOutcome.InProgress: return RolloutStates.InProgress;
                default: return RolloutStates.Failed;
            }
        }

        private DeploymentProgress BuildProgress(ServiceDeploymentSnapshot? d)
        {
            if (d == null) return new DeploymentProgress { Status = Progress.Status };
            var target = d.Target;
            return new DeploymentProgress
            {
                Desired = target?.Requested ?? 0,
                Running = target?.Running ?? 0,
                Pending = target?.Pending ?? 0,
                Failed = d.CircuitBreakerFailures,
                OldRunning = d.Sources.Sum(s => s.Running),
                Deployments = 1 + d.Sources.Count(s => s.Running > 0),
                RolloutState = d.Status,
                Status = d.Status,
                Stage = d.LifecycleStage,
                ProductionWeight = target?.ProductionWeight,
                TestWeight = target?.TestWeight,
                Paused = d.AwaitingHooks.Any(),
                TargetHealth = Progress.TargetHealth,
            };
        }

        private ServiceDeploymentObservation Unchanged() =>
            new ServiceDeploymentObservation { Outcome = Outcome, Changed = false, Progress = Progress };
    }
}
