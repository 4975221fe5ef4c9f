using System;
using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Images.BuildContext;

namespace AoTech.Ecs.Images.Building
{
    /// <summary>A request with its validated image names and opened context: everything local checked before any build.</summary>
    internal sealed class BuildPlan
    {
        private DockerfileStages? _stages;

        private BuildPlan(ImageBuildRequest request, IReadOnlyList<ImageReference> references, ContextArchive context)
        {
            Request = request;
            References = references;
            Context = context;
        }

        public ImageBuildRequest Request { get; }
        /// <summary>Every name the image gets: the repository with each tag, then any additional images.</summary>
        public IReadOnlyList<ImageReference> References { get; }
        public ContextArchive Context { get; }
        public string Name => Request.DisplayName;

        /// <summary>The Dockerfile's stages with this build's args (read when first needed).</summary>
        public DockerfileStages Stages => _stages ??= DockerfileStages.Parse(Context.ReadDockerfile(), Request.BuildArgs);

        /// <summary>Checks every tag (InvalidImageTag), the context and the Dockerfile (BuildContextNotFound, DockerfileNotFound).</summary>
        public static BuildPlan Create(ImageBuildRequest request)
        {
            var tags = request.Tags.Count == 0 ? new List<string> { "latest" } : request.Tags.Distinct(StringComparer.Ordinal).ToList();
            var references = tags.Select(t => ImageReference.Create(request.Repository, t))
                .Concat(request.AdditionalImages.Select(ImageReference.Parse))
                .GroupBy(r => r.ToString(), StringComparer.Ordinal).Select(g => g.First())
                .ToList();
            return new BuildPlan(request, references, ContextArchive.Open(request.ContextPath, request.Dockerfile, request.DockerfileInline));
        }
    }
}
