using System;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack.Converge;

namespace AoTech.Ecs.Stack.Locking
{
    /// <summary>
    /// A held app lock. Renews its lease in the background (a run that is alive never looks stale, however long it
    /// takes) and notices when another run took the lock over (<see cref="Lost"/>). Release it exactly once, in a finally.
    /// </summary>
    public sealed class AppLockLease
    {
        private readonly AppLock owner;
        private readonly IStackReporter reporter;
        private readonly CancellationTokenSource stop = new CancellationTokenSource();
        private readonly CancellationTokenSource lost = new CancellationTokenSource();
        private readonly Task heartbeat;
        private AppLockRecord? takenBy;
        private int released;

        internal AppLockLease(AppLock owner, AppLockRecord record, IStackReporter reporter)
        {
            this.owner = owner;
            this.reporter = reporter;
            Record = record;
            heartbeat = Task.Run(() => HeartbeatAsync(stop.Token));
        }

        /// <summary>The lock as this run last wrote it.</summary>
        public AppLockRecord Record { get; private set; }

        /// <summary>Cancelled when another run holds the lock now: stop changing the stack.</summary>
        public CancellationToken Lost => lost.Token;

        internal AoEcsException LostError() => new AoEcsException(StackErrorIds.AppLockLost, AoErrorKind.OperationStopped,
            $"Stopped changing app '{owner.App}': its lock was taken over by {takenBy?.Describe() ?? "another run"} " +
            $"(this run could not renew it for a whole lease). Re-run when that run has finished; the stack converges.",
            owner.App);

        /// <summary>
        /// Renews the lease until <paramref name="stop"/>. Stopping interrupts only the pause: a renewal already sent is
        /// let finish (within the release time limit), so it cannot land after the release and write the lock again.
        /// </summary>
        private async Task HeartbeatAsync(CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await owner.Options.Clock.Delay(owner.Options.RenewEvery, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                using var call = new CancellationTokenSource(owner.Options.ReleaseTimeout);
                var ct = call.Token;
                try
                {
                    var current = await owner.ReadAsync(ct).ConfigureAwait(false);
                    var renewed = Record.Renewed(DateTime.UtcNow + owner.Options.Lease);
                    if (current == null)
                    {
                        // Deleted by hand while this run works: claim it again, unless another run was quicker.
                        if (await owner.TryCreateAsync(renewed, ct).ConfigureAwait(false))
                        {
                            reporter.Warning($"The lock of app '{owner.App}' ({owner.Name}) was deleted while this run held it; it was taken again.");
                            Record = renewed;
                            continue;
                        }
                        current = await owner.ReadAsync(ct).ConfigureAwait(false);
                    }
                    if (current == null || current.RunId != Record.RunId)
                    {
                        takenBy = current;
                        reporter.Warning($"The lock of app '{owner.App}' is now held by {current?.Describe() ?? "another run"}: stopping.");
                        lost.Cancel();
                        return;
                    }
                    await owner.PutAsync(renewed, ct).ConfigureAwait(false);
                    Record = renewed;
                }
                catch (Exception ex)
                {
                    // A missed renewal is harmless: several fit in one lease. The next one tries again.
                    reporter.Verbose($"Could not renew the lock of app '{owner.App}': {ex.Message}");
                }
            }
        }

        /// <summary>
        /// Stops renewing and deletes the lock if this run still holds it. Uses its own time limit, not the run's token,
        /// so it also runs after Ctrl+C. Never throws: a lock left behind is taken over as stale by the next run.
        /// </summary>
        public async Task ReleaseAsync()
        {
            if (Interlocked.Exchange(ref released, 1) == 1) return;
            stop.Cancel();
            try
            {
                await heartbeat.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            try
            {
                if (!lost.IsCancellationRequested) await owner.ReleaseAsync(Record).ConfigureAwait(false);
            }
            finally
            {
                ActiveLockRuns.Remove(Record.RunId);
                stop.Dispose();
                lost.Dispose();
            }
        }
    }
}
