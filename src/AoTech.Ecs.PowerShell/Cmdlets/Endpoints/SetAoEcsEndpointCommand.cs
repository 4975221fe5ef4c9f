using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.PowerShell.Cmdlets.Rollout;
using AoTech.Ecs.PowerShell.Cmdlets.Stack;
using AoTech.Ecs.PowerShell.Infrastructure;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.Converge;
using AoTech.Ecs.Stack.Endpoints;
using AoTech.Ecs.Stack.Planning;

namespace AoTech.Ecs.PowerShell.Cmdlets.Endpoints
{
    /// <summary>
    /// Changes what every app on a shared endpoint shares: the instances' type, image and size bounds, and who may reach the
    /// load balancer. Each run also moves the instances to the current ECS-optimised AMI (or -AmiId).
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "AoEcsEndpoint", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(EndpointStatus))]
    public sealed class SetAoEcsEndpointCommand : AoAwsCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = "";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [PSDefaultValue(Help = "Unchanged")]
        public string? InstanceType { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [WholeNumberTransformation]
        [ValidateRange(0, AppSpec.MaxInstances)]
        [PSDefaultValue(Help = "Unchanged")]
        public int? MinSize { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [WholeNumberTransformation]
        [ValidateRange(0, AppSpec.MaxInstances)]
        [PSDefaultValue(Help = "Unchanged")]
        public int? MaxSize { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [PSDefaultValue(Help = "Unchanged")]
        public string[]? AllowedCidr { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [PSDefaultValue(Help = "The current ECS-optimised Amazon Linux 2023 AMI (from its public SSM parameter)")]
        public string? AmiId { get; set; }

        protected override async Task ProcessRecordAsync(CancellationToken ct)
        {
            var change = new EndpointChange
            {
                Name = Name,
                InstanceType = InstanceType,
                MinSize = MinSize,
                MaxSize = MaxSize,
                AllowedCidr = AllowedCidr?.ToList(),
                AmiId = AmiId,
            };
            var stack = new EcsAppStack(Connection, new CmdletStackReporter(this));
            var done = await stack.ChangeEndpointAsync(change, "Set-AoEcsEndpoint", ApproveAsync, ct).ConfigureAwait(false);
            if (done == null) return; // -WhatIf
            if (done.Count == 0) PostVerbose($"Endpoint '{Name}': nothing changed.");
            // The endpoint as it is now, like Get-AoEcsEndpoint writes it, so that a script can go on from it.
            var endpoint = await EndpointStatusReader.ReadAsync(Connection, Name, ct).ConfigureAwait(false);
            endpoint.Changes = done.ToList();
            PostObject(WithConnectionDetails(endpoint));
        }

        // One question for the whole change (the groups of an endpoint's plan depend on each other); a plan without changes
        // still asks, so that -WhatIf shows it. Null: PowerShell answered for -WhatIf.
        private async Task<ISet<ResourceGroup>?> ApproveAsync(StackPlan plan)
        {
            var changes = plan.Changes.ToList();
            var answer = await ConfirmAsync($"endpoint '{Name}'", changes.Count == 0
                ? "Keep: every endpoint-level resource as asked"
                : string.Join("; ", changes.Select(i => i.Description))).ConfigureAwait(false);
            if (answer.WhatIf) return null;
            return answer.Approved ? new HashSet<ResourceGroup>(changes.Select(i => i.Group)) : new HashSet<ResourceGroup>();
        }

        protected override object? TargetOf(System.Exception ex) => Name;
    }
}
