using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Stack.Planning;
using Ec2 = Amazon.EC2.Model;

namespace AoTech.Ecs.Stack.Converge.Discovery
{
    /// <summary>
    /// Finds the private half of an app's own VPC (<see cref="DiscoveredPrivateNetwork"/>) by the aotech:app tag: private
    /// subnets and route tables (tagged aotech:tier=private), NAT gateways, Elastic IPs, VPC endpoints and the endpoints'
    /// security group. Six Describe calls side by side, whatever the number of zones. Read-only.
    /// </summary>
    internal sealed class PrivateNetworkDiscovery
    {
        private readonly AwsConnection _aws;
        private readonly StackNames _names;

        public PrivateNetworkDiscovery(AwsConnection aws, StackNames names)
        {
            _aws = aws;
            _names = names;
        }

        /// <summary>True for a subnet or route table of the private tier (the public network's discovery leaves them out).</summary>
        public static bool IsPrivateTier(List<Ec2.Tag>? tags) => AwsCalls.Tag(tags, StackNames.TierTagKey) == StackNames.PrivateTier;

        public async Task<DiscoveredPrivateNetwork> FindAsync(CancellationToken ct)
        {
            List<Ec2.Filter> Ours(params Ec2.Filter[] more) =>
                new List<Ec2.Filter> { AwsCalls.TagFilter(_names.EndpointOwnerTagKey, _names.EndpointName) }.Concat(more).ToList();
            var tier = AwsCalls.TagFilter(StackNames.TierTagKey, StackNames.PrivateTier);
            var subnets = _aws.Ec2("DescribeSubnets", (c, t) => c.DescribeSubnetsAsync(new Ec2.DescribeSubnetsRequest { Filters = Ours(tier) }, t), ct);
            var tables = _aws.Ec2("DescribeRouteTables", (c, t) => c.DescribeRouteTablesAsync(new Ec2.DescribeRouteTablesRequest { Filters = Ours(tier) }, t), ct);
            var gateways = _aws.Ec2("DescribeNatGateways", (c, t) => c.DescribeNatGatewaysAsync(new Ec2.DescribeNatGatewaysRequest { Filter = Ours() }, t), ct);
            var addresses = _aws.Ec2("DescribeAddresses", (c, t) => c.DescribeAddressesAsync(new Ec2.DescribeAddressesRequest { Filters = Ours() }, t), ct);
            var endpoints = _aws.Ec2("DescribeVpcEndpoints", (c, t) => c.DescribeVpcEndpointsAsync(new Ec2.DescribeVpcEndpointsRequest { Filters = Ours() }, t), ct);
            var groups = _aws.Ec2("DescribeSecurityGroups", (c, t) => c.DescribeSecurityGroupsAsync(new Ec2.DescribeSecurityGroupsRequest
            {
                Filters = Ours(AwsCalls.Filter("group-name", _names.EndpointSecurityGroup)),
            }, t), ct);

            // The tag is checked here too: a backend that ignores a tag filter (moto does for DescribeNatGateways) must not
            // hand another app's gateway to this app's teardown.
            bool Tagged(List<Ec2.Tag>? tags) => AwsCalls.Tag(tags, _names.EndpointOwnerTagKey) == _names.EndpointName;
            var found = new DiscoveredPrivateNetwork();
            var zonePrefix = _names.PrivateRouteTable("");
            foreach (var s in (await subnets.ConfigureAwait(false)).Subnets.OrEmpty().Where(s => IsPrivateTier(s.Tags) && Tagged(s.Tags)))
                found.Subnets.Add(new DiscoveredSubnet
                {
                    SubnetId = s.SubnetId, VpcId = s.VpcId, AvailabilityZone = s.AvailabilityZone, CidrBlock = s.CidrBlock,
                    MapPublicIpOnLaunch = s.MapPublicIpOnLaunch == true,
                });
            foreach (var r in (await tables.ConfigureAwait(false)).RouteTables.OrEmpty().Where(r => IsPrivateTier(r.Tags) && Tagged(r.Tags)))
            {
                var name = AwsCalls.Tag(r.Tags, "Name") ?? "";
                var route = r.Routes.OrEmpty().FirstOrDefault(x => x.DestinationCidrBlock == "0.0.0.0/0" && x.State?.Value != "blackhole");
                found.RouteTables.Add(new DiscoveredPrivateRouteTable
                {
                    RouteTableId = r.RouteTableId,
                    VpcId = r.VpcId,
                    Zone = name.StartsWith(zonePrefix, StringComparison.Ordinal) ? name.Substring(zonePrefix.Length) : "",
                    AssociatedSubnetIds = new HashSet<string>(r.Associations.OrEmpty().Where(a => a.SubnetId != null).Select(a => a.SubnetId),
                        StringComparer.Ordinal),
                    AssociationIds = r.Associations.OrEmpty().Where(a => a.Main != true && a.RouteTableAssociationId != null)
                        .Select(a => a.RouteTableAssociationId).ToList(),
                    DefaultRouteTarget = route?.NatGatewayId ?? route?.GatewayId,
                });
            }
            foreach (var n in (await gateways.ConfigureAwait(false)).NatGateways.OrEmpty().Where(n => n.State?.Value != "deleted" && Tagged(n.Tags)))
                found.NatGateways.Add(new DiscoveredNatGateway
                {
                    NatGatewayId = n.NatGatewayId, VpcId = n.VpcId, SubnetId = n.SubnetId, State = n.State?.Value ?? "",
                    AllocationIds = n.NatGatewayAddresses.OrEmpty().Where(a => a.AllocationId != null).Select(a => a.AllocationId).ToList(),
                });
            foreach (var a in (await addresses.ConfigureAwait(false)).Addresses.OrEmpty().Where(a => Tagged(a.Tags)))
                found.Addresses.Add(new DiscoveredAddress { AllocationId = a.AllocationId, AssociationId = a.AssociationId, Name = AwsCalls.Tag(a.Tags, "Name") });
            foreach (var e in (await endpoints.ConfigureAwait(false)).VpcEndpoints.OrEmpty().Where(e => !string.Equals(e.State?.Value, "deleted", StringComparison.OrdinalIgnoreCase) && Tagged(e.Tags)))
                found.Endpoints.Add(new DiscoveredEndpoint
                {
                    EndpointId = e.VpcEndpointId, VpcId = e.VpcId, ServiceName = e.ServiceName, Type = e.VpcEndpointType?.Value ?? "",
                    State = e.State?.Value ?? "",
                    RouteTableIds = new HashSet<string>(e.RouteTableIds.OrEmpty(), StringComparer.Ordinal),
                    SubnetIds = new HashSet<string>(e.SubnetIds.OrEmpty(), StringComparer.Ordinal),
                });
            var group = (await groups.ConfigureAwait(false)).SecurityGroups.OrEmpty().Where(g => Tagged(g.Tags)).OrderBy(g => g.GroupId, StringComparer.Ordinal).FirstOrDefault();
            if (group != null)
                found.EndpointSecurityGroup = new DiscoveredSecurityGroup
                {
                    GroupId = group.GroupId,
                    VpcId = group.VpcId,
                    Ingress = group.IpPermissions.OrEmpty().SelectMany(SecurityGroupDiscovery.ToRules).ToList(),
                };
            return found;
        }
    }
}
