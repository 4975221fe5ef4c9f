using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.Converge;
using AoTech.Ecs.Stack.Planning;
using AoTech.Ecs.Tests.Aws.Live.Dtos;
using AoTech.Ecs.Tests.Infrastructure;
using Xunit;
using static AoTech.Ecs.Tests.Stack.Live.StackLiveKit;
using Ec2 = Amazon.EC2.Model;
using EcsApi = AoTech.Ecs.Aws.Services.Ecs;

namespace AoTech.Ecs.Tests.Stack.Live
{
    /// <summary>What every first-run test needs besides the shared kit: the layer of documented AWS behaviour on, its counts.</summary>
    public abstract class FirstRunTestBase : IDisposable
    {
        protected readonly StackMotoFixture moto;
        private readonly string file = WriteTaskDefinition();

        protected FirstRunTestBase(StackMotoFixture moto)
        {
            this.moto = moto;
            Assert.True(moto.Layer != null || !MotoServerFixture.BehaviourOn, "the live tests run behind the layer of documented AWS behaviour");
        }

        public void Dispose() => File.Delete(file);

        protected AppSpec Spec(string app, string zone) => new AppSpec { Name = app, DomainName = "www." + zone, TaskDefinitionPath = file };

        protected int Acted(string behaviour) => moto.Layer?.BehaviourActed()[behaviour] ?? 0;
    }

    /// <summary>
    /// Issue 11, a first deployment into an account that has never used ECS, behind the layer of documented AWS
    /// behaviour (each test starts from a fresh account). Each assertion failed on the code before the fix.
    /// </summary>
    public sealed class FreshAccountLiveTests : FirstRunTestBase, IClassFixture<StackMotoFixture>
    {
        public FreshAccountLiveTests(StackMotoFixture moto) : base(moto)
        {
            moto.Layer?.ResetBackend();
        }

        [Fact]
        public async Task A_fresh_account_gets_its_ECS_service_linked_role_and_the_app_is_ready_once_DNS_is_in_sync()
        {
            var calls = new CallLog();
            using var aws = moto.Connect(calls);
            var zone = await ZoneAsync(aws);
            var app = Unique("f");
            var stack = new EcsAppStack(aws);

            // The propagation window is a few seconds here, not the layer's default one: the run's retry after creating the
            // role must come inside it to be refused, and on a loaded machine a retry can come more than a second later.
            moto.Layer?.ConfigureBehaviour("{\"windows\": {\"serviceLinkedRole\": 5}}");
            AoEcsApp created;
            try
            {
                created = await DeployAsync(stack, Spec(app, zone));
            }
            finally
            {
                moto.Layer?.ConfigureBehaviour($"{{\"windows\": {{\"serviceLinkedRole\": {LoggingProxy.DefaultWindow.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}}}");
            }
            Assert.Equal("aotech-" + app + ":1", created.TaskDefinition);
            // The role was missing (the capacity provider was refused) and is created once; its propagation waited out.
            Assert.Single(calls.All(), "iam:CreateServiceLinkedRole");
            Assert.Contains(created.Changes, c => c.StartsWith("Created the ECS service-linked role"));
            Assert.Contains("ecs:PutClusterCapacityProviders", calls.Mutating());
            if (moto.Layer == null) return;
            Assert.True(Acted("serviceLinkedRole") >= 2, "refused while missing, then while propagating");
            Assert.True(Acted("iamPropagation") >= 1, "a new role or profile was refused at first");
            Assert.True(Acted("ec2Visibility") >= 1, "a new EC2 id was not found at first");
            Assert.True(Acted("validationRecord") >= 1, "the validation record came late");
            // Ready only once Route 53 said INSYNC for the alias (and the validation record's change was not waited for).
            Assert.Contains("route53:GetChange", calls.All());
            var changes = moto.Layer.BehaviourState().GetProperty("changes").EnumerateObject().ToList();
            Assert.Contains(changes, c => c.Value.GetProperty("insyncSeen").GetBoolean());

            // A second app in the same account: the role exists, nothing asks for it again.
            calls.Clear();
            var second = Spec(Unique("g"), zone);
            second.DomainName = "api." + zone; // www is the first app's
            await DeployAsync(stack, second);
            Assert.DoesNotContain("iam:CreateServiceLinkedRole", calls.All());
        }

        [Fact]
        public async Task Remove_waits_until_the_capacity_provider_is_gone_and_New_again_with_the_same_name_succeeds()
        {
            using var aws = moto.Connect();
            var zone = await ZoneAsync(aws);
            var app = Unique("r");
            var stack = new EcsAppStack(aws);
            await DeployAsync(stack, Spec(app, zone));

            // A deletion that lasts longer than the rest of the teardown: Remove-AoEcsApp must wait for it.
            moto.Layer?.ConfigureBehaviour("{\"windows\": {\"capacityProviderDelete\": 4}}");
            try
            {
                await stack.RemoveAsync(await stack.PlanRemovalAsync(app, default), default);
            }
            finally
            {
                moto.Layer?.ConfigureBehaviour($"{{\"windows\": {{\"capacityProviderDelete\": {LoggingProxy.DefaultWindow.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}}}");
            }
            // DeleteCapacityProvider only started the deletion; Remove-AoEcsApp returned once it had ended.
            var providers = await aws.SendAsync(new EcsApi.DescribeCapacityProvidersRequest
            {
                CapacityProviders = new List<string> { StackNames.For(app).CapacityProvider },
            }, default);
            Assert.DoesNotContain(providers.CapacityProviders ?? new List<EcsApi.CapacityProvider>(), p => p.Status == "ACTIVE");
            if (moto.Layer != null)
            {
                Assert.True(Acted("capacityProviderDelete") >= 1);
                Assert.True(Acted("networkInterfaces") >= 1, "security groups or subnets were held by network interfaces at first");
                Assert.True(Acted("certificateInUse") >= 1, "the certificate was in use at first");
            }

            // Nothing left over blocks the same name: not the capacity provider's name, not the certificate request's
            // idempotency token (ACM answers it with the deleted certificate within the hour; moto alone fails there
            // with HTTP 500, a fault of its own).
            if (moto.Layer == null) return;
            var again = await DeployAsync(stack, Spec(app, zone));
            Assert.Contains(again.Changes, c => c.StartsWith("Created capacity provider"));
            Assert.Equal("ISSUED", again.CertificateStatus);
            if (moto.Layer != null) Assert.True(Acted("certificateIdempotency") >= 1);
            await RemoveAsync(stack, app);
        }

        [Fact]
        public async Task A_capacity_provider_deletion_that_fails_is_reported_with_ECSs_reason()
        {
            if (moto.Layer == null) return; // the failure is played by the layer
            using var aws = moto.Connect();
            var zone = await ZoneAsync(aws);
            var app = Unique("d");
            var stack = new EcsAppStack(aws);
            await DeployAsync(stack, Spec(app, zone));
            moto.Layer.ConfigureBehaviour("{\"capacityProviderDeleteFails\": \"The capacity provider has tasks placed on it\"}");
            try
            {
                var ex = await Assert.ThrowsAsync<AoEcsException>(async () => await stack.RemoveAsync(await stack.PlanRemovalAsync(app, default), default));
                Assert.Equal("CapacityProviderDeleteFailed", ex.ErrorId);
                Assert.Contains("The capacity provider has tasks placed on it", ex.Message);
            }
            finally
            {
                moto.Layer.ConfigureBehaviour("{\"capacityProviderDeleteFails\": null}");
            }
            // A re-run deletes it again and completes.
            await RemoveAsync(stack, app);
        }
    }

    /// <summary>Issue 11: choices that depend on the account's network and the instance type, refused before any change when they cannot work.</summary>
    public sealed class NetworkAndInstanceLiveTests : FirstRunTestBase, IClassFixture<StackMotoFixture>
    {
        public NetworkAndInstanceLiveTests(StackMotoFixture moto) : base(moto) { }

        /// <summary>
        /// A VPC as a landing zone has it, made straight in the backend: public subnets (two in zone a, one in b) routing
        /// 0.0.0.0/0 to an internet gateway, private subnets in a and b routing it to a NAT gateway, one isolated in c.
        /// </summary>
        private async Task<(string Vpc, string[] Public, string[] Private)> LandingZoneVpcAsync(bool withPublic = true)
        {
            using var aws = moto.ConnectUpstream();
            var ec2 = aws.Ec2;
            var octet = new Random().Next(20, 250);
            var vpc = (await ec2.CreateVpcAsync(new Ec2.CreateVpcRequest { CidrBlock = $"10.{octet}.0.0/16" })).Vpc.VpcId;
            async Task<string> SubnetAsync(int third, string zone) => (await ec2.CreateSubnetAsync(new Ec2.CreateSubnetRequest
            {
                VpcId = vpc, CidrBlock = $"10.{octet}.{third}.0/24", AvailabilityZone = "us-east-1" + zone,
            })).Subnet.SubnetId;
            async Task<string> TableAsync(IEnumerable<string> subnets, Ec2.CreateRouteRequest route)
            {
                var table = (await ec2.CreateRouteTableAsync(new Ec2.CreateRouteTableRequest { VpcId = vpc })).RouteTable.RouteTableId;
                route.RouteTableId = table;
                route.DestinationCidrBlock = "0.0.0.0/0";
                await ec2.CreateRouteAsync(route);
                foreach (var subnet in subnets) await ec2.AssociateRouteTableAsync(new Ec2.AssociateRouteTableRequest { RouteTableId = table, SubnetId = subnet });
                return table;
            }

            var publics = new[] { await SubnetAsync(0, "a"), await SubnetAsync(1, "a"), await SubnetAsync(2, "b") };
            var privates = new[] { await SubnetAsync(10, "a"), await SubnetAsync(11, "b") };
            await SubnetAsync(20, "c"); // isolated: the main route table has no way out
            var igw = (await ec2.CreateInternetGatewayAsync(new Ec2.CreateInternetGatewayRequest())).InternetGateway.InternetGatewayId;
            await ec2.AttachInternetGatewayAsync(new Ec2.AttachInternetGatewayRequest { InternetGatewayId = igw, VpcId = vpc });
            if (withPublic) await TableAsync(publics, new Ec2.CreateRouteRequest { GatewayId = igw });
            var eip = (await ec2.AllocateAddressAsync(new Ec2.AllocateAddressRequest { Domain = "vpc" })).AllocationId;
            var nat = (await ec2.CreateNatGatewayAsync(new Ec2.CreateNatGatewayRequest { SubnetId = publics[0], AllocationId = eip })).NatGateway.NatGatewayId;
            await TableAsync(privates, new Ec2.CreateRouteRequest { NatGatewayId = nat });
            return (vpc, withPublic ? publics : Array.Empty<string>(), privates);
        }

        [Fact]
        public async Task In_an_existing_VPC_the_load_balancer_gets_one_public_subnet_per_zone_and_the_instances_the_NAT_subnets()
        {
            var (vpc, publics, privates) = await LandingZoneVpcAsync();
            using var aws = moto.Connect();
            var zone = await ZoneAsync(aws);
            var app = Unique("v");
            var stack = new EcsAppStack(aws);
            var spec = Spec(app, zone);
            spec.VpcId = vpc;
            await DeployAsync(stack, spec);

            var after = await stack.PrepareAsync(spec, default);
            Assert.True(after.Plan.IsNoOp, after.Plan.Format());
            // One per zone: in zone a, where there are two, the first by id.
            var inZoneA = publics.Take(2).OrderBy(s => s, StringComparer.Ordinal).First();
            Assert.Equal(new[] { inZoneA, publics[2] }.OrderBy(s => s), after.Found.LoadBalancer!.SubnetIds.OrderBy(s => s));
            Assert.Equal(privates.OrderBy(s => s), after.Found.AutoScalingGroup!.SubnetIds.OrderBy(s => s));
            await RemoveAsync(stack, app);
            // The given network stays.
            using var upstream = moto.ConnectUpstream();
            Assert.Single((await upstream.Ec2.DescribeVpcsAsync(new Ec2.DescribeVpcsRequest { VpcIds = new List<string> { vpc } })).Vpcs);
        }

        /// <summary>Preparing <paramref name="change"/>'s app fails; returns the error, after checking nothing was changed.</summary>
        private async Task<AoEcsException> RefusedAsync(Action<AppSpec> change)
        {
            var calls = new CallLog();
            using var aws = moto.Connect(calls);
            var zone = await ZoneAsync(aws);
            calls.Clear();
            var spec = Spec(Unique("n"), zone);
            change(spec);
            var ex = await Assert.ThrowsAsync<AoEcsException>(() => new EcsAppStack(aws).PrepareAsync(spec, default));
            Assert.Empty(calls.Mutating());
            return ex;
        }

        [Fact]
        public async Task A_VPC_without_public_subnets_is_refused_before_any_change()
        {
            var (vpc, _, _) = await LandingZoneVpcAsync(withPublic: false);
            var ex = await RefusedAsync(spec => spec.VpcId = vpc);
            Assert.Equal(StackErrorIds.NoPublicSubnets, ex.ErrorId);
            Assert.Contains("routes 0.0.0.0/0 to nat-", ex.Message);
        }

        [Fact]
        public async Task A_Graviton_instance_type_gets_the_arm64_ECS_AMI()
        {
            using var aws = moto.Connect();
            var zone = await ZoneAsync(aws);
            var app = Unique("a");
            var stack = new EcsAppStack(aws);
            var spec = Spec(app, zone);
            spec.InstanceType = "t4g.small";
            await DeployAsync(stack, spec);

            using var upstream = moto.ConnectUpstream();
            var arm = await upstream.Ssm.GetParameterAsync(new Amazon.SimpleSystemsManagement.Model.GetParameterRequest
            {
                Name = StackDefaults.EcsAmiParameter("arm64"),
            });
            var after = await stack.PrepareAsync(spec, default);
            Assert.Equal(arm.Parameter.Value, after.Found.LaunchTemplate!.ImageId);
            Assert.True(after.Plan.IsNoOp, after.Plan.Format());
            await RemoveAsync(stack, app);
        }

        [Theory]
        [InlineData("mac1.metal", 2, 4, StackErrorIds.UnsupportedInstanceType)]
        [InlineData("t9.nosuch", 2, 4, StackErrorIds.UnsupportedInstanceType)]
        [InlineData("t3.small", 20, 1, StackErrorIds.InsufficientCapacity)]
        public async Task What_cannot_run_is_refused_before_any_change(string instanceType, int desiredCount, int maxSize, string errorId)
        {
            var ex = await RefusedAsync(spec =>
            {
                spec.InstanceType = instanceType;
                spec.DesiredCount = desiredCount;
                spec.MaxSize = maxSize;
            });
            Assert.Equal(errorId, ex.ErrorId);
        }

        [Fact]
        public async Task A_rule_that_exists_already_does_not_keep_the_other_rules_of_its_call_out()
        {
            using var aws = moto.Connect();
            var zone = await ZoneAsync(aws);
            var app = Unique("s");
            var stack = new EcsAppStack(aws);
            await DeployAsync(stack, Spec(app, zone));
            using var upstream = moto.ConnectUpstream();
            var groupId = (await stack.PrepareAsync(Spec(app, zone), default)).Found.LoadBalancerSecurityGroup!.GroupId;
            Ec2.IpPermission Port(int port) => new Ec2.IpPermission
            {
                IpProtocol = "tcp", FromPort = port, ToPort = port, Ipv4Ranges = new List<Ec2.IpRange> { new Ec2.IpRange { CidrIp = "0.0.0.0/0" } },
            };
            await upstream.Ec2.RevokeSecurityGroupIngressAsync(new Ec2.RevokeSecurityGroupIngressRequest
            {
                GroupId = groupId, IpPermissions = new List<Ec2.IpPermission> { Port(443), Port(80) },
            });

            // The plan adds both rules; before it applies, another run (or a hand) puts 443 back.
            var prepared = await stack.PrepareAsync(Spec(app, zone), default);
            Assert.Equal(PlanAction.Change, prepared.Plan.ActionOf(ResourceGroup.SecurityGroups));
            await upstream.Ec2.AuthorizeSecurityGroupIngressAsync(new Ec2.AuthorizeSecurityGroupIngressRequest
            {
                GroupId = groupId, IpPermissions = new List<Ec2.IpPermission> { Port(443) },
            });
            await stack.ApplyAsync(prepared, new HashSet<ResourceGroup>(prepared.Plan.Groups), default);

            var after = await stack.PrepareAsync(Spec(app, zone), default);
            Assert.True(after.Plan.IsNoOp, after.Plan.Format());
            var ports = after.Found.LoadBalancerSecurityGroup!.Ingress.Select(r => r.FromPort).OrderBy(p => p);
            Assert.Equal(new[] { 80, 443 }, ports);
            await RemoveAsync(stack, app);
        }
    }
}
