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
        private readonly AppLock _owner;
        private readonly IStackReporter _reporter;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly CancellationTokenSource _lost = new CancellationTokenSource();
        private readonly Task _heartbeat;
        private AppLockRecord? _takenBy;
        private int _released;

        internal AppLockLease(AppLock owner, AppLockRecord record, IStackReporter reporter)
        {
            _owner = owner;
            _reporter = reporter;
            Record = record;
            _heartbeat = Task.Run(() => HeartbeatAsync(_stop.Token));
        }

        /// <summary>The lock as this run last wrote it.</summary>
        public AppLockRecord Record { get; private set; }

        /// <summary>Cancelled when another run holds the lock now: stop changing the stack.</summary>
        public CancellationToken Lost => _lost.Token;

        internal AoEcsException LostError() => new AoEcsException(StackErrorIds.AppLockLost, AoErrorKind.OperationStopped,
            $"Stopped changing {_owner.Subject}: its lock was taken over by {_takenBy?.Describe() ?? "another run"} " +
            $"(this run could not renew it for a whole lease). Re-run when that run has finished; the stack converges.",
            _owner.App);

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
                    await _owner.Options.Clock.Delay(_owner.Options.RenewEvery, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                using var call = new CancellationTokenSource(_owner.Options.ReleaseTimeout);
                var ct = call.Token;
                try
                {
                    var current = await _owner.ReadAsync(ct).ConfigureAwait(false);
                    var renewed = Record.Renewed(DateTime.UtcNow + _owner.Options.Lease);
                    if (current == null)
                    {
                        // Deleted by hand while this run works: claim it again, unless another run was quicker.
                        if (await _owner.TryCreateAsync(renewed, ct).ConfigureAwait(false))
                        {
                            _reporter.Warning($"The lock of {_owner.Subject} ({_owner.Name}) was deleted while this run held it; it was taken again.");
                            Record = renewed;
                            continue;
                        }
                        current = await _owner.ReadAsync(ct).ConfigureAwait(false);
                    }
                    if (current == null || current.RunId != Record.RunId)
                    {
                        _takenBy = current;
                        _reporter.Warning($"The lock of {_owner.Subject} is now held by {current?.Describe() ?? "another run"}: stopping.");
                        _lost.Cancel();
                        return;
                    }
                    await _owner.PutAsync(renewed, ct).ConfigureAwait(false);
                    Record = renewed;
                }
                catch (Exception ex)
                {
                    // A missed renewal is harmless: several fit in one lease. The next one tries again.
                    _reporter.Verbose($"Could not renew the lock of {_owner.Subject}: {ex.Message}");
                }
            }
        }

        /// <summary>
        /// Stops renewing and deletes the lock if this run still holds it. Uses its own time limit, not the run's token,
        /// so it also runs after Ctrl+C. Never throws: a lock left behind is taken over as stale by the next run.
        /// </summary>
        public async Task ReleaseAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1) return;
            _stop.Cancel();
            try
            {
                await _heartbeat.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            try
            {
                if (!_lost.IsCancellationRequested) await _owner.ReleaseAsync(Record).ConfigureAwait(false);
            }
            finally
            {
                ActiveLockRuns.Remove(Record.RunId);
                _stop.Dispose();
                _lost.Dispose();
            }
        }
    }
}
