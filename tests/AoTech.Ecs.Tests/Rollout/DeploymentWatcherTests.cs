using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Rollout;
using AoTech.Ecs.Tests.Waiting;
using AoTech.Ecs.Waiting;
using Xunit;
using static AoTech.Ecs.Tests.Rollout.Ecs;

namespace AoTech.Ecs.Tests.Rollout
{
    /// <summary>The watcher loop end to end, fed with scripted DescribeServices sequences and a manual clock.</summary>
    public class DeploymentWatcherTests
    {
        private const string Old = "ecs-svc/1111";
        private const string New = "ecs-svc/2222";
        private const string Rollback = "ecs-svc/3333";
        private static readonly TimeSpan FifteenMinutes = TimeSpan.FromMinutes(15);

        private readonly ManualClock _clock = new ManualClock(T0.AddSeconds(1));
        private readonly List<string> _events = new List<string>();
        private readonly List<DeploymentProgress> _progress = new List<DeploymentProgress>();
        private readonly List<string> _verbose = new List<string>();

        private DeploymentWatchCallbacks Callbacks => new DeploymentWatchCallbacks
        {
            Event = e => _events.Add(e.Message),
            Progress = p => _progress.Add(p),
            Verbose = v => _verbose.Add(v),
        };

        private DeploymentWatcher Watcher(ScriptedSource source) => new DeploymentWatcher(source, _clock);

        [Fact]
        public async Task NormalRollingDeployCompletesOnlyWhenTheOldDeploymentIsGone()
        {
            var e1 = Event("ev1", 2, "(service web) has started 1 tasks: (task a).");
            var e2 = Event("ev2", 20, "(service web) has stopped 1 running tasks: (task old1).");
            var e3 = Event("ev3", 40, "(service web) has reached a steady state.");
            var source = new ScriptedSource()
                .Then(Service(new[] { Primary(New, 8, RolloutStates.InProgress, 2, 0, pending: 2), Active(Old, 7, 2, 2) }, Array.Empty<ServiceEventSnapshot>()))
                .Then(Service(new[] { Primary(New, 8, RolloutStates.InProgress, 2, 1, pending: 1), Active(Old, 7, 2, 2) }, new[] { e1 }))
                .Then(Service(new[] { Primary(New, 8, RolloutStates.InProgress, 2, 2), Active(Old, 7, 1, 1) }, new[] { e2, e1 }))
                // Running == desired but the old deployment is still there: not done yet.
                .Then(Service(new[] { Primary(New, 8, RolloutStates.InProgress, 2, 2), Active(Old, 7, 0, 0) }, new[] { e2, e1 }))
                .Then(Service(new[] { Primary(New, 8, RolloutStates.Completed, 2, 2) }, new[] { e3, e2, e1 }));

            var result = await Watcher(source).WaitAsync(New, FifteenMinutes, Callbacks);

            Assert.Equal(DeploymentOutcome.Completed, result.Outcome);
            Assert.Equal(5, source.DescribeCalls);
            Assert.Equal(5, result.Polls);
            Assert.Equal(new[] { e1.Message, e2.Message, e3.Message }, _events);
            Assert.Equal(TaskDef(8), result.TaskDefinition);
            Assert.Equal(2, result.Progress.Running);
            Assert.Equal(2, result.Progress.Desired);
            Assert.Equal(new[] { 0, 1, 2, 2, 2 }, _progress.Select(p => p.Running));
            Assert.Equal(0, source.StoppedTaskCalls);
            Assert.Empty(result.StopReasons);
            Assert.NotNull(result.Duration);
            Assert.True(result.Duration > TimeSpan.Zero);
        }

        [Fact]
        public async Task SlowStartBacksOffToTheCapAndStillCompletes()
        {
            var source = new ScriptedSource()
                .Repeat(Service(Primary(New, 8, RolloutStates.InProgress, 3, 0, pending: 3), Active(Old, 7, 3, 3)), 60)
                .Then(Service(Primary(New, 8, RolloutStates.InProgress, 3, 3), Active(Old, 7, 0, 0)))
                .Then(Service(Primary(New, 8, RolloutStates.Completed, 3, 3)));
            source.HasTargetGroup = true;
            source.TargetHealth = new TargetHealthCounts { Healthy = 3, Initial = 3 };

            var result = await Watcher(source).WaitAsync(New, FifteenMinutes, Callbacks);

            Assert.Equal(DeploymentOutcome.Completed, result.Outcome);
            Assert.Equal(62, source.DescribeCalls);
            Assert.Equal(62, source.TargetHealthCalls);
            Assert.Equal(3, result.Progress.TargetHealth!.Healthy);
            var schedule = PollSchedule.Default;
            Assert.All(_clock.Delays, d => Assert.InRange(d, schedule.Initial, schedule.Maximum));
            Assert.Equal(schedule.Initial, _clock.Delays[0]);
            // Nothing changed for a long while: the wait settles at the cap instead of polling every 2 s.
            Assert.Equal(schedule.Maximum, _clock.Delays[55]);
            Assert.True(_clock.Delays.Count(d => d == schedule.Maximum) > 40);
        }

        [Fact]
        public async Task CircuitBreakerRollbackIsAFailureWithTheStoppedTaskReasons()
        {
            var source = new ScriptedSource()
                .Then(Service(Primary(New, 8, RolloutStates.InProgress, 2, 0, pending: 2), Active(Old, 7, 2, 2)))
                .Then(Service(Primary(New, 8, RolloutStates.InProgress, 2, 0, pending: 2, failed: 2), Active(Old, 7, 2, 2)))
                .Then(Service(
                    Deployment(New, DeploymentStatuses.Active, 8, RolloutStates.Failed, 0, 0, failed: 4,
                        reason: "ECS deployment circuit breaker: tasks failed to start."),
                    Primary(Rollback, 7, RolloutStates.InProgress, 2, 2)));
            source.BeforeDescribe = call =>
            {
                if (call == 2)
                {
                    source.StoppedTasks.Add(Stopped("t1", 8, "TaskFailedToStart", "CannotPullContainerError: pull image manifest has been retried 5 time(s): web:8.1 not found"));
                    source.StoppedTasks.Add(Stopped("t2", 8, "TaskFailedToStart", "CannotPullContainerError: pull image manifest has been retried 5 time(s): web:8.1 not found"));
                }
            };

            var ex = await Assert.ThrowsAsync<DeploymentException>(() => Watcher(source).WaitAsync(New, FifteenMinutes, Callbacks));

            Assert.Equal(RolloutErrorIds.DeploymentRolledBack, ex.ErrorId);
            Assert.Equal(AoErrorKind.OperationFailed, ex.Kind);
            Assert.Equal(New, ex.Target);
            Assert.Equal(DeploymentOutcome.RolledBack, ex.Result.Outcome);
            Assert.Equal(Rollback, ex.Result.SuccessorDeploymentId);
            Assert.Equal(TaskDef(7), ex.Result.SuccessorTaskDefinition);
            Assert.Contains("web:7", ex.Message);
            Assert.Contains("circuit breaker", ex.Message);
            Assert.Contains("CannotPullContainerError", ex.Message);
            Assert.Contains("(2 tasks)", ex.Message);
            var reason = Assert.Single(ex.Result.StopReasons);
            Assert.Equal(StopReasonKind.ImagePull, reason.Kind);
            Assert.Equal(2, reason.Count);
            // Stopped tasks were read when the failed count grew (poll 2) and once more for the error (poll 3), not on poll 1.
            Assert.Equal(2, source.StoppedTaskCalls);
        }

        [Fact]
        public async Task RollbackThatEndsStableIsStillAFailure()
        {
            // The rollback already finished when we look again: our deployment is gone and the service is steady on
            // the previous revision. ServicesStable-style waiters call this success; it is not.
            var source = new ScriptedSource()
                .Then(Service(Primary(New, 8, RolloutStates.InProgress, 2, 1, pending: 1, failed: 1), Active(Old, 7, 2, 2)))
                .Then(Service(Primary(Rollback, 7, RolloutStates.Completed, 2, 2)));

            var ex = await Assert.ThrowsAsync<DeploymentException>(() => Watcher(source).WaitAsync(New, FifteenMinutes, Callbacks));

            Assert.Equal(RolloutErrorIds.DeploymentRolledBack, ex.ErrorId);
            Assert.Equal(Rollback, ex.Result.SuccessorDeploymentId);
        }

        [Fact]
        public async Task FailedRolloutWithoutRollbackFails()
        {
            var source = new ScriptedSource()
                .Then(Service(Primary(New, 8, RolloutStates.InProgress, 2, 0, pending: 2)))
                .Then(Service(Primary(New, 8, RolloutStates.Failed, 2, 0, failed: 3, reason: "ECS deployment circuit breaker: tasks failed to start.")));
            source.StoppedTasks.Add(Stopped("t9", 8, "EssentialContainerExited", "Essential container in task exited",
                Container("app", "OutOfMemoryError: Container killed due to memory usage", 137)));

            var ex = await Assert.ThrowsAsync<DeploymentException>(() => Watcher(source).WaitAsync(New, FifteenMinutes, Callbacks));

            Assert.Equal(RolloutErrorIds.DeploymentFailed, ex.ErrorId);
            Assert.Contains("tasks failed to start", ex.Message);
            Assert.Contains("OutOfMemoryError", ex.Message);
            Assert.Contains("exit code 137", ex.Message);
            Assert.Equal(StopReasonKind.OutOfMemory, Assert.Single(ex.Result.StopReasons).Kind);
        }

        [Fact]
        public async Task StoppedTasksAreReportedOncePerTaskAndOnlyForOurRevision()
        {
            var reasons = new List<StoppedTaskReason>();
            var source = new ScriptedSource()
                .Then(Service(Primary(New, 8, RolloutStates.InProgress, 2, 0, pending: 2), Active(Old, 7, 2, 2)))
                .Then(Service(Primary(New, 8, RolloutStates.InProgress, 2, 1, pending: 1, failed: 1), Active(Old, 7, 1, 1)))
                .Then(Service(Primary(New, 8, RolloutStates.InProgress, 2, 1, pending: 1, failed: 1), Active(Old, 7, 1, 1)))
                .Then(Service(Primary(New, 8, RolloutStates.InProgress, 2, 1, pending: 1, failed: 2), Active(Old, 7, 1, 1)))
                .Then(Service(Primary(New, 8, RolloutStates.InProgress, 2, 2, failed: 2)))
                .Then(Service(Primary(New, 8, RolloutStates.Completed, 2, 2, failed: 2)));
            source.BeforeDescribe = call =>
            {
                if (call == 2)
                {
                    source.StoppedTasks.Add(Stopped("h1", 8, "ServiceSchedulerInitiated", "Task failed ELB health checks in (target-group arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/abc)"));
                    // The old revision's tasks stopping is what a rolling deploy does: not a reason.
                    source.StoppedTasks.Add(Stopped("o1", 7, "ServiceSchedulerInitiated", "Scaling activity initiated by (deployment ecs-svc/2222)"));
                }
                if (call == 4)
                    source.StoppedTasks.Add(Stopped("c1", 8, "EssentialContainerExited", "Essential container in task exited",
                        Container("app", null, 1, "UNHEALTHY")));
            };
            var callbacks = Callbacks;
            callbacks.StopReason = r => reasons.Add(r);

            var result = await Watcher(source).WaitAsync(New, FifteenMinutes, callbacks);

            // Tasks failed and were replaced, but the rollout completed: that is success, with the reasons on record.
            Assert.Equal(DeploymentOutcome.Completed, result.Outcome);
            Assert.Equal(2, reasons.Count);
            Assert.Equal(StopReasonKind.HealthCheck, reasons[0].Kind);
            Assert.StartsWith("Task failed ELB health checks", reasons[0].Text);
            Assert.Equal(StopReasonKind.HealthCheck, reasons[1].Kind);
            Assert.Contains("container app: exit code 1, unhealthy", reasons[1].Text);
            Assert.DoesNotContain(result.StopReasons, r => r.Text.Contains("Scaling activity"));
            // Looked when failedTasks went 0->1 and 1->2; not on the polls in between.
            Assert.Equal(2, source.StoppedTaskCalls);
        }

        [Fact]
        public async Task DeploymentReplacedBySomeoneElsesIsReported()
        {
            var other = "ecs-svc/4444";
            var source = new ScriptedSource()
                .Then(Service(Primary(New, 8, RolloutStates.InProgress, 2, 1, pending: 1), Active(Old, 7, 1, 1)))
                .Then(Service(Primary(other, 9, RolloutStates.InProgress, 2, 0, pending: 2),
                    Deployment(New, DeploymentStatuses.Active, 8, RolloutStates.InProgress, 2, 1),
                    Active(Old, 7, 1, 1)));

            var ex = await Assert.ThrowsAsync<DeploymentException>(() => Watcher(source).WaitAsync(New, FifteenMinutes, Callbacks));

            Assert.Equal(RolloutErrorIds.DeploymentReplaced, ex.ErrorId);
            Assert.Equal(AoErrorKind.OperationStopped, ex.Kind);
            Assert.Equal(other, ex.Result.SuccessorDeploymentId);
            Assert.Contains(other, ex.Message);
            Assert.Contains("web:9", ex.Message);
        }

        [Fact]
        public async Task ThrottledPollsBackOffAndTheWaitCarriesOn()
        {
            var throttle = new AwsServiceException("ecs", "DescribeServices", "ThrottlingException", "Rate exceeded", 400, "req-1");
            var source = new ScriptedSource()
                .Then(Service(Primary(New, 8, RolloutStates.InProgress, 2, 0, pending: 2), Active(Old, 7, 2, 2)))
                .Throw(throttle).Throw(throttle).Throw(throttle)
                .Then(Service(Primary(New, 8, RolloutStates.InProgress, 2, 2), Active(Old, 7, 0, 0)))
                .Then(Service(Primary(New, 8, RolloutStates.Completed, 2, 2)));

            var result = await Watcher(source).WaitAsync(New, FifteenMinutes, Callbacks);

            Assert.Equal(DeploymentOutcome.Completed, result.Outcome);
            Assert.Equal(6, result.Polls);
            var s = PollSchedule.Default;
            // Delays after polls 2, 3, 4 (the throttled ones) double from the back-off start.
            Assert.Equal(new[] { s.BackoffInitial, Scale(s.BackoffInitial, 2), Scale(s.BackoffInitial, 4) }, _clock.Delays.Skip(1).Take(3));
            Assert.Equal(3, _verbose.Count(v => v.Contains("throttled")));
        }

        [Fact]
        public async Task ThrottlingPastTheDeadlineTimesOut()
        {
            var throttle = new AwsServiceException("ecs", "DescribeServices", "ThrottlingException", "Rate exceeded", 400, null);
            var source = new ScriptedSource()
                .Then(Service(Primary(New, 8, RolloutStates.InProgress, 2, 0, pending: 2)))
                .Throw(throttle);

            var ex = await Assert.ThrowsAsync<DeploymentException>(() => Watcher(source).WaitAsync(New, TimeSpan.FromMinutes(5), Callbacks));

            Assert.Equal(RolloutErrorIds.DeploymentTimedOut, ex.ErrorId);
            Assert.Equal(T0.AddSeconds(1) + TimeSpan.FromMinutes(5), _clock.UtcNow);
            Assert.All(_clock.Delays.Skip(1), d => Assert.True(d <= PollSchedule.Default.BackoffMaximum));
        }

        [Fact]
        public async Task ErrorsThatAreNotPassingEndTheWaitAtOnce()
        {
            var denied = new AwsServiceException("ecs", "DescribeServices", "AccessDeniedException", "not authorized", 400, null);
            var source = new ScriptedSource().Throw(denied);

            var ex = await Assert.ThrowsAsync<AwsServiceException>(() => Watcher(source).WaitAsync(New, FifteenMinutes, Callbacks));

            Assert.Same(denied, ex);
            Assert.Equal(1, source.DescribeCalls);
        }

        [Fact]
        public async Task ServerErrorsAreRetriedAFewTimesThenRaised()
        {
            var boom = new AwsServiceException("ecs", "DescribeServices", "ServerException", "internal", 500, null);
            var source = new ScriptedSource().Throw(boom);

            await Assert.ThrowsAsync<AwsServiceException>(() => Watcher(source).WaitAsync(New, FifteenMinutes, Callbacks));

            Assert.Equal(DeploymentWatcher.MaxConsecutiveFailures, source.DescribeCalls);
        }

        [Fact]
        public async Task TimeoutReportsProgressAndPollsAtTheDeadline()
        {
            var source = new ScriptedSource()
                .Then(Service(Primary(New, 8, RolloutStates.InProgress, 2, 1, pending: 1), Active(Old, 7, 1, 1)));

            var ex = await Assert.ThrowsAsync<DeploymentException>(() => Watcher(source).WaitAsync(New, FifteenMinutes, Callbacks));

            Assert.Equal(RolloutErrorIds.DeploymentTimedOut, ex.ErrorId);
            Assert.Equal(AoErrorKind.Timeout, ex.Kind);
            Assert.Contains("15m", ex.Message);
            Assert.Contains("1/2 running", ex.Message);
            var deadline = T0.AddSeconds(1) + FifteenMinutes;
            Assert.Equal(deadline, _clock.UtcNow);
            Assert.Equal(deadline, ex.Result.FinishedAt);
            // 15 minutes at a 10 s cap is about 90 polls, plus the quick ones at the start; never more than that.
            Assert.InRange(source.DescribeCalls, 90, 105);
            // A failure outcome looks at stopped tasks once for the error message.
            Assert.Equal(1, source.StoppedTaskCalls);
        }

        [Fact]
        public async Task CompletionExactlyAtTheDeadlineCountsAsCompleted()
        {
            var timeout = TimeSpan.FromMinutes(2);
            var deadline = T0.AddSeconds(1) + timeout;
            var source = new ScriptedSource().Then(() => _clock.UtcNow >= deadline
                ? Service(Primary(New, 8, RolloutStates.Completed, 2, 2))
                : Service(Primary(New, 8, RolloutStates.InProgress, 2, 1, pending: 1)));

            var result = await Watcher(source).WaitAsync(New, timeout, Callbacks);

            Assert.Equal(DeploymentOutcome.Completed, result.Outcome);
            Assert.Equal(deadline, result.FinishedAt);
        }

        [Fact]
        public async Task ServiceDeletedDuringTheWaitIsServiceNotActive()
        {
            var source = new ScriptedSource()
                .Then(Service(Primary(New, 8, RolloutStates.InProgress, 2, 1, pending: 1)))
                .Then(new ServiceSnapshot { ServiceName = "web", Status = ServiceStatuses.Draining, Deployments = { Primary(New, 8, RolloutStates.InProgress, 0, 0) } });

            var ex = await Assert.ThrowsAsync<DeploymentException>(() => Watcher(source).WaitAsync(New, FifteenMinutes, Callbacks));

            Assert.Equal(RolloutErrorIds.ServiceNotActive, ex.ErrorId);
            Assert.Contains("DRAINING", ex.Message);
        }

        [Fact]
        public async Task CancellationStopsTheWait()
        {
            var cts = new CancellationTokenSource();
            var source = new ScriptedSource().Then(Service(Primary(New, 8, RolloutStates.InProgress, 2, 1, pending: 1)));
            source.BeforeDescribe = call => { if (call == 3) cts.Cancel(); };

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Watcher(source).WaitAsync(New, FifteenMinutes, Callbacks, cancellationToken: cts.Token));

            Assert.Equal(3, source.DescribeCalls);
        }

        private static TimeSpan Scale(TimeSpan t, int f) => TimeSpan.FromTicks(t.Ticks * f);
    }
}
