using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Retry;
using AoTech.Ecs.Aws.Services.Tagging;
using AoTech.Ecs.Permissions;

namespace AoTech.Ecs.PowerShell.Completion
{
    /// <summary>
    /// Completes -Name with the apps in the region: ECS clusters tagged aotech:app, found with one Tagging API call.
    /// Uses whatever -Region, -ProfileName and -EndpointUrl are already on the command line. Tab completion must stay
    /// fast and quiet: a short timeout, no retries to speak of, and any failure just means no suggestions.
    /// </summary>
    public sealed class AppNameCompleter : IArgumentCompleter
    {
        internal const string AppTagKey = "aotech:app";
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
        private const int MaxPages = 5;

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName,
            string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                var options = new AwsConnectionOptions
                {
                    Region = StringParameter(fakeBoundParameters, "Region"),
                    ProfileName = StringParameter(fakeBoundParameters, "ProfileName"),
                    EndpointUrl = StringParameter(fakeBoundParameters, "EndpointUrl"),
                    // One attempt: a prompt that waits for back-off is worse than no suggestion.
                    RetryPolicy = new RetryPolicy(maxAttempts: 1),
                    // The module's command being completed: its IAM policy covers the lookup (Permissions/CmdletPermissions.cs).
                    ClientAppId = CmdletPermissions.Commands.Contains(commandName, StringComparer.OrdinalIgnoreCase)
                        ? AwsConnectionOptions.AppIdFor(commandName) : null,
                };
                using (var connection = AwsConnection.Create(options))
                using (var cts = new CancellationTokenSource(Timeout))
                {
                    var names = new List<string>();
                    string? token = null;
                    // A few pages at most: an account with hundreds of apps still completes, just not forever.
                    for (var page = 0; page < MaxPages; page++)
                    {
                        var request = new GetResourcesRequest
                        {
                            TagFilters = new List<TagFilter> { new TagFilter { Key = AppTagKey } },
                            ResourceTypeFilters = new List<string> { "ecs:cluster" },
                            PaginationToken = token,
                        };
                        var response = connection.SendAsync(request, cts.Token).GetAwaiter().GetResult();
                        names.AddRange((response.ResourceTagMappingList ?? new List<ResourceTagMapping>())
                            .SelectMany(m => m.Tags ?? new List<Tag>())
                            .Where(t => t.Key == AppTagKey && !string.IsNullOrEmpty(t.Value))
                            .Select(t => t.Value!));
                        token = response.PaginationToken;
                        if (string.IsNullOrEmpty(token)) break;
                    }
                    return CompletionText.Match(names, wordToComplete);
                }
            }
            catch (Exception)
            {
                return Enumerable.Empty<CompletionResult>();
            }
        }

        private static string? StringParameter(IDictionary bound, string name) =>
            bound != null && bound.Contains(name) && bound[name] != null ? bound[name]!.ToString() : null;
    }
}
