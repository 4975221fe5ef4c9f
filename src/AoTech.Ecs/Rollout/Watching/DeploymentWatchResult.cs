using System;
using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Errors;

namespace AoTech.Ecs.Rollout
{
    /// <summary>The end of a wait: what happened to the followed deployment and what was seen on the way.</summary>
    public sealed class DeploymentWatchResult
    {
        public string DeploymentId { get; set; } = "";
        public string? ServiceName { get; set; }
        public string? ServiceStatus { get; set; }
        public DeploymentOutcome Outcome { get; set; }
        public string? Status { get; set; }
        public string? RolloutState { get; set; }
        public string? RolloutStateReason { get; set; }
        public string? TaskDefinition { get; set; }
        public string? SuccessorDeploymentId { get; set; }
        public string? SuccessorTaskDefinition { get; set; }
        /// <summary>When ECS created the deployment (from DescribeServices).</summary>
        public DateTimeOffset? CreatedAt { get; set; }
        public DateTimeOffset WaitStartedAt { get; set; }
        public DateTimeOffset? FinishedAt { get; set; }
        public TimeSpan Timeout { get; set; }
        public DeploymentProgress Progress { get; set; } = new DeploymentProgress();
        public IReadOnlyList<StoppedTaskReason> StopReasons { get; set; } = Array.Empty<StoppedTaskReason>();
        public IReadOnlyList<ServiceEventSnapshot> RecentEvents { get; set; } = Array.Empty<ServiceEventSnapshot>();
        public int Polls { get; set; }
        /// <summary>AWS calls the wait made (DescribeServices, plus stopped-task and target-health look-ups).</summary>
        public int ApiCalls { get; set; }
        /// <summary>What the wait expected: the rollout to complete, or a rollback or stop to finish.</summary>
        public RolloutGoal Goal { get; set; } = RolloutGoal.Complete;
        /// <summary>The service deployment followed, when ECS offers the service-deployment API; null when the wait read DescribeServices only.</summary>
        public ServiceDeploymentDetails? ServiceDeployment { get; set; }

        /// <summary>From the deployment's creation (or the start of the wait) to the end of the wait.</summary>
        public TimeSpan? Duration => FinishedAt - (CreatedAt ?? WaitStartedAt);

        public bool Succeeded => Outcome == Goal.Success();
    }

    /// <summary>What the service-deployment API told about the followed deployment, for output and for the error.</summary>
    public sealed class ServiceDeploymentDetails
    {
        public string Arn { get; set; } = "";
        public string? Status { get; set; }
        public string? StatusReason { get; set; }
        public string? LifecycleStage { get; set; }
        public string? Strategy { get; set; }
        public string? TargetTaskDefinition { get; set; }
        /// <summary>The task definition the source revision runs (what a rollback returns to), when known.</summary>
        public string? SourceTaskDefinition { get; set; }
        public string? CircuitBreakerStatus { get; set; }
        public int CircuitBreakerFailures { get; set; }
        public int CircuitBreakerThreshold { get; set; }
        public string? AlarmsStatus { get; set; }
        public IReadOnlyList<string> TriggeredAlarms { get; set; } = Array.Empty<string>();
        public string? RollbackReason { get; set; }
        public string? RollbackRevisionArn { get; set; }
        public double? ProductionWeight { get; set; }
        /// <summary>A PAUSE hook the deployment waits at, if any.</summary>
        public LifecycleHookSnapshot? AwaitingHook { get; set; }

        /// <summary>The deployment's id: the last part of its ARN.</summary>
        public string ShortId => ServiceDeploymentArns.ShortId(Arn);
    }

    /// <summary>A deployment that did not complete; carries everything known about it.</summary>
    public sealed class DeploymentException : AoEcsException
    {
        public DeploymentException(string errorId, AoErrorKind kind, string message, DeploymentWatchResult result)
            : base(errorId, kind, message, result.DeploymentId)
        {
            Result = result;
        }

        public DeploymentWatchResult Result { get; }
    }

    /// <summary>Maps a final outcome to the user-facing error: a stable ErrorId and a message that says what to look at.</summary>
    public static class DeploymentFailures
    {
        /// <summary>The exception for a failed outcome, or null when the deployment completed or is still running.</summary>
        public static DeploymentException? ToException(DeploymentWatchResult r)
        {
            if (r.Succeeded || r.Outcome == DeploymentOutcome.InProgress) return null;
            var service = r.ServiceName != null ? $"service '{r.ServiceName}'" : "the service";
            var sd = r.ServiceDeployment;
            var deployment = sd != null ? $"Service deployment {sd.ShortId} of {service}" : $"Deployment {r.DeploymentId} of {service}";
            string errorId;
            AoErrorKind kind;
            string message;
            if (r.Goal != RolloutGoal.Complete && r.Outcome != DeploymentOutcome.TimedOut && r.Outcome != DeploymentOutcome.NotFound
                && r.Outcome != DeploymentOutcome.ServiceInactive && r.Outcome != DeploymentOutcome.RollbackFailed)
            {
                // A rollback or stop was asked for, but the deployment ended another way first.
                errorId = r.Goal == RolloutGoal.RollBack ? RolloutErrorIds.DeploymentNotRolledBack : RolloutErrorIds.DeploymentNotStopped;
                kind = AoErrorKind.OperationFailed;
                message = $"{deployment} ended {sd?.Status ?? r.Outcome.ToString()} instead of "
                    + (r.Goal == RolloutGoal.RollBack ? "being rolled back" : "stopping") + Reason(sd?.StatusReason) + ".";
                return Finish(r, errorId, kind, message);
            }
            switch (r.Outcome)
            {
                case DeploymentOutcome.Failed:
                    errorId = RolloutErrorIds.DeploymentFailed;
                    kind = AoErrorKind.OperationFailed;
                    message = $"{deployment} failed" + Reason(r.RolloutStateReason) + ".";
                    break;
                case DeploymentOutcome.RolledBack when sd != null:
                    errorId = RolloutErrorIds.DeploymentRolledBack;
                    kind = AoErrorKind.OperationFailed;
                    message = $"{deployment} was rolled back ({sd.Status})" + Reason(sd.RollbackReason ?? sd.StatusReason)
                        + (sd.SourceTaskDefinition != null ? $"; the service returns to {TaskDefinitionName(sd.SourceTaskDefinition)}" : "")
                        + $" instead of {TaskDefinitionName(sd.TargetTaskDefinition ?? r.TaskDefinition)}.";
                    break;
                case DeploymentOutcome.RolledBack:
                    errorId = RolloutErrorIds.DeploymentRolledBack;
                    kind = AoErrorKind.OperationFailed;
                    message = $"{deployment} was rolled back: the service runs {TaskDefinitionName(r.SuccessorTaskDefinition)} again"
                        + (r.SuccessorDeploymentId != null ? $" (deployment {r.SuccessorDeploymentId})" : "")
                        + $" instead of {TaskDefinitionName(r.TaskDefinition)}" + Reason(r.RolloutStateReason) + ".";
                    break;
                case DeploymentOutcome.Stopped:
                    errorId = RolloutErrorIds.DeploymentStopped;
                    kind = AoErrorKind.OperationStopped;
                    message = $"{deployment} was stopped ({sd?.Status})" + Reason(sd?.StatusReason) + ".";
                    break;
                case DeploymentOutcome.RollbackFailed:
                    errorId = RolloutErrorIds.DeploymentRollbackFailed;
                    kind = AoErrorKind.OperationFailed;
                    message = $"{deployment} failed and ECS could not roll it back (ROLLBACK_FAILED)" + Reason(sd?.StatusReason ?? sd?.RollbackReason) + ".";
                    break;
                case DeploymentOutcome.Replaced:
                    errorId = RolloutErrorIds.DeploymentReplaced;
                    kind = AoErrorKind.OperationStopped;
                    message = r.SuccessorDeploymentId != null
                        ? $"{deployment} was replaced by deployment {r.SuccessorDeploymentId} ({TaskDefinitionName(r.SuccessorTaskDefinition)}) before it completed."
                        : $"{deployment} disappeared from the service before it completed.";
                    break;
                case DeploymentOutcome.NotFound:
                    errorId = RolloutErrorIds.DeploymentNotFound;
                    kind = AoErrorKind.ObjectNotFound;
                    message = sd != null ? $"{deployment} is not known to ECS." : $"{deployment} is not among the service's deployments.";
                    break;
                case DeploymentOutcome.ServiceInactive:
                    errorId = RolloutErrorIds.ServiceNotActive;
                    kind = AoErrorKind.ObjectNotFound;
                    message = r.ServiceStatus == "MISSING"
                        ? $"The {service} does not exist (any more); deployment {r.DeploymentId} cannot complete."
                        : $"The {service} is {r.ServiceStatus}; deployment {r.DeploymentId} cannot complete.";
                    break;
                case DeploymentOutcome.TimedOut when sd != null:
                    errorId = RolloutErrorIds.DeploymentTimedOut;
                    kind = AoErrorKind.Timeout;
                    var verb = r.Goal == RolloutGoal.RollBack ? "was not rolled back" : r.Goal == RolloutGoal.Stop ? "did not stop" : "did not complete";
                    message = $"{deployment} {verb} within {FormatSpan(r.Timeout)}: stuck in "
                        + (sd.LifecycleStage != null ? $"stage {sd.LifecycleStage} ({sd.Status})" : $"status {sd.Status}")
                        + (sd.AwaitingHook != null ? ", waiting at a PAUSE hook for ContinueServiceDeployment" : "")
                        + $"; {r.Progress}.";
                    break;
                case DeploymentOutcome.TimedOut:
                    errorId = RolloutErrorIds.DeploymentTimedOut;
                    kind = AoErrorKind.Timeout;
                    message = $"{deployment} did not complete within {FormatSpan(r.Timeout)}: {r.Progress}"
                        + (r.RolloutState != null ? $", rollout {r.RolloutState}" : "") + ".";
                    break;
                default:
                    return null;
            }
            return Finish(r, errorId, kind, message);
        }

        /// <summary>The evidence every failure message ends with: detectors, stopped tasks, target health, the last event.</summary>
        private static DeploymentException Finish(DeploymentWatchResult r, string errorId, AoErrorKind kind, string message)
        {
            var sd = r.ServiceDeployment;
            if (sd != null && (sd.CircuitBreakerFailures > 0 || string.Equals(sd.CircuitBreakerStatus, "TRIGGERED", StringComparison.OrdinalIgnoreCase)))
                message += $" Circuit breaker {sd.CircuitBreakerStatus}: {sd.CircuitBreakerFailures} failed tasks (threshold {sd.CircuitBreakerThreshold}).";
            if (sd != null && sd.TriggeredAlarms.Count > 0)
                message += " Alarms in ALARM: " + string.Join(", ", sd.TriggeredAlarms) + ".";
            if (r.StopReasons.Count > 0)
                message += " Stopped tasks: " + string.Join(" | ", r.StopReasons.Select(s => s.ToString())) + ".";
            if (r.Outcome != DeploymentOutcome.ServiceInactive && r.Progress.TargetHealth?.UnhealthyReasons.Count > 0)
                message += " Unhealthy targets: " + string.Join(", ", r.Progress.TargetHealth.UnhealthyReasons) + ".";
            if (r.RecentEvents.Count > 0)
                message += " Last service event: " + r.RecentEvents[r.RecentEvents.Count - 1].Message;
            return new DeploymentException(errorId, kind, message, r);
        }

        private static string Reason(string? reason) => string.IsNullOrWhiteSpace(reason) ? "" : ": " + reason!.Trim().TrimEnd('.');

        /// <summary>"family:revision" reads better than the full ARN.</summary>
        public static string TaskDefinitionName(string? arn)
        {
            if (string.IsNullOrEmpty(arn)) return "an unknown task definition";
            var slash = arn!.LastIndexOf('/');
            return slash >= 0 ? arn.Substring(slash + 1) : arn;
        }

        /// <summary>"15m", "1h30m", "45s", "2m30s": how a user would write the timeout.</summary>
        internal static string FormatSpan(TimeSpan span)
        {
            if (span < TimeSpan.FromSeconds(1)) return $"{span.TotalSeconds:0.###}s";
            var text = "";
            if (span.TotalHours >= 1) text += $"{(int)span.TotalHours}h";
            if (span.Minutes > 0) text += $"{span.Minutes}m";
            if (span.Seconds > 0 || span.Milliseconds > 0) text += span.Milliseconds > 0 ? $"{span.Seconds + span.Milliseconds / 1000.0:0.###}s" : $"{span.Seconds}s";
            return text;
        }
    }
}
