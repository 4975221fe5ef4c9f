using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Stack.Planning;
using R53 = AoTech.Ecs.Aws.Services.Route53;

namespace AoTech.Ecs.Stack.Converge.Discovery
{
    /// <summary>Route 53 record sets as discovery reads them: one by name and type, or every one at and under a domain.</summary>
    internal sealed class RecordDiscovery
    {
        private readonly AwsConnection _aws;

        public RecordDiscovery(AwsConnection connection) => _aws = connection;

        /// <summary>The record set with exactly this name and type in the zone, or null.</summary>
        public async Task<DiscoveredRecord?> RecordAsync(string hostedZoneId, string name, string type, CancellationToken ct)
        {
            var response = await _aws.SendAsync(new R53.ListResourceRecordSetsRequest
            {
                HostedZoneId = hostedZoneId,
                StartRecordName = name,
                StartRecordType = type,
                MaxItems = "1",
            }, ct).ConfigureAwait(false);
            return ToRecord(response.ResourceRecordSets.OrEmpty(), name, type);
        }

        /// <summary>
        /// The record sets wanted (in order; null when absent) and every record set at <paramref name="domainName"/>,
        /// found with ONE listing from the domain's A record on: Route 53 sorts by name with the labels reversed, then by
        /// type, so every type at the domain and every name under it (the certificate's validation records are
        /// "_x.domain") follow that start point. A name the listing may not have reached (truncated page) or that is not
        /// under the domain is looked up on its own.
        /// </summary>
        public async Task<(List<DiscoveredRecord?> Wanted, List<DiscoveredRecord> AtName)> RecordsUnderAsync(string hostedZoneId, string domainName,
            IList<(string Name, string Type)> wanted, CancellationToken ct)
        {
            var sets = new List<R53.ResourceRecordSet>();
            R53.ListResourceRecordSetsResponse response;
            string? startName = domainName, startType = "A", startIdentifier = null;
            do
            {
                response = await _aws.SendAsync(new R53.ListResourceRecordSetsRequest
                {
                    HostedZoneId = hostedZoneId,
                    StartRecordName = startName,
                    StartRecordType = startType,
                    StartRecordIdentifier = startIdentifier,
                    MaxItems = "50",
                }, ct).ConfigureAwait(false);
                sets.AddRange(response.ResourceRecordSets.OrEmpty());
                startName = response.NextRecordName;
                startType = response.NextRecordType;
                startIdentifier = response.NextRecordIdentifier;
                // Only a domain with more record sets than a page (weighted or latency sets) needs the next page.
            } while (response.IsTruncated == true && startName != null && StackPlanner.SameDnsName(Unescape(startName), domainName));
            var complete = response.IsTruncated != true;
            var domain = domainName.TrimEnd('.');
            var lookups = wanted.Select(w =>
            {
                var record = ToRecord(sets, w.Name, w.Type);
                var name = Unescape(w.Name).TrimEnd('.');
                var covered = StackPlanner.SameDnsName(name, domain) || name.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase);
                return record != null || (complete && covered)
                    ? Task.FromResult(record)
                    : RecordAsync(hostedZoneId, w.Name, w.Type, ct);
            }).ToList();
            var atName = sets.Where(r => StackPlanner.SameDnsName(Unescape(r.Name ?? ""), domainName)).Select(ToRecord).ToList();
            return ((await Task.WhenAll(lookups).ConfigureAwait(false)).ToList(), atName);
        }

        private static DiscoveredRecord? ToRecord(IEnumerable<R53.ResourceRecordSet> sets, string name, string type)
        {
            var set = sets.FirstOrDefault(r => StackPlanner.SameDnsName(Unescape(r.Name ?? ""), name) && r.Type == type);
            return set == null ? null : ToRecord(set);
        }

        private static DiscoveredRecord ToRecord(R53.ResourceRecordSet set)
        {
            return new DiscoveredRecord
            {
                Name = set.Name ?? "",
                Type = set.Type ?? "",
                Ttl = set.TTL,
                Values = set.ResourceRecords.OrEmpty().Select(v => v.Value ?? "").ToList(),
                AliasDnsName = set.AliasTarget?.DNSName,
                AliasHostedZoneId = set.AliasTarget?.HostedZoneId,
                AliasEvaluateTargetHealth = set.AliasTarget?.EvaluateTargetHealth == true,
            };
        }

        /// <summary>Route 53 returns some characters (e.g. '*') as octal escapes "\052".</summary>
        private static string Unescape(string name) => name.Replace("\\052", "*");
    }
}
