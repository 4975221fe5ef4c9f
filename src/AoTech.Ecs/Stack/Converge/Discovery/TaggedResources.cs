using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using Tagging = AoTech.Ecs.Aws.Services.Tagging;

namespace AoTech.Ecs.Stack.Converge.Discovery
{
    /// <summary>
    /// ARNs of the resources tagged aotech:app=&lt;app&gt; in the region, of the kinds discovery asks for, from one listing of
    /// the tagging API. It serves two purposes at the cost of one call: it tells whether the load balancer and target
    /// group found by name are the app's (instead of an ELB DescribeTags), and it lists every certificate of the app,
    /// whatever its domain, so that one not on the listener is found (issue 18). The tagging API may list a resource a
    /// moment after it is gone, or not yet one just made: callers confirm with the service's own call.
    /// </summary>
    internal sealed class TaggedResources
    {
        /// <summary>Service-level type filters, which both AWS and the emulators accept (AWS: "service[:resourceType]").</summary>
        private static readonly List<string> Types = new List<string>
        {
            "elasticloadbalancing:loadbalancer", "elasticloadbalancing:targetgroup", "acm",
        };

        private readonly HashSet<string> _arns;

        private TaggedResources(IEnumerable<string> arns, string? endpoint)
        {
            _arns = new HashSet<string>(arns, StringComparer.Ordinal);
            Endpoint = endpoint;
        }

        /// <summary>The shared endpoint the app's resources say it runs on (their aotech:endpoint tag); null: a stack of its own.</summary>
        public string? Endpoint { get; }

        /// <summary>No listing: each resource found by name is asked about with its service's own call (an endpoint's, whose tag is not aotech:app).</summary>
        public static TaggedResources None { get; } = new TaggedResources(new string[0], null);

        public static async Task<TaggedResources> ListAsync(AwsConnection aws, StackNames names, CancellationToken ct)
        {
            var filter = new Tagging.TagFilter { Key = StackNames.AppTagKey, Values = new List<string> { names.App } };
            var mappings = await MappingsAsync(aws, filter, Types, null, ct).ConfigureAwait(false);
            var endpoint = mappings.SelectMany(m => m.Tags.OrEmpty())
                .FirstOrDefault(t => t.Key == StackNames.EndpointTagKey && !string.IsNullOrEmpty(t.Value))?.Value;
            return new TaggedResources(mappings.Where(m => m.ResourceARN != null).Select(m => m.ResourceARN!), endpoint);
        }

        /// <summary>Every mapping the tagging API lists for <paramref name="filter"/> and <paramref name="types"/>, all pages.</summary>
        internal static async Task<List<Tagging.ResourceTagMapping>> MappingsAsync(AwsConnection aws, Tagging.TagFilter filter, List<string> types,
            int? resourcesPerPage, CancellationToken ct)
        {
            var mappings = new List<Tagging.ResourceTagMapping>();
            string? token = null;
            do
            {
                var page = await aws.SendAsync(new Tagging.GetResourcesRequest
                {
                    TagFilters = new List<Tagging.TagFilter> { filter },
                    ResourceTypeFilters = types,
                    ResourcesPerPage = resourcesPerPage,
                    PaginationToken = token,
                }, ct).ConfigureAwait(false);
                mappings.AddRange(page.ResourceTagMappingList.OrEmpty());
                token = page.PaginationToken;
            } while (!string.IsNullOrEmpty(token));
            return mappings;
        }

        /// <summary>Whether anything is tagged for the app (a load balancer, target group or certificate).</summary>
        public bool Any => _arns.Count > 0;

        /// <summary>Listed as tagged for the app.</summary>
        public bool Contains(string? arn) => arn != null && _arns.Contains(arn);

        /// <summary>The app's certificates (ARNs of the form arn:partition:acm:...), sorted.</summary>
        public IEnumerable<string> Certificates =>
            _arns.Where(a => a.Split(':').ElementAtOrDefault(2) == "acm").OrderBy(a => a, StringComparer.Ordinal);
    }
}
