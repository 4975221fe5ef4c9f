using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Files;

namespace AoTech.Ecs.Stack.TaskDefinitions
{
    /// <summary>
    /// A task definition file (the RegisterTaskDefinition request shape, as for
    /// <c>aws ecs register-task-definition --cli-input-json</c>) that passed every check. Loading rejects, before anything
    /// changes in AWS, a file that is not JSON or not that shape, naming the file, line and field.
    /// </summary>
    public sealed class TaskDefinitionFile
    {
        /// <summary>Members of a registered task definition (DescribeTaskDefinition output) that a request may not carry.</summary>
        private static readonly string[] ReadOnlyMembers =
        {
            "taskDefinitionArn", "revision", "status", "requiresAttributes", "compatibilities",
            "registeredAt", "registeredBy", "deregisteredAt",
        };

        /// <summary>Network modes the stack supports: its target group registers instances with their (dynamic) host ports.</summary>
        public static readonly string[] SupportedNetworkModes = { "bridge", "host" };

        private TaskDefinitionFile(string path, JsonObject root, JsonSourceMap map)
        {
            Path = path;
            Root = root;
            SourceMap = map;
        }

        /// <summary>The file as given (for messages).</summary>
        public string Path { get; }
        /// <summary>The request as read; <see cref="TaskDefinitionDefaults"/> works on a copy.</summary>
        public JsonObject Root { get; }
        public JsonSourceMap SourceMap { get; }

        public IEnumerable<JsonObject> Containers => ((JsonArray)Root["containerDefinitions"]!).Select(c => (JsonObject)c!);

        /// <summary>"file:line:col" of a field, or just the file when the field is not in it.</summary>
        public string Locate(string jsonPath)
        {
            var position = SourceMap[jsonPath];
            return position.HasValue ? $"{Path}:{position.Value}" : Path;
        }

        /// <summary>
        /// The most a task definition may hold: ECS refuses larger ones ("Task definition size: 64 KiB", Amazon ECS service
        /// quotas, https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html). A file is read only
        /// up to this size, so a huge file or a device such as /dev/zero never fills memory.
        /// </summary>
        public const int MaxBytes = 64 * 1024;

        /// <summary>Containers a task definition may have ("Containers per task definition: 10", the same page).</summary>
        public const int MaxContainers = 10;

        /// <summary>
        /// Reads and checks a file. Throws InvalidTaskDefinition, TaskDefinitionNotFound, or (see Files/LocalFiles) NotAFile,
        /// FileTooLarge and PathAccessDenied. Only a regular file is read.
        /// </summary>
        public static TaskDefinitionFile Load(string path) =>
            Parse(path, LocalFiles.ReadRegularFile(path, "Task definition file", StackErrorIds.TaskDefinitionNotFound, MaxBytes));

        /// <summary>Checks <paramref name="utf8"/> as if read from <paramref name="path"/> (which only names it in messages).</summary>
        public static TaskDefinitionFile Parse(string path, byte[] utf8)
        {
            var offset = utf8.Length >= 3 && utf8[0] == 0xEF && utf8[1] == 0xBB && utf8[2] == 0xBF ? 3 : 0;
            var span = new ReadOnlySpan<byte>(utf8, offset, utf8.Length - offset);

            if (IsBlank(span))
                throw new AoEcsException(StackErrorIds.InvalidTaskDefinition, AoErrorKind.InvalidData,
                    $"{path}: the file is empty (or not a regular file); expected a JSON object in the RegisterTaskDefinition request shape.", path);
            if (span.Length > MaxBytes)
                throw new AoEcsException(FileErrorIds.FileTooLarge, AoErrorKind.InvalidData,
                    $"{path}: {span.Length:N0} bytes; ECS takes task definitions of at most {MaxBytes:N0} bytes.", path);

            JsonSourceMap map;
            try
            {
                map = JsonSourceMap.Build(span);
            }
            catch (DuplicateMemberException ex)
            {
                throw Fail(path, ex.Position.ToString(), ex.Path, "appears twice in the same object.");
            }
            catch (JsonException ex)
            {
                // The reader's LineNumber and BytePositionInLine are 0-based.
                var where = ex.LineNumber.HasValue
                    ? $"{ex.LineNumber.Value + 1}:{(ex.BytePositionInLine ?? 0) + 1}"
                    : null;
                throw new AoEcsException(StackErrorIds.InvalidTaskDefinition, AoErrorKind.InvalidData,
                    $"{path}{(where == null ? "" : ":" + where)}: not valid JSON: {FirstSentence(ex.Message)}", path, ex);
            }
            using (var document = JsonDocument.Parse(span.ToArray(), new JsonDocumentOptions
                   {
                       CommentHandling = JsonCommentHandling.Skip,
                       AllowTrailingCommas = true,
                   }))
            {
                var checker = new Checker(path, map);
                checker.CheckRoot(document.RootElement);
            }

            var root = (JsonObject)JsonNode.Parse(span.ToArray(), documentOptions: new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            })!;
            RemoveNulls(root);
            return new TaskDefinitionFile(path, root, map);
        }

        /// <summary>JSON null means "not given", as in the AWS CLI: drop it so defaults and comparisons see absence.</summary>
        private static void RemoveNulls(JsonNode? node)
        {
            if (node is JsonObject obj)
            {
                foreach (var key in obj.Where(p => p.Value == null).Select(p => p.Key).ToList()) obj.Remove(key);
                foreach (var pair in obj) RemoveNulls(pair.Value);
            }
            else if (node is JsonArray array)
            {
                foreach (var item in array) RemoveNulls(item);
            }
        }

        private static bool IsBlank(ReadOnlySpan<byte> utf8)
        {
            foreach (var b in utf8)
                if (b != (byte)' ' && b != (byte)'\t' && b != (byte)'\r' && b != (byte)'\n') return false;
            return true;
        }

        private static string FirstSentence(string message)
        {
            var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            if (cut < 0) cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            return cut > 0 ? message.Substring(0, cut) : message;
        }

        internal static AoEcsException Fail(string path, string? where, string field, string problem) =>
            new AoEcsException(StackErrorIds.InvalidTaskDefinition, AoErrorKind.InvalidData,
                $"{path}{(where == null ? "" : ":" + where)}: '{field}' {problem}", path);

        /// <summary>The schema walk plus the rules ECS enforces that the model does not state.</summary>
        private sealed class Checker
        {
            private readonly string _path;
            private readonly JsonSourceMap _map;

            public Checker(string path, JsonSourceMap map)
            {
                _path = path;
                _map = map;
            }

            private AoEcsException Fail(string field, string problem) =>
                TaskDefinitionFile.Fail(_path, _map[field]?.ToString(), field, problem);

            public void CheckRoot(JsonElement root)
            {
                if (root.ValueKind != JsonValueKind.Object)
                    throw new AoEcsException(StackErrorIds.InvalidTaskDefinition, AoErrorKind.InvalidData,
                        $"{_path}:{_map[""]}: expected a JSON object in the RegisterTaskDefinition request shape, found {Kind(root)}.", _path);
                if (root.TryGetProperty("taskDefinition", out var wrapped) && wrapped.ValueKind == JsonValueKind.Object)
                    throw Fail("taskDefinition",
                        "wraps the definition: this looks like describe-task-definition output. Use the object inside it, without read-only fields such as revision and status.");

                Walk(root, SchemaNode.RegisterTaskDefinition, "");

                var containers = root.GetProperty("containerDefinitions");
                if (containers.GetArrayLength() == 0)
                    throw Fail("containerDefinitions", "must list at least one container.");
                if (containers.GetArrayLength() > MaxContainers)
                    throw Fail("containerDefinitions", $"lists {containers.GetArrayLength()} containers; ECS allows at most {MaxContainers} per task definition.");
                var taskMemory = Given(root, "memory", out _);
                var names = new HashSet<string>(StringComparer.Ordinal);
                var essential = false;
                var index = 0;
                foreach (var container in containers.EnumerateArray())
                {
                    var at = $"containerDefinitions[{index++}]";
                    if (container.ValueKind != JsonValueKind.Object)
                        throw Fail(at, $"must be a ContainerDefinition object, found {Kind(container)}.");
                    // A null where the stack needs a value is a wrong type like any other, not an absent field.
                    var name = Required(container, at, "name");
                    if (!Regex.IsMatch(name, "^[A-Za-z0-9_-]{1,255}$"))
                        throw Fail(at + ".name", "must be 1-255 letters, digits, hyphens or underscores.");
                    if (!names.Add(name))
                        throw Fail(at + ".name", $"'{name}' is used by two containers.");
                    Required(container, at, "image");
                    if (!taskMemory && !Given(container, "memory", out _) && !Given(container, "memoryReservation", out _))
                        throw Fail(at, "needs memory or memoryReservation (or the task needs memory): EC2 capacity requires one.");
                    // essential defaults to true.
                    essential |= !Given(container, "essential", out var flag) || flag.ValueKind == JsonValueKind.True;
                    if (Given(container, "portMappings", out var mappings))
                    {
                        var m = 0;
                        foreach (var mapping in mappings.EnumerateArray())
                        {
                            var mappingAt = $"{at}.portMappings[{m++}]";
                            if (mapping.ValueKind != JsonValueKind.Object)
                                throw Fail(mappingAt, $"must be a PortMapping object, found {Kind(mapping)}.");
                            foreach (var portName in new[] { "containerPort", "hostPort" })
                                if (mapping.TryGetProperty(portName, out var port) && port.ValueKind == JsonValueKind.Number &&
                                    (port.GetInt64() < 0 || port.GetInt64() > 65535 || (portName == "containerPort" && port.GetInt64() == 0)))
                                    throw Fail(mappingAt + "." + portName, "is not a TCP/UDP port.");
                        }
                    }
                }
                // "All tasks must have at least one essential container" (task definition parameters, essential).
                if (!essential)
                    throw Fail("containerDefinitions", "has no essential container; ECS requires at least one (essential is true unless set to false).");

                if (Given(root, "networkMode", out var mode) && Array.IndexOf(SupportedNetworkModes, mode.GetString()) < 0)
                    throw Fail("networkMode",
                        $"is '{mode.GetString()}'; the stack supports {string.Join(" and ", SupportedNetworkModes)} (the default: bridge, with dynamic host ports).");
                if (Given(root, "requiresCompatibilities", out var compatibilities) &&
                    compatibilities.GetArrayLength() > 0 &&
                    !compatibilities.EnumerateArray().Any(c => c.GetString() == "EC2"))
                    throw Fail("requiresCompatibilities", "must include EC2: the stack runs tasks on EC2 capacity.");
            }

            /// <summary>A member that is present and not null (JSON null means "not given", as in the AWS CLI).</summary>
            private static bool Given(JsonElement parent, string member, out JsonElement value) =>
                parent.TryGetProperty(member, out value) && value.ValueKind != JsonValueKind.Null;

            /// <summary>A string member the stack needs: absent, null or blank are each said plainly.</summary>
            private string Required(JsonElement container, string at, string member)
            {
                if (!container.TryGetProperty(member, out var value))
                    throw Fail(at, $"needs a{(member == "image" ? "n" : "")} {member}.");
                if (value.ValueKind != JsonValueKind.String)
                    throw Fail(at + "." + member, $"must be a string, found {Kind(value)}.");
                var text = value.GetString()!;
                if (text.Trim().Length == 0) throw Fail(at, $"needs a{(member == "image" ? "n" : "")} {member}.");
                return text;
            }

            private void Walk(JsonElement value, SchemaNode schema, string at)
            {
                if (value.ValueKind == JsonValueKind.Null) return; // "not given"
                switch (schema.Kind)
                {
                    case SchemaKind.String:
                        if (value.ValueKind != JsonValueKind.String) throw Expected(at, schema, value);
                        return;
                    case SchemaKind.Boolean:
                        if (value.ValueKind != JsonValueKind.True && value.ValueKind != JsonValueKind.False) throw Expected(at, schema, value);
                        return;
                    case SchemaKind.Integer:
                        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out _)) throw Expected(at, schema, value);
                        return;
                    case SchemaKind.Number:
                        if (value.ValueKind != JsonValueKind.Number) throw Expected(at, schema, value);
                        return;
                    case SchemaKind.Timestamp:
                        if (value.ValueKind != JsonValueKind.Number && value.ValueKind != JsonValueKind.String) throw Expected(at, schema, value);
                        return;
                    case SchemaKind.List:
                        if (value.ValueKind != JsonValueKind.Array) throw Expected(at, schema, value);
                        var i = 0;
                        foreach (var item in value.EnumerateArray())
                            Walk(item, schema.Item!, at + "[" + (i++).ToString(CultureInfo.InvariantCulture) + "]");
                        return;
                    case SchemaKind.Map:
                        if (value.ValueKind != JsonValueKind.Object) throw Expected(at, schema, value);
                        foreach (var entry in value.EnumerateObject())
                            Walk(entry.Value, schema.Item!, JsonSourceMap.Join(at, entry.Name));
                        return;
                    case SchemaKind.Structure:
                        if (value.ValueKind != JsonValueKind.Object) throw Expected(at, schema, value);
                        foreach (var member in value.EnumerateObject())
                        {
                            var memberAt = JsonSourceMap.Join(at, member.Name);
                            if (!schema.Members.TryGetValue(member.Name, out var memberSchema))
                                throw Unknown(memberAt, member.Name, schema);
                            Walk(member.Value, memberSchema, memberAt);
                        }
                        foreach (var required in schema.Required)
                            if (!value.TryGetProperty(required, out var given) || given.ValueKind == JsonValueKind.Null)
                                throw Fail(at.Length == 0 ? required : at, at.Length == 0 ? "is required." : $"needs '{required}'.");
                        return;
                }
            }

            private AoEcsException Expected(string at, SchemaNode schema, JsonElement value) =>
                Fail(at, $"must be {schema.Describe()}, found {Kind(value)}.");

            private AoEcsException Unknown(string at, string name, SchemaNode schema)
            {
                if (Array.IndexOf(ReadOnlyMembers, name) >= 0)
                    return Fail(at, "is a read-only field of a registered task definition; remove it from the request.");
                var hint = schema.Members.Keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
                return Fail(at, hint != null
                    ? $"is not a member of {schema.ShapeName}; did you mean '{hint}'? (names are case-sensitive)"
                    : $"is not a member of {schema.ShapeName}.");
            }

            private static string Kind(JsonElement value) => value.ValueKind switch
            {
                JsonValueKind.Object => "an object",
                JsonValueKind.Array => "an array",
                // Values are not echoed: a task definition may hold secrets in its environment.
                JsonValueKind.String => "a string",
                JsonValueKind.Number => "a number",
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => "null",
            };
        }
    }
}
