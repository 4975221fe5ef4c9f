using System;
using System.Linq;
using AoTech.Ecs.Rollout;
using Xunit;
using static AoTech.Ecs.Tests.Rollout.Ecs;

namespace AoTech.Ecs.Tests.Rollout
{
    /// <summary>The state machine's decisions, one snapshot at a time.</summary>
    public class DeploymentTrackerTests
    {
        private const string Old = "ecs-svc/1111";
        private const string New = "ecs-svc/2222";
        private static readonly DateTimeOffset Start = T0.AddSeconds(1);

        private static DeploymentTracker Tracker(TimeSpan? timeout = null) => new DeploymentTracker(New, Start, timeout ?? TimeSpan.FromMinutes(15));

        [Fact]
        public void CompletedNeedsRunningEqualToDesired()
        {
            var t = Tracker();
            // COMPLETED with too few running (e.g. a task died after the rollout finished) is not done yet.
            Assert.Equal(DeploymentOutcome.InProgress, t.Observe(Service(Primary(New, 8, RolloutStates.Completed, 3, 2, pending: 1)), Start).Outcome);
            Assert.Equal(DeploymentOutcome.Completed, t.Observe(Service(Primary(New, 8, RolloutStates.Completed, 3, 3)), Start.AddSeconds(5)).Outcome);
            Assert.Equal(Start.AddSeconds(5), t.FinishedAt);
        }

        [Fact]
        public void CompletedNeedsOurDeploymentToBeTheOnlyOne()
        {
            var t = Tracker();
            var twoDeployments = Service(Primary(New, 8, RolloutStates.Completed, 2, 2), Active(Old, 7, 1, 1));
            Assert.Equal(DeploymentOutcome.InProgress, t.Observe(twoDeployments, Start).Outcome);
        }

        [Fact]
        public void ServicesWithoutRolloutStateFallBackToTheSteadyStateRule()
        {
            var t = Tracker();
            Assert.Equal(DeploymentOutcome.InProgress, t.Observe(Service(Primary(New, 8, null!, 2, 1, pending: 1)), Start).Outcome);
            Assert.Equal(DeploymentOutcome.Completed, t.Observe(Service(Primary(New, 8, null!, 2, 2)), Start).Outcome);
        }

        [Fact]
        public void FinalOutcomeSticks()
        {
            var t = Tracker();
            t.Observe(Service(Primary(New, 8, RolloutStates.Failed, 2, 0, failed: 2)), Start);
            var later = t.Observe(Service(Primary(New, 8, RolloutStates.Completed, 2, 2)), Start.AddSeconds(10));
            Assert.Equal(DeploymentOutcome.Failed, later.Outcome);
            Assert.False(later.Changed);
        }

        [Fact]
        public void FailedWithANewPrimaryOfTheSameRevisionIsAFailureNotARollback()
        {
            // Someone forced a new deployment of the same task definition after ours failed: nothing was rolled back.
            var t = Tracker();
            var outcome = t.Observe(Service(Primary("ecs-svc/5555", 8, RolloutStates.InProgress, 2, 0),
                Deployment(New, DeploymentStatuses.Active, 8, RolloutStates.Failed, 2, 0, failed: 3)), Start).Outcome;
            Assert.Equal(DeploymentOutcome.Failed, outcome);
        }

        [Fact]
        public void OurDeploymentDisplacedByThePreviousRevisionIsARollback()
        {
            // Ours never reached FAILED (someone else put the old revision back): still a rollback, since the previous
            // task definition runs again.
            var t = Tracker();
            t.Observe(Service(Primary(New, 8, RolloutStates.InProgress, 2, 1, pending: 1), Active(Old, 7, 1, 1)), Start);
            var outcome = t.Observe(Service(Primary("ecs-svc/6666", 7, RolloutStates.InProgress, 2, 1),
                Deployment(New, DeploymentStatuses.Active, 8, RolloutStates.InProgress, 2, 1)), Start.AddSeconds(5)).Outcome;
            Assert.Equal(DeploymentOutcome.RolledBack, outcome);
        }

        [Fact]
        public void PreviousRevisionGivenByTheCallerIdentifiesALaterRollback()
        {
            // The wait started after the old deployment was gone, so only the caller knows revision 7 ran before.
            var t = new DeploymentTracker(New, Start, TimeSpan.FromMinutes(15), new[] { TaskDef(7) });
            t.Observe(Service(Primary(New, 8, RolloutStates.InProgress, 2, 2)), Start);
            Assert.Equal(DeploymentOutcome.RolledBack, t.Observe(Service(Primary("ecs-svc/6666", 7, RolloutStates.Completed, 2, 2)), Start.AddSeconds(5)).Outcome);
        }

        [Fact]
        public void DisappearingWithoutAnyPrimaryIsReplaced()
        {
            var t = Tracker();
            t.Observe(Service(Primary(New, 8, RolloutStates.InProgress, 2, 1, pending: 1)), Start);
            Assert.Equal(DeploymentOutcome.Replaced, t.Observe(Service(), Start.AddSeconds(5)).Outcome);
            Assert.Null(t.Successor);
        }

        [Fact]
        public void UnknownDeploymentIdIsNotFoundAfterAFewLooks()
        {
            var t = Tracker();
            var other = Service(Primary(Old, 7, RolloutStates.Completed, 2, 2));
            for (var i = 1; i < DeploymentTracker.NotFoundAfterObservations; i++)
                Assert.Equal(DeploymentOutcome.InProgress, t.Observe(other, Start.AddSeconds(i)).Outcome);
            Assert.Equal(DeploymentOutcome.NotFound, t.Observe(other, Start.AddSeconds(9)).Outcome);
            Assert.Equal(RolloutErrorIds.DeploymentNotFound, DeploymentFailures.ToException(t.ToResult())!.ErrorId);
        }

        [Fact]
        public void DeploymentAppearingLateIsFollowed()
        {
            // Right after UpdateService, DescribeServices may still show the old state.
            var t = Tracker();
            t.Observe(Service(Primary(Old, 7, RolloutStates.Completed, 2, 2)), Start);
            Assert.Equal(DeploymentOutcome.InProgress, t.Observe(Service(Primary(New, 8, RolloutStates.InProgress, 2, 0), Active(Old, 7, 2, 2)), Start.AddSeconds(2)).Outcome);
            Assert.Equal(DeploymentOutcome.Completed, t.Observe(Service(Primary(New, 8, RolloutStates.Completed, 2, 2)), Start.AddSeconds(4)).Outcome);
        }

        [Fact]
        public void MissingServiceIsServiceInactive()
        {
            var t = Tracker();
            Assert.Equal(DeploymentOutcome.ServiceInactive, t.Observe(new ServiceSnapshot { Missing = true }, Start).Outcome);
            var ex = DeploymentFailures.ToException(t.ToResult())!;
            Assert.Equal(RolloutErrorIds.ServiceNotActive, ex.ErrorId);
            Assert.Contains("does not exist", ex.Message);
        }

        [Fact]
        public void TimesOutOnlyAtTheDeadline()
        {
            var t = Tracker(TimeSpan.FromMinutes(1));
            var running = Service(Primary(New, 8, RolloutStates.InProgress, 2, 1, pending: 1));
            Assert.Equal(DeploymentOutcome.InProgress, t.Observe(running, Start.AddSeconds(59)).Outcome);
            Assert.Equal(DeploymentOutcome.TimedOut, t.Observe(running, Start.AddSeconds(60)).Outcome);
        }

        [Fact]
        public void EventsAreReportedOnceOldestFirstAndNotFromBeforeTheDeployment()
        {
            var t = Tracker();
            var stale = Event("old", -600, "(service web) has reached a steady state.");
            var a = Event("a", 5, "(service web) has started 2 tasks.");
            var b = Event("b", 15, "(service web) registered 2 targets.");
            var deployments = new[] { Primary(New, 8, RolloutStates.InProgress, 2, 0, pending: 2) };

            var first = t.Observe(Service(deployments, new[] { a, stale }), Start);
            var second = t.Observe(Service(deployments, new[] { b, a, stale }), Start.AddSeconds(20));
            var third = t.Observe(Service(deployments, new[] { b, a, stale }), Start.AddSeconds(30));

            Assert.Equal(new[] { "a" }, first.NewEvents.Select(e => e.Id));
            Assert.Equal(new[] { "b" }, second.NewEvents.Select(e => e.Id));
            Assert.Empty(third.NewEvents);
            Assert.True(second.Changed);
            Assert.False(third.Changed);
        }

        [Fact]
        public void WaitingOnAnOldDeploymentDoesNotReplayItsHistory()
        {
            // The deployment is a day old; only events from shortly before the wait are news.
            var start = T0.AddDays(1);
            var t = new DeploymentTracker(New, start, TimeSpan.FromMinutes(15));
            var old = Event("old", 60, "(service web) has reached a steady state.");
            var recent = Event("recent", 86400 - 120, "(service web) has started 1 tasks.");
            var deployments = new[] { Primary(New, 8, RolloutStates.InProgress, 2, 1, pending: 1) };
            var first = t.Observe(Service(deployments, new[] { recent, old }), start);
            Assert.Equal(new[] { "recent" }, first.NewEvents.Select(e => e.Id));
        }

        [Fact]
        public void EventsWithoutIdsAreDeduplicatedByTimeAndText()
        {
            var t = Tracker();
            var e = new ServiceEventSnapshot { CreatedAt = T0.AddSeconds(3), Message = "(service web) has started 1 tasks." };
            var deployments = new[] { Primary(New, 8, RolloutStates.InProgress, 2, 0, pending: 2) };
            Assert.Single(t.Observe(Service(deployments, new[] { e }), Start).NewEvents);
            var again = new ServiceEventSnapshot { CreatedAt = e.CreatedAt, Message = e.Message };
            Assert.Empty(t.Observe(Service(deployments, new[] { again }), Start.AddSeconds(2)).NewEvents);
        }

        [Fact]
        public void ChangedReflectsCountsAndTargetHealth()
        {
            var t = Tracker();
            var s1 = Service(Primary(New, 8, RolloutStates.InProgress, 2, 0, pending: 2));
            Assert.True(t.Observe(s1, Start).Changed);
            Assert.False(t.Observe(Service(Primary(New, 8, RolloutStates.InProgress, 2, 0, pending: 2)), Start.AddSeconds(2)).Changed);
            var withHealth = Service(Primary(New, 8, RolloutStates.InProgress, 2, 0, pending: 2));
            withHealth.TargetHealth = new TargetHealthCounts { Initial = 1 };
            Assert.True(t.Observe(withHealth, Start.AddSeconds(4)).Changed);
            Assert.True(t.Observe(Service(Primary(New, 8, RolloutStates.InProgress, 2, 1, pending: 1)), Start.AddSeconds(6)).Changed);
        }

        [Fact]
        public void ProgressFollowsOurDeploymentNotTheService()
        {
            var t = Tracker();
            var obs = t.Observe(Service(Primary(New, 8, RolloutStates.InProgress, 4, 1, pending: 2, failed: 1), Active(Old, 7, 4, 4)), Start);
            Assert.Equal(4, obs.Progress.Desired);
            Assert.Equal(1, obs.Progress.Running);
            Assert.Equal(2, obs.Progress.Pending);
            Assert.Equal(1, obs.Progress.Failed);
            Assert.Equal(2, obs.Progress.Deployments);
            Assert.Equal(25, obs.Progress.PercentComplete(false));
            Assert.Equal("1/4 running, 2 pending, 1 failed, 2 deployments", obs.Progress.ToString());
        }

        [Fact]
        public void PercentCompleteReaches100OnlyWhenCompleted()
        {
            var p = new DeploymentProgress { Desired = 2, Running = 2 };
            Assert.Equal(99, p.PercentComplete(false));
            Assert.Equal(100, p.PercentComplete(true));
            Assert.Equal(0, new DeploymentProgress { Desired = 0 }.PercentComplete(false));
        }

        [Fact]
        public void StoppedTaskReasonsAreClassified()
        {
            Assert.Equal(StopReasonKind.ImagePull, StoppedTaskReasons.Classify(Stopped("a", 8, "TaskFailedToStart",
                "CannotPullContainerError: failed to resolve ref 123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:9: not found")));
            Assert.Equal(StopReasonKind.OutOfMemory, StoppedTaskReasons.Classify(Stopped("b", 8, "EssentialContainerExited",
                "Essential container in task exited", Container("app", "OutOfMemoryError: Container killed due to memory usage", 137))));
            Assert.Equal(StopReasonKind.HealthCheck, StoppedTaskReasons.Classify(Stopped("c", 8, "ServiceSchedulerInitiated",
                "Task failed container health checks")));
            Assert.Equal(StopReasonKind.ContainerExited, StoppedTaskReasons.Classify(Stopped("d", 8, "EssentialContainerExited",
                "Essential container in task exited", Container("app", null, 1))));
            Assert.Equal(StopReasonKind.Other, StoppedTaskReasons.Classify(Stopped("e", 8, "SpotInterruption", "Spot interruption")));
        }

        [Fact]
        public void UserStopsWithoutContainerReasonsAreRoutine()
        {
            Assert.True(StoppedTaskReasons.IsRoutine(Stopped("a", 8, "UserInitiated", "Task stopped by user")));
            Assert.False(StoppedTaskReasons.IsRoutine(Stopped("b", 8, "TaskFailedToStart", "CannotPullContainerError: denied")));
        }

        [Fact]
        public void TimedOutMessageNamesTheTimeoutAndCounts()
        {
            var t = Tracker(TimeSpan.FromMinutes(90));
            var s = Service(Primary(New, 8, RolloutStates.InProgress, 3, 1, pending: 2));
            s.TargetHealth = new TargetHealthCounts { Healthy = 1, Unhealthy = 2, UnhealthyReasons = { "Target.ResponseCodeMismatch" } };
            t.Observe(s, Start.AddMinutes(90));
            var ex = DeploymentFailures.ToException(t.ToResult())!;
            Assert.Equal(RolloutErrorIds.DeploymentTimedOut, ex.ErrorId);
            Assert.Contains("within 1h30m", ex.Message);
            Assert.Contains("1/3 running, 2 pending", ex.Message);
            Assert.Contains("targets 1 healthy, 2 unhealthy", ex.Message);
            Assert.Contains("Target.ResponseCodeMismatch", ex.Message);
        }

        [Theory]
        [InlineData(900, "15m")]
        [InlineData(5400, "1h30m")]
        [InlineData(7200, "2h")]
        [InlineData(45, "45s")]
        [InlineData(150, "2m30s")]
        [InlineData(0.5, "0.5s")]
        public void TimeoutsAreWrittenTheWayUsersWriteThem(double seconds, string expected)
        {
            Assert.Equal(expected, DeploymentFailures.FormatSpan(TimeSpan.FromSeconds(seconds)));
        }

        [Fact]
        public void CompletedHasNoException()
        {
            var t = Tracker();
            t.Observe(Service(Primary(New, 8, RolloutStates.Completed, 1, 1)), Start);
            Assert.Null(DeploymentFailures.ToException(t.ToResult()));
            Assert.True(t.ToResult().Succeeded);
        }
    }
}
