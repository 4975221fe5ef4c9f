using System.Collections.Generic;
using System.Management.Automation;
using AoTech.Ecs.PowerShell.Infrastructure;
using AoTech.Ecs.Stack.Converge;

namespace AoTech.Ecs.PowerShell.Cmdlets.Stack
{
    /// <summary>Sends the stack engine's messages to -Verbose, warnings and progress through the cmdlet's queue.</summary>
    internal sealed class CmdletStackReporter : IStackReporter
    {
        private readonly AoAsyncCmdlet _cmdlet;
        private readonly Dictionary<string, int> _activityIds = new Dictionary<string, int>();

        public CmdletStackReporter(AoAsyncCmdlet cmdlet)
        {
            _cmdlet = cmdlet;
        }

        public void Verbose(string message) => _cmdlet.PostVerbose(message);

        public void Warning(string message) => _cmdlet.PostWarning(message);

        public void Progress(string activity, string status, int percent, bool completed)
        {
            int id;
            lock (_activityIds)
            {
                if (!_activityIds.TryGetValue(activity, out id))
                {
                    if (completed) return; // never started: nothing to complete
                    id = _activityIds[activity] = 1 + _activityIds.Count;
                }
                if (completed) _activityIds.Remove(activity);
            }
            _cmdlet.PostProgress(new ProgressRecord(id, activity, status)
            {
                PercentComplete = completed ? 100 : percent,
                RecordType = completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            });
        }
    }
}
