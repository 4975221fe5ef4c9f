using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using AoTech.Ecs.Errors;

namespace AoTech.Ecs.Images.Compose
{
    /// <summary>
    /// The YAML subset compose files use: block mappings and sequences, flow [..] and {..}, plain/quoted scalars, block
    /// scalars (| and >), comments. Mappings become Dictionary&lt;string, object?&gt; (file order kept), sequences
    /// List&lt;object?&gt;, scalars string (null for ~/null/empty). Anchors and tags are rejected with a clear error.
    /// No YAML package is available here, and compose needs only this much.
    /// </summary>
    internal sealed class MiniYaml
    {
        private readonly string _source;
        private readonly string[] _raw;
        private readonly List<Line> _lines = new List<Line>();
        private int _i;

        private MiniYaml(string text, string source)
        {
            _source = source;
            _raw = text.Replace("\r\n", "\n").Split('\n');
            for (var n = 0; n < _raw.Length; n++)
            {
                var raw = _raw[n];
                if (raw.IndexOf('\t') >= 0 && raw.TrimStart(' ').StartsWith("\t", StringComparison.Ordinal))
                {
                    throw Error(n, "tabs cannot indent YAML");
                }
                var content = StripComment(raw).TrimEnd();
                var trimmed = content.TrimStart(' ');
                if (trimmed.Length == 0 || trimmed == "---" || trimmed == "...")
                {
                    continue;
                }
                _lines.Add(new Line(n, content.Length - trimmed.Length, trimmed));
            }
        }

        public static object? Parse(string text, string source)
        {
            var parser = new MiniYaml(text, source);
            if (parser._lines.Count == 0)
            {
                return null;
            }
            var value = parser.ParseBlock(parser._lines[0].Indent);
            if (parser._i < parser._lines.Count)
            {
                throw parser.Error(parser._lines[parser._i].Number, "unexpected indentation");
            }
            return value;
        }

        private sealed class Line
        {
            public Line(int number, int indent, string text)
            {
                Number = number;
                Indent = indent;
                Text = text;
            }

            public int Number { get; }
            public int Indent { get; set; }
            public string Text { get; set; }
        }

        private object? ParseBlock(int indent)
        {
            var line = _lines[_i];
            return IsSequenceItem(line.Text) ? ParseSequence(indent) : ParseMapping(indent);
        }

        private static bool IsSequenceItem(string text) => text == "-" || text.StartsWith("- ", StringComparison.Ordinal);

        private List<object?> ParseSequence(int indent)
        {
            var items = new List<object?>();
            while (_i < _lines.Count && _lines[_i].Indent == indent && IsSequenceItem(_lines[_i].Text))
            {
                var line = _lines[_i];
                var rest = line.Text.Length > 1 ? line.Text.Substring(1).TrimStart(' ') : "";
                if (rest.Length == 0)
                {
                    _i++;
                    items.Add(_i < _lines.Count && _lines[_i].Indent > indent ? ParseBlock(_lines[_i].Indent) : null);
                }
                else if (IsSequenceItem(rest) || FindMappingColon(rest) >= 0)
                {
                    // "- key: value": the item is a block whose first line starts after "- ".
                    line.Indent = indent + (line.Text.Length - rest.Length);
                    line.Text = rest;
                    items.Add(ParseBlock(line.Indent));
                }
                else
                {
                    _i++;
                    items.Add(ParseInline(rest, line));
                }
            }
            return items;
        }

        private Dictionary<string, object?> ParseMapping(int indent)
        {
            var map = new Dictionary<string, object?>(StringComparer.Ordinal);
            while (_i < _lines.Count && _lines[_i].Indent == indent)
            {
                var line = _lines[_i];
                if (IsSequenceItem(line.Text))
                {
                    throw Error(line.Number, "a list item where a 'key: value' was expected");
                }
                var colon = FindMappingColon(line.Text);
                if (colon < 0)
                {
                    throw Error(line.Number, "expected 'key: value'");
                }
                var key = Unquote(line.Text.Substring(0, colon).Trim(), line);
                if (key == "<<")
                {
                    throw Error(line.Number, "merge keys (<<) and anchors are not supported");
                }
                var valueText = line.Text.Substring(colon + 1).Trim();
                _i++;
                object? value;
                if (valueText.Length == 0)
                {
                    if (_i < _lines.Count && _lines[_i].Indent > indent)
                    {
                        value = ParseBlock(_lines[_i].Indent);
                    }
                    else if (_i < _lines.Count && _lines[_i].Indent == indent && IsSequenceItem(_lines[_i].Text))
                    {
                        value = ParseSequence(indent); // "key:\n- a" (list at the key's indentation) is valid YAML
                    }
                    else
                    {
                        value = null;
                    }
                }
                else if (valueText[0] == '|' || valueText[0] == '>')
                {
                    value = ParseBlockScalar(valueText, line, indent);
                }
                else
                {
                    value = ParseInline(valueText, line);
                }
                if (map.ContainsKey(key))
                {
                    throw Error(line.Number, $"duplicate key '{key}'");
                }
                map[key] = value;
            }
            return map;
        }

        private string ParseBlockScalar(string header, Line line, int parentIndent)
        {
            var folded = header[0] == '>';
            var keepFinal = !header.Contains("-");
            // Raw lines after the header that are blank or indented deeper belong to the scalar.
            var start = line.Number + 1;
            var end = start;
            var blockIndent = -1;
            while (end < _raw.Length)
            {
                var raw = _raw[end];
                var trimmed = raw.TrimStart(' ');
                if (trimmed.Length > 0)
                {
                    var ind = raw.Length - trimmed.Length;
                    if (ind <= parentIndent)
                    {
                        break;
                    }
                    if (blockIndent < 0)
                    {
                        blockIndent = ind;
                    }
                }
                end++;
            }
            while (_i < _lines.Count && _lines[_i].Number < end)
            {
                _i++;
            }
            var parts = new List<string>();
            for (var n = start; n < end; n++)
            {
                var raw = _raw[n];
                parts.Add(raw.Length >= blockIndent && blockIndent >= 0 ? raw.Substring(blockIndent) : raw.Trim());
            }
            while (parts.Count > 0 && parts[parts.Count - 1].Trim().Length == 0)
            {
                parts.RemoveAt(parts.Count - 1);
            }
            var text = folded ? string.Join(" ", parts) : string.Join("\n", parts);
            return keepFinal ? text + "\n" : text;
        }

        private object? ParseInline(string text, Line line)
        {
            if (text[0] == '&' || text[0] == '*' || text[0] == '!')
            {
                throw Error(line.Number, "YAML anchors, aliases and tags are not supported");
            }
            if (text[0] == '[' || text[0] == '{')
            {
                // A flow collection may continue on the following lines.
                var all = new StringBuilder(text);
                while (!Balanced(all.ToString()) && _i < _lines.Count)
                {
                    all.Append(' ').Append(_lines[_i].Text);
                    _i++;
                }
                var pos = 0;
                var value = ParseFlow(all.ToString(), ref pos, line);
                SkipSpaces(all.ToString(), ref pos);
                if (pos != all.Length)
                {
                    throw Error(line.Number, "unexpected text after a flow collection");
                }
                return value;
            }
            return Scalar(text, line);
        }

        private object? ParseFlow(string s, ref int pos, Line line)
        {
            SkipSpaces(s, ref pos);
            if (pos >= s.Length)
            {
                throw Error(line.Number, "unterminated flow collection");
            }
            if (s[pos] == '[')
            {
                pos++;
                var list = new List<object?>();
                SkipSpaces(s, ref pos);
                if (pos < s.Length && s[pos] == ']')
                {
                    pos++;
                    return list;
                }
                while (true)
                {
                    list.Add(ParseFlow(s, ref pos, line));
                    SkipSpaces(s, ref pos);
                    if (pos < s.Length && s[pos] == ',')
                    {
                        pos++;
                        SkipSpaces(s, ref pos);
                        if (pos < s.Length && s[pos] == ']')
                        {
                            pos++;
                            return list;
                        }
                        continue;
                    }
                    if (pos < s.Length && s[pos] == ']')
                    {
                        pos++;
                        return list;
                    }
                    throw Error(line.Number, pos >= s.Length ? "unterminated flow collection" : "expected ',' or ']'");
                }
            }
            if (s[pos] == '{')
            {
                pos++;
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                SkipSpaces(s, ref pos);
                if (pos < s.Length && s[pos] == '}')
                {
                    pos++;
                    return map;
                }
                while (true)
                {
                    var key = FlowScalarText(s, ref pos, line, isKey: true);
                    SkipSpaces(s, ref pos);
                    object? value = null;
                    if (pos < s.Length && s[pos] == ':')
                    {
                        pos++;
                        value = ParseFlow(s, ref pos, line);
                    }
                    map[Unquote(key, line)] = value;
                    SkipSpaces(s, ref pos);
                    if (pos < s.Length && s[pos] == ',')
                    {
                        pos++;
                        continue;
                    }
                    if (pos < s.Length && s[pos] == '}')
                    {
                        pos++;
                        return map;
                    }
                    throw Error(line.Number, pos >= s.Length ? "unterminated flow collection" : "expected ',' or '}'");
                }
            }
            return Scalar(FlowScalarText(s, ref pos, line, isKey: false), line);
        }

        private string FlowScalarText(string s, ref int pos, Line line, bool isKey)
        {
            SkipSpaces(s, ref pos);
            var start = pos;
            if (pos < s.Length && (s[pos] == '"' || s[pos] == '\''))
            {
                var quote = s[pos++];
                while (pos < s.Length)
                {
                    if (quote == '"' && s[pos] == '\\')
                    {
                        pos += 2;
                        continue;
                    }
                    if (s[pos] == quote)
                    {
                        if (quote == '\'' && pos + 1 < s.Length && s[pos + 1] == '\'')
                        {
                            pos += 2;
                            continue;
                        }
                        pos++;
                        return s.Substring(start, pos - start);
                    }
                    pos++;
                }
                throw Error(line.Number, "unterminated quoted string");
            }
            while (pos < s.Length && s[pos] != ',' && s[pos] != ']' && s[pos] != '}' &&
                   !(isKey && s[pos] == ':' && (pos + 1 >= s.Length || s[pos + 1] == ' ')))
            {
                pos++;
            }
            return s.Substring(start, pos - start).Trim();
        }

        private static void SkipSpaces(string s, ref int pos)
        {
            while (pos < s.Length && s[pos] == ' ')
            {
                pos++;
            }
        }

        private static bool Balanced(string s)
        {
            var depth = 0;
            char quote = '\0';
            foreach (var c in s)
            {
                if (quote != '\0')
                {
                    if (c == quote)
                    {
                        quote = '\0';
                    }
                    continue;
                }
                if (c == '"' || c == '\'')
                {
                    quote = c;
                }
                else if (c == '[' || c == '{')
                {
                    depth++;
                }
                else if (c == ']' || c == '}')
                {
                    depth--;
                }
            }
            return depth <= 0;
        }

        private string? Scalar(string text, Line line)
        {
            if (text.Length == 0 || text == "~" || text == "null" || text == "Null" || text == "NULL")
            {
                return null;
            }
            return Unquote(text, line);
        }

        private string Unquote(string text, Line line)
        {
            if (text.Length >= 2 && text[0] == '\'' && text[text.Length - 1] == '\'')
            {
                return text.Substring(1, text.Length - 2).Replace("''", "'");
            }
            if (text.Length >= 2 && text[0] == '"' && text[text.Length - 1] == '"')
            {
                var sb = new StringBuilder();
                for (var i = 1; i < text.Length - 1; i++)
                {
                    var c = text[i];
                    if (c != '\\' || i + 1 >= text.Length - 1)
                    {
                        sb.Append(c);
                        continue;
                    }
                    var e = text[++i];
                    switch (e)
                    {
                        case 'n': sb.Append('\n'); break;
                        case 't': sb.Append('\t'); break;
                        case 'r': sb.Append('\r'); break;
                        case '0': sb.Append('\0'); break;
                        case '"': sb.Append('"'); break;
                        case '\\': sb.Append('\\'); break;
                        case '/': sb.Append('/'); break;
                        case ' ': sb.Append(' '); break;
                        case 'u' when i + 4 < text.Length:
                            sb.Append((char)int.Parse(text.Substring(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                            i += 4;
                            break;
                        default:
                            throw Error(line.Number, $"unknown escape '\\{e}'");
                    }
                }
                return sb.ToString();
            }
            if (text[0] == '"' || text[0] == '\'')
            {
                throw Error(line.Number, "unterminated quoted string");
            }
            return text;
        }

        /// <summary>Position of the ':' that ends a mapping key (followed by a space or the end), outside quotes; -1 if none.</summary>
        private static int FindMappingColon(string text)
        {
            if (text.Length > 0 && (text[0] == '[' || text[0] == '{'))
            {
                return -1;
            }
            char quote = '\0';
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (quote != '\0')
                {
                    if (c == quote)
                    {
                        quote = '\0';
                    }
                    continue;
                }
                if ((c == '"' || c == '\'') && i == 0)
                {
                    quote = c;
                    continue;
                }
                if (c == ':' && (i + 1 == text.Length || text[i + 1] == ' '))
                {
                    return i;
                }
            }
            return -1;
        }

        /// <summary>Removes a " # comment" (or a whole-line comment) outside quotes.</summary>
        private static string StripComment(string line)
        {
            char quote = '\0';
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (quote != '\0')
                {
                    if (c == quote)
                    {
                        quote = '\0';
                    }
                    else if (c == '\\' && quote == '"')
                    {
                        i++;
                    }
                    continue;
                }
                if ((c == '"' || c == '\'') && (i == 0 || " :-[{,".IndexOf(line[i - 1]) >= 0))
                {
                    quote = c;
                    continue;
                }
                if (c == '#' && (i == 0 || line[i - 1] == ' '))
                {
                    return line.Substring(0, i);
                }
            }
            return line;
        }

        private AoEcsException Error(int lineNumber, string message) =>
            new AoEcsException(ImageErrorIds.InvalidComposeFile, AoErrorKind.InvalidData, $"{_source}, line {lineNumber + 1}: {message}.", _source);
    }
}
