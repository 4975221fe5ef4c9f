using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Waiting;

namespace AoTech.Ecs.Rollout
{
    /// <summary>Hooks for showing a wait as it goes; all optional. Called on the watcher's thread.</summary>
    public sealed class DeploymentWatchCallbacks
    {
        /// <summary>Each new service event, once, oldest first.</summary>
        public Action<ServiceEventSnapshot>? Event { get; set; }
        /// <summary>After every successful poll.</summary>
        public Action<DeploymentProgress>? Progress { get; set; }
        /// <summary>Each newly seen reason tasks of the deployment stopped.</summary>
        public Action<StoppedTaskReason>? StopReason { get; set; }
        /// <summary>The deployment began to wait at a PAUSE lifecycle hook (in the stage given) for ContinueServiceDeployment.</summary>
        public Action<LifecycleHookSnapshot, string?>? Paused { get; set; }
        /// <summary>Diagnostics: throttling, skipped look-ups, stages passed.</summary>
        public Action<string>? Verbose { get; set; }
    }

    /// <summary>
    /// Follows one deployment to its end on the <see cref="PollScheduler"/>'s schedule and returns the result when it
    /// ended as wanted, or throws a <see cref="DeploymentException"/> with a stable ErrorId when it did not. Two ways
    /// to follow: the service deployment (one DescribeServiceDeployments per poll, DescribeServices only when something
    /// changed, feeding a <see cref="ServiceDeploymentTracker"/>), or, where ECS has no service-deployment API, the
    /// service itself (one DescribeServices per poll, feeding a <see cref="DeploymentTracker"/>). Either way stopped tasks
    /// are read only when the failed count grows or the wait fails, and target health when there is a target group.
    /// </summary>
    public sealed class DeploymentWatcher
    {
        /// <summary>Consecutive passing failures (network, 5xx) tolerated before the wait gives up; throttling is always ridden out.</summary>
        public const int MaxConsecutiveFailures = 5;
        /// <summary>Looks ListServiceDeployments gets to show a deployment just started before the wait gives up on it.</summary>
        public const int FindAttempts = 3;

        private readonly IDeploymentSource _source;
        private readonly IClock _clock;
        private readonly PollSchedule _schedule;

        public DeploymentWatcher(IDeploymentSource source, IClock? clock = null, PollSchedule? schedule = null)
        {
            _source = source ?? throw new ArgumentNullException(nameof(source));
            _clock = clock ?? SystemClock.Instance;
            _schedule = schedule ?? PollSchedule.Default;
        }

        /// <summary>Polls made by the last wait, successful or not.</summary>
        public int Polls { get; private set; }
        /// <summary>All AWS calls made so far, including stopped-task and target-health look-ups (as counted by the source).</summary>
        public int ApiCalls => _source.ApiCalls;

        /// <summary>Waits for <paramref name="deploymentId"/>; returns when it completed, throws <see cref="DeploymentException"/> otherwise.</summary>
        public async Task<DeploymentWatchResult> WaitAsync(string deploymentId, TimeSpan timeout,
            DeploymentWatchCallbacks? callbacks = null, IEnumerable<string>? previousTaskDefinitions = null,
            CancellationToken cancellationToken = default) =>
            ThrowOnFailure(await WatchAsync(deploymentId, timeout, callbacks, previousTaskDefinitions, cancellationToken).ConfigureAwait(false));

        /// <summary>Like <see cref="WaitAsync"/> but returns failed outcomes instead of throwing them.</summary>
        public async Task<DeploymentWatchResult> WatchAsync(string deploymentId, TimeSpan timeout,
            DeploymentWatchCallbacks? callbacks = null, IEnumerable<string>? previousTaskDefinitions = null,
            CancellationToken cancellationToken = default)
        {
            callbacks ??= new DeploymentWatchCallbacks();
            var tracker = new DeploymentTracker(deploymentId, _clock.UtcNow, timeout, previousTaskDefinitions);
            var callsBefore = _source.ApiCalls;
            await RunAsync(async ct =>
            {
                var snapshot = await _source.DescribeServiceAsync(ct).ConfigureAwait(false);
                if (_source.HasTargetGroup && !snapshot.Missing)
                    snapshot.TargetHealth ??= await TargetHealthAsync(callbacks, ct).ConfigureAwait(false);

                var observation = tracker.Observe(snapshot, _clock.UtcNow);
                foreach (var e in observation.NewEvents) callbacks.Event?.Invoke(e);
                foreach (var r in observation.NewStopReasons) callbacks.StopReason?.Invoke(r);
                var changed = observation.Changed;
                if (tracker.NeedsStoppedTasks && await StoppedTasksAsync(tracker.AddStoppedTasks, callbacks, ct).ConfigureAwait(false))
                    changed = true;
                callbacks.Progress?.Invoke(tracker.Progress);
                return changed;
            }, () => tracker.IsFinished, now => tracker.ObserveNothing(now), tracker.Deadline, "DescribeServices", callbacks, cancellationToken).ConfigureAwait(false);
            var result = tracker.ToResult(_source.ApiCalls - callsBefore);
            result.Polls = Polls;
            return result;
        }

        /// <summary>
        /// Waits for the service deployment <paramref name="serviceDeploymentArn"/> to reach the <paramref name="goal"/>;
        /// throws <see cref="DeploymentException"/> when it ends another way or the time runs out.
        /// </summary>
        public async Task<DeploymentWatchResult> WaitServiceDeploymentAsync(string serviceDeploymentArn, TimeSpan timeout,
            RolloutGoal goal = RolloutGoal.Complete, DeploymentWatchCallbacks? callbacks = null, string? deploymentId = null,
            CancellationToken cancellationToken = default) =>
            ThrowOnFailure(await WatchServiceDeploymentAsync(serviceDeploymentArn, timeout, goal, callbacks, deploymentId, cancellationToken).ConfigureAwait(false));

        /// <summary>Like <see cref="WaitServiceDeploymentAsync"/> but returns failed outcomes instead of throwing them.</summary>
        public async Task<DeploymentWatchResult> WatchServiceDeploymentAsync(string serviceDeploymentArn, TimeSpan timeout,
            RolloutGoal goal = RolloutGoal.Complete, DeploymentWatchCallbacks? callbacks = null, string? deploymentId = null,
            CancellationToken cancellationToken = default)
        {
            callbacks ??= new DeploymentWatchCallbacks();
            var source = ServiceDeploymentSource;
            var tracker = new ServiceDeploymentTracker(serviceDeploymentArn, _clock.UtcNow, timeout, goal, deploymentId);
            var callsBefore = _source.ApiCalls;
            await RunAsync(async ct =>
            {
                var snapshot = await source.DescribeServiceDeploymentAsync(serviceDeploymentArn, ct).ConfigureAwait(false);
                var observation = tracker.Observe(snapshot, _clock.UtcNow);
                if (observation.StageLeft != null)
                    callbacks.Verbose?.Invoke($"Service deployment {ServiceDeploymentArns.ShortId(serviceDeploymentArn)} left stage {observation.StageLeft} for {snapshot.LifecycleStage}.");
                foreach (var hook in observation.NewlyAwaiting) callbacks.Paused?.Invoke(hook, snapshot.LifecycleStage);
                var changed = observation.Changed;
                if (tracker.NeedsServiceEvents)
                {
                    // One DescribeServices for what ECS wrote about the change: events, and the target group to watch.
                    var service = await TryAsync<ServiceSnapshot>(async () => await _source.DescribeServiceAsync(ct).ConfigureAwait(false), "the service's events", callbacks, ct).ConfigureAwait(false);
                    if (service != null)
                    {
                        tracker.ServiceName ??= service.ServiceName;
                        foreach (var e in tracker.AddServiceEvents(service.Events)) { callbacks.Event?.Invoke(e); changed = true; }
                    }
                }
                if (tracker.NeedsStoppedTasks && await StoppedTasksAsync(tracker.AddStoppedTasks, callbacks, ct).ConfigureAwait(false))
                    changed = true;
                if (_source.HasTargetGroup && !tracker.IsFinished && observation.Changed)
                    tracker.Progress.TargetHealth = await TargetHealthAsync(callbacks, ct).ConfigureAwait(false) ?? tracker.Progress.TargetHealth;
                callbacks.Progress?.Invoke(tracker.Progress);
                return changed;
            }, () => tracker.IsFinished, now => tracker.ObserveNothing(now), tracker.Deadline, "DescribeServiceDeployments", callbacks, cancellationToken).ConfigureAwait(false);
            var result = tracker.ToResult(_source.ApiCalls - callsBefore);
            result.Polls = Polls;
            return result;
        }

        /// <summary>
        /// The service deployment our UpdateService started (see <see cref="ServiceDeploymentMatch"/>), given the task
        /// definition it deploys and when ECS created the deployment. A deployment just started may take a moment to be
        /// listed, so the list is read up to <see cref="FindAttempts"/> times; null when it never shows.
        /// </summary>
        public async Task<ServiceDeploymentCandidate?> FindServiceDeploymentAsync(string taskDefinition, DateTimeOffset? deploymentCreatedAt,
            CancellationToken cancellationToken = default)
        {
            var source = ServiceDeploymentSource;
            var since = deploymentCreatedAt - ServiceDeploymentMatch.Tolerance;
            for (var attempt = 1; ; attempt++)
            {
                var candidates = await source.ListServiceDeploymentsAsync(since, cancellationToken).ConfigureAwait(false);
                var found = ServiceDeploymentMatch.Find(candidates, taskDefinition, deploymentCreatedAt);
                if (found != null || attempt >= FindAttempts) return found;
                await _clock.Delay(_schedule.Initial, cancellationToken).ConfigureAwait(false);
            }
        }

        private IServiceDeploymentSource ServiceDeploymentSource =>
            _source as IServiceDeploymentSource
            ?? throw new InvalidOperationException("This deployment source cannot read service deployments.");

        private static DeploymentWatchResult ThrowOnFailure(DeploymentWatchResult result)
        {
            var failure = DeploymentFailures.ToException(result);
            if (failure != null) throw failure;
            return result;
        }

        /// <summary>
        /// The polling loop both ways share: a poll, then a pause the scheduler picks from what the poll gave (changed,
        /// unchanged, throttled, failed), never sleeping past the deadline; passing failures are ridden out.
        /// </summary>
        private async Task RunAsync(Func<CancellationToken, Task<bool>> poll, Func<bool> finished, Action<DateTimeOffset> observeNothing,
            DateTimeOffset deadline, string call, DeploymentWatchCallbacks callbacks, CancellationToken cancellationToken)
        {
            var scheduler = new PollScheduler(_schedule, _clock.UtcNow);
            var consecutiveFailures = 0;
            Polls = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                PollResult pollResult;
                try
                {
                    Polls++;
                    pollResult = await poll(cancellationToken).ConfigureAwait(false) ? PollResult.Changed : PollResult.Unchanged;
                    consecutiveFailures = 0;
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested && PollFailures.Classify(ex) is PollResult failure)
                {
                    if (failure == PollResult.Failed && ++consecutiveFailures >= MaxConsecutiveFailures) throw;
                    callbacks.Verbose?.Invoke(failure == PollResult.Throttled
                        ? $"{call} was throttled; polling less often."
                        : $"Polling failed ({ex.Message}); trying again.");
                    observeNothing(_clock.UtcNow);
                    pollResult = failure;
                }
                if (finished()) return;

                // Never sleep past the deadline: the last poll happens at the deadline, so a rollout that completes
                // just in time counts as completed.
                var now = _clock.UtcNow;
                var delay = scheduler.Next(pollResult, now);
                var remaining = deadline - now;
                if (delay > remaining) delay = remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
                await _clock.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task<bool> StoppedTasksAsync(Func<IEnumerable<StoppedTaskSnapshot>, IReadOnlyList<StoppedTaskReason>> add,
            DeploymentWatchCallbacks callbacks, CancellationToken ct)
        {
            var stopped = await TryAsync<IReadOnlyList<StoppedTaskSnapshot>>(async () => await _source.GetStoppedTasksAsync(ct).ConfigureAwait(false), "stopped tasks", callbacks, ct).ConfigureAwait(false);
            if (stopped == null) return false;
            var fresh = add(stopped);
            foreach (var r in fresh) callbacks.StopReason?.Invoke(r);
            return fresh.Count > 0;
        }

        private Task<TargetHealthCounts?> TargetHealthAsync(DeploymentWatchCallbacks callbacks, CancellationToken ct) =>
            TryAsync(() => _source.GetTargetHealthAsync(ct), "target health", callbacks, ct);

        /// <summary>The extra look-ups only enrich the picture; when they fail the wait goes on without them.</summary>
        private async Task<T?> TryAsync<T>(Func<Task<T?>> call, string what, DeploymentWatchCallbacks callbacks, CancellationToken ct) where T : class
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                callbacks.Verbose?.Invoke($"Could not read {what}: {ex.Message}");
                return null;
            }
        }
    }
}
