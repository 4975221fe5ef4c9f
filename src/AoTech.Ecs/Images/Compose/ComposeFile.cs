using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Files;
using AoTech.Ecs.Images.Building;

namespace AoTech.Ecs.Images.Compose
{
    /// <summary>A compose service that has a build: section.</summary>
    public sealed class ComposeBuildService
    {
        public ComposeBuildService(string name, string context, string? dockerfile, IDictionary<string, string> args, string? target,
            ImageReference image, bool hasImageKey)
        {
            Name = name;
            Context = context;
            Dockerfile = dockerfile;
            Args = args;
            Target = target;
            Image = image;
            HasImageKey = hasImageKey;
        }

        public string Name { get; }
        /// <summary>Absolute build context directory.</summary>
        public string Context { get; }
        /// <summary>Dockerfile relative to the context (as in the compose file), or null for "Dockerfile".</summary>
        public string? Dockerfile { get; }
        /// <summary>The Dockerfile's text itself (dockerfile_inline), or null.</summary>
        public string? DockerfileInline { get; internal set; }
        public IDictionary<string, string> Args { get; }
        public string? Target { get; }
        /// <summary>The image: value, or compose's default name (project_service:latest) when there is none.</summary>
        public ImageReference Image { get; }
        /// <summary>Only services with an image: key are pushed (as `docker-compose push` does).</summary>
        public bool HasImageKey { get; }
        public IDictionary<string, string> Labels { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
        public bool NoCache { get; internal set; }
        public bool Pull { get; internal set; }
        public string? Network { get; internal set; }
        public long? ShmSize { get; internal set; }
        /// <summary>"host:ip" entries.</summary>
        public IList<string> ExtraHosts { get; } = new List<string>();
        public IList<string> CacheFrom { get; } = new List<string>();
        /// <summary>More names for the image (build.tags), pushed with it.</summary>
        public IList<string> Tags { get; } = new List<string>();
        public string? Platform { get; internal set; }
        public string? Isolation { get; internal set; }
    }

    /// <summary>
    /// The services of a compose file that have a build: section, read with YamlDotNet and interpolated as the Compose
    /// specification says (from the environment over the .env file beside the compose file). Every build key is either
    /// passed to the Engine API or rejected with ComposeBuildKeyNotSupported: none is silently dropped.
    /// </summary>
    public sealed class ComposeFile
    {
        /// <summary>Build keys that need what the Engine API's build does not offer, and why.</summary>
        private static readonly Dictionary<string, string> Unsupported = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["additional_contexts"] = "named build contexts need a BuildKit client session",
            ["cache_to"] = "exporting build cache needs buildx",
            ["entitlements"] = "build entitlements need buildx",
            ["privileged"] = "privileged builds need buildx",
            ["provenance"] = "provenance attestations need buildx",
            ["sbom"] = "SBOM attestations need buildx",
            ["secrets"] = "build secrets need a BuildKit client session",
            ["ssh"] = "SSH agent forwarding needs a BuildKit client session",
            ["ulimits"] = "the Engine API applies build ulimits to the legacy builder only",
        };

        private static readonly HashSet<string> Supported = new HashSet<string>(StringComparer.Ordinal)
        {
            "context", "dockerfile", "dockerfile_inline", "args", "target", "labels", "no_cache", "pull", "network", "shm_size",
            "extra_hosts", "cache_from", "tags", "platforms", "isolation",
        };

        private ComposeFile(string path, IReadOnlyList<ComposeBuildService> services, IReadOnlyList<string> warnings)
        {
            Path = path;
            BuildServices = services;
            Warnings = warnings;
        }

        public string Path { get; }
        public IReadOnlyList<ComposeBuildService> BuildServices { get; }
        /// <summary>What Compose would warn about (unset variables, cache sources that are ignored).</summary>
        public IReadOnlyList<string> Warnings { get; }

        public static ComposeFile Load(string path, IDictionary<string, string>? environment = null)
        {
            if (Directory.Exists(path))
            {
                throw new AoEcsException(FileErrorIds.NotAFile, AoErrorKind.InvalidArgument, $"The compose file '{path}' is a directory, not a file.", path);
            }
            if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
            {
                throw new AoEcsException(ImageErrorIds.ComposeFileNotFound, AoErrorKind.ObjectNotFound, $"The compose file '{path}' does not exist.", path);
            }
            var full = System.IO.Path.GetFullPath(path);
            var directory = System.IO.Path.GetDirectoryName(full)!;
            var env = environment ?? ReadEnvironment(directory);
            return Parse(File.ReadAllText(full), full, env);
        }

        /// <summary>Process environment over the .env file in the project directory.</summary>
        public static IDictionary<string, string> ReadEnvironment(string projectDirectory)
        {
            var env = new Dictionary<string, string>(StringComparer.Ordinal);
            var dotEnv = System.IO.Path.Combine(projectDirectory, ".env");
            if (File.Exists(dotEnv))
            {
                foreach (var raw in File.ReadAllLines(dotEnv))
                {
                    var line = raw.Trim();
                    if (line.Length == 0 || line[0] == '#')
                    {
                        continue;
                    }
                    if (line.StartsWith("export ", StringComparison.Ordinal))
                    {
                        line = line.Substring(7).TrimStart();
                    }
                    var eq = line.IndexOf('=');
                    if (eq <= 0)
                    {
                        continue;
                    }
                    var value = line.Substring(eq + 1).Trim();
                    if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[value.Length - 1] == value[0])
                    {
                        value = value.Substring(1, value.Length - 2);
                    }
                    env[line.Substring(0, eq).Trim()] = value;
                }
            }
            foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
            {
                env[(string)entry.Key] = (string?)entry.Value ?? "";
            }
            return env;
        }

        public static ComposeFile Parse(string yaml, string path, IDictionary<string, string> environment)
        {
            var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
            var document = ComposeDocument.Parse(yaml, path, name => environment.TryGetValue(name, out var value) ? value : null);
            if (!document.Root.TryGetValue("services", out var servicesNode) || !(servicesNode is Dictionary<string, object?> services))
            {
                throw Invalid(path, "it has no services: section.");
            }
            var warnings = new List<string>(document.Warnings);
            var project = environment.TryGetValue("COMPOSE_PROJECT_NAME", out var p) && !string.IsNullOrEmpty(p) ? p
                : document.Root.TryGetValue("name", out var n) && n is string named && named.Length > 0 ? named
                : new DirectoryInfo(directory).Name;
            project = Regex.Replace(project.ToLowerInvariant(), "[^a-z0-9]", "");

            var result = new List<ComposeBuildService>();
            foreach (var service in services)
            {
                if (!(service.Value is Dictionary<string, object?> body) || !body.TryGetValue("build", out var build) || build == null)
                {
                    continue;
                }
                var reader = new Reader(path, $"services.{service.Key}");
                var buildMap = build is string contextOnly ? new Dictionary<string, object?> { ["context"] = contextOnly }
                    : build as Dictionary<string, object?> ?? throw Invalid(path, $"services.{service.Key}.build must be a path or a mapping.");
                var buildReader = new Reader(path, $"services.{service.Key}.build");
                foreach (var key in buildMap.Keys)
                {
                    if (Unsupported.TryGetValue(key, out var why))
                    {
                        throw new AoEcsException(ImageErrorIds.ComposeBuildKeyNotSupported, AoErrorKind.InvalidData,
                            $"{path}: services.{service.Key}.build.{key} is not supported: {why}. Remove it, or build this service with docker buildx bake.", path);
                    }
                    if (!Supported.Contains(key) && !key.StartsWith("x-", StringComparison.Ordinal))
                    {
                        throw new AoEcsException(ImageErrorIds.ComposeBuildKeyNotSupported, AoErrorKind.InvalidData,
                            $"{path}: services.{service.Key}.build.{key} is not a build key of the Compose specification.", path);
                    }
                }

                var context = buildReader.Text(buildMap, "context") ?? ".";
                if (Regex.IsMatch(context, @"^(?:[a-z][a-z0-9+.-]*://|git@)", RegexOptions.IgnoreCase))
                {
                    throw new AoEcsException(ImageErrorIds.ComposeBuildKeyNotSupported, AoErrorKind.InvalidData,
                        $"{path}: services.{service.Key}.build.context '{context}' is a remote context; Publish-AoImage builds from a directory.", path);
                }
                if (context == "~" || context.StartsWith("~/", StringComparison.Ordinal))
                {
                    context = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + context.Substring(1);
                }
                var dockerfile = buildReader.Text(buildMap, "dockerfile");
                var inline = buildReader.Text(buildMap, "dockerfile_inline");
                if (dockerfile != null && inline != null)
                {
                    throw Invalid(path, $"services.{service.Key}.build has both dockerfile and dockerfile_inline; give one.");
                }
                var args = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var arg in buildReader.Pairs(buildMap, "args", omitted: name => environment.TryGetValue(name, out var v) ? v : null))
                {
                    args[arg.Key] = arg.Value;
                }

                var imageText = reader.Text(body, "image");
                var reference = imageText != null
                    ? ImageReference.Parse(imageText)
                    : ImageReference.Create(project + "_" + service.Key.ToLowerInvariant(), "latest");
                var contextPath = System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, context));
                var built = new ComposeBuildService(service.Key, contextPath, dockerfile, args, buildReader.Text(buildMap, "target"), reference, imageText != null)
                {
                    DockerfileInline = inline,
                    NoCache = buildReader.Flag(buildMap, "no_cache"),
                    Pull = buildReader.Flag(buildMap, "pull"),
                    Network = buildReader.Text(buildMap, "network"),
                    ShmSize = buildReader.Bytes(buildMap, "shm_size"),
                    Isolation = buildReader.Text(buildMap, "isolation"),
                };
                foreach (var label in buildReader.Pairs(buildMap, "labels", omitted: _ => ""))
                {
                    built.Labels[label.Key] = label.Value;
                }
                foreach (var host in buildReader.Pairs(buildMap, "extra_hosts", omitted: null, separators: new[] { '=', ':' }))
                {
                    built.ExtraHosts.Add(host.Key + ":" + host.Value.Trim('[', ']'));
                }
                foreach (var source in buildReader.List(buildMap, "cache_from"))
                {
                    var image = CacheImage(source);
                    if (image != null) built.CacheFrom.Add(image);
                    else warnings.Add($"services.{service.Key}.build.cache_from '{source}' is ignored: the Engine API takes cache from images only.");
                }
                foreach (var tag in buildReader.List(buildMap, "tags"))
                {
                    built.Tags.Add(tag);
                }
                var platforms = buildReader.List(buildMap, "platforms");
                if (platforms.Count > 1)
                {
                    throw new AoEcsException(ImageErrorIds.ComposeBuildKeyNotSupported, AoErrorKind.InvalidData,
                        $"{path}: services.{service.Key}.build.platforms names {platforms.Count} platforms; a multi-platform image needs buildx. Give one.", path);
                }
                built.Platform = platforms.Count == 1 ? platforms[0] : reader.Text(body, "platform");
                result.Add(built);
            }
            return new ComposeFile(path, result, warnings);
        }

        /// <summary>A cache_from entry as an image: "NAME" or "type=registry,ref=NAME"; null for other cache types.</summary>
        private static string? CacheImage(string source)
        {
            if (source.IndexOf('=') < 0)
            {
                return source;
            }
            var fields = source.Split(',').Select(f => f.Split(new[] { '=' }, 2)).Where(f => f.Length == 2).ToDictionary(f => f[0].Trim(), f => f[1].Trim());
            return fields.TryGetValue("type", out var type) && type == "registry" && fields.TryGetValue("ref", out var reference) ? reference : null;
        }

        /// <summary>Build requests for every service, with the images each one's Dockerfile uses among the others' as prerequisites.</summary>
        public IReadOnlyList<ImageBuildRequest> ToBuildRequests(IEnumerable<string>? extraTags = null)
        {
            var images = new Dictionary<string, ComposeBuildService>(StringComparer.Ordinal);
            foreach (var service in BuildServices)
            {
                images[service.Image.ToString()] = service;
                foreach (var tag in service.Tags)
                {
                    images[ImageReference.Parse(tag).ToString()] = service;
                }
            }
            var requests = new List<ImageBuildRequest>();
            foreach (var service in BuildServices)
            {
                var tags = new List<string> { service.Image.Tag };
                if (extraTags != null)
                {
                    tags.AddRange(extraTags.Where(t => !tags.Contains(t)));
                }
                var request = new ImageBuildRequest(service.Context, service.Image.Repository, tags)
                {
                    Dockerfile = service.Dockerfile,
                    DockerfileInline = service.DockerfileInline,
                    Target = service.Target,
                    Service = service.Name,
                    Push = service.HasImageKey,
                    NoCache = service.NoCache,
                    Pull = service.Pull,
                    Network = service.Network,
                    ShmSize = service.ShmSize,
                    Platform = service.Platform,
                    Isolation = service.Isolation,
                };
                Copy(service.Args, request.BuildArgs);
                Copy(service.Labels, request.Labels);
                foreach (var host in service.ExtraHosts) request.ExtraHosts.Add(host);
                foreach (var cache in service.CacheFrom) request.CacheFrom.Add(cache);
                foreach (var tag in service.Tags) request.AdditionalImages.Add(tag);
                foreach (var from in BaseImagesOf(service))
                {
                    var key = from.IndexOf(':', from.LastIndexOf('/') + 1) >= 0 ? from : from + ":latest";
                    if (images.TryGetValue(key, out var other) && other != service)
                    {
                        request.DependsOn.Add(key);
                    }
                }
                requests.Add(request);
            }
            return requests;
        }

        private static void Copy(IDictionary<string, string> from, IDictionary<string, string> to)
        {
            foreach (var entry in from) to[entry.Key] = entry.Value;
        }

        /// <summary>The images a service's Dockerfile starts or copies from, with ARG defaults and build args substituted.</summary>
        internal static IEnumerable<string> BaseImagesOf(ComposeBuildService service)
        {
            var text = service.DockerfileInline;
            if (text == null)
            {
                var file = System.IO.Path.Combine(service.Context, service.Dockerfile ?? "Dockerfile");
                if (!File.Exists(file))
                {
                    return Enumerable.Empty<string>(); // reported as DockerfileNotFound when the build is planned
                }
                text = File.ReadAllText(file);
            }
            // Every stage counts: the legacy builder builds them all, and an order that waits too long is only slower.
            return DockerfileStages.Parse(text, service.Args).AllImages();
        }

        private static AoEcsException Invalid(string path, string message) => ComposeDocument.Invalid(path, message);

        /// <summary>Reads typed values out of one mapping, naming the key in every error.</summary>
        private sealed class Reader
        {
            private readonly string _path;
            private readonly string _where;

            public Reader(string path, string where)
            {
                _path = path;
                _where = where;
            }

            public string? Text(Dictionary<string, object?> map, string key)
            {
                if (!map.TryGetValue(key, out var value) || value == null) return null;
                return value as string ?? throw Invalid(_path, $"{_where}.{key} must be a single value.");
            }

            public bool Flag(Dictionary<string, object?> map, string key)
            {
                var text = Text(map, key);
                if (text == null) return false;
                if (bool.TryParse(text, out var flag)) return flag;
                throw Invalid(_path, $"{_where}.{key} must be true or false, not '{text}'.");
            }

            /// <summary>A byte size: a number, or a number with b, k, kb, m, mb, g or gb (1024-based, as Compose reads it).</summary>
            public long? Bytes(Dictionary<string, object?> map, string key)
            {
                var text = Text(map, key);
                if (text == null) return null;
                var match = Regex.Match(text.Trim().ToLowerInvariant(), @"^(\d+)\s*(b|kb?|mb?|gb?)?$");
                if (!match.Success) throw Invalid(_path, $"{_where}.{key} '{text}' is not a byte size such as 2gb or 1048576.");
                var shift = match.Groups[2].Value.Length == 0 ? 0 : "bkmg".IndexOf(match.Groups[2].Value[0]) * 10;
                return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) << shift;
            }

            public List<string> List(Dictionary<string, object?> map, string key)
            {
                if (!map.TryGetValue(key, out var value) || value == null) return new List<string>();
                if (value is string single) return new List<string> { single };
                if (value is List<object?> items)
                {
                    return items.Select(i => i as string ?? throw Invalid(_path, $"{_where}.{key} items must be single values.")).ToList();
                }
                throw Invalid(_path, $"{_where}.{key} must be a list.");
            }

            /// <summary>
            /// A mapping (KEY: value) or a list (KEY=value). A key without a value takes omitted(KEY), and is left out when
            /// that is null (args: from the environment; labels: empty).
            /// </summary>
            public IEnumerable<KeyValuePair<string, string>> Pairs(Dictionary<string, object?> map, string key, Func<string, string?>? omitted,
                char[]? separators = null)
            {
                if (!map.TryGetValue(key, out var value) || value == null) yield break;
                if (value is Dictionary<string, object?> pairs)
                {
                    foreach (var pair in pairs)
                    {
                        var text = pair.Value == null ? omitted?.Invoke(pair.Key)
                            : pair.Value as string ?? throw Invalid(_path, $"{_where}.{key}.{pair.Key} must be a single value.");
                        if (text != null) yield return new KeyValuePair<string, string>(pair.Key, text);
                    }
                    yield break;
                }
                if (!(value is List<object?> list)) throw Invalid(_path, $"{_where}.{key} must be a mapping or a list.");
                foreach (var item in list)
                {
                    var text = item as string ?? throw Invalid(_path, $"{_where}.{key} items must be KEY=VALUE.");
                    var at = text.IndexOfAny(separators ?? new[] { '=' });
                    if (at < 0)
                    {
                        var fallback = omitted?.Invoke(text);
                        if (fallback != null) yield return new KeyValuePair<string, string>(text, fallback);
                        else if (omitted == null) throw Invalid(_path, $"{_where}.{key} item '{text}' needs a value.");
                        continue;
                    }
                    yield return new KeyValuePair<string, string>(text.Substring(0, at), text.Substring(at + 1));
                }
            }
        }
    }
}
