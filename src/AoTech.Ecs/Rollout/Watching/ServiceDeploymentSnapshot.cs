using System;
using System.Collections.Generic;
using System.Linq;

namespace AoTech.Ecs.Rollout
{
    /// <summary>
    /// One look at an ECS service deployment, shaped like DescribeServiceDeployments returns it but free of the wire
    /// DTOs, so the <see cref="ServiceDeploymentTracker"/> can be fed scripted sequences.
    /// </summary>
    public sealed class ServiceDeploymentSnapshot
    {
        public string Arn { get; set; } = "";
        /// <summary>DescribeServiceDeployments answered with a MISSING failure instead of the deployment.</summary>
        public bool Missing { get; set; }
        /// <summary>PENDING, IN_PROGRESS, SUCCESSFUL, STOPPED, STOP_REQUESTED, ROLLBACK_* (see <see cref="ServiceDeploymentStatuses"/>).</summary>
        public string? Status { get; set; }
        public string? StatusReason { get; set; }
        /// <summary>RECONCILE_SERVICE ... CLEAN_UP for blue/green, canary and linear deployments; ECS gives none for rolling ones.</summary>
        public string? LifecycleStage { get; set; }
        /// <summary>ROLLING, BLUE_GREEN, CANARY or LINEAR (deploymentConfiguration.strategy; ROLLING when absent).</summary>
        public string? Strategy { get; set; }
        public DateTimeOffset? CreatedAt { get; set; }
        public DateTimeOffset? StartedAt { get; set; }
        public DateTimeOffset? FinishedAt { get; set; }
        public DateTimeOffset? StoppedAt { get; set; }
        public DateTimeOffset? UpdatedAt { get; set; }
        public RevisionSnapshot? Target { get; set; }
        public IList<RevisionSnapshot> Sources { get; set; } = new List<RevisionSnapshot>();
        /// <summary>TRIGGERED, MONITORING, MONITORING_COMPLETE or DISABLED.</summary>
        public string? CircuitBreakerStatus { get; set; }
        public int CircuitBreakerFailures { get; set; }
        public int CircuitBreakerThreshold { get; set; }
        public string? AlarmsStatus { get; set; }
        public IList<string> TriggeredAlarms { get; set; } = new List<string>();
        public string? RollbackReason { get; set; }
        public DateTimeOffset? RollbackStartedAt { get; set; }
        /// <summary>The service revision the rollback returns to.</summary>
        public string? RollbackRevisionArn { get; set; }
        public IList<LifecycleHookSnapshot> Hooks { get; set; } = new List<LifecycleHookSnapshot>();

        /// <summary>PAUSE hooks that wait for ContinueServiceDeployment.</summary>
        public IEnumerable<LifecycleHookSnapshot> AwaitingHooks =>
            Hooks.Where(h => Is(h.TargetType, LifecycleHookTypes.Pause) && Is(h.Status, LifecycleHookStatuses.AwaitingAction));

        internal static bool Is(string? value, string expected) => string.Equals(value, expected, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A service revision as a service deployment counts it: tasks and traffic weights.</summary>
    public sealed class RevisionSnapshot
    {
        public string Arn { get; set; } = "";
        /// <summary>The revision's task definition, when DescribeServiceRevisions told it.</summary>
        public string? TaskDefinition { get; set; }
        public int Requested { get; set; }
        public int Running { get; set; }
        public int Pending { get; set; }
        /// <summary>Percent of production traffic ECS directs to this revision (blue/green, canary, linear).</summary>
        public double? ProductionWeight { get; set; }
        public double? TestWeight { get; set; }
    }

    /// <summary>One entry of lifecycleHookDetails.</summary>
    public sealed class LifecycleHookSnapshot
    {
        public string HookId { get; set; } = "";
        /// <summary>AWS_LAMBDA or PAUSE.</summary>
        public string? TargetType { get; set; }
        /// <summary>AWAITING_ACTION, IN_PROGRESS, SUCCEEDED, FAILED or TIMED_OUT.</summary>
        public string? Status { get; set; }
        public DateTimeOffset? ExpiresAt { get; set; }
        /// <summary>CONTINUE or ROLLBACK: what ECS does when the hook times out.</summary>
        public string? TimeoutAction { get; set; }
    }

    public static class ServiceDeploymentStatuses
    {
        public const string Pending = "PENDING";
        public const string InProgress = "IN_PROGRESS";
        public const string Successful = "SUCCESSFUL";
        public const string Stopped = "STOPPED";
        public const string StopRequested = "STOP_REQUESTED";
        public const string RollbackRequested = "ROLLBACK_REQUESTED";
        public const string RollbackInProgress = "ROLLBACK_IN_PROGRESS";
        public const string RollbackSuccessful = "ROLLBACK_SUCCESSFUL";
        public const string RollbackFailed = "ROLLBACK_FAILED";

        /// <summary>PENDING and IN_PROGRESS: the deployment still rolls out (StopServiceDeployment can roll it back).</summary>
        public static bool IsRollingOut(string? status) =>
            ServiceDeploymentSnapshot.Is(status, Pending) || ServiceDeploymentSnapshot.Is(status, InProgress);

        /// <summary>The states ECS calls completed: nothing will change any more.</summary>
        public static bool IsCompleted(string? status) =>
            ServiceDeploymentSnapshot.Is(status, Successful) || ServiceDeploymentSnapshot.Is(status, Stopped)
            || ServiceDeploymentSnapshot.Is(status, RollbackSuccessful) || ServiceDeploymentSnapshot.Is(status, RollbackFailed);
    }

    public static class LifecycleHookTypes
    {
        public const string Pause = "PAUSE";
        public const string Lambda = "AWS_LAMBDA";
    }

    public static class LifecycleHookStatuses
    {
        public const string AwaitingAction = "AWAITING_ACTION";
    }

    public static class DeploymentStrategies
    {
        public const string Rolling = "ROLLING";
        public const string BlueGreen = "BLUE_GREEN";
        public const string Canary = "CANARY";
        public const string Linear = "LINEAR";
    }

    /// <summary>The lifecycle stages of a blue/green, canary or linear deployment, in the order ECS runs them.</summary>
    public static class LifecycleStages
    {
        public static readonly IReadOnlyList<string> InOrder = new[]
        {
            "RECONCILE_SERVICE", "PRE_SCALE_UP", "SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT",
            "POST_TEST_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT", "BAKE_TIME", "CLEAN_UP",
        };

        /// <summary>0-based position of the stage, or -1 when unknown.</summary>
        public static int IndexOf(string? stage)
        {
            for (var i = 0; i < InOrder.Count; i++)
                if (ServiceDeploymentSnapshot.Is(stage, InOrder[i])) return i;
            return -1;
        }
    }
}
