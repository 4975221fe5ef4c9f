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
            items.AddRange(await RemovalConfirmation.LeftLockAsync(stack.LockFor(Name), "app lock", ct).ConfigureAwait(false));
            if (!await RemovalConfirmation.ConfirmAsync(this, $"app '{Name}'", Connection.Region, items).ConfigureAwait(false)) return;
            // Under the app's lock (waits for a New-AoEcsApp at work), finding everything again once it is held.
            await stack.RemoveLockedAsync(Name, "Remove-AoEcsApp", ct).ConfigureAwait(false);
        }

        protected override object? TargetOf(Exception ex) => Name;
    }
}
