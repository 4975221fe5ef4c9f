using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using AoTech.Ecs.Errors;

namespace AoTech.Ecs.Images.BuildContext
{
    /// <summary>
    /// .dockerignore rules with the Docker CLI's semantics (moby patternmatcher): Go filepath.Match wildcards plus
    /// "**", later lines win, "!" re-includes, and a pattern that matches a directory excludes everything under it.
    /// Paths are relative to the context root with '/' separators.
    /// </summary>
    public sealed class DockerIgnore
    {
        private readonly List<Pattern> _patterns;

        private DockerIgnore(List<Pattern> patterns)
        {
            _patterns = patterns;
            HasExceptions = patterns.Exists(p => p.Exception);
        }

        public static DockerIgnore Empty { get; } = new DockerIgnore(new List<Pattern>());

        /// <summary>True when some line starts with '!' (then excluded directories may still hold included files).</summary>
        public bool HasExceptions { get; }

        /// <summary>The cleaned patterns, '!' kept, in file order.</summary>
        public IEnumerable<string> Patterns
        {
            get { foreach (var p in _patterns) yield return (p.Exception ? "!" : "") + p.Text; }
        }

        /// <summary>Reads contextDir/.dockerignore; no file means nothing is ignored.</summary>
        public static DockerIgnore Load(string contextDirectory)
        {
            var file = System.IO.Path.Combine(contextDirectory, ".dockerignore");
            return File.Exists(file) ? Parse(File.ReadAllText(file), file) : Empty;
        }

        /// <summary>Parses .dockerignore text (ignorefile.ReadAll rules: '#' comments, trimmed lines, leading '/' dropped).</summary>
        public static DockerIgnore Parse(string text, string? source = null)
        {
            var patterns = new List<Pattern>();
            if (text.Length > 0 && text[0] == '\uFEFF')
            {
                text = text.Substring(1);
            }
            foreach (var raw in text.Split('\n'))
            {
                if (raw.StartsWith("#", StringComparison.Ordinal))
                {
                    continue;
                }
                var line = raw.Trim();
                if (line.Length == 0)
                {
                    continue;
                }
                var exception = line[0] == '!';
                if (exception)
                {
                    line = line.Substring(1).Trim();
                }
                if (line.Length > 0)
                {
                    line = CleanPath(line);
                    if (line.Length > 1 && line[0] == '/')
                    {
                        line = line.Substring(1);
                    }
                }
                if (line.Length == 0)
                {
                    throw new AoEcsException(ImageErrorIds.InvalidDockerignore, AoErrorKind.InvalidData,
                        $"{source ?? ".dockerignore"}: '!' must be followed by a pattern.", source);
                }
                patterns.Add(new Pattern(line, exception, source));
            }
            return new DockerIgnore(patterns);
        }

        /// <summary>Adds "!path" rules so the given files are always sent, as the Docker CLI does for the Dockerfile and .dockerignore.</summary>
        public DockerIgnore KeepAlways(params string[] relativePaths)
        {
            var patterns = new List<Pattern>(_patterns);
            foreach (var path in relativePaths)
            {
                if (IsExcluded(path))
                {
                    patterns.Add(new Pattern(path, exception: true, source: null));
                }
            }
            return patterns.Count == _patterns.Count ? this : new DockerIgnore(patterns);
        }

        /// <summary>True when the path (or one of its parent directories) is excluded and no later '!' rule brings it back.</summary>
        public bool IsExcluded(string relativePath)
        {
            var path = relativePath.Trim('/');
            // "a", "a/b", ... for "a/b/c": made once per path (at most), not once per pattern: contexts hold many files.
            List<string>? parents = null;
            var matched = false;
            foreach (var pattern in _patterns)
            {
                // Only patterns that could change the answer are evaluated.
                if (pattern.Exception != matched)
                {
                    continue;
                }
                var match = pattern.Matches(path);
                if (!match)
                {
                    parents = parents ?? ParentsOf(path);
                    for (var i = 0; !match && i < parents.Count; i++)
                    {
                        match = pattern.Matches(parents[i]);
                    }
                }
                if (match)
                {
                    matched = !pattern.Exception;
                }
            }
            return matched;
        }

        private static List<string> ParentsOf(string path)
        {
            var parents = new List<string>();
            for (var slash = path.IndexOf('/'); slash >= 0; slash = path.IndexOf('/', slash + 1))
            {
                parents.Add(path.Substring(0, slash));
            }
            return parents;
        }

        /// <summary>
        /// For an excluded directory: whether the walk must still descend because a '!' rule names something inside it.
        /// Like the Docker CLI, only rules whose literal text starts with the directory path count.
        /// </summary>
        public bool MustDescendInto(string relativeDirectory)
        {
            if (!HasExceptions)
            {
                return false;
            }
            var dirSlash = relativeDirectory.Trim('/') + "/";
            foreach (var pattern in _patterns)
            {
                if (pattern.Exception && (pattern.Text + "/").StartsWith(dirSlash, StringComparison.Ordinal))
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>Go's path.Clean for '/'-separated paths.</summary>
        internal static string CleanPath(string path)
        {
            if (path.Length == 0)
            {
                return ".";
            }
            var rooted = path[0] == '/';
            var parts = new List<string>();
            foreach (var part in path.Split('/'))
            {
                if (part.Length == 0 || part == ".")
                {
                    continue;
                }
                if (part == "..")
                {
                    if (parts.Count > 0 && parts[parts.Count - 1] != "..")
                    {
                        parts.RemoveAt(parts.Count - 1);
                    }
                    else if (!rooted)
                    {
                        parts.Add(part);
                    }
                    continue;
                }
                parts.Add(part);
            }
            var cleaned = string.Join("/", parts);
            return rooted ? "/" + cleaned : cleaned.Length == 0 ? "." : cleaned;
        }

        /// <summary>
        /// One rule, compiled the way patternmatcher compiles it (exact, prefix, suffix or regular expression), with its
        /// syntax checked the way patternmatcher checks it (Go's filepath.Match rules): an unclosed or empty class, a
        /// range with a bare '-' or ']' end, or a trailing '\' is an error. In a class, a leading '^' negates and every
        /// other character, '!' included, is itself.
        /// </summary>
        private sealed class Pattern
        {
            private enum Kind { Exact, Prefix, Suffix, Regex }

            private readonly Kind _kind;
            private readonly Regex? _regex;
            private readonly string? _fixedPart;

            public Pattern(string text, bool exception, string? source)
            {
                Text = text;
                Exception = exception;
                var regex = new StringBuilder("^");
                var kind = Kind.Exact;
                for (var i = 0; i < text.Length; i++)
                {
                    var ch = text[i];
                    if (ch == '*')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '*')
                        {
                            var first = i == 0;
                            i++;
                            if (i + 1 < text.Length && text[i + 1] == '/')
                            {
                                i++; // "**/" behaves as "**"
                            }
                            if (i + 1 >= text.Length)
                            {
                                if (kind == Kind.Exact)
                                {
                                    kind = Kind.Prefix;
                                }
                                else
                                {
                                    regex.Append(".*");
                                    kind = Kind.Regex;
                                }
                            }
                            else
                            {
                                regex.Append("(.*/)?");
                                kind = Kind.Regex;
                            }
                            if (first)
                            {
                                kind = Kind.Suffix;
                            }
                        }
                        else
                        {
                            regex.Append("[^/]*");
                            kind = Kind.Regex;
                        }
                    }
                    else if (ch == '?')
                    {
                        regex.Append("[^/]");
                        kind = Kind.Regex;
                    }
                    else if (ch == '\\')
                    {
                        if (i + 1 >= text.Length)
                        {
                            throw BadPattern(text, source, "it ends with a lone '\\'");
                        }
                        AppendLiteral(regex, text[++i]);
                        kind = Kind.Regex;
                    }
                    else if (ch == '[')
                    {
                        i = AppendClass(regex, text, i, source);
                        kind = Kind.Regex;
                    }
                    else
                    {
                        AppendLiteral(regex, ch);
                    }
                }
                _kind = kind;
                // The literal part a prefix ("dir/**") or suffix ("**/name") pattern compares with, cut once here.
                _fixedPart = kind == Kind.Prefix ? text.Substring(0, text.Length - 2) : kind == Kind.Suffix ? text.Substring(2) : null;
                if (kind == Kind.Regex)
                {
                    try
                    {
                        _regex = new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline);
                    }
                    catch (ArgumentException ex)
                    {
                        // A range in reverse order ([z-a]): patternmatcher's regular expression refuses it too.
                        throw BadPattern(text, source, ex.Message);
                    }
                }
            }

            /// <summary>
            /// A character class starting at text[start] ('['): '^' first negates; then one or more characters or ranges
            /// a-z, each character possibly escaped with '\\', up to ']'. Returns the index of the closing ']'.
            /// </summary>
            private static int AppendClass(StringBuilder regex, string text, int start, string? source)
            {
                var i = start + 1;
                regex.Append('[');
                if (i < text.Length && text[i] == '^')
                {
                    regex.Append('^');
                    i++;
                }
                var ranges = 0;
                while (true)
                {
                    if (i < text.Length && text[i] == ']' && ranges > 0)
                    {
                        regex.Append(']');
                        return i;
                    }
                    var low = ClassCharacter(text, ref i, source);
                    AppendLiteral(regex, low);
                    if (text[i] == '-')
                    {
                        i++;
                        var high = ClassCharacter(text, ref i, source);
                        regex.Append('-');
                        AppendLiteral(regex, high);
                    }
                    ranges++;
                }
            }

            /// <summary>One character of a class (Go's getEsc): not a bare '-' or ']', and never the pattern's end.</summary>
            private static char ClassCharacter(string text, ref int i, string? source)
            {
                if (i >= text.Length || text[i] == '-' || text[i] == ']')
                {
                    throw BadPattern(text, source, "a character class is empty, unclosed or has a bare '-' or ']'");
                }
                if (text[i] == '\\')
                {
                    i++;
                    if (i >= text.Length)
                    {
                        throw BadPattern(text, source, "a character class is unclosed");
                    }
                }
                var c = text[i++];
                if (i >= text.Length)
                {
                    throw BadPattern(text, source, "a character class is unclosed");
                }
                return c;
            }

            // Letters, digits and '_' stand for themselves; anything else is escaped so the regular expression reads it literally.
            private static void AppendLiteral(StringBuilder regex, char c)
            {
                if (char.IsLetterOrDigit(c) || c == '_' || c == '/' || c > 127)
                {
                    regex.Append(c);
                }
                else
                {
                    regex.Append('\\').Append(c);
                }
            }

            private static AoEcsException BadPattern(string text, string? source, string why) =>
                new AoEcsException(ImageErrorIds.InvalidDockerignore, AoErrorKind.InvalidData,
                    $"{source ?? ".dockerignore"}: '{text}' is not a valid pattern: {why}.", source);

            public string Text { get; }
            public bool Exception { get; }

            public bool Matches(string path)
            {
                switch (_kind)
                {
                    case Kind.Exact:
                        return path == Text;
                    case Kind.Prefix:
                        return path.StartsWith(_fixedPart!, StringComparison.Ordinal);
                    case Kind.Suffix:
                        if (path.EndsWith(_fixedPart!, StringComparison.Ordinal))
                        {
                            return true;
                        }
                        // "**/name" also matches "name" itself at the root.
                        return _fixedPart!.Length > 0 && _fixedPart[0] == '/' && path.Length == _fixedPart.Length - 1 &&
                            string.CompareOrdinal(path, 0, _fixedPart, 1, path.Length) == 0;
                    default:
                        return _regex!.IsMatch(path);
                }
            }
        }
    }
}
