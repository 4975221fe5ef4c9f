using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AoTech.Ecs.Permissions
{
    /// <summary>One IAM policy document as Get-AoIamPolicy writes it, ready for New-IAMPolicy or aws iam create-policy.</summary>
    public sealed class AoIamPolicy
    {
        public AoIamPolicy(string policyName, string policyDocument, IReadOnlyList<string> commands, int size)
        {
            PolicyName = policyName;
            PolicyDocument = policyDocument;
            Commands = commands;
            Size = size;
        }

        /// <summary>A name for the managed policy, e.g. "AoTech.Ecs" or "AoTech.Ecs-web-2" (several documents).</summary>
        public string PolicyName { get; }
        /// <summary>The policy document (JSON).</summary>
        public string PolicyDocument { get; }
        /// <summary>The commands it was written for.</summary>
        public IReadOnlyList<string> Commands { get; }
        /// <summary>Characters IAM counts against its limit (all but whitespace).</summary>
        public int Size { get; }

        public override string ToString() => PolicyDocument;
    }

    /// <summary>Writes the least-privilege policy documents for some commands from <see cref="CmdletPermissions.Rows"/>.</summary>
    public static class IamPolicyWriter
    {
        /// <summary>
        /// IAM's limit for a managed policy: 6,144 characters, whitespace not counted (reference_iam-quotas.html,
        /// "IAM and AWS STS character limits"). Past it, the policy is split into several documents.
        /// </summary>
        public const int MaxManagedPolicySize = 6144;

        public const string PolicyNamePrefix = "AoTech.Ecs";

        public static IReadOnlyList<AoIamPolicy> Write(IReadOnlyCollection<string>? commands, PolicyTarget target) =>
            Write(CmdletPermissions.Rows, commands, target);

        public static IReadOnlyList<AoIamPolicy> Write(IEnumerable<PermissionRow> rows, IReadOnlyCollection<string>? commands,
            PolicyTarget target, int maxSize = MaxManagedPolicySize)
        {
            var chosen = CmdletPermissions.For(rows, commands).ToList();
            var names = commands == null || commands.Count == 0
                ? CmdletPermissions.Commands
                : CmdletPermissions.Commands.Where(c => commands.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
            // One statement per scope (two for a tag-scoped one with an endpoint), in the order the table first uses it.
            var statements = chosen.GroupBy(r => r.Scope)
                .SelectMany(g => g.Key.Statements(target).Select(s => new Statement(s.Sid, g.Select(r => r.Action).Distinct(StringComparer.Ordinal)
                        .OrderBy(a => a, StringComparer.Ordinal).ToList(),
                    s.Resources, s.Condition)))
                .SelectMany(s => s.SplitToFit(maxSize))
                .ToList();

            var documents = new List<List<Statement>>();
            foreach (var statement in statements)
            {
                var current = documents.LastOrDefault();
                if (current == null || Size(current.Append(statement)) > maxSize)
                    documents.Add(current = new List<Statement>());
                current.Add(statement);
            }

            var baseName = PolicyNamePrefix +
                           (Regex.IsMatch(target.AppPattern, @"[*?]") ? "" : "-" + target.AppPattern) +
                           (names.Count == 1 ? "-" + names[0] : "");
            return documents.Select((d, i) => new AoIamPolicy(
                    documents.Count == 1 ? baseName : baseName + "-" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Json(d, indented: true), names, Size(d)))
                .ToList();
        }

        private static int Size(IEnumerable<Statement> statements) => Json(statements, indented: false).Count(c => !char.IsWhiteSpace(c));

        private static string Json(IEnumerable<Statement> statements, bool indented)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
            {
                w.WriteStartObject();
                w.WriteString("Version", "2012-10-17");
                w.WriteStartArray("Statement");
                foreach (var s in statements) s.WriteTo(w);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            return Encoding.UTF8.GetString(stream.ToArray());
        }

        private sealed class Statement
        {
            private readonly IReadOnlyList<string> _resources;
            private readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>? _condition;

            public Statement(string sid, IReadOnlyList<string> actions, IReadOnlyList<string> resources,
                IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>? condition)
            {
                Sid = sid;
                Actions = actions;
                _resources = resources;
                _condition = condition;
            }

            private string Sid { get; }
            private IReadOnlyList<string> Actions { get; }

            /// <summary>A statement too large for one document alone, cut into parts by its actions.</summary>
            public IEnumerable<Statement> SplitToFit(int maxSize)
            {
                if (Actions.Count <= 1 || Size(new[] { this }) <= maxSize) return new[] { this };
                var half = Actions.Count / 2;
                return new Statement(Sid + "A", Actions.Take(half).ToList(), _resources, _condition).SplitToFit(maxSize)
                    .Concat(new Statement(Sid + "B", Actions.Skip(half).ToList(), _resources, _condition).SplitToFit(maxSize));
            }

            public void WriteTo(Utf8JsonWriter w)
            {
                w.WriteStartObject();
                w.WriteString("Sid", Sid);
                w.WriteString("Effect", "Allow");
                WriteOneOrMany(w, "Action", Actions);
                WriteOneOrMany(w, "Resource", _resources);
                if (_condition != null)
                {
                    w.WriteStartObject("Condition");
                    foreach (var op in _condition)
                    {
                        w.WriteStartObject(op.Key);
                        foreach (var key in op.Value) WriteOneOrMany(w, key.Key, key.Value);
                        w.WriteEndObject();
                    }
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }

            private static void WriteOneOrMany(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
            {
                if (values.Count == 1)
                {
                    w.WriteString(name, values[0]);
                    return;
                }
                w.WriteStartArray(name);
                foreach (var v in values) w.WriteStringValue(v);
                w.WriteEndArray();
            }
        }
    }
}
