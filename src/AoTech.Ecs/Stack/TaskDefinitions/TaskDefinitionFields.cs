using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace AoTech.Ecs.Stack.TaskDefinitions
{
    /// <summary>What kind of field a path names; rollouts change images and environment variables.</summary>
    public enum TaskDefinitionFieldKind
    {
        /// <summary>A member of the task (memory, volumes, ...) or of a container (cpu, portMappings, healthCheck, ...).</summary>
        Member,
        /// <summary>A container's presence in the task.</summary>
        Container,
        Image,
        EnvironmentVariable,
    }

    /// <summary>
    /// The fields a task definition is compared by, file against last applied file against running revision: each
    /// task member, each container (by name), each container member, and each environment variable (by name, because
    /// Update-AoTaskDefinition -Environment changes single variables). A field has a path such as "memory",
    /// "containers/web", "containers/web/image" or "containers/web/environment/MODE" (container names have no '/').
    /// </summary>
    public static class TaskDefinitionFields
    {
        public const string ContainersMember = "containerDefinitions";
        public const string EnvironmentMember = "environment";
        public const string ImageMember = "image";

        /// <summary>Members never merged: the family is always the stack's, tags are the stack's, containers go one by one.</summary>
        private static readonly string[] NotMerged = { "family", ContainersMember, "tags" };

        public static string ContainerPath(string container) => "containers/" + container;
        public static string MemberPath(string container, string member) => ContainerPath(container) + "/" + member;
        public static string VariablePath(string container, string variable) => MemberPath(container, EnvironmentMember) + "/" + variable;

        public static TaskDefinitionFieldKind KindOf(string path)
        {
            if (!path.StartsWith("containers/", StringComparison.Ordinal)) return TaskDefinitionFieldKind.Member;
            var parts = path.Split(new[] { '/' }, 4);
            if (parts.Length == 2) return TaskDefinitionFieldKind.Container;
            if (parts.Length == 4 && parts[2] == EnvironmentMember) return TaskDefinitionFieldKind.EnvironmentVariable;
            return parts[2] == ImageMember ? TaskDefinitionFieldKind.Image : TaskDefinitionFieldKind.Member;
        }

        /// <summary>Task-level members that are merged, in the request's order.</summary>
        public static IEnumerable<string> TaskMembers(JsonObject request) =>
            request.Select(p => p.Key).Where(k => Array.IndexOf(NotMerged, k) < 0);

        /// <summary>Container members merged one by one (the environment goes variable by variable).</summary>
        public static IEnumerable<string> ContainerMembers(JsonObject container) =>
            container.Select(p => p.Key).Where(k => k != "name" && k != EnvironmentMember);

        /// <summary>The containers by name, in the request's order.</summary>
        public static List<KeyValuePair<string, JsonObject>> Containers(JsonObject request) =>
            (request[ContainersMember] as JsonArray ?? new JsonArray()).OfType<JsonObject>()
                .Where(c => c["name"] is JsonValue)
                .Select(c => new KeyValuePair<string, JsonObject>((string)c["name"]!, c))
                .GroupBy(p => p.Key, StringComparer.Ordinal).Select(g => g.First())
                .ToList();

        /// <summary>
        /// A container's environment variables by name, in order of first appearance; a repeated name's last value wins (as
        /// in Docker), and a variable without a value has the empty one.
        /// </summary>
        public static List<KeyValuePair<string, JsonNode?>> Environment(JsonObject container)
        {
            var order = new List<string>();
            var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            foreach (var pair in (container[EnvironmentMember] as JsonArray ?? new JsonArray()).OfType<JsonObject>())
            {
                if (!(pair["name"] is JsonValue nameValue)) continue;
                var name = (string)nameValue!;
                if (!values.ContainsKey(name)) order.Add(name);
                values[name] = pair["value"] ?? JsonValue.Create("");
            }
            return order.Select(n => new KeyValuePair<string, JsonNode?>(n, values[n])).ToList();
        }

        /// <summary>Every field of a request with its value (null for a container's presence), for the applied-file record.</summary>
        public static IEnumerable<KeyValuePair<string, JsonNode?>> All(JsonObject request)
        {
            foreach (var member in TaskMembers(request))
                yield return new KeyValuePair<string, JsonNode?>(member, request[member]);
            foreach (var container in Containers(request))
            {
                yield return new KeyValuePair<string, JsonNode?>(ContainerPath(container.Key), null);
                foreach (var member in ContainerMembers(container.Value))
                    yield return new KeyValuePair<string, JsonNode?>(MemberPath(container.Key, member), container.Value[member]);
                foreach (var variable in Environment(container.Value))
                    yield return new KeyValuePair<string, JsonNode?>(VariablePath(container.Key, variable.Key), variable.Value);
            }
        }
    }
}
