using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Errors;

namespace AoTech.Ecs.Images.Building
{
    /// <summary>
    /// Runs builds in dependency order: a plan whose request DependsOn another plan's image waits for it; independent
    /// plans run in parallel, at most maxParallel at once. The first failure stops the other builds (nothing will be
    /// pushed anyway) and is the one reported, not the cancellations it caused.
    /// </summary>
    internal static class BuildScheduler
    {
        public static async Task<Dictionary<BuildPlan, string>> RunAsync(IReadOnlyList<BuildPlan> plans, int maxParallel,
            Func<BuildPlan, CancellationToken, Task<string>> build, CancellationToken ct)
        {
            var byImage = new Dictionary<string, BuildPlan>(StringComparer.Ordinal);
            foreach (var plan in plans)
            {
                foreach (var reference in plan.References)
                {
                    byImage[reference.ToString()] = plan;
                }
            }
            var prerequisitesOf = plans.ToDictionary(p => p, p => p.Request.DependsOn
                .Select(d => byImage.TryGetValue(d, out var other) ? other : null)
                .Where(other => other != null && other != p)
                .Select(other => other!)
                .Distinct()
                .ToList());
            // Before anything starts: a cycle found half-way would leave the builds already started running unwatched.
            ThrowOnCycle(plans, prerequisitesOf);

            var tasks = new Dictionary<BuildPlan, Task<string>>();
            using (var throttle = new SemaphoreSlim(Math.Max(1, maxParallel)))
            using (var failed = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                Task<string> Start(BuildPlan plan)
                {
                    if (!tasks.TryGetValue(plan, out var task))
                    {
                        task = RunOneAsync(plan, prerequisitesOf[plan].Select(Start).ToList());
                        tasks[plan] = task;
                    }
                    return task;
                }

                async Task<string> RunOneAsync(BuildPlan plan, List<Task<string>> prerequisites)
                {
                    await Task.WhenAll(prerequisites).ConfigureAwait(false);
                    await throttle.WaitAsync(failed.Token).ConfigureAwait(false);
                    try
                    {
                        return await build(plan, failed.Token).ConfigureAwait(false);
                    }
                    catch
                    {
                        failed.Cancel();
                        throw;
                    }
                    finally
                    {
                        throttle.Release();
                    }
                }

                foreach (var plan in plans)
                {
                    _ = Start(plan);
                }
                try
                {
                    await Task.WhenAll(tasks.Values).ConfigureAwait(false);
                }
                catch
                {
                    var real = tasks.Values.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!)
                        .FirstOrDefault(e => !(e is OperationCanceledException));
                    if (real != null && !ct.IsCancellationRequested)
                    {
                        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(real).Throw();
                    }
                    throw;
                }
                return tasks.ToDictionary(kv => kv.Key, kv => kv.Value.Result);
            }
        }

        private static void ThrowOnCycle(IReadOnlyList<BuildPlan> plans, Dictionary<BuildPlan, List<BuildPlan>> prerequisitesOf)
        {
            var state = new Dictionary<BuildPlan, bool>(); // false: being visited, true: done
            void Visit(BuildPlan plan)
            {
                if (state.TryGetValue(plan, out var done))
                {
                    if (!done)
                    {
                        throw new AoEcsException(ImageErrorIds.ImageDependencyCycle, AoErrorKind.InvalidData,
                            $"The images depend on each other in a cycle ({plan.Name}).", plan.Name);
                    }
                    return;
                }
                state[plan] = false;
                foreach (var prerequisite in prerequisitesOf[plan])
                {
                    Visit(prerequisite);
                }
                state[plan] = true;
            }
            foreach (var plan in plans)
            {
                Visit(plan);
            }
        }
    }
}
