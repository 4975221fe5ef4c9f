using System;
using System.Collections.Generic;
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
        /// <summary>Diagnostics: throttling, skipped look-ups, the next interval.</summary>
        public Action<string>? Verbose { get; set; }
    }

    /// <summary>
    /// Follows one deployment to its end: polls the service on the <see cref="PollScheduler"/>'s schedule (one
    /// DescribeServices per poll; stopped tasks only when the failed count grows or the rollout fails; target health
    /// when there is a target group), feeds a <see cref="DeploymentTracker"/>, and returns the result when the
    /// deployment completed or throws a <see cref="DeploymentException"/> with a stable ErrorId when it did not.
    /// </summary>
    public sealed class DeploymentWatcher
    {
        /// <summary>Consecutive passing failures (network, 5xx) tolerated before the wait gives up; throttling is always ridden out.</summary>
        public const int MaxConsecutiveFailures = 5;

        private readonly IDeploymentSource _source;
        private readonly IClock _clock;
        private readonly PollSchedule _schedule;

        public DeploymentWatcher(IDeploymentSource source, IClock? clock = null, PollSchedule? schedule = null)
        {
            _source = source ?? throw new ArgumentNullException(nameof(source));
            _clock = clock ?? SystemClock.Instance;
            _schedule = schedule ?? PollSchedule.Default;
        }

        /// <summary>Polls made by the last wait, successful or not (one DescribeServices each).</summary>
        public int Polls { get; private set; }
        /// <summary>All AWS calls made so far, including stopped-task and target-health look-ups (as counted by the source).</summary>
        public int ApiCalls => _source.ApiCalls;

        /// <summary>Waits for <paramref name="deploymentId"/>; returns when it completed, throws <see cref="DeploymentException"/> otherwise.</summary>
        public async Task<DeploymentWatchResult> WaitAsync(string deploymentId, TimeSpan timeout,
            DeploymentWatchCallbacks? callbacks = null, IEnumerable<string>? previousTaskDefinitions = null,
            CancellationToken cancellationToken = default)
        {
            var result = await WatchAsync(deploymentId, timeout, callbacks, previousTaskDefinitions, cancellationToken).ConfigureAwait(false);
            var failure = DeploymentFailures.ToException(result);
            if (failure != null) throw failure;
            return result;
        }

        /// <summary>Like <see cref="WaitAsync"/> but returns failed outcomes instead of throwing them.</summary>
        public async Task<DeploymentWatchResult> WatchAsync(string deploymentId, TimeSpan timeout,
            DeploymentWatchCallbacks? callbacks = null, IEnumerable<string>? previousTaskDefinitions = null,
            CancellationToken cancellationToken = default)
        {
            callbacks ??= new DeploymentWatchCallbacks();
            var start = _clock.UtcNow;
            var tracker = new DeploymentTracker(deploymentId, start, timeout, previousTaskDefinitions);
            var scheduler = new PollScheduler(_schedule, start);
            var consecutiveFailures = 0;
            var callsBefore = _source.ApiCalls;
            Polls = 0;

            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                PollResult pollResult;
                try
                {
                    Polls++;
                    var snapshot = await _source.DescribeServiceAsync(cancellationToken).ConfigureAwait(false);
                    if (_source.HasTargetGroup && !snapshot.Missing)
                        snapshot.TargetHealth ??= await TryAsync(() => _source.GetTargetHealthAsync(cancellationToken), "target health", callbacks, cancellationToken).ConfigureAwait(false);

                    var observation = tracker.Observe(snapshot, _clock.UtcNow);
                    consecutiveFailures = 0;
                    foreach (var e in observation.NewEvents) callbacks.Event?.Invoke(e);
                    foreach (var r in observation.NewStopReasons) callbacks.StopReason?.Invoke(r);

                    if (tracker.NeedsStoppedTasks)
                    {
                        var stopped = await TryAsync<IReadOnlyList<StoppedTaskSnapshot>>(async () => await _source.GetStoppedTasksAsync(cancellationToken).ConfigureAwait(false), "stopped tasks", callbacks, cancellationToken).ConfigureAwait(false);
                        if (stopped != null)
                        {
                            var fresh = tracker.AddStoppedTasks(stopped);
                            foreach (var r in fresh) callbacks.StopReason?.Invoke(r);
                            if (fresh.Count > 0) observation.Changed = true;
                        }
                    }
                    callbacks.Progress?.Invoke(tracker.Progress);
                    pollResult = observation.Changed ? PollResult.Changed : PollResult.Unchanged;
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested && PollFailures.Classify(ex) is PollResult failure)
                {
                    if (failure == PollResult.Failed && ++consecutiveFailures >= MaxConsecutiveFailures) throw;
                    callbacks.Verbose?.Invoke(failure == PollResult.Throttled
                        ? "DescribeServices was throttled; polling less often."
                        : $"Polling the service failed ({ex.Message}); trying again.");
                    tracker.ObserveNothing(_clock.UtcNow);
                    pollResult = failure;
                }

                if (tracker.IsFinished)
                {
                    var result = tracker.ToResult(_source.ApiCalls - callsBefore);
                    result.Polls = Polls;
                    return result;
                }

                // Never sleep past the deadline: the last poll happens at the deadline, so a rollout that completes
                // just in time counts as completed.
                var now = _clock.UtcNow;
                var delay = scheduler.Next(pollResult, now);
                var remaining = tracker.Deadline - now;
                if (delay > remaining) delay = remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
                await _clock.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }

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
