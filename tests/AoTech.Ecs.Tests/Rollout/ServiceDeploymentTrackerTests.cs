using System;
using System.Linq;
using AoTech.Ecs.Rollout;
using Xunit;
using static AoTech.Ecs.Tests.Rollout.Ecs;

namespace AoTech.Ecs.Tests.Rollout
{
    /// <summary>The service-deployment tracker's decisions, snapshot by snapshot, on a clock of our own.</summary>
    public class ServiceDeploymentTrackerTests
    {
        private static readonly TimeSpan FifteenMinutes = TimeSpan.FromMinutes(15);

        private static ServiceDeploymentTracker Tracker(RolloutGoal goal = RolloutGoal.Complete) =>
            new ServiceDeploymentTracker(Sd.Arn, T0, FifteenMinutes, goal, "ecs-svc/2222") { ServiceName = "web" };

        [Fact]
        public void A_blue_green_deployment_completes_only_when_SUCCESSFUL_and_reports_each_stage_it_leaves()
        {
            var tracker = Tracker();
            var steps = new[]
            {
                Sd.Deployment("PENDING"),
                Sd.Deployment("IN_PROGRESS", "SCALE_UP", running: 1, weight: 0),
                Sd.Deployment("IN_PROGRESS", "TEST_TRAFFIC_SHIFT", running: 2, weight: 0),
                Sd.Deployment("IN_PROGRESS", "PRODUCTION_TRAFFIC_SHIFT", running: 2, weight: 100),
                Sd.Deployment("IN_PROGRESS", "BAKE_TIME", running: 2, weight: 100),
                Sd.Deployment("SUCCESSFUL", "CLEAN_UP", running: 2, oldRunning: 0, weight: 100),
            };
            var left = steps.Select((s, i) => tracker.Observe(s, T0.AddSeconds(i * 10))).Select(o => o.StageLeft).ToList();

            Assert.Equal(DeploymentOutcome.Completed, tracker.Outcome);
            Assert.Equal(new string?[] { null, null, "SCALE_UP", "TEST_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT", "BAKE_TIME" }, left);
            var result = tracker.ToResult();
            Assert.True(result.Succeeded);
            Assert.Null(DeploymentFailures.ToException(result));
            Assert.Equal("SUCCESSFUL", result.ServiceDeployment!.Status);
            Assert.Equal(RolloutStates.Completed, result.RolloutState);
            Assert.Equal(TaskDef(7), result.ServiceDeployment.SourceTaskDefinition);
        }

        [Fact]
        public void Progress_shows_the_stage_the_tasks_and_the_traffic_weights()
        {
            var tracker = Tracker();
            tracker.Observe(Sd.Deployment("IN_PROGRESS", "PRODUCTION_TRAFFIC_SHIFT", running: 2, weight: 30, strategy: DeploymentStrategies.Linear), T0);

            var text = tracker.Progress.ToString();
            Assert.StartsWith("PRODUCTION_TRAFFIC_SHIFT: 2/2 running", text);
            Assert.Contains("2 old running", text);
            Assert.Contains("production traffic 30% new, 70% old", text);
            var baking = Tracker();
            baking.Observe(Sd.Deployment("IN_PROGRESS", "BAKE_TIME", running: 2, weight: 100), T0);
            Assert.True(baking.Progress.PercentComplete(false) > tracker.Progress.PercentComplete(false));
            Assert.InRange(baking.Progress.PercentComplete(false), 1, 99);
        }

        [Fact]
        public void A_rollback_that_has_only_begun_already_fails_the_rollout_with_the_reason_and_the_circuit_breaker()
        {
            var tracker = Tracker();
            tracker.Observe(Sd.Deployment("IN_PROGRESS", null, failures: 2, strategy: DeploymentStrategies.Rolling), T0);
            var last = tracker.Observe(Sd.Deployment("ROLLBACK_REQUESTED", null, failures: 3, strategy: DeploymentStrategies.Rolling,
                breaker: "TRIGGERED", reason: "Circuit breaker triggered: 3 tasks failed to start (threshold 3)."), T0.AddSeconds(10));
            tracker.AddStoppedTasks(new[] { Stopped("t1", 8, "TaskFailedToStart", "Task failed container health checks", Container("app", null, 137, "UNHEALTHY")) });

            Assert.Equal(DeploymentOutcome.RolledBack, last.Outcome);
            var error = DeploymentFailures.ToException(tracker.ToResult())!;
            Assert.Equal(RolloutErrorIds.DeploymentRolledBack, error.ErrorId);
            Assert.Contains("ROLLBACK_REQUESTED", error.Message);
            Assert.Contains("Circuit breaker triggered: 3 tasks failed to start (threshold 3)", error.Message);
            Assert.Contains("Circuit breaker TRIGGERED: 3 failed tasks (threshold 3).", error.Message);
            Assert.Contains("the service returns to web:7 instead of web:8", error.Message);
            Assert.Contains("Task failed container health checks", error.Message);
        }

        [Fact]
        public void STOPPED_and_ROLLBACK_FAILED_are_failures_of_their_own()
        {
            var stopped = Tracker();
            stopped.Observe(Sd.Deployment("STOPPED", "SCALE_UP", reason: "ECS deployment circuit breaker: tasks failed to start."), T0);
            var stoppedError = DeploymentFailures.ToException(stopped.ToResult())!;
            Assert.Equal(RolloutErrorIds.DeploymentStopped, stoppedError.ErrorId);
            Assert.Contains("tasks failed to start", stoppedError.Message);

            var failed = Tracker();
            failed.Observe(Sd.Deployment("ROLLBACK_FAILED", "SCALE_UP", reason: "no previous revision"), T0);
            Assert.Equal(RolloutErrorIds.DeploymentRollbackFailed, DeploymentFailures.ToException(failed.ToResult())!.ErrorId);
        }

        [Fact]
        public void A_rollback_wait_goes_on_through_the_rollback_and_succeeds_on_ROLLBACK_SUCCESSFUL()
        {
            var tracker = Tracker(RolloutGoal.RollBack);
            Assert.Equal(DeploymentOutcome.InProgress, tracker.Observe(Sd.Deployment("ROLLBACK_REQUESTED", "BAKE_TIME"), T0).Outcome);
            Assert.Equal(DeploymentOutcome.InProgress, tracker.Observe(Sd.Deployment("ROLLBACK_IN_PROGRESS", "BAKE_TIME"), T0.AddSeconds(5)).Outcome);
            Assert.Equal(DeploymentOutcome.RolledBack, tracker.Observe(Sd.Deployment("ROLLBACK_SUCCESSFUL", "BAKE_TIME", running: 0), T0.AddSeconds(10)).Outcome);
            Assert.True(tracker.ToResult().Succeeded);
            Assert.Null(DeploymentFailures.ToException(tracker.ToResult()));
        }

        [Fact]
        public void A_rollback_or_stop_wait_fails_when_the_deployment_ends_another_way()
        {
            var rollback = Tracker(RolloutGoal.RollBack);
            rollback.Observe(Sd.Deployment("SUCCESSFUL", "CLEAN_UP"), T0);
            Assert.Equal(RolloutErrorIds.DeploymentNotRolledBack, DeploymentFailures.ToException(rollback.ToResult())!.ErrorId);

            var stop = Tracker(RolloutGoal.Stop);
            Assert.Equal(DeploymentOutcome.InProgress, stop.Observe(Sd.Deployment("STOP_REQUESTED", "SCALE_UP"), T0).Outcome);
            stop.Observe(Sd.Deployment("STOPPED", "SCALE_UP"), T0.AddSeconds(3));
            Assert.True(stop.ToResult().Succeeded);
            var notStopped = Tracker(RolloutGoal.Stop);
            notStopped.Observe(Sd.Deployment("SUCCESSFUL", "CLEAN_UP"), T0);
            Assert.Equal(RolloutErrorIds.DeploymentNotStopped, DeploymentFailures.ToException(notStopped.ToResult())!.ErrorId);
        }

        [Fact]
        public void A_timeout_names_the_stage_it_was_stuck_in_and_the_PAUSE_hook_it_waited_at()
        {
            var tracker = Tracker();
            tracker.Observe(Sd.Deployment("IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT", running: 2, weight: 0, hooks: Sd.Pause("ecs-pause-1")), T0);
            tracker.Observe(Sd.Deployment("IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT", running: 2, weight: 0, hooks: Sd.Pause("ecs-pause-1")), T0 + FifteenMinutes);

            Assert.Equal(DeploymentOutcome.TimedOut, tracker.Outcome);
            var error = DeploymentFailures.ToException(tracker.ToResult())!;
            Assert.Equal(RolloutErrorIds.DeploymentTimedOut, error.ErrorId);
            Assert.Contains("did not complete within 15m: stuck in stage POST_TEST_TRAFFIC_SHIFT (IN_PROGRESS)", error.Message);
            Assert.Contains("waiting at a PAUSE hook", error.Message);

            var rolling = Tracker();
            rolling.Observe(Sd.Deployment("IN_PROGRESS", null, strategy: DeploymentStrategies.Rolling), T0 + FifteenMinutes);
            Assert.Contains("stuck in status IN_PROGRESS", DeploymentFailures.ToException(rolling.ToResult())!.Message);
        }

        [Fact]
        public void A_PAUSE_hook_is_announced_once_and_shows_in_the_progress()
        {
            var tracker = Tracker();
            var first = tracker.Observe(Sd.Deployment("IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT", hooks: Sd.Pause("ecs-pause-1")), T0);
            var again = tracker.Observe(Sd.Deployment("IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT", hooks: Sd.Pause("ecs-pause-1")), T0.AddSeconds(5));
            var continued = tracker.Observe(Sd.Deployment("IN_PROGRESS", "PRODUCTION_TRAFFIC_SHIFT", hooks: Sd.Pause("ecs-pause-1", "SUCCEEDED")), T0.AddSeconds(10));

            Assert.Equal("ecs-pause-1", Assert.Single(first.NewlyAwaiting).HookId);
            Assert.Empty(again.NewlyAwaiting);
            Assert.False(again.Changed);
            Assert.True(first.Progress.Paused);
            Assert.Contains("paused at a PAUSE hook", first.Progress.ToString());
            Assert.False(continued.Progress.Paused);
            Assert.True(continued.Changed);
        }

        [Fact]
        public void A_deployment_ECS_does_not_know_is_not_found_after_a_few_looks_and_one_that_vanishes_means_the_service_went()
        {
            var tracker = Tracker();
            var missing = new ServiceDeploymentSnapshot { Arn = Sd.Arn, Missing = true };
            Assert.Equal(DeploymentOutcome.InProgress, tracker.Observe(missing, T0).Outcome);
            Assert.Equal(DeploymentOutcome.InProgress, tracker.Observe(missing, T0.AddSeconds(2)).Outcome);
            Assert.Equal(DeploymentOutcome.NotFound, tracker.Observe(missing, T0.AddSeconds(4)).Outcome);
            Assert.Equal(RolloutErrorIds.DeploymentNotFound, DeploymentFailures.ToException(tracker.ToResult())!.ErrorId);

            var vanished = Tracker();
            vanished.Observe(Sd.Deployment("IN_PROGRESS", "SCALE_UP"), T0);
            Assert.Equal(DeploymentOutcome.ServiceInactive, vanished.Observe(missing, T0.AddSeconds(2)).Outcome);
        }

        [Fact]
        public void Events_are_read_after_a_change_and_once_after_a_failure_never_while_nothing_moves()
        {
            var tracker = Tracker();
            Assert.True(tracker.NeedsServiceEvents);
            tracker.Observe(Sd.Deployment("IN_PROGRESS", "BAKE_TIME", running: 2, weight: 100), T0);
            tracker.AddServiceEvents(new[] { Event("e1", 1, "(service web) has started 2 tasks.") });
            Assert.False(tracker.NeedsServiceEvents);
            tracker.Observe(Sd.Deployment("IN_PROGRESS", "BAKE_TIME", running: 2, weight: 100), T0.AddSeconds(10));
            Assert.False(tracker.NeedsServiceEvents);
            tracker.Observe(Sd.Deployment("ROLLBACK_REQUESTED", "BAKE_TIME", running: 2, weight: 100), T0.AddSeconds(20));
            Assert.True(tracker.NeedsServiceEvents);
            var fresh = tracker.AddServiceEvents(new[] { Event("e2", 15, "(service web) rolling back to deployment ecs-svc/3333."), Event("e1", 1, "(service web) has started 2 tasks.") });
            Assert.Equal("e2", Assert.Single(fresh).Id);
            Assert.False(tracker.NeedsServiceEvents);
            Assert.Contains("rolling back", DeploymentFailures.ToException(tracker.ToResult())!.Message);
        }

        [Fact]
        public void Stopped_tasks_are_looked_at_when_the_circuit_breaker_counts_more_failures_and_only_those_of_the_new_revision_count()
        {
            var tracker = Tracker();
            tracker.Observe(Sd.Deployment("IN_PROGRESS", "SCALE_UP"), T0);
            Assert.False(tracker.NeedsStoppedTasks);
            tracker.Observe(Sd.Deployment("IN_PROGRESS", "SCALE_UP", failures: 1), T0.AddSeconds(2));
            Assert.True(tracker.NeedsStoppedTasks);
            var added = tracker.AddStoppedTasks(new[]
            {
                Stopped("a", 8, "EssentialContainerExited", "Essential container in task exited", Container("app", null, 1)),
                Stopped("b", 7, "UserInitiated", "Scaling activity initiated by (deployment ecs-svc/1111)"),
            });
            Assert.Single(added);
            Assert.False(tracker.NeedsStoppedTasks);
        }

        [Fact]
        public void Alarms_in_ALARM_are_named_in_the_error()
        {
            var tracker = Tracker();
            var snapshot = Sd.Deployment("ROLLBACK_IN_PROGRESS", "BAKE_TIME", reason: "CloudWatch alarms triggered.");
            snapshot.AlarmsStatus = "TRIGGERED";
            snapshot.TriggeredAlarms.Add("web-5xx");
            tracker.Observe(snapshot, T0);
            Assert.Contains("Alarms in ALARM: web-5xx.", DeploymentFailures.ToException(tracker.ToResult())!.Message);
        }
    }
}
