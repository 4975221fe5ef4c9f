using AoTech.Ecs.Images.Engine;

namespace AoTech.Ecs.Images.Building
{
    /// <summary>Follows one build's message stream: turns it into progress and keeps what the build reported at the end.</summary>
    internal interface IBuildMonitor
    {
        void Handle(EngineMessage message);

        /// <summary>The build's failure as the engine states it, or null.</summary>
        string? Error { get; }

        /// <summary>The built image's ID when the engine named it (sha256:..., or a short ID from old engines), or null.</summary>
        string? ImageId { get; }

        /// <summary>What the user needs besides the error to see why the build failed (the failed step's output), or "".</summary>
        string FailureDetail();
    }
}
