using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.Planning;
using Xunit;

namespace AoTech.Ecs.Tests.Stack
{
    /// <summary>The network layout a run converges to (NetworkChoice) and how the private tier is planned (PrivateNetworkRule).</summary>
    public sealed class PrivateNetworkPlanTests
    {
        private const string Vpc = "vpc-00000000000000001";

        private static PlanItem Item(StackPlan plan, string resource, string name) =>
            plan.Items.Single(i => i.Resource == resource && i.Name == name);

        /// <summary>The converged fixture as a private app with a NAT gateway per zone, made by this version.</summary>
        private static DiscoveredStack ConvergedPrivate(PlanInputs inputs)
        {
            var found = StackFixtures.Converged(inputs);
            var n = inputs.Names;
            var zones = inputs.AvailabilityZones.Take(2).ToList();
            found.Network!.LayoutTag = "private-nat-per-zone";
            var own = found.PrivateNetwork;
            for (var i = 0; i < 2; i++)
            {
                own.Subnets.Add(new DiscoveredSubnet { SubnetId = "subnet-private-" + i, VpcId = Vpc, AvailabilityZone = zones[i], CidrBlock = StackDefaults.PrivateSubnetCidr(i) });
                own.NatGateways.Add(new DiscoveredNatGateway
                {
                    NatGatewayId = "nat-" + i, VpcId = Vpc, SubnetId = found.Network.Subnets[i].SubnetId, State = "available",
                    AllocationIds = new List<string> { "eipalloc-" + i },
                });
                own.Addresses.Add(new DiscoveredAddress { AllocationId = "eipalloc-" + i, AssociationId = "eipassoc-" + i, Name = n.NatGateway(zones[i]) });
                own.RouteTables.Add(new DiscoveredPrivateRouteTable
                {
                    RouteTableId = "rtb-private-" + i, VpcId = Vpc, Zone = zones[i], DefaultRouteTarget = "nat-" + i,
                    AssociatedSubnetIds = new HashSet<string> { "subnet-private-" + i },
                });
            }
            found.AutoScalingGroup!.SubnetIds = new HashSet<string> { "subnet-private-0", "subnet-private-1" };
            found.LaunchTemplate!.AssociatePublicIpAddress = false;
            return found;
        }

        [Fact]
        public void A_new_app_is_private_with_a_NAT_gateway_per_zone()
        {
            var inputs = StackFixtures.Inputs();
            var choice = NetworkChoice.Resolve(inputs.Spec, new DiscoveredStack());
            Assert.Equal(NetworkPlacement.Private, choice.Network);
            Assert.Equal(EgressKind.NatGateway, choice.Egress);
            Assert.Equal(NatGatewayMode.PerZone, choice.NatGateway);
            Assert.Null(choice.Current);
            Assert.Equal("private-nat-per-zone", choice.TagValue);

            var plan = StackPlanner.Plan(inputs, new DiscoveredStack());
            var n = inputs.Names;
            foreach (var zone in new[] { "eu-west-1a", "eu-west-1b" })
            {
                Assert.Equal(PlanAction.Create, Item(plan, "private subnet", n.PrivateSubnet(zone)).Action);
                Assert.Equal(PlanAction.Create, Item(plan, "NAT gateway", n.NatGateway(zone)).Action);
                Assert.Equal(PlanAction.Create, Item(plan, "route table", n.PrivateRouteTable(zone)).Action);
            }
            Assert.DoesNotContain(plan.Items, i => i.Resource == "VPC endpoint");
        }

        [Fact]
        public void A_converged_private_app_is_kept_as_it_is()
        {
            var inputs = StackFixtures.Inputs();
            var plan = StackPlanner.Plan(inputs, ConvergedPrivate(inputs));
            Assert.All(plan.Items, i => Assert.Equal(PlanAction.Keep, i.Action));
        }

        [Fact]
        public void A_private_app_whose_route_points_elsewhere_gets_its_route_back_and_nothing_else()
        {
            var inputs = StackFixtures.Inputs();
            var found = ConvergedPrivate(inputs);
            found.PrivateNetwork.RouteTables[1].DefaultRouteTarget = null;
            var plan = StackPlanner.Plan(inputs, found);
            var changed = plan.Items.Where(i => i.Action != PlanAction.Keep).ToList();
            var item = Assert.Single(changed);
            Assert.Equal(inputs.Names.PrivateRouteTable("eu-west-1b"), item.Name);
            Assert.Contains("route 0.0.0.0/0 (none) -> nat-1", item.Changes);
        }

        [Fact]
        public void An_app_made_before_private_networks_stays_public_on_a_rerun()
        {
            var inputs = StackFixtures.Inputs();
            var found = StackFixtures.Converged(inputs); // no aotech:network tag, no private tier
            var choice = NetworkChoice.Resolve(inputs.Spec, found);
            Assert.Equal(NetworkPlacement.Public, choice.Current);
            Assert.Equal(NetworkPlacement.Public, choice.Network);
            Assert.False(choice.ChangesLayout);
            var plan = StackPlanner.Plan(inputs, found);
            Assert.All(plan.Items, i => Assert.Equal(PlanAction.Keep, i.Action));
            Assert.DoesNotContain(plan.Items, i => i.Resource == "private subnet" || i.Resource == "NAT gateway");
        }

        [Fact]
        public void Network_Private_on_a_public_app_is_planned_as_a_replacement()
        {
            var spec = AppSpecTests.Valid();
            spec.Network = NetworkPlacement.Private;
            var inputs = StackFixtures.Inputs(spec);
            var found = StackFixtures.Converged(inputs);
            var plan = StackPlanner.Plan(inputs, found);
            var n = inputs.Names;
            var vpc = Item(plan, "VPC", n.Vpc);
            Assert.Equal(PlanAction.Change, vpc.Action);
            Assert.Contains(vpc.Changes, c => c.Contains("layout public -> private") && c.Contains("a replacement"));
            Assert.Equal(PlanAction.Create, Item(plan, "private subnet", n.PrivateSubnet("eu-west-1a")).Action);
            Assert.Contains("network interface -> no public IP", Item(plan, "launch template", n.LaunchTemplate).Changes);
            Assert.Contains("subnets -> the new subnets", Item(plan, "Auto Scaling group", n.AutoScalingGroup).Changes);
            Assert.Equal(PlanAction.Keep, Item(plan, "load balancer", n.LoadBalancer).Action);
            Assert.Null(NetworkChoice.Resolve(spec, found).Refusal(found));
        }

        [Fact]
        public void Taking_a_private_app_public_or_changing_its_egress_is_refused()
        {
            var inputs = StackFixtures.Inputs();
            var found = ConvergedPrivate(inputs);
            Assert.Null(NetworkChoice.Resolve(inputs.Spec, found).Refusal(found));
            foreach (var change in new System.Action<AppSpec>[]
                     {
                         s => s.Network = NetworkPlacement.Public, s => s.Egress = EgressKind.VpcEndpoints, s => s.NatGateway = NatGatewayMode.Single,
                     })
            {
                var spec = AppSpecTests.Valid();
                change(spec);
                Assert.NotNull(NetworkChoice.Resolve(spec, found).Refusal(found));
            }
        }

        [Fact]
        public void A_rerun_keeps_a_single_NAT_gateway_or_endpoints_without_being_told()
        {
            var inputs = StackFixtures.Inputs();
            var found = ConvergedPrivate(inputs);
            found.Network!.LayoutTag = "private-nat-single";
            Assert.Equal(NatGatewayMode.Single, NetworkChoice.Resolve(inputs.Spec, found).NatGateway);
            found.Network.LayoutTag = "private-endpoints";
            Assert.Equal(EgressKind.VpcEndpoints, NetworkChoice.Resolve(inputs.Spec, found).Egress);
        }

        [Fact]
        public void Endpoints_egress_plans_nine_interface_endpoints_the_S3_gateway_and_no_NAT()
        {
            var spec = AppSpecTests.Valid();
            spec.Egress = EgressKind.VpcEndpoints;
            var inputs = StackFixtures.Inputs(spec);
            var plan = StackPlanner.Plan(inputs, new DiscoveredStack());
            Assert.DoesNotContain(plan.Items, i => i.Resource == "NAT gateway");
            var endpoints = plan.Items.Where(i => i.Resource == "VPC endpoint").Select(i => i.Name).ToList();
            Assert.Equal(StackDefaults.InterfaceEndpointServices.Length + 1, endpoints.Count);
            Assert.Contains(inputs.Names.Endpoint("s3"), endpoints);
            Assert.Contains(inputs.Names.Endpoint("ecs-agent"), endpoints);
            Assert.Equal(PlanAction.Create, Item(plan, "security group", inputs.Names.EndpointSecurityGroup).Action);
        }

        [Theory]
        [InlineData(NetworkPlacement.Public, NatGatewayMode.Single, null, null)]
        [InlineData(NetworkPlacement.Public, null, EgressKind.VpcEndpoints, null)]
        [InlineData(null, NatGatewayMode.PerZone, EgressKind.VpcEndpoints, null)]
        [InlineData(null, null, EgressKind.VpcEndpoints, "vpc-0123456789abcdef0")]
        public void Options_that_contradict_each_other_are_refused(NetworkPlacement? network, NatGatewayMode? nat, EgressKind? egress, string? vpcId)
        {
            var spec = AppSpecTests.Valid();
            spec.Network = network;
            spec.NatGateway = nat;
            spec.Egress = egress;
            spec.VpcId = vpcId;
            Assert.Equal(StackErrorIds.NetworkOptionsConflict, Assert.Throws<AoEcsException>(spec.Validate).ErrorId);
        }

        [Fact]
        public void A_given_network_without_a_private_way_out_is_refused_unless_public_instances_are_allowed()
        {
            var network = new DiscoveredNetwork
            {
                VpcId = "vpc-1", IsExisting = true,
                Subnets = new List<DiscoveredSubnet>
                {
                    new DiscoveredSubnet { SubnetId = "subnet-a", AvailabilityZone = "eu-west-1a", DefaultRouteTarget = "igw-1", MapPublicIpOnLaunch = true },
                    new DiscoveredSubnet { SubnetId = "subnet-b", AvailabilityZone = "eu-west-1b", DefaultRouteTarget = "igw-1", MapPublicIpOnLaunch = true },
                },
            };
            var privateOnly = NetworkLayout.Choose(network, null, publicInstances: false);
            Assert.True(privateOnly.PrivateOnly);
            Assert.Contains("-Network Public", privateOnly.InstanceProblem);
            Assert.True(NetworkLayout.Choose(network, null, publicInstances: true).IsUsable);

            // A private subnet served by VPC endpoints (no default route, an S3 gateway endpoint's route) takes the instances.
            network.Subnets.Add(new DiscoveredSubnet { SubnetId = "subnet-endpoints", AvailabilityZone = "eu-west-1a", DefaultRouteTarget = "vpce-1" });
            var withEndpoints = NetworkLayout.Choose(network, null, publicInstances: false);
            Assert.True(withEndpoints.IsUsable);
            Assert.Equal(new[] { "subnet-endpoints" }, withEndpoints.InstanceSubnetIds);
        }
    }
}
