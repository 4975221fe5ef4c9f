using System;
using System.Linq;

namespace AoTech.Ecs.Stack.Endpoints
{
    /// <summary>
    /// Whether the tasks of every service on an endpoint (<see cref="EndpointServices.AllAsync"/>) fit on its -MaxSize
    /// instances, by each one's <see cref="CapacityEstimate"/> (the rule New-AoEcsApp checks one app by): the instances each
    /// service's tasks fill, added up, for their desired counts and, when they scale, for their maximum. A warning, not a
    /// refusal: the apps run already, and tasks beyond the room wait for it. Pure.
    /// </summary>
    public static class EndpointCapacity
    {
        /// <summary>The warning when the services' tasks need more than <paramref name="maxSize"/> instances of <paramref name="instance"/>, else null.</summary>
        public static string? Warning(string endpoint, InstanceTypeInfo instance, int maxSize, EndpointTasks services)
        {
            var each = services.Services.Select(s => (Service: s, Estimate: new CapacityEstimate(instance, s.Task, 1))).ToList();
            var misfit = each.FirstOrDefault(e => e.Estimate.TasksPerInstance == 0 && e.Service.DesiredCount > 0);
            if (misfit.Service != null)
                return $"Endpoint '{endpoint}': one task of {misfit.Service.Name} does not fit on a {instance.Name} ({misfit.Estimate.Describe()}); " +
                       "its tasks will not start. Choose a larger -InstanceType.";
            int Needed(bool atMax) => (int)Math.Ceiling(each.Where(e => e.Estimate.TasksPerInstance > 0)
                .Sum(e => (double)e.Service.Tasks(atMax) / e.Estimate.TasksPerInstance) - 1e-9);
            var desired = Needed(false);
            var most = services.Scales ? Needed(true) : desired;
            if (most <= maxSize) return null;
            var counts = string.Join("; ", each.Select(e => $"{e.Service.Name}: {e.Service.DesiredCount} task(s)" +
                (e.Service.BlueGreenFamily ? " (twice during a blue/green-family deployment)" : "") +
                (e.Service.MaxCount > e.Service.DesiredCount ? $" (up to {e.Service.MaxCount})" : "") +
                $", {e.Estimate.TasksPerInstance} per instance, bound by {e.Estimate.Limit}"));
            return desired > maxSize
                ? $"Endpoint '{endpoint}': its apps' tasks need about {desired} instance(s) of {instance.Name}, but -MaxSize is {maxSize} ({counts}). " +
                  "Tasks beyond that wait for room. Raise -MaxSize or choose a larger -InstanceType."
                : $"Endpoint '{endpoint}': at their auto scaling maximum its apps' tasks need about {most} instance(s) of {instance.Name}, but -MaxSize " +
                  $"is {maxSize} ({counts}). Tasks beyond that wait for room. Raise -MaxSize or choose a larger -InstanceType.";
        }
    }
}
