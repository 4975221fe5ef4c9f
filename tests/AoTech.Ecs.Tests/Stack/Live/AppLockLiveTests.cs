using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.Converge;
using AoTech.Ecs.Stack.Locking;
using AoTech.Ecs.Tests.Infrastructure;
using Xunit;

namespace AoTech.Ecs.Tests.Stack.Live
{
    /// <summary>The app lock (an SSM parameter) against a real SSM-compatible backend: take, wait, stale holders, release.</summary>
    public sealed class AppLockLiveTests : IClassFixture<MotoServerFixture>, IDisposable
    {
        private readonly AwsConnection aws;

        public AppLockLiveTests(MotoServerFixture moto)
        {
            aws = moto.Connect();
        }

        public void Dispose() => aws.Dispose();

        /// <summary>Short timings so waits and renewals happen within a test.</summary>
        private static AppLockOptions Quick(TimeSpan? waitTimeout = null) => new AppLockOptions
        {
            Lease = TimeSpan.FromMinutes(2),
            RenewEvery = TimeSpan.FromMinutes(1),
            PollInterval = TimeSpan.FromMilliseconds(100),
            WaitTimeout = waitTimeout ?? TimeSpan.FromMinutes(2),
            TakeoverSettle = TimeSpan.FromMilliseconds(300),
            ReleaseTimeout = TimeSpan.FromSeconds(15),
        };

        private static string UniqueApp() => "lk" + Guid.NewGuid().ToString("N").Substring(0, 10);

        private sealed class Reporter : IStackReporter
        {
            public ConcurrentQueue<string> Lines { get; } = new ConcurrentQueue<string>();
            public ConcurrentQueue<(string Status, bool Completed)> Progress { get; } = new ConcurrentQueue<(string, bool)>();
            public void Verbose(string message) => Lines.Enqueue("V " + message);
            public void Warning(string message) => Lines.Enqueue("W " + message);
            void AoTech.Ecs.Waiting.IProgressReporter.Progress(string activity, string status, int percent, bool completed) => Progress.Enqueue((status, completed));
        }

        private async Task<Parameter?> ParameterAsync(string name)
        {
            try
            {
                return (await aws.CallSdkAsync("ssm", "GetParameter", t => aws.Ssm.GetParameterAsync(new GetParameterRequest { Name = name }, t))).Parameter;
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "ParameterNotFound")
            {
                return null;
            }
        }

        /// <summary>Writes a lock value as another run (of another host, process or run) would have left it.</summary>
        private Task PlantAsync(string app, AppLockRecord record) =>
            aws.CallSdkAsync("ssm", "PutParameter", t => aws.Ssm.PutParameterAsync(new PutParameterRequest
            {
                Name = AppLock.ParameterName(app),
                Value = record.ToJson(),
                Type = ParameterType.String,
                Overwrite = true,
            }, t));

        private static AppLockRecord Foreign(string host, int pid, DateTime expires, DateTime? processStart = null) =>
            new AppLockRecord(Guid.NewGuid().ToString("N"), host, pid, processStart, "New-AoEcsApp", DateTime.UtcNow.AddMinutes(-5), expires);

        private static async Task Until(Func<bool> condition, string what)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!condition())
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException("never happened: " + what);
                await Task.Delay(50);
            }
        }

        [Fact]
        public async Task Acquire_writes_a_tagged_parameter_naming_this_run_and_release_deletes_it()
        {
            var app = UniqueApp();
            var appLock = new AppLock(aws, app, null, Quick());
            Assert.Equal($"/aotech/{app}/lock", appLock.Name);
            Assert.Null(await appLock.ReadAsync(default));

            var lease = await appLock.AcquireAsync("New-AoEcsApp", default);
            var stored = AppLockRecord.Parse((await ParameterAsync(appLock.Name))!.Value);
            Assert.Equal(lease.Record.RunId, stored.RunId);
            Assert.Equal(Environment.MachineName, stored.Host);
            Assert.Equal(Process.GetCurrentProcess().Id, stored.ProcessId);
            Assert.Equal("New-AoEcsApp", stored.Operation);
            Assert.True(stored.Expires > DateTime.UtcNow.AddMinutes(1), "the lease lasts about two minutes");
            Assert.Null(appLock.WhyStale(stored)); // a live run of this process
            var tags = await aws.CallSdkAsync("ssm", "ListTagsForResource", t => aws.Ssm.ListTagsForResourceAsync(
                new ListTagsForResourceRequest { ResourceType = ResourceTypeForTagging.Parameter, ResourceId = appLock.Name }, t));
            Assert.Contains(tags.TagList, tag => tag.Key == "aotech:app" && tag.Value == app);

            await lease.ReleaseAsync();
            Assert.Null(await ParameterAsync(appLock.Name));
            // Once released, the run is over: a lock it left would now be stale.
            Assert.Equal("its run in this process has ended", appLock.WhyStale(stored));
        }

        [Fact]
        public async Task A_second_run_waits_with_progress_naming_the_holder_and_gets_the_lock_when_it_is_released()
        {
            var app = UniqueApp();
            var first = await new AppLock(aws, app, null, Quick()).AcquireAsync("New-AoEcsApp", default);
            var reporter = new Reporter();
            var second = new AppLock(aws, app, reporter, Quick()).AcquireAsync("Remove-AoEcsApp", default);

            await Until(() => reporter.Progress.Count >= 3, "the second run reports that it waits");
            Assert.False(second.IsCompleted, "the lock is still held by the first run");
            var status = reporter.Progress.First().Status;
            Assert.Contains("New-AoEcsApp", status);
            Assert.Contains(Environment.MachineName, status);
            Assert.Contains("pid " + Process.GetCurrentProcess().Id, status);

            await first.ReleaseAsync();
            var lease = await second;
            Assert.Equal(lease.Record.RunId, AppLockRecord.Parse((await ParameterAsync(AppLock.ParameterName(app)))!.Value).RunId);
            Assert.True(reporter.Progress.Last().Completed, "the waiting activity ends with a Completed record");
            await lease.ReleaseAsync();
            Assert.Null(await ParameterAsync(AppLock.ParameterName(app)));
        }

        [Fact]
        public async Task A_run_that_waits_too_long_fails_with_AppBusy_naming_the_holder_and_how_to_clear_it()
        {
            var app = UniqueApp();
            var first = await new AppLock(aws, app, null, Quick()).AcquireAsync("New-AoEcsApp", default);
            try
            {
                var busy = await Assert.ThrowsAsync<AoEcsException>(() =>
                    new AppLock(aws, app, null, Quick(TimeSpan.FromSeconds(1))).AcquireAsync("Set-AoEcsApp", default));
                Assert.Equal("AppBusy", busy.ErrorId);
                Assert.Equal(AoErrorKind.ResourceBusy, busy.Kind);
                Assert.Equal(app, busy.Target);
                Assert.Contains("New-AoEcsApp on host " + Environment.MachineName, busy.Message);
                Assert.Contains($"/aotech/{app}/lock", busy.Message);
                // The waiting run left the holder's lock alone.
                Assert.Equal(first.Record.RunId, AppLockRecord.Parse((await ParameterAsync(AppLock.ParameterName(app)))!.Value).RunId);
            }
            finally
            {
                await first.ReleaseAsync();
            }
        }

        [Fact]
        public async Task An_endpoint_lock_is_its_own_lock_and_a_run_waiting_too_long_for_it_fails_with_EndpointBusy()
        {
            var endpoint = UniqueApp();
            var first = await AppLock.ForEndpoint(aws, endpoint, null, Quick()).AcquireAsync("New-AoEcsApp", default);
            try
            {
                // The app lock of the same name is another parameter: an app run is not held up by its endpoint's holder.
                var app = await new AppLock(aws, endpoint, null, Quick(TimeSpan.FromSeconds(1))).AcquireAsync("Set-AoEcsApp", default);
                await app.ReleaseAsync();

                var busy = await Assert.ThrowsAsync<AoEcsException>(() =>
                    AppLock.ForEndpoint(aws, endpoint, null, Quick(TimeSpan.FromSeconds(1))).AcquireAsync("New-AoEcsApp", default));
                Assert.Equal("EndpointBusy", busy.ErrorId);
                Assert.Equal(AoErrorKind.ResourceBusy, busy.Kind);
                Assert.StartsWith($"Endpoint '{endpoint}' is busy", busy.Message);
                Assert.Contains($"/aotech/{endpoint}/endpoint-lock", busy.Message);
                var tags = await aws.CallSdkAsync("ssm", "ListTagsForResource", t => aws.Ssm.ListTagsForResourceAsync(new ListTagsForResourceRequest
                {
                    ResourceType = ResourceTypeForTagging.Parameter, ResourceId = AppLock.EndpointParameterName(endpoint),
                }, t));
                Assert.Contains(tags.TagList, t => t.Key == StackNames.EndpointTagKey && t.Value == endpoint);
            }
            finally
            {
                await first.ReleaseAsync();
            }
            Assert.Null(await ParameterAsync(AppLock.EndpointParameterName(endpoint)));
        }

        [Fact]
        public async Task A_lock_whose_lease_ended_is_taken_over_at_once_even_from_another_host()
        {
            var app = UniqueApp();
            await PlantAsync(app, Foreign("build-agent-elsewhere", 4242, DateTime.UtcNow.AddSeconds(-1)));
            var reporter = new Reporter();
            var lease = await new AppLock(aws, app, reporter, Quick()).AcquireAsync("New-AoEcsApp", default);
            Assert.Empty(reporter.Progress); // no wait
            Assert.Contains(reporter.Lines, l => l.Contains("is stale (its lease ended"));
            Assert.Equal(lease.Record.RunId, AppLockRecord.Parse((await ParameterAsync(AppLock.ParameterName(app)))!.Value).RunId);
            await lease.ReleaseAsync();
            Assert.Null(await ParameterAsync(AppLock.ParameterName(app)));
        }

        [Fact]
        public async Task A_live_lease_of_another_host_is_respected()
        {
            var app = UniqueApp();
            var other = Foreign("build-agent-elsewhere", 4242, DateTime.UtcNow.AddMinutes(2));
            await PlantAsync(app, other);
            var busy = await Assert.ThrowsAsync<AoEcsException>(() =>
                new AppLock(aws, app, null, Quick(TimeSpan.FromMilliseconds(500))).AcquireAsync("New-AoEcsApp", default));
            Assert.Equal("AppBusy", busy.ErrorId);
            Assert.Equal(other.RunId, AppLockRecord.Parse((await ParameterAsync(AppLock.ParameterName(app)))!.Value).RunId);
        }

        [Fact]
        public async Task A_lock_of_a_process_of_this_host_that_has_ended_is_taken_over_at_once()
        {
            var app = UniqueApp();
            int pid;
            DateTime started;
            using (var gone = Process.Start(new ProcessStartInfo("dotnet", "--version") { RedirectStandardOutput = true, UseShellExecute = false })!)
            {
                pid = gone.Id;
                started = gone.StartTime.ToUniversalTime();
                gone.StandardOutput.ReadToEnd();
                gone.WaitForExit();
            }
            Assert.False(LockOwner.IsRunning(pid, started));
            Assert.True(LockOwner.IsRunning(Process.GetCurrentProcess().Id, null));
            await PlantAsync(app, Foreign(Environment.MachineName, pid, DateTime.UtcNow.AddMinutes(2), started));

            var reporter = new Reporter();
            var lease = await new AppLock(aws, app, reporter, Quick()).AcquireAsync("New-AoEcsApp", default);
            Assert.Empty(reporter.Progress);
            Assert.Contains(reporter.Lines, l => l.Contains($"its process {pid} on this host has ended"));
            Assert.Equal(lease.Record.RunId, AppLockRecord.Parse((await ParameterAsync(AppLock.ParameterName(app)))!.Value).RunId);
            await lease.ReleaseAsync();
        }

        [Fact]
        public async Task A_lock_of_this_process_whose_run_is_over_is_taken_over_at_once()
        {
            // As a run cut off before it could release leaves it: this process, a run id no run here is using.
            var app = UniqueApp();
            var self = LockOwner.Current;
            await PlantAsync(app, Foreign(self.Host, self.ProcessId, DateTime.UtcNow.AddMinutes(2), self.ProcessStart));
            var reporter = new Reporter();
            var lease = await new AppLock(aws, app, reporter, Quick()).AcquireAsync("New-AoEcsApp", default);
            Assert.Empty(reporter.Progress);
            Assert.Contains(reporter.Lines, l => l.Contains("its run in this process has ended"));
            await lease.ReleaseAsync();
            Assert.Null(await ParameterAsync(AppLock.ParameterName(app)));
        }

        [Fact]
        public async Task Two_runs_taking_over_one_stale_lock_at_the_same_moment_end_with_one_holder()
        {
            var app = UniqueApp();
            await PlantAsync(app, Foreign("gone-host", 1, DateTime.UtcNow.AddMinutes(-1)));
            // Both have seen the stale lock before either overwrites it: the worst interleaving.
            var arrived = 0;
            var both = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            Func<Task> meet = () =>
            {
                if (Interlocked.Increment(ref arrived) == 2) both.TrySetResult(true);
                return both.Task;
            };
            var contenders = Enumerable.Range(0, 2).Select(_ => new AppLock(aws, app, null, Quick(TimeSpan.FromSeconds(2))) { BeforeTakeover = meet }).ToList();
            var attempts = contenders.Select(c => c.AcquireAsync("New-AoEcsApp", default)).ToList();
            try
            {
                await Task.WhenAll(attempts);
            }
            catch (AoEcsException)
            {
            }
            Assert.Equal(2, arrived);
            var winners = attempts.Where(a => a.Status == TaskStatus.RanToCompletion).Select(a => a.Result).ToList();
            var loser = Assert.Single(attempts, a => a.IsFaulted);
            Assert.Equal("AppBusy", ((AoEcsException)loser.Exception!.InnerException!).ErrorId);
            var winner = Assert.Single(winners);
            Assert.Equal(winner.Record.RunId, AppLockRecord.Parse((await ParameterAsync(AppLock.ParameterName(app)))!.Value).RunId);
            await winner.ReleaseAsync();
            Assert.Null(await ParameterAsync(AppLock.ParameterName(app)));
        }

        [Fact]
        public async Task Cancelling_the_work_releases_the_lock()
        {
            var app = UniqueApp();
            using var stop = new CancellationTokenSource();
            var working = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            string? runId = null;
            var appLock = new AppLock(aws, app, null, Quick());
            var run = appLock.RunAsync<int>("New-AoEcsApp", async t =>
            {
                runId = AppLockRecord.Parse((await ParameterAsync(AppLock.ParameterName(app)))!.Value).RunId;
                working.SetResult(true);
                await Task.Delay(Timeout.Infinite, t);
                return 0;
            }, stop.Token);
            await working.Task;
            Assert.True(ActiveLockRuns.Contains(runId!));
            stop.Cancel(); // as Ctrl+C does
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
            Assert.Null(await ParameterAsync(AppLock.ParameterName(app)));
            Assert.False(ActiveLockRuns.Contains(runId!));
        }

        [Fact]
        public async Task Cancelling_a_wait_stops_it_and_leaves_the_holder_alone()
        {
            var app = UniqueApp();
            var first = await new AppLock(aws, app, null, Quick()).AcquireAsync("New-AoEcsApp", default);
            using var stop = new CancellationTokenSource();
            var reporter = new Reporter();
            var waiting = new AppLock(aws, app, reporter, Quick()).AcquireAsync("New-AoEcsApp", stop.Token);
            await Until(() => reporter.Progress.Count > 0, "the second run waits");
            stop.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
            Assert.True(reporter.Progress.Last().Completed);
            Assert.Equal(first.Record.RunId, AppLockRecord.Parse((await ParameterAsync(AppLock.ParameterName(app)))!.Value).RunId);
            await first.ReleaseAsync();
        }

        [Fact]
        public async Task The_holder_renews_its_lease_while_it_works()
        {
            var app = UniqueApp();
            var options = Quick();
            options.RenewEvery = TimeSpan.FromMilliseconds(200);
            var lease = await new AppLock(aws, app, null, options).AcquireAsync("New-AoEcsApp", default);
            var firstExpiry = lease.Record.Expires;
            try
            {
                var renewed = false;
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (!renewed && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100);
                    renewed = AppLockRecord.Parse((await ParameterAsync(AppLock.ParameterName(app)))!.Value).Expires > firstExpiry;
                }
                Assert.True(renewed, "the stored lease end moves on");
            }
            finally
            {
                await lease.ReleaseAsync();
            }
            Assert.Null(await ParameterAsync(AppLock.ParameterName(app)));
        }

        [Fact]
        public async Task A_run_whose_lock_was_taken_over_stops_with_AppLockLost_and_leaves_the_new_holder_alone()
        {
            var app = UniqueApp();
            var options = Quick();
            options.RenewEvery = TimeSpan.FromMilliseconds(200);
            var reporter = new Reporter();
            var other = Foreign("build-agent-elsewhere", 4242, DateTime.UtcNow.AddMinutes(2));
            var run = new AppLock(aws, app, reporter, options).RunAsync<int>("New-AoEcsApp", async t =>
            {
                // Another host decided this run was gone and took the lock.
                await PlantAsync(app, other);
                await Task.Delay(Timeout.Infinite, t);
                return 0;
            }, default);
            var lost = await Assert.ThrowsAsync<AoEcsException>(() => run);
            Assert.Equal("AppLockLost", lost.ErrorId);
            Assert.Contains("build-agent-elsewhere", lost.Message);
            Assert.Equal(other.RunId, AppLockRecord.Parse((await ParameterAsync(AppLock.ParameterName(app)))!.Value).RunId);
        }

        [Fact]
        public async Task A_failing_release_warns_and_the_next_run_of_this_process_takes_the_lock_at_once()
        {
            var app = UniqueApp();
            var options = Quick();
            options.ReleaseTimeout = TimeSpan.Zero; // releasing cannot finish: as when every request fails
            var reporter = new Reporter();
            var lease = await new AppLock(aws, app, reporter, options).AcquireAsync("New-AoEcsApp", default);
            await lease.ReleaseAsync();
            Assert.Contains(reporter.Lines, l => l.StartsWith("W Could not release the lock"));
            Assert.NotNull(await ParameterAsync(AppLock.ParameterName(app)));

            var next = new Reporter();
            var again = await new AppLock(aws, app, next, Quick()).AcquireAsync("New-AoEcsApp", default);
            Assert.Empty(next.Progress);
            await again.ReleaseAsync();
            Assert.Null(await ParameterAsync(AppLock.ParameterName(app)));
        }
    }
}
