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

    /// <summary>
    /// Plays a scripted DescribeServiceDeployments sequence (the last step repeats) and a fixed ListServiceDeployments
    /// answer; DescribeServices, stopped tasks and target health come from an inner <see cref="ScriptedSource"/>.
    /// </summary>
    internal sealed class ScriptedServiceDeploymentSource : IServiceDeploymentSource
    {
        private readonly List<Func<ServiceDeploymentSnapshot>> _steps = new List<Func<ServiceDeploymentSnapshot>>();
        private int _next;

        public ScriptedSource Service { get; } = new ScriptedSource().Then(Ecs.Service(Ecs.Primary("ecs-svc/2222", 8, RolloutStates.InProgress, 2, 0)));
        public List<List<ServiceDeploymentCandidate>> Listings { get; } = new List<List<ServiceDeploymentCandidate>>();
        public int DescribeDeploymentCalls { get; private set; }
        public int ListCalls { get; private set; }

        public ScriptedServiceDeploymentSource Then(ServiceDeploymentSnapshot snapshot) { _steps.Add(() => snapshot); return this; }
        public ScriptedServiceDeploymentSource Throw(Exception ex) { _steps.Add(() => throw ex); return this; }

        public Task<ServiceDeploymentSnapshot> DescribeServiceDeploymentAsync(string serviceDeploymentArn, CancellationToken cancellationToken)
        {
            DescribeDeploymentCalls++;
            var step = _steps[Math.Min(_next, _steps.Count - 1)];
            _next++;
            return Task.FromResult(step());
        }

        public Task<IReadOnlyList<ServiceDeploymentCandidate>> ListServiceDeploymentsAsync(DateTimeOffset? createdAfter, CancellationToken cancellationToken)
        {
            ListCalls++;
            var listing = Listings.Count == 0 ? new List<ServiceDeploymentCandidate>() : Listings[Math.Min(ListCalls - 1, Listings.Count - 1)];
            return Task.FromResult<IReadOnlyList<ServiceDeploymentCandidate>>(listing.Where(c => createdAfter == null || c.CreatedAt >= createdAfter).ToList());
        }

        public Task<ServiceSnapshot> DescribeServiceAsync(CancellationToken cancellationToken) => Service.DescribeServiceAsync(cancellationToken);
        public Task<IReadOnlyList<StoppedTaskSnapshot>> GetStoppedTasksAsync(CancellationToken cancellationToken) => Service.GetStoppedTasksAsync(cancellationToken);
        public Task<TargetHealthCounts?> GetTargetHealthAsync(CancellationToken cancellationToken) => Service.GetTargetHealthAsync(cancellationToken);
        public bool HasTargetGroup => Service.HasTargetGroup;
        public int ApiCalls => DescribeDeploymentCalls + ListCalls + Service.ApiCalls;
    }

    /// <summary>Short builders for DescribeServiceDeployments-shaped snapshots.</summary>
    internal static class Sd
    {
        public const string Arn = "arn:aws:ecs:eu-west-1:123456789012:service-deployment/web/web/AbCdEfGhIjKlMnOpQrStUv";
        public const string TargetRevision = "arn:aws:ecs:eu-west-1:123456789012:service-revision/web/web/222";
        public const string SourceRevision = "arn:aws:ecs:eu-west-1:123456789012:service-revision/web/web/111";

        public static ServiceDeploymentSnapshot Deployment(string status, string? stage = null, int running = 0, int oldRunning = 2,
            double? weight = null, int failures = 0, string? reason = null, string strategy = DeploymentStrategies.BlueGreen,
            string breaker = "MONITORING", params LifecycleHookSnapshot[] hooks) => new ServiceDeploymentSnapshot
            {
                Arn = Arn,
                Status = status,
                StatusReason = reason,
                LifecycleStage = stage,
                Strategy = strategy,
                CreatedAt = Ecs.T0,
                Target = new RevisionSnapshot { Arn = TargetRevision, TaskDefinition = Ecs.TaskDef(8), Requested = 2, Running = running, Pending = 2 - running, ProductionWeight = weight, TestWeight = weight },
                Sources = new List<RevisionSnapshot> { new RevisionSnapshot { Arn = SourceRevision, TaskDefinition = Ecs.TaskDef(7), Requested = 2, Running = oldRunning, ProductionWeight = weight == null ? null : 100 - weight } },
                CircuitBreakerStatus = breaker,
                CircuitBreakerFailures = failures,
                CircuitBreakerThreshold = 3,
                AlarmsStatus = "DISABLED",
                Hooks = hooks.ToList(),
            };

        public static LifecycleHookSnapshot Pause(string id, string status = LifecycleHookStatuses.AwaitingAction) => new LifecycleHookSnapshot
        {
            HookId = id,
            TargetType = LifecycleHookTypes.Pause,
            Status = status,
            ExpiresAt = Ecs.T0.AddMinutes(10),
            TimeoutAction = "ROLLBACK",
        };

        public static ServiceDeploymentCandidate Candidate(string id, int revision, int secondsAfterT0) => new ServiceDeploymentCandidate
        {
            Arn = "arn:aws:ecs:eu-west-1:123456789012:service-deployment/web/web/" + id,
            CreatedAt = Ecs.T0.AddSeconds(secondsAfterT0),
            Status = ServiceDeploymentStatuses.InProgress,
            TargetTaskDefinition = Ecs.TaskDef(revision),
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
