using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Stack.Planning;
using Acm = AoTech.Ecs.Aws.Services.Acm;

namespace AoTech.Ecs.Stack.Converge.Discovery
{
    /// <summary>The app's certificates as discovery sees them.</summary>
    public sealed class FoundCertificates
    {
        public FoundCertificates(DiscoveredCertificate? chosen, DiscoveredCertificate? onListener, IList<DiscoveredCertificate> others)
        {
            Chosen = chosen;
            OnListener = onListener;
            Others = others;
        }

        /// <summary>The certificate the stack uses (or waits for) for the domain; null when one is to be requested.</summary>
        public DiscoveredCertificate? Chosen { get; }
        /// <summary>The certificate on the app's HTTPS listener now, whoever's it is.</summary>
        public DiscoveredCertificate? OnListener { get; }
        /// <summary>The app's other certificates, whatever their domain: what New-AoEcsApp removes once they are free.</summary>
        public IList<DiscoveredCertificate> Others { get; }
    }

    /// <summary>
    /// Finds the app's certificates. On a re-run the one on the HTTPS listener, issued for the domain, is the one in use:
    /// one DescribeCertificate call. The app's other certificates come from the tagging API's listing (every certificate
    /// tagged for the app, whatever its domain), so a second certificate left by a cut-off run, or the one of a domain
    /// the app moved away from, is found at no call while there is none.
    /// </summary>
    internal sealed class CertificateDiscovery
    {
        private readonly AwsConnection _aws;

        public CertificateDiscovery(AwsConnection connection) => _aws = connection;

        public async Task<FoundCertificates> FindAsync(string domainName, string? listenerCertificateArn, TaggedResources tagged, CancellationToken ct)
        {
            var listener = listenerCertificateArn == null ? Task.FromResult<DiscoveredCertificate?>(null) : DescribeAsync(listenerCertificateArn, ct);
            var ours = await AllAsync(tagged, ct, listenerCertificateArn).ConfigureAwait(false);
            var onListener = await listener.ConfigureAwait(false);
            if (onListener != null && tagged.Contains(onListener.Arn)) ours.Insert(0, onListener);

            var chosen = Choose(domainName, onListener, ours);
            return new FoundCertificates(chosen, onListener, ours.Where(c => c != chosen).ToList());
        }

        /// <summary>
        /// The certificate the app uses or waits for at <paramref name="domainName"/>: the one on the listener when it is
        /// issued for the domain, else of the app's own the first issued, usable, or any for the domain.
        /// </summary>
        internal static DiscoveredCertificate? Choose(string domainName, DiscoveredCertificate? onListener, IList<DiscoveredCertificate> ours)
        {
            bool ForDomain(DiscoveredCertificate c) => StackPlanner.SameDnsName(c.DomainName, domainName);
            return onListener != null && onListener.Status == "ISSUED" && ForDomain(onListener)
                ? onListener
                : ours.Where(c => ForDomain(c) && c.Status == "ISSUED")
                    .Concat(ours.Where(c => ForDomain(c) && c.IsUsable))
                    .Concat(ours.Where(ForDomain)).FirstOrDefault();
        }

        /// <summary>
        /// Every certificate the tagging API lists for the app (but <paramref name="except"/>), whatever its domain or state,
        /// as ACM describes it. One listed a moment after its deletion is gone for DescribeCertificate, and skipped.
        /// </summary>
        internal async Task<List<DiscoveredCertificate>> AllAsync(TaggedResources tagged, CancellationToken ct, string? except = null)
        {
            var described = await Task.WhenAll(tagged.Certificates.Where(a => a != except).Select(a => DescribeAsync(a, ct))).ConfigureAwait(false);
            return described.Where(c => c != null).Select(c => c!).ToList();
        }

        /// <summary>Every certificate of the app, whatever its domain or state (teardown deletes them all).</summary>
        public async Task<List<DiscoveredCertificate>> AllAsync(StackNames names, CancellationToken ct) =>
            await AllAsync(await TaggedResources.ListAsync(_aws, names, ct).ConfigureAwait(false), ct).ConfigureAwait(false);

        /// <summary>
        /// A certificate's validation CNAMEs as ACM asked for them, in its domain's hosted zone (what may be deleted with it);
        /// names <paramref name="known"/> says were found already are not looked up again.
        /// </summary>
        public async Task<IList<ZoneRecord>> ValidationRecordsOfAsync(DiscoveredCertificate certificate, IList<HostedZoneInfo> zones, CancellationToken ct,
            Func<string, bool>? known = null)
        {
            var result = new List<ZoneRecord>();
            var zone = HostedZones.FindFor(certificate.DomainName, zones);
            if (zone == null) return result;
            var records = new RecordDiscovery(_aws);
            foreach (var option in certificate.ValidationOptions.Where(o => o.RecordName != null))
            {
                if (result.Any(r => StackPlanner.SameDnsName(r.Record.Name, option.RecordName!)) || known?.Invoke(option.RecordName!) == true) continue;
                var record = await records.RecordAsync(zone.Id, option.RecordName!, "CNAME", ct).ConfigureAwait(false);
                if (record != null && record.Values.Any(v => StackPlanner.SameDnsName(v, option.RecordValue ?? "")))
                    result.Add(new ZoneRecord(zone.Id, record));
            }
            return result;
        }

        /// <summary>The load balancer itself (what AWS names in InUseBy) or one of its listeners (what some emulators name).</summary>
        private static bool IsOfLoadBalancer(string user, string? loadBalancerArn) =>
            loadBalancerArn != null && (user == loadBalancerArn ||
                                        user.StartsWith(loadBalancerArn.Replace(":loadbalancer/", ":listener/") + "/", StringComparison.Ordinal));

        internal async Task<DiscoveredCertificate?> DescribeAsync(string arn, CancellationToken ct)
        {
            var detail = await AwsCalls.OrNull(() => _aws.SendAsync(new Acm.DescribeCertificateRequest { CertificateArn = arn }, ct),
                "ResourceNotFoundException").ConfigureAwait(false);
            return detail?.Certificate == null ? null : ToCertificate(detail.Certificate);
        }

        internal static DiscoveredCertificate ToCertificate(Acm.CertificateDetail c) => new DiscoveredCertificate
        {
            Arn = c.CertificateArn ?? "",
            DomainName = c.DomainName ?? "",
            Status = c.Status ?? "",
            InUseBy = c.InUseBy.OrEmpty(),
            SubjectAlternativeNames = c.SubjectAlternativeNames.OrEmpty().ToList(),
            ValidationOptions = c.DomainValidationOptions.OrEmpty().Select(o => new DiscoveredValidationOption
            {
                DomainName = o.DomainName ?? "",
                ValidationStatus = o.ValidationStatus,
                RecordName = o.ResourceRecord?.Name,
                RecordValue = o.ResourceRecord?.Value,
            }).ToList(),
        };

        /// <summary>
        /// The extras New-AoEcsApp removes once the listener no longer needs them: every certificate of the app but the
        /// chosen one. One another resource still uses is reported and kept; one for a domain the app left takes its
        /// validation records (<paramref name="validationRecords"/>) with it.
        /// </summary>
        public static IEnumerable<DiscoveredExtra> Extras(FoundCertificates found, string domainName, string? loadBalancerArn,
            Func<DiscoveredCertificate, IList<ZoneRecord>> validationRecords)
        {
            foreach (var certificate in found.Others)
            {
                var sameDomain = StackPlanner.SameDnsName(certificate.DomainName, domainName);
                var why = certificate == found.OnListener
                    ? $"on the HTTPS listener until the certificate for {StackPlanner.TrimDot(domainName)} replaces it"
                    : sameDomain
                        ? $"a second certificate for {StackPlanner.TrimDot(domainName)}, not on the listener"
                        : $"for {certificate.DomainName}, a domain the app has left for {StackPlanner.TrimDot(domainName)}";
                var usedBy = certificate.InUseBy.Where(user => !IsOfLoadBalancer(user, loadBalancerArn)).ToList();
                yield return new DiscoveredExtra(ExtraKind.Certificate, certificate.Arn, certificate.DomainName, null)
                {
                    Why = why,
                    LeftBecause = usedBy.Count > 0 ? "in use by " + string.Join(", ", usedBy) : null,
                    // A second certificate for the same domain shares its validation record with the one kept.
                    Records = sameDomain ? new List<ZoneRecord>() : validationRecords(certificate),
                };
            }
        }
    }
}
