using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Waiting;

namespace AoTech.Ecs.Tests.Waiting
{
    /// <summary>A clock whose Delay moves time forward at once and remembers every wait.</summary>
    internal sealed class ManualClock : IClock
    {
        public ManualClock(DateTimeOffset start) { UtcNow = start; }
        public DateTimeOffset UtcNow { get; set; }
        public List<TimeSpan> Delays { get; } = new List<TimeSpan>();

        public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Delays.Add(delay);
            UtcNow += delay;
            return Task.CompletedTask;
        }
    }
}
