using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Stack.Planning;
using Ec2 = Amazon.EC2.Model;

namespace AoTech.Ecs.Stack.Converge.Discovery
{
    /// <summary>What <see cref="NetworkDiscovery"/> found.</summary>
    internal sealed class NetworkFound
    {
        private readonly Dictionary<string, DiscoveredSubnet> _spareSubnets;

        public NetworkFound(DiscoveredNetwork? network, List<DiscoveredExtra> extras, Dictionary<string, DiscoveredSubnet> spareSubnets,
            List<string> missingSubnetIds, IReadOnlyList<string> foreign)
        {
            Network = network;
            Extras = extras;
            _spareSubnets = spareSubnets;
            MissingSubnetIds = missingSubnetIds;
            Foreign = foreign;
        }

        /// <summary>The dedicated network in use, or the given one; null when there is none.</summary>
        public DiscoveredNetwork? Network { get; }
        /// <summary>Our VPCs, gateways, route tables and subnets besides those in use.</summary>
        public List<DiscoveredExtra> Extras { get; }
        /// <summary>Subnet ids given with -SubnetId that do not exist.</summary>
        public List<string> MissingSubnetIds { get; }
        public IReadOnlyList<string> Foreign { get; }
        /// <summary>Our VPCs besides the one in use (our security groups there are extras too).</summary>
        public IEnumerable<string> ExtraVpcIds => Extras.Where(e => e.Kind == ExtraKind.Vpc).Select(e => e.Id);

        /// <summary>
        /// When the load balancer uses a subnet discovery counted as an extra (two of ours in one zone), keep that one
        /// instead: the subnet in use stays, the unused one goes.
        /// </summary>
        public void PreferSubnetsInUse(ISet<string>? used, StackNames names)
        {
            var network = Network;
            if (network == null || used == null) return;
            for (var i = 0; i < network.Subnets.Count; i++)
            {
                var kept = network.Subnets[i];
                if (used.Contains(kept.SubnetId)) continue;
                var inUse = Extras.FirstOrDefault(e => e.Kind == ExtraKind.Subnet && used.Contains(e.Id) &&
                    _spareSubnets.TryGetValue(e.Id, out var spare) && spare.AvailabilityZone == kept.AvailabilityZone);
                if (inUse == null) continue;
                Extras.Remove(inUse);
                Extras.Add(new DiscoveredExtra(ExtraKind.Subnet, kept.SubnetId, names.Subnet(kept.AvailabilityZone), kept.VpcId));
                network.Subnets[i] = _spareSubnets[inUse.Id];
            }
        }
    }

    /// <summary>The app's network: the dedicated VPC with its subnets, gateway and route table, or the one it was given.</summary>
    internal sealed class NetworkDiscovery
    {
        private readonly AwsConnection _aws;
        private readonly StackNames _names;
        private readonly Ownership _ownership;
        private readonly List<DiscoveredExtra> _extras = new List<DiscoveredExtra>();
        /// <summary>Second subnets of ours in a zone of the VPC in use, by id (one may turn out to be the one in use).</summary>
        private readonly Dictionary<string, DiscoveredSubnet> _spareSubnets = new Dictionary<string, DiscoveredSubnet>(StringComparer.Ordinal);
        private readonly List<string> _missingSubnetIds = new List<string>();

        /// <summary>One per look-up: it collects what it finds for the <see cref="NetworkFound"/> it returns.</summary>
        public NetworkDiscovery(AwsConnection connection, StackNames names)
        {
            _aws = connection;
            _names = names;
            _ownership = new Ownership(names);
        }

        /// <summary>
        /// The dedicated VPC (by Name and app tag), or the given one (-VpcId / -SubnetId), with subnets and routing.
        /// Each Describe call covers every VPC of ours at once, so a second VPC, gateway, route table or subnet per
        /// zone (an older version, a lost create answer) costs no extra call: the one in use is kept, the others are
        /// extras.
        /// </summary>
        public async Task<NetworkFound> FindAsync(AppSpec spec, CancellationToken ct)
        {
            var network = spec.UsesDedicatedNetwork ? await DedicatedAsync(ct).ConfigureAwait(false) : await GivenAsync(spec, ct).ConfigureAwait(false);
            return new NetworkFound(network, _extras, _spareSubnets, _missingSubnetIds, _ownership.Foreign);
        }

        private static DiscoveredExtra ExtraGateway(Ec2.InternetGateway g) =>
            new DiscoveredExtra(ExtraKind.InternetGateway, g.InternetGatewayId, AwsCalls.Tag(g.Tags, "Name"), null)
            { AttachedVpcIds = g.Attachments.OrEmpty().Select(a => a.VpcId).ToList() };

        private async Task<DiscoveredNetwork?> DedicatedAsync(CancellationToken ct)
        {
            // Gateways are asked for by the owner's tag alongside the VPCs, not after: a gateway is made side by side with the
            // VPC, so a run cut off there can leave one with no VPC of ours, which must be found (as an extra) all the same.
            var gatewaysCall = _aws.Ec2("DescribeInternetGateways", (c, t) => c.DescribeInternetGatewaysAsync(new Ec2.DescribeInternetGatewaysRequest
            {
                Filters = new List<Ec2.Filter> { AwsCalls.TagFilter(_names.EndpointOwnerTagKey, _names.EndpointName) },
            }, t), ct);
            var vpcs = await _aws.Ec2("DescribeVpcs", (c, t) => c.DescribeVpcsAsync(new Ec2.DescribeVpcsRequest
            {
                Filters = new List<Ec2.Filter> { AwsCalls.TagFilter("Name", _names.Vpc) },
            }, t), ct).ConfigureAwait(false);
            var ourVpcs = vpcs.Vpcs.OrEmpty().Where(v => AwsCalls.Tag(v.Tags, _names.EndpointOwnerTagKey) == _names.EndpointName)
                .OrderBy(v => v.VpcId, StringComparer.Ordinal).ToList();
            foreach (var other in vpcs.Vpcs.OrEmpty().Where(v => !ourVpcs.Contains(v))) _ownership.NoteForeign("VPC " + other.VpcId);
            if (ourVpcs.Count == 0)
            {
                _extras.AddRange((await gatewaysCall.ConfigureAwait(false)).InternetGateways.OrEmpty().Select(ExtraGateway));
                return null;
            }
            var vpcIds = ourVpcs.Select(v => v.VpcId).ToArray();

            var subnetsCall = _aws.Ec2("DescribeSubnets", (c, t) => c.DescribeSubnetsAsync(new Ec2.DescribeSubnetsRequest
            {
                Filters = new List<Ec2.Filter> { AwsCalls.Filter("vpc-id", vpcIds) },
            }, t), ct);
            var tablesCall = _aws.Ec2("DescribeRouteTables", (c, t) => c.DescribeRouteTablesAsync(new Ec2.DescribeRouteTablesRequest
            {
                Filters = new List<Ec2.Filter> { AwsCalls.Filter("vpc-id", vpcIds), AwsCalls.TagFilter(_names.EndpointOwnerTagKey, _names.EndpointName) },
            }, t), ct);
            // The private tier has a discovery of its own (PrivateNetworkDiscovery).
            var allSubnets = (await subnetsCall.ConfigureAwait(false)).Subnets.OrEmpty()
                .Where(s => AwsCalls.Tag(s.Tags, _names.EndpointOwnerTagKey) == _names.EndpointName && !PrivateNetworkDiscovery.IsPrivateTier(s.Tags)).ToList();
            var gateways = (await gatewaysCall.ConfigureAwait(false)).InternetGateways.OrEmpty().OrderBy(g => g.InternetGatewayId, StringComparer.Ordinal).ToList();
            var tables = (await tablesCall.ConfigureAwait(false)).RouteTables.OrEmpty().Where(r => !PrivateNetworkDiscovery.IsPrivateTier(r.Tags))
                .OrderBy(r => r.RouteTableId, StringComparer.Ordinal).ToList();

            // The VPC in use is the one holding most of our subnets (then a route table); the others are extras.
            var vpc = ourVpcs.OrderByDescending(v => allSubnets.Count(s => s.VpcId == v.VpcId))
                .ThenByDescending(v => tables.Any(r => r.VpcId == v.VpcId)).First();
            var network = new DiscoveredNetwork { VpcId = vpc.VpcId, CidrBlock = vpc.CidrBlock, LayoutTag = AwsCalls.Tag(vpc.Tags, StackNames.NetworkTagKey) };

            var gateway = gateways.FirstOrDefault(g => g.Attachments.OrEmpty().Any(a => a.VpcId == vpc.VpcId))
                          ?? gateways.FirstOrDefault(g => g.Attachments.OrEmpty().Count == 0) ?? gateways.FirstOrDefault();
            if (gateway != null)
            {
                network.InternetGatewayId = gateway.InternetGatewayId;
                network.InternetGatewayAttached = gateway.Attachments.OrEmpty().Any(a => a.VpcId == vpc.VpcId);
            }
            _extras.AddRange(gateways.Where(g => g != gateway).Select(ExtraGateway));

            // The route table in use is the one most of the VPC's subnets are associated with.
            var table = tables.Where(r => r.VpcId == vpc.VpcId)
                .OrderByDescending(r => r.Associations.OrEmpty().Count(a => a.SubnetId != null)).FirstOrDefault();
            if (table != null)
            {
                network.RouteTableId = table.RouteTableId;
                network.HasDefaultRoute = table.Routes.OrEmpty().Any(r =>
                    r.DestinationCidrBlock == "0.0.0.0/0" && r.GatewayId != null && r.GatewayId == network.InternetGatewayId);
                network.AssociatedSubnetIds = new HashSet<string>(
                    table.Associations.OrEmpty().Where(a => a.SubnetId != null).Select(a => a.SubnetId), StringComparer.Ordinal);
                network.RouteTableAssociationIds = AssociationIds(table);
            }
            _extras.AddRange(tables.Where(r => r != table).Select(r => new DiscoveredExtra(ExtraKind.RouteTable, r.RouteTableId,
                AwsCalls.Tag(r.Tags, "Name"), r.VpcId)
            {
                AssociationIds = AssociationIds(r),
            }));

            // One subnet per zone: the one associated with the route table, else the first.
            foreach (var zone in allSubnets.Where(s => s.VpcId == vpc.VpcId).GroupBy(s => s.AvailabilityZone).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var kept = zone.OrderByDescending(s => network.AssociatedSubnetIds.Contains(s.SubnetId)).ThenBy(s => s.SubnetId, StringComparer.Ordinal).First();
                network.Subnets.Add(ToSubnet(kept));
                foreach (var extra in zone.Where(s => s != kept))
                {
                    _extras.Add(new DiscoveredExtra(ExtraKind.Subnet, extra.SubnetId, AwsCalls.Tag(extra.Tags, "Name"), extra.VpcId));
                    _spareSubnets[extra.SubnetId] = ToSubnet(extra);
                }
            }
            _extras.AddRange(allSubnets.Where(s => s.VpcId != vpc.VpcId)
                .Select(s => new DiscoveredExtra(ExtraKind.Subnet, s.SubnetId, AwsCalls.Tag(s.Tags, "Name"), s.VpcId)));
            _extras.AddRange(ourVpcs.Where(v => v != vpc).Select(v => new DiscoveredExtra(ExtraKind.Vpc, v.VpcId, _names.Vpc, v.VpcId)));
            return network;
        }

        private static List<string> AssociationIds(Ec2.RouteTable table) => table.Associations.OrEmpty()
            .Where(a => a.Main != true && a.RouteTableAssociationId != null).Select(a => a.RouteTableAssociationId).ToList();

        private static DiscoveredSubnet ToSubnet(Ec2.Subnet s) => new DiscoveredSubnet
        {
            SubnetId = s.SubnetId,
            VpcId = s.VpcId,
            AvailabilityZone = s.AvailabilityZone,
            CidrBlock = s.CidrBlock,
            MapPublicIpOnLaunch = s.MapPublicIpOnLaunch == true,
        };

        /// <summary>The network the user named; its missing subnets are reported in <see cref="NetworkFound.MissingSubnetIds"/>.</summary>
        private async Task<DiscoveredNetwork?> GivenAsync(AppSpec spec, CancellationToken ct)
        {
            List<Ec2.Subnet> subnets;
            if (spec.SubnetIds.Count > 0)
            {
                var response = await _aws.Ec2("DescribeSubnets", (c, t) => c.DescribeSubnetsAsync(new Ec2.DescribeSubnetsRequest
                {
                    Filters = new List<Ec2.Filter> { AwsCalls.Filter("subnet-id", spec.SubnetIds.ToArray()) },
                }, t), ct).ConfigureAwait(false);
                subnets = response.Subnets.OrEmpty();
                _missingSubnetIds.AddRange(spec.SubnetIds.Where(id => subnets.All(s => s.SubnetId != id)));
            }
            else
            {
                var vpcs = await _aws.Ec2("DescribeVpcs", (c, t) => c.DescribeVpcsAsync(new Ec2.DescribeVpcsRequest
                {
                    Filters = new List<Ec2.Filter> { AwsCalls.Filter("vpc-id", spec.VpcId!) },
                }, t), ct).ConfigureAwait(false);
                if (vpcs.Vpcs.OrEmpty().Count == 0) return null;
                var response = await _aws.Ec2("DescribeSubnets", (c, t) => c.DescribeSubnetsAsync(new Ec2.DescribeSubnetsRequest
                {
                    Filters = new List<Ec2.Filter> { AwsCalls.Filter("vpc-id", spec.VpcId!) },
                }, t), ct).ConfigureAwait(false);
                subnets = response.Subnets.OrEmpty();
            }
            if (subnets.Count == 0) return null;
            var vpcId = spec.VpcId ?? subnets[0].VpcId;
            // Which subnets are public (0.0.0.0/0 to an internet gateway) and which route out through a NAT: see NetworkLayout.
            var tables = (await _aws.Ec2("DescribeRouteTables", (c, t) => c.DescribeRouteTablesAsync(new Ec2.DescribeRouteTablesRequest
            {
                Filters = new List<Ec2.Filter> { AwsCalls.Filter("vpc-id", subnets.Select(s => s.VpcId).Distinct().ToArray()) },
            }, t), ct).ConfigureAwait(false)).RouteTables.OrEmpty();
            return new DiscoveredNetwork
            {
                VpcId = vpcId,
                IsExisting = true,
                Subnets = subnets.Select(s =>
                {
                    var subnet = ToSubnet(s);
                    subnet.DefaultRouteTarget = DefaultRouteTarget(s, tables);
                    return subnet;
                }).OrderBy(s => s.AvailabilityZone, StringComparer.Ordinal).ToList(),
            };
        }

        /// <summary>Where 0.0.0.0/0 goes from <paramref name="subnet"/>: through its own route table, else its VPC's main one.</summary>
        internal static string? DefaultRouteTarget(Ec2.Subnet subnet, List<Ec2.RouteTable> tables)
        {
            var table = tables.FirstOrDefault(r => r.Associations.OrEmpty().Any(a => a.SubnetId == subnet.SubnetId))
                        ?? tables.FirstOrDefault(r => r.VpcId == subnet.VpcId && r.Associations.OrEmpty().Any(a => a.Main == true));
            var route = table?.Routes.OrEmpty().FirstOrDefault(r => r.DestinationCidrBlock == "0.0.0.0/0" && r.State?.Value != "blackhole");
            // No default route: a gateway endpoint's route (S3 through vpce-) marks a subnet served by VPC endpoints.
            if (route == null)
                return table?.Routes.OrEmpty().FirstOrDefault(r => r.GatewayId != null && r.GatewayId.StartsWith("vpce-", StringComparison.Ordinal))?.GatewayId;
            return route == null ? null
                : route.NatGatewayId ?? route.TransitGatewayId ?? route.NetworkInterfaceId ?? route.InstanceId ??
                  (route.GatewayId != null && route.GatewayId != "local" ? route.GatewayId : null);
        }

    }
}
