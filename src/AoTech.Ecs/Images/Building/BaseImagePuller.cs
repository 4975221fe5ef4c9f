using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Images.Engine;
using AoTech.Ecs.Images.Registry;

namespace AoTech.Ecs.Images.Building
{
    /// <summary>
    /// Pulls base images through the Engine API before a BuildKit build. Without a client session BuildKit pulls
    /// anonymously, so an image from a registry the user gave credentials for is pulled here first, with them, when the
    /// engine does not have it (BuildKit then uses the local copy); with -Pull every base image is pulled here, and the
    /// build itself does not pull. Each image is pulled once per run, however many builds need it.
    /// </summary>
    internal sealed class BaseImagePuller
    {
        private readonly DockerEngine _engine;
        private readonly RegistryAuthorizer _authorizer;
        private readonly IProgress<ImageProgress>? _progress;
        private readonly Dictionary<string, Task> _pulls = new Dictionary<string, Task>(StringComparer.Ordinal);

        public BaseImagePuller(DockerEngine engine, RegistryAuthorizer authorizer, IProgress<ImageProgress>? progress)
        {
            _engine = engine;
            _authorizer = authorizer;
            _progress = progress;
        }

        /// <summary>Pulls what the plan's build needs pulled; BaseImagePullFailed when the registry refuses.</summary>
        public Task PrepareAsync(BuildPlan plan, CancellationToken ct) =>
            Task.WhenAll(plan.Stages.ImagesFor(plan.Request.Target).Select(image => PrepareAsync(plan, image, ct)));

        private async Task PrepareAsync(BuildPlan plan, string image, CancellationToken ct)
        {
            var auth = await _authorizer.ForPullAsync(RegistryAuthorizer.RegistryOf(image), ct).ConfigureAwait(false);
            if (!plan.Request.Pull && (auth == null || await _engine.InspectImageIdAsync(image, ct).ConfigureAwait(false) != null))
            {
                return; // BuildKit uses the local copy, or pulls a public image itself
            }
            Task pull;
            lock (_pulls)
            {
                if (!_pulls.TryGetValue(image, out pull!))
                {
                    pull = PullAsync(plan.Name, image, auth, ct);
                    _pulls[image] = pull;
                }
            }
            await pull.ConfigureAwait(false);
        }

        private async Task PullAsync(string name, string image, RegistryAuth? auth, CancellationToken ct)
        {
            var (repository, tag) = Split(image);
            string? error = null;
            var headers = auth == null ? null : new Dictionary<string, string> { ["X-Registry-Auth"] = auth.ToHeader() };
            _progress?.Report(new ImageProgress(name, ImageStage.Build, "Pulling " + image, -1, "Pulling base image " + image + (auth == null ? "" : " as " + auth)));
            try
            {
                await _engine.StreamAsync("Pull " + image, HttpMethod.Post,
                    "images/create?fromImage=" + Uri.EscapeDataString(repository) + "&tag=" + Uri.EscapeDataString(tag), null, headers,
                    m => error = m.ErrorText ?? error, ct).ConfigureAwait(false);
            }
            catch (EngineApiException ex)
            {
                error = ex.Message;
            }
            if (error != null)
            {
                throw new AoEcsException(ImageErrorIds.BaseImagePullFailed, AoErrorKind.OperationFailed,
                    $"Pulling the base image {image} for {name} failed: {RegistryAuthorizer.Redact(error, auth?.Password)}", image);
            }
        }

        /// <summary>"name:tag" or "name@digest" into the engine's fromImage and tag ("latest" when none: no tag would pull every tag).</summary>
        internal static (string Repository, string Tag) Split(string image)
        {
            var at = image.IndexOf('@');
            if (at >= 0)
            {
                return (image.Substring(0, at), image.Substring(at + 1));
            }
            var colon = image.LastIndexOf(':');
            return colon > image.LastIndexOf('/') ? (image.Substring(0, colon), image.Substring(colon + 1)) : (image, "latest");
        }
    }
}
