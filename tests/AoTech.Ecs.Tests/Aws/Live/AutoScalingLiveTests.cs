using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AoTech.Ecs.Aws.Services.AutoScaling;
using AoTech.Ecs.Tests.Infrastructure;
using Xunit;
using Ec2Model = Amazon.EC2.Model;

namespace AoTech.Ecs.Tests.Aws.Live
{
    /// <summary>Auto Scaling (query protocol) through the real DTOs; the launch template comes from the EC2 SDK client.</summary>
    public class AutoScalingLiveTests : IClassFixture<MotoServerFixture>
    {
        private readonly MotoServerFixture _moto;

        public AutoScalingLiveTests(MotoServerFixture moto) => _moto = moto;

        [Fact]
        public async Task GroupIsCreatedDescribedUpdatedAndDeleted()
        {
            var observer = new RecordingObserver();
            using var aws = _moto.Connect(observer);
            var network = await TestNetwork.CreateAsync(_moto, "10.63");
            var name = Names.Unique("asg");

            var template = await aws.CallSdkAsync("ec2", "CreateLaunchTemplate",
                t => aws.Ec2.CreateLaunchTemplateAsync(new Ec2Model.CreateLaunchTemplateRequest
                {
                    LaunchTemplateName = name + "-lt",
                    LaunchTemplateData = new Ec2Model.RequestLaunchTemplateData { ImageId = "ami-0123456789abcdef0", InstanceType = "t3.micro" },
                }, t));
            var templateId = template.LaunchTemplate.LaunchTemplateId;

            // Zero capacity: the group exists without moto having to launch instances.
            await aws.SendAsync(new CreateAutoScalingGroupRequest
            {
                AutoScalingGroupName = name,
                LaunchTemplate = new LaunchTemplateSpecification { LaunchTemplateId = templateId, Version = "$Latest" },
                MinSize = 0,
                MaxSize = 2,
                DesiredCapacity = 0,
                VPCZoneIdentifier = string.Join(",", network.SubnetIds),
                HealthCheckType = "EC2",
                HealthCheckGracePeriod = 120,
                NewInstancesProtectedFromScaleIn = true,
                Tags = new List<Tag> { new Tag { Key = "app", Value = name, PropagateAtLaunch = true } },
            });

            var described = await aws.SendAsync(new DescribeAutoScalingGroupsRequest { AutoScalingGroupNames = new List<string> { name } });
            var group = Assert.Single(described.AutoScalingGroups!);
            Assert.Equal(name, group.AutoScalingGroupName);
            Assert.Equal(0, group.MinSize);
            Assert.Equal(2, group.MaxSize);
            Assert.Equal(0, group.DesiredCapacity);
            Assert.Equal(templateId, group.LaunchTemplate!.LaunchTemplateId);
            Assert.Equal(network.SubnetIds.OrderBy(s => s), group.VPCZoneIdentifier!.Split(',').OrderBy(s => s));
            Assert.Equal(120, group.HealthCheckGracePeriod);
            Assert.True(group.NewInstancesProtectedFromScaleIn);
            Assert.Contains(group.Tags!, t => t.Key == "app" && t.Value == name && t.PropagateAtLaunch == true);
            Assert.Contains(":autoScalingGroup:", group.AutoScalingGroupARN);

            await aws.SendAsync(new UpdateAutoScalingGroupRequest { AutoScalingGroupName = name, MaxSize = 4, HealthCheckGracePeriod = 300 });
            var updated = Assert.Single((await aws.SendAsync(new DescribeAutoScalingGroupsRequest
            {
                AutoScalingGroupNames = new List<string> { name },
            })).AutoScalingGroups!);
            Assert.Equal(4, updated.MaxSize);
            Assert.Equal(300, updated.HealthCheckGracePeriod);
            Assert.Equal(0, updated.MinSize); // members not sent are left alone

            var tags = await aws.SendAsync(new DescribeTagsRequest
            {
                Filters = new List<Filter> { new Filter { Name = "auto-scaling-group", Values = new List<string> { name } } },
            });
            Assert.Contains(tags.Tags!, t => t.Key == "app" && t.ResourceId == name);

            await aws.SendAsync(new DeleteAutoScalingGroupRequest { AutoScalingGroupName = name, ForceDelete = true });
            var after = await aws.SendAsync(new DescribeAutoScalingGroupsRequest { AutoScalingGroupNames = new List<string> { name } });
            Assert.Empty(after.AutoScalingGroups ?? new List<AutoScalingGroup>());

            await aws.CallSdkAsync("ec2", "DeleteLaunchTemplate",
                t => aws.Ec2.DeleteLaunchTemplateAsync(new Ec2Model.DeleteLaunchTemplateRequest { LaunchTemplateId = templateId }, t));
            await network.DeleteAsync();
            observer.AssertSucceeded("autoscaling", "CreateAutoScalingGroup", "DescribeAutoScalingGroups",
                "UpdateAutoScalingGroup", "DescribeTags", "DeleteAutoScalingGroup");
            observer.AssertSucceeded("ec2", "CreateLaunchTemplate", "DeleteLaunchTemplate");
        }
    }
}
