using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Tests.Infrastructure;
using Xunit;

namespace AoTech.Ecs.Tests.Aws.Live
{
    /// <summary>Collects every call record a connection reports, so tests can check what went over the wire.</summary>
    internal sealed class RecordingObserver : IAwsCallObserver
    {
        public ConcurrentQueue<AwsCallRecord> Records { get; } = new ConcurrentQueue<AwsCallRecord>();
        public void OnCall(AwsCallRecord record) => Records.Enqueue(record);

        /// <summary>Operation names in call order for one service.</summary>
        public IReadOnlyList<string> Operations(string service) =>
            Records.Where(r => r.Service == service).Select(r => r.Operation).ToList();

        /// <summary>Asserts each named operation was recorded for the service, succeeded once, with a status code.</summary>
        public void AssertSucceeded(string service, params string[] operations)
        {
            foreach (var op in operations)
            {
                var record = Records.FirstOrDefault(r => r.Service == service && r.Operation == op && r.Succeeded);
                Assert.True(record != null, $"no successful {service}:{op} call record; recorded: " +
                    string.Join(", ", Records.Select(r => r.Service + ":" + r.Operation + (r.Succeeded ? "" : "!" + r.ErrorCode))));
                Assert.Equal(200, record!.StatusCode);
                Assert.Null(record.ErrorCode);
            }
        }

        /// <summary>Asserts the last call for the service failed with the given error code.</summary>
        public void AssertLastFailed(string service, string operation, string errorCode)
        {
            var record = Records.Last(r => r.Service == service);
            Assert.Equal(operation, record.Operation);
            Assert.False(record.Succeeded);
            Assert.Equal(errorCode, record.ErrorCode);
        }
    }

    internal static class Names
    {
        /// <summary>A name no other test (or earlier run against a shared endpoint) uses.</summary>
        public static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N").Substring(0, 10);
    }

    /// <summary>A VPC with one subnet in each of two zones, made through the EC2 SDK client (load balancers and
    /// Auto Scaling groups need subnets). Made and removed straight in the backend, past the layer of documented AWS
    /// behaviour: it is the tests' ground, as another tool would have made it long before, not what they test.</summary>
    internal sealed class TestNetwork
    {
        private readonly AwsConnection aws;

        private TestNetwork(AwsConnection aws) => this.aws = aws;

        public string VpcId { get; private set; } = "";
        public List<string> SubnetIds { get; } = new List<string>();

        public static async Task<TestNetwork> CreateAsync(MotoServerFixture moto, string cidrPrefix = "10.77")
        {
            var aws = moto.ConnectUpstream();
            var network = new TestNetwork(aws);
            var vpc = await aws.CallSdkAsync("ec2", "CreateVpc",
                t => aws.Ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = cidrPrefix + ".0.0/16" }, t));
            network.VpcId = vpc.Vpc.VpcId;
            var zones = new[] { "a", "b" };
            for (var i = 0; i < zones.Length; i++)
            {
                var az = MotoServerFixture.Region + zones[i];
                var subnet = await aws.CallSdkAsync("ec2", "CreateSubnet",
                    t => aws.Ec2.CreateSubnetAsync(new CreateSubnetRequest
                    {
                        VpcId = network.VpcId,
                        CidrBlock = $"{cidrPrefix}.{i}.0/24",
                        AvailabilityZone = az,
                    }, t));
                network.SubnetIds.Add(subnet.Subnet.SubnetId);
            }
            return network;
        }

        public async Task DeleteAsync()
        {
            foreach (var id in SubnetIds)
                await aws.CallSdkAsync("ec2", "DeleteSubnet",
                    t => aws.Ec2.DeleteSubnetAsync(new DeleteSubnetRequest { SubnetId = id }, t));
            await aws.CallSdkAsync("ec2", "DeleteVpc", t => aws.Ec2.DeleteVpcAsync(new DeleteVpcRequest { VpcId = VpcId }, t));
            aws.Dispose();
        }
    }
}
