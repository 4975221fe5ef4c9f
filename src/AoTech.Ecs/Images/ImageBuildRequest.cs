using System;
using System.Collections.Generic;

namespace AoTech.Ecs.Images
{
    /// <summary>One image to build: a context, its Dockerfile, build arguments, and the repository and tags to give it.</summary>
    public sealed class ImageBuildRequest
    {
        public ImageBuildRequest(string contextPath, string repository, IEnumerable<string> tags)
        {
            ContextPath = contextPath;
            Repository = repository;
            Tags = new List<string>(tags);
        }

        public string ContextPath { get; }
        /// <summary>Null for ContextPath/Dockerfile; relative to the context, or absolute.</summary>
        public string? Dockerfile { get; set; }
        public IDictionary<string, string> BuildArgs { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
        public string Repository { get; }
        public IList<string> Tags { get; }
        /// <summary>Multi-stage target, or null for the last stage.</summary>
        public string? Target { get; set; }
        public bool NoCache { get; set; }
        /// <summary>Always try to pull newer base images.</summary>
        public bool Pull { get; set; }
        /// <summary>False for an image that is only built (a compose service without image:), even when pushing.</summary>
        public bool Push { get; set; } = true;
        /// <summary>The compose service this image belongs to (for progress and output), if any.</summary>
        public string? Service { get; set; }
        /// <summary>Images (repository:tag) this build needs first, e.g. a compose service whose image is this one's base.</summary>
        public IList<string> DependsOn { get; } = new List<string>();

        public string DisplayName => Service ?? Repository + ":" + (Tags.Count > 0 ? Tags[0] : "latest");
    }
}
