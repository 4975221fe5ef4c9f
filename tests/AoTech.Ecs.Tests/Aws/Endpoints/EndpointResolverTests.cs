using System;
using System.Collections.Generic;
using AoTech.Ecs.Aws.Endpoints;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Errors;
using Xunit;

namespace AoTech.Ecs.Tests.Aws.Endpoints
{
    public class EndpointResolverTests
    {
        private static Func<string, string?> Env(params (string, string)[] vars)
        {
            var map = new Dictionary<string, string>();
            foreach (var (k, v) in vars) map[k] = v;
            return name => map.TryGetValue(name, out var v) ? v : null;
        }

        [Theory]
        [InlineData("ecs", "https://ecs.eu-west-1.amazonaws.com/")]
        [InlineData("ecr", "https://api.ecr.eu-west-1.amazonaws.com/")]
        [InlineData("elbv2", "https://elasticloadbalancing.eu-west-1.amazonaws.com/")]
        [InlineData("resourcegroupstaggingapi", "https://tagging.eu-west-1.amazonaws.com/")]
        [InlineData("iam", "https://iam.amazonaws.com/")]
        [InlineData("route53", "https://route53.amazonaws.com/")]
        public void PublicHosts(string model, string expected)
        {
            var service = Array.Find(AwsService.All, s => s.ModelName == model)!;
            var endpoint = EndpointResolver.Resolve(service, "eu-west-1", null, Env());
            Assert.Equal(expected, endpoint.Url.ToString());
            Assert.False(endpoint.IsOverride);
        }

        [Fact]
        public void GlobalServicesSignForUsEast1()
        {
            Assert.Equal("us-east-1", EndpointResolver.Resolve(AwsService.Iam, "eu-west-1", null, Env()).SigningRegion);
            Assert.Equal("us-east-1", EndpointResolver.Resolve(AwsService.Route53, "ap-south-1", null, Env()).SigningRegion);
            Assert.Equal("ap-south-1", EndpointResolver.Resolve(AwsService.Ecs, "ap-south-1", null, Env()).SigningRegion);
            // Also when an override sends them elsewhere.
            Assert.Equal("us-east-1", EndpointResolver.Resolve(AwsService.Iam, "eu-west-1", "http://127.0.0.1:5000", Env()).SigningRegion);
        }

        [Fact]
        public void OptionBeatsServiceEnvBeatsGlobalEnv()
        {
            var env = Env(("AWS_ENDPOINT_URL_ECS", "http://ecs-only:1"), ("AWS_ENDPOINT_URL", "http://everything:2"));
            Assert.Equal("http://option:3/", EndpointResolver.Resolve(AwsService.Ecs, "eu-west-1", "http://option:3", env).Url.ToString());
            Assert.Equal("http://ecs-only:1/", EndpointResolver.Resolve(AwsService.Ecs, "eu-west-1", null, env).Url.ToString());
            Assert.Equal("http://everything:2/", EndpointResolver.Resolve(AwsService.Logs, "eu-west-1", null, env).Url.ToString());
            Assert.True(EndpointResolver.Resolve(AwsService.Logs, "eu-west-1", null, env).IsOverride);
        }

        [Fact]
        public void ServiceEnvNamesFollowTheServiceId()
        {
            var env = Env(("AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2", "http://elb:1"), ("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", "http://logs:2"));
            Assert.Equal("http://elb:1/", EndpointResolver.Resolve(AwsService.ElasticLoadBalancingV2, "eu-west-1", null, env).Url.ToString());
            Assert.Equal("http://logs:2/", EndpointResolver.Resolve(AwsService.Logs, "eu-west-1", null, env).Url.ToString());
        }

        [Theory]
        [InlineData("not a url")]
        [InlineData("ftp://host/")]
        [InlineData("localhost:4566")]
        public void InvalidOverrideIsRejected(string url)
        {
            var e = Assert.Throws<AoEcsException>(() => EndpointResolver.Resolve(AwsService.Ecs, "eu-west-1", url, Env()));
            Assert.Equal("InvalidEndpointUrl", e.ErrorId);
            Assert.Equal(AoErrorKind.InvalidArgument, e.Kind);
        }
    }
}
