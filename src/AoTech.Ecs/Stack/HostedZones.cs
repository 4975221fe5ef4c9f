using System;
using System.Collections.Generic;
using System.Linq;

namespace AoTech.Ecs.Stack
{
    /// <summary>A Route 53 hosted zone as listed by ListHostedZonesByName.</summary>
    public sealed class HostedZoneInfo
    {
        public HostedZoneInfo(string id, string name, bool isPrivate)
        {
            Id = id.StartsWith("/hostedzone/", StringComparison.Ordinal) ? id.Substring("/hostedzone/".Length) : id;
            Name = name.TrimEnd('.').ToLowerInvariant();
            IsPrivate = isPrivate;
        }

        /// <summary>Zone id without the "/hostedzone/" prefix.</summary>
        public string Id { get; }
        /// <summary>Zone name, lower-case, without the trailing dot.</summary>
        public string Name { get; }
        public bool IsPrivate { get; }
    }

    public static class HostedZones
    {
        /// <summary>
        /// The public zone the domain's records go in: the zone named like the domain or its closest parent.
        /// Private zones are skipped: ACM validates through public DNS.
        /// </summary>
        public static HostedZoneInfo? FindFor(string domainName, IEnumerable<HostedZoneInfo> zones)
        {
            var domain = domainName.TrimEnd('.').ToLowerInvariant();
            return zones
                .Where(z => !z.IsPrivate && (domain == z.Name || domain.EndsWith("." + z.Name, StringComparison.Ordinal)))
                .OrderByDescending(z => z.Name.Length)
                .ThenBy(z => z.Id, StringComparer.Ordinal)
                .FirstOrDefault();
        }
    }
}
