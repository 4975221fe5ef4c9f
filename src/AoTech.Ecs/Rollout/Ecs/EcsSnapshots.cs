using System;
using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Aws.Services.Ecs;
using AoTech.Ecs.Aws.Services.Elb;

namespace AoTech.Ecs.Rollout
{
    /// <summary>Maps the ECS/ELB wire DTOs onto the neutral snapshot model the tracker reads.</summary>
    public static class EcsSnapshots
    {
        public static ServiceSnapshot FromService(Service? service, IEnumerable<Failure>? failures = null)
        {
            if (service == null)
            {
                var missing = failures?.Any(f => string.Equals(f.Reason, "MISSING", StringComparison.OrdinalIgnoreCase)) ?? true;
                return new ServiceSnapshot { Missing = missing, Status = missing ? null : ServiceStatuses.Inactive };
            }
            return new ServiceSnapshot
            {
                ServiceName = service.ServiceName,
                ServiceArn = service.ServiceArn,
                ClusterArn = service.ClusterArn,
                Status = service.Status,
                DesiredCount = service.DesiredCount ?? 0,
                RunningCount = service.RunningCount ?? 0,
                PendingCount = service.PendingCount ?? 0,
                TaskDefinition = service.TaskDefinition,
                Deployments = (service.Deployments ?? new List<Deployment>()).Select(FromDeployment).ToList(),
                Events = (service.Events ?? new List<ServiceEvent>()).Select(e => new ServiceEventSnapshot
                {
                    Id = e.Id,
                    CreatedAt = Utc(e.CreatedAt) ?? DateTimeOffset.MinValue,
                    Message = e.Message ?? "",
                }).ToList(),
            };
        }

        public static DeploymentSnapshot FromDeployment(Deployment d) => new DeploymentSnapshot
        {
            Id = d.Id ?? "",
            Status = d.Status,
            TaskDefinition = d.TaskDefinition,
            RolloutState = d.RolloutState,
            RolloutStateReason = d.RolloutStateReason,
            DesiredCount = d.DesiredCount ?? 0,
            RunningCount = d.RunningCount ?? 0,
            PendingCount = d.PendingCount ?? 0,
            FailedTasks = d.FailedTasks ?? 0,
            CreatedAt = Utc(d.CreatedAt),
            UpdatedAt = Utc(d.UpdatedAt),
        };

        public static ServiceDeploymentSnapshot FromServiceDeployment(ServiceDeployment d) => new ServiceDeploymentSnapshot
        {
            Arn = d.ServiceDeploymentArn ?? "",
            Status = d.Status,
            StatusReason = d.StatusReason,
            LifecycleStage = d.LifecycleStage,
            Strategy = d.DeploymentConfiguration?.Strategy ?? DeploymentStrategies.Rolling,
            CreatedAt = Utc(d.CreatedAt),
            StartedAt = Utc(d.StartedAt),
            FinishedAt = Utc(d.FinishedAt),
            StoppedAt = Utc(d.StoppedAt),
            UpdatedAt = Utc(d.UpdatedAt),
            Target = d.TargetServiceRevision != null ? FromRevision(d.TargetServiceRevision) : null,
            Sources = (d.SourceServiceRevisions ?? new List<ServiceRevisionSummary>()).Select(FromRevision).ToList(),
            CircuitBreakerStatus = d.DeploymentCircuitBreaker?.Status,
            CircuitBreakerFailures = d.DeploymentCircuitBreaker?.FailureCount ?? 0,
            CircuitBreakerThreshold = d.DeploymentCircuitBreaker?.Threshold ?? 0,
            AlarmsStatus = d.Alarms?.Status,
            TriggeredAlarms = d.Alarms?.TriggeredAlarmNames?.ToList() ?? new List<string>(),
            RollbackReason = d.Rollback?.Reason,
            RollbackStartedAt = Utc(d.Rollback?.StartedAt),
            RollbackRevisionArn = d.Rollback?.ServiceRevisionArn,
            Hooks = (d.LifecycleHookDetails ?? new List<DeploymentLifecycleHookDetail>()).Select(h => new LifecycleHookSnapshot
            {
                HookId = h.HookId ?? "",
                TargetType = h.TargetType,
                Status = h.Status,
                ExpiresAt = Utc(h.ExpiresAt),
                TimeoutAction = h.TimeoutAction,
            }).ToList(),
        };

        private static RevisionSnapshot FromRevision(ServiceRevisionSummary r) => new RevisionSnapshot
        {
            Arn = r.Arn ?? "",
            Requested = r.RequestedTaskCount ?? 0,
            Running = r.RunningTaskCount ?? 0,
            Pending = r.PendingTaskCount ?? 0,
            ProductionWeight = r.RequestedProductionTrafficWeight,
            TestWeight = r.RequestedTestTrafficWeight,
        };

        public static StoppedTaskSnapshot FromTask(EcsTask task) => new StoppedTaskSnapshot
        {
            TaskArn = task.TaskArn ?? "",
            TaskDefinitionArn = task.TaskDefinitionArn,
            StopCode = task.StopCode,
            StoppedReason = task.StoppedReason,
            StoppedAt = Utc(task.StoppedAt),
            Containers = (task.Containers ?? new List<Container>()).Select(c => new StoppedContainerSnapshot
            {
                Name = c.Name ?? "",
                Reason = c.Reason,
                ExitCode = c.ExitCode,
                HealthStatus = c.HealthStatus,
            }).ToList(),
        };

        public static TargetHealthCounts FromTargetHealth(IEnumerable<TargetHealthDescription>? descriptions)
        {
            var counts = new TargetHealthCounts();
            foreach (var d in descriptions ?? Enumerable.Empty<TargetHealthDescription>())
            {
                switch (d.TargetHealth?.State?.ToLowerInvariant())
                {
                    case "healthy": counts.Healthy++; break;
                    case "unhealthy":
                        counts.Unhealthy++;
                        var reason = d.TargetHealth?.Reason;
                        if (!string.IsNullOrEmpty(reason) && !counts.UnhealthyReasons.Contains(reason!)) counts.UnhealthyReasons.Add(reason!);
                        break;
                    case "initial": counts.Initial++; break;
                    case "draining": counts.Draining++; break;
                    default: counts.Other++; break;
                }
            }
            return counts;
        }

        /// <summary>Wire timestamps are UTC instants; a DateTime of unspecified kind is read as UTC.</summary>
        internal static DateTimeOffset? Utc(DateTime? value)
        {
            if (value == null) return null;
            var v = value.Value;
            return v.Kind == DateTimeKind.Local ? new DateTimeOffset(v.ToUniversalTime(), TimeSpan.Zero) : new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc), TimeSpan.Zero);
        }
    }
}
