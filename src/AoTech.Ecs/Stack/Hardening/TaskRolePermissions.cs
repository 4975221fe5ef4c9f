using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Files;
using AoTech.Ecs.Stack.TaskDefinitions;

namespace AoTech.Ecs.Stack.Hardening
{
    /// <summary>
    /// What the app's task role may do (-TaskRolePolicy): managed policy ARNs (values that start with "arn:") and at most
    /// one policy document file (any other value), put on the role as the inline policy <see cref="InlinePolicyName"/>.
    /// Nothing given: no permissions at all. Checked before any AWS call.
    /// </summary>
    public sealed class TaskRolePermissions
    {
        public const string InlinePolicyName = "aotech-task-policy";
        /// <summary>IAM: the inline policies of a role may total 10,240 characters (whitespace not counted).</summary>
        public const int MaxInlinePolicyCharacters = 10240;
        /// <summary>IAM: managed policies per role, 10 by default, at most 20 after a quota increase.</summary>
        public const int MaxManagedPolicies = 20;

        private static readonly Regex PolicyArn = new Regex(@"^arn:aws(-cn|-us-gov|-iso[a-z-]*)?:iam::(aws|\d{12}):policy/([\w+=,.@-]+/)*[\w+=,.@-]{1,128}$");

        private TaskRolePermissions(string? inlineDocument, IReadOnlyList<string> managedPolicyArns)
        {
            InlineDocument = inlineDocument;
            ManagedPolicyArns = managedPolicyArns;
        }

        public static readonly TaskRolePermissions None = new TaskRolePermissions(null, new string[0]);

        /// <summary>The policy file's document, minified; null: no inline policy.</summary>
        public string? InlineDocument { get; }
        public IReadOnlyList<string> ManagedPolicyArns { get; }
        /// <summary>No policy at all: the role lets the containers do nothing.</summary>
        public bool GrantsNothing => InlineDocument == null && ManagedPolicyArns.Count == 0;

        /// <summary>Whether a -TaskRolePolicy value names a managed policy (an ARN) rather than a policy document file.</summary>
        public static bool IsArn(string? value) => (value ?? "").TrimStart().StartsWith("arn:", StringComparison.OrdinalIgnoreCase);

        /// <summary>Reads -TaskRolePolicy: ARNs and (already resolved) file paths.</summary>
        public static TaskRolePermissions From(IEnumerable<string>? values)
        {
            var arns = new List<string>();
            var files = new List<string>();
            foreach (var value in values ?? new string[0])
            {
                var text = (value ?? "").Trim();
                if (IsArn(text))
                {
                    RequirePolicyArn(text, "-TaskRolePolicy");
                    if (!arns.Contains(text)) arns.Add(text);
                }
                else if (text.Length > 0) files.Add(text);
            }
            if (files.Count > 1)
                throw new AoEcsException(HardeningErrorIds.TooManyPolicies, AoErrorKind.InvalidArgument,
                    $"-TaskRolePolicy takes one policy document file (given: {string.Join(", ", files)}); put the statements into one document.", files[1]);
            if (arns.Count > MaxManagedPolicies)
                throw new AoEcsException(HardeningErrorIds.TooManyPolicies, AoErrorKind.LimitsExceeded,
                    $"-TaskRolePolicy names {arns.Count} managed policies; IAM attaches at most {MaxManagedPolicies} to a role (10 without a quota increase).",
                    arns[MaxManagedPolicies]);
            return new TaskRolePermissions(files.Count == 1 ? ReadDocument(files[0]) : null, arns);
        }

        /// <summary>Throws InvalidPolicyArn unless <paramref name="arn"/> is an IAM managed policy ARN.</summary>
        public static void RequirePolicyArn(string? arn, string parameter)
        {
            if (arn == null || !PolicyArn.IsMatch(arn))
                throw new AoEcsException(HardeningErrorIds.InvalidPolicyArn, AoErrorKind.InvalidArgument,
                    $"{parameter} '{arn}' is not an IAM managed policy ARN such as arn:aws:iam::123456789012:policy/name or " +
                    "arn:aws:iam::aws:policy/ReadOnlyAccess.", arn);
        }

        /// <summary>A policy document file: JSON, a Statement of Allow/Deny statements, within IAM's size; returned minified.</summary>
        private static string ReadDocument(string path)
        {
            // Generous read limit: whitespace does not count towards IAM's, checked below on the minified text.
            var bytes = LocalFiles.ReadRegularFile(path, "Task role policy file", HardeningErrorIds.PolicyFileNotFound, 1024 * 1024);
            JsonNode? root;
            try
            {
                root = JsonNode.Parse(new UTF8Encoding(false).GetString(bytes).TrimStart('\uFEFF'));
            }
            catch (JsonException ex)
            {
                throw Invalid(path, $"is not JSON: {ex.Message}");
            }
            if (!(root is JsonObject document)) throw Invalid(path, "is not a JSON object (an IAM policy document).");
            var statements = document["Statement"] switch
            {
                JsonArray array => array.ToList(),
                JsonObject single => new List<JsonNode?> { single },
                _ => null,
            };
            if (statements == null || statements.Count == 0) throw Invalid(path, "has no Statement.");
            foreach (var statement in statements)
            {
                if (!(statement is JsonObject s)) throw Invalid(path, "has a Statement that is not an object.");
                var effect = (s["Effect"] as JsonValue)?.TryGetValue<string>(out var e) == true ? e : null;
                if (effect != "Allow" && effect != "Deny") throw Invalid(path, "has a statement whose Effect is not Allow or Deny.");
                if (s["Action"] == null && s["NotAction"] == null) throw Invalid(path, "has a statement without Action or NotAction.");
            }
            var minified = root.ToJsonString();
            var counted = minified.Count(c => !char.IsWhiteSpace(c));
            if (counted > MaxInlinePolicyCharacters)
                throw new AoEcsException(HardeningErrorIds.InvalidPolicyDocument, AoErrorKind.LimitsExceeded,
                    $"Task role policy file '{path}' has {counted} characters; a role's inline policies may have at most {MaxInlinePolicyCharacters}. " +
                    "Use a managed policy (its ARN in -TaskRolePolicy) instead.", path);
            return minified;
        }

        /// <summary>Whether a document IAM returned (URL-encoded, perhaps re-spaced) says the same as <paramref name="desired"/>.</summary>
        public static bool SameDocument(string? found, string desired)
        {
            if (found == null) return false;
            var text = found.TrimStart().StartsWith("{", StringComparison.Ordinal) ? found : WebUtility.UrlDecode(found);
            try
            {
                return CanonicalJson.Equal(JsonNode.Parse(text), JsonNode.Parse(desired));
            }
            catch (JsonException)
            {
                return false;
            }
        }

        private static AoEcsException Invalid(string path, string problem) =>
            new AoEcsException(HardeningErrorIds.InvalidPolicyDocument, AoErrorKind.InvalidData,
                $"Task role policy file '{path}' {problem}", path);
    }
}
