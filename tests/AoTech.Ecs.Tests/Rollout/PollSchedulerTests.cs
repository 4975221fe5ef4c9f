using System;
using System.Collections.Generic;
using AoTech.Ecs.Rollout;
using AoTech.Ecs.Waiting;
using Xunit;

namespace AoTech.Ecs.Tests.Rollout
{
    public class PollSchedulerTests
    {
        private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

        /// <summary>Runs the scheduler with a clock that moves by each interval; returns the intervals.</summary>
        private static List<TimeSpan> Run(PollScheduler scheduler, params PollResult[] results)
        {
            var now = Start;
            var intervals = new List<TimeSpan>();
            foreach (var r in results)
            {
                var next = scheduler.Next(r, now);
                intervals.Add(next);
                now += next;
            }
            return intervals;
        }

        private static PollResult[] Times(PollResult r, int n) { var a = new PollResult[n]; for (var i = 0; i < n; i++) a[i] = r; return a; }

        [Fact]
        public void QuickAtFirstThenGrowingToTheCap()
        {
            var intervals = Run(new PollScheduler(PollSchedule.Default, Start), Times(PollResult.Unchanged, 20));
            // 2 s for the first 20 s (10 polls), then x1.5 per unchanged poll up to 10 s.
            for (var i = 0; i < 10; i++) Assert.Equal(S(2), intervals[i]);
            Assert.Equal(S(3), intervals[10]);
            Assert.Equal(S(4.5), intervals[11]);
            Assert.Equal(S(6.75), intervals[12]);
            Assert.Equal(S(10), intervals[13]);
            Assert.Equal(S(10), intervals[19]);
        }

        [Fact]
        public void AChangeShortensTheIntervalBriefly()
        {
            var s = new PollScheduler(PollSchedule.Default, Start);
            var late = Start.AddMinutes(5);
            s.Next(PollResult.Unchanged, late);
            for (var i = 0; i < 10; i++) s.Next(PollResult.Unchanged, late);
            Assert.Equal(S(10), s.Current);
            Assert.Equal(S(3), s.Next(PollResult.Changed, late));
            Assert.Equal(S(4.5), s.Next(PollResult.Unchanged, late));
            Assert.Equal(S(3), s.Next(PollResult.Changed, late));
        }

        [Fact]
        public void ChangesDuringTheFastPhaseKeepTheInitialInterval()
        {
            var s = new PollScheduler(PollSchedule.Default, Start);
            Assert.Equal(S(2), s.Next(PollResult.Changed, Start.AddSeconds(4)));
        }

        [Fact]
        public void ThrottlingDoublesUpToTheBackoffCapThenRecovers()
        {
            var s = new PollScheduler(PollSchedule.Default, Start);
            var intervals = Run(s, PollResult.Throttled, PollResult.Throttled, PollResult.Throttled, PollResult.Throttled,
                PollResult.Throttled, PollResult.Throttled, PollResult.Unchanged, PollResult.Unchanged);
            Assert.Equal(new[] { S(5), S(10), S(20), S(40), S(60), S(60) }, intervals.GetRange(0, 6));
            // The first answer brings the interval back under the normal cap; growth resumes from there.
            Assert.Equal(S(10), intervals[6]);
            Assert.Equal(S(10), intervals[7]);
        }

        [Fact]
        public void BackoffStartsAboveTheCurrentInterval()
        {
            var s = new PollScheduler(PollSchedule.Default, Start);
            var late = Start.AddMinutes(5);
            for (var i = 0; i < 10; i++) s.Next(PollResult.Unchanged, late);
            Assert.Equal(S(10), s.Next(PollResult.Failed, late));
            Assert.Equal(S(20), s.Next(PollResult.Throttled, late));
        }

        [Fact]
        public void ScheduleIsValidated()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new PollScheduler(new PollSchedule { Initial = TimeSpan.Zero }, Start));
            Assert.Throws<ArgumentOutOfRangeException>(() => new PollScheduler(new PollSchedule { Maximum = S(1) }, Start));
            Assert.Throws<ArgumentOutOfRangeException>(() => new PollScheduler(new PollSchedule { Growth = 0.5 }, Start));
        }
    }
}
