using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Amazon.Runtime.CredentialManagement;

namespace AoTech.Ecs.PowerShell.Completion
{
    /// <summary>
    /// Completes -ProfileName with the profiles in the shared config and credentials files (AWS_CONFIG_FILE and
    /// AWS_SHARED_CREDENTIALS_FILE are honoured) and, on Windows, the SDK credential store. Only names are read.
    /// </summary>
    public sealed class ProfileNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName,
            string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            List<string> names;
            try
            {
                // The SDK reads AWS_SHARED_CREDENTIALS_FILE once per process; pass it each time so a changed value counts.
                var credentialsFile = Environment.GetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE");
                var store = string.IsNullOrEmpty(credentialsFile)
                    ? new CredentialProfileStoreChain()
                    : new CredentialProfileStoreChain(credentialsFile);
                names = store.ListProfiles().Select(p => p.Name).ToList();
            }
            catch (Exception)
            {
                // An unreadable or malformed file must not break the prompt: just offer nothing.
                return Enumerable.Empty<CompletionResult>();
            }
            return CompletionText.Match(names, wordToComplete);
        }
    }
}
