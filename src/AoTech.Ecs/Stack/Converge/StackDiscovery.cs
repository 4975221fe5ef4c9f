using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Stack.Converge.Discovery;
using AoTech.Ecs.Stack.Planning;
using AoTech.Ecs.Stack.TaskDefinitions;

namespace AoTech.Ecs.Stack.Converge
{
    /// <summary>
    /// Finds an app's resources again by their deterministic names and the aotech:app tag (there is no state file),
    /// and turns what AWS returns into the neutral <see cref="DiscoveredStack"/> records the planner reads. Read-only.
    /// Each resource group has its discoverer (Discovery/), which returns what it found; the groups that do not need
    /// each other's answers run side by side.
    /// </summary>
    public sealed class StackDiscovery
    {
        private readonly AwsConnection _aws;
        private readonly StackNames _names;

        public StackDiscovery(AwsConnection connection, StackNames names)
        {
            _aws = connection;
            _names = names;
        }

        /// <summary>Resources holding one of our names but not our tag ("kind name"); preflight refuses to touch them.</summary>
        public List<string> ForeignResources { get; } = new List<string>();

        /// <summary>
        /// Reading a shared endpoint's own resources (Remove-AoEcsEndpoint): the app-level names are the endpoint's name put
        /// in the app's place, so an app of that name elsewhere is not a run asking to move it (no AppEndpointMismatch).
        /// </summary>
        public bool EndpointOnly { get; set; }

        /// <summary>Look for the resources of a blue/green-family strategy whatever the app has (Remove-AoEcsApp removes them all).</summary>
        public bool FindDeploymentResources { get; set; }

        /// <summary>Subnet ids given with -SubnetId that do not exist.</summary>
        public List<string> MissingSubnetIds { get; } = new List<string>();

        /// <summary>
        /// Everything of the app but its task definition revisions (see <see cref="TaskDefinitionsAsync"/>).
        /// <paramref name="zones"/> locate the DNS records: the domain's alias and who holds the name, the certificate's
        /// validation records, the aliases of domains the app has left (null: no DNS look-ups, as for a teardown).
        /// </summary>
        public async Task<DiscoveredStack> DiscoverAsync(AppSpec spec, IList<HostedZoneInfo>? zones, CancellationToken ct)
        {
            var tagged = TaggedResources.ListAsync(_aws, _names, ct);
            var placement = EndpointOnly ? Task.CompletedTask : RequireSamePlacementAsync(tagged);
            var networkTask = new NetworkDiscovery(_aws, _names).FindAsync(spec, ct);
            var privateNetworkTask = spec.UsesDedicatedNetwork ? new PrivateNetworkDiscovery(_aws, _names).FindAsync(ct) : null;
            var iamTask = new IamDiscovery(_aws, _names).FindAsync(ct);
            var logsTask = new LogDiscovery(_aws, _names).FindAsync(ct);
            var loadBalancerTask = new LoadBalancerDiscovery(_aws, _names).FindAsync(tagged, ct);
            // On a shared endpoint the listener routes every app: the plan places this app's rule among the others', and a
            // certificate there that covers the app's host serves it too.
            var routesTask = _names.IsOnSharedEndpoint ? RoutesAsync(loadBalancerTask, ct) : Task.FromResult<Endpoints.ListenerRoutes?>(null);
            var certificatesTask = CertificatesAfterListenerAsync(loadBalancerTask, routesTask, tagged, spec.DomainName, ct);
            var computeTask = new ComputeDiscovery(_aws, _names).FindAsync(ct);
            var ecsTask = new EcsDiscovery(_aws, _names).FindAsync(ct);
            var scalingTask = new Scaling.TaskScalingDiscovery(_aws, Scaling.TaskScalingNames.For(_names)).FindAsync(ct);

            await placement.ConfigureAwait(false);
            var network = await networkTask.ConfigureAwait(false);
            // Our groups in an extra VPC of ours are extras too (they must go before that VPC can).
            var groups = await new SecurityGroupDiscovery(_aws, _names).FindAsync(network.Network?.VpcId, network.ExtraVpcIds, ct).ConfigureAwait(false);
            var certs = await certificatesTask.ConfigureAwait(false);
            var dns = zones == null
                ? new DnsFound()
                : await DnsAsync(spec, zones, certs, ecsTask, ct).ConfigureAwait(false);
            var loadBalancer = await loadBalancerTask.ConfigureAwait(false);
            var routes = await routesTask.ConfigureAwait(false);
            var handOvers = new List<Endpoints.CertificateHandOver>();
            if (routes != null)
            {
                KeepWhatOtherAppsRoute(dns.RetiredAliases, dns.ValidationRecords, certs.Others, routes.HostsOfOtherApps(_names.App));
                // A certificate of a domain the app left that another app's host needs stays on the listener, its owner.
                handOvers.AddRange(await Endpoints.ListenerCertificates.HandOversAsync(_aws, routes, _names.App,
                    certs.Others.Where(c => !StackPlanner.SameDnsName(c.DomainName, spec.DomainName)), ct).ConfigureAwait(false));
                foreach (var handOver in handOvers)
                {
                    certs.Others.Remove(handOver.Certificate);
                    dns.ValidationRecords[handOver.Certificate.Arn] = new List<ZoneRecord>();
                }
            }
            await Task.WhenAll(iamTask, computeTask, ecsTask).ConfigureAwait(false);
            var iam = await iamTask.ConfigureAwait(false);
            var compute = await computeTask.ConfigureAwait(false);
            var ecs = await ecsTask.ConfigureAwait(false);
            var logs = await logsTask.ConfigureAwait(false);
            network.PreferSubnetsInUse(loadBalancer.LoadBalancer?.SubnetIds, _names);
            var certificateExtras = CertificateDiscovery.Extras(certs, spec.DomainName, loadBalancer.LoadBalancer?.Arn,
                c => dns.ValidationRecords.TryGetValue(c.Arn, out var r) ? r : new List<ZoneRecord>());

            ForeignResources.AddRange(network.Foreign.Concat(groups.Foreign).Concat(loadBalancer.Foreign).Concat(iam.Foreign)
                .Concat(compute.Foreign).Concat(ecs.Foreign));
            MissingSubnetIds.AddRange(network.MissingSubnetIds);
            // What a blue/green-family strategy adds (Stack/Deployments) is read only for an app that has or is asked for one:
            // its alternate target group, and a standalone app's listener rules (its production rule is one of them).
            DiscoveredTargetGroup? alternate = null;
            if (FindDeploymentResources || Deployments.DeploymentResources.ReadsStrategyResources(spec.Deployment, ecs.Service, iam.DeploymentRole))
            {
                var foreign = new List<string>();
                var alternateTask = new LoadBalancerDiscovery(_aws, _names).AlternateTargetGroupAsync(foreign, ct);
                if (routes == null && loadBalancer.HttpsListener != null)
                    routes = await Endpoints.ListenerRoutes.ReadAsync(_aws, loadBalancer.HttpsListener.Arn, ct).ConfigureAwait(false);
                alternate = await alternateTask.ConfigureAwait(false);
                ForeignResources.AddRange(foreign);
            }
            return new DiscoveredStack
            {
                AlternateTargetGroup = alternate,
                DeploymentRole = iam.DeploymentRole,
                Network = network.Network,
                PrivateNetwork = privateNetworkTask == null ? new DiscoveredPrivateNetwork() : await privateNetworkTask.ConfigureAwait(false),
                LoadBalancerSecurityGroup = groups.LoadBalancer,
                InstanceSecurityGroup = groups.Instances,
                Certificate = certs.Chosen,
                ValidationRecords = dns.CertificateValidationRecords,
                AliasRecord = dns.AliasRecord,
                DomainHolders = dns.Holders,
                LoadBalancer = loadBalancer.LoadBalancer,
                TargetGroup = loadBalancer.TargetGroup,
                HttpsListener = loadBalancer.HttpsListener,
                HttpListener = loadBalancer.HttpListener,
                Routes = routes,
                CertificateHandOvers = handOvers,
                InstanceRole = iam.InstanceRole,
                ExecutionRole = iam.ExecutionRole,
                TaskRole = iam.TaskRole,
                InstanceProfile = iam.InstanceProfile,
                LogGroup = logs.Group,
                LaunchTemplate = compute.LaunchTemplate,
                AutoScalingGroup = compute.AutoScalingGroup,
                CapacityProvider = compute.CapacityProvider,
                Cluster = ecs.Cluster,
                Service = ecs.Service,
                TaskScaling = await scalingTask.ConfigureAwait(false),
                Extras = network.Extras.Concat(groups.Extras).Concat(iam.Extras).Concat(logs.Extras).Concat(loadBalancer.Extras)
                    .Concat(certificateExtras).Concat(dns.RetiredAliases).OrderBy(e => e.Kind).ToList(),
            };
        }

        /// <summary>
        /// The resources of a shared endpoint alone (names from StackNames.ForEndpoint), for a change of the endpoint: its
        /// network (as <paramref name="spec"/> places it: its own VPC, or the VPC it was given), security groups, instance
        /// role and profile, load balancer, instances and cluster. No app's resource, no DNS. Read-only.
        /// </summary>
        public async Task<DiscoveredStack> DiscoverEndpointAsync(AppSpec spec, CancellationToken ct)
        {
            var networkTask = new NetworkDiscovery(_aws, _names).FindAsync(spec, ct);
            var privateNetworkTask = spec.UsesDedicatedNetwork ? new PrivateNetworkDiscovery(_aws, _names).FindAsync(ct) : null;
            var iamTask = new IamDiscovery(_aws, _names).FindAsync(ct);
            var loadBalancerTask = new LoadBalancerDiscovery(_aws, _names).FindAsync(Task.FromResult(TaggedResources.None), ct);
            var computeTask = new ComputeDiscovery(_aws, _names).FindAsync(ct);
            var ecsTask = new EcsDiscovery(_aws, _names).FindAsync(ct);
            var network = await networkTask.ConfigureAwait(false);
            var groups = await new SecurityGroupDiscovery(_aws, _names).FindAsync(network.Network?.VpcId, network.ExtraVpcIds, ct).ConfigureAwait(false);
            await Task.WhenAll(iamTask, loadBalancerTask, computeTask, ecsTask).ConfigureAwait(false);
            var iam = await iamTask.ConfigureAwait(false);
            var loadBalancer = await loadBalancerTask.ConfigureAwait(false);
            var compute = await computeTask.ConfigureAwait(false);
            network.PreferSubnetsInUse(loadBalancer.LoadBalancer?.SubnetIds, _names);
            ForeignResources.AddRange(network.Foreign.Concat(groups.Foreign).Concat(compute.Foreign));
            return new DiscoveredStack
            {
                Network = network.Network,
                PrivateNetwork = privateNetworkTask == null ? new DiscoveredPrivateNetwork() : await privateNetworkTask.ConfigureAwait(false),
                LoadBalancerSecurityGroup = groups.LoadBalancer,
                InstanceSecurityGroup = groups.Instances,
                LoadBalancer = loadBalancer.LoadBalancer,
                HttpsListener = loadBalancer.HttpsListener,
                HttpListener = loadBalancer.HttpListener,
                InstanceRole = iam.InstanceRole,
                InstanceProfile = iam.InstanceProfile,
                LaunchTemplate = compute.LaunchTemplate,
                AutoScalingGroup = compute.AutoScalingGroup,
                CapacityProvider = compute.CapacityProvider,
                Cluster = (await ecsTask.ConfigureAwait(false)).Cluster,
            };
        }

        /// <summary>
        /// An app on a shared endpoint that moves off a host another app there routes leaves that host's alias record and the
        /// validation records of its old certificate in place: they are the other app's too (see ListenerRoutes.HostsOfOtherApps).
        /// </summary>
        internal static void KeepWhatOtherAppsRoute(List<DiscoveredExtra> retiredAliases, IDictionary<string, IList<ZoneRecord>> validationRecords,
            IEnumerable<DiscoveredCertificate> certificates, ISet<string> hostsOfOthers)
        {
            retiredAliases.RemoveAll(alias => hostsOfOthers.Contains(StackPlanner.TrimDot(alias.Id)));
            foreach (var certificate in certificates.Where(c => hostsOfOthers.Contains(StackPlanner.TrimDot(c.DomainName))))
                validationRecords[certificate.Arn] = new List<ZoneRecord>();
        }

        /// <summary>
        /// An app that exists stays where it is: on the endpoint its resources name (their aotech:endpoint tag), or on a stack
        /// of its own. A run asking for another place would build a second copy beside the first under the same names.
        /// </summary>
        private async Task RequireSamePlacementAsync(Task<TaggedResources> tagged)
        {
            var found = await tagged.ConfigureAwait(false);
            if (!found.Any) return;
            var asked = _names.IsOnSharedEndpoint ? _names.EndpointName : null;
            if (string.Equals(found.Endpoint, asked, StringComparison.Ordinal)) return;
            string Where(string? endpoint) => endpoint == null ? "on a stack of its own" : $"on endpoint '{endpoint}'";
            throw new Errors.AoEcsException(Endpoints.EndpointErrorIds.AppEndpointMismatch, Errors.AoErrorKind.InvalidArgument,
                $"App '{_names.App}' runs {Where(found.Endpoint)}; this run asks for it {Where(asked)}. An app does not move in place: " +
                $"remove it (Remove-AoEcsApp -Name {_names.App}) and create it again there.", _names.App)
            {
                RecommendedAction = found.Endpoint == null ? "Leave -Endpoint out, or remove the app first." : $"Give -Endpoint {found.Endpoint}, or remove the app first.",
            };
        }

        /// <summary>
        /// The running and the latest task definition revision (see <see cref="EcsDiscovery.TaskDefinitionsAsync"/>); separate
        /// from <see cref="DiscoverAsync"/> because the desired content hash needs the account, learnt from discovery.
        /// </summary>
        public Task TaskDefinitionsAsync(DiscoveredStack found, DesiredTaskDefinition desired, bool resetImages, CancellationToken ct) =>
            new EcsDiscovery(_aws, _names).TaskDefinitionsAsync(found, desired, resetImages, ct);

        /// <summary>What a shared endpoint's HTTPS listener routes and serves; null while it has none.</summary>
        private async Task<Endpoints.ListenerRoutes?> RoutesAsync(Task<LoadBalancerFound> loadBalancer, CancellationToken ct)
        {
            var listener = (await loadBalancer.ConfigureAwait(false)).HttpsListener;
            return listener == null ? null : await Endpoints.ListenerRoutes.ReadAsync(_aws, listener.Arn, ct).ConfigureAwait(false);
        }

        /// <summary>
        /// The app's certificates (see <see cref="CertificateDiscovery"/>) once the listener, and so its certificate, is known. On a
        /// shared endpoint an app with no certificate of its own for its host uses one the listener serves that covers it.
        /// </summary>
        private async Task<FoundCertificates> CertificatesAfterListenerAsync(Task<LoadBalancerFound> loadBalancer, Task<Endpoints.ListenerRoutes?> routesTask,
            Task<TaggedResources> tagged, string domainName, CancellationToken ct)
        {
            // A shared endpoint's listener holds the first app's certificate: each app finds its own by its tag alone.
            var listener = _names.IsOnSharedEndpoint ? null : (await loadBalancer.ConfigureAwait(false)).HttpsListener;
            var discovery = new CertificateDiscovery(_aws);
            var found = await discovery.FindAsync(domainName, listener?.CertificateArn, await tagged.ConfigureAwait(false), ct).ConfigureAwait(false);
            var routes = await routesTask.ConfigureAwait(false);
            if (found.Chosen != null || routes == null || string.IsNullOrEmpty(domainName)) return found;
            // One of the app's own that the listener serves for the host (a wildcard handed over to it) is its certificate.
            var ownCover = found.Others.FirstOrDefault(c => c.Status == "ISSUED" && routes.Serves(c.Arn) && Endpoints.ListenerCertificates.Covers(c, domainName));
            if (ownCover != null)
            {
                ownCover.IsReused = true;
                return new FoundCertificates(ownCover, found.OnListener, found.Others.Where(c => c != ownCover).ToList());
            }
            var covering = await Endpoints.ListenerCertificates.CoveringAsync(_aws, routes, domainName, ct).ConfigureAwait(false);
            var reused = covering == null ? null : await discovery.DescribeAsync(covering, ct).ConfigureAwait(false);
            if (reused == null) return found;
            reused.IsReused = true;
            return new FoundCertificates(reused, found.OnListener, found.Others);
        }

        /// <summary>What discovery found in DNS: the domain's records and holders, and what a domain the app left keeps.</summary>
        private sealed class DnsFound
        {
            public DiscoveredRecord? AliasRecord { get; set; }
            public IList<DiscoveredRecord> CertificateValidationRecords { get; } = new List<DiscoveredRecord>();
            public IList<DomainHolder> Holders { get; set; } = new List<DomainHolder>();
            public List<DiscoveredExtra> RetiredAliases { get; } = new List<DiscoveredExtra>();
            /// <summary>Validation records of the certificates of domains the app has left, by certificate ARN.</summary>
            public Dictionary<string, IList<ZoneRecord>> ValidationRecords { get; } = new Dictionary<string, IList<ZoneRecord>>(StringComparer.Ordinal);
        }

        private async Task<DnsFound> DnsAsync(AppSpec spec, IList<HostedZoneInfo> zones, FoundCertificates certs, Task<EcsFound> ecsTask,
            CancellationToken ct)
        {
            var dns = new DnsFound();
            var zone = HostedZones.FindFor(spec.DomainName, zones);
            if (zone == null) return dns;
            // A reused certificate's validation records are its owner's (a wildcard's sit outside this host).
            var chosen = certs.Chosen?.IsReused == true ? null : certs.Chosen;
            var validationNames = (chosen?.ValidationOptions ?? new List<DiscoveredValidationOption>())
                .Where(o => o.RecordName != null).Select(o => o.RecordName!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var wanted = new List<(string Name, string Type)> { (spec.DomainName, "A") };
            wanted.AddRange(validationNames.Select(name => (name, "CNAME")));
            var records = await new RecordDiscovery(_aws).RecordsUnderAsync(zone.Id, spec.DomainName, wanted, ct).ConfigureAwait(false);
            dns.AliasRecord = records.Wanted[0];
            foreach (var r in records.Wanted.Skip(1))
                if (r != null) dns.CertificateValidationRecords.Add(r);
            var domains = new DomainDiscovery(_aws, _names);
            dns.Holders = await domains.HoldersAsync(records.AtName, StackPlanner.SameDnsName(spec.DomainName, zone.Name), ct).ConfigureAwait(false);

            // A domain the app has left (the one its cluster records, or one of its other certificates): its alias and
            // the validation records of its certificate go once the new name serves.
            var cluster = (await ecsTask.ConfigureAwait(false)).Cluster;
            // A shared endpoint's cluster records no app's domain (it is every app's).
            var recorded = cluster != null && !_names.IsOnSharedEndpoint && cluster.Tags.TryGetValue(StackNames.DomainTagKey, out var d) ? d : null;
            var left = new[] { recorded }.Concat(certs.Others.Select(c => c.DomainName))
                .Where(x => !string.IsNullOrEmpty(x) && !StackPlanner.SameDnsName(x!, spec.DomainName)).Select(x => x!).ToList();
            foreach (var alias in await domains.AliasesAsync(left, zones, ct).ConfigureAwait(false))
                dns.RetiredAliases.Add(new DiscoveredExtra(ExtraKind.AliasRecord, StackPlanner.TrimDot(alias.Record.Name), null, null)
                {
                    Why = $"the app moves to {StackPlanner.TrimDot(spec.DomainName)} (removed once that name serves)",
                    Records = new List<ZoneRecord> { alias },
                });
            var certificates = new CertificateDiscovery(_aws);
            foreach (var certificate in certs.Others.Where(c => !StackPlanner.SameDnsName(c.DomainName, spec.DomainName)))
                dns.ValidationRecords[certificate.Arn] = await certificates.ValidationRecordsOfAsync(certificate, zones, ct).ConfigureAwait(false);
            return dns;
        }
    }
}
