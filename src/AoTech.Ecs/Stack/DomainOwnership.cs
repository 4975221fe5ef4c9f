using System;
using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack.Planning;

namespace AoTech.Ecs.Stack
{
    /// <summary>
    /// Whose a DNS name is. The app's alias record is an A alias to its load balancer; a name is the app's to write when
    /// nothing claims it, or when what claims it points at a load balancer tagged for the app. Anything else (another
    /// app's alias, a CNAME, a plain A record, an alias to CloudFront, a delegation) is someone else's: New-AoEcsApp
    /// refuses the domain before any change, rather than overwrite that record or fail halfway. Pure: the records and
    /// the owners of the load balancers they point at come from discovery.
    /// </summary>
    public static class DomainOwnership
    {
        /// <summary>
        /// Record types that claim a name for traffic, so that an A alias cannot take it over: A and AAAA (answers for the
        /// name), CNAME (cannot share the name with anything), NS below the zone's apex (the name is delegated elsewhere).
        /// TXT, MX, CAA and the like live beside an alias.
        /// </summary>
        public static bool Claims(string type, bool atZoneApex) =>
            type == "A" || type == "AAAA" || type == "CNAME" || (type == "NS" && !atZoneApex);

        /// <summary>
        /// Null when <paramref name="app"/> may write <paramref name="domainName"/>'s alias record; otherwise the refusal
        /// (ErrorId DomainInUse) naming the record and its owner.
        /// </summary>
        public static AoEcsException? Check(string app, string domainName, string zoneName, IEnumerable<DomainHolder> holders)
        {
            var apex = StackPlanner.SameDnsName(domainName, zoneName);
            var taken = holders.FirstOrDefault(h => Claims(h.Record.Type, apex) && h.App != app);
            if (taken == null) return null;
            var domain = StackPlanner.TrimDot(domainName);
            var record = $"{taken.Record.Type} record {domain} -> {taken.Target}";
            var message = taken.App != null
                ? $"The domain {domain} belongs to app '{taken.App}': its {record}. An app never takes over another app's domain; " +
                  $"remove that app (Remove-AoEcsApp -Name {taken.App}) or choose another domain."
                : $"The domain {domain} is held by a record AoTech.Ecs did not create: {record}. New-AoEcsApp never overwrites " +
                  "a DNS record it does not own; delete that record or choose another domain.";
            return new AoEcsException(StackErrorIds.DomainInUse, AoErrorKind.ResourceExists, message, domain);
        }

        /// <summary>
        /// The load balancer an ELB DNS name belongs to: "[dualstack.][internal-]&lt;name&gt;-&lt;id&gt;.&lt;region&gt;.elb.amazonaws.com[.cn]"
        /// gives (name, region); null for anything else (CloudFront, S3, an IP).
        /// </summary>
        public static (string Name, string Region)? LoadBalancerOf(string? dnsName)
        {
            if (string.IsNullOrEmpty(dnsName)) return null;
            var name = StackPlanner.TrimDot(dnsName!).ToLowerInvariant();
            if (name.StartsWith("dualstack.", StringComparison.Ordinal)) name = name.Substring("dualstack.".Length);
            var labels = name.Split('.');
            if (labels.Length < 5 || labels[2] != "elb" || labels[3] != "amazonaws" || labels[4] != "com") return null;
            var first = labels[0];
            if (first.StartsWith("internal-", StringComparison.Ordinal)) first = first.Substring("internal-".Length);
            var dash = first.LastIndexOf('-');
            return dash <= 0 ? ((string, string)?)null : (first.Substring(0, dash), labels[1]);
        }

        /// <summary>True when <paramref name="dnsName"/> is the DNS name of the load balancer called <paramref name="loadBalancer"/> in <paramref name="region"/>.</summary>
        public static bool IsLoadBalancer(string? dnsName, string loadBalancer, string region) =>
            LoadBalancerOf(dnsName) is { } lb && lb.Name == loadBalancer.ToLowerInvariant() && lb.Region == region;
    }
}
