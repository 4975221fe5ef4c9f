using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Images;
using AoTech.Ecs.Images.Building;
using Xunit;

namespace AoTech.Ecs.Tests.Images
{
    public sealed class BuildSchedulerTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("aotech-scheduler").FullName;

        public BuildSchedulerTests() => File.WriteAllText(Path.Combine(_dir, "Dockerfile"), "FROM scratch\n");

        public void Dispose() => Directory.Delete(_dir, true);

        private BuildPlan Plan(string name, params string[] dependsOn)
        {
            var request = new ImageBuildRequest(_dir, "example/" + name, new[] { "1" }) { Service = name };
            foreach (var d in dependsOn) request.DependsOn.Add("example/" + d + ":1");
            return BuildPlan.Create(request);
        }

        [Fact]
        public async Task Independent_builds_run_together_up_to_the_limit_and_dependents_wait()
        {
            var plans = new[] { Plan("base"), Plan("a", "base"), Plan("b", "base"), Plan("c", "base") };
            var running = 0;
            var most = 0;
            var finished = new ConcurrentQueue<string>();
            var started = new ConcurrentQueue<string>();
            var ids = await BuildScheduler.RunAsync(plans, maxParallel: 2, async (plan, ct) =>
            {
                started.Enqueue(plan.Name);
                var now = Interlocked.Increment(ref running);
                lock (finished) most = Math.Max(most, now);
                await Task.Delay(100, ct);
                Interlocked.Decrement(ref running);
                finished.Enqueue(plan.Name);
                return "sha256:" + plan.Name;
            }, CancellationToken.None);
            Assert.Equal("base", started.First());
            Assert.Equal("base", finished.First());
            Assert.Equal(2, most);
            Assert.Equal(plans.Select(p => "sha256:" + p.Name), plans.Select(p => ids[p]));
        }

        [Fact]
        public async Task A_cycle_is_refused_before_any_build_starts()
        {
            var plans = new[] { Plan("free"), Plan("a", "b"), Plan("b", "a") };
            var builds = 0;
            var ex = await Assert.ThrowsAsync<AoEcsException>(() => BuildScheduler.RunAsync(plans, 4, (plan, ct) =>
            {
                Interlocked.Increment(ref builds);
                return Task.FromResult("id");
            }, CancellationToken.None));
            Assert.Contains("cycle", ex.Message);
            // Not a build failure: nothing was built (issue 12 item 3).
            Assert.Equal(ImageErrorIds.ImageDependencyCycle, ex.ErrorId);
            Assert.Equal(0, builds);
        }

        [Fact]
        public async Task The_first_failure_stops_the_other_builds_and_is_the_one_reported()
        {
            var plans = new[] { Plan("slow"), Plan("failing") };
            var slowCancelled = false;
            var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => BuildScheduler.RunAsync(plans, 4, async (plan, ct) =>
            {
                if (plan.Name == "failing")
                {
                    await Task.Delay(50);
                    throw new InvalidOperationException("the Dockerfile failed");
                }
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(30), ct);
                }
                catch (OperationCanceledException)
                {
                    slowCancelled = true;
                    throw;
                }
                return "id";
            }, CancellationToken.None));
            Assert.Equal("the Dockerfile failed", ex.Message);
            Assert.True(slowCancelled);
        }
    }
}
