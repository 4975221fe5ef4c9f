namespace AoTech.Ecs.Images
{
    /// <summary>Stable ErrorIds raised by Publish-AoImage. Scripts match on these strings: never rename.</summary>
    public static class ImageErrorIds
    {
        public const string InvalidImageTag = "InvalidImageTag";
        public const string BuildContextNotFound = "BuildContextNotFound";
        public const string DockerfileNotFound = "DockerfileNotFound";
        public const string InvalidDockerignore = "InvalidDockerignore";
        public const string ComposeFileNotFound = "ComposeFileNotFound";
        public const string InvalidComposeFile = "InvalidComposeFile";
        /// <summary>A compose build key the Engine API cannot honour (secrets, ssh, several platforms, ...), or an unknown one.</summary>
        public const string ComposeBuildKeyNotSupported = "ComposeBuildKeyNotSupported";
        public const string ServiceNotFound = "ServiceNotFound";
        public const string DockerHostUnreachable = "DockerHostUnreachable";
        /// <summary>-Builder BuildKit on an engine without BuildKit.</summary>
        public const string BuildKitUnavailable = "BuildKitUnavailable";
        public const string RegistryAuthenticationFailed = "RegistryAuthenticationFailed";
        /// <summary>A base image could not be pulled with the registry credentials before a BuildKit build.</summary>
        public const string BaseImagePullFailed = "BaseImagePullFailed";
        public const string ImageBuildFailed = "ImageBuildFailed";
        public const string ImagePushFailed = "ImagePushFailed";
    }
}
