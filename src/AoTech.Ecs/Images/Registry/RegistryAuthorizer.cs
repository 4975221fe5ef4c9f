using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Images.Engine;

namespace AoTech.Ecs.Images.Registry
{
    /// <summary>
    /// Which credentials go to which registry, for pushing (checked with the engine first, as `docker login` does, and
    /// ECR repositories created) and for pulling base images. Nothing is sent to a registry the user gave no
    /// credentials for: a credential without a host serves only the registries the repositories to publish name.
    /// </summary>
    internal sealed class RegistryAuthorizer
    {
        private readonly DockerEngine _engine;
        private readonly ImagePublishOptions _options;
        private readonly HashSet<string> _publishRegistries;
        private readonly Dictionary<string, Task<RegistryCredential?>> _pullCredentials = new Dictionary<string, Task<RegistryCredential?>>(StringComparer.OrdinalIgnoreCase);

        public RegistryAuthorizer(DockerEngine engine, ImagePublishOptions options, IEnumerable<string> publishRegistries)
        {
            _engine = engine;
            _options = options;
            _publishRegistries = new HashSet<string>(publishRegistries.Select(Normalize), StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>The registry host of an image name, Docker Hub when it names none.</summary>
        public static string RegistryOf(string image) => Normalize(DockerReference.RegistryOf(image));

        private static string Normalize(string? registry) =>
            registry == null || registry == "index.docker.io" || registry == "registry-1.docker.io" ? DockerReference.DockerHub : registry;

        /// <summary>Credentials for every registry the pushes go to, one registry after another (there is rarely more than one).</summary>
        public async Task<Dictionary<string, RegistryAuth>> AuthorizePushesAsync(IEnumerable<ImageReference> references, CancellationToken ct)
        {
            var auth = new Dictionary<string, RegistryAuth>(StringComparer.OrdinalIgnoreCase);
            foreach (var group in references.GroupBy(r => Normalize(r.Registry), StringComparer.OrdinalIgnoreCase))
            {
                auth[group.Key] = await AuthorizePushAsync(group.Key, group.ToList(), ct).ConfigureAwait(false);
            }
            return auth;
        }

        private async Task<RegistryAuth> AuthorizePushAsync(string registry, IReadOnlyList<ImageReference> references, CancellationToken ct)
        {
            RegistryCredential? credential = null;
            var provider = _options.AuthProviders.FirstOrDefault(p => p.Handles(registry));
            if (provider != null)
            {
                foreach (var reference in references.GroupBy(r => r.Repository).Select(g => g.First()))
                {
                    await provider.EnsureRepositoryAsync(reference, ct).ConfigureAwait(false);
                }
                credential = await provider.GetCredentialAsync(registry, ct).ConfigureAwait(false);
            }
            credential = credential ?? StoredCredential(registry);
            if (credential == null)
            {
                // No credentials: anonymous push (e.g. a local registry); the engine reports if that is refused.
                return new RegistryAuth(registry);
            }
            var auth = RegistryAuth.From(credential, registry);
            try
            {
                await _engine.AuthenticateAsync(auth, ct).ConfigureAwait(false);
            }
            catch (EngineApiException ex)
            {
                var message = Redact(ex.Message, credential.Password);
                // The engine reports a registry it cannot reach through the same login call: that is no refusal.
                if (LooksUnreachable(message))
                    throw new AoEcsException(ImageErrorIds.RegistryUnreachable, AoErrorKind.Connection,
                        $"The registry {registry} does not answer: {message}", registry, null)
                    {
                        RecommendedAction = "Check the registry host and port in the repository name, and that the Docker engine can reach it.",
                    };
                throw new AoEcsException(ImageErrorIds.RegistryAuthenticationFailed, AoErrorKind.Authentication,
                    $"The registry {registry} refused the credentials for user '{credential.UserName}': {message}",
                    registry, null);
            }
            return auth;
        }

        /// <summary>
        /// Credentials to pull from a registry, or null when the user gave none for it (then pulls are anonymous).
        /// Asked once per registry and run.
        /// </summary>
        public async Task<RegistryAuth?> ForPullAsync(string registry, CancellationToken ct)
        {
            registry = Normalize(registry);
            Task<RegistryCredential?> lookup;
            lock (_pullCredentials)
            {
                if (!_pullCredentials.TryGetValue(registry, out lookup!))
                {
                    lookup = LookUpPullCredentialAsync(registry, ct);
                    _pullCredentials[registry] = lookup;
                }
            }
            var credential = await lookup.ConfigureAwait(false);
            return credential == null ? null : RegistryAuth.From(credential, registry);
        }

        private async Task<RegistryCredential?> LookUpPullCredentialAsync(string registry, CancellationToken ct)
        {
            var provider = _options.AuthProviders.FirstOrDefault(p => p.Handles(registry));
            return provider != null ? await provider.GetCredentialAsync(registry, ct).ConfigureAwait(false) : StoredCredential(registry);
        }

        private RegistryCredential? StoredCredential(string registry) =>
            _options.Credentials.FirstOrDefault(c => c.ServerAddress.Length > 0 && string.Equals(Normalize(c.ServerAddress), registry, StringComparison.OrdinalIgnoreCase))
            ?? (_publishRegistries.Contains(registry) ? _options.Credentials.FirstOrDefault(c => string.IsNullOrEmpty(c.ServerAddress)) : null);

        /// <summary>
        /// The engine's words (Go's net and crypto/tls errors) for a registry it could not reach: refused, no such host,
        /// no route, a timeout, or TLS trouble. The engine sends only text, so its text is what there is to go by.
        /// </summary>
        internal static bool LooksUnreachable(string message) =>
            new[]
            {
                "connection refused", "no such host", "i/o timeout", "network is unreachable", "no route to host",
                "TLS handshake timeout", "server gave HTTP response to HTTPS client", "x509:", "connection reset by peer",
            }.Any(m => message.IndexOf(m, StringComparison.OrdinalIgnoreCase) >= 0);

        /// <summary>Engine messages can echo what they were sent; no secret goes further.</summary>
        public static string Redact(string? text, string? secret)
        {
            text = (text ?? "").Trim();
            return string.IsNullOrEmpty(secret) ? text : text.Replace(secret, "********");
        }
    }
}
