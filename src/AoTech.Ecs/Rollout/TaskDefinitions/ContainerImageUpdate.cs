using System.Collections.Generic;

namespace AoTech.Ecs.Rollout
{
    /// <summary>The part of a container definition a rollout edits: its name, image and environment.</summary>
    public sealed class ContainerSpec
    {
        public ContainerSpec() { }
        public ContainerSpec(string name, string image, IEnumerable<KeyValuePair<string, string>>? environment = null)
        {
            Name = name;
            Image = image;
            if (environment != null) Environment = new List<KeyValuePair<string, string>>(environment);
        }

        public string Name { get; set; } = "";
        public string Image { get; set; } = "";
        /// <summary>Environment variables in the task definition's order.</summary>
        public IList<KeyValuePair<string, string>> Environment { get; set; } = new List<KeyValuePair<string, string>>();

        public ContainerSpec Clone() => new ContainerSpec(Name, Image, Environment);
    }

    /// <summary>
    /// A new image for one container: named explicitly (-Image @{ web = '…' }), or left for the editor to match by
    /// repository (an image published from the pipeline: repository@digest or repository:tag).
    /// </summary>
    public sealed class ContainerImageUpdate
    {
        public ContainerImageUpdate() { }
        public ContainerImageUpdate(string? containerName, string image)
        {
            ContainerName = containerName;
            Image = image;
        }

        /// <summary>Container to change; null to match by repository.</summary>
        public string? ContainerName { get; set; }
        /// <summary>The new image reference.</summary>
        public string Image { get; set; } = "";
    }

    /// <summary>Sets (Value not null) or removes (Value null) one environment variable.</summary>
    public sealed class EnvironmentChange
    {
        public EnvironmentChange() { }
        public EnvironmentChange(string? containerName, string name, string? value)
        {
            ContainerName = containerName;
            Name = name;
            Value = value;
        }

        /// <summary>Container to change; null means the task's only container.</summary>
        public string? ContainerName { get; set; }
        public string Name { get; set; } = "";
        public string? Value { get; set; }
    }
}
