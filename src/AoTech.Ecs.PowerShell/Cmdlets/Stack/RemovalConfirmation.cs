using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.PowerShell.Infrastructure;
using AoTech.Ecs.Stack.Locking;

namespace AoTech.Ecs.PowerShell.Cmdlets.Stack
{
    /// <summary>How Remove-AoEcsApp and Remove-AoEcsEndpoint list and confirm what they delete.</summary>
    internal static class RemovalConfirmation
    {
        /// <summary>A lock left by a run that died counts as something to remove (releasing it deletes it): its item, or none.</summary>
        public static async Task<IEnumerable<(string Resource, string Name)>> LeftLockAsync(AppLock held, string resource, CancellationToken ct)
        {
            var record = await held.ReadAsync(ct).ConfigureAwait(false);
            return record == null ? Enumerable.Empty<(string, string)>() : new[] { (resource, $"{held.Name} ({record.Describe()})") };
        }

        /// <summary>
        /// One question for the whole removal (ConfirmImpact High), naming how many resources of which kinds; -WhatIf lists
        /// every one after it. True: go on and remove. Nothing to remove says so on the verbose stream and asks nothing.
        /// </summary>
        public static async Task<bool> ConfirmAsync(AoAsyncCmdlet cmdlet, string subject, string region, IReadOnlyList<(string Resource, string Name)> items)
        {
            if (items.Count == 0)
            {
                cmdlet.PostVerbose($"Nothing of {subject} found in {region}: nothing to remove.");
                return false;
            }
            var summary = $"{subject}: {items.Count} resources ({string.Join(", ", items.Select(i => i.Resource).Distinct())})";
            var answer = await cmdlet.ConfirmAsync(summary, "Remove").ConfigureAwait(false);
            if (answer.WhatIf)
            {
                foreach (var item in items) await cmdlet.ConfirmAsync($"{item.Resource} {item.Name}", "Delete").ConfigureAwait(false);
                return false;
            }
            return answer.Approved;
        }
    }
}
