using AoTech.Ecs.Errors;
using AoTech.Ecs.Rollout;
using AoTech.Ecs.Stack;
using Xunit;

namespace AoTech.Ecs.Tests.Rollout
{
    /// <summary>Set-AoEcsApp of an app on a shared endpoint: its service is in the endpoint's cluster; the instances are not its own.</summary>
    public class AppScalerEndpointTests
    {
        [Fact]
        public void An_app_on_an_endpoint_is_in_the_endpoints_cluster()
        {
            var location = ServiceLocation.For(StackNames.For("api", "main"));
            Assert.Equal("aotech-main", location.Cluster);
            Assert.Equal("aotech-api", location.Service);
            Assert.Equal("main", location.Endpoint);
            Assert.Null(ServiceLocation.For(StackNames.For("api")).Endpoint);
        }

        [Theory]
        [InlineData(1, null, "-MinSize")]
        [InlineData(null, 4, "-MaxSize")]
        [InlineData(1, 4, "-MinSize and -MaxSize")]
        public void The_size_bounds_of_an_app_on_an_endpoint_are_refused_naming_the_endpoint(int? minSize, int? maxSize, string named)
        {
            var ex = Assert.Throws<AoEcsException>(() => AppScaler.RequireAppLevel(ServiceLocation.For(StackNames.For("api", "main")), minSize, maxSize));
            Assert.Equal("EndpointLevelParameter", ex.ErrorId);
            Assert.Contains($"runs on endpoint 'main', whose instances every app on it shares: {named} belong to the endpoint", ex.Message);
            Assert.Equal("api", ex.Target);
        }

        [Fact]
        public void An_app_of_its_own_may_set_its_bounds_and_an_app_on_an_endpoint_its_tasks()
        {
            AppScaler.RequireAppLevel(ServiceLocation.For(StackNames.For("api")), 1, 4);
            AppScaler.RequireAppLevel(ServiceLocation.For(StackNames.For("api", "main")), null, null);
        }
    }
}
