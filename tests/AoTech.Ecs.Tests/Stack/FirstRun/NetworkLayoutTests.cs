using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Stack.Planning;
using Xunit;

namespace AoTech.Ecs.Tests.Stack.FirstRun
{
    /// <summary>Where the load balancer and the instances go in a network the user gives (-VpcId / -SubnetId).</summary>
    public sealed class NetworkLayoutTests
    {
        private static DiscoveredSubnet Subnet(string id, string zone, string? route, bool publicIps = false) =>
            new DiscoveredSubnet { SubnetId = id, AvailabilityZone = zone, DefaultRouteTarget = route, MapPublicIpOnLaunch = publicIps, VpcId = "vpc-1" };

        private static DiscoveredNetwork Network(params DiscoveredSubnet[] subnets) =>
            new DiscoveredNetwork { VpcId = "vpc-1", IsExisting = true, Subnets = subnets.ToList() };

        [Fact]
        public void One_public_subnet_per_zone_for_the_load_balancer_and_the_NAT_subnets_for_the_instances()
        {
            var layout = NetworkLayout.Choose(Network(
                Subnet("subnet-pub-a1", "eu-west-1a", "igw-1"), Subnet("subnet-pub-a2", "eu-west-1a", "igw-1"),
                Subnet("subnet-pub-b", "eu-west-1b", "igw-1"),
                Subnet("subnet-nat-a", "eu-west-1a", "nat-1"), Subnet("subnet-nat-b", "eu-west-1b", "nat-2"),
                Subnet("subnet-isolated-c", "eu-west-1c", null)));
            Assert.True(layout.IsUsable);
            Assert.Equal(new[] { "subnet-pub-a1", "subnet-pub-b" }, layout.LoadBalancerSubnetIds);
            Assert.Equal(new[] { "subnet-nat-a", "subnet-nat-b" }, layout.InstanceSubnetIds);
        }

        [Fact]
        public void The_subnet_the_load_balancer_uses_stays_when_it_still_qualifies()
        {
            var layout = NetworkLayout.Choose(Network(
                Subnet("subnet-pub-a1", "eu-west-1a", "igw-1", true), Subnet("subnet-pub-a2", "eu-west-1a", "igw-1", true),
                Subnet("subnet-pub-b", "eu-west-1b", "igw-1", true)), new HashSet<string> { "subnet-pub-a2", "subnet-pub-b" });
            Assert.Equal(new[] { "subnet-pub-a2", "subnet-pub-b" }, layout.LoadBalancerSubnetIds);
        }

        [Fact]
        public void Without_a_NAT_the_instances_go_to_public_subnets_that_give_them_public_addresses()
        {
            var layout = NetworkLayout.Choose(Network(
                Subnet("subnet-a", "eu-west-1a", "igw-1", publicIps: true), Subnet("subnet-b", "eu-west-1b", "igw-1", publicIps: false),
                Subnet("subnet-tgw", "eu-west-1b", null)));
            Assert.Equal(new[] { "subnet-a", "subnet-b" }, layout.LoadBalancerSubnetIds);
            Assert.Equal(new[] { "subnet-a" }, layout.InstanceSubnetIds);
            // A transit gateway (an egress VPC) counts as a way out.
            Assert.Equal(new[] { "subnet-c" }, NetworkLayout.Choose(Network(
                Subnet("subnet-a", "eu-west-1a", "igw-1"), Subnet("subnet-b", "eu-west-1b", "igw-1"),
                Subnet("subnet-c", "eu-west-1c", "tgw-1"))).InstanceSubnetIds);
        }

        [Fact]
        public void Private_only_or_one_public_zone_cannot_carry_an_internet_facing_load_balancer()
        {
            var privateOnly = NetworkLayout.Choose(Network(Subnet("subnet-a", "eu-west-1a", "nat-1"), Subnet("subnet-b", "eu-west-1b", "nat-1")));
            Assert.NotNull(privateOnly.LoadBalancerProblem);
            Assert.Contains("subnet-a (eu-west-1a) routes 0.0.0.0/0 to nat-1", privateOnly.LoadBalancerProblem);
            Assert.Null(privateOnly.InstanceProblem);
            var oneZone = NetworkLayout.Choose(Network(Subnet("subnet-a", "eu-west-1a", "igw-1", true), Subnet("subnet-b", "eu-west-1a", "igw-1", true),
                Subnet("subnet-c", "eu-west-1b", "nat-1")));
            Assert.NotNull(oneZone.LoadBalancerProblem);
        }

        [Fact]
        public void Public_subnets_without_public_addresses_and_no_NAT_leave_instances_cut_off()
        {
            var layout = NetworkLayout.Choose(Network(Subnet("subnet-a", "eu-west-1a", "igw-1"), Subnet("subnet-b", "eu-west-1b", "igw-1")));
            Assert.Null(layout.LoadBalancerProblem);
            Assert.Contains("outbound access", layout.InstanceProblem);
            Assert.Contains("no public IPs", layout.InstanceProblem);
            Assert.False(layout.IsUsable);
        }
    }
}
