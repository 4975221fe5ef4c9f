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
        /// <summary>The Dockerfile's text itself (compose's dockerfile_inline), sent in the context; excludes Dockerfile.</summary>
        public string? DockerfileInline { get; set; }
        public IDictionary<string, string> BuildArgs { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
        public string Repository { get; }
        public IList<string> Tags { get; }
        /// <summary>Multi-stage target, or null for the last stage.</summary>
        public string? Target { get; set; }
        public bool NoCache { get; set; }
        /// <summary>Always try to pull newer base images.</summary>
        public bool Pull { get; set; }
        /// <summary>Labels on the built image.</summary>
        public IDictionary<string, string> Labels { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
        /// <summary>The network RUN instructions use ("host", "none", a network name), or null for the default.</summary>
        public string? Network { get; set; }
        /// <summary>Size of /dev/shm for RUN instructions, in bytes.</summary>
        public long? ShmSize { get; set; }
        /// <summary>Extra /etc/hosts lines for RUN instructions, as "host:ip".</summary>
        public IList<string> ExtraHosts { get; } = new List<string>();
        /// <summary>Images whose layers may serve as build cache.</summary>
        public IList<string> CacheFrom { get; } = new List<string>();
        /// <summary>The platform to build for ("linux/amd64"), or null for the engine's own.</summary>
        public string? Platform { get; set; }
        /// <summary>Container isolation for RUN on Windows engines ("process", "hyperv"), or null.</summary>
        public string? Isolation { get; set; }
        /// <summary>More names (repository:tag) for the same image, in any repository (compose's build.tags).</summary>
        public IList<string> AdditionalImages { get; } = new List<string>();
        /// <summary>False for an image that is only built (a compose service without image:), even when pushing.</summary>
        public bool Push { get; set; } = true;
        /// <summary>The compose service this image belongs to (for progress and output), if any.</summary>
        public string? Service { get; set; }
        /// <summary>Images (repository:tag) this build needs first, e.g. a compose service whose image is this one's base.</summary>
        public IList<string> DependsOn { get; } = new List<string>();

        public string DisplayName => Service ?? Repository + ":" + (Tags.Count > 0 ? Tags[0] : "latest");
    }
}
