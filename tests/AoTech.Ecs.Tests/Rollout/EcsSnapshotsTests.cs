using System;
using System.Collections.Generic;
using AoTech.Ecs.Aws.Services.Ecs;
using AoTech.Ecs.Aws.Services.Elb;
using Tag = AoTech.Ecs.Aws.Services.Ecs.Tag;
using TargetHealth = AoTech.Ecs.Aws.Services.Elb.TargetHealth;
using AoTech.Ecs.Rollout;
using AoTech.Ecs.Stack;
using Xunit;

namespace AoTech.Ecs.Tests.Rollout
{
    /// <summary>Wire DTOs onto the neutral snapshot the tracker reads.</summary>
    public class EcsSnapshotsTests
    {
        [Fact]
        public void ServiceMapsDeploymentsAndEvents()
        {
            var created = new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
            var s = EcsSnapshots.FromService(new Service
            {
                ServiceName = "aotech-web",
                Status = "ACTIVE",
                DesiredCount = 2,
                RunningCount = 3,
                PendingCount = 1,
                TaskDefinition = "arn:aws:ecs:eu-west-1:123456789012:task-definition/aotech-web:8",
                Deployments = new List<Deployment>
                {
                    new Deployment { Id = "ecs-svc/2", Status = "PRIMARY", TaskDefinition = "td:8", RolloutState = "IN_PROGRESS", DesiredCount = 2, RunningCount = 1, PendingCount = 1, FailedTasks = 3, CreatedAt = created },
                    new Deployment { Id = "ecs-svc/1", Status = "ACTIVE", TaskDefinition = "td:7", RolloutState = "COMPLETED", DesiredCount = 2, RunningCount = 2 },
                },
                Events = new List<ServiceEvent> { new ServiceEvent { Id = "e1", CreatedAt = created.AddSeconds(5), Message = "(service aotech-web) has started 1 tasks." } },
            });

            Assert.False(s.Missing);
            Assert.Equal("aotech-web", s.ServiceName);
            Assert.Equal(2, s.Deployments.Count);
            var primary = s.Deployments[0];
            Assert.True(primary.IsPrimary);
            Assert.Equal(3, primary.FailedTasks);
            Assert.Equal(new DateTimeOffset(created), primary.CreatedAt);
            Assert.Equal(TimeSpan.Zero, primary.CreatedAt!.Value.Offset);
            Assert.Equal("e1", Assert.Single(s.Events).Id);
        }

        [Fact]
        public void UnspecifiedKindTimestampsAreUtc()
        {
            var unspecified = new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Unspecified);
            Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero), EcsSnapshots.Utc(unspecified));
            Assert.Null(EcsSnapshots.Utc(null));
        }

        [Fact]
        public void NoServiceWithAMissingFailureIsMissing()
        {
            var s = EcsSnapshots.FromService(null, new[] { new Failure { Arn = "arn:aws:ecs:eu-west-1:123456789012:service/c/web", Reason = "MISSING" } });
            Assert.True(s.Missing);
        }

        [Fact]
        public void StoppedTaskKeepsContainerReasons()
        {
            var t = EcsSnapshots.FromTask(new EcsTask
            {
                TaskArn = "arn:task/1",
                TaskDefinitionArn = "td:8",
                StopCode = "EssentialContainerExited",
                StoppedReason = "Essential container in task exited",
                Containers = new List<Container> { new Container { Name = "app", Reason = "OutOfMemoryError: Container killed due to memory usage", ExitCode = 137 } },
            });
            Assert.Equal(StopReasonKind.OutOfMemory, StoppedTaskReasons.Classify(t));
            Assert.Equal("Essential container in task exited; container app: OutOfMemoryError: Container killed due to memory usage, exit code 137",
                StoppedTaskReasons.Describe(t));
        }

        [Fact]
        public void TargetHealthIsCountedByStateWithDistinctUnhealthyReasons()
        {
            TargetHealthDescription D(string state, string? reason = null) =>
                new TargetHealthDescription { TargetHealth = new TargetHealth { State = state, Reason = reason } };
            var c = EcsSnapshots.FromTargetHealth(new[]
            {
                D("healthy"), D("healthy"), D("initial", "Elb.InitialHealthChecking"),
                D("unhealthy", "Target.ResponseCodeMismatch"), D("unhealthy", "Target.ResponseCodeMismatch"), D("unhealthy", "Target.Timeout"),
                D("draining", "Target.DeregistrationInProgress"), D("unused"),
            });
            Assert.Equal(2, c.Healthy);
            Assert.Equal(1, c.Initial);
            Assert.Equal(3, c.Unhealthy);
            Assert.Equal(1, c.Draining);
            Assert.Equal(1, c.Other);
            Assert.Equal(8, c.Total);
            Assert.Equal(new[] { "Target.ResponseCodeMismatch", "Target.Timeout" }, c.UnhealthyReasons);
            Assert.Equal("targets 2 healthy, 1 initial, 3 unhealthy, 1 draining, 1 other", c.ToString());
        }

        [Fact]
        public void RegisterRequestCopiesOnlyRegistrableFieldsAndCallerTags()
        {
            var td = new TaskDefinition
            {
                TaskDefinitionArn = "arn:td/web:3",
                Family = "web",
                Revision = 3,
                Status = "ACTIVE",
                NetworkMode = "bridge",
                Memory = "512",
                RequiresAttributes = new List<EcsAttribute> { new EcsAttribute { Name = "com.amazonaws.ecs.capability.docker-remote-api.1.21" } },
                Compatibilities = new List<string> { "EC2" },
                RequiresCompatibilities = new List<string> { "EC2" },
                RegisteredBy = "arn:aws:iam::123456789012:user/x",
                ContainerDefinitions = new List<ContainerDefinition> { new ContainerDefinition { Name = "web", Image = "web:1" } },
            };
            var request = TaskDefinitionUpdater.ToRegisterRequest(td, new[]
            {
                new Tag { Key = "aotech:app", Value = "web" },
                new Tag { Key = "aws:cloudformation:stack-name", Value = "x" },
                new Tag { Key = AoTech.Ecs.Stack.StackNames.TaskDefinitionFileHashTagKey, Value = "hash-of-the-file" },
            });
            Assert.Equal("web", request.Family);
            Assert.Equal("bridge", request.NetworkMode);
            Assert.Equal("512", request.Memory);
            Assert.Equal(new[] { "EC2" }, request.RequiresCompatibilities);
            Assert.Same(td.ContainerDefinitions, request.ContainerDefinitions);
            var tag = Assert.Single(request.Tags!);
            Assert.Equal("aotech:app", tag.Key);
            // The request type has no place for read-only fields at all (revision, status, requiresAttributes, ...).
            Assert.Null(typeof(RegisterTaskDefinitionRequest).GetProperty("Revision"));
            Assert.Null(typeof(RegisterTaskDefinitionRequest).GetProperty("RequiresAttributes"));
            Assert.Null(TaskDefinitionUpdater.ToRegisterRequest(td, null).Tags);
        }

        [Theory]
        [InlineData("arn:aws:ecs:eu-west-1:123456789012:task-definition/aotech-web:12", "aotech-web", 12)]
        [InlineData("aotech-web:3", "aotech-web", 3)]
        public void TaskDefinitionNamesParse(string text, string family, int revision)
        {
            Assert.Equal((family, revision), DeploymentRollback.ParseTaskDefinition(text));
        }

        [Fact]
        public void AppNamesFollowTheStackNaming()
        {
            var l = ServiceLocation.For(StackNames.For("shop"));
            Assert.Equal("aotech-shop", l.Cluster);
            Assert.Equal("aotech-shop", l.Service);
            Assert.Equal("aotech-shop-asg", l.AutoScalingGroup);
            Assert.Equal("shop", l.App);
            Assert.Equal("InvalidAppName", Assert.Throws<AoTech.Ecs.Errors.AoEcsException>(() => ServiceLocation.For(StackNames.For("Shop"))).ErrorId);
        }
    }
}
