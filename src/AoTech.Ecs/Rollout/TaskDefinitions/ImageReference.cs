using System;
using System.Text.RegularExpressions;
using AoTech.Ecs.Errors;

namespace AoTech.Ecs.Rollout
{
    /// <summary>
    /// A container image reference, [registry[:port]/]repository[:tag][@digest], parsed by the grammar Docker and
    /// container registries use (distribution's reference package). Two references name the same repository when
    /// their <see cref="RepositoryKey"/> match: Docker Hub short names are expanded first ("nginx" is
    /// "docker.io/library/nginx").
    /// </summary>
    public sealed class ImageReference
    {
        public const string DockerHub = "docker.io";
        private const int MaxNameLength = 255;

        // path-component: lower-case alphanumerics joined by ".", "_", "__" or any run of "-".
        private const string PathComponent = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
        private static readonly Regex PathPattern = new Regex($"^{PathComponent}(?:/{PathComponent})*$", RegexOptions.CultureInvariant);
        // domain: DNS labels joined by dots, or a bracketed IPv6 address, with an optional port.
        private static readonly Regex DomainPattern = new Regex(
            @"^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?$",
            RegexOptions.CultureInvariant);
        private static readonly Regex TagPattern = new Regex(@"^[\w][\w.-]{0,127}$", RegexOptions.CultureInvariant);
        private static readonly Regex DigestPattern = new Regex(@"^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$", RegexOptions.CultureInvariant);
        private static readonly Regex Sha256Pattern = new Regex("^sha256:[a-f0-9]{64}$", RegexOptions.CultureInvariant);

        private ImageReference(string original, string? registry, string repository, string? tag, string? digest)
        {
            Original = original;
            Registry = registry;
            Repository = repository;
            Tag = tag;
            Digest = digest;
        }

        /// <summary>The text as given.</summary>
        public string Original { get; }
        /// <summary>Registry host (with port), or null for a Docker Hub short name.</summary>
        public string? Registry { get; }
        /// <summary>Repository path inside the registry, e.g. "aspnetapp" or "team/aspnetapp".</summary>
        public string Repository { get; }
        public string? Tag { get; }
        /// <summary>Content digest, e.g. "sha256:…".</summary>
        public string? Digest { get; }

        /// <summary>Registry and repository as written: what the image is, without which version.</summary>
        public string Name => Registry != null ? Registry + "/" + Repository : Repository;

        /// <summary>The name with Docker Hub defaults filled in and the registry host lower-cased, for comparing repositories.</summary>
        public string RepositoryKey
        {
            get
            {
                var registry = Registry?.ToLowerInvariant();
                if (registry == null || registry == "index.docker.io" || registry == "registry-1.docker.io") registry = DockerHub;
                var repository = registry == DockerHub && Repository.IndexOf('/') < 0 ? "library/" + Repository : Repository;
                return registry + "/" + repository;
            }
        }

        public bool SameRepository(ImageReference other) => string.Equals(RepositoryKey, other.RepositoryKey, StringComparison.Ordinal);

        public override string ToString() => Original;

        /// <summary>Parses <paramref name="text"/> or throws AoEcsException "InvalidImageReference" saying what is wrong.</summary>
        public static ImageReference Parse(string? text)
        {
            if (TryParse(text, out var reference, out var problem)) return reference!;
            throw new AoEcsException(RolloutErrorIds.InvalidImageReference, AoErrorKind.InvalidArgument,
                $"'{text}' is not a valid image reference: {problem}. Expected [registry[:port]/]repository[:tag][@digest], e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.2.0.",
                text);
        }

        public static bool TryParse(string? text, out ImageReference? reference) => TryParse(text, out reference, out _);

        public static bool TryParse(string? text, out ImageReference? reference, out string problem)
        {
            reference = null;
            if (string.IsNullOrWhiteSpace(text)) { problem = "it is empty"; return false; }
            var s = text!;
            if (s.Trim() != s || s.IndexOfAny(new[] { ' ', '\t', '\r', '\n' }) >= 0) { problem = "it contains white space"; return false; }

            string? digest = null;
            var at = s.IndexOf('@');
            if (at >= 0)
            {
                digest = s.Substring(at + 1);
                s = s.Substring(0, at);
                if (!DigestPattern.IsMatch(digest)) { problem = $"the digest '{digest}' is not algorithm:hex"; return false; }
                if (digest.StartsWith("sha256:", StringComparison.Ordinal) && !Sha256Pattern.IsMatch(digest))
                { problem = "a sha256 digest has exactly 64 lower-case hex digits"; return false; }
            }

            // The tag follows the last colon after the last slash; an earlier colon belongs to the registry's port.
            string? tag = null;
            var lastSlash = s.LastIndexOf('/');
            var colon = s.IndexOf(':', lastSlash + 1);
            if (colon >= 0)
            {
                tag = s.Substring(colon + 1);
                s = s.Substring(0, colon);
                if (!TagPattern.IsMatch(tag)) { problem = $"the tag '{tag}' is not valid (letters, digits, '_', '.', '-'; up to 128; not starting with '.' or '-')"; return false; }
            }

            string? registry = null;
            var path = s;
            var firstSlash = s.IndexOf('/');
            if (firstSlash >= 0)
            {
                var first = s.Substring(0, firstSlash);
                // Docker's rule: the first component is a registry host if it has a dot or a port, is "localhost",
                // or has upper-case letters (which a repository path may not).
                if (first.IndexOf('.') >= 0 || first.IndexOf(':') >= 0 || first == "localhost" || first.ToLowerInvariant() != first)
                {
                    registry = first;
                    path = s.Substring(firstSlash + 1);
                    if (!DomainPattern.IsMatch(registry)) { problem = $"the registry '{registry}' is not a host name with an optional port"; return false; }
                }
            }
            if (path.Length == 0) { problem = "the repository name is missing"; return false; }
            if (!PathPattern.IsMatch(path))
            {
                problem = path.ToLowerInvariant() != path
                    ? $"the repository '{path}' must be lower case"
                    : $"the repository '{path}' is not valid (lower-case letters, digits and '.', '_', '-' separators, components joined by '/')";
                return false;
            }
            if (s.Length > MaxNameLength) { problem = $"the name is longer than {MaxNameLength} characters"; return false; }

            reference = new ImageReference(text!, registry, path, tag, digest);
            problem = "";
            return true;
        }
    }
}
