using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Aws.Services.Elb;
using AoTech.Ecs.Tests.Infrastructure;
using Xunit;

namespace AoTech.Ecs.Tests.Aws.Live
{
    /// <summary>ELBv2 (query protocol) through the real DTOs: target groups and load balancers round-trip.</summary>
    public class ElbLiveTests : IClassFixture<MotoServerFixture>
    {
        private readonly MotoServerFixture _moto;

        public ElbLiveTests(MotoServerFixture moto) => _moto = moto;

        [Fact]
        public async Task TargetGroupIsCreatedDescribedModifiedAndDeleted()
        {
            var observer = new RecordingObserver();
            using var aws = _moto.Connect(observer);
            var network = await TestNetwork.CreateAsync(_moto, "10.61");
            var name = Names.Unique("tg");

            var created = await aws.SendAsync(new CreateTargetGroupRequest
            {
                Name = name,
                Protocol = "HTTP",
                Port = 8080,
                VpcId = network.VpcId,
                TargetType = "instance",
                HealthCheckPath = "/healthz",
                HealthCheckIntervalSeconds = 15,
                HealthyThresholdCount = 2,
                Matcher = new Matcher { HttpCode = "200-299" },
                Tags = new List<Tag> { new Tag { Key = "app", Value = name } },
            });
            var tg = Assert.Single(created.TargetGroups!);
            Assert.Equal(name, tg.TargetGroupName);
            Assert.Contains(":targetgroup/" + name + "/", tg.TargetGroupArn);

            var described = await aws.SendAsync(new DescribeTargetGroupsRequest { Names = new List<string> { name } });
            var back = Assert.Single(described.TargetGroups!);
            Assert.Equal(tg.TargetGroupArn, back.TargetGroupArn);
            Assert.Equal("HTTP", back.Protocol);
            Assert.Equal(8080, back.Port);
            Assert.Equal(network.VpcId, back.VpcId);
            Assert.Equal("/healthz", back.HealthCheckPath);
            Assert.Equal(15, back.HealthCheckIntervalSeconds);
            Assert.Equal(2, back.HealthyThresholdCount);
            Assert.Equal("200-299", back.Matcher!.HttpCode);

            var modified = await aws.SendAsync(new ModifyTargetGroupAttributesRequest
            {
                TargetGroupArn = tg.TargetGroupArn,
                Attributes = new List<TargetGroupAttribute>
                {
                    new TargetGroupAttribute { Key = "deregistration_delay.timeout_seconds", Value = "30" },
                },
            });
            Assert.Contains(modified.Attributes!, a => a.Key == "deregistration_delay.timeout_seconds" && a.Value == "30");

            var tags = await aws.SendAsync(new DescribeTagsRequest { ResourceArns = new List<string> { tg.TargetGroupArn! } });
            Assert.Contains(Assert.Single(tags.TagDescriptions!).Tags!, t => t.Key == "app" && t.Value == name);

            var health = await aws.SendAsync(new DescribeTargetHealthRequest { TargetGroupArn = tg.TargetGroupArn });
            Assert.Empty(health.TargetHealthDescriptions ?? new List<TargetHealthDescription>());

            await aws.SendAsync(new DeleteTargetGroupRequest { TargetGroupArn = tg.TargetGroupArn });
            var missing = await Assert.ThrowsAsync<AwsServiceException>(() =>
                aws.SendAsync(new DescribeTargetGroupsRequest { TargetGroupArns = new List<string> { tg.TargetGroupArn! } }));
            Assert.Equal("TargetGroupNotFound", missing.ErrorCode);

            await network.DeleteAsync();
            observer.AssertSucceeded("elbv2", "CreateTargetGroup", "DescribeTargetGroups", "ModifyTargetGroupAttributes",
                "DescribeTags", "DescribeTargetHealth", "DeleteTargetGroup");
            observer.AssertLastFailed("elbv2", "DescribeTargetGroups", "TargetGroupNotFound");
        }

        [Fact]
        public async Task LoadBalancerIsCreatedDescribedAndDeleted()
        {
            var observer = new RecordingObserver();
            using var aws = _moto.Connect(observer);
            var network = await TestNetwork.CreateAsync(_moto, "10.62");
            var name = Names.Unique("lb");

            var created = await aws.SendAsync(new CreateLoadBalancerRequest
            {
                Name = name,
                Subnets = network.SubnetIds,
                Scheme = "internet-facing",
                Type = "application",
                IpAddressType = "ipv4",
                Tags = new List<Tag> { new Tag { Key = "app", Value = name } },
            });
            var lb = Assert.Single(created.LoadBalancers!);
            Assert.Equal(name, lb.LoadBalancerName);
            Assert.False(string.IsNullOrEmpty(lb.DNSName));

            var described = await aws.SendAsync(new DescribeLoadBalancersRequest { Names = new List<string> { name } });
            var back = Assert.Single(described.LoadBalancers!);
            Assert.Equal(lb.LoadBalancerArn, back.LoadBalancerArn);
            Assert.Equal(network.VpcId, back.VpcId);
            Assert.Equal("internet-facing", back.Scheme);
            Assert.Equal("application", back.Type);
            Assert.NotNull(back.State!.Code);
            Assert.NotNull(back.CreatedTime);
            Assert.Equal(network.SubnetIds.OrderBy(s => s), back.AvailabilityZones!.Select(z => z.SubnetId).OrderBy(s => s));

            await aws.SendAsync(new DeleteLoadBalancerRequest { LoadBalancerArn = lb.LoadBalancerArn });
            var missing = await Assert.ThrowsAsync<AwsServiceException>(() =>
                aws.SendAsync(new DescribeLoadBalancersRequest { Names = new List<string> { name } }));
            Assert.Equal("LoadBalancerNotFound", missing.ErrorCode);

            await network.DeleteAsync();
            observer.AssertSucceeded("elbv2", "CreateLoadBalancer", "DescribeLoadBalancers", "DeleteLoadBalancer");
            observer.AssertLastFailed("elbv2", "DescribeLoadBalancers", "LoadBalancerNotFound");
        }
    }
}
