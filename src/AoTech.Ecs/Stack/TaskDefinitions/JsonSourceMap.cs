using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AoTech.Ecs.Stack.TaskDefinitions
{
    /// <summary>A line and column (1-based) in a text file.</summary>
    public readonly struct SourcePosition
    {
        public SourcePosition(int line, int column)
        {
            Line = line;
            Column = column;
        }

        public int Line { get; }
        public int Column { get; }
        public override string ToString() => Line.ToString(CultureInfo.InvariantCulture) + ":" + Column.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Where each JSON value starts in its file, keyed by path ("containerDefinitions[0].portMappings[1].containerPort").
    /// JsonDocument/JsonNode forget positions, so one pass with <see cref="Utf8JsonReader"/> records them; error messages
    /// can then name the line of a field found wrong later by the schema walk.
    /// </summary>
    public sealed class JsonSourceMap
    {
        private readonly Dictionary<string, SourcePosition> _positions = new Dictionary<string, SourcePosition>(StringComparer.Ordinal);

        public static readonly JsonReaderOptions ReaderOptions = new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        };

        /// <summary>Position of the member name (for object members) or of the value (for array items and the root).</summary>
        public SourcePosition? this[string path] => _positions.TryGetValue(path, out var p) ? p : (SourcePosition?)null;

        /// <summary>Maps <paramref name="utf8"/>; throws <see cref="JsonException"/> (with line and byte position) when it is not JSON.</summary>
        public static JsonSourceMap Build(ReadOnlySpan<byte> utf8)
        {
            var map = new JsonSourceMap();
            var lineStarts = LineStarts(utf8);
            var reader = new Utf8JsonReader(utf8, ReaderOptions);
            // Each open container: its path, whether it is an array, the next array index, the members seen (duplicates).
            var stack = new Stack<Frame>();
            string? pendingMember = null;
            SourcePosition pendingMemberPosition = default;

            while (reader.Read())
            {
                var position = Position(lineStarts, reader.TokenStartIndex);
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    var frame = stack.Peek();
                    pendingMember = reader.GetString()!;
                    pendingMemberPosition = position;
                    if (!frame.Members!.Add(pendingMember))
                        throw new DuplicateMemberException(Join(frame.Path, pendingMember), position);
                    continue;
                }
                if (reader.TokenType == JsonTokenType.EndObject || reader.TokenType == JsonTokenType.EndArray)
                {
                    stack.Pop();
                    continue;
                }

                string path;
                SourcePosition at;
                if (stack.Count == 0)
                {
                    path = "";
                    at = position;
                }
                else if (stack.Peek().IsArray)
                {
                    var frame = stack.Peek();
                    path = frame.Path + "[" + frame.NextIndex.ToString(CultureInfo.InvariantCulture) + "]";
                    frame.NextIndex++;
                    at = position;
                }
                else
                {
                    path = Join(stack.Peek().Path, pendingMember!);
                    at = pendingMemberPosition;
                }
                map._positions[path] = at;

                if (reader.TokenType == JsonTokenType.StartObject)
                    stack.Push(new Frame(path, isArray: false));
                else if (reader.TokenType == JsonTokenType.StartArray)
                    stack.Push(new Frame(path, isArray: true));
            }
            return map;
        }

        public static string Join(string parent, string member) => parent.Length == 0 ? member : parent + "." + member;

        private static List<int> LineStarts(ReadOnlySpan<byte> utf8)
        {
            var starts = new List<int> { 0 };
            for (var i = 0; i < utf8.Length; i++)
                if (utf8[i] == (byte)'\n') starts.Add(i + 1);
            return starts;
        }

        private static SourcePosition Position(List<int> lineStarts, long offset)
        {
            var index = lineStarts.BinarySearch((int)offset);
            if (index < 0) index = ~index - 1;
            return new SourcePosition(index + 1, (int)offset - lineStarts[index] + 1);
        }

        private sealed class Frame
        {
            public Frame(string path, bool isArray)
            {
                Path = path;
                IsArray = isArray;
                Members = isArray ? null : new HashSet<string>(StringComparer.Ordinal);
            }

            public string Path { get; }
            public bool IsArray { get; }
            public int NextIndex { get; set; }
            public HashSet<string>? Members { get; }
        }
    }

    /// <summary>The same member twice in one object: JSON parsers disagree on which wins, so the file is rejected.</summary>
    public sealed class DuplicateMemberException : Exception
    {
        public DuplicateMemberException(string path, SourcePosition position)
            : base($"'{path}' appears twice in the same object.")
        {
            Path = path;
            Position = position;
        }

        public string Path { get; }
        public SourcePosition Position { get; }
    }
}
