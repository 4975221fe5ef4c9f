using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Rollout;
using AoTech.Ecs.Tests.Waiting;
using AoTech.Ecs.Waiting;

namespace AoTech.Ecs.Tests.Rollout
{
    /// <summary>
    /// Plays a scripted DescribeServices sequence: each poll takes the next step (a snapshot, or an exception to throw);
    /// the last step repeats. Steps can also depend on the clock, for deadline tests.
    /// </summary>
    internal sealed class ScriptedSource : IDeploymentSource
    {
        private readonly List<Func<ServiceSnapshot>> _steps = new List<Func<ServiceSnapshot>>();
        private int _next;

        public ScriptedSource Then(ServiceSnapshot snapshot) { _steps.Add(() => Copy(snapshot)); return this; }
        public ScriptedSource Then(Func<ServiceSnapshot> step) { _steps.Add(step); return this; }
        public ScriptedSource Throw(Exception ex) { _steps.Add(() => throw ex); return this; }
        public ScriptedSource Repeat(ServiceSnapshot snapshot, int times) { for (var i = 0; i < times; i++) Then(snapshot); return this; }

        public List<StoppedTaskSnapshot> StoppedTasks { get; } = new List<StoppedTaskSnapshot>();
        public TargetHealthCounts? TargetHealth { get; set; }
        public bool HasTargetGroup { get; set; }
        public int DescribeCalls { get; private set; }
        public int StoppedTaskCalls { get; private set; }
        public int TargetHealthCalls { get; private set; }
        public int ApiCalls => DescribeCalls + StoppedTaskCalls * 2 + TargetHealthCalls;
        /// <summary>Called before each DescribeServices (e.g. to add stopped tasks at a given poll).</summary>
        public Action<int>? BeforeDescribe { get; set; }

        public Task<ServiceSnapshot> DescribeServiceAsync(CancellationToken cancellationToken)
        {
            DescribeCalls++;
            BeforeDescribe?.Invoke(DescribeCalls);
            var step = _steps[Math.Min(_next, _steps.Count - 1)];
            _next++;
            return Task.FromResult(step());
        }

        public Task<IReadOnlyList<StoppedTaskSnapshot>> GetStoppedTasksAsync(CancellationToken cancellationToken)
        {
            StoppedTaskCalls++;
            return Task.FromResult<IReadOnlyList<StoppedTaskSnapshot>>(StoppedTasks.ToList());
        }

        public Task<TargetHealthCounts?> GetTargetHealthAsync(CancellationToken cancellationToken)
        {
            TargetHealthCalls++;
            return Task.FromResult(TargetHealth);
        }

        /// <summary>The watcher attaches extras to the snapshot; hand out a fresh one per poll like a real API would.</summary>
        private static ServiceSnapshot Copy(ServiceSnapshot s) => new ServiceSnapshot
        {
            ServiceName = s.ServiceName,
            Status = s.Status,
            Missing = s.Missing,
            DesiredCount = s.DesiredCount,
            RunningCount = s.RunningCount,
            PendingCount = s.PendingCount,
            TaskDefinition = s.TaskDefinition,
            Deployments = s.Deployments.ToList(),
            Events = s.Events.ToList(),
            StoppedTasks = s.StoppedTasks,
            TargetHealth = s.TargetHealth,
        };
    }

    /// <summary>Short builders for DescribeServices-shaped snapshots.</summary>
    internal static class Ecs
    {
        public static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

        public static string TaskDef(int revision) => $"arn:aws:ecs:eu-west-1:123456789012:task-definition/web:{revision}";

        public static DeploymentSnapshot Deployment(string id, string status, int revision, string? rollout,
            int desired, int running, int pending = 0, int failed = 0, string? reason = null) => new DeploymentSnapshot
            {
                Id = id,
                Status = status,
                TaskDefinition = TaskDef(revision),
                RolloutState = rollout,
                RolloutStateReason = reason,
                DesiredCount = desired,
                RunningCount = running,
                PendingCount = pending,
                FailedTasks = failed,
                CreatedAt = T0,
                UpdatedAt = T0,
            };

        public static DeploymentSnapshot Primary(string id, int revision, string rollout, int desired, int running, int pending = 0, int failed = 0, string? reason = null)
            => Deployment(id, DeploymentStatuses.Primary, revision, rollout, desired, running, pending, failed, reason);

        public static DeploymentSnapshot Active(string id, int revision, int desired, int running)
            => Deployment(id, DeploymentStatuses.Active, revision, RolloutStates.Completed, desired, running);

        public static ServiceSnapshot Service(params DeploymentSnapshot[] deployments) => Service(deployments, Array.Empty<ServiceEventSnapshot>());

        public static ServiceSnapshot Service(DeploymentSnapshot[] deployments, ServiceEventSnapshot[] eventsNewestFirst)
        {
            var primary = deployments.FirstOrDefault(d => d.IsPrimary);
            return new ServiceSnapshot
            {
                ServiceName = "web",
                Status = ServiceStatuses.Active,
                DesiredCount = primary?.DesiredCount ?? 0,
                RunningCount = deployments.Sum(d => d.RunningCount),
                PendingCount = deployments.Sum(d => d.PendingCount),
                TaskDefinition = primary?.TaskDefinition,
                Deployments = deployments.ToList(),
                Events = eventsNewestFirst.ToList(),
            };
        }

        public static ServiceEventSnapshot Event(string id, int secondsAfterT0, string message) =>
            new ServiceEventSnapshot(id, T0.AddSeconds(secondsAfterT0), message);

        public static StoppedTaskSnapshot Stopped(string taskId, int revision, string? stopCode, string? reason,
            params StoppedContainerSnapshot[] containers) => new StoppedTaskSnapshot
            {
                TaskArn = "arn:aws:ecs:eu-west-1:123456789012:task/app/" + taskId,
                TaskDefinitionArn = TaskDef(revision),
                StopCode = stopCode,
                StoppedReason = reason,
                StoppedAt = T0.AddSeconds(30),
                Containers = containers.ToList(),
            };

        public static StoppedContainerSnapshot Container(string name, string? reason, int? exitCode = null, string? health = null) =>
            new StoppedContainerSnapshot { Name = name, Reason = reason, ExitCode = exitCode, HealthStatus = health };
    }
}
