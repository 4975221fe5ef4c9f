using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Errors;
using AoTech.Ecs.PowerShell.Cmdlets.Stack;
using AoTech.Ecs.PowerShell.Infrastructure;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.Endpoints;

namespace AoTech.Ecs.PowerShell.Cmdlets.Endpoints
{
    [Cmdlet(VerbsCommon.Get, "AoEcsEndpoint")]
    [OutputType(typeof(EndpointStatus))]
    public sealed class GetAoEcsEndpointCommand : AoAwsCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [PSDefaultValue(Help = "Every endpoint in the region")]
        public string[]? Name { get; set; }

        private string? _current;

        protected override async Task ProcessRecordAsync(CancellationToken ct)
        {
            // A name with wildcards is matched against the region's listing (no error when nothing matches); a plain name
            // is read on its own, and reported when it does not exist.
            IReadOnlyList<EndpointStatus>? listed = null;
            var shown = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in Name ?? new[] { "*" })
            {
                _current = name;
                if (WildcardPattern.ContainsWildcardCharacters(name))
                {
                    listed ??= await EndpointStatusReader.ListAsync(Connection, ct).ConfigureAwait(false);
                    var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                    foreach (var endpoint in listed.Where(e => pattern.IsMatch(e.Name) && shown.Add(e.Name)))
                        PostObject(WithConnectionDetails(endpoint));
                    continue;
                }
                try
                {
                    var endpoint = await EndpointStatusReader.ReadAsync(Connection, name, ct).ConfigureAwait(false);
                    if (shown.Add(endpoint.Name)) PostObject(WithConnectionDetails(endpoint));
                }
                catch (AoEcsException ex) when (ex.Kind == AoErrorKind.InvalidArgument || ex.Kind == AoErrorKind.ObjectNotFound)
                {
                    PostError(ErrorRecordFactory.Create(ex, name)); // one error for this name; the others are still shown
                }
            }
        }

        protected override object? TargetOf(Exception ex) => _current;
    }
}
