namespace AoTech.Ecs.PowerShell.Output
{
    /// <summary>
    /// An image Publish-AoImage built and pushed. Reference is what a task definition should run (repository@digest
    /// when the digest is known); it binds to Update-AoTaskDefinition -Image by property name.
    /// </summary>
    public sealed class AoImage
    {
        /// <summary>Registry and repository, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop.</summary>
        public string Repository { get; set; } = "";
        public string? Tag { get; set; }
        /// <summary>Local image id (sha256:...).</summary>
        public string? ImageId { get; set; }
        /// <summary>Manifest digest the registry reported for the push (sha256:...).</summary>
        public string? Digest { get; set; }
        /// <summary>Immutable reference: Repository@Digest, or Repository:Tag when no digest is known.</summary>
        public string Reference { get; set; } = "";

        public override string ToString() => Reference;
    }
}
