using System;
using System.Text.RegularExpressions;
using AoTech.Ecs.Errors;

namespace AoTech.Ecs.Images
{
    /// <summary>
    /// A repository plus tag, validated with the Docker reference grammar before anything is built, so a bad tag
    /// never leaves a partial set of tags pushed.
    /// </summary>
    public sealed class ImageReference
    {
        // distribution/reference grammar: lower-case path components separated by '/', optional registry host first.
        private static readonly Regex PathComponent = new Regex(@"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$", RegexOptions.CultureInvariant);
        private static readonly Regex Domain = new Regex(
            @"^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:.]+\])(?::[0-9]+)?$",
            RegexOptions.CultureInvariant);
        private static readonly Regex TagPattern = new Regex(@"^[\w][\w.-]{0,127}$", RegexOptions.CultureInvariant);
        private const int MaxNameLength = 255;

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
            if (string.IsNullOrEmpty(tag) || !TagPattern.IsMatch(tag))
            {
                throw Invalid(repository + ":" + tag,
                    $"'{tag}' is not a valid image tag: use up to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'.");
            }
            return new ImageReference(RegistryOf(repo), repo, tag);
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
            if (repository.Length > MaxNameLength)
            {
                throw Invalid(repository, $"The repository name is longer than {MaxNameLength} characters.");
            }
            var registry = RegistryOf(repository);
            if (registry != null && !Domain.IsMatch(registry))
            {
                throw Invalid(repository, $"'{registry}' is not a valid registry host.");
            }
            var path = registry == null ? repository : repository.Substring(registry.Length + 1);
            foreach (var component in path.Split('/'))
            {
                if (!PathComponent.IsMatch(component))
                {
                    throw Invalid(repository,
                        $"'{repository}' is not a valid repository name: each path component must be lower-case letters and digits, " +
                        "optionally separated by '.', '_', '__' or '-'.");
                }
            }
            return repository;
        }

        /// <summary>The registry host of a repository name, following Docker's rule: a first component with '.' or ':' or "localhost".</summary>
        public static string? RegistryOf(string repository)
        {
            var slash = repository.IndexOf('/');
            if (slash < 0)
            {
                return null;
            }
            var first = repository.Substring(0, slash);
            return first.IndexOf('.') >= 0 || first.IndexOf(':') >= 0 || first == "localhost" || first.ToLowerInvariant() != first
                ? first
                : null;
        }

        private static AoEcsException Invalid(string? target, string message) =>
            new AoEcsException(ImageErrorIds.InvalidImageTag, AoErrorKind.InvalidArgument, message, target);
    }
}
