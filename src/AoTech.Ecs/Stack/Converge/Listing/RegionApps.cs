using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Stack.Converge.Discovery;
using Tagging = AoTech.Ecs.Aws.Services.Tagging;

namespace AoTech.Ecs.Stack.Converge.Listing
{
    /// <summary>
    /// The apps of a region and their certificates, from the tagging API in pages of 100: one listing of the clusters and
    /// certificates tagged aotech:app, whatever the app, instead of a listing per app. The tagging API may still list a
    /// resource a moment after it is gone: <see cref="AppStatusReader"/> confirms each app with its cluster.
    /// </summary>
    public sealed class RegionApps
    {
        /// <summary>The tagging API's largest page (GetResources ResourcesPerPage).</summary>
        internal const int ResourcesPerPage = 100;
        /// <summary>Values one tag filter takes (GetResources TagFilter.Values).</summary>
        internal const int ValuesPerTagFilter = 20;

        private RegionApps(IReadOnlyList<string> names, IReadOnlyDictionary<string, List<string>> certificates)
        {
            Names = names;
            Certificates = certificates;
        }

        /// <summary>Names of the apps (clusters tagged aotech:app that carry the app's cluster name), sorted.</summary>
        public IReadOnlyList<string> Names { get; }

        /// <summary>ARNs of the certificates tagged for each app (an app without any is missing).</summary>
        internal IReadOnlyDictionary<string, List<string>> Certificates { get; }

        public static async Task<RegionApps> ListAsync(AwsConnection aws, CancellationToken ct)
        {
            var mappings = await ListAsync(aws, new Tagging.TagFilter { Key = StackNames.AppTagKey }, new List<string> { "ecs:cluster", "acm" }, ct)
                .ConfigureAwait(false);
            var apps = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var (app, arn) in mappings)
                if (arn.EndsWith(":cluster/" + StackNames.For(app).Cluster, StringComparison.Ordinal) && arn.Split(':').ElementAtOrDefault(2) == "ecs")
                    apps.Add(app);
            return new RegionApps(apps.ToList(), CertificatesOf(mappings));
        }

        /// <summary>The certificates tagged for <paramref name="apps"/>: one listing per 20 apps.</summary>
        internal static async Task<IReadOnlyDictionary<string, List<string>>> CertificatesOfAsync(AwsConnection aws, IEnumerable<string> apps, CancellationToken ct)
        {
            var listings = await Task.WhenAll(Batches.Of(apps, ValuesPerTagFilter).Select(batch =>
                ListAsync(aws, new Tagging.TagFilter { Key = StackNames.AppTagKey, Values = batch }, new List<string> { "acm" }, ct))).ConfigureAwait(false);
            return CertificatesOf(listings.SelectMany(l => l).ToList());
        }

        private static IReadOnlyDictionary<string, List<string>> CertificatesOf(List<(string App, string Arn)> mappings) =>
            mappings.Where(m => m.Arn.Split(':').ElementAtOrDefault(2) == "acm")
                .GroupBy(m => m.App, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(m => m.Arn).Distinct().OrderBy(a => a, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);

        /// <summary>(app, ARN) of every resource the filter matches, of valid app names only.</summary>
        private static async Task<List<(string App, string Arn)>> ListAsync(AwsConnection aws, Tagging.TagFilter filter, List<string> types, CancellationToken ct)
        {
            var result = new List<(string, string)>();
            foreach (var mapping in await TaggedResources.MappingsAsync(aws, filter, types, ResourcesPerPage, ct).ConfigureAwait(false))
            {
                var app = mapping.Tags.OrEmpty().FirstOrDefault(t => t.Key == StackNames.AppTagKey)?.Value;
                if (app != null && mapping.ResourceARN != null && IsAppName(app)) result.Add((app, mapping.ResourceARN));
            }
            return result;
        }

        private static bool IsAppName(string app)
        {
            try
            {
                StackNames.ValidateAppName(app);
                return true;
            }
            catch (Errors.AoEcsException)
            {
                return false;
            }
        }
    }
}
