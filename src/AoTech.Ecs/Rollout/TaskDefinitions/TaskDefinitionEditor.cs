using System;
using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Images;

namespace AoTech.Ecs.Rollout
{
    public enum ContainerChangeKind { Image, EnvironmentSet, EnvironmentRemoved }

    /// <summary>
    /// One change the edit makes. Environment values are deliberately not kept: they may be sensitive, and the
    /// change list is shown to users.
    /// </summary>
    public sealed class ContainerChange
    {
        public string Container { get; set; } = "";
        public ContainerChangeKind Kind { get; set; }
        /// <summary>The variable name for environment changes.</summary>
        public string? Name { get; set; }
        /// <summary>Old and new image for image changes.</summary>
        public string? OldImage { get; set; }
        public string? NewImage { get; set; }

        public override string ToString() => Kind switch
        {
            ContainerChangeKind.Image => $"{Container}: image {OldImage} -> {NewImage}",
            ContainerChangeKind.EnvironmentSet => $"{Container}: set environment variable {Name}",
            _ => $"{Container}: remove environment variable {Name}",
        };
    }

    /// <summary>The containers after the edit and what changed; <see cref="HasChanges"/> false means register nothing.</summary>
    public sealed class TaskDefinitionEdit
    {
        public IReadOnlyList<ContainerSpec> Containers { get; internal set; } = Array.Empty<ContainerSpec>();
        public IReadOnlyList<ContainerChange> Changes { get; internal set; } = Array.Empty<ContainerChange>();
        public bool HasChanges => Changes.Count > 0;

        public ContainerSpec this[string containerName] => Containers.First(c => c.Name == containerName);
    }

    /// <summary>
    /// Works out the new images and environment of a task definition's containers. Changes only what was asked,
    /// validates every image reference (Docker's grammar), and matches an image without a container name the way a
    /// user means it: the container that runs the same repository; else the one whose repository has the same name
    /// (last path segment) or that is itself called so; else the only container.
    /// </summary>
    public static class TaskDefinitionEditor
    {
        public static TaskDefinitionEdit Plan(IReadOnlyList<ContainerSpec> current,
            IEnumerable<ContainerImageUpdate>? images, IEnumerable<EnvironmentChange>? environment = null)
        {
            if (current == null) throw new ArgumentNullException(nameof(current));
            var containers = current.Select(c => c.Clone()).ToList();
            var changes = new List<ContainerChange>();

            // Resolve every image to its container first, so conflicting requests fail before anything is decided.
            var imageFor = new Dictionary<string, (string Image, string Source)>(StringComparer.Ordinal);
            foreach (var update in images ?? Enumerable.Empty<ContainerImageUpdate>())
            {
                var reference = ParseImage(update.Image);
                var container = update.ContainerName != null
                    ? FindByName(containers, update.ContainerName)
                    : FindForImage(containers, reference);
                if (imageFor.TryGetValue(container.Name, out var earlier) && earlier.Image != update.Image)
                    throw new AoEcsException(RolloutErrorIds.ConflictingUpdate, AoErrorKind.InvalidArgument,
                        $"Container '{container.Name}' was given two different images: '{earlier.Image}' and '{update.Image}'.",
                        container.Name);
                imageFor[container.Name] = (update.Image, update.ContainerName ?? reference.Name);
            }
            foreach (var container in containers)
            {
                if (!imageFor.TryGetValue(container.Name, out var wanted) || container.Image == wanted.Image) continue;
                changes.Add(new ContainerChange { Container = container.Name, Kind = ContainerChangeKind.Image, OldImage = container.Image, NewImage = wanted.Image });
                container.Image = wanted.Image;
            }

            var seenVariables = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var change in environment ?? Enumerable.Empty<EnvironmentChange>())
            {
                if (string.IsNullOrWhiteSpace(change.Name) || change.Name.IndexOf('=') >= 0 || change.Name.Trim() != change.Name)
                    throw new AoEcsException(RolloutErrorIds.InvalidEnvironmentName, AoErrorKind.InvalidArgument,
                        $"'{change.Name}' is not a valid environment variable name.", change.Name);
                var container = change.ContainerName != null ? FindByName(containers, change.ContainerName) : OnlyContainer(containers);
                var key = container.Name + "\n" + change.Name;
                if (seenVariables.TryGetValue(key, out var earlierValue) && earlierValue != change.Value)
                    throw new AoEcsException(RolloutErrorIds.ConflictingUpdate, AoErrorKind.InvalidArgument,
                        $"Environment variable '{change.Name}' of container '{container.Name}' was given two different values.", change.Name);
                seenVariables[key] = change.Value;
                var applied = ApplyEnvironment(container, change.Name, change.Value);
                if (applied != null) changes.Add(applied);
            }

            return new TaskDefinitionEdit { Containers = containers, Changes = changes };
        }

        private static ContainerChange? ApplyEnvironment(ContainerSpec container, string name, string? value)
        {
            var env = container.Environment;
            var index = -1;
            for (var i = 0; i < env.Count; i++) if (env[i].Key == name) { index = i; break; }
            if (value == null)
            {
                if (index < 0) return null;
                for (var i = env.Count - 1; i >= 0; i--) if (env[i].Key == name) env.RemoveAt(i);
                return new ContainerChange { Container = container.Name, Kind = ContainerChangeKind.EnvironmentRemoved, Name = name };
            }
            var duplicates = false;
            for (var i = env.Count - 1; i > index && index >= 0; i--)
                if (env[i].Key == name) { env.RemoveAt(i); duplicates = true; }
            if (index >= 0 && env[index].Value == value && !duplicates) return null;
            if (index >= 0) env[index] = new KeyValuePair<string, string>(name, value);
            else env.Add(new KeyValuePair<string, string>(name, value));
            return new ContainerChange { Container = container.Name, Kind = ContainerChangeKind.EnvironmentSet, Name = name };
        }

        private static ContainerSpec FindByName(List<ContainerSpec> containers, string name)
        {
            var found = containers.FirstOrDefault(c => c.Name == name)
                        ?? containers.SingleOrDefaultCaseInsensitive(name);
            if (found != null) return found;
            throw new AoEcsException(RolloutErrorIds.ContainerNotFound, AoErrorKind.ObjectNotFound,
                $"The task definition has no container named '{name}'. Its containers: {List(containers)}.", name);
        }

        /// <summary>Parses an image reference, or throws InvalidImageReference saying what is wrong.</summary>
        public static DockerReference ParseImage(string? text)
        {
            if (DockerReference.TryParse(text, out var reference, out var problem)) return reference!;
            throw new AoEcsException(RolloutErrorIds.InvalidImageReference, AoErrorKind.InvalidArgument,
                $"'{text}' is not a valid image reference: {problem}. Expected [registry[:port]/]repository[:tag][@digest], e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.2.0.",
                text);
        }

        private static ContainerSpec FindForImage(List<ContainerSpec> containers, DockerReference image)
        {
            var running = containers.Select(c => (Container: c, Image: DockerReference.TryParse(c.Image, out var r, out _) ? r : null)).ToList();

            // 1. The same repository: a new version of what runs.
            var sameRepository = running.Where(x => x.Image != null && x.Image.SameRepository(image)).Select(x => x.Container).ToList();
            if (sameRepository.Count > 0) return Single(sameRepository, image, $"all run repository '{image.Name}'");

            // 2. The same repository name in another registry (the image moved, e.g. from a sample to your ECR), or a
            //    container named after it.
            var sameName = running.Where(x => (x.Image != null && x.Image.ShortName == image.ShortName) ||
                                              string.Equals(x.Container.Name, image.ShortName, StringComparison.OrdinalIgnoreCase))
                .Select(x => x.Container).ToList();
            if (sameName.Count > 0) return Single(sameName, image, $"all match repository name '{image.ShortName}'");

            // 3. A task with one container can only mean that one.
            if (containers.Count == 1) return containers[0];

            throw new AoEcsException(RolloutErrorIds.ContainerNotFound, AoErrorKind.ObjectNotFound,
                $"No container of the task definition runs an image from repository '{image.Name}' or one named '{image.ShortName}', " +
                $"and none is called '{image.ShortName}'. Its containers: {List(containers)}. " +
                "Name the container explicitly, e.g. -Image @{ <container> = '" + image.Original + "' }.", image.Original);
        }

        private static ContainerSpec Single(List<ContainerSpec> matches, DockerReference image, string why)
        {
            if (matches.Count == 1) return matches[0];
            throw new AoEcsException(RolloutErrorIds.AmbiguousContainer, AoErrorKind.InvalidArgument,
                $"Containers {string.Join(", ", matches.Select(c => "'" + c.Name + "'"))} {why}. " +
                "Name the container explicitly, e.g. -Image @{ <container> = '" + image.Original + "' }.", image.Original);
        }

        private static ContainerSpec OnlyContainer(List<ContainerSpec> containers)
        {
            if (containers.Count == 1) return containers[0];
            throw new AoEcsException(RolloutErrorIds.AmbiguousContainer, AoErrorKind.InvalidArgument,
                $"The task definition has {containers.Count} containers ({List(containers)}); say which one each environment variable is for.",
                null);
        }

        private static ContainerSpec? SingleOrDefaultCaseInsensitive(this List<ContainerSpec> containers, string name)
        {
            var matches = containers.Where(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
            return matches.Count == 1 ? matches[0] : null;
        }

        private static string List(IEnumerable<ContainerSpec> containers) =>
            string.Join(", ", containers.Select(c => $"{c.Name} ({c.Image})"));
    }
}
