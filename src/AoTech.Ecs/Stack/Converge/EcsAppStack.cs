using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack.Hardening;
using AoTech.Ecs.Stack.Locking;
using AoTech.Ecs.Stack.Planning;
using AoTech.Ecs.Stack.TaskDefinitions;
using Ec2 = Amazon.EC2.Model;
using R53 = AoTech.Ecs.Aws.Services.Route53;
using Ssm = Amazon.SimpleSystemsManagement.Model;
using Sts = Amazon.SecurityToken.Model;

namespace AoTech.Ecs.Stack.Converge
{
    /// <summary>Everything known before the first mutation: checked inputs, what exists, and the plan.</summary>
    public sealed class PreparedDeployment
    {
        internal PreparedDeployment(PreflightResult preflight, PlanInputs inputs, DiscoveredStack found, StackPlan plan, ApplyContext context)
        {
            Preflight = preflight;
            Inputs = inputs;
            Found = found;
            Plan = plan;
            Context = context;
        }

        public PreflightResult Preflight { get; }
        public PlanInputs Inputs { get; }
        public DiscoveredStack Found { get; }
        public StackPlan Plan { get; }
        public ApplyContext Context { get; }
    }

    /// <summary>
    /// The app stack engine behind New-, Get- and Remove-AoEcsApp: preflight + discovery + plan, then apply;
    /// status; teardown. The cmdlets only translate parameters, confirmation and output.
    /// </summary>
    public sealed partial class EcsAppStack
    {
        private readonly AwsConnection _aws;
        private readonly IStackReporter _reporter;

        public EcsAppStack(AwsConnection connection, IStackReporter? reporter = null)
        {
            _aws = connection;
            _reporter = reporter ?? NullStackReporter.Instance;
        }

        /// <summary>
        /// Checks the inputs (no AWS call when they are invalid), runs the AWS preflight, finds what exists and plans.
        /// Throws the first preflight failure with its ErrorId; nothing has changed at that point.
        /// </summary>
        public async Task<PreparedDeployment> PrepareAsync(AppSpec spec, CancellationToken ct)
        {
            spec.Validate();
            var names = StackNames.For(spec.Name, spec.Endpoint);
            var file = TaskDefinitionFile.Load(spec.TaskDefinitionPath);
            ContainerSelection.Select(file, spec.ContainerName, spec.ContainerPort);

            var facts = new PreflightFacts { Region = _aws.Region };
            var zones = HostedZonesAsync(ct);
            // An AMI of one's own (-AmiId) replaces the SSM look-up of the ECS-optimised one.
            var amis = spec.AmiId == null ? AmisAsync(ct) : Task.FromResult(new Dictionary<string, string>());
            var ownAmi = spec.AmiId == null ? null : OwnAmiAsync(spec.AmiId, ct);
            try
            {
                facts.HostedZones = await zones.ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (AwsErrorKinds.IsCredentialsRefused(ex))
            {
                // The first call of the run doubles as the credentials check.
                facts.CredentialsError = ex;
                Preflight.Run(spec, facts).ThrowIfFailed();
                throw;
            }
            var zone = HostedZones.FindFor(spec.DomainName, facts.HostedZones);

            // Stop before discovery when the inputs or the hosted zone are wrong (the network check needs discovery;
            // the credentials check passes once the account is known, below).
            var preliminary = Preflight.Run(spec, facts);
            var early = preliminary.Checks.FirstOrDefault(c => !c.Passed && c.Name != "network" && c.Name != "credentials");
            if (early != null) throw early.Error!;

            var discovery = new StackDiscovery(_aws, names);
            var found = await discovery.DiscoverAsync(spec, zone == null ? null : facts.HostedZones, ct).ConfigureAwait(false);
            // On an endpoint, the instances keep the endpoint's image unless -AmiId (equal to it) was given.
            string? endpointImage = null;
            if (names.IsOnSharedEndpoint)
            {
                var endpoint = await JoinEndpointAsync(spec, names, found, ct).ConfigureAwait(false);
                endpointImage = endpoint.AmiId;
                if (spec.VpcId != null && found.Network?.VpcId != spec.VpcId)
                    found = await discovery.DiscoverAsync(spec, zone == null ? null : facts.HostedZones, ct).ConfigureAwait(false);
            }
            var hardening = HardeningDiscovery.CompleteAsync(_aws, spec, found, ct);
            // Merged with what the app has before anything else: a scaling request that makes no sense changes nothing.
            var taskScaling = Scaling.TaskScalingRule.Desired(spec.Scaling, found.TaskScaling?.AsScaling(Scaling.TaskScalingNames.For(names)),
                spec.DesiredCountGiven ? spec.DesiredCount : (int?)null);
            facts.TaskScaling = taskScaling;
            facts.ServiceDesiredCount = Scaling.TaskScalingRule.ServiceDesiredCount(spec.DesiredCount,
                found.Service != null && found.Service.IsActive ? found.Service.DesiredCount : (int?)null, taskScaling);
            facts.ForeignResources = discovery.ForeignResources;
            facts.DomainHolders = found.DomainHolders;
            facts.MissingSubnetIds = discovery.MissingSubnetIds;
            if (!spec.UsesDedicatedNetwork) facts.GivenNetwork = found.Network;
            var networkChoice = NetworkChoice.Resolve(spec, found);
            facts.PublicInstances = networkChoice.Network == NetworkPlacement.Public;
            facts.NetworkRefusal = networkChoice.Refusal(found);

            // The account: from our roles' ARNs on a re-run, else (first run) from sts:GetCallerIdentity.
            facts.AccountId = AccountOf(found.ExecutionRole?.Arn) ?? AccountOf(found.InstanceRole?.Arn);
            if (facts.AccountId == null)
            {
                try
                {
                    facts.AccountId = (await CallerAsync(ct).ConfigureAwait(false)).Account;
                }
                catch (Exception ex) when (ex is AwsServiceException || ex is AoEcsException)
                {
                    facts.CredentialsError = ex;
                    Preflight.Run(spec, facts).ThrowIfFailed();
                }
            }

            // The desired task definition (and so its content hash) depends on the account: the execution role ARN.
            var target = preliminary.Target!;
            var desired = DesiredTaskDefinition.Create(preliminary.File!, target, names, _aws.Region,
                StackDefaults.RoleArn(_aws.Region, facts.AccountId!, names, names.ExecutionRole), spec.Tags,
                StackDefaults.RoleArn(_aws.Region, facts.AccountId!, names, names.TaskRole), spec.TaskRolePermissions.GrantsNothing);
            foreach (var note in desired.Notes) _reporter.Verbose("Task definition: " + note);
            // The strategy after this run (what was given, else what the app has), and whether the instances can carry it:
            // both refused here, before any change.
            var currentDeployment = Deployments.DeploymentResources.CurrentSettings(found, names);
            var deployment = Deployments.DeploymentSettings.Resolve(spec.Deployment, currentDeployment);
            await Deployments.DeploymentResources.RequireNoDeploymentRunningAsync(_aws, names, currentDeployment, deployment, ct).ConfigureAwait(false);
            Deployments.DeploymentResources.RequireFixedHostPortCapacity(deployment, StackPlanner.InstancePorts(desired), facts.ServiceDesiredCount.Value, spec.MaxSize);
            Deployments.DeploymentResources.RequireNoRequestScaling(deployment.Strategy, taskScaling?.TargetRequestsPerTask, names.App);
            var revisions = discovery.TaskDefinitionsAsync(found, desired, spec.ResetImage, ct);
            var candidates = await amis.ConfigureAwait(false);
            var architecture = KnownArchitecture(spec, found, desired, candidates, facts.ServiceDesiredCount.Value, taskScaling?.MaxCount);
            var instanceType = architecture == null ? InstanceTypeAsync(spec.InstanceType, ct) : null;
            // The capacity check counts the other services' tasks on a shared endpoint's instances too (only when it runs).
            var beside = instanceType != null && names.IsOnSharedEndpoint && found.Cluster != null
                ? Endpoints.EndpointServices.BesideAsync(_aws, names, ct) : null;
            facts.AvailabilityZones = await AvailabilityZonesAsync(spec, found.Network, ct).ConfigureAwait(false);
            await revisions.ConfigureAwait(false);
            if (instanceType != null)
            {
                facts.InstanceTypeLookedUp = true;
                facts.InstanceType = await instanceType.ConfigureAwait(false);
                if (beside != null) facts.EndpointTasks = await beside.ConfigureAwait(false);
                architecture = facts.InstanceType?.Architecture;
            }

            await hardening.ConfigureAwait(false);
            if (ownAmi != null) OwnAmiCheck.Require(spec, await ownAmi.ConfigureAwait(false), facts.InstanceType);
            PrivilegedCheck.Require(spec, preliminary.File!);

            var preflight = Preflight.Run(spec, facts);
            foreach (var check in preflight.Checks) _reporter.Verbose("Preflight " + check);
            preflight.ThrowIfFailed();
            foreach (var warning in preflight.Warnings) _reporter.Warning(warning);

            var inputs = new PlanInputs(spec, names, desired, _aws.Region)
            {
                AmiId = spec.AmiId ?? endpointImage ?? AmiFor(architecture!, candidates),
                UserData = InstanceUserData.For(names.Cluster, spec.AllowPrivileged, spec.UserDataScript),
                AvailabilityZones = facts.AvailabilityZones,
                Network = networkChoice,
                TaskScaling = taskScaling,
                Deployment = deployment,
            };
            var plan = StackPlanner.Plan(inputs, found);
            return new PreparedDeployment(preflight, inputs, found, plan, new ApplyContext(facts.AccountId!, preflight.HostedZone!.Id));
        }

        /// <summary>How long each documented AWS delay is waited for, on which clock (tests shorten or script them).</summary>
        public StackWaits Waits { get; set; } = new StackWaits();

        /// <summary>Timings of the app lock the changing operations take (tests shorten them).</summary>
        public AppLockOptions LockOptions { get; set; } = new AppLockOptions();

        /// <summary>The lock that serialises runs changing <paramref name="app"/> (New-, Set-, Remove-AoEcsApp).</summary>
        public AppLock LockFor(string app) => new AppLock(_aws, app, _reporter, LockOptions);

        /// <summary>
        /// New-AoEcsApp from start to end: plans without the lock and, when nothing is to change (or
        /// <paramref name="approve"/> confirms nothing), only reads: a re-run makes no mutating call. Otherwise it takes
        /// the app's lock (waiting for a run already at work), plans again (that run may have built everything
        /// meanwhile) and applies. <paramref name="approve"/> is asked for each plan and returns the groups to apply,
        /// or null to stop after the first plan (-WhatIf). Returns null only then.
        /// </summary>
        public async Task<AoEcsApp?> ConvergeAsync(AppSpec spec, string operation, Func<StackPlan, Task<ISet<ResourceGroup>?>> approve,
            CancellationToken ct)
        {
            var prepared = await PrepareAsync(spec, ct).ConfigureAwait(false);
            // Warned before asking, so -WhatIf and -Confirm show them too; a second plan only adds what is new.
            var warned = new HashSet<string>(prepared.Plan.Warnings);
            foreach (var warning in prepared.Plan.Warnings) _reporter.Warning(warning);
            var approved = await approve(prepared.Plan).ConfigureAwait(false);
            if (approved == null) return null;
            if (approved.Count == 0) return await ApplyAsync(prepared, approved, ct).ConfigureAwait(false);
            async Task<AoEcsApp> Locked(bool endpointLockHeld, CancellationToken t)
            {
                var current = await PrepareAsync(spec, t).ConfigureAwait(false);
                foreach (var warning in current.Plan.Warnings.Where(warned.Add)) _reporter.Warning(warning);
                if (current.Plan.IsNoOp) _reporter.Verbose($"App '{spec.Name}' is already as asked (another run built it meanwhile): nothing to change.");
                var now = await approve(current.Plan).ConfigureAwait(false) ?? new HashSet<ResourceGroup>();
                return await ApplyAsync(current, now, t, endpointLockHeld).ConfigureAwait(false);
            }
            var names = prepared.Inputs.Names;
            return await LockFor(spec.Name).RunAsync(operation, t => !names.IsOnSharedEndpoint || !IsIncompleteEndpoint(prepared.Found, spec)
                ? Locked(false, t)
                // Two apps making one new endpoint at once would each build its network, load balancer and instances: the
                // endpoint's lock, taken inside the app's, makes the second wait and then find them.
                : AppLock.ForEndpoint(_aws, names.EndpointName, _reporter, LockOptions).RunAsync(operation + " " + spec.Name, u => Locked(true, u), t),
                ct).ConfigureAwait(false);
        }

        /// <summary>Whether a shared endpoint's own resources are (partly) still to be made.</summary>
        private static bool IsIncompleteEndpoint(DiscoveredStack found, AppSpec spec) =>
            spec.UsesDedicatedNetwork && found.Network == null || found.LoadBalancerSecurityGroup == null || found.InstanceSecurityGroup == null ||
            found.LoadBalancer == null || found.HttpsListener == null || found.HttpListener == null || found.LaunchTemplate == null ||
            found.AutoScalingGroup == null || found.CapacityProvider == null || found.Cluster == null || found.InstanceRole == null ||
            found.InstanceProfile == null;

        /// <summary>Carries out the plan for the confirmed groups and returns the app as it now is.</summary>
        public async Task<AoEcsApp> ApplyAsync(PreparedDeployment deployment, ISet<ResourceGroup> approvedGroups, CancellationToken ct,
            bool endpointLockHeld = false)
        {
            var applier = await RunApplierAsync(deployment.Inputs, deployment.Found, deployment.Plan, deployment.Context, approvedGroups,
                endpointLockHeld, ct).ConfigureAwait(false);
            var names = deployment.Inputs.Names;
            var outputs = applier.Outputs;
            var found = deployment.Found;
            var spec = deployment.Inputs.Spec;
            return new AoEcsApp
            {
                Name = names.App,
                DomainName = spec.DomainName,
                Url = "https://" + spec.DomainName + "/",
                Region = _aws.Region,
                Cluster = outputs.ClusterArn != null || found.Cluster != null ? names.Cluster : null,
                Endpoint = names.IsOnSharedEndpoint ? names.EndpointName : null,
                PathPattern = names.IsOnSharedEndpoint ? spec.PathPattern.ToList() : null,
                Service = outputs.ServiceArn != null ? names.Service : null,
                TaskDefinition = outputs.TaskDefinitionArn != null ? StackPlanner.ShortArn(outputs.TaskDefinitionArn) : null,
                LoadBalancerDnsName = outputs.LoadBalancerDnsName,
                CertificateStatus = outputs.CertificateStatus ?? found.Certificate?.Status,
                Changes = applier.Done,
                DesiredCount = Scaling.TaskScalingRule.ServiceDesiredCount(spec.DesiredCount,
                    found.Service != null && found.Service.IsActive ? found.Service.DesiredCount : (int?)null, deployment.Inputs.TaskScaling),
            }.WithScaling(deployment.Inputs.TaskScaling)
             .WithDeployment(Deployments.DeploymentResources.SettingsAfterRun(deployment.Inputs, found), outputs.ProductionRuleArn == null ? outputs.TargetGroupArn
                 : Deployments.DeploymentResources.LiveTargetGroupArn(found, names) ?? outputs.TargetGroupArn);
        }

        /// <summary>
        /// Applies <paramref name="plan"/>'s confirmed groups (with the endpoint's lock on hand for an app on a shared endpoint)
        /// and warns of the groups skipped; New-AoEcsApp's run and Set-AoEcsApp's strategy change both end here.
        /// </summary>
        private async Task<StackApplier> RunApplierAsync(PlanInputs inputs, DiscoveredStack found, StackPlan plan, ApplyContext context,
            ISet<ResourceGroup> approvedGroups, bool endpointLockHeld, CancellationToken ct)
        {
            var applier = new StackApplier(_aws, inputs, found, plan, context, _reporter, approvedGroups, Waits);
            var names = inputs.Names;
            if (names.IsOnSharedEndpoint)
            {
                applier.EndpointLock = AppLock.ForEndpoint(_aws, names.EndpointName, _reporter, LockOptions);
                applier.EndpointLockHeld = endpointLockHeld;
            }
            await applier.ApplyAsync(ct).ConfigureAwait(false);
            foreach (var group in applier.Skipped) _reporter.Warning($"{group} was not applied: a group it depends on was not confirmed.");
            return applier;
        }

        public Task<Listing.RegionApps> ListAppsAsync(CancellationToken ct) => new StackStatus(_aws).ListAppsAsync(ct);

        /// <summary>Status of several apps read together (valid names); <paramref name="listing"/> when they came from <see cref="ListAppsAsync"/>.</summary>
        public Task<IReadOnlyList<Listing.AppReading>> GetAppsAsync(IReadOnlyList<string> apps, Listing.RegionApps? listing, CancellationToken ct) =>
            new StackStatus(_aws).GetAsync(apps, listing, ct);

        public Task<AoEcsApp?> GetAppAsync(string app, CancellationToken ct)
        {
            StackNames.ValidateAppName(app);
            return new StackStatus(_aws).GetAsync(app, ct);
        }

        /// <summary>What Remove-AoEcsApp would delete (empty when the app does not exist).</summary>
        public async Task<TeardownPlan> PlanRemovalAsync(string app, CancellationToken ct)
        {
            var names = StackNames.For(app);
            return await new StackTeardown(_aws, names, _reporter, Waits).FindAsync(HostedZonesAsync(ct), ct).ConfigureAwait(false);
        }

        /// <summary>
        /// Remove-AoEcsApp's change: takes the app's lock (waiting for a run at work, taking over a dead run's), finds
        /// what exists again (that run may have built more), removes it, and releases the lock, which deletes it.
        /// </summary>
        public Task<IReadOnlyList<string>> RemoveLockedAsync(string app, string operation, CancellationToken ct) =>
            LockFor(app).RunAsync(operation, async t =>
            {
                var plan = await PlanRemovalAsync(app, t).ConfigureAwait(false);
                return await RemoveAsync(plan, t).ConfigureAwait(false);
            }, ct);

        public async Task<IReadOnlyList<string>> RemoveAsync(TeardownPlan plan, CancellationToken ct)
        {
            var teardown = new StackTeardown(_aws, plan.Names, _reporter, Waits);
            if (plan.Names.IsOnSharedEndpoint) teardown.EndpointLock = AppLock.ForEndpoint(_aws, plan.Names.EndpointName, _reporter, LockOptions);
            await teardown.RemoveAsync(plan, ct).ConfigureAwait(false);
            return teardown.Done;
        }

        /// <summary>
        /// An app on a shared endpoint: the endpoint-level values it was given must equal the endpoint's (EndpointSettingMismatch
        /// before any change), and those it was not given are the endpoint's, so that joining plans no change to what every app
        /// shares: instances, who may reach the load balancer, network. A new endpoint takes the first app's values (or the
        /// defaults). Returns the endpoint's values. An app that takes the endpoint's given VPC has it as -VpcId, which
        /// discovery then reads again.
        /// </summary>
        private async Task<Endpoints.EndpointSettings> JoinEndpointAsync(AppSpec spec, StackNames names, DiscoveredStack found, CancellationToken ct)
        {
            // The instance role's boundary is one of the endpoint's values (discovery's GetRole read it already).
            if (found.InstanceRole != null && !found.InstanceRole.BoundaryKnown) await HardeningDiscovery.BoundaryAsync(_aws, found.InstanceRole, ct).ConfigureAwait(false);
            var current = Endpoints.EndpointSettings.Of(found, _aws.Region);
            var given = spec.GivenParameters ?? new[]
            {
                nameof(AppSpec.InstanceType), nameof(AppSpec.MinSize), nameof(AppSpec.MaxSize), nameof(AppSpec.AllowedCidr),
                nameof(AppSpec.AllowPrivileged), nameof(AppSpec.NoSessionManager),
            };
            Endpoints.EndpointSettings.Given(spec, found, given).RequireSameAs(current, names.EndpointName, spec.Name);
            current.ApplyTo(spec, given);
            // An endpoint in a VPC it was given (-VpcId/-SubnetId) has no VPC of its own to find by name: the app takes it.
            if (spec.UsesDedicatedNetwork && current.VpcId != null && found.Network?.VpcId != current.VpcId)
            {
                spec.VpcId = current.VpcId;
                spec.SubnetIds = current.SubnetIds!.OrderBy(s => s, StringComparer.Ordinal).ToList();
            }
            return current;
        }

        // ---- preflight facts ----

        /// <summary>The account id in an ARN (arn:partition:service:region:account:resource), or null.</summary>
        internal static string? AccountOf(string? arn)
        {
            var parts = arn?.Split(':');
            return parts != null && parts.Length > 5 && parts[0] == "arn" && parts[4].Length > 0 ? parts[4] : null;
        }

        private Task<Sts.GetCallerIdentityResponse> CallerAsync(CancellationToken ct) =>
            _aws.CallSdkAsync("sts", "GetCallerIdentity", t => _aws.Sts.GetCallerIdentityAsync(new Sts.GetCallerIdentityRequest(), t), ct);

        /// <summary>All hosted zones of the account (one page for most accounts).</summary>
        public async Task<List<HostedZoneInfo>> HostedZonesAsync(CancellationToken ct)
        {
            var zones = new List<HostedZoneInfo>();
            string? next = null;
            string? nextId = null;
            do
            {
                var page = await _aws.SendAsync(new R53.ListHostedZonesByNameRequest { DNSName = next, HostedZoneId = nextId }, ct).ConfigureAwait(false);
                zones.AddRange(page.HostedZones.OrEmpty().Where(z => z.Id != null && z.Name != null)
                    .Select(z => new HostedZoneInfo(z.Id!, z.Name!, z.Config?.PrivateZone == true)));
                next = page.IsTruncated == true ? page.NextDNSName : null;
                nextId = page.IsTruncated == true ? page.NextHostedZoneId : null;
            } while (next != null);
            return zones;
        }

        /// <summary>
        /// The current ECS-optimised AMI of each architecture (one GetParameters call); an architecture whose parameter the
        /// region lacks is left out.
        /// </summary>
        private async Task<Dictionary<string, string>> AmisAsync(CancellationToken ct)
        {
            var names = StackDefaults.EcsAmiArchitectures.ToDictionary(a => StackDefaults.EcsAmiParameter(a), a => a);
            var response = await _aws.CallSdkAsync("ssm", "GetParameters", t => _aws.Ssm.GetParametersAsync(
                new Ssm.GetParametersRequest { Names = names.Keys.ToList() }, t), ct).ConfigureAwait(false);
            return response.Parameters.OrEmpty().Where(p => p.Name != null && names.ContainsKey(p.Name) && !string.IsNullOrEmpty(p.Value))
                .ToDictionary(p => names[p.Name], p => p.Value, StringComparer.Ordinal);
        }

        /// <summary>-AmiId as EC2 describes it (DescribeImages), or null when this account cannot see it in the region.</summary>
        private async Task<Ec2.Image?> OwnAmiAsync(string amiId, CancellationToken ct)
        {
            try
            {
                var response = await _aws.Ec2("DescribeImages", (c, t) => c.DescribeImagesAsync(new Ec2.DescribeImagesRequest
                {
                    ImageIds = new List<string> { amiId },
                }, t), ct).ConfigureAwait(false);
                return response.Images.OrEmpty().FirstOrDefault();
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "InvalidAMIID.NotFound" || ex.ErrorCode == "InvalidAMIID.Unavailable" ||
                                                 ex.ErrorCode == "InvalidAMIID.Malformed")
            {
                return null;
            }
        }

        private string AmiFor(string architecture, Dictionary<string, string> amis)
        {
            if (amis.TryGetValue(architecture, out var ami)) return ami;
            var parameter = StackDefaults.EcsAmiParameter(architecture);
            throw new AoEcsException(StackErrorIds.AmiNotFound, AoErrorKind.ObjectNotFound,
                $"The ECS-optimised Amazon Linux 2023 AMI parameter {parameter} ({architecture}) does not exist in {_aws.Region}.", parameter);
        }

        /// <summary>
        /// The architecture of the instance type when a re-run already knows it and nothing the capacity check bears on
        /// changed (instance type, -MaxSize, -DesiredCount, -MaxCount, task definition file): then the launch template's image is one of
        /// the current AMIs, and no DescribeInstanceTypes call is made. Null: look the type up.
        /// </summary>
        private static string? KnownArchitecture(AppSpec spec, DiscoveredStack found, DesiredTaskDefinition desired, Dictionary<string, string> amis,
            int serviceDesiredCount, int? maxCount)
        {
            var template = found.LaunchTemplate;
            if (template == null || template.InstanceType != spec.InstanceType) return null;
            if (found.AutoScalingGroup?.MaxSize != spec.MaxSize || found.Service?.DesiredCount != serviceDesiredCount) return null;
            // A new -MaxCount is checked against the capacity too (a warning when it cannot fit).
            if (found.TaskScaling?.MaxCount != maxCount) return null;
            if (found.Service == null || !found.Service.Tags.TryGetValue(StackNames.TaskDefinitionFileHashTagKey, out var hash) || !desired.IsAppliedAs(hash))
                return null;
            return amis.FirstOrDefault(a => a.Value == template.ImageId).Key;
        }

        /// <summary>The instance type as EC2 describes it in this region, or null when it does not exist here.</summary>
        private async Task<InstanceTypeInfo?> InstanceTypeAsync(string instanceType, CancellationToken ct)
        {
            try
            {
                var response = await _aws.Ec2("DescribeInstanceTypes", (c, t) => c.DescribeInstanceTypesAsync(new Ec2.DescribeInstanceTypesRequest
                {
                    InstanceTypes = new List<string> { instanceType },
                }, t), ct).ConfigureAwait(false);
                var info = response.InstanceTypes.OrEmpty().FirstOrDefault();
                return info == null ? null : new InstanceTypeInfo(instanceType,
                    info.ProcessorInfo?.SupportedArchitectures.OrEmpty().ToList() ?? new List<string>(),
                    info.MemoryInfo?.SizeInMiB ?? 0, info.VCpuInfo?.DefaultVCpus ?? 0);
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "InvalidInstanceType")
            {
                return null;
            }
        }

        /// <summary>Zones for the dedicated network: those of its existing subnets, else the region's first available ones.</summary>
        private async Task<IList<string>> AvailabilityZonesAsync(AppSpec spec, DiscoveredNetwork? network, CancellationToken ct)
        {
            if (!spec.UsesDedicatedNetwork)
                return network?.Subnets.Select(s => s.AvailabilityZone).Distinct().OrderBy(z => z, StringComparer.Ordinal).ToList() ?? new List<string>();
            var existing = network?.Subnets.Select(s => s.AvailabilityZone).Distinct().OrderBy(z => z, StringComparer.Ordinal).ToList();
            if (existing != null && existing.Count >= StackDefaults.SubnetCount) return existing;
            var response = await _aws.Ec2("DescribeAvailabilityZones", (c, t) => c.DescribeAvailabilityZonesAsync(new Ec2.DescribeAvailabilityZonesRequest
            {
                Filters = new List<Ec2.Filter> { AwsCalls.Filter("state", "available") },
            }, t), ct).ConfigureAwait(false);
            var zones = response.AvailabilityZones.OrEmpty()
                .Where(z => z.ZoneType == null || z.ZoneType == "availability-zone")
                .Select(z => z.ZoneName).OrderBy(z => z, StringComparer.Ordinal).ToList();
            // Keep zones that already hold one of our subnets, then fill up in order: a re-run never moves a subnet.
            return (existing ?? new List<string>()).Concat(zones.Where(z => existing == null || !existing.Contains(z))).ToList();
        }
    }
}
