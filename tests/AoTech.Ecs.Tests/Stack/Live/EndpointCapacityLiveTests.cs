using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.Converge;
using Xunit;
using static AoTech.Ecs.Tests.Stack.Live.StackLiveKit;

namespace AoTech.Ecs.Tests.Stack.Live
{
    /// <summary>The capacity check of an app joining a shared endpoint counts the tasks of the apps already on it (moto).</summary>
    public sealed class EndpointCapacityLiveTests : IClassFixture<StackMotoFixture>, System.IDisposable
    {
        private readonly StackMotoFixture moto;
        private readonly string file = WriteTaskDefinition();

        public EndpointCapacityLiveTests(StackMotoFixture moto) => this.moto = moto;

        public void Dispose() => File.Delete(file);

        private AppSpec Spec(string app, string endpoint, string host, int desiredCount, params string[] given) => new AppSpec
        {
            Name = app,
            DomainName = host,
            TaskDefinitionPath = file,
            Endpoint = endpoint,
            DesiredCount = desiredCount,
            MaxSize = 1,
            GivenParameters = new List<string> { "Name", "DomainName", "TaskDefinitionPath", "Endpoint", "DesiredCount" }.Concat(given).ToList(),
        };

        [Fact]
        public async Task A_joining_app_is_warned_when_its_tasks_do_not_fit_beside_the_other_apps_tasks()
        {
            using var aws = moto.Connect();
            var stack = new EcsAppStack(aws);
            var zone = await ZoneAsync(aws);
            var endpoint = Unique("ep");
            var (a, b) = (Unique("a"), Unique("b"));
            // One t3.small (about 1945 MiB for tasks); a task of the sample reserves 192 MiB: ten fit on it.
            await DeployAsync(stack, Spec(a, endpoint, "a." + zone, 8, "MaxSize"));

            // A's eight tasks take 1536 MiB: two of B's fit beside them, not three.
            var fits = await stack.PrepareAsync(Spec(b, endpoint, "b." + zone, 2), default);
            Assert.DoesNotContain(fits.Preflight.Warnings, w => w.Contains("beside the other services' tasks"));
            var tight = await stack.PrepareAsync(Spec(b, endpoint, "b." + zone, 3), default);
            var warning = Assert.Single(tight.Preflight.Warnings, w => w.Contains("beside the other services' tasks"));
            Assert.Contains($"-DesiredCount 3 tasks do not fit on the endpoint's -MaxSize 1 instances of t3.small", warning);
            Assert.Contains($"other services (aotech-{a}) reserve 1536 MiB and 0 CPU units for their 8 desired tasks, which leaves room for 2", warning);
        }
    }
}
