using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Stack.Planning;
using Logs = AoTech.Ecs.Aws.Services.Logs;

namespace AoTech.Ecs.Stack.Converge.Discovery
{
    /// <summary>What <see cref="LogDiscovery"/> found.</summary>
    internal sealed class LogsFound
    {
        public LogsFound(DiscoveredLogGroup? group, List<DiscoveredExtra> extras)
        {
            Group = group;
            Extras = extras;
        }

        public DiscoveredLogGroup? Group { get; }
        /// <summary>Log groups under the app's name.</summary>
        public List<DiscoveredExtra> Extras { get; }
    }

    /// <summary>The app's log group and the groups under its name.</summary>
    internal sealed class LogDiscovery
    {
        private readonly AwsConnection _aws;
        private readonly StackNames _names;

        public LogDiscovery(AwsConnection connection, StackNames names)
        {
            _aws = connection;
            _names = names;
        }

        /// <summary>
        /// The log group, and as extras the groups under its name ("/aotech/&lt;app&gt;/..."): the app's namespace, as no
        /// app name holds a slash. They may hold logs (a container can be told to write there), so New-AoEcsApp reports
        /// them; the planner leaves out those the task definition writes to.
        /// </summary>
        public async Task<LogsFound> FindAsync(CancellationToken ct)
        {
            var response = await _aws.SendAsync(new Logs.DescribeLogGroupsRequest { LogGroupNamePrefix = _names.LogGroup }, ct).ConfigureAwait(false);
            var group = response.LogGroups.OrEmpty().FirstOrDefault(g => g.LogGroupName == _names.LogGroup);
            var extras = response.LogGroups.OrEmpty().Where(g => g.LogGroupName != null && g.LogGroupName.StartsWith(_names.LogGroup + "/", StringComparison.Ordinal))
                .Select(g => new DiscoveredExtra(ExtraKind.LogGroup, g.LogGroupName!, null, null)
                {
                    Why = "a log group under the app's name that its task definition does not write to",
                    LeftBecause = "it may hold logs; Remove-AoEcsApp deletes it with the app",
                }).ToList();
            return new LogsFound(group == null ? null : new DiscoveredLogGroup { Name = group.LogGroupName!, Arn = group.Arn, RetentionInDays = group.RetentionInDays },
                extras);
        }
    }
}
