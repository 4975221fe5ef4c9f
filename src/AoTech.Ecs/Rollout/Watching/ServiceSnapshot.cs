using System;
using System.Collections.Generic;

namespace AoTech.Ecs.Rollout
{
    /// <summary>
    /// One look at an ECS service, shaped like DescribeServices returns it but free of the wire DTOs so the
    /// deployment tracker can be fed scripted sequences. Optional extras (stopped tasks, target health) come from
    /// other calls and are attached by whoever builds the snapshot.
    /// </summary>
    public sealed class ServiceSnapshot
    {
        public string? ServiceName { get; set; }
        public string? ServiceArn { get; set; }
        public string? ClusterArn { get; set; }
        /// <summary>ACTIVE, DRAINING or INACTIVE (see <see cref="ServiceStatuses"/>).</summary>
        public string? Status { get; set; }
        /// <summary>DescribeServices answered with a MISSING failure instead of the service.</summary>
        public bool Missing { get; set; }
        public int DesiredCount { get; set; }
        public int RunningCount { get; set; }
        public int PendingCount { get; set; }
        /// <summary>Task definition ARN the service is set to run.</summary>
        public string? TaskDefinition { get; set; }
        public IList<DeploymentSnapshot> Deployments { get; set; } = new List<DeploymentSnapshot>();
        /// <summary>The scheduler's narrative; DescribeServices lists it newest first.</summary>
        public IList<ServiceEventSnapshot> Events { get; set; } = new List<ServiceEventSnapshot>();
        /// <summary>Tasks of the service that stopped recently (ListTasks desiredStatus=STOPPED + DescribeTasks), when fetched.</summary>
        public IList<StoppedTaskSnapshot>? StoppedTasks { get; set; }
        /// <summary>Counts from DescribeTargetHealth when the service sits behind a target group and it was fetched.</summary>
        public TargetHealthCounts? TargetHealth { get; set; }
    }

    public static class ServiceStatuses
    {
        public const string Active = "ACTIVE";
        public const string Draining = "DRAINING";
        public const string Inactive = "INACTIVE";
    }

    /// <summary>One entry of services[].deployments[].</summary>
    public sealed class DeploymentSnapshot
    {
        public string Id { get; set; } = "";
        /// <summary>PRIMARY (the newest), ACTIVE (being replaced) or INACTIVE (see <see cref="DeploymentStatuses"/>).</summary>
        public string? Status { get; set; }
        public string? TaskDefinition { get; set; }
        /// <summary>IN_PROGRESS, COMPLETED or FAILED (see <see cref="RolloutStates"/>); null on services without rollout tracking.</summary>
        public string? RolloutState { get; set; }
        public string? RolloutStateReason { get; set; }
        public int DesiredCount { get; set; }
        public int RunningCount { get; set; }
        public int PendingCount { get; set; }
        public int FailedTasks { get; set; }
        public DateTimeOffset? CreatedAt { get; set; }
        public DateTimeOffset? UpdatedAt { get; set; }

        public bool IsPrimary => Is(Status, DeploymentStatuses.Primary);
        public bool HasFailed => Is(RolloutState, RolloutStates.Failed);
        public bool HasCompleted => Is(RolloutState, RolloutStates.Completed);

        internal static bool Is(string? value, string expected) => string.Equals(value, expected, StringComparison.OrdinalIgnoreCase);
    }

    public static class DeploymentStatuses
    {
        public const string Primary = "PRIMARY";
        public const string Active = "ACTIVE";
        public const string Inactive = "INACTIVE";
    }

    public static class RolloutStates
    {
        public const string InProgress = "IN_PROGRESS";
        public const string Completed = "COMPLETED";
        public const string Failed = "FAILED";
    }

    /// <summary>One entry of services[].events[].</summary>
    public sealed class ServiceEventSnapshot
    {
        public ServiceEventSnapshot() { }
        public ServiceEventSnapshot(string id, DateTimeOffset createdAt, string message)
        {
            Id = id;
            CreatedAt = createdAt;
            Message = message;
        }

        public string? Id { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public string Message { get; set; } = "";

        /// <summary>Events are de-duplicated by id; the rare event without one by time and text.</summary>
        internal string Key => !string.IsNullOrEmpty(Id) ? Id! : CreatedAt.UtcTicks + "|" + Message;

        public override string ToString() => $"{CreatedAt:u} {Message}";
    }

    /// <summary>A task of the service that stopped, with the reasons DescribeTasks gives.</summary>
    public sealed class StoppedTaskSnapshot
    {
        public string TaskArn { get; set; } = "";
        public string? TaskDefinitionArn { get; set; }
        /// <summary>TaskFailedToStart, EssentialContainerExited, UserInitiated, ServiceSchedulerInitiated, ...</summary>
        public string? StopCode { get; set; }
        public string? StoppedReason { get; set; }
        public DateTimeOffset? StoppedAt { get; set; }
        public IList<StoppedContainerSnapshot> Containers { get; set; } = new List<StoppedContainerSnapshot>();
    }

    public sealed class StoppedContainerSnapshot
    {
        public string Name { get; set; } = "";
        public string? Reason { get; set; }
        public int? ExitCode { get; set; }
        public string? HealthStatus { get; set; }
    }

    /// <summary>How many targets of the service's target group are in each DescribeTargetHealth state.</summary>
    public sealed class TargetHealthCounts
    {
        public int Healthy { get; set; }
        public int Unhealthy { get; set; }
        /// <summary>Registered, first health checks still running.</summary>
        public int Initial { get; set; }
        public int Draining { get; set; }
        /// <summary>unused / unavailable: registered but not taking traffic.</summary>
        public int Other { get; set; }
        /// <summary>Distinct reasons given for unhealthy targets (e.g. Target.ResponseCodeMismatch).</summary>
        public IList<string> UnhealthyReasons { get; set; } = new List<string>();

        public int Total => Healthy + Unhealthy + Initial + Draining + Other;

        internal string Signature => $"{Healthy}/{Unhealthy}/{Initial}/{Draining}/{Other}";

        public override string ToString()
        {
            var parts = new List<string> { $"{Healthy} healthy" };
            if (Initial > 0) parts.Add($"{Initial} initial");
            if (Unhealthy > 0) parts.Add($"{Unhealthy} unhealthy");
            if (Draining > 0) parts.Add($"{Draining} draining");
            if (Other > 0) parts.Add($"{Other} other");
            return "targets " + string.Join(", ", parts);
        }
    }
}
