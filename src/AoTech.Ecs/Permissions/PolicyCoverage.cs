using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Permissions
{
    /// <summary>One AWS call the module made: the service's signing name, the operation, and the command that made it.</summary>
    public sealed class RecordedCall
    {
        public RecordedCall(string service, string operation, string? command)
        {
            Service = service;
            Operation = operation;
            Command = string.IsNullOrEmpty(command) ? null : command;
        }

        /// <summary>Signing name, as in the request's credential scope ("ecs", "elasticloadbalancing", "tagging").</summary>
        public string Service { get; }
        public string Operation { get; }
        /// <summary>The command that made the call; null when the call did not say (checked against every command's policy).</summary>
        public string? Command { get; }

        /// <summary>The IAM action: the service's action prefix and the operation, e.g. "tag:GetResources".</summary>
        public string Action =>
            (AwsService.All.FirstOrDefault(s => s.SigningName == Service)?.IamPrefix ?? Service) + ":" + Operation;
    }

    /// <summary>A call that the policy Get-AoIamPolicy writes for its command does not allow.</summary>
    public sealed class PermissionGap
    {
        public PermissionGap(string? command, string action, string message)
        {
            Command = command;
            Action = action;
            Message = message;
        }

        public string? Command { get; }
        public string Action { get; }
        public string Message { get; }
        public override string ToString() => Message;
    }

    /// <summary>
    /// Holds the calls a test run recorded against the policies written for the commands that made them, so the
    /// policy stays complete as the code grows: a call the table lacks is reported with the line to add.
    /// </summary>
    public static class PolicyCoverage
    {
        public static IReadOnlyList<PermissionGap> FindGaps(IEnumerable<RecordedCall> calls) => FindGaps(calls, CmdletPermissions.Rows);

        public static IReadOnlyList<PermissionGap> FindGaps(IEnumerable<RecordedCall> calls, IEnumerable<PermissionRow> rows)
        {
            var table = rows.ToList();
            var policies = new Dictionary<string, IReadOnlyList<AoIamPolicy>>(StringComparer.OrdinalIgnoreCase);
            var gaps = new List<PermissionGap>();
            foreach (var call in calls.GroupBy(c => (c.Command, c.Action)).Select(g => g.First())
                         .OrderBy(c => c.Command, StringComparer.Ordinal).ThenBy(c => c.Action, StringComparer.Ordinal))
            {
                if (call.Command != null && !CmdletPermissions.Commands.Contains(call.Command, StringComparer.OrdinalIgnoreCase))
                {
                    gaps.Add(new PermissionGap(call.Command, call.Action,
                        $"{call.Command} called {call.Action}, but {call.Command} is not a command of {CmdletPermissions.TableLocation}: " +
                        "add it to CmdletPermissions.Commands and give it its actions."));
                    continue;
                }
                var key = call.Command ?? "";
                if (!policies.TryGetValue(key, out var written))
                    policies[key] = written = IamPolicyWriter.Write(table,
                        call.Command == null ? null : new[] { call.Command }, new PolicyTarget());
                if (written.Any(p => Allows(p.PolicyDocument, call.Action))) continue;
                var who = call.Command ?? "A command (the call did not say which)";
                gaps.Add(new PermissionGap(call.Command, call.Action,
                    $"{who} called {call.Action}, which its IAM policy (Get-AoIamPolicy) does not allow. Add a line " +
                    $"Allow(\"{call.Action}\", <scope>, {call.Command ?? "<command>"}) to {CmdletPermissions.TableLocation}, " +
                    "or add the command to that action's line; the scope is Any for Describe*/List*."));
            }
            return gaps;
        }

        /// <summary>Whether a policy document has an Allow statement whose Action names the action (IAM's * and ? wildcards).</summary>
        public static bool Allows(string policyDocument, string action)
        {
            using var doc = JsonDocument.Parse(policyDocument);
            foreach (var statement in doc.RootElement.GetProperty("Statement").EnumerateArray())
            {
                if (statement.GetProperty("Effect").GetString() != "Allow") continue;
                var actions = statement.GetProperty("Action");
                var names = actions.ValueKind == JsonValueKind.Array
                    ? actions.EnumerateArray().Select(a => a.GetString() ?? "")
                    : new[] { actions.GetString() ?? "" };
                if (names.Any(pattern => Matches(pattern, action))) return true;
            }
            return false;
        }

        // IAM compares action names without regard to case.
        private static bool Matches(string pattern, string action) =>
            Regex.IsMatch(action, "^" + Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$", RegexOptions.IgnoreCase);
    }
}
