using System;
using AoTech.Ecs.Waiting;

namespace AoTech.Ecs.Stack.Locking
{
    /// <summary>Timings of the app lock. The defaults suit real runs; tests shorten them.</summary>
    public sealed class AppLockOptions
    {
        /// <summary>How long a lock stays valid without renewal: a holder that vanished blocks other hosts this long at most.</summary>
        public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
        /// <summary>How often the holder pushes its lease out (several renewals fit in one lease, so a failed one is harmless).</summary>
        public TimeSpan RenewEvery { get; set; } = TimeSpan.FromSeconds(30);
        /// <summary>How often a waiting run looks at the lock again.</summary>
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(3);
        /// <summary>How long a run waits for a live holder before failing with AppBusy (a first deployment can take long).</summary>
        public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromMinutes(30);
        /// <summary>After overwriting a stale lock, how long to wait before checking nobody else overwrote it too.</summary>
        public TimeSpan TakeoverSettle { get; set; } = TimeSpan.FromSeconds(2);
        /// <summary>How long releasing may take; it runs even after Ctrl+C, so it has its own limit.</summary>
        public TimeSpan ReleaseTimeout { get; set; } = TimeSpan.FromSeconds(15);
        /// <summary>The clock waits and renewals run on.</summary>
        public IClock Clock { get; set; } = SystemClock.Instance;
    }
}
