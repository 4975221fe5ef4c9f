using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace AoTech.Ecs.Stack.TaskDefinitions
{
    /// <summary>
    /// The revision a changed task definition file makes, when rollouts (Update-AoTaskDefinition, CI) have changed the
    /// running revision since the file was last applied. A three-way merge, field by field (<see cref="TaskDefinitionFields"/>):
    /// <list type="bullet">
    /// <item>the file has the field as it had it at the last apply (the <see cref="AppliedFileRecord"/>): the running value
    /// stays. That is how an image or environment variable a rollout changed survives an unrelated edit of the file.</item>
    /// <item>the file changed, added or removed the field: the file's value (or its absence). When a rollout had changed
    /// that image or variable since, the plan calls it a rollback and New-AoEcsApp warns.</item>
    /// <item>a field neither the file nor the record has (a variable a rollout added, a container added outside the file,
    /// a default ECS filled in) stays.</item>
    /// </list>
    /// Two exceptions, for safety: a member the file still has but the running revision lacks is taken from the file (the
    /// description leaves out what ECS does not echo; nothing here removes members), and a container the file still lists
    /// but the running revision lacks is registered as the file has it.
    /// Without a record (revisions registered before records existed, or by tools that drop tags) the file's content is
    /// taken, except that an image differing from the file's stays, with a warning: it cannot be told whether the file's
    /// image is an edit or the old one. <c>resetImages</c> (-ResetImage) takes the file's images in every case.
    /// Environment values are never shown: they may be secrets.
    /// </summary>
    public sealed class TaskDefinitionMerge
    {
        private TaskDefinitionMerge(JsonObject content, List<string> notes, List<string> warnings)
        {
            Content = content;
            Notes = notes;
            Warnings = warnings;
        }

        /// <summary>The request to register, without tags.</summary>
        public JsonObject Content { get; }
        /// <summary>What differs from the running revision and what stays although the file differs, for the plan.</summary>
        public IReadOnlyList<string> Notes { get; }
        /// <summary>Rollbacks of rollouts and images kept without a record, for New-AoEcsApp's warnings.</summary>
        public IReadOnlyList<string> Warnings { get; }

        /// <param name="file">The file with the stack's defaults, as <see cref="DesiredTaskDefinition.Request"/>.</param>
        /// <param name="running">The registrable content of the revision the service runs; null takes the file as it is.</param>
        /// <param name="record">What the file said at the last apply, from the running revision's tags; null when it has none.</param>
        /// <param name="resetImages">Take the file's images even where a rollout changed them.</param>
        /// <param name="runningName">family:revision of the running revision, for messages.</param>
        public static TaskDefinitionMerge Apply(JsonObject file, JsonObject? running, AppliedFileRecord? record, bool resetImages,
            string runningName)
        {
            if (running == null)
            {
                var content = (JsonObject)file.DeepClone();
                content.Remove("tags");
                return new TaskDefinitionMerge(content, new List<string>(), new List<string>());
            }
            return new Merger(record, resetImages, runningName).Merge(file, running);
        }

        private sealed class Merger
        {
            private readonly AppliedFileRecord? _record;
            private readonly bool _resetImages;
            private readonly string _runningName;
            private readonly List<string> _notes = new List<string>();
            /// <summary>What stays although the file differs: listed after what changes.</summary>
            private readonly List<string> _stays = new List<string>();
            private readonly List<string> _warnings = new List<string>();
            private bool _severalContainers;

            public Merger(AppliedFileRecord? record, bool resetImages, string runningName)
            {
                _record = record;
                _resetImages = resetImages;
                _runningName = runningName;
            }

            public TaskDefinitionMerge Merge(JsonObject file, JsonObject running)
            {
                var result = new JsonObject { ["family"] = file["family"]?.DeepClone() };
                foreach (var member in Union(TaskDefinitionFields.TaskMembers(running), TaskDefinitionFields.TaskMembers(file)))
                    Set(result, member, Field(null, member, member, TaskDefinitionFieldKind.Member, file[member], running[member]));

                var fileContainers = TaskDefinitionFields.Containers(file);
                var runningContainers = TaskDefinitionFields.Containers(running);
                _severalContainers = fileContainers.Count > 1 || runningContainers.Count > 1;
                var containers = new JsonArray();
                // The running order first: a merge that changes nothing gives the running content back exactly.
                foreach (var name in Union(runningContainers.Select(c => c.Key), fileContainers.Select(c => c.Key)))
                {
                    var inFile = fileContainers.FirstOrDefault(c => c.Key == name).Value;
                    var inRunning = runningContainers.FirstOrDefault(c => c.Key == name).Value;
                    var merged = Container(name, inFile, inRunning);
                    if (merged != null) containers.Add(merged);
                }
                result[TaskDefinitionFields.ContainersMember] = containers;
                return new TaskDefinitionMerge(result, _notes.Concat(_stays).ToList(), _warnings);
            }

            private JsonObject? Container(string name, JsonObject? inFile, JsonObject? inRunning)
            {
                var path = TaskDefinitionFields.ContainerPath(name);
                var recorded = _record != null && _record.Covers(path);
                if (inFile != null && inRunning != null)
                {
                    if (!recorded || _record!.Has(path)) return MergeContainer(name, inFile, inRunning);
                    _notes.Add($"container {name} replaced by the file's (it was added after the last apply, and the file adds one of that name)");
                    return (JsonObject)inFile.DeepClone();
                }
                if (inFile != null)
                {
                    _notes.Add($"container {name} added");
                    return (JsonObject)inFile.DeepClone();
                }
                if (recorded && !_record!.Has(path))
                {
                    _stays.Add($"container {name} stays (added after the last apply; not in the file)");
                    return (JsonObject)inRunning!.DeepClone();
                }
                _notes.Add($"container {name} removed");
                return null;
            }

            private JsonObject MergeContainer(string name, JsonObject inFile, JsonObject inRunning)
            {
                var result = new JsonObject { ["name"] = name };
                foreach (var member in Union(TaskDefinitionFields.ContainerMembers(inRunning), TaskDefinitionFields.ContainerMembers(inFile)))
                {
                    var kind = member == TaskDefinitionFields.ImageMember ? TaskDefinitionFieldKind.Image : TaskDefinitionFieldKind.Member;
                    Set(result, member, Field(name, member, TaskDefinitionFields.MemberPath(name, member), kind, inFile[member], inRunning[member]));
                }

                var fileVariables = TaskDefinitionFields.Environment(inFile);
                var runningVariables = TaskDefinitionFields.Environment(inRunning);
                var environment = new JsonArray();
                foreach (var variable in Union(runningVariables.Select(v => v.Key), fileVariables.Select(v => v.Key)))
                {
                    var value = Field(name, "environment " + variable, TaskDefinitionFields.VariablePath(name, variable),
                        TaskDefinitionFieldKind.EnvironmentVariable,
                        fileVariables.FirstOrDefault(v => v.Key == variable).Value, runningVariables.FirstOrDefault(v => v.Key == variable).Value);
                    if (value != null) environment.Add(new JsonObject { ["name"] = variable, ["value"] = value.DeepClone() });
                }
                // An empty list where the running revision has one (ECS answers "environment": []), nothing where it has none.
                if (environment.Count > 0 || inRunning[TaskDefinitionFields.EnvironmentMember] != null)
                    result[TaskDefinitionFields.EnvironmentMember] = environment;
                return result;
            }

            /// <summary>One field's value in the new revision (null: absent), noting what the plan should say about it.</summary>
            private JsonNode? Field(string? container, string name, string path, TaskDefinitionFieldKind kind, JsonNode? inFile, JsonNode? inRunning)
            {
                var label = container != null && _severalContainers ? container + ": " + name : name;

                if (kind == TaskDefinitionFieldKind.Image && _resetImages)
                {
                    if (!SameValue(inRunning, inFile)) _notes.Add($"{label} {Show(inRunning)} -> {Show(inFile)} (-ResetImage: the file's image)");
                    return inFile ?? inRunning;
                }

                if (_record == null || !_record.Covers(path))
                {
                    // No record of the last apply for this field: the file decides, except for a differing image.
                    if (kind == TaskDefinitionFieldKind.Image && inFile != null && inRunning != null && !SameValue(inRunning, inFile))
                    {
                        _stays.Add($"{label} stays {Show(inRunning)} ({_runningName} has no record of the file last applied; the file says {Show(inFile)})");
                        _warnings.Add($"Container '{container}' keeps image {Show(inRunning)}: {_runningName} holds no record of the task definition " +
                                     "file last applied (it was registered before New-AoEcsApp kept one, or by a tool that drops its tags), so " +
                                     $"the file's {Show(inFile)} may be the image the app started from rather than an edit. Pass -ResetImage to deploy the file's image.");
                        return inRunning;
                    }
                    if (inFile == null)
                    {
                        if (kind == TaskDefinitionFieldKind.EnvironmentVariable && inRunning != null) _notes.Add($"{label} removed");
                        return null;
                    }
                    if (!Contains(inRunning, inFile)) _notes.Add(Change(label, kind, inRunning, inFile));
                    return inFile;
                }

                var hadIt = _record.Has(path);
                if (inFile != null && hadIt && _record.Matches(path, inFile))
                {
                    // The file did not change this field: what runs now stays.
                    if (inRunning == null && kind == TaskDefinitionFieldKind.Member) return inFile; // not echoed by ECS, not removed
                    if (inRunning == null)
                        _stays.Add($"{label} stays removed (removed after the last apply; the file still has it)");
                    else if (kind == TaskDefinitionFieldKind.Image && !SameValue(inRunning, inFile))
                        _stays.Add($"{label} stays {Show(inRunning)} (deployed by Update-AoTaskDefinition; the file still says {Show(inFile)})");
                    else if (kind == TaskDefinitionFieldKind.EnvironmentVariable && !SameValue(inRunning, inFile))
                        _stays.Add($"{label} stays as deployed (set after the last apply; the file still has its earlier value)");
                    return inRunning;
                }

                if (inFile != null)
                {
                    // Changed or added by the file: the file's value wins.
                    if (!Contains(inRunning, inFile))
                    {
                        var rolledOut = hadIt && inRunning != null && !_record.Matches(path, inRunning) &&
                                        (kind == TaskDefinitionFieldKind.Image || kind == TaskDefinitionFieldKind.EnvironmentVariable);
                        if (rolledOut && kind == TaskDefinitionFieldKind.Image)
                        {
                            _notes.Add($"{label} {Show(inRunning)} -> {Show(inFile)} (rollback: {Show(inRunning)} was rolled out after the file was last applied)");
                            _warnings.Add($"Container '{container}': the file changes the image to {Show(inFile)}, replacing {Show(inRunning)}, which a " +
                                         "rollout deployed after the file was last applied: this rolls that rollout back. To keep " +
                                         $"{Show(inRunning)}, write it into the file.");
                        }
                        else if (rolledOut)
                        {
                            _notes.Add($"{label} changed (replaces the value set after the last apply)");
                            _warnings.Add($"Container '{container}': the file changes environment variable {name.Substring("environment ".Length)}, " +
                                         "replacing the value a rollout set after the file was last applied.");
                        }
                        else _notes.Add(Change(label, kind, inRunning, inFile));
                    }
                    return inFile;
                }

                if (hadIt)
                {
                    // Removed from the file.
                    if (inRunning != null) _notes.Add($"{label} removed");
                    return null;
                }
                // Neither the file nor the last apply had it: a rollout's variable, or a default ECS filled in.
                if (inRunning != null && kind == TaskDefinitionFieldKind.EnvironmentVariable)
                    _stays.Add($"{label} stays (set after the last apply; not in the file)");
                return inRunning;
            }

            private static string Change(string label, TaskDefinitionFieldKind kind, JsonNode? from, JsonNode? to)
            {
                if (kind == TaskDefinitionFieldKind.EnvironmentVariable) return label + (from == null ? " added" : " changed");
                var before = Show(from);
                var after = Show(to);
                if (from == null) return after != null ? $"{label} -> {after}" : $"{label} added";
                return before != null && after != null ? $"{label} {before} -> {after}" : $"{label} changed";
            }

            private static void Set(JsonObject target, string member, JsonNode? value)
            {
                if (value != null) target[member] = value.DeepClone();
            }
        }

        /// <summary>A scalar as text; null for objects and arrays, which the plan only calls "changed".</summary>
        private static string? Show(JsonNode? node) => node switch
        {
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            JsonValue value => value.ToJsonString(),
            _ => null,
        };

        private static bool SameValue(JsonNode? a, JsonNode? b) => CanonicalJson.Equal(a, b);

        /// <summary>
        /// <paramref name="outer"/> has everything <paramref name="inner"/> has (ECS adds defaults to what it echoes, such as
        /// a port mapping's protocol): used so the plan does not call a field changed only because ECS filled it in.
        /// </summary>
        internal static bool Contains(JsonNode? outer, JsonNode? inner)
        {
            switch (inner)
            {
                case null:
                    return outer == null;
                case JsonObject obj:
                    return outer is JsonObject other && obj.All(p => other.ContainsKey(p.Key) ? Contains(other[p.Key], p.Value) : p.Value == null);
                case JsonArray array:
                    return outer is JsonArray list && list.Count == array.Count && array.Select((item, i) => Contains(list[i], item)).All(x => x);
                default:
                    return outer is JsonValue && SameValue(outer, inner);
            }
        }

        private static IEnumerable<string> Union(IEnumerable<string> first, IEnumerable<string> second) =>
            first.Concat(second).Distinct(StringComparer.Ordinal);
    }
}
