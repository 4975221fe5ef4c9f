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
    /// The apps of a region, the shared endpoint each runs on, and their certificates, from the tagging API in pages of 100:
    /// one listing of the clusters, target groups and certificates tagged aotech:app, whatever the app, instead of a listing
    /// per app. An app of its own is named by its cluster; an app on a shared endpoint (whose cluster is the endpoint's) by
    /// its target group's or certificate's aotech:endpoint tag. The tagging API may still list a resource a moment after it
    /// is gone: <see cref="AppStatusReader"/> confirms each app with its cluster (and an endpoint app with its service or
    /// target group).
    /// </summary>
    public sealed class RegionApps
    {
        /// <summary>The tagging API's largest page (GetResources ResourcesPerPage).</summary>
        internal const int ResourcesPerPage = 100;
        /// <summary>Values one tag filter takes (GetResources TagFilter.Values).</summary>
        internal const int ValuesPerTagFilter = 20;

        private static readonly List<string> AppTypes = new List<string> { "ecs:cluster", "elasticloadbalancing:targetgroup", "acm" };
        private static readonly List<string> NamedAppTypes = new List<string> { "elasticloadbalancing:targetgroup", "acm" };

        private RegionApps(IReadOnlyList<string> names, List<Mapping> mappings)
        {
            Names = names;
            Certificates = mappings.Where(m => m.Arn.Split(':').ElementAtOrDefault(2) == "acm")
                .GroupBy(m => m.App, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(m => m.Arn).Distinct().OrderBy(a => a, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
            Endpoints = mappings.Where(m => m.Endpoint != null).GroupBy(m => m.App, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First().Endpoint!, StringComparer.Ordinal);
        }

        /// <summary>Names of the apps, sorted: clusters tagged aotech:app that carry the app's cluster name, and apps on an endpoint.</summary>
        public IReadOnlyList<string> Names { get; }

        /// <summary>ARNs of the certificates tagged for each app (an app without any is missing).</summary>
        internal IReadOnlyDictionary<string, List<string>> Certificates { get; }

        /// <summary>The shared endpoint of each app on one (its resources' aotech:endpoint tag); an app of its own is missing.</summary>
        internal IReadOnlyDictionary<string, string> Endpoints { get; }

        /// <summary>The names of <paramref name="app"/>'s resources, on its endpoint if it runs on one.</summary>
        internal StackNames NamesOf(string app) => StackNames.For(app, Endpoints.TryGetValue(app, out var endpoint) ? endpoint : null);

        public static async Task<RegionApps> ListAsync(AwsConnection aws, CancellationToken ct)
        {
            var mappings = await ListAsync(aws, new Tagging.TagFilter { Key = StackNames.AppTagKey }, AppTypes, ct).ConfigureAwait(false);
            var apps = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var m in mappings)
                if (m.Endpoint != null || m.Arn.EndsWith(":cluster/" + StackNames.For(m.App).Cluster, StringComparison.Ordinal) && m.Arn.Split(':').ElementAtOrDefault(2) == "ecs")
                    apps.Add(m.App);
            return new RegionApps(apps.ToList(), mappings);
        }

        /// <summary>The endpoints and certificates of <paramref name="apps"/>: one listing per 20 apps (their target groups and certificates).</summary>
        internal static async Task<RegionApps> OfAppsAsync(AwsConnection aws, IEnumerable<string> apps, CancellationToken ct)
        {
            var names = apps.Distinct(StringComparer.Ordinal).ToList();
            var listings = await Task.WhenAll(Batches.Of(names, ValuesPerTagFilter).Select(batch =>
                ListAsync(aws, new Tagging.TagFilter { Key = StackNames.AppTagKey, Values = batch }, NamedAppTypes, ct))).ConfigureAwait(false);
            return new RegionApps(names, listings.SelectMany(l => l).ToList());
        }

        private sealed class Mapping
        {
            public Mapping(string app, string arn, string? endpoint)
            {
                App = app;
                Arn = arn;
                Endpoint = endpoint;
            }

            public string App { get; }
            public string Arn { get; }
            public string? Endpoint { get; }
        }

        /// <summary>(app, ARN, endpoint) of every resource the filter matches, of valid app names only.</summary>
        private static async Task<List<Mapping>> ListAsync(AwsConnection aws, Tagging.TagFilter filter, List<string> types, CancellationToken ct)
        {
            var result = new List<Mapping>();
            foreach (var mapping in await TaggedResources.MappingsAsync(aws, filter, types, ResourcesPerPage, ct).ConfigureAwait(false))
            {
                var app = mapping.Tags.OrEmpty().FirstOrDefault(t => t.Key == StackNames.AppTagKey)?.Value;
                var endpoint = mapping.Tags.OrEmpty().FirstOrDefault(t => t.Key == StackNames.EndpointTagKey && !string.IsNullOrEmpty(t.Value))?.Value;
                if (app != null && mapping.ResourceARN != null && StackNames.IsValidAppName(app)) result.Add(new Mapping(app, mapping.ResourceARN, endpoint));
            }
            return result;
        }
    }
}
