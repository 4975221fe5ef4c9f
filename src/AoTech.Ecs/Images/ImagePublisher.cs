using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Images.BuildContext;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace AoTech.Ecs.Images
{
    /// <summary>Options that apply to a whole publish run.</summary>
    public sealed class ImagePublishOptions
    {
        /// <summary>Push after building (Publish-AoImage's default; -NoPush turns it off).</summary>
        public bool Push { get; set; } = true;
        /// <summary>Credentials for registries, matched by host; a credential with an empty host applies to every registry.</summary>
        public IList<RegistryCredential> Credentials { get; } = new List<RegistryCredential>();
        /// <summary>Registries that need API calls for credentials and repositories (ECR).</summary>
        public IList<IRegistryAuthProvider> AuthProviders { get; } = new List<IRegistryAuthProvider>();
        /// <summary>How many images build at once when several are independent, and how many tags push at once.</summary>
        public int MaxParallelBuilds { get; set; } = 4;
    }

    /// <summary>
    /// Builds, tags and pushes images through the Docker Engine API (never the docker CLI). Every tag, every context and
    /// Dockerfile and the engine are checked before the first build; each registry's credentials are checked while the
    /// builds start (a refusal stops them) and before any push, so bad input never leaves a partial set of tags pushed.
    /// </summary>
    public sealed class ImagePublisher : IDisposable
    {
        private readonly DockerClient _client;
        private readonly DockerEndpoint _endpoint;

        public ImagePublisher(DockerEndpoint endpoint)
        {
            _endpoint = endpoint;
            _client = endpoint.CreateClient();
        }

        public void Dispose() => _client.Dispose();

        /// <summary>Told about each Docker Engine API call: operation, outcome and duration (for -Verbose). Never auth data.</summary>
        public Action<string>? CallLog { get; set; }

        // Docker calls are not retried: the engine is local or a single remote host, and a build is not idempotent.
        private async Task<T> LoggedAsync<T>(string operation, Func<Task<T>> call)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                var result = await call().ConfigureAwait(false);
                CallLog?.Invoke(string.Format(CultureInfo.InvariantCulture, "Docker {0}: OK in {1:N0} ms (1 attempt)", operation, watch.Elapsed.TotalMilliseconds));
                return result;
            }
            catch (Exception ex)
            {
                var code = ex is DockerApiException api ? "HTTP " + (int)api.StatusCode : ex.GetType().Name;
                CallLog?.Invoke(string.Format(CultureInfo.InvariantCulture, "Docker {0}: {1} in {2:N0} ms (1 attempt)", operation, code, watch.Elapsed.TotalMilliseconds));
                throw;
            }
        }

        private Task LoggedAsync(string operation, Func<Task> call) =>
            LoggedAsync(operation, async () => { await call().ConfigureAwait(false); return true; });

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
            var plans = requests.Select(r => Plan.Create(r)).ToList();

            // 2. The engine.
            await PingAsync(ct).ConfigureAwait(false);

            // 3. Registries and builds at the same time. Checking the credentials (and creating ECR repositories) is a
            //    round trip to every registry, and to AWS for ECR, that would otherwise delay every build. Nothing is pushed
            //    before the check succeeded, and a refused credential stops the builds at once and is the error reported.
            Dictionary<string, AuthConfig> auth;
            Dictionary<Plan, string> imageIds;
            using (var stopBuilds = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                var authorizing = options.Push ? AuthorizeAllAsync(plans, options, ct) : Task.FromResult(new Dictionary<string, AuthConfig>());
                // 4. Builds, in dependency order, independent ones in parallel.
                var building = BuildAllAsync(plans, options, progress, stopBuilds.Token);
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
            return await PushAllAsync(plans, imageIds, auth, options, progress, ct).ConfigureAwait(false);
        }

        /// <summary>One AuthConfig per registry the pushes go to (one registry after another: there is rarely more than one).</summary>
        private async Task<Dictionary<string, AuthConfig>> AuthorizeAllAsync(List<Plan> plans, ImagePublishOptions options, CancellationToken ct)
        {
            var auth = new Dictionary<string, AuthConfig>(StringComparer.OrdinalIgnoreCase);
            foreach (var group in plans.Where(p => p.Request.Push).SelectMany(p => p.References).GroupBy(r => r.Registry ?? "docker.io", StringComparer.OrdinalIgnoreCase))
            {
                auth[group.Key] = await AuthorizeAsync(group.Key, group.ToList(), options, ct).ConfigureAwait(false);
            }
            return auth;
        }

        /// <summary>Fails with DockerHostUnreachable when the engine does not answer.</summary>
        public async Task PingAsync(CancellationToken ct)
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                timeout.CancelAfter(TimeSpan.FromSeconds(15));
                try
                {
                    await LoggedAsync("Ping", () => _client.System.PingAsync(timeout.Token)).ConfigureAwait(false);
                }
                catch (Exception ex) when (!ct.IsCancellationRequested && IsConnectionFailure(ex))
                {
                    throw new AoEcsException(ImageErrorIds.DockerHostUnreachable, AoErrorKind.Connection,
                        $"No Docker engine answers at {_endpoint}: {Describe(ex)}", _endpoint.ToString(), ex);
                }
            }
        }

        private static bool IsConnectionFailure(Exception ex) =>
            ex is HttpRequestException || ex is SocketException || ex is IOException || ex is TimeoutException ||
            ex is System.Security.Authentication.AuthenticationException ||
            ex is OperationCanceledException || ex is DockerApiException ||
            (ex.InnerException != null && IsConnectionFailure(ex.InnerException));

        private static string Describe(Exception ex)
        {
            while (ex.InnerException != null && (ex is HttpRequestException || ex is AggregateException))
            {
                ex = ex.InnerException;
            }
            return ex is OperationCanceledException ? "no answer within 15 seconds." : ex.Message;
        }

        private async Task<AuthConfig> AuthorizeAsync(string registry, IReadOnlyList<ImageReference> references, ImagePublishOptions options, CancellationToken ct)
        {
            RegistryCredential? credential = null;
            var provider = options.AuthProviders.FirstOrDefault(p => p.Handles(registry));
            if (provider != null)
            {
                foreach (var reference in references.GroupBy(r => r.Repository).Select(g => g.First()))
                {
                    await provider.EnsureRepositoryAsync(reference, ct).ConfigureAwait(false);
                }
                credential = await provider.GetCredentialAsync(registry, ct).ConfigureAwait(false);
            }
            credential = credential
                ?? options.Credentials.FirstOrDefault(c => string.Equals(c.ServerAddress, registry, StringComparison.OrdinalIgnoreCase))
                ?? options.Credentials.FirstOrDefault(c => string.IsNullOrEmpty(c.ServerAddress));
            if (credential == null)
            {
                // No credentials: anonymous push (e.g. a local registry); the engine reports if that is refused.
                return new AuthConfig { ServerAddress = registry };
            }
            var config = new AuthConfig { ServerAddress = registry, Username = credential.UserName, Password = credential.Password };
            try
            {
                // The engine logs in to the registry (as `docker login` does) so a wrong password fails before any push.
                await LoggedAsync("Authenticate " + registry, () => _client.System.AuthenticateAsync(config, ct)).ConfigureAwait(false);
            }
            catch (DockerApiException ex)
            {
                var message = Redact(EngineMessage(ex.ResponseBody), credential);
                // The engine reports a registry it cannot reach through the same login call: that is no refusal.
                if (LooksUnreachable(message))
                    throw new AoEcsException(ImageErrorIds.RegistryUnreachable, AoErrorKind.Connection,
                        $"The registry {registry} does not answer: {message}", registry, null)
                    {
                        RecommendedAction = "Check the registry host and port in the repository name, and that the Docker engine can reach it.",
                    };
                throw new AoEcsException(ImageErrorIds.RegistryAuthenticationFailed, AoErrorKind.Authentication,
                    $"The registry {registry} refused the credentials for user '{credential.UserName}': {message}",
                    registry, null);
            }
            return config;
        }

        private async Task<Dictionary<Plan, string>> BuildAllAsync(List<Plan> plans, ImagePublishOptions options, IProgress<ImageProgress>? progress, CancellationToken ct)
        {
            var byImage = new Dictionary<string, Plan>(StringComparer.Ordinal);
            foreach (var plan in plans)
            {
                foreach (var reference in plan.References)
                {
                    byImage[reference.ToString()] = plan;
                }
            }
            var tasks = new Dictionary<Plan, Task<string>>();
            using (var throttle = new SemaphoreSlim(Math.Max(1, options.MaxParallelBuilds)))
            using (var failed = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                Task<string> Start(Plan plan, HashSet<Plan> visiting)
                {
                    if (tasks.TryGetValue(plan, out var existing))
                    {
                        return existing;
                    }
                    if (!visiting.Add(plan))
                    {
                        throw new AoEcsException(ImageErrorIds.ImageDependencyCycle, AoErrorKind.InvalidData,
                            $"The images depend on each other in a cycle ({plan.Request.DisplayName}).", plan.Request.DisplayName);
                    }
                    var prerequisites = plan.Request.DependsOn
                        .Select(d => byImage.TryGetValue(d, out var p) ? p : null)
                        .Where(p => p != null && p != plan)
                        .Select(p => Start(p!, visiting))
                        .ToList();
                    var task = RunAsync(plan, prerequisites);
                    tasks[plan] = task;
                    return task;
                }

                async Task<string> RunAsync(Plan plan, List<Task<string>> prerequisites)
                {
                    await Task.WhenAll(prerequisites).ConfigureAwait(false);
                    await throttle.WaitAsync(failed.Token).ConfigureAwait(false);
                    try
                    {
                        return await BuildAsync(plan, progress, failed.Token).ConfigureAwait(false);
                    }
                    catch
                    {
                        failed.Cancel(); // one failure stops the other builds: nothing will be pushed anyway
                        throw;
                    }
                    finally
                    {
                        throttle.Release();
                    }
                }

                foreach (var plan in plans)
                {
                    Start(plan, new HashSet<Plan>());
                }
                try
                {
                    await Task.WhenAll(tasks.Values).ConfigureAwait(false);
                }
                catch
                {
                    // Report the first real failure, not the cancellations it caused.
                    var real = tasks.Values.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!)
                        .FirstOrDefault(e => !(e is OperationCanceledException));
                    if (real != null && !ct.IsCancellationRequested)
                    {
                        throw real;
                    }
                    throw;
                }
                return tasks.ToDictionary(kv => kv.Key, kv => kv.Value.Result);
            }
        }

        private static readonly Regex StepPattern = new Regex(@"^Step (\d+)/(\d+) : (.*)$", RegexOptions.CultureInvariant);
        private static readonly Regex FullImageId = new Regex("^sha256:[0-9a-f]{64}$", RegexOptions.CultureInvariant);
        private static readonly Regex BuiltPattern = new Regex(@"^Successfully built ([0-9a-f]+)\s*$", RegexOptions.CultureInvariant);

        private async Task<string> BuildAsync(Plan plan, IProgress<ImageProgress>? progress, CancellationToken ct)
        {
            var name = plan.Request.DisplayName;
            var parameters = new ImageBuildParameters
            {
                Dockerfile = plan.Context.DockerfileInContext,
                Tags = plan.References.Select(r => r.ToString()).ToList(),
                BuildArgs = new Dictionary<string, string>(plan.Request.BuildArgs),
                Target = plan.Request.Target,
                NoCache = plan.Request.NoCache ? true : (bool?)null,
                Pull = plan.Request.Pull ? "1" : null,
                Remove = true,
                ForceRemove = true,
            };

            var monitor = new BuildMonitor(name, progress);
            var pipe = new StreamPipe();
            var contextProgress = progress == null ? null : new ContextReporter(name, progress);
            var producer = Task.Run(async () =>
            {
                try
                {
                    // A buffer in front of the pipe: few large chunks instead of many 512-byte tar headers.
                    using (var buffered = new BufferedStream(pipe.Writer, 65536))
                    {
                        await plan.Context.WriteAsync(buffered, contextProgress, ct).ConfigureAwait(false);
                        await buffered.FlushAsync(ct).ConfigureAwait(false);
                    }
                    pipe.Complete();
                }
                catch (Exception ex)
                {
                    pipe.Complete(ex);
                    throw;
                }
            }, ct);

            try
            {
                using (pipe.Reader)
                {
                    await LoggedAsync("Build " + name, () => _client.Images.BuildImageFromDockerfileAsync(parameters, pipe.Reader, null, null, monitor, ct)).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (!(ex is OperationCanceledException) || !ct.IsCancellationRequested)
            {
                // A failure writing the context (unreadable file) is the real cause; report it rather than the HTTP error.
                if (producer.IsFaulted && producer.Exception!.InnerException is Exception cause && !(cause is IOException && cause.Message.Contains("closed by its reader")))
                {
                    throw new AoEcsException(ImageErrorIds.ImageBuildFailed, AoErrorKind.OperationFailed,
                        $"Sending the build context of {name} failed: {cause.Message}", name, cause);
                }
                if (ex is AoEcsException)
                {
                    throw;
                }
                throw new AoEcsException(ImageErrorIds.ImageBuildFailed, AoErrorKind.OperationFailed,
                    $"Building {name} failed: {MessageOf(ex)}{monitor.Tail()}", name, ex);
            }
            try
            {
                await producer.ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                throw new AoEcsException(ImageErrorIds.ImageBuildFailed, AoErrorKind.OperationFailed,
                    $"Sending the build context of {name} failed: {ex.Message}", name, ex);
            }

            if (monitor.Error != null)
            {
                throw new AoEcsException(ImageErrorIds.ImageBuildFailed, AoErrorKind.OperationFailed,
                    $"Building {name} failed: {monitor.Error}{monitor.Tail()}", name);
            }

            // The engine names the image in an aux message (API 1.30+: the full ID, nothing more to ask) or the "Successfully
            // built" line (a short ID); the tag is the last resort, and inspecting gives the full ID for those two.
            var id = monitor.ImageId;
            if (id == null || !FullImageId.IsMatch(id))
            {
                var inspect = await LoggedAsync("InspectImage " + name, () => _client.Images.InspectImageAsync(id ?? plan.References[0].ToString(), ct)).ConfigureAwait(false);
                id = inspect.ID;
            }
            progress?.Report(new ImageProgress(name, ImageStage.Build, "Built " + ShortId(id), 100));
            return id;
        }

        /// <summary>
        /// Pushes every tag, several at once (up to MaxParallelBuilds): the engine shares the layer uploads of tags in one
        /// repository, so each further tag costs little more than its manifest. Results come in request and tag order.
        /// A failed push does not stop the others, so the error can say exactly which tags are in the registry.
        /// </summary>
        private async Task<IReadOnlyList<AoImage>> PushAllAsync(List<Plan> plans, Dictionary<Plan, string> imageIds,
            Dictionary<string, AuthConfig> auth, ImagePublishOptions options, IProgress<ImageProgress>? progress, CancellationToken ct)
        {
            var pushes = new List<(ImageReference Reference, AoImage? Local, Task<PushOutcome>? Push)>();
            using (var throttle = new SemaphoreSlim(Math.Max(1, options.MaxParallelBuilds)))
            {
                foreach (var plan in plans)
                {
                    var imageId = imageIds[plan];
                    var push = options.Push && plan.Request.Push;
                    foreach (var reference in plan.References)
                    {
                        pushes.Add(push
                            ? (reference, null, PushOneAsync(plan, reference, imageId, auth[reference.Registry ?? "docker.io"], throttle, progress, ct))
                            : (reference, new AoImage(reference.Repository, reference.Tag, imageId, null, plan.Request.Service), (Task<PushOutcome>?)null));
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
                    : LooksUnreachable(firstFailure.Reason)
                    ? new AoEcsException(ImageErrorIds.RegistryUnreachable, AoErrorKind.Connection,
                        $"The registry of {reference} does not answer: {firstFailure.Reason}.{done}", reference.ToString())
                    : new AoEcsException(ImageErrorIds.ImagePushFailed, AoErrorKind.OperationFailed, $"Pushing {reference} failed: {firstFailure.Reason}.{done}", reference.ToString());
            }
            return outcomes.Select(o => o.Image!).ToList();
        }

        private async Task<PushOutcome> PushOneAsync(Plan plan, ImageReference reference, string imageId, AuthConfig auth, SemaphoreSlim throttle,
            IProgress<ImageProgress>? progress, CancellationToken ct)
        {
            await throttle.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                var monitor = new PushMonitor(reference.ToString(), progress);
                try
                {
                    await LoggedAsync("Push " + reference, () => _client.Images.PushImageAsync(reference.Repository, new ImagePushParameters { Tag = reference.Tag }, auth, monitor, ct)).ConfigureAwait(false);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException) || !ct.IsCancellationRequested)
                {
                    return PushOutcome.Failed(reference, Redact(MessageOf(ex), auth), ex is DockerApiException api && api.StatusCode == HttpStatusCode.Unauthorized);
                }
                if (monitor.Error != null)
                {
                    return PushOutcome.Failed(reference, Redact(monitor.Error, auth), LooksLikeAuthFailure(monitor.Error));
                }
                if (monitor.Digest == null)
                {
                    return PushOutcome.Failed(reference, "the engine did not report the pushed manifest's digest", false);
                }
                progress?.Report(new ImageProgress(reference.ToString(), ImageStage.Push, "Pushed " + monitor.Digest, 100));
                return PushOutcome.Done(new AoImage(reference.Repository, reference.Tag, imageId, monitor.Digest, plan.Request.Service));
            }
            finally
            {
                throttle.Release();
            }
        }

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

        private static bool LooksLikeAuthFailure(string message) =>
            message.IndexOf("unauthorized", StringComparison.OrdinalIgnoreCase) >= 0 ||
            message.IndexOf("authentication required", StringComparison.OrdinalIgnoreCase) >= 0 ||
            message.IndexOf("no basic auth credentials", StringComparison.OrdinalIgnoreCase) >= 0 ||
            message.IndexOf("denied", StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>
        /// The engine's words (Go's net and crypto/tls errors) for a registry it could not reach: refused, no such host,
        /// no route, a timeout, or TLS trouble. The engine sends only text, so its text is what there is to go by.
        /// </summary>
        internal static bool LooksUnreachable(string message) =>
            new[]
            {
                "connection refused", "no such host", "i/o timeout", "network is unreachable", "no route to host",
                "TLS handshake timeout", "server gave HTTP response to HTTPS client", "x509:", "connection reset by peer",
            }.Any(m => message.IndexOf(m, StringComparison.OrdinalIgnoreCase) >= 0);

        // Engine messages can echo what they were sent; make sure no secret goes further.
        private static string Redact(string? text, RegistryCredential credential) => Redact(text, credential.Password);
        private static string Redact(string? text, AuthConfig auth) => Redact(text, auth.Password);
        private static string Redact(string? text, string? secret)
        {
            text = (text ?? "").Trim();
            return string.IsNullOrEmpty(secret) ? text : text.Replace(secret, "********");
        }

        private static readonly Regex MessageField = new Regex("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"", RegexOptions.CultureInvariant);

        /// <summary>The engine's error body is {"message":"..."}; show the message.</summary>
        internal static string EngineMessage(string? body)
        {
            var match = MessageField.Match(body ?? "");
            return match.Success ? Regex.Unescape(match.Groups[1].Value) : (body ?? "").Trim();
        }

        private static string MessageOf(Exception ex) => ex is DockerApiException api ? EngineMessage(api.ResponseBody) : ex.Message;

        internal static string ShortId(string id)
        {
            var hex = id.StartsWith("sha256:", StringComparison.Ordinal) ? id.Substring(7) : id;
            return hex.Length > 12 ? hex.Substring(0, 12) : hex;
        }

        /// <summary>A request with its validated references and opened context.</summary>
        private sealed class Plan
        {
            private Plan(ImageBuildRequest request, IReadOnlyList<ImageReference> references, ContextArchive context)
            {
                Request = request;
                References = references;
                Context = context;
            }

            public ImageBuildRequest Request { get; }
            public IReadOnlyList<ImageReference> References { get; }
            public ContextArchive Context { get; }

            public static Plan Create(ImageBuildRequest request)
            {
                var tags = request.Tags.Count == 0 ? new List<string> { "latest" } : request.Tags.Distinct(StringComparer.Ordinal).ToList();
                var references = tags.Select(t => ImageReference.Create(request.Repository, t)).ToList();
                return new Plan(request, references, ContextArchive.Open(request.ContextPath, request.Dockerfile));
            }
        }

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
                // At most a few updates a second: a context can hold many thousands of files.
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

        /// <summary>Reads the build's JSON messages: steps become progress, errors and the image ID are kept.</summary>
        private sealed class BuildMonitor : IProgress<JSONMessage>
        {
            private readonly string _name;
            private readonly IProgress<ImageProgress>? _progress;
            private readonly Queue<string> _tail = new Queue<string>();
            private int _percent = -1;
            private string _step = "Building";

            public BuildMonitor(string name, IProgress<ImageProgress>? progress)
            {
                _name = name;
                _progress = progress;
            }

            public string? Error { get; private set; }
            public string? ImageId { get; private set; }

            public void Report(JSONMessage message)
            {
                if (message.Error != null || !string.IsNullOrEmpty(message.ErrorMessage))
                {
                    Error = message.Error?.Message ?? message.ErrorMessage;
                    return;
                }
                if (message.Aux?.ExtensionData != null && message.Aux.ExtensionData.TryGetValue("ID", out var id) && id != null)
                {
                    ImageId = id.ToString();
                }
                var text = message.Stream ?? message.Status;
                if (string.IsNullOrEmpty(text))
                {
                    return;
                }
                foreach (var raw in text!.Split('\n'))
                {
                    var line = raw.TrimEnd('\r');
                    if (line.Trim().Length == 0)
                    {
                        continue;
                    }
                    _tail.Enqueue(line);
                    while (_tail.Count > 12)
                    {
                        _tail.Dequeue();
                    }
                    var step = StepPattern.Match(line);
                    if (step.Success)
                    {
                        var n = int.Parse(step.Groups[1].Value, CultureInfo.InvariantCulture);
                        var total = int.Parse(step.Groups[2].Value, CultureInfo.InvariantCulture);
                        _percent = total > 0 ? Math.Min(99, (n - 1) * 100 / total) : -1;
                        _step = line.Length > 120 ? line.Substring(0, 117) + "..." : line;
                    }
                    var built = BuiltPattern.Match(line);
                    if (built.Success && ImageId == null)
                    {
                        ImageId = built.Groups[1].Value;
                    }
                    _progress?.Report(new ImageProgress(_name, ImageStage.Build, _step, _percent, line));
                }
            }

            public string Tail() => _tail.Count == 0 ? "" : Environment.NewLine + "Last build output:" + Environment.NewLine + string.Join(Environment.NewLine, _tail);
        }

        /// <summary>Reads the push's JSON messages: layer byte counts become progress; the aux message gives the digest.</summary>
        private sealed class PushMonitor : IProgress<JSONMessage>
        {
            private readonly string _name;
            private readonly IProgress<ImageProgress>? _progress;
            private readonly Dictionary<string, (long Current, long Total, bool Done)> _layers = new Dictionary<string, (long, long, bool)>();

            public PushMonitor(string name, IProgress<ImageProgress>? progress)
            {
                _name = name;
                _progress = progress;
            }

            public string? Error { get; private set; }
            public string? Digest { get; private set; }

            public void Report(JSONMessage message)
            {
                if (message.Error != null || !string.IsNullOrEmpty(message.ErrorMessage))
                {
                    Error = message.Error?.Message ?? message.ErrorMessage;
                    return;
                }
                if (message.Aux?.ExtensionData != null && message.Aux.ExtensionData.TryGetValue("Digest", out var digest) && digest != null)
                {
                    Digest = digest.ToString();
                }
                if (string.IsNullOrEmpty(message.ID) || string.IsNullOrEmpty(message.Status))
                {
                    return;
                }
                _layers.TryGetValue(message.ID, out var layer);
                if (message.Status == "Pushed" || message.Status == "Layer already exists" || message.Status == "Mounted from")
                {
                    layer = (layer.Total, layer.Total, true);
                }
                else if (message.Progress != null && message.Progress.Total > 0)
                {
                    layer = (Math.Min(message.Progress.Current, message.Progress.Total), message.Progress.Total, false);
                }
                _layers[message.ID] = layer;
                long current = 0, total = 0;
                var done = 0;
                foreach (var l in _layers.Values)
                {
                    current += l.Current;
                    total += l.Total;
                    done += l.Done ? 1 : 0;
                }
                // Layers count equally until byte totals are known.
                var percent = total > 0 ? (int)Math.Min(99, current * 100 / total) : (int)Math.Min(99, done * 100L / _layers.Count);
                _progress?.Report(new ImageProgress(_name, ImageStage.Push,
                    $"Pushing: {done}/{_layers.Count} layers done, {FormatBytes(current)} of {FormatBytes(total)} uploaded", percent));
            }
        }
    }
}
