using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Stack.Planning;
using Elb = AoTech.Ecs.Aws.Services.Elb;

namespace AoTech.Ecs.Stack.Converge.Discovery
{
    /// <summary>
    /// Who holds the app's DNS names (see <see cref="DomainOwnership"/>): an alias to the app's own load balancer is
    /// known by its name at no call; an alias to another load balancer of the region costs one look-up of that load
    /// balancer and its tags, and only then. Also finds the app's aliases at domains it no longer uses.
    /// </summary>
    internal sealed class DomainDiscovery
    {
        private readonly AwsConnection _aws;
        private readonly StackNames _names;

        public DomainDiscovery(AwsConnection connection, StackNames names)
        {
            _aws = connection;
            _names = names;
        }

        /// <summary>True when the alias points at the app's load balancer.</summary>
        public bool IsOurs(DiscoveredRecord record) =>
            record.AliasDnsName != null && DomainOwnership.IsLoadBalancer(record.AliasDnsName, _names.LoadBalancer, _aws.Region);

        /// <summary>The holders of the record sets at a name that claim it (see <see cref="DomainOwnership.Claims"/>).</summary>
        public async Task<List<DomainHolder>> HoldersAsync(IEnumerable<DiscoveredRecord> atName, bool atZoneApex, CancellationToken ct)
        {
            var claiming = atName.Where(r => DomainOwnership.Claims(r.Type, atZoneApex)).ToList();
            return (await Task.WhenAll(claiming.Select(r => HolderAsync(r, ct))).ConfigureAwait(false)).ToList();
        }

        private async Task<DomainHolder> HolderAsync(DiscoveredRecord record, CancellationToken ct)
        {
            if (record.AliasDnsName == null)
                return new DomainHolder(record, null, record.Values.Count == 0 ? "(no value)" : string.Join(", ", record.Values.Select(StackPlanner.TrimDot)));
            var target = StackPlanner.TrimDot(record.AliasDnsName);
            var lb = DomainOwnership.LoadBalancerOf(target);
            if (lb == null) return new DomainHolder(record, null, target);
            if (IsOurs(record)) return new DomainHolder(record, _names.App, "load balancer " + _names.LoadBalancer);
            if (lb.Value.Region != _aws.Region) return new DomainHolder(record, null, $"load balancer {lb.Value.Name} in {lb.Value.Region}");

            // Another load balancer of the region: its aotech:app tag says whose it is.
            var found = await AwsCalls.OrNull(() => _aws.SendAsync(new Elb.DescribeLoadBalancersRequest { Names = new List<string> { lb.Value.Name } }, ct),
                "LoadBalancerNotFound").ConfigureAwait(false);
            var match = found?.LoadBalancers.OrEmpty().FirstOrDefault(l => StackPlanner.SameDnsName(l.DNSName ?? "", StripDualStack(target)));
            if (match?.LoadBalancerArn == null) return new DomainHolder(record, null, $"load balancer {lb.Value.Name} (not found in {_aws.Region})");
            var tags = await _aws.SendAsync(new Elb.DescribeTagsRequest { ResourceArns = new List<string> { match.LoadBalancerArn } }, ct).ConfigureAwait(false);
            var app = tags.TagDescriptions.OrEmpty().SelectMany(d => d.Tags.OrEmpty()).FirstOrDefault(t => t.Key == StackNames.AppTagKey)?.Value;
            return new DomainHolder(record, app, "load balancer " + lb.Value.Name);
        }

        private static string StripDualStack(string name) =>
            name.StartsWith("dualstack.", StringComparison.OrdinalIgnoreCase) ? name.Substring("dualstack.".Length) : name;

        /// <summary>
        /// The app's alias records at <paramref name="domains"/> (only those pointing at its load balancer), each in the
        /// public hosted zone of its domain: one look-up per domain. Remove-AoEcsApp deletes them with the app; New-AoEcsApp
        /// those of domains the app has left.
        /// </summary>
        public async Task<List<ZoneRecord>> AliasesAsync(IEnumerable<string> domains, IList<HostedZoneInfo> zones, CancellationToken ct)
        {
            var discovery = new RecordDiscovery(_aws);
            var lookups = domains.Distinct(StringComparer.OrdinalIgnoreCase).Select(async domain =>
            {
                var zone = HostedZones.FindFor(domain, zones);
                if (zone == null) return null;
                var alias = await discovery.RecordAsync(zone.Id, domain, "A", ct).ConfigureAwait(false);
                return alias != null && IsOurs(alias) ? new ZoneRecord(zone.Id, alias) : null;
            });
            return (await Task.WhenAll(lookups).ConfigureAwait(false)).Where(r => r != null).Select(r => r!).ToList();
        }
    }
}
