using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Stack.Converge.Listing;

namespace AoTech.Ecs.Stack.Converge
{
    /// <summary>
    /// Live status of apps for Get-AoEcsApp: found by the aotech:app tag on ECS clusters, read-only. The reads are batched
    /// across apps (Listing/AppStatusReader), so a region's listing costs pages, not apps times resources.
    /// </summary>
    public sealed class StackStatus
    {
        private readonly AwsConnection _aws;

        public StackStatus(AwsConnection connection)
        {
            _aws = connection;
        }

        /// <summary>The apps in the region (clusters tagged aotech:app), sorted, with what the listing learnt of them.</summary>
        public Task<RegionApps> ListAppsAsync(CancellationToken ct) => RegionApps.ListAsync(_aws, ct);

        /// <summary>The status of each app, in order; <paramref name="listing"/> when the names came from <see cref="ListAppsAsync"/>.</summary>
        public Task<IReadOnlyList<AppReading>> GetAsync(IReadOnlyList<string> apps, RegionApps? listing, CancellationToken ct) =>
            new AppStatusReader(_aws).ReadAsync(apps, listing, ct);

        /// <summary>The app's status, or null when it has no cluster.</summary>
        public async Task<AoEcsApp?> GetAsync(string app, CancellationToken ct)
        {
            var reading = (await GetAsync(new[] { app }, null, ct).ConfigureAwait(false)).Single();
            if (reading.Error != null) throw reading.Error;
            return reading.Status;
        }
    }
}
