using System;
using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Errors;
using Xunit;

namespace AoTech.Ecs.Tests.Aws
{
    /// <summary>What AwsConnection.Create resolves, without calling AWS (environment injected, nothing real read).</summary>
    public class AwsConnectionTests
    {
        private static Func<string, string?> Env(params (string, string)[] vars)
        {
            var map = vars.ToDictionary(v => v.Item1, v => v.Item2);
            return name => map.TryGetValue(name, out var v) ? v : null;
        }

        private static AwsConnectionOptions Keys(string? region = "eu-west-1", string? endpoint = null) =>
            new AwsConnectionOptions { AccessKey = "AKID", SecretKey = "secret", Region = region, EndpointUrl = endpoint };

        [Fact]
        public void CallsNameTheCommandAsTheSdksApplicationIdInTheUserAgent()
        {
            var options = Keys();
            options.ClientAppId = AwsConnectionOptions.AppIdFor("New-AoEcsApp");
            using var aws = AwsConnection.Create(options, null, Env());
            Assert.Matches(@"^AoTech\.Ecs/\d+\.\d+\.\d+ app/AoTech\.Ecs#New-AoEcsApp$", aws.UserAgent);
            // The AWSSDK clients (EC2, SSM, STS) append the same app/<id> to their own User-Agent.
            Assert.Equal("AoTech.Ecs#New-AoEcsApp", aws.Ec2.Config.ClientAppId);
            Assert.Equal("AoTech.Ecs#New-AoEcsApp", aws.Sts.Config.ClientAppId);

            using var plain = AwsConnection.Create(Keys(), null, Env());
            Assert.DoesNotContain("app/", plain.UserAgent);
        }

        [Fact]
        public void EndpointOptionBeatsEnvironment()
        {
            using var aws = AwsConnection.Create(Keys(endpoint: "http://127.0.0.1:4566"), null,
                Env(("AWS_ENDPOINT_URL", "http://env:1"), ("AWS_ENDPOINT_URL_ECS", "http://ecs-env:2")));
            Assert.Equal("http://127.0.0.1:4566/", aws.GetEndpoint(AwsService.Ecs).Url.ToString());
            Assert.Equal("http://127.0.0.1:4566/", aws.GetEndpoint(AwsService.Iam).Url.ToString());
        }

        [Fact]
        public void EnvironmentEndpointsApplyPerService()
        {
            using var aws = AwsConnection.Create(Keys(), null,
                Env(("AWS_ENDPOINT_URL", "http://env:1"), ("AWS_ENDPOINT_URL_ECS", "http://ecs-env:2")));
            Assert.Equal("http://ecs-env:2/", aws.GetEndpoint(AwsService.Ecs).Url.ToString());
            Assert.Equal("http://env:1/", aws.GetEndpoint(AwsService.Route53).Url.ToString());
            Assert.Equal("us-east-1", aws.GetEndpoint(AwsService.Route53).SigningRegion);
        }

        [Fact]
        public void RegionAndCredentialSourceAreExposedWithoutSecrets()
        {
            using var aws = AwsConnection.Create(Keys(region: "ap-northeast-1"), null, Env());
            Assert.Equal("ap-northeast-1", aws.Region);
            Assert.Equal("-AccessKey/-SecretKey", aws.CredentialSource);
            Assert.Equal("https://ecs.ap-northeast-1.amazonaws.com/", aws.GetEndpoint(AwsService.Ecs).Url.ToString());
        }

        [Fact]
        public void RegionFromEnvironmentWhenNotGiven()
        {
            using var aws = AwsConnection.Create(Keys(region: null), null, Env(("AWS_REGION", "eu-south-1")));
            Assert.Equal("eu-south-1", aws.Region);
        }

        [Fact]
        public void InvalidEndpointFailsAtCreate()
        {
            var e = Assert.Throws<AoEcsException>(() => AwsConnection.Create(Keys(endpoint: "localhost:4566"), null, Env()));
            Assert.Equal("InvalidEndpointUrl", e.ErrorId);
        }

        [Fact]
        public void SdkClientsShareRegionEndpointAndHaveTheirRetriesOff()
        {
            using var aws = AwsConnection.Create(Keys(endpoint: "http://127.0.0.1:4566"), null, Env());
            Assert.Equal(0, aws.Ec2.Config.MaxErrorRetry);
            Assert.Equal(0, aws.Ssm.Config.MaxErrorRetry);
            Assert.Equal(0, aws.Sts.Config.MaxErrorRetry);
            Assert.StartsWith("http://127.0.0.1:4566", aws.Ec2.Config.ServiceURL);
            Assert.Equal("eu-west-1", aws.Ec2.Config.AuthenticationRegion);

            using var real = AwsConnection.Create(Keys(region: "eu-west-3"), null, Env());
            Assert.Equal("eu-west-3", real.Ec2.Config.RegionEndpoint.SystemName);
        }

        [Fact]
        public void CallRecordsCarryNoHeadersOrBodies()
        {
            // The observer contract: only these facts about a call, nothing that could hold a secret.
            var properties = typeof(AwsCallRecord).GetProperties().Select(p => p.Name).OrderBy(n => n);
            Assert.Equal(new[] { "Attempts", "Duration", "ErrorCode", "Operation", "RequestId", "Service", "StatusCode", "Succeeded" }, properties);
        }
    }
}
