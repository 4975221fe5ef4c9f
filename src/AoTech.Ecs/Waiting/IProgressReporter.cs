namespace AoTech.Ecs.Waiting
{
    /// <summary>
    /// Where a wait tells the caller how it goes. The stack's reporter (IStackReporter) is one; the cmdlets map it to
    /// Write-Verbose and Write-Progress. Never receives credentials.
    /// </summary>
    public interface IProgressReporter
    {
        void Verbose(string message);
        /// <summary>A long wait. <paramref name="percent"/> -1 when unknown; completed ends the activity.</summary>
        void Progress(string activity, string status, int percent, bool completed);
    }
}
