using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Waiting;
using Xunit;

namespace AoTech.Ecs.Tests.Waiting
{
    /// <summary>The one wait/retry helper, every decision taken on a manual clock: no test sleeps.</summary>
    public sealed class WaiterTests
    {
        private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        internal sealed class Reporter : IProgressReporter
        {
            public List<string> Verbose { get; } = new List<string>();
            public List<(string Activity, string Status, bool Completed)> Progress { get; } = new List<(string, string, bool)>();
            void IProgressReporter.Verbose(string message) => Verbose.Add(message);
            void IProgressReporter.Progress(string activity, string status, int percent, bool completed) => Progress.Add((activity, status, completed));
        }

        private static AwsServiceException Answer(string code, string message = "m") => new AwsServiceException("ecs", "Op", code, message, 400, "r");

        private static RetryRule Rule(string code, TimeSpan limit) =>
            new RetryRule("waiting for " + code, ex => ex is AwsServiceException a && a.ErrorCode == code, limit);

        [Fact]
        public async Task A_matching_answer_is_retried_until_the_call_succeeds_with_growing_pauses_and_progress_that_ends()
        {
            var clock = new ManualClock(Start);
            var reporter = new Reporter();
            var calls = 0;
            var result = await new Waiter(clock, reporter).RetryAsync("RegisterTaskDefinition", () =>
            {
                calls++;
                if (clock.UtcNow < Start.AddSeconds(4)) throw Answer("ClientException");
                return Task.FromResult("done");
            }, default, Rule("ClientException", TimeSpan.FromMinutes(2)));

            Assert.Equal("done", result);
            Assert.Equal(new[] { 0.25, 0.5, 1, 2, 4 }, clock.Delays.Select(d => d.TotalSeconds));
            Assert.Equal(6, calls);
            Assert.Equal(5, reporter.Verbose.Count);
            Assert.All(reporter.Progress.Take(5), p => Assert.False(p.Completed));
            Assert.True(reporter.Progress.Last().Completed);
            Assert.All(reporter.Progress, p => Assert.Equal("RegisterTaskDefinition", p.Activity));
        }

        [Fact]
        public async Task An_answer_no_rule_matches_is_thrown_at_once_without_progress()
        {
            var clock = new ManualClock(Start);
            var reporter = new Reporter();
            var ex = await Assert.ThrowsAsync<AwsServiceException>(() => new Waiter(clock, reporter).RetryAsync<int>("CreateService",
                () => throw Answer("AccessDeniedException"), default, Rule("ClientException", TimeSpan.FromMinutes(2))));
            Assert.Equal("AccessDeniedException", ex.ErrorCode);
            Assert.Empty(clock.Delays);
            Assert.Empty(reporter.Progress);
        }

        [Fact]
        public async Task A_matching_answer_past_the_rules_limit_is_thrown_as_it_came()
        {
            var clock = new ManualClock(Start);
            var calls = 0;
            var ex = await Assert.ThrowsAsync<AwsServiceException>(() => new Waiter(clock, new Reporter()).RetryAsync<int>("DeleteCertificate",
                () => { calls++; throw Answer("ResourceInUseException"); }, default, Rule("ResourceInUseException", TimeSpan.FromSeconds(30))));
            Assert.Equal("ResourceInUseException", ex.ErrorCode);
            // Never sleeps past the limit: the last pause ends within it.
            Assert.True(clock.UtcNow - Start <= TimeSpan.FromSeconds(30), (clock.UtcNow - Start).ToString());
            Assert.True(calls > 3);
        }

        [Fact]
        public async Task Each_rule_has_its_own_limit_counted_from_its_first_matching_answer()
        {
            var clock = new ManualClock(Start);
            var answers = new Queue<string>(Enumerable.Repeat("A", 3).Concat(Enumerable.Repeat("B", 50)));
            var quick = Rule("A", TimeSpan.FromSeconds(5));
            var slow = Rule("B", TimeSpan.FromSeconds(40));
            await Assert.ThrowsAsync<AwsServiceException>(() => new Waiter(clock, new Reporter()).RetryAsync<int>("Op",
                () => throw Answer(answers.Dequeue()), default, quick, slow));
            var waited = clock.UtcNow - Start;
            // A's three answers took under 5 s, then B had its own 40 s.
            Assert.True(waited > TimeSpan.FromSeconds(30) && waited <= TimeSpan.FromSeconds(45), waited.ToString());
        }

        [Fact]
        public async Task Cancellation_stops_a_retry_between_tries()
        {
            using var cts = new CancellationTokenSource();
            var clock = new ManualClock(Start);
            var calls = 0;
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new Waiter(clock, new Reporter()).RetryAsync<int>("Op", () =>
            {
                if (++calls == 2) cts.Cancel();
                throw Answer("X");
            }, cts.Token, Rule("X", TimeSpan.FromMinutes(5))));
            Assert.Equal(2, calls);
        }

        [Fact]
        public async Task A_poll_returns_when_done_and_shows_what_it_waits_for()
        {
            var clock = new ManualClock(Start);
            var reporter = new Reporter();
            var looks = 0;
            await new Waiter(clock, reporter).UntilAsync("Waiting for DNS", () =>
                    Task.FromResult(++looks < 4 ? "PENDING" : null),
                new WaitLimit(TimeSpan.FromMinutes(1)), waited => new TimeoutException(), default);
            Assert.Equal(4, looks);
            Assert.Equal(3, clock.Delays.Count);
            Assert.StartsWith("PENDING", reporter.Progress[0].Status);
            Assert.True(reporter.Progress.Last().Completed);
        }

        [Fact]
        public async Task A_poll_that_is_done_at_once_neither_waits_nor_shows_progress()
        {
            var clock = new ManualClock(Start);
            var reporter = new Reporter();
            await new Waiter(clock, reporter).UntilAsync("x", () => Task.FromResult<string?>(null), new WaitLimit(TimeSpan.FromMinutes(1)),
                waited => new TimeoutException(), default);
            Assert.Empty(clock.Delays);
            Assert.Empty(reporter.Progress);
        }

        [Fact]
        public async Task A_poll_past_its_limit_throws_what_the_caller_says_and_never_sleeps_past_it()
        {
            var clock = new ManualClock(Start);
            var reporter = new Reporter();
            var ex = await Assert.ThrowsAsync<TimeoutException>(() => new Waiter(clock, reporter).UntilAsync("x",
                () => Task.FromResult<string?>("still"), new WaitLimit(TimeSpan.FromSeconds(100)),
                waited => new TimeoutException(waited.TotalSeconds.ToString()), default));
            Assert.Equal("100", ex.Message);
            Assert.Equal(TimeSpan.FromSeconds(100), clock.UtcNow - Start);
            Assert.True(reporter.Progress.Last().Completed);
        }

        [Fact]
        public async Task A_poll_follows_its_pace_quick_first_then_slower()
        {
            var clock = new ManualClock(Start);
            var pace = new PollSchedule { Initial = TimeSpan.FromSeconds(1), FastPhase = TimeSpan.FromSeconds(3), Maximum = TimeSpan.FromSeconds(4) };
            var looks = 0;
            await new Waiter(clock, new Reporter()).UntilAsync("x", () => Task.FromResult(++looks < 8 ? "not yet" : null),
                new WaitLimit(TimeSpan.FromMinutes(1), pace), waited => new TimeoutException(), default);
            Assert.Equal(new[] { 1.0, 1, 1, 1.5, 2.25, 3.375, 4 }, clock.Delays.Select(d => d.TotalSeconds));
        }
    }
}
