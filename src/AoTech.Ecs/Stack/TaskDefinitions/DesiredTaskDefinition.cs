using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AoTech.Ecs.Errors;

namespace AoTech.Ecs.Stack.TaskDefinitions
{
    /// <summary>
    /// The RegisterTaskDefinition request the stack would send: the file plus the stack's defaults, and the hash of its
    /// content that tells a later run whether the file changed (see <see cref="Planning.TaskDefinitionRule"/>).
    /// </summary>
    public sealed class DesiredTaskDefinition
    {
        private DesiredTaskDefinition(JsonObject request, ContainerSelection target, IReadOnlyList<string> notes)
        {
            Request = request;
            Target = target;
            Notes = notes;
            ContentHash = HashContent(request);
        }

        /// <summary>The request body, member names as in the ECS model.</summary>
        public JsonObject Request { get; }
        public ContainerSelection Target { get; }
        /// <summary>What the defaults changed, for -Verbose ("family set to ...").</summary>
        public IReadOnlyList<string> Notes { get; }
        /// <summary>SHA-256 (hex) of the request's canonical JSON, tags left out (they do not make a new revision).</summary>
        public string ContentHash { get; }

        public string Family => (string)Request["family"]!;

        /// <summary>
        /// Fills in what the stack needs: family = the stack's, the execution role (when the file has none),
        /// requiresCompatibilities EC2, networkMode bridge with dynamic host ports (hostPort 0) unless given, an awslogs
        /// configuration for every container that has none, and the stack's tags.
        /// </summary>
        public static DesiredTaskDefinition Create(TaskDefinitionFile file, ContainerSelection target, StackNames names,
            string region, string executionRoleArn, IDictionary<string, string>? userTags)
        {
            var request = (JsonObject)file.Root.DeepClone();
            var notes = new List<string>();

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
            if (request["requiresCompatibilities"] is not JsonArray compat || compat.Count == 0)
                request["requiresCompatibilities"] = new JsonArray("EC2");
            if (request["networkMode"] == null)
                request["networkMode"] = "bridge";
            var bridge = (string?)request["networkMode"] == "bridge";

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
                    if (tag["key"] != null)
                    {
                        tags[(string)tag["key"]!] = (string?)tag["value"] ?? "";
                        fileTagKeys.Add((string)tag["key"]!);
                    }
            foreach (var pair in names.Tags(userTags)) tags[pair.Key] = pair.Value;
            var desired = new DesiredTaskDefinition(request, target, notes);
            tags[StackNames.TaskDefinitionFileHashTagKey] = desired.ContentHash;
            // ECS refuses more than 50 tags per resource: the file's, -Tag and ours together (checked before any call).
            if (tags.Count > StackNames.MaxTagsPerResource)
                throw new AoEcsException(StackErrorIds.TooManyTags, AoErrorKind.InvalidArgument,
                    $"The task definition would carry {tags.Count} tags: {tags.Count(t => fileTagKeys.Contains(t.Key) && !t.Key.StartsWith(StackNames.TagPrefix, StringComparison.Ordinal))} from the file, " +
                    $"{userTags?.Count ?? 0} from -Tag and the stack's own; AWS allows at most {StackNames.MaxTagsPerResource} per resource. Remove some.",
                    tags.Count);
            request["tags"] = new JsonArray(tags.Select(p => (JsonNode)new JsonObject { ["key"] = p.Key, ["value"] = p.Value }).ToArray());
            return desired;
        }

        /// <summary>Hash of the canonical form: object members sorted by name, no whitespace, "tags" left out.</summary>
        public static string HashContent(JsonObject request)
        {
            var buffer = new System.IO.MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
                WriteCanonical(writer, request, isRoot: true);
            using (var sha = SHA256.Create())
                return string.Concat(sha.ComputeHash(buffer.ToArray()).Select(b => b.ToString("x2")));
        }

        private static void WriteCanonical(Utf8JsonWriter writer, JsonNode? node, bool isRoot = false)
        {
            switch (node)
            {
                case null:
                    writer.WriteNullValue();
                    break;
                case JsonObject obj:
                    writer.WriteStartObject();
                    foreach (var pair in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                    {
                        if (isRoot && pair.Key == "tags") continue;
                        writer.WritePropertyName(pair.Key);
                        WriteCanonical(writer, pair.Value);
                    }
                    writer.WriteEndObject();
                    break;
                case JsonArray array:
                    writer.WriteStartArray();
                    foreach (var item in array) WriteCanonical(writer, item);
                    writer.WriteEndArray();
                    break;
                default:
                    node.WriteTo(writer);
                    break;
            }
        }
    }
}
