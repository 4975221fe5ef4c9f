namespace AoTech.Ecs.Stack.Converge
{
    /// <summary>
    /// Where the stack engine tells the caller what it is doing. The cmdlets map these to Write-Verbose/Warning/Progress;
    /// tests and scripts can pass <see cref="NullStackReporter"/>. Never receives credentials.
    /// </summary>
    public interface IStackReporter
    {
        void Verbose(string message);
        void Warning(string message);
        /// <summary>A long wait (certificate validation, deletions). <paramref name="percent"/> -1 when unknown; completed ends the activity.</summary>
        void Progress(string activity, string status, int percent, bool completed);
    }

    public sealed class NullStackReporter : IStackReporter
    {
        public static readonly NullStackReporter Instance = new NullStackReporter();
        public void Verbose(string message) { }
        public void Warning(string message) { }
        public void Progress(string activity, string status, int percent, bool completed) { }
    }
}
