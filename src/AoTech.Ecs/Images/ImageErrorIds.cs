namespace AoTech.Ecs.Images
{
    /// <summary>Stable ErrorIds raised by Publish-AoImage. Scripts match on these strings: never rename.</summary>
    public static class ImageErrorIds
    {
        /// <summary>A repository or tag that is not a valid Docker reference.</summary>
        public const string InvalidImageTag = "InvalidImageTag";
        /// <summary>-Region names another region than the ECR registry of the repository.</summary>
        public const string EcrRegionMismatch = "EcrRegionMismatch";
        /// <summary>One call publishes to ECR registries of several regions.</summary>
        public const string EcrRegionsMixed = "EcrRegionsMixed";
        public const string BuildContextNotFound = "BuildContextNotFound";
        public const string DockerfileNotFound = "DockerfileNotFound";
        public const string InvalidDockerignore = "InvalidDockerignore";
        public const string ComposeFileNotFound = "ComposeFileNotFound";
        public const string InvalidComposeFile = "InvalidComposeFile";
        /// <summary>A compose build key the Engine API cannot honour (secrets, ssh, several platforms, ...), or an unknown one.</summary>
        public const string ComposeBuildKeyNotSupported = "ComposeBuildKeyNotSupported";
        /// <summary>A compose file names no service with a build: section among those asked for.</summary>
        public const string ServiceNotFound = "ServiceNotFound";
        /// <summary>Compose images that depend on each other in a cycle.</summary>
        public const string ImageDependencyCycle = "ImageDependencyCycle";
        public const string DockerHostUnreachable = "DockerHostUnreachable";
        /// <summary>-Builder BuildKit on an engine without BuildKit.</summary>
        public const string BuildKitUnavailable = "BuildKitUnavailable";
        /// <summary>The registry answered and refused the credentials.</summary>
        public const string RegistryAuthenticationFailed = "RegistryAuthenticationFailed";
        /// <summary>The registry did not answer: connection refused, no such host, timeout, TLS trouble.</summary>
        public const string RegistryUnreachable = "RegistryUnreachable";
        /// <summary>A base image could not be pulled with the registry credentials before a BuildKit build.</summary>
        public const string BaseImagePullFailed = "BaseImagePullFailed";
        public const string ImageBuildFailed = "ImageBuildFailed";
        public const string ImagePushFailed = "ImagePushFailed";
    }
}
