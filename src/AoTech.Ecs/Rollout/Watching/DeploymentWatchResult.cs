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

        /// <summary>From the deployment's creation (or the start of the wait) to the end of the wait.</summary>
        public TimeSpan? Duration => FinishedAt - (CreatedAt ?? WaitStartedAt);

        public bool Succeeded => Outcome == DeploymentOutcome.Completed;
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
            var service = r.ServiceName != null ? $"service '{r.ServiceName}'" : "the service";
            var deployment = $"Deployment {r.DeploymentId} of {service}";
            string errorId;
            AoErrorKind kind;
            string message;
            switch (r.Outcome)
            {
                case DeploymentOutcome.Failed:
                    errorId = RolloutErrorIds.DeploymentFailed;
                    kind = AoErrorKind.OperationFailed;
                    message = $"{deployment} failed" + Reason(r.RolloutStateReason) + ".";
                    break;
                case DeploymentOutcome.RolledBack:
                    errorId = RolloutErrorIds.DeploymentRolledBack;
                    kind = AoErrorKind.OperationFailed;
                    message = $"{deployment} was rolled back: the service runs {TaskDefinitionName(r.SuccessorTaskDefinition)} again"
                        + (r.SuccessorDeploymentId != null ? $" (deployment {r.SuccessorDeploymentId})" : "")
                        + $" instead of {TaskDefinitionName(r.TaskDefinition)}" + Reason(r.RolloutStateReason) + ".";
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
                    message = $"{deployment} is not among the service's deployments.";
                    break;
                case DeploymentOutcome.ServiceInactive:
                    errorId = RolloutErrorIds.ServiceNotActive;
                    kind = AoErrorKind.ObjectNotFound;
                    message = r.ServiceStatus == "MISSING"
                        ? $"The {service} does not exist (any more); deployment {r.DeploymentId} cannot complete."
                        : $"The {service} is {r.ServiceStatus}; deployment {r.DeploymentId} cannot complete.";
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
