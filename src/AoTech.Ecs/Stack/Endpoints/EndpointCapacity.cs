using System;
using System.Collections.Generic;
using System.Linq;

namespace AoTech.Ecs.Stack.Endpoints
{
    /// <summary>
    /// Whether the tasks of every app on an endpoint fit on its -MaxSize instances, by each app's
    /// <see cref="CapacityEstimate"/> (the same rule New-AoEcsApp checks one app by): the instances each app's tasks fill,
    /// added up. A warning, not a refusal: the apps run already, and tasks beyond the room wait for it. Pure.
    /// </summary>
    public static class EndpointCapacity
    {
        /// <summary>One app's tasks: its name, what one task reserves, and how many it runs.</summary>
        public sealed class AppTasks
        {
            public AppTasks(string app, TaskResources task, int count)
            {
                App = app;
                Task = task;
                Count = count;
            }

            public string App { get; }
            public TaskResources Task { get; }
            public int Count { get; }
        }

        /// <summary>The warning when the apps' tasks need more than <paramref name="maxSize"/> instances of <paramref name="instance"/>, else null.</summary>
        public static string? Warning(string endpoint, InstanceTypeInfo instance, int maxSize, IEnumerable<AppTasks> apps)
        {
            var needs = apps.Where(a => a.Count > 0).Select(a => (a, Estimate: new CapacityEstimate(instance, a.Task, 1))).ToList();
            var misfits = needs.Where(n => n.Estimate.TasksPerInstance == 0).Select(n => n.a.App).ToList();
            if (misfits.Count > 0)
                return $"Endpoint '{endpoint}': one task of {string.Join(", ", misfits)} does not fit on a {instance.Name} " +
                       $"({needs.First(n => n.Estimate.TasksPerInstance == 0).Estimate.Describe()}); those tasks will not start. Choose a larger -InstanceType.";
            var instances = needs.Sum(n => (double)n.a.Count / n.Estimate.TasksPerInstance);
            var needed = (int)Math.Ceiling(instances - 1e-9);
            if (needed <= maxSize) return null;
            return $"Endpoint '{endpoint}': its apps' tasks need about {needed} instance(s) of {instance.Name}, but -MaxSize is {maxSize} (" +
                   string.Join("; ", needs.Select(n => $"{n.a.App}: {n.a.Count} task(s), {n.Estimate.TasksPerInstance} per instance, bound by {n.Estimate.Limit}")) +
                   "). Tasks beyond that wait for room. Raise -MaxSize or choose a larger -InstanceType.";
        }
    }
}
