using System;
using System.Collections.Generic;
using System.Linq;

namespace AoTech.Ecs.Stack.Planning
{
    /// <summary>
    /// Plans the private half of the app's own VPC: per zone a private subnet and a route table that sends 0.0.0.0/0 to
    /// a NAT gateway (one per zone, or one for all) or nowhere (VPC endpoints); the NAT gateways with their Elastic IPs
    /// in the public subnets; for VPC endpoints, the interface endpoints, their security group (443 from the VPC) and the
    /// S3 gateway endpoint on the private route tables. Pure: no AWS calls.
    /// </summary>
    public static class PrivateNetworkRule
    {
        /// <summary>The private subnet ids in zone order, or null when one is still to be created.</summary>
        public static IList<string>? Plan(PlanInputs inputs, DiscoveredStack found, NetworkChoice choice, List<PlanItem> items)
        {
            var names = inputs.Names;
            var network = found.Network != null && !found.Network.IsExisting ? found.Network : null;
            var vpcId = network?.VpcId;
            var own = found.PrivateNetwork;
            var zones = inputs.AvailabilityZones.Take(StackDefaults.SubnetCount).ToList();
            void Add(string resource, string name, bool exists, Action<List<string>>? compare = null)
            {
                var changes = new List<string>();
                if (exists) compare?.Invoke(changes);
                var action = !exists ? PlanAction.Create : changes.Count > 0 ? PlanAction.Change : PlanAction.Keep;
                items.Add(new PlanItem(ResourceGroup.Network, resource, name, action, action == PlanAction.Change ? changes : null));
            }

            var subnets = new List<string>();
            foreach (var zone in zones)
            {
                var subnet = vpcId == null ? null : own.SubnetIn(vpcId, zone);
                Add("private subnet", names.PrivateSubnet(zone), subnet != null, c =>
                {
                    if (subnet!.MapPublicIpOnLaunch) c.Add("map public IP on launch -> false");
                });
                if (subnet != null) subnets.Add(subnet.SubnetId);
            }

            var natIds = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (choice.UsesNatGateways)
            {
                foreach (var zone in NatZones(zones, choice))
                {
                    var publicSubnet = network?.Subnets.FirstOrDefault(s => s.AvailabilityZone == zone);
                    var nat = publicSubnet == null ? null : own.NatGatewayIn(publicSubnet.SubnetId);
                    Add("NAT gateway", names.NatGateway(zone), nat != null, c =>
                    {
                        if (nat!.State == "pending") c.Add("pending: wait until available");
                    });
                    natIds[zone] = nat?.NatGatewayId;
                }
            }

            var tableIds = new List<string>();
            foreach (var zone in zones)
            {
                var table = vpcId == null ? null : own.RouteTableIn(vpcId, zone);
                var subnet = vpcId == null ? null : own.SubnetIn(vpcId, zone);
                Add("route table", names.PrivateRouteTable(zone), table != null, c =>
                {
                    if (subnet == null || !table!.AssociatedSubnetIds.Contains(subnet.SubnetId)) c.Add("associate the private subnet");
                    if (choice.UsesNatGateways)
                    {
                        var nat = natIds[NatZoneFor(zone, zones, choice)];
                        if (nat == null) c.Add("route 0.0.0.0/0 -> the new NAT gateway");
                        else if (table!.DefaultRouteTarget != nat) c.Add($"route 0.0.0.0/0 {table.DefaultRouteTarget ?? "(none)"} -> {nat}");
                    }
                    else if (table!.DefaultRouteTarget != null) c.Add($"remove route 0.0.0.0/0 -> {table.DefaultRouteTarget} (VPC endpoints only)");
                });
                if (table != null) tableIds.Add(table.RouteTableId);
            }

            if (choice.UsesEndpoints)
            {
                var group = own.EndpointSecurityGroup != null && own.EndpointSecurityGroup.VpcId == vpcId ? own.EndpointSecurityGroup : null;
                Add("security group", names.EndpointSecurityGroup, group != null, c =>
                {
                    if (!group!.Ingress.Contains(EndpointIngress(network!.CidrBlock))) c.Add("allow " + EndpointIngress(network.CidrBlock));
                });
                foreach (var service in StackDefaults.InterfaceEndpointServices)
                {
                    var endpoint = vpcId == null ? null : own.EndpointFor(vpcId, StackDefaults.EndpointServiceName(inputs.Region, service));
                    Add("VPC endpoint", names.Endpoint(service), endpoint != null, c =>
                    {
                        if (subnets.Count < zones.Count || !subnets.All(endpoint!.SubnetIds.Contains)) c.Add("subnets -> the private subnets");
                    });
                }
                var s3 = vpcId == null ? null : own.EndpointFor(vpcId, StackDefaults.EndpointServiceName(inputs.Region, StackDefaults.GatewayEndpointService));
                Add("VPC endpoint", names.Endpoint(StackDefaults.GatewayEndpointService), s3 != null, c =>
                {
                    if (tableIds.Count < zones.Count || !tableIds.All(s3!.RouteTableIds.Contains)) c.Add("route tables -> the private route tables");
                });
            }
            return subnets.Count == zones.Count && zones.Count == StackDefaults.SubnetCount ? subnets : null;
        }

        /// <summary>The zones that hold a NAT gateway: every zone, or the first one only.</summary>
        public static IList<string> NatZones(IList<string> zones, NetworkChoice choice) =>
            choice.NatGateway == NatGatewayMode.Single ? zones.Take(1).ToList() : zones;

        /// <summary>The zone whose NAT gateway the private subnet of <paramref name="zone"/> routes to.</summary>
        public static string NatZoneFor(string zone, IList<string> zones, NetworkChoice choice) =>
            choice.NatGateway == NatGatewayMode.Single ? zones[0] : zone;

        /// <summary>The endpoints' security group: HTTPS from anywhere in the VPC.</summary>
        public static IngressRule EndpointIngress(string? vpcCidr) =>
            new IngressRule(StackDefaults.HttpsPort, StackDefaults.HttpsPort, vpcCidr ?? StackDefaults.VpcCidr, null);
    }
}
