using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Amazon.SimpleSystemsManagement;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack.Converge;
using AoTech.Ecs.Waiting;
using Ssm = Amazon.SimpleSystemsManagement.Model;

namespace AoTech.Ecs.Stack.Locking
{
    /// <summary>
    /// One app's lock: an SSM parameter /aotech/&lt;app&gt;/lock that exists while a run changes the app's stack, so two
    /// runs for one app never build side by side. Creating the parameter without overwrite is the atomic "take";
    /// deleting it is "release". Its value (<see cref="AppLockRecord"/>) says who holds it and until when.
    /// A waiting run polls; a lock whose holder is gone (<see cref="LockStaleness"/>) is taken over at once.
    /// </summary>
    public sealed class AppLock
    {
        private readonly AwsConnection _aws;
        private readonly IStackReporter _reporter;

        public AppLock(AwsConnection connection, string app, IStackReporter? reporter = null, AppLockOptions? options = null)
            : this(connection, app, ParameterName(app), "app", StackNames.AppTagKey, StackErrorIds.AppBusy, reporter, options)
        {
        }

        private AppLock(AwsConnection connection, string name, string parameter, string kind, string tagKey, string busyErrorId,
            IStackReporter? reporter, AppLockOptions? options)
        {
            StackNames.ValidateAppName(name);
            _aws = connection;
            App = name;
            Name = parameter;
            _kind = kind;
            _tagKey = tagKey;
            _busyErrorId = busyErrorId;
            _reporter = reporter ?? NullStackReporter.Instance;
            Options = options ?? new AppLockOptions();
        }

        /// <summary>
        /// The lock of a shared endpoint (/aotech/&lt;endpoint&gt;/endpoint-lock). New-AoEcsApp holds it around the routing change
        /// (the listener's rules and certificates), so two apps joining at once never pick the same rule priority; and around
        /// its whole run (discovery to apply) while the endpoint's own resources are new or incomplete, so two apps creating
        /// one endpoint at once build one network, load balancer and instance group. Remove-AoEcsApp holds it while it takes
        /// the app off the listener. Taken inside the app's lock, never the other way round, so runs cannot deadlock; never
        /// taken twice by one run.
        /// </summary>
        public static AppLock ForEndpoint(AwsConnection connection, string endpoint, IStackReporter? reporter = null, AppLockOptions? options = null) =>
            new AppLock(connection, endpoint, EndpointParameterName(endpoint), "endpoint", StackNames.EndpointTagKey,
                Endpoints.EndpointErrorIds.EndpointBusy, reporter, options);

        /// <summary>The SSM parameter that is the lock of <paramref name="app"/>.</summary>
        public static string ParameterName(string app) => "/aotech/" + app + "/lock";

        /// <summary>The SSM parameter that is the lock of the endpoint <paramref name="endpoint"/> (beside its app lock's path, so the same grant covers it).</summary>
        public static string EndpointParameterName(string endpoint) => "/aotech/" + endpoint + "/endpoint-lock";

        private readonly string _kind;
        private readonly string _tagKey;
        private readonly string _busyErrorId;
        /// <summary>"app 'web'" or "endpoint 'main'", for messages.</summary>
        internal string Subject => $"{_kind} '{App}'";
        internal string SubjectTitle => char.ToUpperInvariant(_kind[0]) + _kind.Substring(1) + $" '{App}'";

        public string App { get; }
        /// <summary>The SSM parameter name.</summary>
        public string Name { get; }
        public AppLockOptions Options { get; }

        /// <summary>Waits for a live holder, on the stack's clock.</summary>
        private Waiter Waiter => new Waiter(Options.Clock, _reporter);

        /// <summary>This process as it writes itself into the lock (tests pose as another process or host).</summary>
        internal LockOwner Owner { get; set; } = LockOwner.Current;
        /// <summary>Whether a process of this host still runs (tests answer for processes they made up).</summary>
        internal Func<int, DateTime?, bool> IsRunning { get; set; } = LockOwner.IsRunning;
        /// <summary>Test hook: runs after a stale lock was seen and before it is overwritten.</summary>
        internal Func<Task>? BeforeTakeover { get; set; }

        /// <summary>Who holds the lock now, or null when it is free. Read-only.</summary>
        public async Task<AppLockRecord?> ReadAsync(CancellationToken ct)
        {
            try
            {
                var response = await _aws.CallSdkAsync("ssm", "GetParameter", t => _aws.Ssm.GetParameterAsync(
                    new Ssm.GetParameterRequest { Name = Name }, t), ct).ConfigureAwait(false);
                return AppLockRecord.Parse(response.Parameter?.Value);
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "ParameterNotFound")
            {
                return null;
            }
        }

        /// <summary>Why <paramref name="held"/> no longer protects anything (its holder is gone), or null while it does.</summary>
        public string? WhyStale(AppLockRecord held) =>
            LockStaleness.Why(held, DateTime.UtcNow, Owner, IsRunning, ActiveLockRuns.Contains);

        /// <summary>
        /// Takes the lock for <paramref name="operation"/> (e.g. "New-AoEcsApp"), waiting while a live run holds it (with
        /// progress naming the holder) and taking over a stale one. Throws AoEcsException AppBusy after
        /// <see cref="AppLockOptions.WaitTimeout"/>; Ctrl+C (<paramref name="ct"/>) stops the wait.
        /// The caller must release the returned lease (in a finally); <see cref="RunAsync{T}"/> does all of this.
        /// </summary>
        public async Task<AppLockLease> AcquireAsync(string operation, CancellationToken ct)
        {
            var runId = Guid.NewGuid().ToString("N");
            // Active before the lock is written: another run of this process must never see this id as a dead run's.
            ActiveLockRuns.Add(runId);
            AppLockRecord? written = null;
            AppLockRecord? waitingFor = null;
            AppLockLease? lease = null;
            try
            {
                await Waiter.UntilAsync($"Waiting for {Subject}", async () =>
                    {
                        while (true)
                        {
                            var mine = Record(runId, operation);
                            written = mine;
                            if (await TryCreateAsync(mine, ct).ConfigureAwait(false))
                            {
                                lease = Held(mine);
                                return null;
                            }
                            written = null;
                            var current = await ReadAsync(ct).ConfigureAwait(false);
                            if (current == null) continue; // released just now: try again at once
                            // Our own create, retried after its answer was lost, found the lock it had made.
                            if (current.RunId == runId)
                            {
                                lease = Held(mine);
                                return null;
                            }

                            var stale = WhyStale(current);
                            if (stale != null)
                            {
                                _reporter.Verbose($"The lock of {Subject} ({Name}) held by {current.Describe()} is stale ({stale}): taking it over.");
                                if (BeforeTakeover != null) await BeforeTakeover().ConfigureAwait(false);
                                written = mine;
                                if (await TakeOverAsync(mine, ct).ConfigureAwait(false))
                                {
                                    lease = Held(mine);
                                    return null;
                                }
                                written = null;
                                _reporter.Verbose($"Another run took over the lock of {Subject} first.");
                                continue; // the winner now holds a live lock: the next round waits for it
                            }

                            if (waitingFor == null || waitingFor.RunId != current.RunId)
                                _reporter.Verbose($"{SubjectTitle} is busy: {current.Describe()} holds its lock ({Name}). Waiting up to {Minutes(Options.WaitTimeout)} for it.");
                            waitingFor = current;
                            return $"{current.Describe()} holds its lock";
                        }
                    },
                    new WaitLimit(Options.WaitTimeout, new PollSchedule
                    {
                        Initial = Options.PollInterval, FastPhase = TimeSpan.MaxValue,
                        Maximum = Options.PollInterval > TimeSpan.FromSeconds(10) ? Options.PollInterval : TimeSpan.FromSeconds(10),
                    }),
                    waited => Busy(waitingFor!, waited), ct).ConfigureAwait(false);
                return lease!;
            }
            catch
            {
                // Stopped or failed after writing our record (e.g. Ctrl+C during a takeover): do not leave it behind.
                if (written != null) await ReleaseAsync(written).ConfigureAwait(false);
                ActiveLockRuns.Remove(runId);
                throw;
            }
        }

        /// <summary>
        /// Runs <paramref name="work"/> while holding the lock: takes it (waiting if need be), renews it in the background,
        /// and releases it afterwards however the work ends, Ctrl+C included. If another run takes the lock over meanwhile
        /// (only possible after this run stopped renewing for a whole lease), the work is cancelled and AppLockLost thrown.
        /// </summary>
        public async Task<T> RunAsync<T>(string operation, Func<CancellationToken, Task<T>> work, CancellationToken ct)
        {
            var lease = await AcquireAsync(operation, ct).ConfigureAwait(false);
            try
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, lease.Lost);
                try
                {
                    return await work(linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (lease.Lost.IsCancellationRequested && !ct.IsCancellationRequested)
                {
                    throw lease.LostError();
                }
            }
            finally
            {
                await lease.ReleaseAsync().ConfigureAwait(false);
            }
        }

        private AppLockLease Held(AppLockRecord record)
        {
            _reporter.Verbose($"Took the lock of {Subject} ({Name}) for {record.Operation}.");
            return new AppLockLease(this, record, _reporter);
        }

        private AppLockRecord Record(string runId, string operation)
        {
            var now = DateTime.UtcNow;
            return new AppLockRecord(runId, Owner.Host, Owner.ProcessId, Owner.ProcessStart, operation, now, now + Options.Lease);
        }

        /// <summary>
        /// Overwrites a stale lock with ours, waits a moment and reads it back: if another run overwrote it meanwhile, the
        /// last writer holds it and we do not. Residual risk: SSM has no compare-and-swap, so a contender that saw the
        /// same stale lock but writes more than <see cref="AppLockOptions.TakeoverSettle"/> after us takes it from us
        /// unnoticed; the lease renewal notices within <see cref="AppLockOptions.RenewEvery"/> and stops our run
        /// (AppLockLost). Takeovers only happen after a run died, so two contenders are rare, and one that slow rarer.
        /// </summary>
        private async Task<bool> TakeOverAsync(AppLockRecord mine, CancellationToken ct)
        {
            await PutAsync(mine, ct).ConfigureAwait(false);
            await Waiter.Clock.Delay(Options.TakeoverSettle, ct).ConfigureAwait(false);
            var now = await ReadAsync(ct).ConfigureAwait(false);
            return now?.RunId == mine.RunId;
        }

        /// <summary>Creates the lock parameter; false when it exists already (someone holds the lock).</summary>
        internal async Task<bool> TryCreateAsync(AppLockRecord record, CancellationToken ct)
        {
            try
            {
                await _aws.CallSdkAsync("ssm", "PutParameter", t => _aws.Ssm.PutParameterAsync(new Ssm.PutParameterRequest
                {
                    Name = Name,
                    Value = record.ToJson(),
                    Type = ParameterType.String,
                    Overwrite = false,
                    Description = Description,
                    // Tags only on create (SSM refuses them with overwrite); they stay on the parameter.
                    Tags = new List<Ssm.Tag> { new Ssm.Tag { Key = _tagKey, Value = App } },
                }, t), ct).ConfigureAwait(false);
                return true;
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "ParameterAlreadyExists")
            {
                return false;
            }
        }

        /// <summary>Writes the record over whatever the lock holds (takeover, renewal).</summary>
        internal Task PutAsync(AppLockRecord record, CancellationToken ct) =>
            _aws.CallSdkAsync("ssm", "PutParameter", t => _aws.Ssm.PutParameterAsync(new Ssm.PutParameterRequest
            {
                Name = Name,
                Value = record.ToJson(),
                Type = ParameterType.String,
                Overwrite = true,
                Description = Description,
            }, t), ct);

        /// <summary>
        /// Deletes the lock if <paramref name="mine"/> still holds it (never another run's), within the release time limit
        /// and regardless of any cancelled token. Never throws: a lock left behind is taken over as stale.
        /// </summary>
        internal async Task ReleaseAsync(AppLockRecord mine)
        {
            try
            {
                using var timeout = new CancellationTokenSource(Options.ReleaseTimeout);
                var current = await ReadAsync(timeout.Token).ConfigureAwait(false);
                if (current?.RunId != mine.RunId) return;
                try
                {
                    await _aws.CallSdkAsync("ssm", "DeleteParameter", t => _aws.Ssm.DeleteParameterAsync(
                        new Ssm.DeleteParameterRequest { Name = Name }, t), timeout.Token).ConfigureAwait(false);
                }
                catch (AwsServiceException ex) when (ex.ErrorCode == "ParameterNotFound")
                {
                    // Deleted by a retry of this very call whose first answer was lost.
                }
                _reporter.Verbose($"Released the lock of {Subject}.");
            }
            catch (Exception ex)
            {
                _reporter.Warning($"Could not release the lock of {Subject} ({Name}): {ex.Message} " +
                    $"The next run on this host takes it over at once; runs elsewhere wait until its lease ends ({Minutes(Options.Lease)}).");
            }
        }

        private string Description => $"Lock of AoTech.Ecs {Subject}: exists while a run changes the {_kind}. Delete it only if no such run is going on.";

        private AoEcsException Busy(AppLockRecord holder, TimeSpan waited) => new AoEcsException(_busyErrorId, AoErrorKind.ResourceBusy,
            $"{SubjectTitle} is busy: {holder.Describe()} holds its lock and did not release it within {Minutes(waited)}. " +
            $"Try again when that run has finished. A lock whose run was killed frees itself when its lease ends " +
            $"({holder.Expires:yyyy-MM-dd HH:mm:ss}Z unless renewed); if you are sure no run is going on, delete the SSM parameter {Name} " +
            $"(aws ssm delete-parameter --name {Name}).",
            App);

        internal static string Minutes(TimeSpan span) =>
            span.TotalMinutes >= 1 ? $"{span.TotalMinutes:0.#} min" : $"{span.TotalSeconds:0} s";
    }
}
