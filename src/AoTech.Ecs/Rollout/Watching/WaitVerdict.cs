using System;

namespace AoTech.Ecs.Rollout
{
    /// <summary>
    /// The verdict both deployment trackers keep: the outcome so far, the deadline that turns "still in progress" into a
    /// timeout, and when the wait ended. No clock of its own: each observation brings its time.
    /// </summary>
    internal sealed class WaitVerdict
    {
        public WaitVerdict(DateTimeOffset startedAt, TimeSpan timeout)
        {
            if (timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), "The timeout must be positive.");
            StartedAt = startedAt;
            Timeout = timeout;
            Deadline = startedAt + timeout;
        }

        public DateTimeOffset StartedAt { get; }
        public TimeSpan Timeout { get; }
        public DateTimeOffset Deadline { get; }
        public DeploymentOutcome Outcome { get; private set; } = DeploymentOutcome.InProgress;
        public bool IsFinished => Outcome.IsFinal();
        public DateTimeOffset? FinishedAt { get; private set; }

        /// <summary>Takes in what one observation at <paramref name="now"/> concluded; past the deadline, "in progress" is a timeout.</summary>
        public void Record(DeploymentOutcome outcome, DateTimeOffset now)
        {
            Outcome = outcome == DeploymentOutcome.InProgress && now >= Deadline ? DeploymentOutcome.TimedOut : outcome;
            if (IsFinished) FinishedAt = now;
        }

        /// <summary>A poll that saw nothing (throttled, network): only the deadline can end the wait.</summary>
        public void RecordNothing(DateTimeOffset now)
        {
            if (!IsFinished) Record(DeploymentOutcome.InProgress, now);
        }
    }
}
