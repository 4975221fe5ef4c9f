using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Images.Building;
using AoTech.Ecs.Images.Engine;
using AoTech.Ecs.Images.Registry;

namespace AoTech.Ecs.Images.Pushing
{
    /// <summary>
    /// Pushes every tag. Each image's first tag goes alone, then its other tags together: they find every blob in the
    /// registry and cost little more than their manifest, and the registry never sees two pushes of the same new blob
    /// at once (Docker's registry can answer one of them 500, "invalid checksum digest format"). Different images push
    /// at the same time. A failed push does not stop the others, so the error can say exactly which tags are in the
    /// registry. Results come in plan and tag order.
    /// </summary>
    internal sealed class ImagePusher
    {
        private readonly DockerEngine _engine;
        private readonly IProgress<ImageProgress>? _progress;

        public ImagePusher(DockerEngine engine, IProgress<ImageProgress>? progress)
        {
            _engine = engine;
            _progress = progress;
        }

        public async Task<IReadOnlyList<AoImage>> PushAllAsync(IReadOnlyList<BuildPlan> plans, IDictionary<BuildPlan, string> imageIds,
            IDictionary<string, RegistryAuth> auth, bool push, int maxParallel, CancellationToken ct)
        {
            var pushes = new List<(ImageReference Reference, AoImage? Local, Task<PushOutcome>? Push)>();
            using (var throttle = new SemaphoreSlim(Math.Max(1, maxParallel)))
            {
                foreach (var plan in plans)
                {
                    var imageId = imageIds[plan];
                    Task<PushOutcome>? first = null;
                    foreach (var reference in plan.References)
                    {
                        if (!push || !plan.Request.Push)
                        {
                            pushes.Add((reference, new AoImage(reference.Repository, reference.Tag, imageId, null, plan.Request.Service), null));
                            continue;
                        }
                        var registryAuth = auth[RegistryAuthorizer.RegistryOf(reference.Repository)];
                        var task = first == null
                            ? PushOneAsync(plan, reference, imageId, registryAuth, throttle, ct)
                            : PushAfterAsync(first, plan, reference, imageId, registryAuth, throttle, ct);
                        first ??= task;
                        pushes.Add((reference, null, task));
                    }
                }
                await Task.WhenAll(pushes.Where(p => p.Push != null).Select(p => p.Push!)).ConfigureAwait(false);
            }

            var outcomes = pushes.Select(p => p.Push == null ? PushOutcome.Done(p.Local!) : p.Push.Result).ToList();
            var firstFailure = outcomes.FirstOrDefault(o => o.Image == null);
            if (firstFailure != null)
            {
                var pushed = outcomes.Where(o => o.Image != null && o.Image.Pushed).Select(o => o.Image!.Repository + ":" + o.Image.Tag).ToList();
                var notPushed = pushes.Where((p, i) => outcomes[i].Image == null).Select(p => p.Reference.ToString()).ToList();
                var done = pushed.Count == 0
                    ? " Nothing was pushed."
                    : " Already pushed: " + string.Join(", ", pushed) + "; not pushed: " + string.Join(", ", notPushed) + ".";
                var reference = firstFailure.Reference!;
                throw firstFailure.Authentication
                    ? new AoEcsException(ImageErrorIds.RegistryAuthenticationFailed, AoErrorKind.Authentication,
                        $"The registry refused to let the credentials push {reference}: {firstFailure.Reason}.{done}", reference.ToString())
                    : RegistryAuthorizer.LooksUnreachable(firstFailure.Reason)
                    ? new AoEcsException(ImageErrorIds.RegistryUnreachable, AoErrorKind.Connection,
                        $"The registry of {reference} does not answer: {firstFailure.Reason}.{done}", reference.ToString())
                    : new AoEcsException(ImageErrorIds.ImagePushFailed, AoErrorKind.OperationFailed, $"Pushing {reference} failed: {firstFailure.Reason}.{done}", reference.ToString());
            }
            return outcomes.Select(o => o.Image!).ToList();
        }

        private async Task<PushOutcome> PushAfterAsync(Task<PushOutcome> first, BuildPlan plan, ImageReference reference, string imageId,
            RegistryAuth auth, SemaphoreSlim throttle, CancellationToken ct)
        {
            await first.ConfigureAwait(false); // its outcome is reported on its own; this tag is tried either way
            return await PushOneAsync(plan, reference, imageId, auth, throttle, ct).ConfigureAwait(false);
        }

        private async Task<PushOutcome> PushOneAsync(BuildPlan plan, ImageReference reference, string imageId, RegistryAuth auth,
            SemaphoreSlim throttle, CancellationToken ct)
        {
            await throttle.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                var monitor = new PushMonitor(reference.ToString(), _progress);
                try
                {
                    await _engine.StreamAsync("Push " + reference, HttpMethod.Post,
                        "images/" + reference.Repository + "/push?tag=" + Uri.EscapeDataString(reference.Tag), null,
                        new Dictionary<string, string> { ["X-Registry-Auth"] = auth.ToHeader() }, monitor.Handle, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException) || !ct.IsCancellationRequested)
                {
                    return PushOutcome.Failed(reference, RegistryAuthorizer.Redact(ex.Message, auth.Password),
                        ex is EngineApiException api && api.StatusCode == HttpStatusCode.Unauthorized);
                }
                if (monitor.Error != null)
                {
                    return PushOutcome.Failed(reference, RegistryAuthorizer.Redact(monitor.Error, auth.Password), LooksLikeAuthFailure(monitor.Error));
                }
                if (monitor.Digest == null)
                {
                    return PushOutcome.Failed(reference, "the engine did not report the pushed manifest's digest", false);
                }
                _progress?.Report(new ImageProgress(reference.ToString(), ImageStage.Push, "Pushed " + monitor.Digest, 100));
                return PushOutcome.Done(new AoImage(reference.Repository, reference.Tag, imageId, monitor.Digest, plan.Request.Service));
            }
            finally
            {
                throttle.Release();
            }
        }

        private static bool LooksLikeAuthFailure(string message) =>
            message.IndexOf("unauthorized", StringComparison.OrdinalIgnoreCase) >= 0 ||
            message.IndexOf("authentication required", StringComparison.OrdinalIgnoreCase) >= 0 ||
            message.IndexOf("no basic auth credentials", StringComparison.OrdinalIgnoreCase) >= 0 ||
            message.IndexOf("denied", StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>One tag's push: the image, or why it was not pushed.</summary>
        private sealed class PushOutcome
        {
            private PushOutcome(AoImage? image, ImageReference? reference, string reason, bool authentication)
            {
                Image = image;
                Reference = reference;
                Reason = reason;
                Authentication = authentication;
            }

            public AoImage? Image { get; }
            public ImageReference? Reference { get; }
            public string Reason { get; }
            public bool Authentication { get; }

            public static PushOutcome Done(AoImage image) => new PushOutcome(image, null, "", false);
            public static PushOutcome Failed(ImageReference reference, string reason, bool authentication) => new PushOutcome(null, reference, reason, authentication);
        }
    }
}
