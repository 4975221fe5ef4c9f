using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using AoTech.Ecs.Permissions;

namespace AoTech.Ecs.PowerShell.Completion
{
    /// <summary>Completes -Cmdlet with the module's commands that call AWS (the commands of the permission table).</summary>
    public sealed class CommandNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName,
            string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            CompletionText.Match(CmdletPermissions.Commands, wordToComplete);
    }
}
