using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Images.Building;
using AoTech.Ecs.Images.Engine;
using AoTech.Ecs.Images.Pushing;
using AoTech.Ecs.Images.Registry;

namespace AoTech.Ecs.Images
{
    /// <summary>
    /// Builds, tags and pushes images through the Docker Engine API (never the docker CLI), with BuildKit wherever the
    /// engine offers it. Every tag, every context and Dockerfile and the engine are checked before the first build; each
    /// registry's credentials are checked while the builds start (a refusal stops them) and before any push, so bad
    /// input never leaves a partial set of tags pushed.
    /// </summary>
    public sealed class ImagePublisher : IDisposable
    {
        private readonly DockerEngine _engine;

        public ImagePublisher(DockerEndpoint endpoint) => _engine = new DockerEngine(endpoint);

        public void Dispose() => _engine.Dispose();

        /// <summary>Told about each Docker Engine API call: operation, outcome and duration (for -Verbose). Never auth data.</summary>
        public Action<string>? CallLog
        {
            get => _engine.CallLog;
            set => _engine.CallLog = value;
        }

        /// <summary>Builds and (unless options.Push is off) pushes one image; one AoImage per tag.</summary>
        public Task<IReadOnlyList<AoImage>> PublishAsync(ImageBuildRequest request, ImagePublishOptions options,
            IProgress<ImageProgress>? progress, CancellationToken ct) =>
            PublishAsync(new[] { request }, options, progress, ct);

        /// <summary>
        /// Builds and pushes several images. Independent images build in parallel (up to MaxParallelBuilds); an image
        /// whose DependsOn names another request's image waits for it. Pushes start only when every build succeeded.
        /// </summary>
        public async Task<IReadOnlyList<AoImage>> PublishAsync(IReadOnlyList<ImageBuildRequest> requests, ImagePublishOptions options,
            IProgress<ImageProgress>? progress, CancellationToken ct)
        {
            // 1. Everything local first: tags, contexts, Dockerfiles.
            var plans = requests.Select(BuildPlan.Create).ToList();

            // 2. The engine, and the builder it offers.
            var engine = await PingAsync(ct).ConfigureAwait(false);
            var builder = ChooseBuilder(options.Builder, engine);
            _engine.CallLog?.Invoke($"Builder: {(builder == ImageBuilderKind.BuildKit ? "BuildKit" : "legacy")} (engine {engine})");

            var authorizer = new RegistryAuthorizer(_engine, options, plans.SelectMany(p => p.References).Select(r => RegistryAuthorizer.RegistryOf(r.Repository)));
            var imageBuilder = new ImageBuilder(_engine, builder, authorizer, progress);

            // 3. Registries and builds at the same time. Checking the credentials (and creating ECR repositories) is a
            //    round trip to every registry, and to AWS for ECR, that would otherwise delay every build. Nothing is pushed
            //    before the check succeeded, and a refused credential stops the builds at once and is the error reported.
            Dictionary<string, RegistryAuth> auth;
            Dictionary<BuildPlan, string> imageIds;
            using (var stopBuilds = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                var pushed = plans.Where(p => options.Push && p.Request.Push).SelectMany(p => p.References);
                var authorizing = authorizer.AuthorizePushesAsync(pushed, ct);
                // 4. Builds, in dependency order, independent ones in parallel.
                var building = BuildScheduler.RunAsync(plans, options.MaxParallelBuilds, imageBuilder.BuildAsync, stopBuilds.Token);
                try
                {
                    auth = await authorizing.ConfigureAwait(false);
                }
                catch
                {
                    stopBuilds.Cancel();
                    try
                    {
                        await building.ConfigureAwait(false);
                    }
                    catch
                    {
                        // Cancelled (or failed on its own): the refused credential is what the user must fix first.
                    }
                    throw;
                }
                imageIds = await building.ConfigureAwait(false);
            }

            // 5. Pushes.
            return await new ImagePusher(_engine, progress).PushAllAsync(plans, imageIds, auth, options.Push, options.MaxParallelBuilds, ct).ConfigureAwait(false);
        }

        /// <summary>Fails with DockerHostUnreachable when the engine does not answer; otherwise what it says about itself.</summary>
        public Task<EngineInfo> PingAsync(CancellationToken ct) => _engine.PingAsync(ct);

        /// <summary>The builder for this engine: -Builder's choice, else BuildKit wherever the engine offers it.</summary>
        internal static ImageBuilderKind ChooseBuilder(ImageBuilderKind requested, EngineInfo engine)
        {
            switch (requested)
            {
                case ImageBuilderKind.Legacy:
                    return ImageBuilderKind.Legacy;
                case ImageBuilderKind.BuildKit when !engine.SupportsBuildKit:
                    throw new AoEcsException(ImageErrorIds.BuildKitUnavailable, AoErrorKind.Configuration,
                        $"The Docker engine ({engine}) cannot build with BuildKit; use -Builder Legacy or another engine.", engine.ToString());
                case ImageBuilderKind.BuildKit:
                    return ImageBuilderKind.BuildKit;
                default:
                    return engine.DefaultBuilder;
            }
        }
    }
}
