using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using AoTech.Ecs.Stack.TaskDefinitions;

namespace AoTech.Ecs.Stack.Planning
{
    public enum TaskDefinitionDecisionKind
    {
        /// <summary>Leave the service on the revision it runs.</summary>
        Keep,
        /// <summary>The revision to run is registered already; point the service at it (completes an interrupted run).</summary>
        UseExisting,
        /// <summary>Register <see cref="TaskDefinitionDecision.Request"/> as a new revision and point the service at it.</summary>
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
        /// <summary>Register: the RegisterTaskDefinition request (merged content, tags included).</summary>
        public JsonObject? Request { get; set; }
        /// <summary>Register: the hash of the content registered, as tagged on the revision (finds a registration whose answer was lost).</summary>
        public string? ContentHash { get; set; }
        /// <summary>Register: what the new revision changes and what stays although the file differs (<see cref="TaskDefinitionMerge.Notes"/>).</summary>
        public IReadOnlyList<string> Notes { get; set; } = Array.Empty<string>();
        /// <summary>What New-AoEcsApp warns about: rollbacks of rollouts, images kept without a record, a record that did not fit.</summary>
        public IReadOnlyList<string> Warnings { get; set; } = Array.Empty<string>();
        /// <summary>Keep, UseExisting: record tags to write on that revision so it records this file (the next run's base).</summary>
        public IDictionary<string, string> RecordTags { get; set; } = new Dictionary<string, string>();
        /// <summary>Keep, UseExisting: record tags of an earlier file to remove from that revision.</summary>
        public IList<string> StaleRecordTagKeys { get; set; } = new List<string>();

        /// <summary>The revision's tags change (the TaskDefinition group has something to do although the revision stays).</summary>
        public bool RetagsRevision => Kind != TaskDefinitionDecisionKind.Register && (RecordTags.Count > 0 || StaleRecordTagKeys.Count > 0);
    }

    /// <summary>
    /// Which task definition revision the service should run. The rule, and why:
    /// <list type="bullet">
    /// <item>The service carries the hash of the file content (file plus defaults) last applied, in the tag
    /// aotech:taskdef-file. Equal to the file's hash (or to its hash without the app's task role while that role grants
    /// nothing: see <see cref="DesiredTaskDefinition.ContentHashWithoutTaskRole"/>): the file has not changed since, and
    /// whatever the service runs stays, even a newer revision a rollout (Update-AoTaskDefinition, CI) deployed since:
    /// re-running New-AoEcsApp with the same inputs must never revert it. This needs no look at any revision. Only a service moved to another family (not ours)
    /// is pointed back.</item>
    /// <item>Otherwise the file changed (or -ResetImage asks for its images): the change is merged into the revision the
    /// service runs (<see cref="TaskDefinitionMerge"/>), with the record of the file last applied that the running revision
    /// carries (<see cref="AppliedFileRecord"/>) as the base. Fields the file changed take the file's value; the others keep
    /// what runs, images rolled out since above all.</item>
    /// <item>A merge that gives the running content back registers nothing (the revision is retagged with this file's
    /// record); one already registered by an interrupted run (the latest revision, tagged with the same content hash) is
    /// reused; otherwise the merge is registered.</item>
    /// </list>
    /// Hashes recorded at registration avoid comparing with DescribeTaskDefinition output, which ECS fills with defaults
    /// (cpu 0, empty lists) that the file does not have. Revisions registered by other tools must not copy the hash tag
    /// (Update-AoTaskDefinition drops it and keeps the record tags).
    /// </summary>
    public static class TaskDefinitionRule
    {
        public static TaskDefinitionDecision Decide(DesiredTaskDefinition desired, DiscoveredService? service,
            DiscoveredTaskDefinition? running, DiscoveredTaskDefinition? latest, bool resetImages = false)
        {
            var family = desired.Family;
            var activeService = service != null && service.IsActive ? service : null;
            var runningRef = activeService == null ? null : DiscoveredTaskDefinition.ParseArn(activeService.TaskDefinitionArn);
            var runsOurFamily = runningRef.HasValue && runningRef.Value.Family == family;
            var applied = activeService != null && activeService.Tags.TryGetValue(StackNames.TaskDefinitionFileHashTagKey, out var tag) ? tag : null;
            var fileUnchanged = runsOurFamily && desired.IsAppliedAs(applied);

            if (fileUnchanged && !resetImages)
            {
                var own = applied != desired.ContentHash ? " (without the app's task role, which grants nothing yet: the next revision names it)"
                    : running == null || running.ContentHash == desired.ContentHash ? "" : " (deployed after the file was applied; kept)";
                return new TaskDefinitionDecision(TaskDefinitionDecisionKind.Keep, activeService!.TaskDefinitionArn,
                    $"file unchanged; service runs revision {runningRef!.Value.Revision}{own}");
            }

            var current = runsOurFamily && running != null && running.Family == family ? running : null;
            var merge = TaskDefinitionMerge.Apply(desired.Request, current?.Content,
                current == null ? null : AppliedFileRecord.FromTags(current.Tags), resetImages, $"{family}:{current?.Revision}");
            var contentHash = DesiredTaskDefinition.HashContent(merge.Content);

            if (current != null && (current.ContentHash == contentHash || current.Content != null && CanonicalJson.Equal(current.Content, merge.Content)))
            {
                var reason = fileUnchanged
                    ? $"file unchanged; service runs revision {current.Revision} with the file's images"
                    : $"service already runs revision {current.Revision}, which has what the file changed";
                return WithRecord(new TaskDefinitionDecision(TaskDefinitionDecisionKind.Keep, activeService!.TaskDefinitionArn, reason)
                {
                    RecordFileHashOnly = !fileUnchanged,
                }, desired, current, merge);
            }

            if (latest != null && latest.Family == family && latest.Status == "ACTIVE" && latest.ContentHash == contentHash)
                return WithRecord(new TaskDefinitionDecision(TaskDefinitionDecisionKind.UseExisting, latest.Arn,
                    $"revision {latest.Revision} already holds this content"), desired, latest, merge);

            var why = activeService == null ? "new service"
                : !runsOurFamily ? $"service runs {activeService.TaskDefinitionArn}, not family {family}"
                : fileUnchanged ? "-ResetImage: the file's images"
                : "file changed";
            return new TaskDefinitionDecision(TaskDefinitionDecisionKind.Register, null, why)
            {
                Request = desired.RegisterRequest(merge.Content),
                ContentHash = contentHash,
                Notes = merge.Notes,
                Warnings = merge.Warnings.Concat(RecordWarnings(desired)).ToList(),
            };
        }

        /// <summary>Keep or UseExisting: the revision must record this file, so the next change merges against it.</summary>
        private static TaskDefinitionDecision WithRecord(TaskDefinitionDecision decision, DesiredTaskDefinition desired,
            DiscoveredTaskDefinition revision, TaskDefinitionMerge merge)
        {
            var wanted = desired.Record?.ToTags() ?? new Dictionary<string, string>();
            foreach (var pair in wanted)
                if (!revision.Tags.TryGetValue(pair.Key, out var value) || value != pair.Value)
                    decision.RecordTags[pair.Key] = pair.Value;
            foreach (var key in revision.Tags.Keys.Where(AppliedFileRecord.IsRecordTag).Where(k => !wanted.ContainsKey(k)))
                decision.StaleRecordTagKeys.Add(key);
            decision.Warnings = merge.Warnings.Concat(decision.RetagsRevision ? RecordWarnings(desired) : Enumerable.Empty<string>()).ToList();
            return decision;
        }

        private static IEnumerable<string> RecordWarnings(DesiredTaskDefinition desired)
        {
            var used = desired.Tags.Count + 1;
            if (desired.Record == null)
                yield return $"The task definition's tags leave no room for the record of the applied file (ECS allows " +
                             $"{StackNames.MaxTagsPerResource} tags; the file's tags, -Tag and the stack's use {used}): after " +
                             "the next change of the file, images that differ from it stay and environment variables come from the file.";
            else if (desired.Record.Coverage == AppliedFileCoverage.Images)
                yield return $"The task definition's tags leave room to record the file's images only (ECS allows " +
                             $"{StackNames.MaxTagsPerResource} tags; the file's tags, -Tag and the stack's use {used}): after " +
                             "the next change of the file, environment variables come from the file, replacing those rollouts set.";
        }
    }
}
