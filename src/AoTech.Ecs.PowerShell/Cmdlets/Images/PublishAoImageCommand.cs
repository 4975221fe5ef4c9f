using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Images;
using AoTech.Ecs.Images.Compose;
using AoTech.Ecs.PowerShell.Infrastructure;

namespace AoTech.Ecs.PowerShell.Cmdlets.Images
{
    [Cmdlet(VerbsData.Publish, "AoImage", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
    [OutputType(typeof(AoImage))]
    public sealed class PublishAoImageCommand : AoAwsCmdlet
    {
        private const string PathSet = "Path";
        private const string ComposeSet = "ComposeFile";

        [Parameter(ParameterSetName = PathSet, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = ".";

        [Parameter(ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        [PSDefaultValue(Help = "Dockerfile in the build context")]
        public string? Dockerfile { get; set; }

        [Parameter(ParameterSetName = PathSet)]
        public Hashtable? BuildArg { get; set; }

        [Parameter(ParameterSetName = PathSet)]
        public Hashtable? Label { get; set; }

        [Parameter(ParameterSetName = PathSet, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string Repository { get; set; } = "";

        [Parameter]
        [ValidateNotNullOrEmpty]
        [PSDefaultValue(Help = "latest (with -ComposeFile: each image's own tag only)")]
        public string[]? Tag { get; set; }

        [Parameter(ParameterSetName = ComposeSet, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string ComposeFile { get; set; } = "";

        [Parameter(ParameterSetName = ComposeSet)]
        [ValidateNotNullOrEmpty]
        [PSDefaultValue(Help = "Every service with a build: section")]
        public string[]? Service { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [PSDefaultValue(Help = "DOCKER_HOST, else the local engine")]
        public string? DockerHost { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [PSDefaultValue(Help = "DOCKER_CERT_PATH")]
        public string? DockerCertPath { get; set; }

        [Parameter]
        [Credential]
        public PSCredential? RegistryCredential { get; set; }

        [Parameter]
        public SwitchParameter NoPush { get; set; }

        [Parameter]
        public SwitchParameter NoCache { get; set; }

        [Parameter]
        public SwitchParameter Pull { get; set; }

        [Parameter(ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        public string? Target { get; set; }

        [Parameter]
        public ImageBuilderKind Builder { get; set; } = ImageBuilderKind.Auto;

        [Parameter(ParameterSetName = ComposeSet)]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 4;

        private string? _path, _dockerfile, _composeFile, _dockerCertPath;

        protected override void OnPipelineThreadStart()
        {
            base.OnPipelineThreadStart();
            // Through PowerShell's provider (only the pipeline thread may): relative to the PowerShell location (as
            // docker build -f is to the working directory), '~' and PSDrives work.
            if (ParameterSetName == ComposeSet) _composeFile = ProviderPaths.ResolveFile(this, ComposeFile, nameof(ComposeFile));
            else _path = ProviderPaths.Resolve(this, Path, nameof(Path));
            if (Dockerfile != null) _dockerfile = ProviderPaths.ResolveFile(this, Dockerfile, nameof(Dockerfile));
            if (DockerCertPath != null) _dockerCertPath = ProviderPaths.Resolve(this, DockerCertPath, nameof(DockerCertPath));
        }

        protected override async Task ProcessRecordAsync(CancellationToken ct)
        {
            var requests = ParameterSetName == ComposeSet ? ComposeRequests() : new List<ImageBuildRequest> { PathRequest() };
            if (requests.Count == 0)
            {
                PostWarning($"No service in {ComposeFile} has a build: section" + (Service != null ? " among " + string.Join(", ", Service) : "") + ".");
                return;
            }

            // Only a -Region given here travels down the pipeline: an ECR registry's region (taken from its host
            // below) says where the image is stored, not where the app runs.
            var givenRegion = Region;
            var push = !NoPush.IsPresent;
            var what = string.Join(", ", requests.Select(r => r.Repository + ":" + string.Join(",", r.Tags)));
            if (!await ShouldProcessAsync(what, push ? "Build and push image" : "Build image").ConfigureAwait(false))
            {
                return;
            }

            var options = new ImagePublishOptions { Push = push, MaxParallelBuilds = ThrottleLimit, Builder = Builder };
            if (RegistryCredential != null)
            {
                // An empty server address: these credentials serve whichever registry the repositories name.
                options.Credentials.Add(AoTech.Ecs.Images.RegistryCredential.FromNetworkCredential("", RegistryCredential.GetNetworkCredential()));
            }

            if (push)
            {
                AddEcrProvider(requests, options);
            }

            var endpoint = DockerEndpoint.Resolve(DockerHost, _dockerCertPath);
            PostVerbose($"Docker engine: {endpoint}");
            var progress = new ProgressWriter(this);
            try
            {
                using (var publisher = new ImagePublisher(endpoint) { CallLog = PostVerbose })
                {
                    var images = await publisher.PublishAsync(requests, options, progress, ct).ConfigureAwait(false);
                    progress.CompleteAll();
                    foreach (var image in images)
                    {
                        PostObject(WithConnectionDetails(image, givenRegion));
                    }
                }
            }
            finally
            {
                progress.CompleteAll();
            }
        }

        // ECR repositories get created when missing and credentials from GetAuthorizationToken (AWS parameters apply).
        private void AddEcrProvider(List<ImageBuildRequest> requests, ImagePublishOptions options)
        {
            var ecrRegions = requests.Where(r => r.Push)
                .Select(r => EcrRegistry.TryParseHost(ImageReference.RegistryOf(r.Repository), out _, out var region) ? region : null)
                .Where(r => r != null).Distinct().ToList();
            if (ecrRegions.Count == 0)
            {
                return;
            }
            if (ecrRegions.Count > 1)
            {
                throw new AoEcsException(ImageErrorIds.EcrRegionsMixed, AoErrorKind.InvalidArgument,
                    "The repositories name ECR registries in several regions (" + string.Join(", ", ecrRegions) + "); publish to one region per call.",
                    string.Join(", ", ecrRegions));
            }
            // The registry host names the region; an explicit -Region must agree with it.
            if (string.IsNullOrEmpty(Region))
            {
                Region = ecrRegions[0];
            }
            else if (!string.Equals(Region, ecrRegions[0], StringComparison.OrdinalIgnoreCase))
            {
                throw new AoEcsException(ImageErrorIds.EcrRegionMismatch, AoErrorKind.InvalidArgument,
                    $"-Region {Region} does not match the region of the ECR registry, {ecrRegions[0]}: leave -Region out, or give {ecrRegions[0]}.",
                    requests.First(r => r.Push).Repository);
            }
            options.AuthProviders.Add(new EcrRegistry(Connection));
        }

        private ImageBuildRequest PathRequest()
        {
            var request = new ImageBuildRequest(_path!, Repository, Tag ?? new[] { "latest" })
            {
                Dockerfile = _dockerfile,
                Target = Target,
                NoCache = NoCache.IsPresent,
                Pull = Pull.IsPresent,
            };
            Copy(BuildArg, request.BuildArgs);
            Copy(Label, request.Labels);
            return request;
        }

        private static void Copy(Hashtable? from, IDictionary<string, string> to)
        {
            if (from == null)
            {
                return;
            }
            foreach (DictionaryEntry entry in from)
            {
                to[entry.Key.ToString()!] = entry.Value?.ToString() ?? "";
            }
        }

        private List<ImageBuildRequest> ComposeRequests()
        {
            var compose = AoTech.Ecs.Images.Compose.ComposeFile.Load(_composeFile!);
            foreach (var warning in compose.Warnings)
            {
                PostWarning(warning);
            }
            var requests = compose.ToBuildRequests(Tag).ToList();
            if (Service != null)
            {
                var unknown = Service.Where(s => !compose.BuildServices.Any(b => string.Equals(b.Name, s, StringComparison.OrdinalIgnoreCase))).ToList();
                if (unknown.Count > 0)
                {
                    throw new AoEcsException(ImageErrorIds.ServiceNotFound, AoErrorKind.ObjectNotFound,
                        $"{ComposeFile} has no service with a build: section named {string.Join(", ", unknown)}.", unknown[0]);
                }
                requests = requests.Where(r => Service.Any(s => string.Equals(s, r.Service, StringComparison.OrdinalIgnoreCase))).ToList();
            }
            foreach (var request in requests)
            {
                // The switches add to what the compose file asks (build.no_cache, build.pull); they never turn it off.
                request.NoCache |= NoCache.IsPresent;
                request.Pull |= Pull.IsPresent;
            }
            return requests;
        }

        // The images this run publishes: the repository, or the compose file.
        protected override object? TargetOf(Exception ex) => ParameterSetName == ComposeSet ? ComposeFile : Repository;

        // Turns core progress into one Write-Progress activity per image and build output into -Verbose.
        private sealed class ProgressWriter : IProgress<ImageProgress>
        {
            private readonly PublishAoImageCommand _cmdlet;
            private readonly Dictionary<string, int> _activities = new Dictionary<string, int>(StringComparer.Ordinal);
            private readonly object _gate = new object();
            private bool _completed;

            public ProgressWriter(PublishAoImageCommand cmdlet) => _cmdlet = cmdlet;

            public void Report(ImageProgress value)
            {
                int id;
                lock (_gate)
                {
                    if (_completed)
                    {
                        return;
                    }
                    if (!_activities.TryGetValue(value.Image, out id))
                    {
                        id = _activities.Count + 1;
                        _activities[value.Image] = id;
                    }
                }
                var verb = value.Stage == ImageStage.Push ? "Pushing " : "Building ";
                var record = new ProgressRecord(id, verb + value.Image, string.IsNullOrEmpty(value.Status) ? "..." : value.Status)
                {
                    PercentComplete = Math.Max(-1, Math.Min(100, value.PercentComplete)),
                };
                _cmdlet.PostProgress(record);
                if (value.Line != null)
                {
                    _cmdlet.PostVerbose("[" + value.Image + "] " + value.Line);
                }
            }

            // Every activity ends with a Completed record.
            public void CompleteAll()
            {
                List<KeyValuePair<string, int>> open;
                lock (_gate)
                {
                    if (_completed)
                    {
                        return;
                    }
                    _completed = true;
                    open = _activities.ToList();
                }
                foreach (var activity in open)
                {
                    _cmdlet.PostProgress(new ProgressRecord(activity.Value, "Publishing " + activity.Key, "Done") { RecordType = ProgressRecordType.Completed });
                }
            }
        }
    }
}
