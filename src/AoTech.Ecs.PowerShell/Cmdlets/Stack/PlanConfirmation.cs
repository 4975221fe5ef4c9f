using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AoTech.Ecs.PowerShell.Infrastructure;
using AoTech.Ecs.Stack.Planning;

namespace AoTech.Ecs.PowerShell.Cmdlets.Stack
{
    /// <summary>
    /// -WhatIf and -Confirm over a stack plan, group by group (New-AoEcsApp; Set-AoEcsApp's strategy change). An answer is kept
    /// for the second plan made under the app's lock, which then asks only about groups not confirmed yet.
    /// </summary>
    internal sealed class PlanConfirmation
    {
        private readonly AoAsyncCmdlet _cmdlet;
        private readonly string _app;
        private readonly string? _endpoint;
        private readonly Dictionary<ResourceGroup, bool> _answers = new Dictionary<ResourceGroup, bool>();

        public PlanConfirmation(AoAsyncCmdlet cmdlet, string app, string? endpoint)
        {
            _cmdlet = cmdlet;
            _app = app;
            _endpoint = endpoint;
        }

        /// <summary>Groups an app on a shared endpoint shares with the other apps on it (the rest are its own, or mixed).</summary>
        private static readonly HashSet<ResourceGroup> EndpointGroups = new HashSet<ResourceGroup>
        {
            ResourceGroup.Network, ResourceGroup.SecurityGroups, ResourceGroup.Compute, ResourceGroup.Cluster,
        };

        // Asks PowerShell per group with changes (on the pipeline thread) and returns the confirmed groups; null when
        // PowerShell answered for -WhatIf, after listing the groups that stay as they are. A plan without changes asks
        // once about the whole app, so -WhatIf still shows it and stops.
        public async Task<ISet<ResourceGroup>?> ApproveAsync(StackPlan plan)
        {
            var approved = new HashSet<ResourceGroup>();
            var whatIf = false;
            var changing = plan.Groups.Where(g => plan.ActionOf(g) != PlanAction.Keep).ToList();
            foreach (var group in changing)
            {
                if (!_answers.TryGetValue(group, out var yes))
                {
                    var answer = await _cmdlet.ConfirmAsync(Describe(plan, group), plan.ActionOf(group).ToString()).ConfigureAwait(false);
                    whatIf |= answer.WhatIf;
                    yes = answer.Approved;
                    if (!answer.WhatIf) _answers[group] = yes;
                }
                if (yes) approved.Add(group);
            }
            if (changing.Count == 0 && _answers.Count == 0)
            {
                // Nothing to confirm, but PowerShell decides whether this is a -WhatIf (and prints it).
                whatIf = (await _cmdlet.ConfirmAsync($"app '{_app}': every resource group as asked", PlanAction.Keep.ToString()).ConfigureAwait(false)).WhatIf;
            }
            if (!whatIf) return approved;
            foreach (var group in plan.Groups.Where(g => plan.ActionOf(g) == PlanAction.Keep && changing.Count > 0))
                await _cmdlet.ConfirmAsync(Describe(plan, group), PlanAction.Keep.ToString()).ConfigureAwait(false);
            return null;
        }

        private string Describe(StackPlan plan, ResourceGroup group) =>
            (_endpoint == null ? $"{group} of app '{_app}': "
                : EndpointGroups.Contains(group) ? $"{group} of endpoint '{_endpoint}': "
                : $"{group} of app '{_app}' on endpoint '{_endpoint}': ") +
            string.Join("; ", plan.ItemsOf(group).Select(i => i.Description));
    }
}
