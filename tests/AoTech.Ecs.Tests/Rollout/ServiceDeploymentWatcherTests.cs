using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Rollout;
using AoTech.Ecs.Tests.Waiting;
using AoTech.Ecs.Waiting;
using Xunit;
using static AoTech.Ecs.Tests.Rollout.Ecs;

namespace AoTech.Ecs.Tests.Rollout
{
    /// <summary>Following a service deployment end to end: scripted DescribeServiceDeployments, a manual clock.</summary>
    public class ServiceDeploymentWatcherTests
    {
        private static readonly TimeSpan FifteenMinutes = TimeSpan.FromMinutes(15);
        private readonly ManualClock _clock = new ManualClock(T0.AddSeconds(1));
        private readonly List<string> _paused = new List<string>();
        private readonly List<string> _events = new List<string>();
        private readonly List<string> _verbose = new List<string>();

        private DeploymentWatchCallbacks Callbacks => new DeploymentWatchCallbacks
        {
            Event = e => _events.Add(e.Message),
            Paused = (hook, stage) => _paused.Add(hook.HookId + "@" + stage),
            Verbose = v => _verbose.Add(v),
        };

        [Fact]
        public async Task A_deployment_baking_quietly_costs_one_call_per_poll_and_events_are_read_only_after_a_change()
        {
            var source = new ScriptedServiceDeploymentSource();
            source.Then(Sd.Deployment("IN_PROGRESS", "SCALE_UP", running: 1));
            for (var i = 0; i < 20; i++) source.Then(Sd.Deployment("IN_PROGRESS", "BAKE_TIME", running: 2, weight: 100));
            source.Then(Sd.Deployment("SUCCESSFUL", "CLEAN_UP", running: 2, oldRunning: 0, weight: 100));

            var result = await new DeploymentWatcher(source, _clock).WaitServiceDeploymentAsync(Sd.Arn, FifteenMinutes, callbacks: Callbacks);

            Assert.Equal(DeploymentOutcome.Completed, result.Outcome);
            Assert.Equal(22, source.DescribeDeploymentCalls);
            // The first look and the move to BAKE_TIME: two DescribeServices, not 22 (a success needs no events to explain it).
            Assert.Equal(2, source.Service.DescribeCalls);
            Assert.Equal(0, source.Service.StoppedTaskCalls);
            Assert.Equal(22 + 2, result.ApiCalls);
            Assert.Contains(_verbose, v => v.Contains("left stage SCALE_UP for BAKE_TIME"));
            // Quiet polls back off as in a DescribeServices wait.
            Assert.Equal(PollSchedule.Default.Maximum, _clock.Delays.Max());
        }

        [Fact]
        public async Task A_paused_deployment_is_announced_once_and_a_rollback_fails_the_wait_with_the_stopped_tasks_reasons()
        {
            var source = new ScriptedServiceDeploymentSource()
                .Then(Sd.Deployment("IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT", running: 2, weight: 0, hooks: Sd.Pause("ecs-pause-1")))
                .Then(Sd.Deployment("IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT", running: 2, weight: 0, hooks: Sd.Pause("ecs-pause-1")))
                .Then(Sd.Deployment("ROLLBACK_REQUESTED", "POST_TEST_TRAFFIC_SHIFT", running: 2, weight: 0, failures: 3, breaker: "TRIGGERED",
                    reason: "Circuit breaker triggered.", hooks: Sd.Pause("ecs-pause-1", "FAILED")));
            source.Service.StoppedTasks.Add(Stopped("t1", 8, "TaskFailedToStart", "Task failed container health checks", Container("app", null, 137, "UNHEALTHY")));

            var error = await Assert.ThrowsAsync<DeploymentException>(() =>
                new DeploymentWatcher(source, _clock).WaitServiceDeploymentAsync(Sd.Arn, FifteenMinutes, callbacks: Callbacks));

            Assert.Equal(RolloutErrorIds.DeploymentRolledBack, error.ErrorId);
            Assert.Equal(new[] { "ecs-pause-1@POST_TEST_TRAFFIC_SHIFT" }, _paused);
            Assert.Contains("Task failed container health checks", error.Message);
            Assert.Equal(1, source.Service.StoppedTaskCalls);
        }

        [Fact]
        public async Task Throttled_polls_are_ridden_out()
        {
            var source = new ScriptedServiceDeploymentSource()
                .Then(Sd.Deployment("IN_PROGRESS", "SCALE_UP"))
                .Throw(new AwsServiceException("ecs", "DescribeServiceDeployments", "ThrottlingException", "Rate exceeded", 400, null))
                .Then(Sd.Deployment("SUCCESSFUL", "CLEAN_UP", running: 2, oldRunning: 0, weight: 100));

            var result = await new DeploymentWatcher(source, _clock).WaitServiceDeploymentAsync(Sd.Arn, FifteenMinutes, callbacks: Callbacks);

            Assert.Equal(DeploymentOutcome.Completed, result.Outcome);
            Assert.Contains(_verbose, v => v.Contains("DescribeServiceDeployments was throttled"));
            Assert.Contains(_clock.Delays, d => d >= PollSchedule.Default.BackoffInitial);
        }

        [Fact]
        public async Task Finding_our_deployment_looks_again_while_ECS_has_not_listed_it_yet_and_then_gives_up()
        {
            var ours = Sd.Candidate("ours", 8, 1);
            var source = new ScriptedServiceDeploymentSource();
            source.Listings.Add(new List<ServiceDeploymentCandidate>());
            source.Listings.Add(new List<ServiceDeploymentCandidate> { ours });

            var found = await new DeploymentWatcher(source, _clock).FindServiceDeploymentAsync(TaskDef(8), T0);

            Assert.Equal(ours.Arn, found!.Arn);
            Assert.Equal(2, source.ListCalls);
            Assert.Equal(new[] { PollSchedule.Default.Initial }, _clock.Delays);

            var never = new ScriptedServiceDeploymentSource();
            Assert.Null(await new DeploymentWatcher(never, _clock).FindServiceDeploymentAsync(TaskDef(8), T0));
            Assert.Equal(DeploymentWatcher.FindAttempts, never.ListCalls);
        }
    }
}
