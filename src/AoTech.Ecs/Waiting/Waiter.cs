using System;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Waiting
{
    /// <summary>
    /// An answer worth waiting out (IAM still propagating a new role, a new EC2 id not visible yet, a dependency still
    /// being released): which answers match, why they are worth waiting for, and for how long at most.
    /// </summary>
    public sealed class RetryRule
    {
        /// <summary>
        /// 0.25 s, then twice as long per try up to 10 s: most propagation is over within a second, so the first tries
        /// come quickly; a wait of minutes settles at one try every 10 s.
        /// </summary>
        public static PollSchedule DefaultPace => new PollSchedule
        {
            Initial = TimeSpan.FromMilliseconds(250), FastPhase = TimeSpan.Zero, Growth = 2, Maximum = TimeSpan.FromSeconds(10),
        };

        public RetryRule(string reason, Func<Exception, bool> matches, TimeSpan limit, PollSchedule? pace = null)
        {
            Reason = reason;
            Matches = matches;
            Limit = limit;
            Pace = pace ?? DefaultPace;
            Pace.Validate();
        }

        /// <summary>Why the answer passes, in words ("IAM has not propagated the new role yet").</summary>
        public string Reason { get; }
        public Func<Exception, bool> Matches { get; }
        /// <summary>How long after the first matching answer the call is still tried again.</summary>
        public TimeSpan Limit { get; }
        public PollSchedule Pace { get; }

        public RetryRule WithLimit(TimeSpan limit) => new RetryRule(Reason, Matches, limit, Pace);
    }

    /// <summary>How long a wait may last and how often it looks.</summary>
    public sealed class WaitLimit
    {
        public WaitLimit(TimeSpan limit, PollSchedule? pace = null)
        {
            Limit = limit;
            Pace = pace ?? RetryRule.DefaultPace;
            Pace.Validate();
        }

        public TimeSpan Limit { get; }
        public PollSchedule Pace { get; }
    }

    /// <summary>
    /// The one helper behind every wait and retry of the stack: repeats a call while it gets an answer a
    /// <see cref="RetryRule"/> says passes, or polls until a condition holds, on an injectable <see cref="IClock"/> (tests
    /// decide every retry without sleeping), with progress while it waits (always ended with a Completed record) and
    /// honouring cancellation between and during pauses. Intervals come from the rollout's <see cref="PollScheduler"/>.
    /// Deadlines are measured on the clock, not counted in attempts: AWS documents its delays in time.
    /// </summary>
    public sealed class Waiter
    {
        private readonly IProgressReporter _reporter;

        public Waiter(IClock clock, IProgressReporter reporter)
        {
            Clock = clock;
            _reporter = reporter;
        }

        public IClock Clock { get; }

        /// <summary>
        /// Runs <paramref name="call"/>; while it fails with an answer one of <paramref name="rules"/> matches, waits and
        /// runs it again, up to that rule's limit (counted from its first matching answer). Any other failure, or a
        /// matching one past the limit, is thrown as it came.
        /// </summary>
        public async Task<T> RetryAsync<T>(string what, Func<Task<T>> call, CancellationToken ct, params RetryRule[] rules)
        {
            var started = Clock.UtcNow;
            RetryRule? current = null;
            var deadline = DateTimeOffset.MaxValue;
            PollScheduler? pace = null;
            var shown = false;
            try
            {
                while (true)
                {
                    ct.ThrowIfCancellationRequested();
                    try
                    {
                        return await call().ConfigureAwait(false);
                    }
                    catch (Exception ex) when (Array.Find(rules, r => r.Matches(ex)) is RetryRule rule)
                    {
                        ct.ThrowIfCancellationRequested();
                        var now = Clock.UtcNow;
                        if (rule != current)
                        {
                            current = rule;
                            deadline = now + rule.Limit;
                            pace = new PollScheduler(rule.Pace, now);
                        }
                        else
                        {
                            pace!.Next(PollResult.Unchanged, now);
                        }
                        var delay = pace!.Current;
                        if (now + delay > deadline) throw;
                        var answer = ex is AwsServiceException aws ? aws.ErrorCode : ex.GetType().Name;
                        _reporter.Verbose($"{what}: {answer} ({rule.Reason}); trying again in {delay.TotalSeconds:0.#} s");
                        _reporter.Progress(what, $"{rule.Reason}; trying again ({(now - started).TotalSeconds:0} s)",
                            Percent(now - started, rule.Limit), false);
                        shown = true;
                        await Clock.Delay(delay, ct).ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                if (shown) _reporter.Progress(what, "done", 100, true);
            }
        }

        public Task RetryAsync(string what, Func<Task> call, CancellationToken ct, params RetryRule[] rules) =>
            RetryAsync(what, async () =>
            {
                await call().ConfigureAwait(false);
                return true;
            }, ct, rules);

        /// <summary>
        /// Polls until <paramref name="pending"/> answers null (done); a non-null answer says what is still awaited and is
        /// shown as progress. Past <paramref name="limit"/> the exception <paramref name="timedOut"/> makes (given the
        /// time waited) is thrown. The first look is made at once.
        /// </summary>
        public async Task UntilAsync(string activity, Func<Task<string?>> pending, WaitLimit limit, Func<TimeSpan, Exception> timedOut,
            CancellationToken ct)
        {
            var started = Clock.UtcNow;
            var pace = new PollScheduler(limit.Pace, started);
            var first = true;
            var shown = false;
            try
            {
                while (true)
                {
                    ct.ThrowIfCancellationRequested();
                    var status = await pending().ConfigureAwait(false);
                    if (status == null) return;
                    var now = Clock.UtcNow;
                    var waited = now - started;
                    if (waited >= limit.Limit) throw timedOut(waited);
                    _reporter.Progress(activity, $"{status} ({waited.TotalSeconds:0} s)", Percent(waited, limit.Limit), false);
                    shown = true;
                    var delay = first ? pace.Current : pace.Next(PollResult.Unchanged, now);
                    first = false;
                    var left = limit.Limit - waited;
                    await Clock.Delay(delay < left ? delay : left, ct).ConfigureAwait(false);
                }
            }
            finally
            {
                if (shown) _reporter.Progress(activity, "done", 100, true);
            }
        }

        private static int Percent(TimeSpan waited, TimeSpan limit) =>
            (int)Math.Min(99, 100 * waited.TotalSeconds / Math.Max(1, limit.TotalSeconds));
    }
}
