using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Stack.Converge.Discovery;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Stack.Planning;
using AoTech.Ecs.Waiting;
using Acm = AoTech.Ecs.Aws.Services.Acm;
using Asg = AoTech.Ecs.Aws.Services.AutoScaling;
using Ec2 = Amazon.EC2.Model;
using EcsApi = AoTech.Ecs.Aws.Services.Ecs;
using Elb = AoTech.Ecs.Aws.Services.Elb;
using Iam = AoTech.Ecs.Aws.Services.Iam;
using Logs = AoTech.Ecs.Aws.Services.Logs;
using R53 = AoTech.Ecs.Aws.Services.Route53;

namespace AoTech.Ecs.Stack.Converge
{
    /// <summary>One resource Remove-AoEcsApp deletes (what -WhatIf lists).</summary>
    public sealed class TeardownItem
    {
        public TeardownItem(string resource, string name)
        {
            Resource = resource;
            Name = name;
        }

        public string Resource { get; }
        public string Name { get; }
        public override string ToString() => $"Delete {Resource} {Name}";
    }

    /// <summary>Everything of one app that a teardown removes, found by names and tags only.</summary>
    public sealed class TeardownPlan
    {
        internal TeardownPlan(StackNames names, DiscoveredStack found, List<DiscoveredCertificate> certificates, List<string> taskDefinitions)
        {
            Names = names;
            Found = found;
            Certificates = certificates;
            TaskDefinitionArns = taskDefinitions;
        }

        public StackNames Names { get; }
        public DiscoveredStack Found { get; }
        public List<DiscoveredCertificate> Certificates { get; }
        public List<string> TaskDefinitionArns { get; }
        /// <summary>
        /// Alias records pointing at the app's load balancer: for its domain and for any earlier domain one of its
        /// certificates still names (a domain change leaves the old alias until the app is removed).
        /// </summary>
        public List<ZoneRecord> AliasRecords { get; } = new List<ZoneRecord>();
        /// <summary>Validation CNAMEs of our certificates, exactly as ACM asked for them.</summary>
        public List<ZoneRecord> ValidationRecords { get; } = new List<ZoneRecord>();
        /// <summary>
        /// An app on a shared endpoint: what the endpoint's HTTPS listener routes (its rule and certificate come off it; the
        /// endpoint stays). Null for a stack of its own, or when the endpoint has no HTTPS listener.
        /// </summary>
        public Endpoints.ListenerRoutes? Routes { get; internal set; }
        /// <summary>The app's certificates another app on the endpoint still needs: they stay on the listener and become that app's.</summary>
        public List<Endpoints.CertificateHandOver> CertificateHandOvers { get; } = new List<Endpoints.CertificateHandOver>();

        /// <summary>What goes, in the order it goes (reverse dependency order).</summary>
        public IReadOnlyList<TeardownItem> Items
        {
            get
            {
                var f = Found;
                var items = new List<TeardownItem>();
                if (Routes != null && Routes.TestRules.TryGetValue(Names.App, out var test))
                    items.Add(new TeardownItem("test listener rule", $"{test.Placed.Route} ({test.Header}) of endpoint {Names.EndpointName}"));
                if (Routes != null && Routes.Apps.TryGetValue(Names.App, out var rule))
                    items.Add(new TeardownItem("listener rule", $"{rule.Placed.Route} of endpoint {Names.EndpointName}"));
                foreach (var certificate in Certificates.Where(c => Routes != null && Routes.Serves(c.Arn)))
                    items.Add(new TeardownItem("listener certificate", $"{certificate.DomainName} of endpoint {Names.EndpointName}"));
                if (f.TaskScaling != null) items.Add(new TeardownItem("scalable target", Scaling.TaskScalingNames.For(Names).ResourceId));
                if (f.Service != null) items.Add(new TeardownItem("ECS service", f.Service.Name));
                foreach (var alias in AliasRecords) items.Add(new TeardownItem("alias record", StackPlanner.TrimDot(alias.Record.Name)));
                if (f.LoadBalancer != null) items.Add(new TeardownItem("load balancer", Names.LoadBalancer));
                if (f.TargetGroup != null) items.Add(new TeardownItem("target group", Names.TargetGroup));
                if (f.AlternateTargetGroup != null) items.Add(new TeardownItem("target group", Names.AlternateTargetGroup));
                foreach (var record in ValidationRecords) items.Add(new TeardownItem("DNS validation record", StackPlanner.TrimDot(record.Record.Name)));
                foreach (var certificate in Certificates) items.Add(new TeardownItem("certificate", $"{certificate.DomainName} ({certificate.Arn})"));
                if (f.CapacityProvider != null) items.Add(new TeardownItem("capacity provider", f.CapacityProvider.Name));
                if (f.AutoScalingGroup != null) items.Add(new TeardownItem("Auto Scaling group", f.AutoScalingGroup.Name));
                if (f.Cluster != null) items.Add(new TeardownItem("ECS cluster", f.Cluster.Name));
                if (f.LaunchTemplate != null) items.Add(new TeardownItem("launch template", f.LaunchTemplate.Name));
                if (f.InstanceSecurityGroup != null) items.Add(new TeardownItem("security group", $"{Names.InstanceSecurityGroup} ({f.InstanceSecurityGroup.GroupId})"));
                if (f.LoadBalancerSecurityGroup != null) items.Add(new TeardownItem("security group", $"{Names.LoadBalancerSecurityGroup} ({f.LoadBalancerSecurityGroup.GroupId})"));
                foreach (var arn in TaskDefinitionArns) items.Add(new TeardownItem("task definition", StackPlanner.ShortArn(arn)));
                if (f.InstanceProfile != null) items.Add(new TeardownItem("instance profile", f.InstanceProfile.Name));
                if (f.InstanceRole != null) items.Add(new TeardownItem("IAM role", f.InstanceRole.Name));
                if (f.ExecutionRole != null) items.Add(new TeardownItem("IAM role", f.ExecutionRole.Name));
                if (f.TaskRole != null) items.Add(new TeardownItem("IAM role", f.TaskRole.Name));
                if (f.DeploymentRole != null) items.Add(new TeardownItem("IAM role", f.DeploymentRole.Name));
                if (f.LogGroup != null) items.Add(new TeardownItem("log group", f.LogGroup.Name));
                foreach (var extra in Extras) items.Add(new TeardownItem(extra.KindText, extra.Description));
                items.AddRange(PrivateNetworkTeardown.Items(f.PrivateNetwork));
                if (f.Network != null && !f.Network.IsExisting)
                {
                    if (f.Network.RouteTableId != null) items.Add(new TeardownItem("route table", $"{Names.RouteTable} ({f.Network.RouteTableId})"));
                    if (f.Network.InternetGatewayId != null) items.Add(new TeardownItem("internet gateway", $"{Names.InternetGateway} ({f.Network.InternetGatewayId})"));
                    foreach (var subnet in f.Network.Subnets) items.Add(new TeardownItem("subnet", $"{Names.Subnet(subnet.AvailabilityZone)} ({subnet.SubnetId})"));
                    items.Add(new TeardownItem("VPC", $"{Names.Vpc} ({f.Network.VpcId})"));
                }
                return items;
            }
        }

        public bool IsEmpty => Items.Count == 0;

        /// <summary>
        /// What discovery found besides what the app uses that the steps above do not cover already: extra network
        /// copies, roles of the app under its IAM path (not one without its tag), log groups under its name (certificates,
        /// listeners, revisions and alias records go with their own steps, every copy).
        /// </summary>
        public IEnumerable<DiscoveredExtra> Extras => Found.Extras
            .Where(e => e.IsNetwork || e.Kind == ExtraKind.Role && e.LeftBecause == null || e.Kind == ExtraKind.LogGroup).OrderBy(e => e.Kind);
    }

    /// <summary>
    /// Removes an app in reverse dependency order (OPERATIONS.md section c): only what carries its tag or its
    /// deterministic name in its own namespace (IAM path, family, log group), including the DNS records it wrote.
    /// Each step tolerates "already gone", so a second run finds nothing and succeeds.
    /// </summary>
    public sealed class StackTeardown
    {
        private readonly AwsConnection _aws;
        private readonly StackNames _names;
        private readonly IStackReporter _reporter;
        private readonly StackWaits _waits;
        private readonly Waiter _waiter;
        private readonly List<string> _done = new List<string>();

        public StackTeardown(AwsConnection connection, StackNames names, IStackReporter reporter, StackWaits? waits = null)
        {
            _aws = connection;
            _names = names;
            _reporter = reporter;
            _waits = waits ?? new StackWaits();
            _waiter = _waits.Waiter(reporter);
        }

        public IReadOnlyList<string> Done => _done;

        private void Record(string what)
        {
            lock (_done) _done.Add(what); // groups of the teardown run side by side
            _reporter.Verbose(what);
        }

        /// <summary>
        /// Finds what a teardown removes. Lookups that do not need each other's answers go side by side; the hosted
        /// zones (<paramref name="zoneList"/>, listed meanwhile) are only needed for the DNS records at the end.
        /// </summary>
        public async Task<TeardownPlan> FindAsync(Task<List<HostedZoneInfo>> zoneList, CancellationToken ct)
        {
            // The app's tagged resources say whether it runs on a shared endpoint (see StackNames.Tags).
            var tagged = await TaggedResources.ListAsync(_aws, _names, ct).ConfigureAwait(false);
            if (tagged.Endpoint != null && !_names.IsOnSharedEndpoint)
                return await new StackTeardown(_aws, StackNames.For(_names.App, tagged.Endpoint), _reporter, _waits)
                    .FindOnEndpointAsync(tagged, zoneList, ct).ConfigureAwait(false);
            var certificates = new CertificateDiscovery(_aws).AllAsync(tagged, ct);
            var taskDefinitions = new EcsDiscovery(_aws, _names).TaskDefinitionArnsAsync("ACTIVE", ct);
            var clusters = await _aws.SendAsync(new EcsApi.DescribeClustersRequest
            {
                Clusters = new List<string> { _names.Cluster },
                Include = new List<string> { "TAGS" },
            }, ct).ConfigureAwait(false);
            var domain = clusters.Clusters.OrEmpty().Where(c => c.Status != "INACTIVE")
                .SelectMany(c => c.Tags.OrEmpty()).FirstOrDefault(t => t.Key == StackNames.DomainTagKey)?.Value;
            // Only resources of ours: discovery skips what does not carry the tag (and reports it as foreign). The
            // cluster names the domain; without a cluster, a certificate of the app's does.
            Task<DiscoveredStack> Discover(string domainName) =>
                new StackDiscovery(_aws, _names) { FindDeploymentResources = true }
                    .DiscoverAsync(new AppSpec { Name = _names.App, DomainName = domainName }, null, ct);
            var found = domain != null ? Discover(domain) : null;
            var certs = await certificates.ConfigureAwait(false);
            found ??= Discover(certs.Select(c => c.DomainName).FirstOrDefault() ?? "");
            var zones = await zoneList.ConfigureAwait(false);

            // Only an alias that points at this app's load balancer is ours to delete.
            var domains = new[] { domain }.Concat(certs.Select(c => c.DomainName)).Where(d => !string.IsNullOrEmpty(d)).Select(d => d!);
            var aliases = new DomainDiscovery(_aws, _names).AliasesAsync(domains, zones, ct);
            var validationRecords = ValidationRecordsAsync(certs, zones, ct);

            var plan = new TeardownPlan(_names, await found.ConfigureAwait(false), certs, await taskDefinitions.ConfigureAwait(false));
            plan.AliasRecords.AddRange(await aliases.ConfigureAwait(false));
            plan.ValidationRecords.AddRange(await validationRecords.ConfigureAwait(false));
            return plan;
        }

        /// <summary>
        /// What removing an app from its shared endpoint removes: its own resources only (service, target group, roles, log
        /// group, task definitions, certificates, the alias of a host no other app on the endpoint routes) and its rule and
        /// certificate on the listener. The endpoint's resources stay for the other apps (Remove-AoEcsEndpoint removes them).
        /// </summary>
        private async Task<TeardownPlan> FindOnEndpointAsync(TaggedResources tagged, Task<List<HostedZoneInfo>> zoneList, CancellationToken ct)
        {
            var taskDefinitions = new EcsDiscovery(_aws, _names).TaskDefinitionArnsAsync("ACTIVE", ct);
            var certs = await new CertificateDiscovery(_aws).AllAsync(tagged, ct).ConfigureAwait(false);
            var domain = certs.Select(c => c.DomainName).FirstOrDefault() ?? "";
            var found = await new StackDiscovery(_aws, _names) { FindDeploymentResources = true }
                .DiscoverAsync(new AppSpec { Name = _names.App, DomainName = domain, Endpoint = _names.EndpointName }, null, ct).ConfigureAwait(false);
            var own = new DiscoveredStack
            {
                Service = found.Service,
                TaskScaling = found.TaskScaling,
                TargetGroup = found.TargetGroup,
                AlternateTargetGroup = found.AlternateTargetGroup,
                DeploymentRole = found.DeploymentRole,
                ExecutionRole = found.ExecutionRole,
                TaskRole = found.TaskRole,
                LogGroup = found.LogGroup,
                Extras = found.Extras.Where(e => e.Kind == ExtraKind.Role || e.Kind == ExtraKind.LogGroup).ToList(),
            };
            var zones = await zoneList.ConfigureAwait(false);
            // A certificate of the app's that is the only cover of a host another app routes stays on the listener, that app's.
            var handOvers = found.Routes == null ? new List<Endpoints.CertificateHandOver>()
                : (await Endpoints.ListenerCertificates.HandOversAsync(_aws, found.Routes, _names.App, certs, ct).ConfigureAwait(false)).ToList();
            var leaving = certs.Where(c => handOvers.All(h => h.Certificate.Arn != c.Arn)).ToList();
            // A host another app on the endpoint still routes keeps its alias, and the validation record its certificate
            // shares with the other app's (ACM asks for the same record for the same name in one account).
            var routedByOthers = found.Routes?.HostsOfOtherApps(_names.App) ?? new HashSet<string>();
            bool Alone(string? domain) => !string.IsNullOrEmpty(domain) && !routedByOthers.Contains(StackPlanner.TrimDot(domain!));
            // An app that reuses another's certificate has none naming its host: its listener rule does.
            var ruleHost = found.Routes?.ProductionRuleOf(_names.App)?.Placed.Route.Host;
            var domains = certs.Select(c => c.DomainName).Concat(new[] { ruleHost }).Where(Alone).Select(d => StackPlanner.TrimDot(d!))
                .Distinct(StringComparer.OrdinalIgnoreCase);
            var aliases = new DomainDiscovery(_aws, _names).AliasesAsync(domains, zones, ct);
            var validationRecords = ValidationRecordsAsync(leaving.Where(c => Alone(c.DomainName)).ToList(), zones, ct);
            var plan = new TeardownPlan(_names, own, leaving, await taskDefinitions.ConfigureAwait(false)) { Routes = found.Routes };
            plan.CertificateHandOvers.AddRange(handOvers);
            plan.AliasRecords.AddRange(await aliases.ConfigureAwait(false));
            plan.ValidationRecords.AddRange(await validationRecords.ConfigureAwait(false));
            return plan;
        }

        /// <summary>The endpoint's lock, held while an app on a shared endpoint comes off its listener (see Locking.AppLock.ForEndpoint).</summary>
        public Locking.AppLock? EndpointLock { get; set; }

        /// <summary>
        /// Takes the app off its endpoint's HTTPS listener, under the endpoint's lock: its rule, and its certificates (a default
        /// one handed over to another app's). The last app's certificate is the listener's default and stays with it: then the
        /// listener goes, so the certificate can, and the next app to join makes it again.
        /// </summary>
        private async Task RemoveRouteAsync(TeardownPlan plan, CancellationToken ct)
        {
            var listenerArn = plan.Routes?.ListenerArn;
            if (listenerArn == null) return;
            var endpointLock = EndpointLock ?? throw new InvalidOperationException("An app on a shared endpoint is removed under the endpoint's lock.");
            await endpointLock.RunAsync("remove app " + _names.App, async t =>
            {
                var converger = new Endpoints.RouteConverger(_aws);
                var current = await Endpoints.ListenerRoutes.ReadAsync(_aws, listenerArn, t).ConfigureAwait(false);
                foreach (var line in await converger.RemoveAsync(current, _names.App, null, false, t).ConfigureAwait(false)) Record(line);
                // The routes as they are under the lock decide too: an app that joined since discovery may need a certificate
                // of this app's (then it, and its validation records, stay).
                current = await Endpoints.ListenerRoutes.ReadAsync(_aws, listenerArn, t).ConfigureAwait(false);
                var joined = await Endpoints.ListenerCertificates.HandOversAsync(_aws, current, _names.App, plan.Certificates, t).ConfigureAwait(false);
                foreach (var handOver in joined)
                {
                    plan.Certificates.Remove(handOver.Certificate);
                    plan.ValidationRecords.RemoveAll(r => handOver.Certificate.ValidationOptions.Any(o => o.RecordName != null && StackPlanner.SameDnsName(o.RecordName, r.Record.Name)));
                    plan.CertificateHandOvers.Add(handOver);
                }
                foreach (var handOver in plan.CertificateHandOvers)
                {
                    await Endpoints.ListenerCertificates.HandOverAsync(_aws, handOver, t).ConfigureAwait(false);
                    Record($"Handed certificate {handOver.Certificate.Arn} over to app {handOver.ToApp}, which routes {handOver.Host} with it");
                }
                foreach (var certificate in plan.Certificates)
                {
                    current = await Endpoints.ListenerRoutes.ReadAsync(_aws, listenerArn, t).ConfigureAwait(false);
                    if (!current.Serves(certificate.Arn)) continue;
                    foreach (var line in await converger.RemoveAsync(current, _names.App, certificate.Arn, false, t).ConfigureAwait(false)) Record(line);
                }
                current = await Endpoints.ListenerRoutes.ReadAsync(_aws, listenerArn, t).ConfigureAwait(false);
                if (current.Apps.Count == 0 && current.OtherPriorities.Count == 0 && plan.Certificates.Any(c => c.Arn == current.DefaultCertificateArn))
                {
                    await AwsCalls.Tolerate(() => _aws.SendAsync(new Elb.DeleteListenerRequest { ListenerArn = listenerArn }, t), "ListenerNotFound").ConfigureAwait(false);
                    Record($"Deleted the HTTPS listener of endpoint {_names.EndpointName} (its last app's certificate was its default; the next app makes it again)");
                }
                return true;
            }, ct).ConfigureAwait(false);
        }

        /// <summary>The validation CNAMEs of the certificates, each once (certificates for one name share theirs).</summary>
        private async Task<List<ZoneRecord>> ValidationRecordsAsync(List<DiscoveredCertificate> certificates, IList<HostedZoneInfo> zones, CancellationToken ct)
        {
            var discovery = new CertificateDiscovery(_aws);
            var records = new List<ZoneRecord>();
            foreach (var certificate in certificates)
                records.AddRange(await discovery.ValidationRecordsOfAsync(certificate, zones, ct,
                    name => records.Any(r => StackPlanner.SameDnsName(r.Record.Name, name))).ConfigureAwait(false));
            return records;
        }

        /// <summary>
        /// Removes what the plan found. Groups that do not depend on one another go side by side (a distant region's
        /// latency then counts once per group, not once per call): the compute chain (service, load balancer, capacity,
        /// cluster, network) in its dependency order; alias records; validation records and, once the load balancer
        /// and its listeners are gone, the certificates; task definitions; IAM; the log group. Every group runs to its
        /// end even when another fails, so a re-run finds less to do.
        /// </summary>
        public async Task RemoveAsync(TeardownPlan plan, CancellationToken ct)
        {
            // Off the listener first: traffic stops reaching the app before its service goes, and the rule lets its target group go.
            await RemoveRouteAsync(plan, ct).ConfigureAwait(false);
            var loadBalancerGone = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var serviceGone = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var compute = RemoveComputeAsync(plan, serviceGone, loadBalancerGone, ct);
            var groups = new[]
            {
                compute,
                RemoveAliasRecordsAsync(plan, ct),
                RemoveCertificatesAsync(plan, loadBalancerGone.Task, ct),
                DeregisterTaskDefinitionsAsync(plan, ct),
                RemoveIamAsync(plan, serviceGone.Task, ct),
                RemoveLogGroupAsync(plan, ct),
            };
            // WhenAll lets every group run to its end; it then throws the first failure.
            await Task.WhenAll(groups).ConfigureAwait(false);
        }

        /// <summary>
        /// The service; then, side by side, the load balancer with its target group (then <paramref name="loadBalancerGone"/>
        /// is set) and the capacity chain (capacity provider, Auto Scaling group, cluster, launch template); then the
        /// extras and, through <see cref="NetworkTeardown"/>, the security groups and the network.
        /// </summary>
        private async Task RemoveComputeAsync(TeardownPlan plan, TaskCompletionSource<bool> serviceGone, TaskCompletionSource<bool> loadBalancerGone,
            CancellationToken ct)
        {
            try
            {
                await RemoveServiceAsync(plan, ct).ConfigureAwait(false);
                serviceGone.TrySetResult(true);
            }
            catch (Exception ex)
            {
                serviceGone.TrySetException(ex);
                loadBalancerGone.TrySetException(ex);
                throw;
            }
            // WhenAll waits for both even when one fails: nothing of the teardown runs on after it returns.
            await Task.WhenAll(RemoveLoadBalancerAsync(plan, loadBalancerGone, ct), RemoveCapacityAsync(plan, ct)).ConfigureAwait(false);
            // Extras that are not network (roles under the app's IAM path, log groups under its name); then, through the
            // one network deleter, the app's security groups and dedicated network (never a given one) with every copy
            // tagged for the app, not only those in use.
            var others = plan.Extras.Where(e => !e.IsNetwork).ToList();
            if (others.Count > 0)
                await new ExtraResources(_aws, _waiter, _waits, null, _reporter, Record) { FailWhenBusy = true }.DeleteAsync(others, ct).ConfigureAwait(false);
            var network = NetworkResource.OfApp(plan.Found).Concat(plan.Extras.Where(e => e.IsNetwork).Select(NetworkResource.FromExtra))
                .Concat(PrivateNetworkTeardown.NetworkResources(plan.Found.PrivateNetwork));
            // The private tier's endpoints and NAT gateways (found by the app's tag, in any VPC of ours) go side by side
            // with it: what they hold (the internet gateway, subnets, the endpoints' group) is retried by the network
            // deleter until they let it go.
            await Task.WhenAll(
                new PrivateNetworkTeardown(_aws, _names, _waits, _waiter, Record).RemoveAsync(plan.Found.PrivateNetwork, ct),
                new NetworkTeardown(_aws, _waiter, _waits.DependencyRule, _reporter, Record) { FailWhenBusy = true }.DeleteAsync(network, ct))
                .ConfigureAwait(false);
        }

        /// <summary>
        /// Auto scaling first (it would otherwise keep scaling a service being deleted, and a scalable target outlives its
        /// service); then the service: scale to zero and delete; wait until it is inactive so the cluster can go.
        /// </summary>
        private async Task RemoveServiceAsync(TeardownPlan plan, CancellationToken ct)
        {
            var f = plan.Found;
            if (f.TaskScaling != null)
                await new Scaling.TaskScalingApplier(_aws, Scaling.TaskScalingNames.For(_names), Record).RemoveAsync(f.TaskScaling, ct).ConfigureAwait(false);
            if (f.Service != null)
            {
                await AwsCalls.Tolerate(() => _aws.SendAsync(new EcsApi.DeleteServiceRequest { Cluster = _names.Cluster, ServiceName = _names.Service, Force = true }, ct),
                    "ServiceNotFoundException", "ServiceNotActiveException", "ClusterNotFoundException").ConfigureAwait(false);
                await WaitAsync("ECS service " + _names.Service, async () =>
                {
                    var service = await new EcsDiscovery(_aws, _names).ServiceAsync(ct).ConfigureAwait(false);
                    return service == null || service.Status == "INACTIVE";
                }, ct).ConfigureAwait(false);
                Record($"Deleted ECS service {_names.Service}");
            }
        }

        /// <summary>
        /// Load balancer (its listeners go with it), then the target group once nothing references it; then
        /// <paramref name="loadBalancerGone"/> lets the certificates go (or says why they stay, for a re-run).
        /// </summary>
        private async Task RemoveLoadBalancerAsync(TeardownPlan plan, TaskCompletionSource<bool> loadBalancerGone, CancellationToken ct)
        {
            try
            {
                await RemoveLoadBalancerAndTargetGroupAsync(plan, ct).ConfigureAwait(false);
                loadBalancerGone.TrySetResult(true);
            }
            catch (Exception ex)
            {
                loadBalancerGone.TrySetException(ex);
                throw;
            }
        }

        private async Task RemoveLoadBalancerAndTargetGroupAsync(TeardownPlan plan, CancellationToken ct)
        {
            var f = plan.Found;
            if (f.LoadBalancer != null)
            {
                await _aws.SendAsync(new Elb.DeleteLoadBalancerRequest { LoadBalancerArn = f.LoadBalancer.Arn }, ct).ConfigureAwait(false);
                await WaitAsync("load balancer " + _names.LoadBalancer, async () =>
                {
                    var lbs = await AwsCalls.OrNull(() => _aws.SendAsync(new Elb.DescribeLoadBalancersRequest { LoadBalancerArns = new List<string> { f.LoadBalancer.Arn } }, ct),
                        "LoadBalancerNotFound").ConfigureAwait(false);
                    return lbs == null || lbs.LoadBalancers.OrEmpty().Count == 0;
                }, ct).ConfigureAwait(false);
                Record($"Deleted load balancer {_names.LoadBalancer}");
            }
            foreach (var (group, name) in new[] { (f.TargetGroup, _names.TargetGroup), (f.AlternateTargetGroup, _names.AlternateTargetGroup) })
            {
                if (group == null) continue;
                await RetryWhileAsync("target group " + name, () => AwsCalls.Tolerate(
                    () => _aws.SendAsync(new Elb.DeleteTargetGroupRequest { TargetGroupArn = group.Arn }, ct), "TargetGroupNotFound"),
                    "ResourceInUse", ct).ConfigureAwait(false);
                Record($"Deleted target group {name}");
            }
        }

        /// <summary>Capacity provider, Auto Scaling group (and its instances), cluster, launch template.</summary>
        private async Task RemoveCapacityAsync(TeardownPlan plan, CancellationToken ct)
        {
            var f = plan.Found;
            // Capacity provider: detach from the cluster first (the service that used it is gone).
            if (f.Cluster != null)
                await AwsCalls.Tolerate(() => _aws.SendAsync(new EcsApi.PutClusterCapacityProvidersRequest
                {
                    Cluster = _names.Cluster,
                    CapacityProviders = new List<string>(),
                    DefaultCapacityProviderStrategy = new List<EcsApi.CapacityProviderStrategyItem>(),
                }, ct), "ClusterNotFoundException").ConfigureAwait(false);
            if (f.CapacityProvider != null)
            {
                // DeleteCapacityProvider only starts the deletion; the name is free (for the next New-AoEcsApp) once it ends.
                if (!f.CapacityProvider.IsBeingDeleted)
                    await RetryWhileAsync("capacity provider " + _names.CapacityProvider, () => GoneAfterFailureAsync(() => AwsCalls.Tolerate(
                        () => _aws.SendAsync(new EcsApi.DeleteCapacityProviderRequest { CapacityProvider = _names.CapacityProvider }, ct),
                        "ClientException"), async () =>
                        {
                            var left = await _aws.SendAsync(new EcsApi.DescribeCapacityProvidersRequest
                            {
                                CapacityProviders = new List<string> { _names.CapacityProvider },
                            }, ct).ConfigureAwait(false);
                            return left.CapacityProviders.OrEmpty().All(p => p.Name != _names.CapacityProvider || p.Status == "INACTIVE");
                        }), "ResourceInUseException", ct).ConfigureAwait(false);
                await CapacityProviderDeletion.WaitGoneAsync(_aws, _waiter, _waits, _names.CapacityProvider, ct).ConfigureAwait(false);
                Record($"Deleted capacity provider {_names.CapacityProvider}");
            }

            // Auto Scaling group: force-delete terminates its instances (scale-in protection does not stop it).
            if (f.AutoScalingGroup != null)
            {
                await RetryWhileAsync("Auto Scaling group " + _names.AutoScalingGroup, () => AwsCalls.Tolerate(
                    () => _aws.SendAsync(new Asg.DeleteAutoScalingGroupRequest { AutoScalingGroupName = _names.AutoScalingGroup, ForceDelete = true }, ct),
                    "ValidationError"), "ScalingActivityInProgress", ct).ConfigureAwait(false);
                await WaitAsync("Auto Scaling group " + _names.AutoScalingGroup, async () =>
                {
                    var groups = await _aws.SendAsync(new Asg.DescribeAutoScalingGroupsRequest { AutoScalingGroupNames = new List<string> { _names.AutoScalingGroup } }, ct)
                        .ConfigureAwait(false);
                    return groups.AutoScalingGroups.OrEmpty().Count == 0;
                }, ct).ConfigureAwait(false);
                Record($"Deleted Auto Scaling group {_names.AutoScalingGroup}");
            }

            // Cluster: deregister any instance still registered, then delete.
            if (f.Cluster != null)
            {
                var instances = await AwsCalls.OrNull(() => _aws.SendAsync(new EcsApi.ListContainerInstancesRequest { Cluster = _names.Cluster }, ct),
                    "ClusterNotFoundException").ConfigureAwait(false);
                foreach (var arn in instances?.ContainerInstanceArns.OrEmpty() ?? new List<string>())
                    await AwsCalls.Tolerate(() => _aws.SendAsync(new EcsApi.DeregisterContainerInstanceRequest { Cluster = _names.Cluster, ContainerInstance = arn, Force = true }, ct),
                        "InvalidParameterException").ConfigureAwait(false);
                await RetryWhileAsync("ECS cluster " + _names.Cluster, () => AwsCalls.Tolerate(
                    () => _aws.SendAsync(new EcsApi.DeleteClusterRequest { Cluster = _names.Cluster }, ct), "ClusterNotFoundException"),
                    "ClusterContainsContainerInstancesException|ClusterContainsServicesException|ClusterContainsTasksException|ResourceInUseException", ct)
                    .ConfigureAwait(false);
                Record($"Deleted ECS cluster {_names.Cluster}");
            }

            // Launch template (the group that used it is gone).
            if (f.LaunchTemplate != null)
            {
                await AwsCalls.Tolerate(() => _aws.Ec2("DeleteLaunchTemplate", (c, t) => c.DeleteLaunchTemplateAsync(
                    new Ec2.DeleteLaunchTemplateRequest { LaunchTemplateId = f.LaunchTemplate.Id }, t), ct),
                    "InvalidLaunchTemplateId.NotFound", "InvalidLaunchTemplateName.NotFoundException").ConfigureAwait(false);
                Record($"Deleted launch template {_names.LaunchTemplate}");
            }
        }

        /// <summary>The alias records that point at the load balancer (exactly as they are: a DELETE must match the record).</summary>
        private async Task RemoveAliasRecordsAsync(TeardownPlan plan, CancellationToken ct)
        {
            foreach (var alias in plan.AliasRecords)
            {
                await ExtraResources.DeleteRecordAsync(_aws, alias, ct).ConfigureAwait(false);
                Record($"Deleted alias record {StackPlanner.TrimDot(alias.Record.Name)}");
            }
        }

        /// <summary>The validation records, then the certificates once no load balancer or listener uses them.</summary>
        private async Task RemoveCertificatesAsync(TeardownPlan plan, Task loadBalancerGone, CancellationToken ct)
        {
            foreach (var record in plan.ValidationRecords)
            {
                await ExtraResources.DeleteRecordAsync(_aws, record, ct).ConfigureAwait(false);
                Record($"Deleted validation record {StackPlanner.TrimDot(record.Record.Name)}");
            }
            if (plan.Certificates.Count == 0) return;
            try
            {
                await loadBalancerGone.ConfigureAwait(false);
            }
            catch
            {
                return; // the compute chain reports its own failure; the certificates wait for a re-run
            }
            foreach (var certificate in plan.Certificates)
            {
                // ACM lets go of a certificate some time after its load balancer and listeners are gone: often minutes,
                // sometimes well past ten. Until then DeleteCertificate answers ResourceInUseException.
                await _waiter.RetryAsync("Deleting certificate " + certificate.Arn, () => AwsCalls.Tolerate(
                    () => _aws.SendAsync(new Acm.DeleteCertificateRequest { CertificateArn = certificate.Arn }, ct), "ResourceNotFoundException"),
                    ct, _waits.CertificateInUseRule).ConfigureAwait(false);
                Record($"Deleted certificate {certificate.Arn}");
            }
        }

        /// <summary>Task definitions: deregistered revisions stay visible as INACTIVE (ECS has no delete in the older API).</summary>
        private async Task DeregisterTaskDefinitionsAsync(TeardownPlan plan, CancellationToken ct)
        {
            foreach (var arn in plan.TaskDefinitionArns)
            {
                await AwsCalls.Tolerate(() => _aws.SendAsync(new EcsApi.DeregisterTaskDefinitionRequest { TaskDefinition = arn }, ct), "ClientException")
                    .ConfigureAwait(false);
                Record($"Deregistered task definition {StackPlanner.ShortArn(arn)}");
            }
        }

        /// <summary>
        /// IAM: the instance profile, then the roles with their policies; the deployment role once <paramref name="serviceGone"/>
        /// says the service is (ECS deregisters its targets and moves its rules through that role while it drains), and not at
        /// all when the service's removal failed (a re-run removes it).
        /// </summary>
        private async Task RemoveIamAsync(TeardownPlan plan, Task serviceGone, CancellationToken ct)
        {
            var f = plan.Found;
            if (f.InstanceProfile != null)
            {
                foreach (var role in f.InstanceProfile.RoleNames)
                    await RemoveRoleFromProfileAsync(role, ct).ConfigureAwait(false);
                await AwsCalls.Tolerate(() => _aws.SendAsync(new Iam.DeleteInstanceProfileRequest { InstanceProfileName = _names.InstanceProfile }, ct), "NoSuchEntity")
                    .ConfigureAwait(false);
                Record($"Deleted instance profile {_names.InstanceProfile}");
            }
            foreach (var role in new[] { f.InstanceRole, f.ExecutionRole, f.TaskRole }.Where(r => r != null).Select(r => r!))
                await DeleteRoleAsync(role, ct).ConfigureAwait(false);
            if (f.DeploymentRole == null) return;
            await serviceGone.ConfigureAwait(false);
            await DeleteRoleAsync(f.DeploymentRole, ct).ConfigureAwait(false);
        }

        private async Task DeleteRoleAsync(DiscoveredRole role, CancellationToken ct)
        {
            await ExtraResources.DeleteRoleAsync(_aws, role.Name, role.AttachedPolicyArns,
                (name, delete) => _waiter.RetryAsync("Deleting IAM role " + name, delete, ct, _waits.RoleInUseRule), ct).ConfigureAwait(false);
            Record($"Deleted IAM role {role.Name}");
        }

        /// <summary>The log group.</summary>
        private async Task RemoveLogGroupAsync(TeardownPlan plan, CancellationToken ct)
        {
            var f = plan.Found;
            if (f.LogGroup != null)
            {
                await AwsCalls.Tolerate(() => _aws.SendAsync(new Logs.DeleteLogGroupRequest { LogGroupName = _names.LogGroup }, ct), "ResourceNotFoundException")
                    .ConfigureAwait(false);
                Record($"Deleted log group {_names.LogGroup}");
            }
        }

        /// <summary>Polls until <paramref name="isDone"/> says so, with progress, up to <see cref="StackWaits.Deletion"/>.</summary>
        private Task WaitAsync(string what, Func<Task<bool>> isDone, CancellationToken ct) =>
            _waiter.UntilAsync("Removing " + _names.App, async () => await isDone().ConfigureAwait(false) ? null : "waiting for " + what,
                _waits.Soon(_waits.Deletion),
                waited => new Errors.AoEcsException(StackErrorIds.TeardownTimeout, Errors.AoErrorKind.Timeout,
                    $"{what} was still being deleted after {waited.TotalMinutes:0} minutes; run Remove-AoEcsApp again to continue.", what),
                ct);

        /// <summary>
        /// A deletion whose repeat (after a lost answer) some backends answer with a server error instead of "not
        /// found": when <paramref name="isGone"/> then says the resource is gone, the lost call did the work.
        /// </summary>
        private static async Task<bool> GoneAfterFailureAsync(Func<Task<bool>> delete, Func<Task<bool>> isGone)
        {
            try
            {
                return await delete().ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.StatusCode >= 500)
            {
                if (await isGone().ConfigureAwait(false)) return false;
                throw;
            }
        }

        /// <summary>Repeats a deletion while AWS says a dependency is still being released (codes separated by '|').</summary>
        private Task RetryWhileAsync(string what, Func<Task<bool>> delete, string busyCodes, CancellationToken ct) =>
            _waiter.RetryAsync("Deleting " + what, delete, ct, _waits.Busy("something still depends on it", busyCodes.Split('|')));

        /// <summary>
        /// Takes a role out of the instance profile. When the answer to a first try was lost, the retry can fail although
        /// the role is out already (moto answers 500 then): look at the profile before giving up.
        /// </summary>
        private async Task RemoveRoleFromProfileAsync(string role, CancellationToken ct)
        {
            try
            {
                await AwsCalls.Tolerate(() => _aws.SendAsync(new Iam.RemoveRoleFromInstanceProfileRequest { InstanceProfileName = _names.InstanceProfile, RoleName = role }, ct),
                    "NoSuchEntity").ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.StatusCode >= 500)
            {
                var profile = await AwsCalls.OrNull(() => _aws.SendAsync(new Iam.GetInstanceProfileRequest { InstanceProfileName = _names.InstanceProfile }, ct),
                    "NoSuchEntity").ConfigureAwait(false);
                if (profile?.InstanceProfile != null && profile.InstanceProfile.Roles.OrEmpty().Any(r => r.RoleName == role)) throw;
            }
        }
    }
}
