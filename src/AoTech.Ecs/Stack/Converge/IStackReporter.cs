using AoTech.Ecs.Waiting;

namespace AoTech.Ecs.Stack.Converge
{
    /// <summary>
    /// Where the stack engine tells the caller what it is doing. The cmdlets map these to Write-Verbose/Warning/Progress;
    /// tests and scripts can pass <see cref="NullStackReporter"/>. Never receives credentials.
    /// </summary>
    public interface IStackReporter : IProgressReporter
    {
        void Warning(string message);
    }

    public sealed class NullStackReporter : IStackReporter
    {
        public static readonly NullStackReporter Instance = new NullStackReporter();
        public void Verbose(string message) { }
        public void Warning(string message) { }
        public void Progress(string activity, string status, int percent, bool completed) { }
    }
}
