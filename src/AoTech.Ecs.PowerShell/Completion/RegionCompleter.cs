using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Amazon;

namespace AoTech.Ecs.PowerShell.Completion
{
    /// <summary>Completes -Region with the AWS region codes the SDK knows, e.g. eu-west-1 (tooltip: display name).</summary>
    public sealed class RegionCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName,
            string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            // The SDK also lists endpoint variants that are not regions (us-east-1-regional, aws-global).
            var regions = RegionEndpoint.EnumerableAllRegions
                .Where(r => !r.SystemName.EndsWith("-regional", System.StringComparison.Ordinal) && r.SystemName != "aws-global")
                .ToDictionary(r => r.SystemName, r => r.DisplayName);
            return CompletionText.Match(regions.Keys, wordToComplete,
                code => regions.TryGetValue(code, out var display) && !string.IsNullOrEmpty(display) ? code + " (" + display + ")" : code);
        }
    }
}
