using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Files;

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
        public IDictionary<string, string> Args { get; }
        public string? Target { get; }
        /// <summary>The image: value, or compose's default name (project_service:latest) when there is none.</summary>
        public ImageReference Image { get; }
        /// <summary>Only services with an image: key are pushed (as `docker-compose push` does).</summary>
        public bool HasImageKey { get; }
    }

    /// <summary>
    /// Reads the parts of a docker-compose.yml that building needs: services with build: (context, dockerfile, args,
    /// target) and image:, with ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, $VAR and $$ interpolated from
    /// the environment and the .env file beside the compose file (the environment wins, as in docker-compose).
    /// </summary>
    public sealed class ComposeFile
    {
        private ComposeFile(string path, IReadOnlyList<ComposeBuildService> services)
        {
            Path = path;
            BuildServices = services;
        }

        public string Path { get; }
        public IReadOnlyList<ComposeBuildService> BuildServices { get; }

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
            var root = MiniYaml.Parse(yaml, path) as Dictionary<string, object?>;
            if (root == null || !root.TryGetValue("services", out var servicesNode) || !(servicesNode is Dictionary<string, object?> services))
            {
                throw Invalid(path, "it has no services: section.");
            }
            var project = environment.TryGetValue("COMPOSE_PROJECT_NAME", out var p) && !string.IsNullOrEmpty(p)
                ? p
                : Regex.Replace(new DirectoryInfo(directory).Name.ToLowerInvariant(), "[^a-z0-9]", "");

            string? Text(object? node, string where)
            {
                if (node == null)
                {
                    return null;
                }
                if (!(node is string s))
                {
                    throw Invalid(path, $"{where} must be a single value.");
                }
                return Interpolate(s, environment, path, where);
            }

            var result = new List<ComposeBuildService>();
            foreach (var service in services)
            {
                if (!(service.Value is Dictionary<string, object?> body) || !body.TryGetValue("build", out var build) || build == null)
                {
                    continue;
                }
                string context;
                string? dockerfile = null, target = null;
                var args = new Dictionary<string, string>(StringComparer.Ordinal);
                if (build is string buildContext)
                {
                    context = Interpolate(buildContext, environment, path, $"services.{service.Key}.build");
                }
                else if (build is Dictionary<string, object?> buildMap)
                {
                    context = (buildMap.TryGetValue("context", out var c) ? Text(c, $"services.{service.Key}.build.context") : null) ?? ".";
                    dockerfile = buildMap.TryGetValue("dockerfile", out var d) ? Text(d, $"services.{service.Key}.build.dockerfile") : null;
                    target = buildMap.TryGetValue("target", out var t) ? Text(t, $"services.{service.Key}.build.target") : null;
                    if (buildMap.TryGetValue("args", out var a) && a != null)
                    {
                        ReadArgs(a, args, environment, path, service.Key);
                    }
                }
                else
                {
                    throw Invalid(path, $"services.{service.Key}.build must be a path or a mapping.");
                }

                var contextPath = System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, context));
                var imageText = body.TryGetValue("image", out var image) ? Text(image, $"services.{service.Key}.image") : null;
                var reference = imageText != null
                    ? ImageReference.Parse(imageText)
                    : ImageReference.Create(project + "_" + service.Key.ToLowerInvariant(), "latest");
                result.Add(new ComposeBuildService(service.Key, contextPath, dockerfile, args, target, reference, imageText != null));
            }
            return new ComposeFile(path, result);
        }

        private static void ReadArgs(object node, Dictionary<string, string> args, IDictionary<string, string> env, string path, string service)
        {
            if (node is Dictionary<string, object?> map)
            {
                foreach (var kv in map)
                {
                    // "KEY:" with no value takes the value from the environment, and is left out when unset.
                    if (kv.Value == null)
                    {
                        if (env.TryGetValue(kv.Key, out var fromEnv))
                        {
                            args[kv.Key] = fromEnv;
                        }
                        continue;
                    }
                    args[kv.Key] = Interpolate(kv.Value as string ?? throw Invalid(path, $"services.{service}.build.args.{kv.Key} must be a single value."),
                        env, path, $"services.{service}.build.args.{kv.Key}");
                }
                return;
            }
            if (node is List<object?> list)
            {
                foreach (var item in list)
                {
                    var text = Interpolate(item as string ?? throw Invalid(path, $"services.{service}.build.args items must be KEY=VALUE."),
                        env, path, $"services.{service}.build.args");
                    var eq = text.IndexOf('=');
                    if (eq < 0)
                    {
                        if (env.TryGetValue(text, out var fromEnv))
                        {
                            args[text] = fromEnv;
                        }
                        continue;
                    }
                    args[text.Substring(0, eq)] = text.Substring(eq + 1);
                }
                return;
            }
            throw Invalid(path, $"services.{service}.build.args must be a mapping or a list.");
        }

        private static readonly Regex Variable = new Regex(
            @"\$(?:(?<escaped>\$)|\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?<op>:?[-?])(?<arg>[^}]*))?\}|(?<plain>[A-Za-z_][A-Za-z0-9_]*))",
            RegexOptions.CultureInvariant);

        /// <summary>Compose variable substitution.</summary>
        public static string Interpolate(string text, IDictionary<string, string> env, string path = "compose file", string where = "value")
        {
            return Variable.Replace(text, m =>
            {
                if (m.Groups["escaped"].Success)
                {
                    return "$";
                }
                if (m.Groups["plain"].Success)
                {
                    return env.TryGetValue(m.Groups["plain"].Value, out var plain) ? plain : "";
                }
                var name = m.Groups["name"].Value;
                var op = m.Groups["op"].Success ? m.Groups["op"].Value : "";
                var arg = m.Groups["arg"].Value;
                var set = env.TryGetValue(name, out var value);
                var setAndNonEmpty = set && !string.IsNullOrEmpty(value);
                switch (op)
                {
                    case ":-": return setAndNonEmpty ? value! : Interpolate(arg, env, path, where);
                    case "-": return set ? value! : Interpolate(arg, env, path, where);
                    case ":?":
                    case "?":
                        if (op == ":?" ? setAndNonEmpty : set)
                        {
                            return value!;
                        }
                        throw Invalid(path, $"{where}: variable {name} is required" + (arg.Length > 0 ? ": " + arg : "."));
                    default: return set ? value! : "";
                }
            });
        }

        /// <summary>Build requests for every service, with the images each one's Dockerfile starts FROM among the others.</summary>
        public IReadOnlyList<ImageBuildRequest> ToBuildRequests(IEnumerable<string>? extraTags = null)
        {
            var images = BuildServices.ToDictionary(s => s.Image.ToString(), s => s, StringComparer.Ordinal);
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
                    Target = service.Target,
                    Service = service.Name,
                    Push = service.HasImageKey,
                };
                foreach (var arg in service.Args)
                {
                    request.BuildArgs[arg.Key] = arg.Value;
                }
                foreach (var from in BaseImagesOf(service))
                {
                    var key = from.IndexOf(':', from.LastIndexOf('/') + 1) >= 0 ? from : from + ":latest";
                    if (images.ContainsKey(key) && key != service.Image.ToString())
                    {
                        request.DependsOn.Add(key);
                    }
                }
                requests.Add(request);
            }
            return requests;
        }

        private static readonly Regex ArgLine = new Regex(@"^\s*ARG\s+([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex FromLine = new Regex(@"^\s*FROM\s+(?:--\S+\s+)*(\S+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <summary>The FROM images of a service's Dockerfile, with ARG defaults and build args substituted.</summary>
        internal static IEnumerable<string> BaseImagesOf(ComposeBuildService service)
        {
            var file = System.IO.Path.Combine(service.Context, service.Dockerfile ?? "Dockerfile");
            if (!File.Exists(file))
            {
                yield break; // reported as DockerfileNotFound when the build is planned
            }
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var line in File.ReadAllLines(file))
            {
                var arg = ArgLine.Match(line);
                if (arg.Success)
                {
                    var name = arg.Groups[1].Value;
                    // A default may use args declared before it, as the builder expands it.
                    values[name] = service.Args.TryGetValue(name, out var given) ? given : Interpolate(arg.Groups[2].Value.Trim().Trim('"'), values);
                    continue;
                }
                var from = FromLine.Match(line);
                if (from.Success)
                {
                    yield return Interpolate(from.Groups[1].Value, values);
                }
            }
        }

        private static AoEcsException Invalid(string path, string message) =>
            new AoEcsException(ImageErrorIds.InvalidComposeFile, AoErrorKind.InvalidData, $"{path}: {message}", path);
    }
}
