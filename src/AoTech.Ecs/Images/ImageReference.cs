using AoTech.Ecs.Errors;

namespace AoTech.Ecs.Images
{
    /// <summary>
    /// A repository plus tag to build and push, validated with the Docker reference grammar (<see cref="DockerReference"/>)
    /// before anything is built, so a bad tag never leaves a partial set of tags pushed.
    /// </summary>
    public sealed class ImageReference
    {
        private ImageReference(string? registry, string repository, string tag)
        {
            Registry = registry;
            Repository = repository;
            Tag = tag;
        }

        /// <summary>Registry host[:port], or null for Docker Hub.</summary>
        public string? Registry { get; }
        /// <summary>Full repository name as pushed, including the registry host when there is one.</summary>
        public string Repository { get; }
        /// <summary>Repository path without the registry host (what ECR calls the repository name).</summary>
        public string Path => Registry == null ? Repository : Repository.Substring(Registry.Length + 1);
        public string Tag { get; }
        public override string ToString() => Repository + ":" + Tag;

        /// <summary>Validates a repository and a tag; throws InvalidImageTag naming what is wrong.</summary>
        public static ImageReference Create(string repository, string tag)
        {
            var repo = ValidateRepository(repository);
            if (string.IsNullOrEmpty(tag) || !DockerReference.TryParse(repo + ":" + tag, out var parsed, out _) || parsed!.Tag != tag)
            {
                throw Invalid(repository + ":" + tag,
                    $"'{tag}' is not a valid image tag: use up to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'.");
            }
            return new ImageReference(parsed.Registry, repo, tag);
        }

        /// <summary>Parses "repository[:tag]" (as in a compose file's image:), defaulting the tag to "latest".</summary>
        public static ImageReference Parse(string reference)
        {
            if (string.IsNullOrWhiteSpace(reference))
            {
                throw Invalid(reference, "An image reference is empty.");
            }
            if (reference.IndexOf('@') >= 0)
            {
                throw Invalid(reference, $"'{reference}' names a digest; an image to build needs a tag.");
            }
            var lastSlash = reference.LastIndexOf('/');
            var colon = reference.LastIndexOf(':');
            return colon > lastSlash
                ? Create(reference.Substring(0, colon), reference.Substring(colon + 1))
                : Create(reference, "latest");
        }

        /// <summary>Checks a repository name (with optional registry host) and returns it unchanged.</summary>
        public static string ValidateRepository(string repository)
        {
            if (string.IsNullOrWhiteSpace(repository))
            {
                throw Invalid(repository, "The repository name is empty.");
            }
            // A tag or digest here would be taken for part of the name; the grammar must see the name alone.
            var lastSlash = repository.LastIndexOf('/');
            var hasVersion = repository.IndexOf('@') >= 0 || repository.IndexOf(':', lastSlash + 1) >= 0;
            string problem;
            if (hasVersion) problem = "give the tag separately, not in the repository name";
            else if (DockerReference.TryParse(repository, out _, out problem)) return repository;
            throw Invalid(repository, $"'{repository}' is not a valid repository name: {problem}.");
        }

        /// <summary>The registry host of a repository name, by Docker's rule (see <see cref="DockerReference.RegistryOf"/>).</summary>
        public static string? RegistryOf(string repository) => DockerReference.RegistryOf(repository);

        private static AoEcsException Invalid(string? target, string message) =>
            new AoEcsException(ImageErrorIds.InvalidImageTag, AoErrorKind.InvalidArgument, message, target);
    }
}
