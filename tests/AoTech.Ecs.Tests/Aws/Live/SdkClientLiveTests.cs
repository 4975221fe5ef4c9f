using System.Linq;
using System.Threading.Tasks;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Tests.Infrastructure;
using Xunit;
using Ec2Model = Amazon.EC2.Model;

namespace AoTech.Ecs.Tests.Aws.Live
{
    /// <summary>EC2, SSM and STS go through AWSSDK clients made by the connection and called via CallSdkAsync, so
    /// they share its endpoint, credentials, error type and call records.</summary>
    public class SdkClientLiveTests : IClassFixture<MotoServerFixture>
    {
        private readonly MotoServerFixture _moto;

        public SdkClientLiveTests(MotoServerFixture moto)
        {
            _moto = moto;
            // These tests check the SDK clients' calls on the wire, call by call. A VPC described the moment it is made is
            // "not found" for a while in AWS (EC2's eventual consistency); the stack tests meet that, these leave it out.
            moto.Layer?.ConfigureBehaviour("{\"off\": [\"ec2Visibility\"]}");
        }

        [Fact]
        public async Task Ec2VpcIsCreatedDescribedAndDeleted()
        {
            var observer = new RecordingObserver();
            using var aws = _moto.Connect(observer);
            var vpc = await aws.CallSdkAsync("ec2", "CreateVpc",
                t => aws.Ec2.CreateVpcAsync(new Ec2Model.CreateVpcRequest { CidrBlock = "10.42.0.0/16" }, t));
            Assert.StartsWith("vpc-", vpc.Vpc.VpcId);
            Assert.Equal("10.42.0.0/16", vpc.Vpc.CidrBlock);

            var described = await aws.CallSdkAsync("ec2", "DescribeVpcs",
                t => aws.Ec2.DescribeVpcsAsync(new Ec2Model.DescribeVpcsRequest { VpcIds = new() { vpc.Vpc.VpcId } }, t));
            Assert.Equal("10.42.0.0/16", Assert.Single(described.Vpcs).CidrBlock);

            await aws.CallSdkAsync("ec2", "DeleteVpc",
                t => aws.Ec2.DeleteVpcAsync(new Ec2Model.DeleteVpcRequest { VpcId = vpc.Vpc.VpcId }, t));

            var missing = await Assert.ThrowsAsync<AwsServiceException>(() => aws.CallSdkAsync("ec2", "DescribeVpcs",
                t => aws.Ec2.DescribeVpcsAsync(new Ec2Model.DescribeVpcsRequest { VpcIds = new() { vpc.Vpc.VpcId } }, t)));
            Assert.Equal("InvalidVpcID.NotFound", missing.ErrorCode);
            Assert.Equal("ec2", missing.Service);

            Assert.Equal(new[] { "CreateVpc", "DescribeVpcs", "DeleteVpc", "DescribeVpcs" }, observer.Operations("ec2"));
            observer.AssertSucceeded("ec2", "CreateVpc", "DescribeVpcs", "DeleteVpc");
            observer.AssertLastFailed("ec2", "DescribeVpcs", "InvalidVpcID.NotFound");
        }

        [Fact]
        public async Task SsmParameterIsPutReadAndDeleted()
        {
            var observer = new RecordingObserver();
            using var aws = _moto.Connect(observer);
            // Shaped like the public /aws/service/ecs/optimized-ami/... parameters the module reads (the /aws prefix
            // itself is reserved, so the test puts its own under another root).
            var name = "/" + Names.Unique("aotech") + "/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id";

            var put = await aws.CallSdkAsync("ssm", "PutParameter", t => aws.Ssm.PutParameterAsync(new PutParameterRequest
            {
                Name = name,
                Value = "ami-0123456789abcdef0",
                Type = ParameterType.String,
                Description = "live test",
            }, t));
            Assert.Equal(1, put.Version);

            var got = await aws.CallSdkAsync("ssm", "GetParameter",
                t => aws.Ssm.GetParameterAsync(new GetParameterRequest { Name = name }, t));
            Assert.Equal(name, got.Parameter.Name);
            Assert.Equal("ami-0123456789abcdef0", got.Parameter.Value);
            Assert.Equal(ParameterType.String, got.Parameter.Type);
            Assert.Equal(1, got.Parameter.Version);

            await aws.CallSdkAsync("ssm", "DeleteParameter",
                t => aws.Ssm.DeleteParameterAsync(new DeleteParameterRequest { Name = name }, t));
            var missing = await Assert.ThrowsAsync<AwsServiceException>(() => aws.CallSdkAsync("ssm", "GetParameter",
                t => aws.Ssm.GetParameterAsync(new GetParameterRequest { Name = name }, t)));
            Assert.Equal("ParameterNotFound", missing.ErrorCode);
            Assert.Equal("ssm", missing.Service);

            observer.AssertSucceeded("ssm", "PutParameter", "GetParameter", "DeleteParameter");
            observer.AssertLastFailed("ssm", "GetParameter", "ParameterNotFound");
        }

        [Fact]
        public async Task StsCallerIdentityComesFromTheSameEndpoint()
        {
            var observer = new RecordingObserver();
            using var aws = _moto.Connect(observer);
            var identity = await aws.CallSdkAsync("sts", "GetCallerIdentity",
                t => aws.Sts.GetCallerIdentityAsync(new Amazon.SecurityToken.Model.GetCallerIdentityRequest(), t));
            Assert.Matches("^[0-9]{12}$", identity.Account);
            Assert.StartsWith("arn:aws:", identity.Arn);
            observer.AssertSucceeded("sts", "GetCallerIdentity");
        }
    }
}
