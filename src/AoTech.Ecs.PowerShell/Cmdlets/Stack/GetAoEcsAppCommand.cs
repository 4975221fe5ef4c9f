using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Errors;
using AoTech.Ecs.PowerShell.Infrastructure;
using AoTech.Ecs.PowerShell.Completion;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.Converge;
using AoTech.Ecs.Stack.Converge.Listing;

namespace AoTech.Ecs.PowerShell.Cmdlets.Stack
{
    [Cmdlet(VerbsCommon.Get, "AoEcsApp")]
    [OutputType(typeof(AoEcsApp))]
    public sealed class GetAoEcsAppCommand : AoAwsCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [PSDefaultValue(Help = "Every app in the region")]
        [ArgumentCompleter(typeof(AppNameCompleter))]
        public string[]? Name { get; set; }

        private string? _current;

        protected override async Task ProcessRecordAsync(CancellationToken ct)
        {
            var stack = new EcsAppStack(Connection, new CmdletStackReporter(this));
            // A name with wildcards is matched against the listing (no error when nothing matches, as Get- cmdlets
            // do); a plain name is looked up directly, and reported when it does not exist.
            RegionApps? listed = null;
            var apps = new List<string>();
            var named = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in Name ?? new[] { "*" })
            {
                IEnumerable<string> found;
                if (WildcardPattern.ContainsWildcardCharacters(name))
                {
                    listed ??= await stack.ListAppsAsync(ct).ConfigureAwait(false);
                    var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                    found = listed.Names.Where(pattern.IsMatch);
                }
                else
                {
                    named.Add(name);
                    found = new[] { name };
                }
                foreach (var app in found)
                    if (!apps.Contains(app)) apps.Add(app);
            }
            // A bad name is its own error; the others are read together, in batches (Stack/Converge/Listing).
            var valid = new List<string>();
            foreach (var app in apps)
            {
                try
                {
                    StackNames.ValidateAppName(app);
                    valid.Add(app);
                }
                catch (AoEcsException ex)
                {
                    PostError(ErrorRecordFactory.Create(ex, app));
                }
            }
            if (valid.Count == 0) return;
            _current = valid.Count == 1 ? valid[0] : null;
            // The listing's certificates serve only the apps it named; a plain name is looked up on its own.
            var readings = await stack.GetAppsAsync(valid, valid.All(a => listed?.Names.Contains(a) == true) ? listed : null, ct).ConfigureAwait(false);
            foreach (var reading in readings)
            {
                if (reading.Error != null)
                    PostError(ErrorRecordFactory.Create(reading.Error, reading.App)); // one error for this app; the others are still shown
                else if (reading.Status != null)
                    PostObject(WithConnectionDetails(reading.Status));
                else if (named.Contains(reading.App)) // listing: the tagging API may still name a deleted cluster; skip it quietly
                    PostError(ErrorRecordFactory.Create(new AoEcsException(StackErrorIds.AppNotFound, AoErrorKind.ObjectNotFound,
                        $"No app '{reading.App}' in {Connection.Region}: neither an ECS cluster {StackNames.For(reading.App).Cluster} of its own " +
                        $"nor a service {StackNames.For(reading.App).Service} on a shared endpoint is tagged {StackNames.AppTagKey}={reading.App}.",
                        reading.App), reading.App));
            }
        }

        // The app being looked at, else the names asked for.
        protected override object? TargetOf(Exception ex) => (object?)_current ?? (Name?.Length == 1 ? Name[0] : (object?)Name);
    }
}
