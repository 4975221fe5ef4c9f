using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using AoTech.Ecs.Images.Compose;

namespace AoTech.Ecs.Images.Building
{
    /// <summary>
    /// The stages of a Dockerfile as far as scheduling and base images go: each stage's base (an image or an earlier
    /// stage) and what it copies or mounts from (COPY --from, RUN --mount=from=), with the global ARGs (defaults, or
    /// the build args given) substituted. Knows the parser directive for the escape character, line continuations,
    /// comments and heredocs; everything else of the Dockerfile is the engine's business.
    /// </summary>
    internal sealed class DockerfileStages
    {
        private static readonly Regex Heredoc = new Regex(@"<<(-?)\s*([""']?)([A-Za-z_][A-Za-z0-9_]*)\2", RegexOptions.CultureInvariant);
        private static readonly Regex EscapeDirective = new Regex(@"^#\s*escape\s*=\s*([\\`])\s*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        private DockerfileStages(List<Stage> stages) => Stages = stages;

        public IReadOnlyList<Stage> Stages { get; }

        /// <summary>One FROM section.</summary>
        internal sealed class Stage
        {
            public Stage(int index, string baseName, string? name)
            {
                Index = index;
                Base = baseName;
                Name = name;
            }

            public int Index { get; }
            /// <summary>The FROM operand after substitution: an image, an earlier stage's name, or "scratch".</summary>
            public string Base { get; }
            /// <summary>The AS name (lower case, as the builder treats it), or null.</summary>
            public string? Name { get; }
            /// <summary>COPY --from and RUN --mount from= operands: stage names, stage indexes or images.</summary>
            public List<string> CopiesFrom { get; } = new List<string>();
        }

        public static DockerfileStages Parse(string text, IDictionary<string, string>? buildArgs = null)
        {
            var args = new Dictionary<string, string>(StringComparer.Ordinal);
            var stages = new List<Stage>();
            foreach (var instruction in Instructions(text))
            {
                var (keyword, rest) = SplitKeyword(instruction);
                switch (keyword)
                {
                    case "ARG" when stages.Count == 0:
                        foreach (var (arg, value) in ArgDeclarations(rest))
                        {
                            // Declared before the first FROM: usable in FROM lines. A given build arg wins over the default.
                            args[arg] = buildArgs != null && buildArgs.TryGetValue(arg, out var given) ? given
                                : value != null ? Expand(value, args) : "";
                        }
                        break;
                    case "FROM":
                        var words = Words(rest).Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToList();
                        if (words.Count == 0) break;
                        var name = words.Count >= 3 && string.Equals(words[1], "AS", StringComparison.OrdinalIgnoreCase) ? words[2].ToLowerInvariant() : null;
                        stages.Add(new Stage(stages.Count, Expand(words[0], args), name));
                        break;
                    case "COPY" when stages.Count > 0:
                        foreach (var flag in Words(rest).TakeWhile(w => w.StartsWith("--", StringComparison.Ordinal)))
                        {
                            if (flag.StartsWith("--from=", StringComparison.OrdinalIgnoreCase))
                            {
                                stages[stages.Count - 1].CopiesFrom.Add(Unquote(flag.Substring(7)));
                            }
                        }
                        break;
                    case "RUN" when stages.Count > 0:
                        foreach (var flag in Words(rest).TakeWhile(w => w.StartsWith("--", StringComparison.Ordinal)))
                        {
                            if (!flag.StartsWith("--mount=", StringComparison.OrdinalIgnoreCase)) continue;
                            foreach (var field in Unquote(flag.Substring(8)).Split(','))
                            {
                                if (field.StartsWith("from=", StringComparison.OrdinalIgnoreCase))
                                {
                                    stages[stages.Count - 1].CopiesFrom.Add(field.Substring(5));
                                }
                            }
                        }
                        break;
                }
            }
            return new DockerfileStages(stages);
        }

        /// <summary>Every image any stage starts from or copies from (not stages, not scratch).</summary>
        public IEnumerable<string> AllImages() =>
            Stages.SelectMany(s => new[] { s.Base }.Concat(s.CopiesFrom).Select(r => ImageOf(r, s.Index))).Where(i => i != null).Select(i => i!).Distinct();

        /// <summary>
        /// The images the target stage (default: the last) needs, through the stages it builds on or copies from: what
        /// BuildKit builds. Stages nothing needs are skipped, and so are their images. An unknown target gives every image.
        /// </summary>
        public IEnumerable<string> ImagesFor(string? target)
        {
            if (Stages.Count == 0) return Enumerable.Empty<string>();
            var start = target == null ? Stages[Stages.Count - 1] : Stages.FirstOrDefault(s => s.Name == target.ToLowerInvariant());
            if (start == null) return AllImages();
            var images = new List<string>();
            var seen = new HashSet<int>();
            var pending = new Stack<Stage>();
            pending.Push(start);
            while (pending.Count > 0)
            {
                var stage = pending.Pop();
                if (!seen.Add(stage.Index)) continue;
                foreach (var reference in new[] { stage.Base }.Concat(stage.CopiesFrom))
                {
                    var earlier = StageOf(reference, stage.Index);
                    if (earlier != null)
                    {
                        pending.Push(earlier);
                    }
                    else if (ImageOf(reference, stage.Index) is string image && !images.Contains(image))
                    {
                        images.Add(image);
                    }
                }
            }
            return images;
        }

        /// <summary>An earlier stage named (or numbered) by a reference inside stage `index`, or null for an image.</summary>
        private Stage? StageOf(string reference, int index)
        {
            if (int.TryParse(reference, out var number))
            {
                return number >= 0 && number < index ? Stages[number] : null;
            }
            var lower = reference.ToLowerInvariant();
            return Stages.Take(index).LastOrDefault(s => s.Name == lower);
        }

        private string? ImageOf(string reference, int index) =>
            reference.Length == 0 || string.Equals(reference, "scratch", StringComparison.OrdinalIgnoreCase) || StageOf(reference, index) != null
                || int.TryParse(reference, out _)
                ? null
                : reference;

        /// <summary>Instructions with continuations joined and comments, blank lines and heredoc bodies left out.</summary>
        internal static IEnumerable<string> Instructions(string text)
        {
            var lines = text.Replace("\r\n", "\n").Split('\n');
            var escape = '\\';
            var i = 0;
            // Parser directives come first, before any instruction, comment or blank line.
            for (; i < lines.Length; i++)
            {
                var match = EscapeDirective.Match(lines[i].Trim());
                if (match.Success)
                {
                    escape = match.Groups[1].Value[0];
                    continue;
                }
                if (!Regex.IsMatch(lines[i].Trim(), @"^#\s*[a-zA-Z]+\s*=")) break;
            }
            var current = new StringBuilder();
            for (; i < lines.Length; i++)
            {
                var line = lines[i];
                var trimmed = line.Trim();
                if (trimmed.StartsWith("#", StringComparison.Ordinal) || (trimmed.Length == 0 && current.Length > 0))
                {
                    continue; // comments and empty lines may sit inside a continued instruction
                }
                var body = line.TrimEnd();
                if (body.Length > 0 && body[body.Length - 1] == escape)
                {
                    current.Append(body, 0, body.Length - 1).Append(' ');
                    continue;
                }
                current.Append(line);
                var instruction = current.ToString().Trim();
                current.Clear();
                if (instruction.Length == 0) continue;
                yield return instruction;
                // Heredoc bodies (RUN <<EOF ... EOF) are data, not instructions.
                foreach (Match heredoc in Heredoc.Matches(instruction))
                {
                    var terminator = heredoc.Groups[3].Value;
                    var stripTabs = heredoc.Groups[1].Value == "-";
                    for (i++; i < lines.Length; i++)
                    {
                        var candidate = stripTabs ? lines[i].TrimStart('\t') : lines[i];
                        if (candidate.TrimEnd('\r') == terminator) break;
                    }
                }
            }
            if (current.Length > 0 && current.ToString().Trim().Length > 0)
            {
                yield return current.ToString().Trim();
            }
        }

        private static (string Keyword, string Operands) SplitKeyword(string instruction)
        {
            var end = 0;
            while (end < instruction.Length && !char.IsWhiteSpace(instruction[end])) end++;
            return (instruction.Substring(0, end).ToUpperInvariant(), instruction.Substring(end).Trim());
        }

        /// <summary>Whitespace-separated words, quotes kept together.</summary>
        private static List<string> Words(string text)
        {
            var words = new List<string>();
            var word = new StringBuilder();
            char quote = '\0';
            foreach (var c in text)
            {
                if (quote != '\0')
                {
                    word.Append(c);
                    if (c == quote) quote = '\0';
                }
                else if (char.IsWhiteSpace(c))
                {
                    if (word.Length > 0) { words.Add(word.ToString()); word.Clear(); }
                }
                else
                {
                    if (c == '"' || c == '\'') quote = c;
                    word.Append(c);
                }
            }
            if (word.Length > 0) words.Add(word.ToString());
            return words;
        }

        private static IEnumerable<(string Name, string? Value)> ArgDeclarations(string rest)
        {
            foreach (var word in Words(rest))
            {
                var eq = word.IndexOf('=');
                yield return eq < 0 ? (word, (string?)null) : (word.Substring(0, eq), Unquote(word.Substring(eq + 1)));
            }
        }

        private static string Unquote(string value) =>
            value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[value.Length - 1] == value[0] ? value.Substring(1, value.Length - 2) : value;

        /// <summary>$NAME, ${NAME} and ${NAME:-default} as the builder expands them in FROM: unset is empty, never an error.</summary>
        private static string Expand(string text, IDictionary<string, string> args) =>
            ComposeInterpolation.Expand(Unquote(text), name => args.TryGetValue(name, out var value) ? value : null, onUnset: null);
    }
}
