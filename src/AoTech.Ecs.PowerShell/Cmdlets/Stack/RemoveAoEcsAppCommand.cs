using System;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.PowerShell.Infrastructure;
using AoTech.Ecs.PowerShell.Completion;
using AoTech.Ecs.Stack.Converge;

namespace AoTech.Ecs.PowerShell.Cmdlets.Stack
{
    [Cmdlet(VerbsCommon.Remove, "AoEcsApp", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveAoEcsAppCommand : AoAwsCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AppNameCompleter))]
        public string Name { get; set; } = "";

        protected override async Task ProcessRecordAsync(CancellationToken ct)
        {
            var stack = new EcsAppStack(Connection, new CmdletStackReporter(this));
            var plan = await stack.PlanRemovalAsync(Name, ct).ConfigureAwait(false);
            var items = plan.Items.Select(i => (i.Resource, i.Name)).ToList();
            // A lock left by a run that died counts as something of the app's to remove (it is deleted on release).
            var appLock = stack.LockFor(Name);
            var held = await appLock.ReadAsync(ct).ConfigureAwait(false);
            if (held != null) items.Add(("app lock", $"{appLock.Name} ({held.Describe()})"));
            if (items.Count == 0)
            {
                PostVerbose($"Nothing of app '{Name}' found in {Connection.Region}: nothing to remove.");
                return;
            }
            var summary = $"app '{Name}': {items.Count} resources ({string.Join(", ", items.Select(i => i.Resource).Distinct())})";
            var answer = await ConfirmAsync(summary, "Remove").ConfigureAwait(false);
            if (answer.WhatIf)
            {
                // -WhatIf lists every resource after the summary.
                foreach (var item in items) await ConfirmAsync($"{item.Resource} {item.Name}", "Delete").ConfigureAwait(false);
                return;
            }
            if (!answer.Approved) return;
            // Under the app's lock (waits for a New-AoEcsApp at work), finding everything again once it is held.
            await stack.RemoveLockedAsync(Name, "Remove-AoEcsApp", ct).ConfigureAwait(false);
        }

        protected override object? TargetOf(Exception ex) => Name;
    }
}
