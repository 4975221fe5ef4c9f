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
            List<string>? listed = null;
            var apps = new List<string>();
            var named = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in Name ?? new[] { "*" })
            {
                IEnumerable<string> found;
                if (WildcardPattern.ContainsWildcardCharacters(name))
                {
                    listed ??= await stack.ListAppsAsync(ct).ConfigureAwait(false);
                    var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                    found = listed.Where(pattern.IsMatch);
                }
                else
                {
                    named.Add(name);
                    found = new[] { name };
                }
                foreach (var app in found)
                    if (!apps.Contains(app)) apps.Add(app);
            }
            foreach (var app in apps)
            {
                _current = app;
                AoEcsApp? status;
                try
                {
                    status = await stack.GetAppAsync(app, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (IsItemFailure(ex))
                {
                    // One error for this app; the others are still shown.
                    PostError(ErrorRecordFactory.Create(ex, app));
                    continue;
                }
                if (status != null)
                    PostObject(WithConnectionDetails(status));
                else if (named.Contains(app)) // listing: the tagging API may still name a deleted cluster; skip it quietly
                    PostError(ErrorRecordFactory.Create(new AoEcsException(StackErrorIds.AppNotFound, AoErrorKind.ObjectNotFound,
                        $"No app '{app}' in {Connection.Region} (no ECS cluster {StackNames.For(app).Cluster} tagged {StackNames.AppTagKey}={app}).", app), app));
            }
        }

        // The app being looked at, else the names asked for.
        protected override object? TargetOf(Exception ex) => (object?)_current ?? (Name?.Length == 1 ? Name[0] : (object?)Name);
    }
}
