using AoTech.Ecs.Aws;

namespace AoTech.Ecs.Images
{
    /// <summary>
    /// One built (and normally pushed) image tag. Reference is repository@sha256:... when pushed, which pins the exact
    /// content in a task definition; before a push it is repository:tag.
    /// </summary>
    public sealed class AoImage : IConnectionDetails
    {
        public AoImage(string repository, string tag, string imageId, string? digest, string? service = null)
        {
            Repository = repository;
            Tag = tag;
            ImageId = imageId;
            Digest = digest;
            Service = service;
        }

        public string Repository { get; }
        public string Tag { get; }
        /// <summary>The local image ID (sha256 of the image configuration).</summary>
        public string ImageId { get; }
        /// <summary>The registry's manifest digest from the push, or null when not pushed.</summary>
        public string? Digest { get; }
        /// <summary>The compose service the image was built for, when built from a compose file.</summary>
        public string? Service { get; }
        public bool Pushed => Digest != null;
        /// <summary>The -Region given to Publish-AoImage, or null (an ECR registry's own region is in its host name).</summary>
        public string? Region { get; set; }
        /// <summary>The -EndpointUrl given, or null.</summary>
        public string? EndpointUrl { get; set; }
        /// <summary>The -ProfileName given, or null.</summary>
        public string? ProfileName { get; set; }
        public string Reference => Digest != null ? Repository + "@" + Digest : Repository + ":" + Tag;
        public override string ToString() => Reference;
    }
}
