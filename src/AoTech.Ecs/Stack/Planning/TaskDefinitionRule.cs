using System;

namespace AoTech.Ecs.Stack.Planning
{
    public enum TaskDefinitionDecisionKind
    {
        /// <summary>Leave the service on the revision it runs.</summary>
        Keep,
        /// <summary>The revision the file describes is registered already; point the service at it (completes an interrupted run).</summary>
        UseExisting,
        /// <summary>Register the file as a new revision and point the service at it.</summary>
        Register,
    }

    public sealed class TaskDefinitionDecision
    {
        public TaskDefinitionDecision(TaskDefinitionDecisionKind kind, string? taskDefinitionArn, string reason)
        {
            Kind = kind;
            TaskDefinitionArn = taskDefinitionArn;
            Reason = reason;
        }

        public TaskDefinitionDecisionKind Kind { get; }
        /// <summary>The revision the service should run (Keep, UseExisting); null for Register (not known until registered).</summary>
        public string? TaskDefinitionArn { get; }
        public string Reason { get; }
        /// <summary>The service's file-hash tag must be (re)written even though the revision stays.</summary>
        public bool RecordFileHashOnly { get; set; }
    }

    /// <summary>
    /// Which task definition revision the service should run. The rule, and why:
    /// <list type="bullet">
    /// <item>Every revision the stack registers carries the hash of its content (file plus defaults) in the tag
    /// aotech:taskdef-file, and the service carries the hash of the file content last applied to it.</item>
    /// <item>Service hash == file hash: the file has not changed since it was applied. Whatever the service runs stays,
    /// even a newer revision a rollout (Publish-/Update-AoEcsApp, CI) deployed since: re-running New-AoEcsApp with the same
    /// inputs must never revert it. Only a service moved to another family (not ours) is pointed back.</item>
    /// <item>Otherwise the file changed (or a run stopped between registering and updating the service): reuse the
    /// revision whose hash tag equals the file's (the one the service runs, else the latest of the family), else register
    /// a new one. A changed file is a deliberate new input, so it replaces what the service runs.</item>
    /// </list>
    /// Comparing hashes recorded at registration avoids comparing with DescribeTaskDefinition output, which ECS fills with
    /// defaults (cpu 0, empty lists) that the file does not have. Revisions registered by other tools must not copy the tag.
    /// </summary>
    public static class TaskDefinitionRule
    {
        public static TaskDefinitionDecision Decide(string family, string fileHash, DiscoveredService? service,
            DiscoveredTaskDefinition? running, DiscoveredTaskDefinition? latest)
        {
            var activeService = service != null && service.IsActive ? service : null;
            var runningRef = activeService == null ? null : DiscoveredTaskDefinition.ParseArn(activeService.TaskDefinitionArn);
            var runsOurFamily = runningRef.HasValue && runningRef.Value.Family == family;

            if (activeService != null && runsOurFamily &&
                activeService.Tags.TryGetValue(StackNames.TaskDefinitionFileHashTagKey, out var applied) && applied == fileHash)
            {
                var own = running?.FileHash == fileHash || running == null ? "" : " (deployed after the file was applied; kept)";
                return new TaskDefinitionDecision(TaskDefinitionDecisionKind.Keep, activeService.TaskDefinitionArn,
                    $"file unchanged; service runs revision {runningRef!.Value.Revision}{own}");
            }

            if (activeService != null && runsOurFamily && running != null && running.FileHash == fileHash)
                return new TaskDefinitionDecision(TaskDefinitionDecisionKind.Keep, activeService.TaskDefinitionArn,
                    $"service already runs revision {running.Revision} of this file") { RecordFileHashOnly = true };

            if (latest != null && latest.Family == family && latest.Status == "ACTIVE" && latest.FileHash == fileHash)
                return new TaskDefinitionDecision(TaskDefinitionDecisionKind.UseExisting, latest.Arn,
                    $"revision {latest.Revision} already holds this file");

            var why = activeService == null ? "new service"
                : !runsOurFamily ? $"service runs {activeService.TaskDefinitionArn}, not family {family}"
                : "file changed";
            return new TaskDefinitionDecision(TaskDefinitionDecisionKind.Register, null, why);
        }
    }
}
