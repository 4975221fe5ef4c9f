using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace AoTech.Ecs.PowerShell.Completion
{
    /// <summary>Shared rules for the completers: prefix match on what was typed, quoting when needed, sorted.</summary>
    internal static class CompletionText
    {
        public static IEnumerable<CompletionResult> Match(IEnumerable<string> candidates, string? wordToComplete,
            Func<string, string>? tooltip = null)
        {
            var typed = (wordToComplete ?? "").Trim('\'', '"');
            return candidates
                .Where(c => !string.IsNullOrEmpty(c) && c.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .OrderBy(c => c, StringComparer.OrdinalIgnoreCase)
                .Select(c => new CompletionResult(Quote(c), c, CompletionResultType.ParameterValue, tooltip?.Invoke(c) ?? c))
                .ToList();
        }

        /// <summary>Single-quotes a value that would not survive as a bare word (spaces, $, quotes...).</summary>
        public static string Quote(string value)
        {
            foreach (var ch in value)
            {
                if (!(char.IsLetterOrDigit(ch) || ch == '-' || ch == '_' || ch == '.' || ch == ':' || ch == '/'))
                    return "'" + value.Replace("'", "''") + "'";
            }
            return value;
        }
    }
}
