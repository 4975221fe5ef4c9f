namespace AoTech.Ecs.PowerShell.Infrastructure
{
    /// <summary>
    /// Stable ErrorIds the cmdlet layer raises itself (the core's are in Aws/AwsErrorIds, Stack/StackErrorIds,
    /// Rollout/RolloutErrorIds, Images/ImageErrorIds and Files/FileErrorIds). Scripts match on them: never rename.
    /// </summary>
    public static class CmdletErrorIds
    {
        /// <summary>The cmdlet would ask for confirmation, and the session cannot prompt.</summary>
        public const string ConfirmationRequired = "ConfirmationRequired";
        /// <summary>A path parameter names something outside the file system (Env:, HKLM:, a variable drive).</summary>
        public const string NotAFileSystemPath = "NotAFileSystemPath";
        /// <summary>A wait or a call outlived its own timeout (not the user's Ctrl+C).</summary>
        public const string OperationTimedOut = "OperationTimedOut";
        public const string InvalidArgument = "InvalidArgument";
        /// <summary>A failure nobody foresaw: a bug to report.</summary>
        public const string UnexpectedError = "UnexpectedError";
    }
}
