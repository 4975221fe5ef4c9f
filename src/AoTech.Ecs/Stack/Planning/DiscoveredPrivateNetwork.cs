using System;
using System.Collections.Generic;
using System.Linq;

namespace AoTech.Ecs.Stack.Planning
{
    /// <summary>
    /// The private half of an app's own VPC: private subnets and their route tables, NAT gateways with their Elastic IPs,
    /// VPC endpoints and their security group. Everything carries the aotech:app tag; discovery finds it by that tag
    /// alone (not through the VPC), so what a cut-off run left (an Elastic IP whose NAT gateway was never made) is
    /// found too.
    /// </summary>
    public sealed class DiscoveredPrivateNetwork
    {
        public IList<DiscoveredSubnet> Subnets { get; set; } = new List<DiscoveredSubnet>();
        public IList<DiscoveredPrivateRouteTable> RouteTables { get; set; } = new List<DiscoveredPrivateRouteTable>();
        /// <summary>NAT gateways not deleted (pending, available, deleting or failed).</summary>
        public IList<DiscoveredNatGateway> NatGateways { get; set; } = new List<DiscoveredNatGateway>();
        public IList<DiscoveredAddress> Addresses { get; set; } = new List<DiscoveredAddress>();
        /// <summary>VPC endpoints not deleted.</summary>
        public IList<DiscoveredEndpoint> Endpoints { get; set; } = new List<DiscoveredEndpoint>();
        public DiscoveredSecurityGroup? EndpointSecurityGroup { get; set; }

        public bool IsEmpty => Subnets.Count == 0 && RouteTables.Count == 0 && NatGateways.Count == 0 && Addresses.Count == 0 &&
                               Endpoints.Count == 0 && EndpointSecurityGroup == null;

        /// <summary>The private subnet of <paramref name="zone"/> in <paramref name="vpcId"/> (the lowest id when a lost answer made two).</summary>
        public DiscoveredSubnet? SubnetIn(string vpcId, string zone) => Subnets
            .Where(s => s.VpcId == vpcId && s.AvailabilityZone == zone).OrderBy(s => s.SubnetId, StringComparer.Ordinal).FirstOrDefault();

        public DiscoveredPrivateRouteTable? RouteTableIn(string vpcId, string zone) => RouteTables
            .Where(r => r.VpcId == vpcId && r.Zone == zone).OrderBy(r => r.RouteTableId, StringComparer.Ordinal).FirstOrDefault();

        /// <summary>The NAT gateway in <paramref name="subnetId"/> that is not on its way out.</summary>
        public DiscoveredNatGateway? NatGatewayIn(string subnetId) => NatGateways
            .Where(n => n.SubnetId == subnetId && n.IsUsable).OrderBy(n => n.NatGatewayId, StringComparer.Ordinal).FirstOrDefault();

        public DiscoveredEndpoint? EndpointFor(string vpcId, string serviceName) => Endpoints
            .Where(e => e.VpcId == vpcId && e.ServiceName == serviceName && e.IsUsable).OrderBy(e => e.EndpointId, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    public sealed class DiscoveredPrivateRouteTable
    {
        public string RouteTableId { get; set; } = "";
        public string VpcId { get; set; } = "";
        /// <summary>The zone whose private subnet it serves (from its Name).</summary>
        public string Zone { get; set; } = "";
        public ISet<string> AssociatedSubnetIds { get; set; } = new HashSet<string>(StringComparer.Ordinal);
        public IList<string> AssociationIds { get; set; } = new List<string>();
        /// <summary>Where 0.0.0.0/0 goes (a nat- id), or null when there is no such route.</summary>
        public string? DefaultRouteTarget { get; set; }
    }

    public sealed class DiscoveredNatGateway
    {
        public string NatGatewayId { get; set; } = "";
        public string VpcId { get; set; } = "";
        public string SubnetId { get; set; } = "";
        /// <summary>pending, available, deleting, deleted or failed.</summary>
        public string State { get; set; } = "";
        public IList<string> AllocationIds { get; set; } = new List<string>();
        /// <summary>Pending or available: one that is deleting or failed gets replaced.</summary>
        public bool IsUsable => State == "pending" || State == "available";
    }

    /// <summary>An Elastic IP allocated for a NAT gateway.</summary>
    public sealed class DiscoveredAddress
    {
        public string AllocationId { get; set; } = "";
        public string? AssociationId { get; set; }
        public string? Name { get; set; }
    }

    public sealed class DiscoveredEndpoint
    {
        public string EndpointId { get; set; } = "";
        public string VpcId { get; set; } = "";
        /// <summary>com.amazonaws.REGION.SERVICE</summary>
        public string ServiceName { get; set; } = "";
        public string Type { get; set; } = "";
        public string State { get; set; } = "";
        public ISet<string> RouteTableIds { get; set; } = new HashSet<string>(StringComparer.Ordinal);
        public ISet<string> SubnetIds { get; set; } = new HashSet<string>(StringComparer.Ordinal);
        public bool IsUsable => !string.Equals(State, "deleting", StringComparison.OrdinalIgnoreCase) &&
                                !string.Equals(State, "deleted", StringComparison.OrdinalIgnoreCase) &&
                                !string.Equals(State, "failed", StringComparison.OrdinalIgnoreCase);
    }
}
