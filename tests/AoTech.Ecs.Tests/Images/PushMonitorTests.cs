using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AoTech.Ecs.Images;
using AoTech.Ecs.Images.Pushing;
using Xunit;

namespace AoTech.Ecs.Tests.Images
{
    public class PushMonitorTests
    {
        [Fact]
        public async Task Layers_the_registry_mounted_from_another_repository_count_as_done()
        {
            // Recorded from Docker Engine 20.10 pushing an image whose layers another repository of the registry holds.
            var text = await File.ReadAllTextAsync(Path.Combine("TestData", "engine", "push-mounted.jsonl"));
            var progress = new ProgressRecorder();
            var monitor = new PushMonitor("registry/capture/b:1", progress);
            foreach (var message in await EngineMessageTests.ReadAll(text))
            {
                monitor.Handle(message);
            }
            Assert.Null(monitor.Error);
            Assert.Equal("sha256:40bb6442636f05b28144d5522941f4968ef3de94f5ae7914f449840ebefcf9a3", monitor.Digest);
            Assert.Equal(2, monitor.Layers);
            Assert.Equal(2, monitor.LayersDone);
            Assert.StartsWith("Pushing: 2/2 layers done", progress.Reports.Last().Status);
        }

        [Theory]
        [InlineData("Pushed", true)]
        [InlineData("Layer already exists", true)]
        [InlineData("Mounted from team/base", true)]
        [InlineData("Mounted from", false)]
        [InlineData("Pushing", false)]
        [InlineData("Preparing", false)]
        [InlineData("Waiting", false)]
        public void A_layer_is_done_by_the_statuses_the_engine_sends(string status, bool done)
        {
            Assert.Equal(done, PushMonitor.IsLayerDone(status));
        }
    }
}
