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
            var regions = RegionEndpoint.EnumerableAllRegions.ToDictionary(r => r.SystemName, r => r.DisplayName);
            return CompletionText.Match(regions.Keys, wordToComplete,
                code => regions.TryGetValue(code, out var display) && !string.IsNullOrEmpty(display) ? code + " (" + display + ")" : code);
        }
    }
}
