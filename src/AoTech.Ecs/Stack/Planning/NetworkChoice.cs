using System.Linq;

namespace AoTech.Ecs.Stack.Planning
{
    /// <summary>
    /// The network layout a run converges to: what -Network, -Egress and -NatGateway say, and where they are left out,
    /// what the app has (a re-run never changes the layout unless asked) or, for a new app, the secure default (private
    /// subnets, a NAT gateway per zone). Pure: no AWS calls.
    /// </summary>
    public sealed class NetworkChoice
    {
        private NetworkChoice(NetworkPlacement network, EgressKind egress, NatGatewayMode natGateway, NetworkPlacement? current)
        {
            Network = network;
            Egress = egress;
            NatGateway = natGateway;
            Current = current;
        }

        public NetworkPlacement Network { get; }
        public EgressKind Egress { get; }
        public NatGatewayMode NatGateway { get; }
        /// <summary>The layout the app has now; null for a new app (or a given network the app does not run in yet).</summary>
        public NetworkPlacement? Current { get; }
        /// <summary>An existing app changes layout: its instances are replaced by ones in the other subnets.</summary>
        public bool ChangesLayout => Current != null && Current != Network;
        public bool IsPrivate => Network == NetworkPlacement.Private;
        public bool UsesNatGateways => IsPrivate && Egress == EgressKind.NatGateway;
        public bool UsesEndpoints => IsPrivate && Egress == EgressKind.VpcEndpoints;

        public override string ToString() => Network == NetworkPlacement.Public ? "public"
            : Egress == EgressKind.VpcEndpoints ? "private, VPC endpoints"
            : NatGateway == NatGatewayMode.Single ? "private, one NAT gateway" : "private, a NAT gateway per zone";

        /// <summary>
        /// Why this change of an existing network is not made in place, or null. Moving a public app into private subnets
        /// adds the private tier; taking an app out of its private subnets, or swapping NAT gateways for endpoints (or one
        /// NAT gateway for two), would have to remove what the running instances still use: Remove-AoEcsApp and a new
        /// New-AoEcsApp do that.
        /// </summary>
        public string? Refusal(DiscoveredStack found)
        {
            var recorded = Parse(found.Network?.LayoutTag);
            if (recorded == null || recorded.Network != NetworkPlacement.Private || found.Network!.IsExisting) return null;
            if (Network == NetworkPlacement.Public)
                return $"App's network is {recorded}; moving it to public subnets is not done in place. Remove the app and create it again with -Network Public.";
            if (recorded.TagValue != TagValue)
                return $"App's network is {recorded}; changing it to {this} is not done in place. Leave out -Egress and -NatGateway to keep it, " +
                       "or remove the app and create it again.";
            return null;
        }

        /// <summary>The value of the VPC's aotech:network tag that records this layout.</summary>
        public string TagValue => Network == NetworkPlacement.Public ? "public"
            : Egress == EgressKind.VpcEndpoints ? "private-endpoints"
            : NatGateway == NatGatewayMode.Single ? "private-nat-single" : "private-nat-per-zone";

        public static NetworkChoice Resolve(AppSpec spec, DiscoveredStack found)
        {
            var recorded = Parse(found.Network?.LayoutTag);
            var current = CurrentLayout(spec, found, recorded);
            var network = spec.Network ?? (spec.Egress != null || spec.NatGateway != null ? NetworkPlacement.Private : current ?? NetworkPlacement.Private);
            var keep = recorded != null && recorded.Network == NetworkPlacement.Private;
            var egress = spec.Egress ?? (keep ? recorded!.Egress : EgressKind.NatGateway);
            var natGateway = spec.NatGateway ?? (keep ? recorded!.NatGateway : NatGatewayMode.PerZone);
            return new NetworkChoice(network, egress, natGateway, current);
        }

        /// <summary>
        /// The layout the app's own VPC records in its aotech:network tag (set when the VPC is made, so a run cut off
        /// before the private subnets exist still resumes the private layout); a VPC without the tag was made before
        /// private networks and is public. In a given network: private when the app's instances run in subnets that do
        /// not route to an internet gateway. Null for a new app.
        /// </summary>
        private static NetworkPlacement? CurrentLayout(AppSpec spec, DiscoveredStack found, NetworkChoice? recorded)
        {
            var network = found.Network;
            if (network == null) return null;
            if (spec.UsesDedicatedNetwork) return recorded?.Network ?? NetworkPlacement.Public;
            var instanceSubnets = found.AutoScalingGroup?.SubnetIds;
            if (instanceSubnets == null || instanceSubnets.Count == 0) return null;
            return network.Subnets.Where(s => instanceSubnets.Contains(s.SubnetId)).All(NetworkLayout.IsPublic) ? NetworkPlacement.Public : NetworkPlacement.Private;
        }

        private static NetworkChoice? Parse(string? tag) => tag switch
        {
            "public" => new NetworkChoice(NetworkPlacement.Public, EgressKind.NatGateway, NatGatewayMode.PerZone, null),
            "private-endpoints" => new NetworkChoice(NetworkPlacement.Private, EgressKind.VpcEndpoints, NatGatewayMode.PerZone, null),
            "private-nat-single" => new NetworkChoice(NetworkPlacement.Private, EgressKind.NatGateway, NatGatewayMode.Single, null),
            "private-nat-per-zone" => new NetworkChoice(NetworkPlacement.Private, EgressKind.NatGateway, NatGatewayMode.PerZone, null),
            _ => null,
        };
    }
}
