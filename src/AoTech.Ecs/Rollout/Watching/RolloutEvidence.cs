using System;
using System.Collections.Generic;
using System.Linq;

namespace AoTech.Ecs.Rollout
{
    /// <summary>
    /// The service events a wait has reported: each once, none from long before the deployment, the last few kept for
    /// the error message. Both trackers (DescribeServices and service deployments) keep their events here.
    /// </summary>
    public sealed class ServiceEventLog
    {
        /// <summary>
        /// How far before the start of the wait events are still news. A wait on an old deployment would otherwise
        /// replay days of "steady state" events.
        /// </summary>
        internal static readonly TimeSpan Lookback = TimeSpan.FromMinutes(5);
        /// <summary>Events kept for the error message.</summary>
        private const int RecentKept = 5;

        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.Ordinal);
        private readonly List<ServiceEventSnapshot> _recent = new List<ServiceEventSnapshot>();
        private readonly DateTimeOffset _waitStartedAt;
        private DateTimeOffset? _cutoff;

        public ServiceEventLog(DateTimeOffset waitStartedAt) { _waitStartedAt = waitStartedAt; }

        /// <summary>The last few events reported, oldest first.</summary>
        public IReadOnlyList<ServiceEventSnapshot> Recent => _recent;

        /// <summary>Events about the deployment start when it was created, but never long before the wait began.</summary>
        public void StartAt(DateTimeOffset? deploymentCreatedAt)
        {
            if (_cutoff != null) return;
            var created = deploymentCreatedAt ?? _waitStartedAt;
            var earliest = _waitStartedAt - Lookback;
            _cutoff = created > earliest ? created : earliest;
        }

        /// <summary>The events not reported before, oldest first.</summary>
        public List<ServiceEventSnapshot> TakeNew(IEnumerable<ServiceEventSnapshot> events)
        {
            var cutoff = _cutoff ?? _waitStartedAt;
            var fresh = new List<ServiceEventSnapshot>();
            foreach (var e in events)
            {
                if (e.CreatedAt < cutoff) continue;
                if (_seen.Add(e.Key)) fresh.Add(e);
            }
            fresh.Sort((a, b) => a.CreatedAt.CompareTo(b.CreatedAt));
            _recent.AddRange(fresh);
            if (_recent.Count > RecentKept) _recent.RemoveRange(0, _recent.Count - RecentKept);
            return fresh;
        }
    }

    /// <summary>
    /// Why tasks of the followed deployment stopped: each task once, routine stops (scale-in, the old revision draining)
    /// and tasks of other task definitions left out, equal reasons counted together.
    /// </summary>
    public sealed class StopReasonLog
    {
        private readonly HashSet<string> _seenTasks = new HashSet<string>(StringComparer.Ordinal);
        private readonly List<StoppedTaskReason> _reasons = new List<StoppedTaskReason>();
        private int _failuresAtLastLook;
        private bool _lookedAfterFinal;

        public IReadOnlyList<StoppedTaskReason> Reasons => _reasons;

        /// <summary>
        /// True when stopped tasks are worth a look: the deployment counts more failed tasks than at the last look, or
        /// the wait just ended in failure and the reasons belong in the error.
        /// </summary>
        public bool NeedsLook(int failuresNow, bool endedInFailure) =>
            failuresNow > _failuresAtLastLook || (endedInFailure && !_lookedAfterFinal);

        /// <summary>Takes in stopped tasks; only those of <paramref name="taskDefinition"/> (when known) count.</summary>
        public IReadOnlyList<StoppedTaskReason> Add(IEnumerable<StoppedTaskSnapshot> tasks, string? taskDefinition,
            int failuresNow, bool finished)
        {
            _failuresAtLastLook = failuresNow;
            if (finished) _lookedAfterFinal = true;
            var added = new List<StoppedTaskReason>();
            foreach (var task in tasks.OrderBy(t => t.StoppedAt ?? DateTimeOffset.MinValue))
            {
                if (string.IsNullOrEmpty(task.TaskArn) || !_seenTasks.Add(task.TaskArn)) continue;
                if (taskDefinition != null && task.TaskDefinitionArn != null
                    && !DeploymentTracker.SameTaskDefinition(task.TaskDefinitionArn, taskDefinition)) continue;
                if (StoppedTaskReasons.IsRoutine(task)) continue;

                var text = StoppedTaskReasons.Describe(task);
                var existing = _reasons.FirstOrDefault(r => r.Text == text);
                if (existing != null)
                {
                    existing.Count++;
                    continue;
                }
                var reason = new StoppedTaskReason { Kind = StoppedTaskReasons.Classify(task), Text = text, Count = 1 };
                _reasons.Add(reason);
                added.Add(reason);
            }
            return added;
        }
    }
}
