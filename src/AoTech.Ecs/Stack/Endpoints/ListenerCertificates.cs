using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using Acm = AoTech.Ecs.Aws.Services.Acm;

namespace AoTech.Ecs.Stack.Endpoints
{
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

        /// <summary>
        /// The first certificate the listener serves (the default one first) that is issued and covers <paramref name="host"/>,
        /// or null. One DescribeCertificate per served certificate, stopping at the first that covers.
        /// </summary>
        public static async Task<string?> CoveringAsync(AwsConnection aws, ListenerRoutes routes, string host, CancellationToken ct)
        {
            var served = new[] { routes.DefaultCertificateArn }.Concat(routes.ExtraCertificateArns).Where(a => a != null).Select(a => a!);
            foreach (var arn in served)
            {
                var detail = (await aws.SendAsync(new Acm.DescribeCertificateRequest { CertificateArn = arn }, ct).ConfigureAwait(false)).Certificate;
                if (detail?.Status != "ISSUED") continue;
                var names = new[] { detail.DomainName ?? "" }.Concat(detail.SubjectAlternativeNames ?? new List<string>());
                if (Covers(names, host)) return arn;
            }
            return null;
        }
    }
}
