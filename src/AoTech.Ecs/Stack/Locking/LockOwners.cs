using System;
using System.Collections.Concurrent;
using System.Diagnostics;

namespace AoTech.Ecs.Stack.Locking
{
    /// <summary>
    /// Lock runs going on in this process. Kept in the AppDomain's data rather than a static field so that every copy of
    /// this assembly in the process (PowerShell can load a module into more than one load context) sees the same set:
    /// otherwise one copy would take another copy's live lock for a dead run's.
    /// </summary>
    internal static class ActiveLockRuns
    {
        private const string Key = "AoTech.Ecs.ActiveLockRuns";
        private static readonly object Gate = new object();

        private static ConcurrentDictionary<string, byte> Set
        {
            get
            {
                lock (Gate)
                {
                    // The dictionary type comes from the framework, so it is the same type for every copy of this assembly.
                    if (AppDomain.CurrentDomain.GetData(Key) is ConcurrentDictionary<string, byte> set) return set;
                    set = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
                    AppDomain.CurrentDomain.SetData(Key, set);
                    return set;
                }
            }
        }

        public static void Add(string runId) => Set[runId] = 0;
        public static void Remove(string runId) => Set.TryRemove(runId, out _);
        public static bool Contains(string runId) => Set.ContainsKey(runId);
    }

    /// <summary>This process as a lock owner, and whether another owner on this host is still running.</summary>
    public sealed class LockOwner
    {
        public LockOwner(string host, int processId, DateTime? processStart)
        {
            Host = host;
            ProcessId = processId;
            ProcessStart = processStart;
        }

        public string Host { get; }
        public int ProcessId { get; }
        public DateTime? ProcessStart { get; }

        private static readonly Lazy<LockOwner> _current = new Lazy<LockOwner>(() =>
        {
            using var self = Process.GetCurrentProcess();
            return new LockOwner(Environment.MachineName, self.Id, StartOf(self));
        });

        public static LockOwner Current => _current.Value;

        public bool IsThisHost(string host) => string.Equals(host, Host, StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// Whether a process of this host with that id, started at that time, still runs. A process that cannot be
        /// inspected (another user's, on some systems) counts as running: never take a lock on a guess.
        /// </summary>
        public static bool IsRunning(int processId, DateTime? started)
        {
            Process process;
            try
            {
                process = Process.GetProcessById(processId);
            }
            catch (ArgumentException)
            {
                return false; // no such process
            }
            catch (InvalidOperationException)
            {
                return false;
            }
            using (process)
            {
                try
                {
                    if (process.HasExited) return false;
                }
                catch (Exception ex) when (ex is InvalidOperationException || ex is System.ComponentModel.Win32Exception || ex is NotSupportedException)
                {
                    return true;
                }
                var actual = StartOf(process);
                // The id was reused by a newer process: the holder is gone. (Start times are read to about a second.)
                if (started != null && actual != null && Math.Abs((actual.Value - started.Value).TotalSeconds) > 2) return false;
                return true;
            }
        }

        private static DateTime? StartOf(Process process)
        {
            try
            {
                return process.StartTime.ToUniversalTime();
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is System.ComponentModel.Win32Exception || ex is NotSupportedException)
            {
                return null;
            }
        }
    }

    /// <summary>Decides whether a lock's holder is gone, so the lock may be taken over at once.</summary>
    public static class LockStaleness
    {
        /// <summary>
        /// Why the lock is stale, or null while its holder may still be working: the lease ended (the holder stopped
        /// renewing it); or the holder is on this host and its process has ended; or the holder is this very process and
        /// its run is over (a run stopped by Ctrl+C, or cut off before it could release). Holders on other hosts count on
        /// the lease alone. Assumes host clocks agree to well within the lease.
        /// </summary>
        public static string? Why(AppLockRecord held, DateTime nowUtc, LockOwner self,
            Func<int, DateTime?, bool> isRunning, Func<string, bool> isActiveRun)
        {
            if (!held.IsReadable) return "its value is unreadable";
            if (held.Expires <= nowUtc) return $"its lease ended at {held.Expires:yyyy-MM-dd HH:mm:ss}Z";
            if (!self.IsThisHost(held.Host)) return null;
            if (held.ProcessId == self.ProcessId && SameStart(held.ProcessStart, self.ProcessStart))
                return isActiveRun(held.RunId) ? null : "its run in this process has ended";
            return isRunning(held.ProcessId, held.ProcessStart) ? null : $"its process {held.ProcessId} on this host has ended";
        }

        private static bool SameStart(DateTime? a, DateTime? b) =>
            a == null || b == null || Math.Abs((a.Value - b.Value).TotalSeconds) <= 2;
    }
}
