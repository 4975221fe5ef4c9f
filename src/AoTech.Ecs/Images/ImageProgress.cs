namespace AoTech.Ecs.Images
{
    public enum ImageStage
    {
        /// <summary>Sending the build context.</summary>
        Context,
        Build,
        Push,
    }

    /// <summary>
    /// One progress update from a build or push, derived from the engine's message stream; the cmdlet turns it into
    /// Write-Progress (one activity per image) and -Verbose lines. Never carries credentials.
    /// </summary>
    public sealed class ImageProgress
    {
        public ImageProgress(string image, ImageStage stage, string status, int percentComplete, string? line = null)
        {
            Image = image;
            Stage = stage;
            Status = status;
            PercentComplete = percentComplete;
            Line = line;
        }

        /// <summary>Which image (repository:tag, or the compose service) this is about.</summary>
        public string Image { get; }
        public ImageStage Stage { get; }
        /// <summary>Short status for a progress bar ("#5 [build 2/4] RUN dotnet publish: DONE 3.1s", "Pushing: 2/5 layers done, ...").</summary>
        public string Status { get; }
        /// <summary>0-100, or -1 when unknown.</summary>
        public int PercentComplete { get; }
        /// <summary>A full output line worth logging (build output), or null.</summary>
        public string? Line { get; }
    }
}
