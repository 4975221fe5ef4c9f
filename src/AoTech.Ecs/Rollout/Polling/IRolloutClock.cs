using System;
using System.Threading;
using System.Threading.Tasks;

namespace AoTech.Ecs.Rollout
{
    /// <summary>Time and waiting, injectable so tests run a 15-minute wait in microseconds.</summary>
    public interface IRolloutClock
    {
        DateTimeOffset UtcNow { get; }
        Task Delay(TimeSpan delay, CancellationToken cancellationToken);
    }

    public sealed class SystemRolloutClock : IRolloutClock
    {
        public static readonly SystemRolloutClock Instance = new SystemRolloutClock();
        public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;
        public Task Delay(TimeSpan delay, CancellationToken cancellationToken) =>
            delay > TimeSpan.Zero ? Task.Delay(delay, cancellationToken) : Task.CompletedTask;
    }
}
