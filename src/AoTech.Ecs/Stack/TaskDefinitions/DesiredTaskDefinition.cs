using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using AoTech.Ecs.Errors;

namespace AoTech.Ecs.Stack.TaskDefinitions
{
    /// <summary>
    /// The task definition the file asks for: the file plus the stack's defaults, the hash of its content that tells a later
    /// run whether the file changed, and its applied-file record (see <see cref="Planning.TaskDefinitionRule"/>).
    /// </summary>
    public sealed class DesiredTaskDefinition
    {
        private DesiredTaskDefinition(JsonObject request, ContainerSelection target, IReadOnlyList<string> notes, IReadOnlyList<string> warnings,
            string? contentHashWithoutTaskRole)
        {
            Request = request;
            Target = target;
            Notes = notes;
            Warnings = warnings;
            ContentHash = HashContent(request);
            ContentHashWithoutTaskRole = contentHashWithoutTaskRole;
            Tags = ((JsonArray)request["tags"]!).OfType<JsonObject>()
                .ToDictionary(t => (string)t["key"]!, t => (string?)t["value"] ?? "", StringComparer.Ordinal);
            // The record shares the revision's 50 tags with the ones above and the content hash.
            Record = AppliedFileRecord.Fit(request, StackNames.MaxTagsPerResource - Tags.Count - 1);
        }

        /// <summary>The request body, member names as in the ECS model, with the file's and the stack's tags.</summary>
        public JsonObject Request { get; }
        /// <summary>The file's and the stack's tags (the user's, aotech:app).</summary>
        public IReadOnlyDictionary<string, string> Tags { get; }
        /// <summary>
        /// What this file says, field by field, for the revisions it registers (null when the other tags leave no room):
        /// the next run's base for <see cref="TaskDefinitionMerge"/>.
        /// </summary>
        public AppliedFileRecord? Record { get; }
        public ContainerSelection Target { get; }
        /// <summary>What the defaults changed, for -Verbose ("family set to ...").</summary>
        public IReadOnlyList<string> Notes { get; }
        /// <summary>What the file asks for that deserves a look (a taskRoleArn of its own), warned before the plan is confirmed.</summary>
        public IReadOnlyList<string> Warnings { get; }
        /// <summary>SHA-256 (hex) of the request's canonical JSON, tags left out (they do not make a new revision).</summary>
        public string ContentHash { get; }
        /// <summary>
        /// The hash this content had before the app's task role was filled in, set only when that role grants nothing (no
        /// -TaskRolePolicy). A service that records it was applied from this very file by a version that had no task role:
        /// its containers may do exactly as much without the empty role (the instance role is out of their reach), so it
        /// is current, and no revision is registered, and no task replaced, just to name the role. The next revision
        /// registered for another reason names it.
        /// </summary>
        public string? ContentHashWithoutTaskRole { get; }

        /// <summary>Whether a service's aotech:taskdef-file tag says it runs what this file asks for.</summary>
        public bool IsAppliedAs(string? fileHashTag) =>
            fileHashTag != null && (fileHashTag == ContentHash || fileHashTag == ContentHashWithoutTaskRole);

        public string Family => (string)Request["family"]!;

        /// <summary>The log groups the containers write to (awslogs-group of every awslogs configuration).</summary>
        public IEnumerable<string> LogGroups
        {
            get
            {
                var groups = new SortedSet<string>(StringComparer.Ordinal);
                foreach (var container in ((JsonArray)Request["containerDefinitions"]!).OfType<JsonObject>())
                    if (container["logConfiguration"] is JsonObject log && log["options"] is JsonObject options &&
                        options["awslogs-group"] is JsonValue value && value.TryGetValue<string>(out var group))
                        groups.Add(group);
                return groups;
            }
        }

        /// <summary>
        /// Fills in what the stack needs: family = the stack's, the execution role and the app's task role (each when the
        /// file names none: the file's own wins, the task role's with a warning, as the app's role then goes unused),
        /// requiresCompatibilities EC2, networkMode bridge with dynamic host ports (hostPort 0) unless given, an awslogs
        /// configuration for every container that has none, and the stack's tags. <paramref name="taskRoleGrantsNothing"/>:
        /// the task role has no permissions (see <see cref="ContentHashWithoutTaskRole"/>).
        /// </summary>
        public static DesiredTaskDefinition Create(TaskDefinitionFile file, ContainerSelection target, StackNames names,
            string region, string executionRoleArn, IDictionary<string, string>? userTags, string? taskRoleArn = null,
            bool taskRoleGrantsNothing = false)
        {
            var request = (JsonObject)file.Root.DeepClone();
            var notes = new List<string>();
            var warnings = new List<string>();
            var addedTaskRole = false;

            var family = (string?)request["family"];
            if (family != names.TaskFamily)
            {
                if (family != null) notes.Add($"family '{family}' replaced by the stack's family '{names.TaskFamily}'");
                request["family"] = names.TaskFamily;
            }
            if (request["executionRoleArn"] == null)
            {
                request["executionRoleArn"] = executionRoleArn;
                notes.Add("executionRoleArn set to the stack's task execution role");
            }
            if (taskRoleArn != null)
            {
                if (request["taskRoleArn"] == null)
                {
                    addedTaskRole = true;
                    request["taskRoleArn"] = taskRoleArn;
                    notes.Add("taskRoleArn set to the app's task role");
                }
                else if ((string?)request["taskRoleArn"] != taskRoleArn)
                    warnings.Add($"The task definition file names its own taskRoleArn ({(string?)request["taskRoleArn"]}): the containers use that role, " +
                                 $"not the app's task role {taskRoleArn}, and -TaskRolePolicy (which goes onto the app's role) does not reach them.");
            }
            if (request["requiresCompatibilities"] is not JsonArray compat || compat.Count == 0)
                request["requiresCompatibilities"] = new JsonArray("EC2");
            if (request["networkMode"] == null)
                request["networkMode"] = "bridge";
            var bridge = (string?)request["networkMode"] == "bridge";
            if ((string?)request["networkMode"] == "host")
                // The metadata block and the hop limit act on traffic from Docker's bridge; a container in the host's
                // network namespace reaches the instance metadata service as the host does (AWS re:Post,
                // "ecs-container-ec2-metadata": access "can't be prevented with the host networking mode").
                warnings.Add("The task definition uses networkMode host: its containers share the instance's network and can " +
                             "reach the instance metadata service, and so the instance role's credentials. Use bridge (the default) " +
                             "unless the app needs the host's network.");

            foreach (var container in ((JsonArray)request["containerDefinitions"]!).OfType<JsonObject>())
            {
                var name = (string)container["name"]!;
                if (bridge && container["portMappings"] is JsonArray mappings)
                    foreach (var mapping in mappings.OfType<JsonObject>())
                        if (mapping["hostPort"] == null && mapping["containerPortRange"] == null)
                            mapping["hostPort"] = 0; // dynamic host port: several tasks per instance, no port clashes
                if (container["logConfiguration"] == null)
                {
                    container["logConfiguration"] = new JsonObject
                    {
                        ["logDriver"] = "awslogs",
                        ["options"] = new JsonObject
                        {
                            ["awslogs-group"] = names.LogGroup,
                            ["awslogs-region"] = region,
                            ["awslogs-stream-prefix"] = names.LogStreamPrefix,
                        },
                    };
                    notes.Add($"container '{name}' logs to {names.LogGroup}");
                }
            }

            var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
            var fileTagKeys = new HashSet<string>(StringComparer.Ordinal);
            if (request["tags"] is JsonArray fileTags)
                foreach (var tag in fileTags.OfType<JsonObject>())
                    if (tag["key"] is JsonValue key && !IsBookkeepingTag((string)key!))
                    {
                        tags[(string)key!] = (string?)tag["value"] ?? "";
                        fileTagKeys.Add((string)key!);
                    }
            foreach (var pair in names.Tags(userTags)) tags[pair.Key] = pair.Value;
            // ECS refuses more than 50 tags per resource: the file's, -Tag's, ours and the content hash together, checked
            // before any call (the applied-file record only takes the room that is left).
            var count = tags.Count + 1;
            if (count > StackNames.MaxTagsPerResource)
                throw new AoEcsException(StackErrorIds.TooManyTags, AoErrorKind.InvalidArgument,
                    $"The task definition would carry {count} tags: {tags.Keys.Count(k => fileTagKeys.Contains(k) && !k.StartsWith(StackNames.TagPrefix, StringComparison.Ordinal))} from the file, " +
                    $"{userTags?.Count ?? 0} from -Tag and the stack's own; AWS allows at most {StackNames.MaxTagsPerResource} per resource. Remove some.",
                    count);
            request["tags"] = TagArray(tags);
            string? withoutTaskRole = null;
            if (addedTaskRole && taskRoleGrantsNothing)
            {
                var before = (JsonObject)request.DeepClone();
                before.Remove("taskRoleArn");
                withoutTaskRole = HashContent(before);
            }
            return new DesiredTaskDefinition(request, target, notes, warnings, withoutTaskRole);
        }

        /// <summary>
        /// The RegisterTaskDefinition request for <paramref name="content"/> (this file, merged with the running revision
        /// by <see cref="TaskDefinitionMerge"/>): the file's and the stack's tags, the hash of the content registered (tag
        /// aotech:taskdef-file), and the record of this file (<see cref="Record"/>).
        /// </summary>
        public JsonObject RegisterRequest(JsonObject content)
        {
            var request = (JsonObject)content.DeepClone();
            request["tags"] = TagArray(RevisionTags(HashContent(content)));
            return request;
        }

        /// <summary>The tags of a revision the stack registers with content hash <paramref name="contentHash"/>.</summary>
        public IDictionary<string, string> RevisionTags(string contentHash)
        {
            var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in Tags) tags[pair.Key] = pair.Value;
            tags[StackNames.TaskDefinitionFileHashTagKey] = contentHash;
            if (Record != null) foreach (var pair in Record.ToTags()) tags[pair.Key] = pair.Value;
            return tags;
        }

        /// <summary>Hash of the canonical form: object members sorted by name, no whitespace, "tags" left out.</summary>
        public static string HashContent(JsonObject request) =>
            CanonicalJson.Hex(CanonicalJson.Sha256(CanonicalJson.Bytes(request, skipRootMember: "tags")));

        /// <summary>Tags the stack writes itself for each revision (a file copied from a described revision may carry them).</summary>
        private static bool IsBookkeepingTag(string key) =>
            key == StackNames.TaskDefinitionFileHashTagKey || AppliedFileRecord.IsRecordTag(key);

        private static JsonArray TagArray(IEnumerable<KeyValuePair<string, string>> tags) =>
            new JsonArray(tags.Select(p => (JsonNode)new JsonObject { ["key"] = p.Key, ["value"] = p.Value }).ToArray());
    }
}
