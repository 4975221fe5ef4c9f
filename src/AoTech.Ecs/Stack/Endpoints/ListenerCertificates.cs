using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Stack.Planning;
using Acm = AoTech.Ecs.Aws.Services.Acm;

namespace AoTech.Ecs.Stack.Endpoints
{
    /// <summary>
    /// A certificate of an app that leaves a host (removed, or moved to another domain) which is the only one on the listener
    /// covering a host another app still routes: it stays on the listener and goes to that app (aotech:app), which then owns it.
    /// </summary>
    public sealed class CertificateHandOver
    {
        public CertificateHandOver(DiscoveredCertificate certificate, string fromApp, string toApp, string host)
        {
            Certificate = certificate;
            FromApp = fromApp;
            ToApp = toApp;
            Host = host;
        }

        public DiscoveredCertificate Certificate { get; }
        public string FromApp { get; }
        public string ToApp { get; }
        public string Host { get; }
        public override string ToString() => $"Hand certificate {Certificate.Arn} ({Certificate.DomainName}) over to app {ToApp}, which routes {Host} with it";
    }

    /// <summary>
    /// Which certificate an app joining an endpoint uses: one the HTTPS listener already serves and that covers the app's
    /// host is reused (another app's, or a wildcard), so the listener does not collect one certificate per app of a domain.
    /// </summary>
    public static class ListenerCertificates
    {
        /// <summary>
        /// Whether a certificate for <paramref name="names"/> (its domain and alternative names) is valid for
        /// <paramref name="host"/>: the same name, or a wildcard "*.parent" for a host one label below parent (RFC 6125 6.4.3:
        /// the wildcard stands for exactly one whole label).
        /// </summary>
        public static bool Covers(IEnumerable<string> names, string host)
        {
            host = host.TrimEnd('.').ToLowerInvariant();
            foreach (var raw in names)
            {
                var name = raw.TrimEnd('.').ToLowerInvariant();
                if (name == host) return true;
                if (name.StartsWith("*.", StringComparison.Ordinal))
                {
                    var dot = host.IndexOf('.');
                    if (dot > 0 && host.Substring(dot + 1) == name.Substring(2)) return true;
                }
            }
            return false;
        }

        /// <summary>Whether <paramref name="certificate"/> (its domain or an alternative name) is valid for <paramref name="host"/>.</summary>
        public static bool Covers(DiscoveredCertificate certificate, string host) => Covers(NamesOf(certificate), host);

        private static IEnumerable<string> NamesOf(DiscoveredCertificate c) => new[] { c.DomainName }.Concat(c.SubjectAlternativeNames);

        /// <summary>
        /// The first certificate the listener serves (the default one first) that is issued and covers <paramref name="host"/>,
        /// or null. One DescribeCertificate per served certificate, stopping at the first that covers.
        /// </summary>
        public static async Task<string?> CoveringAsync(AwsConnection aws, ListenerRoutes routes, string host, CancellationToken ct)
        {
            foreach (var arn in routes.ServedCertificateArns)
            {
                var detail = (await aws.SendAsync(new Acm.DescribeCertificateRequest { CertificateArn = arn }, ct).ConfigureAwait(false)).Certificate;
                if (detail?.Status != "ISSUED") continue;
                var names = new[] { detail.DomainName ?? "" }.Concat(detail.SubjectAlternativeNames ?? new List<string>());
                if (Covers(names, host)) return arn;
            }
            return null;
        }

        /// <summary>
        /// Which of <paramref name="leaving"/> (certificates of <paramref name="app"/> about to leave the listener) another app
        /// still needs (see <see cref="HandOvers"/>). Reads the other served certificates (one DescribeCertificate each) only
        /// once a leaving one covers another app's host.
        /// </summary>
        public static async Task<IReadOnlyList<CertificateHandOver>> HandOversAsync(AwsConnection aws, ListenerRoutes routes, string app,
            IEnumerable<DiscoveredCertificate> leaving, CancellationToken ct)
        {
            var leavingList = leaving.ToList();
            var hosts = routes.HostsOfOtherApps(app);
            if (!leavingList.Any(c => routes.Serves(c.Arn) && hosts.Any(h => Covers(c, h)))) return new List<CertificateHandOver>();
            return HandOvers(routes, app, leavingList, await StayingAsync(aws, routes, leavingList, ct).ConfigureAwait(false));
        }

        /// <summary>
        /// Which of <paramref name="leaving"/> another app still needs: issued, served, and the only certificate covering a host
        /// another app routes once <paramref name="leaving"/> are gone (<paramref name="staying"/>: the issued ones the listener
        /// keeps). Each goes to the first app (by name) routing such a host.
        /// </summary>
        public static IReadOnlyList<CertificateHandOver> HandOvers(ListenerRoutes routes, string app, IEnumerable<DiscoveredCertificate> leaving,
            IEnumerable<DiscoveredCertificate> staying)
        {
            var result = new List<CertificateHandOver>();
            var others = routes.Apps.Where(a => a.Key != app).Select(a => (App: a.Key, Host: StackPlanner.TrimDot(a.Value.Placed.Route.Host))).ToList();
            var stayingList = staying.ToList();
            foreach (var certificate in leaving.Where(c => c.Status == "ISSUED" && routes.Serves(c.Arn)))
            {
                var needed = others.FirstOrDefault(o => Covers(certificate, o.Host) &&
                    !stayingList.Any(c => Covers(c, o.Host)) && !result.Any(h => Covers(h.Certificate, o.Host)));
                if (needed.App != null) result.Add(new CertificateHandOver(certificate, app, needed.App, needed.Host));
            }
            return result;
        }

        /// <summary>Gives a certificate to its new owner: ACM keeps one value per tag key, so the old owner's tag goes first.</summary>
        public static async Task HandOverAsync(AwsConnection aws, CertificateHandOver handOver, CancellationToken ct)
        {
            await aws.SendAsync(new Acm.RemoveTagsFromCertificateRequest
            {
                CertificateArn = handOver.Certificate.Arn,
                Tags = new List<Acm.Tag> { new Acm.Tag { Key = StackNames.AppTagKey, Value = handOver.FromApp } },
            }, ct).ConfigureAwait(false);
            await aws.SendAsync(new Acm.AddTagsToCertificateRequest
            {
                CertificateArn = handOver.Certificate.Arn,
                Tags = new List<Acm.Tag> { new Acm.Tag { Key = StackNames.AppTagKey, Value = handOver.ToApp } },
            }, ct).ConfigureAwait(false);
        }


        /// <summary>The issued certificates the listener keeps serving once <paramref name="leaving"/> are off it.</summary>
        private static async Task<List<DiscoveredCertificate>> StayingAsync(AwsConnection aws, ListenerRoutes routes,
            IList<DiscoveredCertificate> leaving, CancellationToken ct)
        {
            var result = new List<DiscoveredCertificate>();
            foreach (var arn in routes.ServedCertificateArns.Where(a => leaving.All(c => c.Arn != a)))
            {
                var detail = await Converge.AwsCalls.OrNull(() => aws.SendAsync(new Acm.DescribeCertificateRequest { CertificateArn = arn }, ct),
                    "ResourceNotFoundException").ConfigureAwait(false);
                if (detail?.Certificate?.Status == "ISSUED") result.Add(Converge.Discovery.CertificateDiscovery.ToCertificate(detail.Certificate));
            }
            return result;
        }
    }
}
