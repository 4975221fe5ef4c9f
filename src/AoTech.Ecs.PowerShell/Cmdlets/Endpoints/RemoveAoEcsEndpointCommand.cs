using System;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.PowerShell.Cmdlets.Stack;
using AoTech.Ecs.PowerShell.Infrastructure;
using AoTech.Ecs.Stack.Endpoints;

namespace AoTech.Ecs.PowerShell.Cmdlets.Endpoints
{
    [Cmdlet(VerbsCommon.Remove, "AoEcsEndpoint", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveAoEcsEndpointCommand : AoAwsCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = "";

        /// <summary>Removes the apps on the endpoint too (each as Remove-AoEcsApp does); without it, apps on the endpoint stop the removal.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override async Task ProcessRecordAsync(CancellationToken ct)
        {
            var teardown = new EndpointTeardown(Connection, new CmdletStackReporter(this));
            var plan = await teardown.FindAsync(Name, ct).ConfigureAwait(false);
            // Refused before asking: without -Force nothing of an endpoint with apps on it goes.
            if (plan.Apps.Count > 0 && !Force) throw EndpointTeardown.InUse(Name, plan.Apps);
            var items = plan.Apps.Select(app => ("app", $"{app} (every resource of it, as Remove-AoEcsApp removes them)")).ToList();
            items.AddRange(plan.Items.Select(i => (i.Resource, i.Name)));
            // A lock left by a run that died counts as something of the endpoint's to remove (it is deleted on release).
            var endpointLock = teardown.LockFor(Name);
            var held = await endpointLock.ReadAsync(ct).ConfigureAwait(false);
            if (held != null) items.Add(("endpoint lock", $"{endpointLock.Name} ({held.Describe()})"));
            if (items.Count == 0)
            {
                PostVerbose($"Nothing of endpoint '{Name}' found in {Connection.Region}: nothing to remove.");
                return;
            }
            var summary = $"endpoint '{Name}': {items.Count} resources ({string.Join(", ", items.Select(i => i.Item1).Distinct())})";
            var answer = await ConfirmAsync(summary, "Remove").ConfigureAwait(false);
            if (answer.WhatIf)
            {
                foreach (var item in items) await ConfirmAsync($"{item.Item1} {item.Item2}", "Delete").ConfigureAwait(false);
                return;
            }
            if (!answer.Approved) return;
            await teardown.RemoveAsync(Name, Force, "Remove-AoEcsEndpoint", ct).ConfigureAwait(false);
        }

        protected override object? TargetOf(Exception ex) => Name;
    }
}
