using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.Converge;
using AoTech.Ecs.Tests.Infrastructure;
using Xunit;
using static AoTech.Ecs.Tests.Stack.Live.StackLiveKit;
using Asg = AoTech.Ecs.Aws.Services.AutoScaling;
using Ec2 = Amazon.EC2.Model;

namespace AoTech.Ecs.Tests.Stack.Live
{
    /// <summary>
    /// Issue 12 item 8: the app's own network and the copies it no longer uses are deleted by one network deleter, in
    /// one ordered pass (security groups, then route tables and gateways, then subnets, then VPCs), each deletion repeated
    /// while network interfaces of what just went still hold it (DependencyViolation).
    /// </summary>
    public sealed class NetworkTeardownLiveTests : FirstRunTestBase, IClassFixture<StackMotoFixture>
    {
        /// <summary>How long the layer keeps a deleted Auto Scaling group's subnets and groups in use: longer than a rerun's discovery.</summary>
        private const double HeldSeconds = 3;

        public NetworkTeardownLiveTests(StackMotoFixture moto) : base(moto) { }

        /// <summary>The EC2 deletions of the network, in the order they were sent, failed attempts included.</summary>
        private static readonly string[] NetworkDeletes =
            { "DeleteSecurityGroup", "DisassociateRouteTable", "DeleteRouteTable", "DetachInternetGateway", "DeleteInternetGateway", "DeleteSubnet", "DeleteVpc" };

        private static int Step(string operation) => operation switch
        {
            "DeleteSecurityGroup" => 0,
            "DisassociateRouteTable" or "DeleteRouteTable" or "DetachInternetGateway" or "DeleteInternetGateway" => 1,
            "DeleteSubnet" => 2,
            _ => 3,
        };

        /// <summary>Every deletion of a step was sent before any of the next step's, whoever the resource belongs to.</summary>
        private static void AssertOnePassInOrder(CallLog calls)
        {
            var sent = calls.Records.Where(r => r.Service == "ec2" && NetworkDeletes.Contains(r.Operation)).Select(r => r.Operation).ToList();
            Assert.Contains("DeleteVpc", sent);
            var steps = sent.Select(Step).ToList();
            Assert.True(steps.SequenceEqual(steps.OrderBy(s => s)), "network deletions out of order:\n" + string.Join("\n", sent));
            // What holds a route table or a gateway is undone first.
            Assert.InRange(sent.IndexOf("DisassociateRouteTable"), 0, sent.IndexOf("DeleteRouteTable"));
            Assert.InRange(sent.IndexOf("DetachInternetGateway"), 0, sent.IndexOf("DeleteInternetGateway"));
        }

        /// <summary>A deletion EC2 refused with DependencyViolation was sent again until it went.</summary>
        private static void AssertHeldAndRetried(CallLog calls, string operation)
        {
            var answers = calls.Records.Where(r => r.Operation == operation).ToList();
            Assert.Contains(answers, r => r.ErrorCode == "DependencyViolation");
            Assert.Contains(answers.SkipWhile(r => r.ErrorCode != "DependencyViolation"), r => r.ErrorCode == null);
        }

        /// <summary>
        /// A copy of the app's network, tagged for it, as a create whose answer was lost leaves it: VPC, one subnet, a
        /// route table associated with it, an attached internet gateway, the load balancer's security group. An Auto
        /// Scaling group that used the subnet and the group has just been deleted, so the layer of documented AWS
        /// behaviour holds both (their network interfaces are still going).
        /// </summary>
        private async Task<string> PlantHeldCopyAsync(Amazon.EC2.AmazonEC2Client layerEc2, AoTech.Ecs.Aws.AwsConnection aws, StackNames names,
            string imageId)
        {
            using var upstream = moto.ConnectUpstream();
            var ec2 = upstream.Ec2;
            List<Ec2.TagSpecification> Tagged(string type, string name) =>
                AwsCalls.TagSpecifications(type, new Dictionary<string, string> { [StackNames.AppTagKey] = names.App }, name);
            var vpc = (await ec2.CreateVpcAsync(new Ec2.CreateVpcRequest { CidrBlock = "10.97.0.0/16", TagSpecifications = Tagged("vpc", names.Vpc) })).Vpc.VpcId;
            var subnet = (await ec2.CreateSubnetAsync(new Ec2.CreateSubnetRequest
            {
                VpcId = vpc, CidrBlock = "10.97.0.0/20", AvailabilityZone = "us-east-1a", TagSpecifications = Tagged("subnet", names.Subnet("us-east-1a")),
            })).Subnet.SubnetId;
            var table = (await ec2.CreateRouteTableAsync(new Ec2.CreateRouteTableRequest { VpcId = vpc, TagSpecifications = Tagged("route-table", names.RouteTable) }))
                .RouteTable.RouteTableId;
            await ec2.AssociateRouteTableAsync(new Ec2.AssociateRouteTableRequest { RouteTableId = table, SubnetId = subnet });
            var igw = (await ec2.CreateInternetGatewayAsync(new Ec2.CreateInternetGatewayRequest { TagSpecifications = Tagged("internet-gateway", names.InternetGateway) }))
                .InternetGateway.InternetGatewayId;
            await ec2.AttachInternetGatewayAsync(new Ec2.AttachInternetGatewayRequest { InternetGatewayId = igw, VpcId = vpc });
            var group = (await ec2.CreateSecurityGroupAsync(new Ec2.CreateSecurityGroupRequest
            {
                GroupName = names.LoadBalancerSecurityGroup, Description = "copy", VpcId = vpc, TagSpecifications = Tagged("security-group", names.LoadBalancerSecurityGroup),
            })).GroupId;

            // Through the layer, so that it knows what the group's instances held.
            var template = "held-" + names.App;
            await layerEc2.CreateLaunchTemplateAsync(new Ec2.CreateLaunchTemplateRequest
            {
                LaunchTemplateName = template,
                LaunchTemplateData = new Ec2.RequestLaunchTemplateData { ImageId = imageId, InstanceType = "t3.micro", SecurityGroupIds = new List<string> { group } },
            });
            await aws.SendAsync(new Asg.CreateAutoScalingGroupRequest
            {
                AutoScalingGroupName = template,
                LaunchTemplate = new Asg.LaunchTemplateSpecification { LaunchTemplateName = template, Version = "$Latest" },
                MinSize = 0, MaxSize = 0, DesiredCapacity = 0,
                VPCZoneIdentifier = subnet,
            }, default);
            await aws.SendAsync(new Asg.DeleteAutoScalingGroupRequest { AutoScalingGroupName = template, ForceDelete = true }, default);
            await layerEc2.DeleteLaunchTemplateAsync(new Ec2.DeleteLaunchTemplateRequest { LaunchTemplateName = template });
            return vpc;
        }

        private async Task<List<string>> VpcsOfAsync(Amazon.EC2.AmazonEC2Client ec2, string app) =>
            (await ec2.DescribeVpcsAsync(new Ec2.DescribeVpcsRequest { Filters = new List<Ec2.Filter> { AwsCalls.TagFilter(StackNames.AppTagKey, app) } }))
            .Vpcs?.Select(v => v.VpcId).ToList() ?? new List<string>();

        [Fact]
        public async Task A_rerun_and_Remove_delete_the_apps_network_and_a_held_copy_in_one_ordered_pass_retrying_while_it_is_held()
        {
            if (moto.Layer == null) return; // the held network interfaces are played by the layer
            var calls = new CallLog();
            using var aws = moto.Connect(calls);
            var zone = await ZoneAsync(aws);
            var app = Unique("n");
            var names = StackNames.For(app);
            var stack = new EcsAppStack(aws);
            await DeployAsync(stack, Spec(app, zone));
            var own = (await stack.PrepareAsync(Spec(app, zone), default)).Found;
            moto.Layer.ConfigureBehaviour($"{{\"windows\": {{\"networkInterfaces\": {HeldSeconds.ToString(CultureInfo.InvariantCulture)}}}}}");
            try
            {
                // New-AoEcsApp: the copy goes, the network in use stays.
                var copy = await PlantHeldCopyAsync(aws.Ec2, aws, names, own.LaunchTemplate!.ImageId!);
                calls.Clear();
                var rerun = await DeployAsync(stack, Spec(app, zone));
                Assert.Contains($"Deleted extra VPC {names.Vpc} ({copy})", rerun.Changes);
                AssertOnePassInOrder(calls);
                AssertHeldAndRetried(calls, "DeleteSecurityGroup"); // the subnet is let go meanwhile
                Assert.Equal(new[] { own.Network!.VpcId }, await VpcsOfAsync(aws.Ec2, app));

                // Remove-AoEcsApp: the app's own network and another copy, one pass through the same deleter.
                copy = await PlantHeldCopyAsync(aws.Ec2, aws, names, own.LaunchTemplate.ImageId!);
                var removal = await stack.PlanRemovalAsync(app, default);
                calls.Clear();
                var done = await stack.RemoveAsync(removal, default);
                Assert.Contains($"Deleted extra VPC {names.Vpc} ({copy})", done);
                Assert.Contains($"Deleted VPC {own.Network.VpcId}", done);
                AssertOnePassInOrder(calls);
                AssertHeldAndRetried(calls, "DeleteSecurityGroup"); // the subnet is let go meanwhile
                Assert.Empty(await VpcsOfAsync(aws.Ec2, app));
                Assert.True((await stack.PlanRemovalAsync(app, default)).IsEmpty);
            }
            finally
            {
                moto.Layer.ConfigureBehaviour(
                    $"{{\"windows\": {{\"networkInterfaces\": {LoggingProxy.DefaultWindow.ToString(CultureInfo.InvariantCulture)}}}}}");
            }
        }
    }
}
