using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Tests.Aws.Live.Dtos;
using AoTech.Ecs.Tests.Infrastructure;
using Xunit;

namespace AoTech.Ecs.Tests.Aws.Live
{
    /// <summary>End-to-end: our codecs and signer against a real AWS-compatible server, one protocol per test.</summary>
    [Collection(MotoCollection.Name)]
    public class MotoSmokeTests
    {
        private readonly MotoServerFixture _moto;

        public MotoSmokeTests(MotoServerFixture moto) => _moto = moto;

        private sealed class RecordingObserver : IAwsCallObserver
        {
            public ConcurrentQueue<AwsCallRecord> Records { get; } = new ConcurrentQueue<AwsCallRecord>();
            public void OnCall(AwsCallRecord record) => Records.Enqueue(record);
        }

        private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N").Substring(0, 10);

        [Fact]
        public async Task EcsJsonProtocolCreateDescribeDeleteCluster()
        {
            var observer = new RecordingObserver();
            using var aws = _moto.Connect(observer);
            var name = Unique("cl");

            var created = await aws.SendAsync(new CreateClusterRequest
            {
                ClusterName = name,
                Tags = new List<Tag> { new Tag { Key = "app", Value = "smoke" } },
            }, default);
            Assert.Equal(name, created.Cluster!.ClusterName);
            Assert.Equal("ACTIVE", created.Cluster.Status);
            Assert.EndsWith(":cluster/" + name, created.Cluster.ClusterArn);

            var described = await aws.SendAsync(new DescribeClustersRequest
            {
                Clusters = new List<string> { name },
                Include = new List<string> { "TAGS" },
            }, default);
            var cluster = Assert.Single(described.Clusters!);
            Assert.Equal(created.Cluster.ClusterArn, cluster.ClusterArn);
            Assert.Contains(cluster.Tags!, t => t.Key == "app" && t.Value == "smoke");

            var deleted = await aws.SendAsync(new DeleteClusterRequest { Cluster = name }, default);
            Assert.Equal("INACTIVE", deleted.Cluster!.Status);

            var records = observer.Records.ToList();
            Assert.Equal(new[] { "CreateCluster", "DescribeClusters", "DeleteCluster" }, records.Select(r => r.Operation));
            Assert.All(records, r =>
            {
                Assert.Equal("ecs", r.Service);
                Assert.Equal(200, r.StatusCode);
                Assert.Equal(1, r.Attempts);
                Assert.Null(r.ErrorCode);
            });
        }

        [Fact]
        public async Task EcsJsonErrorBecomesAwsServiceException()
        {
            var observer = new RecordingObserver();
            using var aws = _moto.Connect(observer);
            var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
                aws.SendAsync(new DeleteClusterRequest { Cluster = Unique("missing") }, default));
            Assert.Equal("ClusterNotFoundException", error.ErrorCode);
            Assert.Equal("ecs", error.Service);
            Assert.Equal("DeleteCluster", error.Operation);
            Assert.Equal(400, error.StatusCode);
            var record = Assert.Single(observer.Records);
            Assert.Equal("ClusterNotFoundException", record.ErrorCode);
            Assert.Equal(1, record.Attempts); // a client error is not retried
        }

        [Fact]
        public async Task IamQueryProtocolCreateGetDeleteRole()
        {
            using var aws = _moto.Connect();
            var name = Unique("role");
            const string trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

            var created = await aws.SendAsync(new CreateRoleRequest
            {
                RoleName = name,
                Path = "/smoke/",
                AssumeRolePolicyDocument = trust,
                Description = "smoke test role & more",
                Tags = new List<IamTag> { new IamTag { Key = "app", Value = "smoke test" } },
            }, default);
            Assert.Equal(name, created.Role!.RoleName);
            Assert.Equal("/smoke/", created.Role.Path);
            Assert.StartsWith("arn:aws:iam::", created.Role.Arn);

            var got = await aws.SendAsync(new GetRoleRequest { RoleName = name }, default);
            Assert.Equal(created.Role.RoleId, got.Role!.RoleId);
            Assert.Equal("smoke test role & more", got.Role.Description);
            Assert.NotNull(got.Role.CreateDate);
            Assert.Contains(got.Role.Tags!, t => t.Key == "app" && t.Value == "smoke test");
            // The trust policy comes back as the same JSON (IAM URL-encodes it on the wire; the codec decodes it).
            using (var sent = JsonDocument.Parse(trust))
            using (var back = JsonDocument.Parse(got.Role.AssumeRolePolicyDocument!))
                Assert.Equal(sent.RootElement.GetRawText(), back.RootElement.GetRawText());

            await aws.SendAsync(new DeleteRoleRequest { RoleName = name }, default);
            var missing = await Assert.ThrowsAsync<AwsServiceException>(() => aws.SendAsync(new GetRoleRequest { RoleName = name }, default));
            Assert.Equal("NoSuchEntity", missing.ErrorCode);
            Assert.Equal(404, missing.StatusCode);
            Assert.Equal("iam", missing.Service);
        }

        [Fact]
        public async Task Route53RestXmlCreateGetDeleteHostedZone()
        {
            using var aws = _moto.Connect();
            var domain = Unique("zone") + ".example.com";

            var created = await aws.SendAsync(new CreateHostedZoneRequest
            {
                Name = domain,
                CallerReference = Guid.NewGuid().ToString(),
                HostedZoneConfig = new HostedZoneConfig { Comment = "smoke <test>", PrivateZone = false },
            }, default);
            Assert.StartsWith("/hostedzone/", created.HostedZone!.Id);
            Assert.Equal(domain + ".", created.HostedZone.Name);
            Assert.NotEmpty(created.DelegationSet!.NameServers!);
            Assert.Contains("hostedzone/", created.Location);

            // The "/hostedzone/" prefix is stripped when the id goes into the path.
            var got = await aws.SendAsync(new GetHostedZoneRequest { Id = created.HostedZone.Id }, default);
            Assert.Equal(created.HostedZone.Id, got.HostedZone!.Id);
            Assert.Equal("smoke <test>", got.HostedZone.Config!.Comment);
            Assert.Equal(created.DelegationSet.NameServers, got.DelegationSet!.NameServers);

            var deleted = await aws.SendAsync(new DeleteHostedZoneRequest { Id = created.HostedZone.Id }, default);
            Assert.NotNull(deleted.ChangeInfo!.Status);

            var missing = await Assert.ThrowsAsync<AwsServiceException>(() =>
                aws.SendAsync(new GetHostedZoneRequest { Id = created.HostedZone.Id }, default));
            Assert.Equal("NoSuchHostedZone", missing.ErrorCode);
            Assert.Equal(404, missing.StatusCode);
        }

        [Fact]
        public async Task Ec2ThroughSdkClientCreateDeleteVpc()
        {
            var observer = new RecordingObserver();
            using var aws = _moto.Connect(observer);
            var vpc = await aws.CallSdkAsync("ec2", "CreateVpc",
                t => aws.Ec2.CreateVpcAsync(new Amazon.EC2.Model.CreateVpcRequest { CidrBlock = "10.42.0.0/16" }, t), default);
            Assert.StartsWith("vpc-", vpc.Vpc.VpcId);
            Assert.Equal("10.42.0.0/16", vpc.Vpc.CidrBlock);

            await aws.CallSdkAsync("ec2", "DeleteVpc",
                t => aws.Ec2.DeleteVpcAsync(new Amazon.EC2.Model.DeleteVpcRequest { VpcId = vpc.Vpc.VpcId }, t), default);

            var missing = await Assert.ThrowsAsync<AwsServiceException>(() => aws.CallSdkAsync("ec2", "DeleteVpc",
                t => aws.Ec2.DeleteVpcAsync(new Amazon.EC2.Model.DeleteVpcRequest { VpcId = vpc.Vpc.VpcId }, t), default));
            Assert.Equal("InvalidVpcID.NotFound", missing.ErrorCode);
            Assert.Equal("ec2", missing.Service);

            var records = observer.Records.ToList();
            Assert.Equal(new[] { "CreateVpc", "DeleteVpc", "DeleteVpc" }, records.Select(r => r.Operation));
            Assert.Equal(200, records[0].StatusCode);
            Assert.Equal("InvalidVpcID.NotFound", records[2].ErrorCode);
        }

        [Fact]
        public async Task StsThroughSdkClientUsesTheSameEndpoint()
        {
            using var aws = _moto.Connect();
            var identity = await aws.CallSdkAsync("sts", "GetCallerIdentity",
                t => aws.Sts.GetCallerIdentityAsync(new Amazon.SecurityToken.Model.GetCallerIdentityRequest(), t), default);
            Assert.Matches("^[0-9]{12}$", identity.Account);
        }
    
        [Fact]
        public async Task SecretsNeverReachTheObserver()
        {
            var observer = new RecordingObserver();
            const string secret = "Sup3r-Secret-Value/xyz";
            using var aws = _moto.Connect(observer, accessKey: "AKIDOBSERVED", secretKey: secret);
            await aws.SendAsync(new DescribeClustersRequest { Clusters = new List<string> { "default" } }, default);
            var record = Assert.Single(observer.Records);
            Assert.Equal("DescribeClusters", record.Operation);
            Assert.NotNull(record.RequestId);
            var everything = string.Join("|", typeof(AwsCallRecord).GetProperties().Select(p => p.GetValue(record)?.ToString())) + record;
            Assert.DoesNotContain(secret, everything);
            Assert.DoesNotContain("AKIDOBSERVED", everything);
        }

        [Fact]
        public async Task CancelledCallIsRecordedAndNotRetried()
        {
            var observer = new RecordingObserver();
            using var aws = _moto.Connect(observer);
            using var cts = new System.Threading.CancellationTokenSource();
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                aws.SendAsync(new DescribeClustersRequest { Clusters = new List<string> { "default" } }, cts.Token));
            var record = Assert.Single(observer.Records);
            Assert.Null(record.StatusCode);
            Assert.Equal(0, record.Attempts); // cancelled before the first attempt
            Assert.False(record.Succeeded);
        }

        [Fact]
        public async Task EndpointWithTrailingSlashWorks()
        {
            using var aws = AoTech.Ecs.Aws.AwsConnection.Create(new AwsConnectionOptions
            {
                EndpointUrl = _moto.EndpointUrl + "/",
                Region = "eu-west-1",
                AccessKey = MotoServerFixture.AccessKey,
                SecretKey = MotoServerFixture.SecretKey,
            });
            var result = await aws.SendAsync(new DescribeClustersRequest { Clusters = new List<string> { "nope-" + Guid.NewGuid().ToString("N") } });
            Assert.Empty(result.Clusters!);
            Assert.Single(result.Failures!);
        }
    }
}
