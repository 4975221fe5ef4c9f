using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AoTech.Ecs.Aws.Services.Tagging;
using AoTech.Ecs.Tests.Infrastructure;
using Xunit;
using EcsApi = AoTech.Ecs.Aws.Services.Ecs;
using LogsApi = AoTech.Ecs.Aws.Services.Logs;

namespace AoTech.Ecs.Tests.Aws.Live
{
    /// <summary>The Resource Groups Tagging API finds what the module tagged, across services.</summary>
    public class TaggingLiveTests : IClassFixture<MotoServerFixture>
    {
        private readonly MotoServerFixture _moto;

        public TaggingLiveTests(MotoServerFixture moto) => _moto = moto;

        [Fact]
        public async Task GetResourcesFindsATaggedClusterAndLogGroupUntilTheyAreDeleted()
        {
            var observer = new RecordingObserver();
            using var aws = _moto.Connect(observer);
            var app = Names.Unique("app");
            var clusterName = Names.Unique("tag-cl");
            var logGroup = "/aotech/" + Names.Unique("tag-logs");

            var cluster = await aws.SendAsync(new EcsApi.CreateClusterRequest
            {
                ClusterName = clusterName,
                Tags = new List<EcsApi.Tag> { new EcsApi.Tag { Key = "aotech:app", Value = app } },
            });
            await aws.SendAsync(new LogsApi.CreateLogGroupRequest
            {
                LogGroupName = logGroup,
                Tags = new Dictionary<string, string> { ["aotech:app"] = app },
            });
            var filter = new List<TagFilter> { new TagFilter { Key = "aotech:app", Values = new List<string> { app } } };

            var found = await aws.SendAsync(new GetResourcesRequest { TagFilters = filter });
            var arns = found.ResourceTagMappingList!.Select(m => m.ResourceARN).ToList();
            Assert.Contains(cluster.Cluster!.ClusterArn, arns);
            Assert.Contains(arns, a => a!.Contains(":log-group:" + logGroup));
            Assert.All(found.ResourceTagMappingList!, m => Assert.Contains(m.Tags!, t => t.Key == "aotech:app" && t.Value == app));

            var onlyClusters = await aws.SendAsync(new GetResourcesRequest
            {
                TagFilters = filter,
                ResourceTypeFilters = new List<string> { "ecs:cluster" },
            });
            Assert.Equal(new[] { cluster.Cluster.ClusterArn }, onlyClusters.ResourceTagMappingList!.Select(m => m.ResourceARN));

            await aws.SendAsync(new EcsApi.DeleteClusterRequest { Cluster = clusterName });
            await aws.SendAsync(new LogsApi.DeleteLogGroupRequest { LogGroupName = logGroup });
            // The log group is gone from the index. A deleted ECS cluster stays visible as INACTIVE for a while (AWS
            // and moto), and moto's tagging index still lists it, so only the log group's absence is asserted.
            var after = await aws.SendAsync(new GetResourcesRequest { TagFilters = filter });
            var left = (after.ResourceTagMappingList ?? new List<ResourceTagMapping>()).Select(m => m.ResourceARN).ToList();
            Assert.DoesNotContain(left, a => a!.Contains(":log-group:"));
            Assert.All(left, a => Assert.Equal(cluster.Cluster.ClusterArn, a));

            observer.AssertSucceeded("resourcegroupstaggingapi", "GetResources");
            Assert.Equal(3, observer.Operations("resourcegroupstaggingapi").Count);
        }
    }
}
