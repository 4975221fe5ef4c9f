using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Images.BuildContext;
using AoTech.Ecs.Images.Building.BuildKit;
using AoTech.Ecs.Images.Engine;
using AoTech.Ecs.Images.Registry;

namespace AoTech.Ecs.Images.Building
{
    /// <summary>
    /// Builds one image through POST /build: streams the context, asks for BuildKit (builder version 2) or the legacy
    /// builder, follows the messages, and returns the image ID. A failure is ImageBuildFailed with the failed step's output.
    /// </summary>
    internal sealed class ImageBuilder
    {
        private static readonly Regex FullImageId = new Regex("^sha256:[0-9a-f]{64}$", RegexOptions.CultureInvariant);

        private readonly DockerEngine _engine;
        private readonly ImageBuilderKind _kind;
        private readonly RegistryAuthorizer _authorizer;
        private readonly BaseImagePuller _puller;
        private readonly IProgress<ImageProgress>? _progress;

        /// <param name="kind">BuildKit or Legacy, as chosen for the engine.</param>
        public ImageBuilder(DockerEngine engine, ImageBuilderKind kind, RegistryAuthorizer authorizer, IProgress<ImageProgress>? progress)
        {
            _engine = engine;
            _kind = kind;
            _authorizer = authorizer;
            _puller = new BaseImagePuller(engine, authorizer, progress);
            _progress = progress;
        }

        public ImageBuilderKind Kind => _kind;

        public async Task<string> BuildAsync(BuildPlan plan, CancellationToken ct)
        {
            var name = plan.Name;
            var buildKit = _kind == ImageBuilderKind.BuildKit;
            if (buildKit)
            {
                await _puller.PrepareAsync(plan, ct).ConfigureAwait(false);
            }
            var buildId = Guid.NewGuid().ToString("N");
            var headers = await RegistryConfigAsync(plan, ct).ConfigureAwait(false);
            IBuildMonitor monitor = buildKit ? new BuildKitMonitor(name, _progress) : (IBuildMonitor)new LegacyBuildMonitor(name, _progress);
            var contextProgress = _progress == null ? null : new ContextReporter(name, _progress);

            using (var body = PipedRequestBody.Start((stream, token) => plan.Context.WriteAsync(stream, contextProgress, token), "application/x-tar", ct))
            {
                try
                {
                    using (buildKit ? ct.Register(() => CancelBuild(buildId)) : default(CancellationTokenRegistration))
                    {
                        await _engine.StreamAsync("Build " + name, HttpMethod.Post, "build?" + Query(plan, buildId), body.Content, headers,
                            monitor.Handle, ct).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (!(ex is OperationCanceledException) || !ct.IsCancellationRequested)
                {
                    // A failure writing the context (an unreadable file) is the real cause; report it rather than the HTTP error.
                    if (body.Producer.IsFaulted && body.Producer.Exception!.InnerException is Exception cause && !(cause is OperationCanceledException))
                    {
                        throw new AoEcsException(ImageErrorIds.ImageBuildFailed, AoErrorKind.OperationFailed,
                            $"Sending the build context of {name} failed: {cause.Message}", name, cause);
                    }
                    throw new AoEcsException(ImageErrorIds.ImageBuildFailed, AoErrorKind.OperationFailed,
                        $"Building {name} failed: {ex.Message}{monitor.FailureDetail()}", name, ex);
                }
                try
                {
                    await body.Producer.ConfigureAwait(false);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException))
                {
                    throw new AoEcsException(ImageErrorIds.ImageBuildFailed, AoErrorKind.OperationFailed,
                        $"Sending the build context of {name} failed: {ex.Message}", name, ex);
                }
            }

            if (monitor.Error != null)
            {
                throw new AoEcsException(ImageErrorIds.ImageBuildFailed, AoErrorKind.OperationFailed,
                    $"Building {name} failed: {monitor.Error}{monitor.FailureDetail()}", name);
            }
            // The engine names the image in an aux message (API 1.30+: the full ID) or, from old engines, the "Successfully
            // built" line (a short ID); the tag is the last resort, and inspecting gives the full ID for those two.
            var id = monitor.ImageId;
            if (id == null || !FullImageId.IsMatch(id))
            {
                id = await _engine.InspectImageIdAsync(id ?? plan.References[0].ToString(), ct).ConfigureAwait(false)
                    ?? throw new AoEcsException(ImageErrorIds.ImageBuildFailed, AoErrorKind.OperationFailed, $"Building {name} ended without an image.", name);
            }
            _progress?.Report(new ImageProgress(name, ImageStage.Build, "Built " + ShortId(id), 100));
            return id;
        }

        /// <summary>The engine's query for this build: the request's options in the Engine API's names.</summary>
        internal string Query(BuildPlan plan, string buildId)
        {
            var request = plan.Request;
            var query = new List<KeyValuePair<string, string>>();
            void Add(string key, string? value)
            {
                if (value != null) query.Add(new KeyValuePair<string, string>(key, value));
            }
            Add("version", _kind == ImageBuilderKind.BuildKit ? "2" : "1");
            foreach (var reference in plan.References) Add("t", reference.ToString());
            Add("dockerfile", plan.Context.DockerfileInContext);
            if (request.BuildArgs.Count > 0) Add("buildargs", JsonSerializer.Serialize(request.BuildArgs));
            if (request.Labels.Count > 0) Add("labels", JsonSerializer.Serialize(request.Labels));
            Add("target", request.Target);
            if (request.NoCache) Add("nocache", "1");
            // BuildKit's own pull would be anonymous: the base images were pulled through the Engine API instead.
            if (request.Pull && _kind == ImageBuilderKind.Legacy) Add("pull", "1");
            Add("rm", "1");
            Add("forcerm", "1");
            Add("networkmode", request.Network);
            if (request.ShmSize != null) Add("shmsize", request.ShmSize.Value.ToString(CultureInfo.InvariantCulture));
            foreach (var host in request.ExtraHosts) Add("extrahosts", host);
            if (request.CacheFrom.Count > 0) Add("cachefrom", JsonSerializer.Serialize(request.CacheFrom));
            Add("platform", request.Platform);
            Add("isolation", request.Isolation);
            if (_kind == ImageBuilderKind.BuildKit) Add("buildid", buildId);
            return string.Join("&", query.Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value)));
        }

        /// <summary>
        /// X-Registry-Config: the credentials the user gave for the registries the Dockerfile pulls from, which the legacy
        /// builder pulls with (BuildKit cannot use them: its base images are pulled beforehand).
        /// </summary>
        private async Task<Dictionary<string, string>?> RegistryConfigAsync(BuildPlan plan, CancellationToken ct)
        {
            if (_kind != ImageBuilderKind.Legacy)
            {
                return null;
            }
            var auths = new List<RegistryAuth>();
            foreach (var registry in plan.Stages.AllImages().Select(RegistryAuthorizer.RegistryOf).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                var auth = await _authorizer.ForPullAsync(registry, ct).ConfigureAwait(false);
                if (auth != null) auths.Add(auth);
            }
            return auths.Count == 0 ? null : new Dictionary<string, string> { ["X-Registry-Config"] = RegistryAuth.ToConfigHeader(auths) };
        }

        /// <summary>Asks the engine to stop a BuildKit build (as the docker CLI does on Ctrl+C); closing the connection alone may not.</summary>
        private void CancelBuild(string buildId)
        {
            // Not awaited (this runs inside the cancellation); best effort: the build's connection is closed next, which ends it too.
            var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            _engine.PostAsync("CancelBuild", "build/cancel?id=" + buildId, timeout.Token).ContinueWith(t =>
            {
                timeout.Dispose();
                return t.Exception; // observed
            }, TaskScheduler.Default);
        }

        internal static string ShortId(string id)
        {
            var hex = id.StartsWith("sha256:", StringComparison.Ordinal) ? id.Substring(7) : id;
            return hex.Length > 12 ? hex.Substring(0, 12) : hex;
        }

        internal static string FormatBytes(long bytes)
        {
            string[] units = { "B", "KB", "MB", "GB" };
            double value = bytes;
            var unit = 0;
            while (value >= 1024 && unit < units.Length - 1)
            {
                value /= 1024;
                unit++;
            }
            return value.ToString(unit == 0 ? "0" : "0.0", CultureInfo.InvariantCulture) + " " + units[unit];
        }

        /// <summary>Context upload progress, a few updates a second at most: a context can hold many thousands of files.</summary>
        private sealed class ContextReporter : IProgress<ContextProgress>
        {
            private readonly string _name;
            private readonly IProgress<ImageProgress> _progress;
            private DateTime _last = DateTime.MinValue;

            public ContextReporter(string name, IProgress<ImageProgress> progress)
            {
                _name = name;
                _progress = progress;
            }

            public void Report(ContextProgress value)
            {
                var now = DateTime.UtcNow;
                if ((now - _last).TotalMilliseconds < 250)
                {
                    return;
                }
                _last = now;
                _progress.Report(new ImageProgress(_name, ImageStage.Context,
                    $"Sending build context: {value.Files} files, {FormatBytes(value.Bytes)}", -1));
            }
        }
    }
}
