using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using AoTech.Ecs.Stack.Deployments;

namespace AoTech.Ecs.PowerShell.Completion
{
    /// <summary>Completes -PauseAt with the lifecycle stages ECS takes a PAUSE hook at.</summary>
    public sealed class LifecycleStageCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName,
            string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            CompletionText.Match(DeploymentSettings.PauseStages, wordToComplete);
    }
}
