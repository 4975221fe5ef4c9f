using System.Collections.Generic;

namespace AoTech.Ecs.Images
{
    /// <summary>Options that apply to a whole publish run.</summary>
    public sealed class ImagePublishOptions
    {
        /// <summary>Push after building (Publish-AoImage's default; -NoPush turns it off).</summary>
        public bool Push { get; set; } = true;
        /// <summary>
        /// Credentials for registries, matched by host. A credential with an empty host serves the registries the
        /// requests' repositories name, for pushing and for pulling base images from them.
        /// </summary>
        public IList<RegistryCredential> Credentials { get; } = new List<RegistryCredential>();
        /// <summary>Registries that need API calls for credentials and repositories (ECR).</summary>
        public IList<IRegistryAuthProvider> AuthProviders { get; } = new List<IRegistryAuthProvider>();
        /// <summary>How many images build at once when several are independent, and how many tags push at once.</summary>
        public int MaxParallelBuilds { get; set; } = 4;
        /// <summary>Which builder builds: BuildKit wherever the engine offers it (Auto), or one asked for.</summary>
        public ImageBuilderKind Builder { get; set; } = ImageBuilderKind.Auto;
    }
}
