using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Aws.Services.Ecs;
using AoTech.Ecs.Aws.Services.Iam;
using AoTech.Ecs.Aws.Services.Route53;
using AoTech.Ecs.Tests.Aws.Live.Dtos;
using EcsTag = AoTech.Ecs.Aws.Services.Ecs.Tag;
using AoTech.Ecs.Tests.Infrastructure;
using Xunit;

namespace AoTech.Ecs.Tests.Aws.Live
{
    /// <summary>Our signatures checked by a server that recomputes them independently, for each protocol.</summary>
    [Collection(AuthenticatingMotoCollection.Name)]
    public class SignatureVerificationTests
    {
        private readonly AuthenticatingMotoFixture _moto;

        public SignatureVerificationTests(AuthenticatingMotoFixture moto) => _moto = moto;

        [Fact]
        public async Task JsonRequestSignatureIsAccepted()
        {
            using var aws = _moto.Connect(accessKey: _moto.UserAccessKey, secretKey: _moto.UserSecretKey, region: "eu-west-1");
            var name = "sig-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            var created = await aws.SendAsync(new CreateClusterRequest
            {
                ClusterName = name,
                Tags = new List<EcsTag> { new EcsTag { Key = "odd chars", Value = "a+b=c/d ü &x" } },
            });
            Assert.Equal(name, created.Cluster!.ClusterName);
            await aws.SendAsync(new DeleteClusterRequest { Cluster = name });
        }

        [Fact]
        public async Task QueryRequestSignatureIsAcceptedForAGlobalService()
        {
            // The connection's region is eu-west-1; IAM is signed for us-east-1.
            using var aws = _moto.Connect(accessKey: _moto.UserAccessKey, secretKey: _moto.UserSecretKey, region: "eu-west-1");
            var name = "sig-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            await aws.SendAsync(new CreateRoleRequest
            {
                RoleName = name,
                Description = "spaces, 'quotes' & symbols: +/=?*~",
                AssumeRolePolicyDocument = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}",
            });
            var got = await aws.SendAsync(new GetRoleRequest { RoleName = name });
            Assert.Equal("spaces, 'quotes' & symbols: +/=?*~", got.Role!.Description);
            await aws.SendAsync(new DeleteRoleRequest { RoleName = name });
        }

        [Fact]
        public async Task RestXmlRequestSignatureIsAccepted()
        {
            // Only a POST with a body: moto 5.x fails its own signature check on Route 53 GET/DELETE (boto3 too).
            using var aws = _moto.Connect(accessKey: _moto.UserAccessKey, secretKey: _moto.UserSecretKey);
            var name = "sig" + Guid.NewGuid().ToString("N").Substring(0, 8) + ".example.org";
            var created = await aws.SendAsync(new CreateHostedZoneRequest
            {
                Name = name,
                CallerReference = Guid.NewGuid().ToString(),
                HostedZoneConfig = new HostedZoneConfig { Comment = "a & b <c> ü" },
            });
            Assert.Equal(name + ".", created.HostedZone!.Name);
        }

        [Fact]
        public async Task WrongSecretIsRejectedSoTheCheckIsReal()
        {
            using var aws = _moto.Connect(accessKey: _moto.UserAccessKey, secretKey: _moto.UserSecretKey + "x");
            var json = await Assert.ThrowsAsync<AwsServiceException>(() =>
                aws.SendAsync(new DescribeClustersRequest { Clusters = new List<string> { "default" } }));
            Assert.Equal("SignatureDoesNotMatch", json.ErrorCode);
            var query = await Assert.ThrowsAsync<AwsServiceException>(() => aws.SendAsync(new GetRoleRequest { RoleName = "x" }));
            Assert.Equal("SignatureDoesNotMatch", query.ErrorCode);
            Assert.Equal(403, query.StatusCode);
        }
    }
}
