using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Services.Ecs;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Rollout;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Tests.Infrastructure;
using AoTech.Ecs.Tests.Waiting;
using Xunit;

namespace AoTech.Ecs.Tests.Rollout.Live
{
    /// <summary>A minimal app in moto: cluster, task definition and service named the way the stack names them.</summary>
    internal static class MotoApp
    {
        public const string Registry = "123456789012.dkr.ecr.us-east-1.amazonaws.com";

        public static string UniqueApp() => "t" + Guid.NewGuid().ToString("N").Substring(0, 10);

        public static async Task<ServiceLocation> CreateAsync(AwsConnection aws, string app, int desiredCount = 1)
        {
            var location = ServiceLocation.For(StackNames.For(app));
            await aws.SendAsync(new CreateClusterRequest { ClusterName = location.Cluster }, default);
            var td = await aws.SendAsync(new RegisterTaskDefinitionRequest
            {
                Family = location.Service,
                NetworkMode = "bridge",
                RequiresCompatibilities = new List<string> { "EC2" },
                Memory = "512",
                Tags = new List<Tag> { new Tag { Key = "aotech:app", Value = app } },
                ContainerDefinitions = new List<ContainerDefinition>
                {
                    new ContainerDefinition
                    {
                        Name = "aspnetapp",
                        Image = Registry + "/aspnetapp:1.0.0",
                        Memory = 256,
                        Essential = true,
                        PortMappings = new List<PortMapping> { new PortMapping { ContainerPort = 8080, HostPort = 0 } },
                        Environment = new List<AoTech.Ecs.Aws.Services.Ecs.KeyValuePair>
                        {
                            new AoTech.Ecs.Aws.Services.Ecs.KeyValuePair { Name = "ASPNETCORE_ENVIRONMENT", Value = "Production" },
                        },
                    },
                    new ContainerDefinition { Name = "nginx", Image = Registry + "/nginx:1.27", Memory = 128, Essential = true },
                },
            }, default);
            await aws.SendAsync(new CreateServiceRequest
            {
                Cluster = location.Cluster,
                ServiceName = location.Service,
                TaskDefinition = td.TaskDefinition!.TaskDefinitionArn,
                DesiredCount = desiredCount,
            }, default);
            return location;
        }

        public static async Task<List<string>> RevisionsAsync(AwsConnection aws, string family) =>
            (await aws.SendAsync(new ListTaskDefinitionsRequest { FamilyPrefix = family }, default)).TaskDefinitionArns!
                .Where(a => a.EndsWith("/" + family + ":" + a.Split(':').Last())).ToList();
    }

    [Collection(MotoCollection.Name)]
    public class TaskDefinitionUpdaterMotoTests
    {
        private readonly MotoServerFixture _moto;
        public TaskDefinitionUpdaterMotoTests(MotoServerFixture moto) => _moto = moto;

        [Fact]
        public async Task UpdateRegistersACopyWithOnlyTheImageChangedAndDeploysIt()
        {
            using var aws = _moto.Connect();
            var location = await MotoApp.CreateAsync(aws, MotoApp.UniqueApp());
            var updater = new TaskDefinitionUpdater(aws);

            var plan = await updater.PlanForServiceAsync(location,
                new[] { new ContainerImageUpdate(null, MotoApp.Registry + "/aspnetapp:1.1.0") }, null, default);
            Assert.True(plan.HasChanges);
            Assert.EndsWith(":1", plan.CurrentArn);

            var registered = await updater.RegisterAsync(plan, default);
            Assert.True(registered.Registered);
            Assert.Equal(2, registered.Revision);
            Assert.Equal(location.Service, registered.Family);
            Assert.Equal(MotoApp.Registry + "/aspnetapp:1.1.0", registered.Images.Single(i => i.Container == "aspnetapp").Image);
            Assert.Equal(MotoApp.Registry + "/nginx:1.27", registered.Images.Single(i => i.Container == "nginx").Image);

            // Everything else was copied: read the new revision back.
            var described = await aws.SendAsync(new DescribeTaskDefinitionRequest { TaskDefinition = registered.Arn, Include = new List<string> { "TAGS" } }, default);
            var app = described.TaskDefinition!.ContainerDefinitions!.Single(c => c.Name == "aspnetapp");
            Assert.Equal(256, app.Memory);
            Assert.Equal(8080, app.PortMappings!.Single().ContainerPort);
            Assert.Equal("Production", app.Environment!.Single(e => e.Name == "ASPNETCORE_ENVIRONMENT").Value);
            Assert.Equal("bridge", described.TaskDefinition.NetworkMode);
            Assert.Contains(described.Tags!, t => t.Key == "aotech:app");

            var deployment = await updater.DeployAsync(location, registered.Arn, plan.CurrentArn, default);
            Assert.False(string.IsNullOrEmpty(deployment.Id));
            Assert.Equal(registered.Arn, deployment.TaskDefinition);
            Assert.Equal(plan.CurrentArn, deployment.PreviousTaskDefinition);
            var service = await updater.DescribeServiceAsync(location, default);
            Assert.Equal(registered.Arn, service.TaskDefinition);
            Assert.Contains(service.Deployments!, d => d.Id == deployment.Id && d.Status == "PRIMARY");
        }

        [Fact]
        public async Task NoChangeRegistersNothing()
        {
            using var aws = _moto.Connect();
            var location = await MotoApp.CreateAsync(aws, MotoApp.UniqueApp());
            var updater = new TaskDefinitionUpdater(aws);

            var plan = await updater.PlanForServiceAsync(location,
                new[] { new ContainerImageUpdate("nginx", MotoApp.Registry + "/nginx:1.27") },
                new[] { new EnvironmentChange("aspnetapp", "ASPNETCORE_ENVIRONMENT", "Production") }, default);

            Assert.False(plan.HasChanges);
            await Assert.ThrowsAsync<InvalidOperationException>(() => updater.RegisterAsync(plan, default));
            Assert.Single(await MotoApp.RevisionsAsync(aws, location.Service));
        }

        [Fact]
        public async Task EnvironmentChangesLandInTheNewRevision()
        {
            using var aws = _moto.Connect();
            var location = await MotoApp.CreateAsync(aws, MotoApp.UniqueApp());
            var updater = new TaskDefinitionUpdater(aws);

            var plan = await updater.PlanForFamilyAsync(location.Service, null, new[]
            {
                new EnvironmentChange("aspnetapp", "FEATURE_FLAG", "on"),
                new EnvironmentChange("aspnetapp", "ASPNETCORE_ENVIRONMENT", null),
            }, default);
            var registered = await updater.RegisterAsync(plan, default);

            var described = await aws.SendAsync(new DescribeTaskDefinitionRequest { TaskDefinition = registered.Arn }, default);
            var env = described.TaskDefinition!.ContainerDefinitions!.Single(c => c.Name == "aspnetapp").Environment!;
            Assert.Equal(new[] { "FEATURE_FLAG=on" }, env.Select(e => e.Name + "=" + e.Value));
        }

        [Fact]
        public async Task MissingServiceIsServiceNotActive()
        {
            using var aws = _moto.Connect();
            var location = await MotoApp.CreateAsync(aws, MotoApp.UniqueApp());
            var ex = await Assert.ThrowsAsync<AoEcsException>(() =>
                new TaskDefinitionUpdater(aws).PlanForServiceAsync(new ServiceLocation(location.Cluster, "nope"), null, null, default));
            Assert.Equal(RolloutErrorIds.ServiceNotActive, ex.ErrorId);

            var noCluster = await Assert.ThrowsAsync<AoEcsException>(() =>
                new TaskDefinitionUpdater(aws).PlanForServiceAsync(ServiceLocation.For(StackNames.For(MotoApp.UniqueApp())), null, null, default));
            Assert.Equal(RolloutErrorIds.ServiceNotActive, noCluster.ErrorId);
        }

        [Fact]
        public async Task UnknownFamilyIsTaskDefinitionNotFound()
        {
            using var aws = _moto.Connect();
            var ex = await Assert.ThrowsAsync<AoEcsException>(() =>
                new TaskDefinitionUpdater(aws).PlanForFamilyAsync("no-such-family-" + MotoApp.UniqueApp(), null, null, default));
            Assert.Equal("TaskDefinitionNotFound", ex.ErrorId);
        }

        [Fact]
        public async Task RollbackGoesToThePreviousRevisionOfTheFamilyOnly()
        {
            using var aws = _moto.Connect();
            var app = MotoApp.UniqueApp();
            var location = await MotoApp.CreateAsync(aws, app);
            // A family whose name starts with ours must not be mistaken for it (ListTaskDefinitions filters by prefix).
            await MotoApp.CreateAsync(aws, app + "x");
            var updater = new TaskDefinitionUpdater(aws);
            for (var version = 2; version <= 3; version++)
            {
                var plan = await updater.PlanForServiceAsync(location, new[] { new ContainerImageUpdate("aspnetapp", $"{MotoApp.Registry}/aspnetapp:{version}.0.0") }, null, default);
                var td = await updater.RegisterAsync(plan, default);
                await updater.DeployAsync(location, td.Arn, plan.CurrentArn, default);
            }
            var other = await updater.PlanForFamilyAsync(location.Service + "x", new[] { new ContainerImageUpdate("nginx", MotoApp.Registry + "/nginx:2") }, null, default);
            await updater.RegisterAsync(other, default);

            var rollback = new DeploymentRollback(aws);
            var target = await rollback.FindPreviousAsync(location, default);
            Assert.EndsWith("/" + location.Service + ":3", target.CurrentTaskDefinition);
            Assert.EndsWith("/" + location.Service + ":2", target.PreviousTaskDefinition);
            Assert.Equal("family", target.Source);

            var deployment = await rollback.DeployAsync(location, target, default);
            Assert.Equal(target.PreviousTaskDefinition, deployment.TaskDefinition);
            Assert.Equal(target.PreviousTaskDefinition, (await updater.DescribeServiceAsync(location, default)).TaskDefinition);
        }

        [Fact]
        public async Task RollbackWithoutAnEarlierRevisionFails()
        {
            using var aws = _moto.Connect();
            var location = await MotoApp.CreateAsync(aws, MotoApp.UniqueApp());
            var ex = await Assert.ThrowsAsync<AoEcsException>(() => new DeploymentRollback(aws).FindPreviousAsync(location, default));
            Assert.Equal("NoPreviousRevision", ex.ErrorId);
        }

        [Fact]
        public async Task ScalingChangesTheDesiredCountAndSkipsEqualValues()
        {
            using var aws = _moto.Connect();
            var location = await MotoApp.CreateAsync(aws, MotoApp.UniqueApp(), desiredCount: 1);
            var scaler = new AppScaler(aws);

            var same = await scaler.PlanAsync(location, 1, null, null, default);
            Assert.False(same.HasChanges);

            var plan = await scaler.PlanAsync(location, 3, null, null, default);
            Assert.Equal(new[] { $"service {location.Service}: desired count 1 -> 3" }, plan.Describe().Select(c => c.ToString()));
            var after = await scaler.ApplyAsync(plan, default);
            Assert.Equal(3, after.DesiredCount);
            // No Auto Scaling group exists for this app: asking for its bounds says so.
            var ex = await Assert.ThrowsAsync<AoEcsException>(() => scaler.PlanAsync(location, null, 1, 4, default));
            Assert.Equal("AutoScalingGroupNotFound", ex.ErrorId);
        }
    }

    /// <summary>moto makes new services report this many running tasks, so their deployment completes at once.</summary>
    public sealed class RunningMotoFixture : MotoServerFixture
    {
        public RunningMotoFixture() : base(new Dictionary<string, string> { ["MOTO_ECS_SERVICE_RUNNING"] = "2" }) { }
    }

    public class DeploymentWatcherMotoTests : IClassFixture<RunningMotoFixture>, IClassFixture<MotoServerFixture>
    {
        private readonly RunningMotoFixture _running;
        private readonly MotoServerFixture _idle;

        public DeploymentWatcherMotoTests(RunningMotoFixture running, MotoServerFixture idle)
        {
            _running = running;
            _idle = idle;
        }

        [Fact]
        public async Task DeploymentThatReachesItsDesiredCountCompletes()
        {
            using var aws = _running.Connect();
            var location = await MotoApp.CreateAsync(aws, MotoApp.UniqueApp(), desiredCount: 2);
            var service = await new TaskDefinitionUpdater(aws).DescribeServiceAsync(location, default);
            var id = service.Deployments!.Single().Id!;
            var source = new EcsDeploymentSource(aws, location);

            var result = await new DeploymentWatcher(source, new ManualClock(DateTimeOffset.UtcNow)).WaitAsync(id, TimeSpan.FromMinutes(15));

            Assert.Equal(DeploymentOutcome.Completed, result.Outcome);
            Assert.Equal(2, result.Progress.Running);
            Assert.Equal(1, result.Polls);
            Assert.Equal(1, source.ApiCalls);
        }

        [Fact]
        public async Task DeploymentThatNeverStartsTimesOut()
        {
            if (_idle.IsExternal) return; // an external backend may run tasks for real
            using var aws = _idle.Connect();
            var location = await MotoApp.CreateAsync(aws, MotoApp.UniqueApp(), desiredCount: 2);
            var service = await new TaskDefinitionUpdater(aws).DescribeServiceAsync(location, default);
            var id = service.Deployments!.Single().Id!;
            var source = new EcsDeploymentSource(aws, location);
            var clock = new ManualClock(DateTimeOffset.UtcNow);

            var ex = await Assert.ThrowsAsync<DeploymentException>(() => new DeploymentWatcher(source, clock).WaitAsync(id, TimeSpan.FromMinutes(15)));

            Assert.Equal(RolloutErrorIds.DeploymentTimedOut, ex.ErrorId);
            Assert.Contains("0/2 running", ex.Message);
            // Stopped tasks were looked up once for the message (ListTasks; no DescribeTasks as none stopped).
            Assert.Equal(ex.Result.Polls + 1, source.ApiCalls);
            Assert.InRange(ex.Result.Polls, 90, 105);
        }

        [Fact]
        public async Task ServiceBehindATargetGroupReportsTargetHealthEachPoll()
        {
            using var aws = _running.Connect();
            // The service is set up straight on the backend, as in an account that has run ECS for years: through the
            // layer, this class's first CreateCluster would make a fresh account whose service-linked role is still
            // propagating, and CreateService with a load balancer would be refused for a second (the flaky CI failure).
            using var setup = _running.ConnectUpstream();
            var app = MotoApp.UniqueApp();
            var vpcs = await setup.CallSdkAsync("ec2", "DescribeVpcs", t => setup.Ec2.DescribeVpcsAsync(new Amazon.EC2.Model.DescribeVpcsRequest(), t));
            var group = await setup.SendAsync(new AoTech.Ecs.Aws.Services.Elb.CreateTargetGroupRequest
            {
                Name = app + "-tg",
                Protocol = "HTTP",
                Port = 8080,
                VpcId = vpcs.Vpcs[0].VpcId,
                TargetType = "instance",
            }, default);
            var location = ServiceLocation.For(StackNames.For(app));
            await setup.SendAsync(new CreateClusterRequest { ClusterName = location.Cluster }, default);
            var td = await setup.SendAsync(new RegisterTaskDefinitionRequest
            {
                Family = location.Service,
                ContainerDefinitions = new List<ContainerDefinition> { new ContainerDefinition { Name = "web", Image = "web:1", Memory = 128 } },
            }, default);
            var created = await setup.SendAsync(new CreateServiceRequest
            {
                Cluster = location.Cluster,
                ServiceName = location.Service,
                TaskDefinition = td.TaskDefinition!.TaskDefinitionArn,
                DesiredCount = 2,
                LoadBalancers = new List<LoadBalancer>
                {
                    new LoadBalancer { TargetGroupArn = group.TargetGroups![0].TargetGroupArn, ContainerName = "web", ContainerPort = 8080 },
                },
            }, default);
            var source = new EcsDeploymentSource(aws, location);

            var result = await new DeploymentWatcher(source, new ManualClock(DateTimeOffset.UtcNow))
                .WaitAsync(created.Service!.Deployments!.Single().Id!, TimeSpan.FromMinutes(15));

            Assert.True(source.HasTargetGroup);
            Assert.NotNull(result.Progress.TargetHealth);
            Assert.Equal(0, result.Progress.TargetHealth!.Total);
            // One DescribeServices and one DescribeTargetHealth for the single poll.
            Assert.Equal(2, source.ApiCalls);
        }

        [Fact]
        public async Task DeletedServiceEndsTheWait()
        {
            using var aws = _running.Connect();
            var location = await MotoApp.CreateAsync(aws, MotoApp.UniqueApp(), desiredCount: 1);
            var service = await new TaskDefinitionUpdater(aws).DescribeServiceAsync(location, default);
            await aws.SendAsync(new DeleteServiceRequest { Cluster = location.Cluster, ServiceName = location.Service, Force = true }, default);

            var ex = await Assert.ThrowsAsync<DeploymentException>(() =>
                new DeploymentWatcher(new EcsDeploymentSource(aws, location), new ManualClock(DateTimeOffset.UtcNow))
                    .WaitAsync(service.Deployments!.Single().Id!, TimeSpan.FromMinutes(15)));
            Assert.Equal(RolloutErrorIds.ServiceNotActive, ex.ErrorId);
        }
    }
}
