using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.Converge;
using AoTech.Ecs.Stack.Converge.Discovery;
using AoTech.Ecs.Stack.Planning;
using Xunit;
using static AoTech.Ecs.Tests.Stack.Live.StackLiveKit;
using Ec2 = Amazon.EC2.Model;

namespace AoTech.Ecs.Tests.Stack.Live
{
    /// <summary>
    /// Issue 12 item 9: discovery is one discoverer per resource group, each returning what it found instead of filling
    /// lists shared by every look-up.
    /// </summary>
    public sealed class DiscoveryLiveTests : IClassFixture<StackMotoFixture>
    {
        private readonly StackMotoFixture moto;

        public DiscoveryLiveTests(StackMotoFixture moto) => this.moto = moto;

        /// <summary>Two VPCs of the app (one is a copy) and one holding its name without its tag (someone else's).</summary>
        private async Task<(string Ours1, string Ours2, string Foreign)> PlantVpcsAsync(StackNames names)
        {
            using var upstream = moto.ConnectUpstream();
            async Task<string> VpcAsync(string cidr, bool tagged) => (await upstream.Ec2.CreateVpcAsync(new Ec2.CreateVpcRequest
            {
                CidrBlock = cidr,
                TagSpecifications = AwsCalls.TagSpecifications("vpc",
                    tagged ? new Dictionary<string, string> { [StackNames.AppTagKey] = names.App } : new Dictionary<string, string>(), names.Vpc),
            })).Vpc.VpcId;
            return (await VpcAsync("10.91.0.0/16", true), await VpcAsync("10.92.0.0/16", true), await VpcAsync("10.93.0.0/16", false));
        }

        [Fact]
        public async Task The_network_discoverer_returns_the_network_its_copies_and_what_is_foreign()
        {
            using var aws = moto.Connect();
            var names = StackNames.For(Unique("d"));
            var (ours1, ours2, foreign) = await PlantVpcsAsync(names);

            var found = await new NetworkDiscovery(aws, names).FindAsync(new AppSpec { Name = names.App, DomainName = "www.example.com" }, default);
            Assert.Contains(found.Network!.VpcId, new[] { ours1, ours2 });
            var copy = Assert.Single(found.Extras);
            Assert.Equal(ExtraKind.Vpc, copy.Kind);
            Assert.Equal(found.Network.VpcId == ours1 ? ours2 : ours1, copy.Id);
            Assert.Equal(new[] { copy.Id }, found.ExtraVpcIds);
            Assert.Equal(new[] { "VPC " + foreign }, found.Foreign);
        }

        [Fact]
        public async Task Look_ups_side_by_side_each_get_exactly_their_own_findings()
        {
            using var aws = moto.Connect();
            var names = StackNames.For(Unique("d"));
            var (ours1, ours2, _) = await PlantVpcsAsync(names);
            var spec = new AppSpec { Name = names.App, DomainName = "www.example.com" };

            var discovery = new StackDiscovery(aws, names);
            var all = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => discovery.DiscoverAsync(spec, null, default)));
            foreach (var found in all)
            {
                var copy = Assert.Single(found.Extras);
                Assert.Equal(found.Network!.VpcId == ours1 ? ours2 : ours1, copy.Id);
            }
        }

        /// <summary>
        /// A run cut off after CreateInternetGateway but before CreateVpc (made side by side) leaves a gateway of the app
        /// and no VPC: the re-run makes a new one, so the old one must be found, as an extra to remove.
        /// </summary>
        [Fact]
        public async Task A_gateway_of_the_app_with_no_VPC_of_the_app_is_an_extra()
        {
            using var aws = moto.Connect();
            var names = StackNames.For(Unique("d"));
            string gatewayId;
            using (var upstream = moto.ConnectUpstream())
                gatewayId = (await upstream.Ec2.CreateInternetGatewayAsync(new Ec2.CreateInternetGatewayRequest
                {
                    TagSpecifications = AwsCalls.TagSpecifications("internet-gateway",
                        new Dictionary<string, string> { [StackNames.AppTagKey] = names.App }, names.InternetGateway),
                })).InternetGateway.InternetGatewayId;

            var found = await new NetworkDiscovery(aws, names).FindAsync(new AppSpec { Name = names.App, DomainName = "www.example.com" }, default);
            Assert.Null(found.Network);
            var orphan = Assert.Single(found.Extras);
            Assert.Equal(ExtraKind.InternetGateway, orphan.Kind);
            Assert.Equal(gatewayId, orphan.Id);
        }
    }
}
