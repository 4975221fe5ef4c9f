using System;
using System.Text.RegularExpressions;

namespace AoTech.Ecs.Images
{
    /// <summary>
    /// The Docker image reference grammar, [registry[:port]/]path[:tag][@digest], as the Docker engine applies it
    /// (distribution's reference package). The one place that knows the grammar: Publish-AoImage's build targets
    /// (<see cref="ImageReference"/>) and Update-AoTaskDefinition's images both parse through it.
    /// </summary>
    public sealed class DockerReference
    {
        public const string DockerHub = "docker.io";
        public const int MaxNameLength = 255;

        // path-component: lower-case alphanumerics joined by ".", "_", "__" or any run of "-".
        private const string PathComponent = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
        private static readonly Regex PathPattern = new Regex($"^{PathComponent}(?:/{PathComponent})*$", RegexOptions.CultureInvariant);
        // domain: DNS labels joined by dots, or a bracketed IPv6 address, with an optional port.
        private static readonly Regex DomainPattern = new Regex(
            @"^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?$",
            RegexOptions.CultureInvariant);
        private static readonly Regex TagPattern = new Regex(@"^[\w][\w.-]{0,127}$", RegexOptions.CultureInvariant);
        // The engine accepts only the digest algorithms go-digest registers, each with its exact lower-case hex length.
        private static readonly Regex DigestPattern = new Regex("^(?<algorithm>[a-z0-9]+(?:[.+_-][a-z0-9]+)*):(?<hex>[a-zA-Z0-9=_-]+)$", RegexOptions.CultureInvariant);
        private static readonly Regex LowerHex = new Regex("^[a-f0-9]+$", RegexOptions.CultureInvariant);

        private DockerReference(string original, string? registry, string path, string? tag, string? digest)
        {
            Original = original;
            Registry = registry;
            Path = path;
            Tag = tag;
            Digest = digest;
        }

        /// <summary>The text as given.</summary>
        public string Original { get; }
        /// <summary>Registry host (with port), or null for a Docker Hub short name.</summary>
        public string? Registry { get; }
        /// <summary>Repository path inside the registry, e.g. "aspnetapp" or "team/aspnetapp".</summary>
        public string Path { get; }
        public string? Tag { get; }
        /// <summary>Content digest, e.g. "sha256:…".</summary>
        public string? Digest { get; }

        /// <summary>Registry and path as written: what the image is, without which version.</summary>
        public string Name => Registry != null ? Registry + "/" + Path : Path;

        /// <summary>The repository's own name: the last path segment ("aspnetapp" for "team/aspnetapp").</summary>
        public string ShortName => Path.Substring(Path.LastIndexOf('/') + 1);

        /// <summary>The name with Docker Hub defaults filled in and the registry host lower-cased, for comparing repositories.</summary>
        public string RepositoryKey
        {
            get
            {
                var registry = Registry?.ToLowerInvariant();
                if (registry == null || registry == "index.docker.io" || registry == "registry-1.docker.io") registry = DockerHub;
                var path = registry == DockerHub && Path.IndexOf('/') < 0 ? "library/" + Path : Path;
                return registry + "/" + path;
            }
        }

        public bool SameRepository(DockerReference other) => string.Equals(RepositoryKey, other.RepositoryKey, StringComparison.Ordinal);

        public override string ToString() => Original;

        /// <summary>
        /// The registry host of a name, by Docker's rule: the first component when it has a '.' or a ':' or is
        /// exactly "localhost"; otherwise the name is on Docker Hub. ("UPPER/case" is a Docker Hub name, and an
        /// invalid one: repository names are lower case.)
        /// </summary>
        public static string? RegistryOf(string name)
        {
            var slash = name.IndexOf('/');
            if (slash < 0) return null;
            var first = name.Substring(0, slash);
            return first.IndexOf('.') >= 0 || first.IndexOf(':') >= 0 || first == "localhost" ? first : null;
        }

        /// <summary>Parses a reference; false with the problem in words when it breaks the grammar.</summary>
        public static bool TryParse(string? text, out DockerReference? reference, out string problem)
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
                if (!TryCheckDigest(digest, out problem)) return false;
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

            var registry = RegistryOf(s);
            var path = registry == null ? s : s.Substring(registry.Length + 1);
            if (registry != null && !DomainPattern.IsMatch(registry)) { problem = $"the registry '{registry}' is not a host name with an optional port"; return false; }
            if (path.Length == 0) { problem = "the repository name is missing"; return false; }
            if (!PathPattern.IsMatch(path))
            {
                problem = path.ToLowerInvariant() != path
                    ? $"the repository '{path}' must be lower case"
                    : $"the repository '{path}' is not valid (lower-case letters, digits and '.', '_', '-' separators, components joined by '/')";
                return false;
            }
            if (s.Length > MaxNameLength) { problem = $"the name is longer than {MaxNameLength} characters"; return false; }

            reference = new DockerReference(text!, registry, path, tag, digest);
            problem = "";
            return true;
        }

        private static bool TryCheckDigest(string digest, out string problem)
        {
            var match = DigestPattern.Match(digest);
            if (!match.Success) { problem = $"the digest '{digest}' is not algorithm:hex"; return false; }
            var algorithm = match.Groups["algorithm"].Value;
            var hex = match.Groups["hex"].Value;
            int length;
            switch (algorithm)
            {
                case "sha256": length = 64; break;
                case "sha384": length = 96; break;
                case "sha512": length = 128; break;
                default:
                    problem = $"the digest algorithm '{algorithm}' is not one Docker accepts (sha256, sha384, sha512)";
                    return false;
            }
            if (hex.Length != length || !LowerHex.IsMatch(hex))
            {
                problem = $"a {algorithm} digest has exactly {length} lower-case hex digits";
                return false;
            }
            problem = "";
            return true;
        }
    }
}
