using System;
using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Aws.Protocols;
using AoTech.Ecs.Aws.Services.Ecs;

namespace AoTech.Ecs.Stack.TaskDefinitions
{
    public enum SchemaKind { String, Integer, Boolean, Number, Timestamp, Structure, List, Map }

    /// <summary>
    /// The expected type of one JSON value in a request: a scalar, a structure with known members, a list or a map.
    /// Built from a shape table (see <see cref="RegisterTaskDefinitionShapes"/>) so a file can be checked member by member.
    /// </summary>
    public sealed class SchemaNode
    {
        private SchemaNode(SchemaKind kind, string? shapeName = null)
        {
            Kind = kind;
            ShapeName = shapeName;
        }

        public SchemaKind Kind { get; }
        /// <summary>Structure name in the service model, e.g. "PortMapping".</summary>
        public string? ShapeName { get; }
        /// <summary>Structure members by their model name (exact case, as on the wire).</summary>
        public IDictionary<string, SchemaNode> Members { get; } = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
        public ISet<string> Required { get; } = new HashSet<string>(StringComparer.Ordinal);
        /// <summary>Item type of a list, value type of a map.</summary>
        public SchemaNode? Item { get; private set; }

        public string Describe() => Kind switch
        {
            SchemaKind.String => "a string",
            SchemaKind.Integer => "an integer",
            SchemaKind.Boolean => "true or false",
            SchemaKind.Number => "a number",
            SchemaKind.Timestamp => "a timestamp",
            SchemaKind.Structure => "an object",
            SchemaKind.List => "an array",
            SchemaKind.Map => "an object of string keys",
            _ => Kind.ToString(),
        };

        /// <summary>Builds the schema of <paramref name="root"/> from rows of { shape, "member:type ..." }.</summary>
        public static SchemaNode FromTable(string root, string[][] table)
        {
            var rows = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var row in table) rows[row[0]] = row[1];
            var structures = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);

            SchemaNode Structure(string name)
            {
                if (structures.TryGetValue(name, out var existing)) return existing;
                var node = new SchemaNode(SchemaKind.Structure, name);
                structures[name] = node; // registered before its members: shapes may be recursive
                foreach (var member in rows[name].Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    var colon = member.IndexOf(':');
                    var memberName = member.Substring(0, colon);
                    var required = memberName.StartsWith("!", StringComparison.Ordinal);
                    if (required) memberName = memberName.Substring(1);
                    var position = colon + 1;
                    node.Members[memberName] = Parse(member, ref position);
                    if (required) node.Required.Add(memberName);
                }
                return node;
            }

            SchemaNode Parse(string text, ref int i)
            {
                var c = text[i++];
                switch (c)
                {
                    case 's': return new SchemaNode(SchemaKind.String);
                    case 'i': return new SchemaNode(SchemaKind.Integer);
                    case 'b': return new SchemaNode(SchemaKind.Boolean);
                    case 'd': return new SchemaNode(SchemaKind.Number);
                    case 't': return new SchemaNode(SchemaKind.Timestamp);
                    case '{':
                        var end = text.IndexOf('}', i);
                        var shape = text.Substring(i, end - i);
                        i = end + 1;
                        return Structure(shape);
                    case '[':
                    case '<':
                        var container = new SchemaNode(c == '[' ? SchemaKind.List : SchemaKind.Map);
                        container.Item = Parse(text, ref i);
                        i++; // closing ] or >
                        return container;
                    default:
                        throw new FormatException($"Unknown schema type '{c}' in '{text}'.");
                }
            }

            return Structure(root);
        }

        /// <summary>
        /// Builds the schema of a request DTO from its properties, with the member names the AWS codecs use
        /// (<see cref="ShapeMap.GetMembers"/>), so a file that passes maps onto the DTO member for member.
        /// The model's "required" lists are not on the DTOs: they come from <paramref name="requiredByShape"/>.
        /// </summary>
        public static SchemaNode FromDto(Type type, AwsService service, IDictionary<string, ISet<string>> requiredByShape)
        {
            var structures = new Dictionary<Type, SchemaNode>();

            SchemaNode Structure(Type t)
            {
                if (structures.TryGetValue(t, out var existing)) return existing;
                var node = new SchemaNode(SchemaKind.Structure, t.Name);
                structures[t] = node;
                foreach (var member in ShapeMap.GetMembers(t, service))
                    node.Members[member.ModelMemberName] = Of(member.ClrType);
                if (requiredByShape.TryGetValue(t.Name, out var required))
                    foreach (var name in required) node.Required.Add(name);
                return node;
            }

            SchemaNode Of(Type t)
            {
                switch (ShapeMap.KindOf(t))
                {
                    case ShapeKind.String:
                    case ShapeKind.Blob: return new SchemaNode(SchemaKind.String);
                    case ShapeKind.Boolean: return new SchemaNode(SchemaKind.Boolean);
                    case ShapeKind.Integer:
                    case ShapeKind.Long: return new SchemaNode(SchemaKind.Integer);
                    case ShapeKind.Double: return new SchemaNode(SchemaKind.Number);
                    case ShapeKind.Timestamp: return new SchemaNode(SchemaKind.Timestamp);
                    case ShapeKind.List: return new SchemaNode(SchemaKind.List) { Item = Of(ShapeMap.ElementTypeOf(t)!) };
                    case ShapeKind.Map: return new SchemaNode(SchemaKind.Map) { Item = Of(ShapeMap.ElementTypeOf(t)!) };
                    default: return Structure(Nullable.GetUnderlyingType(t) ?? t);
                }
            }

            return Structure(type);
        }

        /// <summary>Required members per shape, from the model table (the DTOs do not carry them).</summary>
        internal static IDictionary<string, ISet<string>> RequiredFromTable(string root, string[][] table)
        {
            var result = new Dictionary<string, ISet<string>>(StringComparer.Ordinal);
            var schema = FromTable(root, table);
            var seen = new HashSet<SchemaNode>();
            void Visit(SchemaNode node)
            {
                if (node.Kind == SchemaKind.List || node.Kind == SchemaKind.Map)
                {
                    Visit(node.Item!);
                    return;
                }
                if (node.Kind != SchemaKind.Structure || !seen.Add(node)) return;
                result[node.ShapeName!] = new HashSet<string>(node.Required, StringComparer.Ordinal);
                foreach (var member in node.Members.Values) Visit(member);
            }
            Visit(schema);
            return result;
        }

        private static SchemaNode? _registerTaskDefinition;

        /// <summary>
        /// The RegisterTaskDefinition request as the ECS client's DTO defines it, with family optional (the stack sets it).
        /// </summary>
        public static SchemaNode RegisterTaskDefinition =>
            _registerTaskDefinition ??= FromDto(typeof(RegisterTaskDefinitionRequest), AwsService.Ecs,
                RequiredFromTable(RegisterTaskDefinitionShapes.Root, RegisterTaskDefinitionShapes.Table));

        /// <summary>The same request from the model table alone (a cross-check of the DTO in the tests).</summary>
        public static SchemaNode RegisterTaskDefinitionFromModel =>
            FromTable(RegisterTaskDefinitionShapes.Root, RegisterTaskDefinitionShapes.Table);
    }
}
