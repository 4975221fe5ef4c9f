using System;

namespace AoTech.Ecs.Waiting
{
    /// <summary>What the last poll gave, as far as the next interval is concerned.</summary>
    public enum PollResult
    {
        /// <summary>Something moved (counts, states, events): look again soon.</summary>
        Changed,
        Unchanged,
        /// <summary>The API asked us to slow down (ThrottlingException and friends).</summary>
        Throttled,
        /// <summary>The call failed for a passing reason (network, 5xx).</summary>
        Failed,
    }

    /// <summary>The knobs of the adaptive polling; the defaults keep a wait well under 10 DescribeServices a minute once settled.</summary>
    public sealed class PollSchedule
    {
        /// <summary>Interval right after the start, when a fresh deployment moves fastest.</summary>
        public TimeSpan Initial { get; set; } = TimeSpan.FromSeconds(2);
        /// <summary>How long the initial interval is kept.</summary>
        public TimeSpan FastPhase { get; set; } = TimeSpan.FromSeconds(20);
        /// <summary>Each unchanged poll multiplies the interval by this.</summary>
        public double Growth { get; set; } = 1.5;
        /// <summary>Cap while all is well: the worst-case delay between completion and noticing it.</summary>
        public TimeSpan Maximum { get; set; } = TimeSpan.FromSeconds(10);
        /// <summary>After a change the interval drops to at most this, then grows again.</summary>
        public TimeSpan AfterChange { get; set; } = TimeSpan.FromSeconds(3);
        /// <summary>First interval after a throttled or failed poll; it doubles on each further one.</summary>
        public TimeSpan BackoffInitial { get; set; } = TimeSpan.FromSeconds(5);
        /// <summary>Cap while throttled.</summary>
        public TimeSpan BackoffMaximum { get; set; } = TimeSpan.FromSeconds(60);

        public static PollSchedule Default => new PollSchedule();

        internal void Validate()
        {
            if (Initial <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Initial));
            if (Maximum < Initial) throw new ArgumentOutOfRangeException(nameof(Maximum), "Maximum must be at least Initial.");
            if (Growth < 1) throw new ArgumentOutOfRangeException(nameof(Growth), "Growth must be at least 1.");
            if (BackoffMaximum < BackoffInitial) throw new ArgumentOutOfRangeException(nameof(BackoffMaximum));
        }
    }

    /// <summary>
    /// Decides how long to wait before the next poll. Pure: it is told what the poll gave and the time, and answers
    /// with an interval. Quick at first, backing off to <see cref="PollSchedule.Maximum"/> while nothing moves,
    /// quicker again after a change, and well beyond the cap while the API throttles.
    /// </summary>
    public sealed class PollScheduler
    {
        private readonly PollSchedule _schedule;
        private readonly DateTimeOffset _start;
        private TimeSpan _current;
        private TimeSpan _backoff = TimeSpan.Zero;

        public PollScheduler(PollSchedule schedule, DateTimeOffset start)
        {
            _schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));
            _schedule.Validate();
            _start = start;
            _current = schedule.Initial;
        }

        /// <summary>The interval used last (or the initial one before any poll).</summary>
        public TimeSpan Current => _current;

        /// <summary>The wait before the next poll, given what the last poll gave at <paramref name="now"/>.</summary>
        public TimeSpan Next(PollResult result, DateTimeOffset now)
        {
            switch (result)
            {
                case PollResult.Throttled:
                case PollResult.Failed:
                    _backoff = _backoff == TimeSpan.Zero
                        ? Max(_schedule.BackoffInitial, _current)
                        : Min(Scale(_backoff, 2), _schedule.BackoffMaximum);
                    _backoff = Min(_backoff, _schedule.BackoffMaximum);
                    _current = _backoff;
                    return _current;

                case PollResult.Changed:
                    _backoff = TimeSpan.Zero;
                    _current = now - _start < _schedule.FastPhase
                        ? _schedule.Initial
                        : Max(_schedule.Initial, Min(Min(_current, _schedule.Maximum), _schedule.AfterChange));
                    return _current;

                default:
                    if (_backoff != TimeSpan.Zero)
                    {
                        // The API answered again: come back under the normal cap, then keep growing from there.
                        _backoff = TimeSpan.Zero;
                        _current = Min(_current, _schedule.Maximum);
                        return _current;
                    }
                    _current = now - _start < _schedule.FastPhase
                        ? _schedule.Initial
                        : Min(Scale(_current, _schedule.Growth), _schedule.Maximum);
                    return _current;
            }
        }

        private static TimeSpan Scale(TimeSpan span, double factor) => TimeSpan.FromTicks((long)(span.Ticks * factor));
        private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
        private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
    }
}
