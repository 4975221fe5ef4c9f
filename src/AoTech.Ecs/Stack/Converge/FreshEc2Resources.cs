using System;
using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Waiting;

namespace AoTech.Ecs.Stack.Converge
{
    /// <summary>
    /// The EC2 resources this run created, kind by kind, and when. Right after CreateVpc, CreateSubnet, ... a call naming
    /// the new id may answer that it does not exist (EC2's eventual consistency); <see cref="Rule"/> waits out exactly
    /// that answer, and only for a kind this run created within <see cref="StackWaits.Ec2Visibility"/>.
    /// </summary>
    internal sealed class FreshEc2Resources
    {
        private readonly IClock _clock;
        private readonly TimeSpan _window;
        private readonly Dictionary<string, DateTimeOffset> _lastCreated = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);

        public FreshEc2Resources(IClock clock, TimeSpan window)
        {
            _clock = clock;
            _window = window;
            Rule = new RetryRule("EC2 does not show the id it has just made yet", IsFreshNotFound, window);
        }

        public RetryRule Rule { get; }

        /// <summary>
        /// Notes what discovery found as if made now: a run cut off moments ago may have made it, and a NotFound for an id
        /// discovery has just listed can only be EC2 not showing it everywhere yet.
        /// </summary>
        public void Known(IEnumerable<string?> ids)
        {
            foreach (var id in ids) Created(id);
        }

        /// <summary>Notes a create: <paramref name="id"/>'s prefix (vpc-, subnet-, ...) says its kind.</summary>
        public void Created(string? id)
        {
            var kind = AwsAnswers.Ec2NotFoundCodes.FirstOrDefault(c => id != null && id.StartsWith(c.Prefix, StringComparison.Ordinal));
            if (kind.Prefix == null) return;
            lock (_lastCreated) _lastCreated[kind.Prefix] = _clock.UtcNow;
        }

        private bool IsFreshNotFound(Exception ex)
        {
            if (!AwsAnswers.IsEc2NotFound(ex)) return false;
            var code = ((Aws.Model.AwsServiceException)ex).ErrorCode;
            var prefix = AwsAnswers.Ec2NotFoundCodes.First(c => c.Code == code).Prefix;
            lock (_lastCreated)
                return _lastCreated.TryGetValue(prefix, out var at) && _clock.UtcNow - at <= _window;
        }
    }
}
