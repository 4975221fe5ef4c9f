namespace AoTech.Ecs.Images
{
    /// <summary>Which of the engine's builders builds the images (Publish-AoImage -Builder).</summary>
    public enum ImageBuilderKind
    {
        /// <summary>BuildKit wherever the engine offers it, else the legacy builder (the docker CLI's choice).</summary>
        Auto,
        /// <summary>BuildKit (Engine API builder version 2); an engine without it is an error.</summary>
        BuildKit,
        /// <summary>The legacy builder (builder version 1), deprecated by Docker.</summary>
        Legacy,
    }
}
