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
            var items = plan.Apps.Select(app => (Resource: "app", Name: $"{app} (every resource of it, as Remove-AoEcsApp removes them)")).ToList();
            items.AddRange(plan.Items.Select(i => (i.Resource, i.Name)));
            items.AddRange(await RemovalConfirmation.LeftLockAsync(teardown.LockFor(Name), "endpoint lock", ct).ConfigureAwait(false));
            if (!await RemovalConfirmation.ConfirmAsync(this, $"endpoint '{Name}'", Connection.Region, items).ConfigureAwait(false)) return;
            await teardown.RemoveAsync(Name, Force, "Remove-AoEcsEndpoint", ct).ConfigureAwait(false);
        }

        protected override object? TargetOf(Exception ex) => Name;
    }
}
