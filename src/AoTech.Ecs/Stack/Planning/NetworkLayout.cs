using System;
using System.Collections.Generic;
using System.Linq;

namespace AoTech.Ecs.Stack.Planning
{
    /// <summary>
    /// Where the load balancer and the container instances go in a network. An internet-facing Application Load Balancer
    /// takes exactly one subnet per Availability Zone, in at least two zones, and those subnets must be public (their
    /// route table sends 0.0.0.0/0 to an internet gateway). Instances need outbound access to reach ECS and the image
    /// registry: a private subnet routing 0.0.0.0/0 to a NAT gateway (or a transit gateway, NAT instance or network
    /// interface), preferred, else a public subnet that gives instances a public IPv4 address. Pure: no AWS calls.
    /// </summary>
    public sealed class NetworkLayout
    {
        private NetworkLayout(IReadOnlyList<string> loadBalancer, IReadOnlyList<string> instances, string? loadBalancerProblem = null,
            string? instanceProblem = null)
        {
            LoadBalancerSubnetIds = loadBalancer;
            InstanceSubnetIds = instances;
            LoadBalancerProblem = loadBalancerProblem;
            InstanceProblem = instanceProblem;
        }

        /// <summary>One public subnet per zone, ordered by zone.</summary>
        public IReadOnlyList<string> LoadBalancerSubnetIds { get; }
        public IReadOnlyList<string> InstanceSubnetIds { get; }
        /// <summary>Why the load balancer cannot go into this network, or null.</summary>
        public string? LoadBalancerProblem { get; }
        /// <summary>Why no subnet gives the instances outbound access, or null.</summary>
        public string? InstanceProblem { get; }
        /// <summary>Only private subnets were acceptable for the instances (see <see cref="Choose"/>).</summary>
        public bool PrivateOnly { get; private set; }
        public bool IsUsable => LoadBalancerProblem == null && InstanceProblem == null;

        public static bool IsPublic(DiscoveredSubnet subnet) =>
            subnet.DefaultRouteTarget != null && subnet.DefaultRouteTarget.StartsWith("igw-", StringComparison.Ordinal);

        /// <summary>
        /// A private subnet whose default route leads out through a NAT gateway, transit gateway, NAT instance or interface,
        /// or that has no default route but reaches AWS through VPC endpoints (its route table holds a gateway endpoint's route).
        /// </summary>
        public static bool RoutesOutPrivately(DiscoveredSubnet subnet)
        {
            var target = subnet.DefaultRouteTarget;
            return target != null && new[] { "nat-", "tgw-", "i-", "eni-", "vpce-" }.Any(p => target.StartsWith(p, StringComparison.Ordinal));
        }

        /// <summary>
        /// Chooses in a given network (all its subnets, or those named with -SubnetId). <paramref name="inUse"/>: subnets the
        /// app's load balancer uses now, kept where they still qualify so a re-run does not move it.
        /// </summary>
        /// <paramref name="publicInstances"/>: without a private subnet that routes out, instances may go into public subnets
        /// with public IPs (-Network Public, or an app that runs there already); otherwise such a network is refused.
        public static NetworkLayout Choose(DiscoveredNetwork network, ISet<string>? inUse = null, bool publicInstances = true)
        {
            var subnets = network.Subnets;
            var publicByZone = subnets.Where(IsPublic)
                .GroupBy(s => s.AvailabilityZone, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => g.OrderByDescending(s => inUse != null && inUse.Contains(s.SubnetId)).ThenBy(s => s.SubnetId, StringComparer.Ordinal).First())
                .ToList();
            var loadBalancer = publicByZone.Select(s => s.SubnetId).ToList();

            var privateOut = subnets.Where(RoutesOutPrivately).ToList();
            var instances = (privateOut.Count > 0 || !publicInstances ? privateOut : subnets.Where(s => IsPublic(s) && s.MapPublicIpOnLaunch).ToList())
                .OrderBy(s => s.AvailabilityZone, StringComparer.Ordinal).ThenBy(s => s.SubnetId, StringComparer.Ordinal)
                .Select(s => s.SubnetId).ToList();

            var loadBalancerProblem = publicByZone.Count >= 2 ? null
                : "An internet-facing load balancer needs a public subnet (one whose route table sends 0.0.0.0/0 to an internet " +
                  $"gateway) in each of at least two Availability Zones; {Describe(network)}.";
            var instanceProblem = instances.Count > 0 ? null
                : !publicInstances
                ? "Container instances go into private subnets: no subnet routes 0.0.0.0/0 to a NAT gateway, transit gateway or NAT " +
                  "instance, and none reaches AWS through VPC endpoints (a gateway endpoint's route). Add one, or give -Network Public " +
                  $"to put the instances in public subnets with public IPs; {Describe(network)}."
                : "Container instances need outbound access to reach ECS and the image registry: no subnet routes 0.0.0.0/0 to a " +
                  "NAT gateway, transit gateway or NAT instance, and no public subnet assigns public IPv4 addresses " +
                  $"(MapPublicIpOnLaunch); {Describe(network)}.";
            return new NetworkLayout(loadBalancer, instances, loadBalancerProblem, instanceProblem) { PrivateOnly = !publicInstances };
        }

        private static string Describe(DiscoveredNetwork network) =>
            $"in {network.VpcId}: " + string.Join(", ", network.Subnets.Select(s =>
                $"{s.SubnetId} ({s.AvailabilityZone}) routes 0.0.0.0/0 to {s.DefaultRouteTarget ?? "nothing"}" +
                (IsPublic(s) && !s.MapPublicIpOnLaunch ? ", no public IPs" : "")));
    }
}
