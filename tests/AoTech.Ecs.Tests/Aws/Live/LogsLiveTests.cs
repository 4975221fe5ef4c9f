using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AoTech.Ecs.Aws.Services.Logs;
using AoTech.Ecs.Tests.Infrastructure;
using Xunit;

namespace AoTech.Ecs.Tests.Aws.Live
{
    /// <summary>CloudWatch Logs (JSON 1.1, lowerCamel, map-typed tags) through the real DTOs.</summary>
    public class LogsLiveTests : IClassFixture<MotoServerFixture>
    {
        private readonly MotoServerFixture _moto;

        public LogsLiveTests(MotoServerFixture moto) => _moto = moto;

        [Fact]
        public async Task LogGroupIsCreatedGivenRetentionDescribedAndDeleted()
        {
            var observer = new RecordingObserver();
            using var aws = _moto.Connect(observer);
            var name = "/aotech/" + Names.Unique("logs");

            await aws.SendAsync(new CreateLogGroupRequest
            {
                LogGroupName = name,
                Tags = new Dictionary<string, string> { ["app"] = "live", ["owner"] = "tests" },
            });
            await aws.SendAsync(new PutRetentionPolicyRequest { LogGroupName = name, RetentionInDays = 14 });

            var described = await aws.SendAsync(new DescribeLogGroupsRequest { LogGroupNamePrefix = name });
            var group = Assert.Single(described.LogGroups!);
            Assert.Equal(name, group.LogGroupName);
            Assert.Equal(14, group.RetentionInDays);
            Assert.True(group.CreationTime > 0);
            Assert.Contains(":log-group:" + name, group.Arn);

            var tags = await aws.SendAsync(new ListTagsLogGroupRequest { LogGroupName = name });
            Assert.Equal("live", tags.Tags!["app"]);
            Assert.Equal("tests", tags.Tags["owner"]);

            await aws.SendAsync(new DeleteLogGroupRequest { LogGroupName = name });
            var after = await aws.SendAsync(new DescribeLogGroupsRequest { LogGroupNamePrefix = name });
            Assert.Empty(after.LogGroups ?? new List<LogGroup>());

            observer.AssertSucceeded("logs", "CreateLogGroup", "PutRetentionPolicy", "DescribeLogGroups", "ListTagsLogGroup",
                "DeleteLogGroup");
        }
    }
}
