using System;
using AoTech.Ecs.Stack.Locking;
using Xunit;

namespace AoTech.Ecs.Tests.Stack
{
    /// <summary>The lock value's format and the rules that tell a live holder from a gone one.</summary>
    public class AppLockRecordTests
    {
        private static readonly DateTime Now = new DateTime(2026, 11, 28, 10, 0, 0, DateTimeKind.Utc);
        private static readonly LockOwner Self = new LockOwner("host-a", 100, Now.AddHours(-1));

        private static AppLockRecord Held(string host, int pid, DateTime expires, DateTime? started = null, string runId = "run-1") =>
            new AppLockRecord(runId, host, pid, started, "New-AoEcsApp", Now.AddMinutes(-1), expires);

        private static string? Why(AppLockRecord held, bool running = true, bool active = true) =>
            LockStaleness.Why(held, Now, Self, (_, __) => running, _ => active);

        [Fact]
        public void The_value_round_trips_through_json()
        {
            var record = Held("host-a", 42, Now.AddMinutes(2), Now.AddHours(-3), "0123abcd");
            var parsed = AppLockRecord.Parse(record.ToJson());
            Assert.Equal("0123abcd", parsed.RunId);
            Assert.Equal("host-a", parsed.Host);
            Assert.Equal(42, parsed.ProcessId);
            Assert.Equal(Now.AddHours(-3), parsed.ProcessStart);
            Assert.Equal("New-AoEcsApp", parsed.Operation);
            Assert.Equal(Now.AddMinutes(-1), parsed.Acquired);
            Assert.Equal(Now.AddMinutes(2), parsed.Expires);
            Assert.Equal(DateTimeKind.Utc, parsed.Expires.Kind);
            Assert.Equal("New-AoEcsApp on host host-a (pid 42) since 2026-11-28 09:59:00Z", parsed.Describe());
        }

        [Theory]
        [InlineData("")]
        [InlineData("not json")]
        [InlineData("[1,2]")]
        [InlineData("{\"runId\":\"x\"}")]
        public void An_unreadable_value_is_stale(string value)
        {
            var parsed = AppLockRecord.Parse(value);
            Assert.False(parsed.IsReadable);
            Assert.Equal("its value is unreadable", Why(parsed));
        }

        [Fact]
        public void A_live_holder_on_another_host_is_not_stale_until_its_lease_ends()
        {
            Assert.Null(Why(Held("host-b", 100, Now.AddSeconds(1)), running: false, active: false));
            Assert.StartsWith("its lease ended", Why(Held("host-b", 100, Now)));
        }

        [Fact]
        public void A_holder_on_this_host_is_stale_when_its_process_has_ended()
        {
            Assert.Null(Why(Held("HOST-A", 7, Now.AddMinutes(1)), running: true));
            Assert.Equal("its process 7 on this host has ended", Why(Held("HOST-A", 7, Now.AddMinutes(1)), running: false));
        }

        [Fact]
        public void A_holder_in_this_process_is_stale_when_its_run_is_over()
        {
            var held = Held("host-a", 100, Now.AddMinutes(1), Self.ProcessStart);
            Assert.Null(Why(held, active: true));
            Assert.Equal("its run in this process has ended", Why(held, active: false));
        }

        [Fact]
        public void An_earlier_process_with_this_process_id_is_judged_by_its_own_start_time()
        {
            // Same id, started a day earlier: another process that happened to have the same id.
            var held = Held("host-a", 100, Now.AddMinutes(1), Self.ProcessStart!.Value.AddDays(-1));
            Assert.Equal("its process 100 on this host has ended", Why(held, running: false, active: true));
        }
    }
}
