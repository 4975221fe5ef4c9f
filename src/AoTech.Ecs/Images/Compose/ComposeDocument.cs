using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AoTech.Ecs.Errors;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;

namespace AoTech.Ecs.Images.Compose
{
    /// <summary>
    /// A compose file read the way Compose reads it: YAML (anchors, aliases, merge keys, block scalars: YamlDotNet),
    /// then every value interpolated from the environment (keys are not). Mappings become Dictionary&lt;string, object?&gt;
    /// in file order, sequences List&lt;object?&gt;, scalars string, and null, ~ and empty values null.
    /// </summary>
    public sealed class ComposeDocument
    {
        private ComposeDocument(string path, Dictionary<string, object?> root, IReadOnlyList<string> warnings)
        {
            Path = path;
            Root = root;
            Warnings = warnings;
        }

        public string Path { get; }
        public Dictionary<string, object?> Root { get; }
        /// <summary>What Compose warns about: each unset variable used without a default.</summary>
        public IReadOnlyList<string> Warnings { get; }

        /// <summary>Parses and interpolates; InvalidComposeFile for malformed YAML, a malformed ${...} or a missing required variable.</summary>
        public static ComposeDocument Parse(string yaml, string path, Func<string, string?> lookup)
        {
            object? tree;
            try
            {
                // The representation model refuses a key given twice in one mapping, as YAML does; the deserializer would let
                // the last one win. Merge keys must be applied first for values, and then their keys legitimately repeat.
                new YamlStream().Load(new StringReader(yaml));
                tree = new DeserializerBuilder().Build().Deserialize<object?>(new MergingParser(new Parser(new StringReader(yaml))));
            }
            catch (YamlException ex)
            {
                var cause = ex.InnerException != null && !(ex.InnerException is YamlException) ? ex.InnerException.Message : ex.Message;
                throw Invalid(path, $"line {ex.Start.Line}, column {ex.Start.Column}: {cause}");
            }
            if (!(tree is IDictionary<object, object?> map))
            {
                throw Invalid(path, tree == null ? "it is empty." : "it is not a mapping of top-level keys.");
            }
            var unset = new List<string>();
            var root = (Dictionary<string, object?>)Convert(map, "", path, lookup, name => { if (!unset.Contains(name)) unset.Add(name); })!;
            var warnings = unset.Select(name => $"The \"{name}\" variable is not set. Defaulting to a blank string.").ToList();
            return new ComposeDocument(path, root, warnings);
        }

        /// <summary>YamlDotNet's object graph into plain dictionaries and lists, interpolating every string value on the way.</summary>
        private static object? Convert(object? node, string where, string path, Func<string, string?> lookup, Action<string> onUnset)
        {
            switch (node)
            {
                case null:
                    return null;
                case IDictionary<object, object?> map:
                    var result = new Dictionary<string, object?>(StringComparer.Ordinal);
                    foreach (var entry in map)
                    {
                        var key = entry.Key?.ToString() ?? "";
                        result[key] = Convert(entry.Value, where.Length == 0 ? key : where + "." + key, path, lookup, onUnset);
                    }
                    return result;
                case IList<object?> list:
                    return list.Select((item, i) => Convert(item, $"{where}[{i}]", path, lookup, onUnset)).ToList();
                default:
                    var text = node.ToString() ?? "";
                    try
                    {
                        return ComposeInterpolation.Expand(text, lookup, onUnset);
                    }
                    catch (ComposeInterpolationException ex)
                    {
                        throw Invalid(path, $"{where}: {ex.Message}");
                    }
            }
        }

        internal static AoEcsException Invalid(string path, string message) =>
            new AoEcsException(ImageErrorIds.InvalidComposeFile, AoErrorKind.InvalidData, $"{path}: {message}", path);
    }
}
