using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Stack.Planning;
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
    /// <summary>
    /// Finds an app's resources again by their deterministic names and the aotech:app tag (there is no state file),
    /// and turns what AWS returns into the neutral <see cref="DiscoveredStack"/> records the planner reads.
    /// Read-only. Independent lookups run in parallel.
    /// </summary>
    public sealed class StackDiscovery
    {
        private readonly AwsConnection aws;
        private readonly StackNames names;

        public StackDiscovery(AwsConnection connection, StackNames names)
        {
            aws = connection;
            this.names = names;
        }

        /// <summary>Resources holding one of our names but not our tag ("kind name"); preflight refuses to touch them.</summary>
        public List<string> ForeignResources { get; } = new List<string>();

        private void Foreign(string what)
        {
            lock (ForeignResources) ForeignResources.Add(what);
        }

        private bool Ours(string? tagValue, string what)
        {
            if (tagValue == names.App) return true;
            Foreign(what);
            return false;
        }

        /// <summary>
        /// Everything of the app but its task definition revisions (see <see cref="TaskDefinitionsAsync"/>).
        /// <paramref name="zones"/> locate the DNS records: the domain's alias and who holds the name, the certificate's
        /// validation records, the aliases of domains the app has left (null: no DNS look-ups, as for a teardown).
        /// </summary>
        public async Task<DiscoveredStack> DiscoverAsync(AppSpec spec, IList<HostedZoneInfo>? zones, CancellationToken ct)
        {
            var found = new DiscoveredStack();
            NetworkExtras.Clear();
            SecurityGroupExtras.Clear();
            var tagged = TaggedResources.ListAsync(aws, names, ct);
            var network = NetworkAsync(spec, ct);
            var iam = IamAsync(found, ct);
            var logs = LogGroupAsync(ct);
            var loadBalancer = LoadBalancerAsync(found, tagged, ct);
            var certificates = CertificatesAfterListenerAsync(loadBalancer, tagged, found, spec.DomainName, ct);
            var compute = ComputeAsync(found, ct);
            var ecs = EcsAsync(found, ct);

            found.Network = await network.ConfigureAwait(false);
            // Our groups in an extra VPC of ours are extras too (they must go before that VPC can).
            var groups = await SecurityGroupsAsync(found.Network?.VpcId, ct,
                NetworkExtras.Where(e => e.Kind == ExtraKind.Vpc).Select(e => e.Id)).ConfigureAwait(false);
            found.LoadBalancerSecurityGroup = groups.Alb;
            found.InstanceSecurityGroup = groups.Instances;
            var certs = await certificates.ConfigureAwait(false);
            found.Certificate = certs.Chosen;
            var zone = zones == null ? null : HostedZones.FindFor(spec.DomainName, zones);
            var retiredAliases = new List<DiscoveredExtra>();
            var validationRecords = new Dictionary<string, IList<ZoneRecord>>(StringComparer.Ordinal);
            if (zone != null)
            {
                var validationNames = (found.Certificate?.ValidationOptions ?? new List<DiscoveredValidationOption>())
                    .Where(o => o.RecordName != null).Select(o => o.RecordName!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                var wanted = new List<(string Name, string Type)> { (spec.DomainName, "A") };
                wanted.AddRange(validationNames.Select(name => (name, "CNAME")));
                var records = await RecordsUnderAsync(zone.Id, spec.DomainName, wanted, ct).ConfigureAwait(false);
                found.AliasRecord = records.Wanted[0];
                foreach (var r in records.Wanted.Skip(1))
                    if (r != null) found.ValidationRecords.Add(r);
                var domains = new DomainDiscovery(aws, names);
                found.DomainHolders = await domains.HoldersAsync(records.AtName, StackPlanner.SameDnsName(spec.DomainName, zone.Name), ct)
                    .ConfigureAwait(false);

                // A domain the app has left (the one its cluster records, or one of its other certificates): its alias and
                // the validation records of its certificate go once the new name serves.
                await ecs.ConfigureAwait(false);
                var recorded = found.Cluster != null && found.Cluster.Tags.TryGetValue(StackNames.DomainTagKey, out var d) ? d : null;
                var left = new[] { recorded }.Concat(certs.Others.Select(c => c.DomainName))
                    .Where(x => !string.IsNullOrEmpty(x) && !StackPlanner.SameDnsName(x!, spec.DomainName)).Select(x => x!).ToList();
                foreach (var alias in await domains.AliasesAsync(left, zones!, ct).ConfigureAwait(false))
                    retiredAliases.Add(new DiscoveredExtra(ExtraKind.AliasRecord, StackPlanner.TrimDot(alias.Record.Name), null, null)
                    {
                        Why = $"the app moves to {StackPlanner.TrimDot(spec.DomainName)} (removed once that name serves)",
                        Records = new List<ZoneRecord> { alias },
                    });
                foreach (var certificate in certs.Others.Where(c => !StackPlanner.SameDnsName(c.DomainName, spec.DomainName)))
                    validationRecords[certificate.Arn] = await ValidationRecordsOfAsync(certificate, zones!, ct).ConfigureAwait(false);
            }
            var listenerExtras = await loadBalancer.ConfigureAwait(false);
            await Task.WhenAll(iam, compute, ecs).ConfigureAwait(false);
            var (logGroup, logExtras) = await logs.ConfigureAwait(false);
            found.LogGroup = logGroup;
            PreferSubnetsInUse(found);
            var certificateExtras = CertificateDiscovery.Extras(certs, spec.DomainName, found.LoadBalancer?.Arn,
                c => validationRecords.TryGetValue(c.Arn, out var r) ? r : new List<ZoneRecord>());
            found.Extras = NetworkExtras.Concat(SecurityGroupExtras).Concat(await iam.ConfigureAwait(false)).Concat(logExtras)
                .Concat(listenerExtras).Concat(certificateExtras).Concat(retiredAliases).OrderBy(e => e.Kind).ToList();
            return found;
        }

        // ---- network ----

        /// <summary>
        /// The dedicated VPC (by Name and app tag), or the given one (-VpcId / -SubnetId), with subnets and routing.
        /// Each Describe call covers every VPC of ours at once, so a second VPC, gateway, route table or subnet per
        /// zone (an older version, a lost create answer) costs no extra call: the one in use is kept, the others go
        /// into <see cref="NetworkExtras"/>.
        /// </summary>
        public async Task<DiscoveredNetwork?> NetworkAsync(AppSpec spec, CancellationToken ct)
        {
            if (!spec.UsesDedicatedNetwork) return await GivenNetworkAsync(spec, ct).ConfigureAwait(false);

            var vpcs = await aws.Ec2("DescribeVpcs", (c, t) => c.DescribeVpcsAsync(new Ec2.DescribeVpcsRequest
            {
                Filters = new List<Ec2.Filter> { AwsCalls.TagFilter("Name", names.Vpc) },
            }, t), ct).ConfigureAwait(false);
            var ourVpcs = vpcs.Vpcs.OrEmpty().Where(v => AwsCalls.Tag(v.Tags, StackNames.AppTagKey) == names.App)
                .OrderBy(v => v.VpcId, StringComparer.Ordinal).ToList();
            foreach (var other in vpcs.Vpcs.OrEmpty().Where(v => !ourVpcs.Contains(v))) Foreign("VPC " + other.VpcId);
            if (ourVpcs.Count == 0) return null;
            var vpcIds = ourVpcs.Select(v => v.VpcId).ToArray();

            var subnetsCall = aws.Ec2("DescribeSubnets", (c, t) => c.DescribeSubnetsAsync(new Ec2.DescribeSubnetsRequest
            {
                Filters = new List<Ec2.Filter> { AwsCalls.Filter("vpc-id", vpcIds) },
            }, t), ct);
            var gatewaysCall = aws.Ec2("DescribeInternetGateways", (c, t) => c.DescribeInternetGatewaysAsync(new Ec2.DescribeInternetGatewaysRequest
            {
                Filters = new List<Ec2.Filter> { AwsCalls.TagFilter(StackNames.AppTagKey, names.App) },
            }, t), ct);
            var tablesCall = aws.Ec2("DescribeRouteTables", (c, t) => c.DescribeRouteTablesAsync(new Ec2.DescribeRouteTablesRequest
            {
                Filters = new List<Ec2.Filter> { AwsCalls.Filter("vpc-id", vpcIds), AwsCalls.TagFilter(StackNames.AppTagKey, names.App) },
            }, t), ct);
            var allSubnets = (await subnetsCall.ConfigureAwait(false)).Subnets.OrEmpty()
                .Where(s => AwsCalls.Tag(s.Tags, StackNames.AppTagKey) == names.App).ToList();
            var gateways = (await gatewaysCall.ConfigureAwait(false)).InternetGateways.OrEmpty().OrderBy(g => g.InternetGatewayId, StringComparer.Ordinal).ToList();
            var tables = (await tablesCall.ConfigureAwait(false)).RouteTables.OrEmpty().OrderBy(r => r.RouteTableId, StringComparer.Ordinal).ToList();

            // The VPC in use is the one holding most of our subnets (then a route table); the others are extras.
            var vpc = ourVpcs.OrderByDescending(v => allSubnets.Count(s => s.VpcId == v.VpcId))
                .ThenByDescending(v => tables.Any(r => r.VpcId == v.VpcId)).First();
            var network = new DiscoveredNetwork { VpcId = vpc.VpcId, CidrBlock = vpc.CidrBlock };
            var extras = new List<DiscoveredExtra>();

            var gateway = gateways.FirstOrDefault(g => g.Attachments.OrEmpty().Any(a => a.VpcId == vpc.VpcId))
                          ?? gateways.FirstOrDefault(g => g.Attachments.OrEmpty().Count == 0) ?? gateways.FirstOrDefault();
            if (gateway != null)
            {
                network.InternetGatewayId = gateway.InternetGatewayId;
                network.InternetGatewayAttached = gateway.Attachments.OrEmpty().Any(a => a.VpcId == vpc.VpcId);
            }
            extras.AddRange(gateways.Where(g => g != gateway).Select(g => new DiscoveredExtra(ExtraKind.InternetGateway, g.InternetGatewayId,
                AwsCalls.Tag(g.Tags, "Name"), null) { AttachedVpcIds = g.Attachments.OrEmpty().Select(a => a.VpcId).ToList() }));

            // The route table in use is the one most of the VPC's subnets are associated with.
            var table = tables.Where(r => r.VpcId == vpc.VpcId)
                .OrderByDescending(r => r.Associations.OrEmpty().Count(a => a.SubnetId != null)).FirstOrDefault();
            if (table != null)
            {
                network.RouteTableId = table.RouteTableId;
                network.HasDefaultRoute = table.Routes.OrEmpty().Any(r =>
                    r.DestinationCidrBlock == "0.0.0.0/0" && r.GatewayId != null && r.GatewayId == network.InternetGatewayId);
                network.AssociatedSubnetIds = new HashSet<string>(
                    table.Associations.OrEmpty().Where(a => a.SubnetId != null).Select(a => a.SubnetId), StringComparer.Ordinal);
            }
            extras.AddRange(tables.Where(r => r != table).Select(r => new DiscoveredExtra(ExtraKind.RouteTable, r.RouteTableId,
                AwsCalls.Tag(r.Tags, "Name"), r.VpcId)
            {
                AssociationIds = r.Associations.OrEmpty().Where(a => a.Main != true && a.RouteTableAssociationId != null)
                    .Select(a => a.RouteTableAssociationId).ToList(),
            }));

            // One subnet per zone: the one associated with the route table, else the first.
            foreach (var zone in allSubnets.Where(s => s.VpcId == vpc.VpcId).GroupBy(s => s.AvailabilityZone).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var kept = zone.OrderByDescending(s => network.AssociatedSubnetIds.Contains(s.SubnetId)).ThenBy(s => s.SubnetId, StringComparer.Ordinal).First();
                network.Subnets.Add(ToSubnet(kept));
                foreach (var extra in zone.Where(s => s != kept))
                {
                    extras.Add(new DiscoveredExtra(ExtraKind.Subnet, extra.SubnetId, AwsCalls.Tag(extra.Tags, "Name"), extra.VpcId));
                    lock (spareSubnets) spareSubnets[extra.SubnetId] = ToSubnet(extra);
                }
            }
            extras.AddRange(allSubnets.Where(s => s.VpcId != vpc.VpcId)
                .Select(s => new DiscoveredExtra(ExtraKind.Subnet, s.SubnetId, AwsCalls.Tag(s.Tags, "Name"), s.VpcId)));
            extras.AddRange(ourVpcs.Where(v => v != vpc).Select(v => new DiscoveredExtra(ExtraKind.Vpc, v.VpcId, names.Vpc, v.VpcId)));
            lock (NetworkExtras) NetworkExtras.AddRange(extras);
            return network;
        }

        /// <summary>Extra network resources <see cref="NetworkAsync"/> found (copied into DiscoveredStack.Extras).</summary>
        public List<DiscoveredExtra> NetworkExtras { get; } = new List<DiscoveredExtra>();

        /// <summary>Second subnets of ours in a zone of the VPC in use, by id (one may turn out to be the one in use).</summary>
        private readonly Dictionary<string, DiscoveredSubnet> spareSubnets = new Dictionary<string, DiscoveredSubnet>(StringComparer.Ordinal);

        /// <summary>
        /// When the load balancer uses a subnet discovery counted as an extra (two of ours in one zone), keep that one
        /// instead: the subnet in use stays, the unused one goes.
        /// </summary>
        private void PreferSubnetsInUse(DiscoveredStack found)
        {
            var network = found.Network;
            var used = found.LoadBalancer?.SubnetIds;
            if (network == null || used == null) return;
            lock (NetworkExtras)
            lock (spareSubnets)
            {
                for (var i = 0; i < network.Subnets.Count; i++)
                {
                    var kept = network.Subnets[i];
                    if (used.Contains(kept.SubnetId)) continue;
                    var inUse = NetworkExtras.FirstOrDefault(e => e.Kind == ExtraKind.Subnet && used.Contains(e.Id) &&
                        spareSubnets.TryGetValue(e.Id, out var spare) && spare.AvailabilityZone == kept.AvailabilityZone);
                    if (inUse == null) continue;
                    NetworkExtras.Remove(inUse);
                    NetworkExtras.Add(new DiscoveredExtra(ExtraKind.Subnet, kept.SubnetId, names.Subnet(kept.AvailabilityZone), kept.VpcId));
                    network.Subnets[i] = spareSubnets[inUse.Id];
                }
            }
        }

        private static DiscoveredSubnet ToSubnet(Ec2.Subnet s) => new DiscoveredSubnet
        {
            SubnetId = s.SubnetId,
            VpcId = s.VpcId,
            AvailabilityZone = s.AvailabilityZone,
            CidrBlock = s.CidrBlock,
            MapPublicIpOnLaunch = s.MapPublicIpOnLaunch == true,
        };

        /// <summary>The network the user named; its missing subnets are reported in <see cref="MissingSubnetIds"/>.</summary>
        private async Task<DiscoveredNetwork?> GivenNetworkAsync(AppSpec spec, CancellationToken ct)
        {
            List<Ec2.Subnet> subnets;
            if (spec.SubnetIds.Count > 0)
            {
                var response = await aws.Ec2("DescribeSubnets", (c, t) => c.DescribeSubnetsAsync(new Ec2.DescribeSubnetsRequest
                {
                    Filters = new List<Ec2.Filter> { AwsCalls.Filter("subnet-id", spec.SubnetIds.ToArray()) },
                }, t), ct).ConfigureAwait(false);
                subnets = response.Subnets.OrEmpty();
                MissingSubnetIds.AddRange(spec.SubnetIds.Where(id => subnets.All(s => s.SubnetId != id)));
            }
            else
            {
                var vpcs = await aws.Ec2("DescribeVpcs", (c, t) => c.DescribeVpcsAsync(new Ec2.DescribeVpcsRequest
                {
                    Filters = new List<Ec2.Filter> { AwsCalls.Filter("vpc-id", spec.VpcId!) },
                }, t), ct).ConfigureAwait(false);
                if (vpcs.Vpcs.OrEmpty().Count == 0) return null;
                var response = await aws.Ec2("DescribeSubnets", (c, t) => c.DescribeSubnetsAsync(new Ec2.DescribeSubnetsRequest
                {
                    Filters = new List<Ec2.Filter> { AwsCalls.Filter("vpc-id", spec.VpcId!) },
                }, t), ct).ConfigureAwait(false);
                subnets = response.Subnets.OrEmpty();
            }
            if (subnets.Count == 0) return null;
            var vpcId = spec.VpcId ?? subnets[0].VpcId;
            // Which subnets are public (0.0.0.0/0 to an internet gateway) and which route out through a NAT: see NetworkLayout.
            var tables = (await aws.Ec2("DescribeRouteTables", (c, t) => c.DescribeRouteTablesAsync(new Ec2.DescribeRouteTablesRequest
            {
                Filters = new List<Ec2.Filter> { AwsCalls.Filter("vpc-id", subnets.Select(s => s.VpcId).Distinct().ToArray()) },
            }, t), ct).ConfigureAwait(false)).RouteTables.OrEmpty();
            return new DiscoveredNetwork
            {
                VpcId = vpcId,
                IsExisting = true,
                Subnets = subnets.Select(s =>
                {
                    var subnet = ToSubnet(s);
                    subnet.DefaultRouteTarget = DefaultRouteTarget(s, tables);
                    return subnet;
                }).OrderBy(s => s.AvailabilityZone, StringComparer.Ordinal).ToList(),
            };
        }

        /// <summary>Where 0.0.0.0/0 goes from <paramref name="subnet"/>: through its own route table, else its VPC's main one.</summary>
        internal static string? DefaultRouteTarget(Ec2.Subnet subnet, List<Ec2.RouteTable> tables)
        {
            var table = tables.FirstOrDefault(r => r.Associations.OrEmpty().Any(a => a.SubnetId == subnet.SubnetId))
                        ?? tables.FirstOrDefault(r => r.VpcId == subnet.VpcId && r.Associations.OrEmpty().Any(a => a.Main == true));
            var route = table?.Routes.OrEmpty().FirstOrDefault(r => r.DestinationCidrBlock == "0.0.0.0/0" && r.State?.Value != "blackhole");
            return route == null ? null
                : route.NatGatewayId ?? route.TransitGatewayId ?? route.NetworkInterfaceId ?? route.InstanceId ??
                  (route.GatewayId != null && route.GatewayId != "local" ? route.GatewayId : null);
        }

        /// <summary>Subnet ids given with -SubnetId that do not exist.</summary>
        public List<string> MissingSubnetIds { get; } = new List<string>();

        /// <summary>
        /// Our two security groups in <paramref name="vpcId"/>. Groups of the same names and tag elsewhere (in an extra
        /// VPC of ours, in <paramref name="otherVpcIds"/>, or anywhere when there is no VPC) go into <see cref="SecurityGroupExtras"/>.
        /// </summary>
        public async Task<(DiscoveredSecurityGroup? Alb, DiscoveredSecurityGroup? Instances)> SecurityGroupsAsync(string? vpcId, CancellationToken ct,
            IEnumerable<string>? otherVpcIds = null)
        {
            // Without a VPC (teardown of an app on a given network, or a partial one) look the groups up by name and tag alone.
            var filters = new List<Ec2.Filter> { AwsCalls.Filter("group-name", names.LoadBalancerSecurityGroup, names.InstanceSecurityGroup) };
            filters.Add(vpcId != null
                ? AwsCalls.Filter("vpc-id", new[] { vpcId }.Concat(otherVpcIds ?? Enumerable.Empty<string>()).Distinct().ToArray())
                : AwsCalls.TagFilter(StackNames.AppTagKey, names.App));
            var response = await aws.Ec2("DescribeSecurityGroups", (c, t) => c.DescribeSecurityGroupsAsync(new Ec2.DescribeSecurityGroupsRequest
            {
                Filters = filters,
            }, t), ct).ConfigureAwait(false);
            var groups = response.SecurityGroups.OrEmpty().OrderByDescending(g => g.VpcId == vpcId).ThenBy(g => g.GroupId, StringComparer.Ordinal).ToList();
            DiscoveredSecurityGroup? Pick(string name)
            {
                var named = groups.Where(g => g.GroupName == name).ToList();
                var group = named.FirstOrDefault();
                if (group == null || !Ours(AwsCalls.Tag(group.Tags, StackNames.AppTagKey), "security group " + name)) return null;
                lock (SecurityGroupExtras)
                    SecurityGroupExtras.AddRange(named.Skip(1).Where(g => AwsCalls.Tag(g.Tags, StackNames.AppTagKey) == names.App)
                        .Select(g => new DiscoveredExtra(ExtraKind.SecurityGroup, g.GroupId, g.GroupName, g.VpcId)));
                return new DiscoveredSecurityGroup
                {
                    GroupId = group.GroupId,
                    VpcId = group.VpcId,
                    Ingress = group.IpPermissions.OrEmpty().SelectMany(ToRules).ToList(),
                };
            }
            // The instance group first: it refers to the load balancer's, so it has to go first.
            var instances = Pick(names.InstanceSecurityGroup);
            return (Pick(names.LoadBalancerSecurityGroup), instances);
        }

        /// <summary>Extra security groups <see cref="SecurityGroupsAsync"/> found.</summary>
        public List<DiscoveredExtra> SecurityGroupExtras { get; } = new List<DiscoveredExtra>();

        private static IEnumerable<IngressRule> ToRules(Ec2.IpPermission p)
        {
            var from = p.IpProtocol == "-1" ? -1 : AwsCalls.Int(p.FromPort);
            var to = p.IpProtocol == "-1" ? -1 : AwsCalls.Int(p.ToPort);
            foreach (var range in p.Ipv4Ranges.OrEmpty()) yield return new IngressRule(from, to, range.CidrIp, null, p.IpProtocol);
            foreach (var range in p.Ipv6Ranges.OrEmpty()) yield return new IngressRule(from, to, range.CidrIpv6, null, p.IpProtocol);
            foreach (var pair in p.UserIdGroupPairs.OrEmpty()) yield return new IngressRule(from, to, null, pair.GroupId, p.IpProtocol);
        }

        // ---- certificate and DNS ----

        /// <summary>The app's certificates (see <see cref="CertificateDiscovery"/>) once the listener, and so its certificate, is known.</summary>
        private async Task<FoundCertificates> CertificatesAfterListenerAsync(Task loadBalancer, Task<TaggedResources> tagged, DiscoveredStack found,
            string domainName, CancellationToken ct)
        {
            await loadBalancer.ConfigureAwait(false);
            return await new CertificateDiscovery(aws).FindAsync(domainName, found.HttpsListener?.CertificateArn, await tagged.ConfigureAwait(false), ct)
                .ConfigureAwait(false);
        }

        /// <summary>The certificate the app uses or waits for at <paramref name="domainName"/> (Get-AoEcsApp).</summary>
        public async Task<DiscoveredCertificate?> CertificateAsync(string domainName, CancellationToken ct)
        {
            var tagged = await TaggedResources.ListAsync(aws, names, ct).ConfigureAwait(false);
            return (await new CertificateDiscovery(aws).FindAsync(domainName, null, tagged, ct).ConfigureAwait(false)).Chosen;
        }

        /// <summary>
        /// A certificate's validation CNAMEs as ACM asked for them, in its domain's hosted zone (what may be deleted with it);
        /// names <paramref name="known"/> says were found already are not looked up again.
        /// </summary>
        public async Task<IList<ZoneRecord>> ValidationRecordsOfAsync(DiscoveredCertificate certificate, IList<HostedZoneInfo> zones, CancellationToken ct,
            Func<string, bool>? known = null)
        {
            var result = new List<ZoneRecord>();
            var zone = HostedZones.FindFor(certificate.DomainName, zones);
            if (zone == null) return result;
            foreach (var option in certificate.ValidationOptions.Where(o => o.RecordName != null))
            {
                if (result.Any(r => StackPlanner.SameDnsName(r.Record.Name, option.RecordName!)) || known?.Invoke(option.RecordName!) == true) continue;
                var record = await RecordAsync(zone.Id, option.RecordName!, "CNAME", ct).ConfigureAwait(false);
                if (record != null && record.Values.Any(v => StackPlanner.SameDnsName(v, option.RecordValue ?? "")))
                    result.Add(new ZoneRecord(zone.Id, record));
            }
            return result;
        }

        /// <summary>Every certificate of ours for the domain, whatever its state (teardown deletes them all).</summary>
        public async Task<List<DiscoveredCertificate>> AllCertificatesAsync(CancellationToken ct)
        {
            var result = new List<DiscoveredCertificate>();
            string? token = null;
            do
            {
                var page = await aws.SendAsync(new Acm.ListCertificatesRequest { NextToken = token }, ct).ConfigureAwait(false);
                foreach (var candidate in page.CertificateSummaryList.OrEmpty())
                {
                    var tags = await AwsCalls.OrNull(() => aws.SendAsync(new Acm.ListTagsForCertificateRequest { CertificateArn = candidate.CertificateArn }, ct),
                        "ResourceNotFoundException").ConfigureAwait(false);
                    if (tags?.Tags.OrEmpty().Any(t => t.Key == StackNames.AppTagKey && t.Value == names.App) != true) continue;
                    var detail = await AwsCalls.OrNull(() => aws.SendAsync(new Acm.DescribeCertificateRequest { CertificateArn = candidate.CertificateArn }, ct),
                        "ResourceNotFoundException").ConfigureAwait(false);
                    if (detail?.Certificate != null) result.Add(CertificateDiscovery.ToCertificate(detail.Certificate));
                }
                token = page.NextToken;
            } while (!string.IsNullOrEmpty(token));
            return result;
        }

        /// <summary>The record set with exactly this name and type in the zone, or null.</summary>
        public async Task<DiscoveredRecord?> RecordAsync(string hostedZoneId, string name, string type, CancellationToken ct)
        {
            var response = await aws.SendAsync(new R53.ListResourceRecordSetsRequest
            {
                HostedZoneId = hostedZoneId,
                StartRecordName = name,
                StartRecordType = type,
                MaxItems = "1",
            }, ct).ConfigureAwait(false);
            return ToRecord(response.ResourceRecordSets.OrEmpty(), name, type);
        }

        /// <summary>
        /// The record sets wanted (in order; null when absent) and every record set at <paramref name="domainName"/>,
        /// found with ONE listing from the domain's A record on: Route 53 sorts by name with the labels reversed, then by
        /// type, so every type at the domain and every name under it (the certificate's validation records are
        /// "_x.domain") follow that start point. A name the listing may not have reached (truncated page) or that is not
        /// under the domain is looked up on its own.
        /// </summary>
        public async Task<(List<DiscoveredRecord?> Wanted, List<DiscoveredRecord> AtName)> RecordsUnderAsync(string hostedZoneId, string domainName,
            IList<(string Name, string Type)> wanted, CancellationToken ct)
        {
            var sets = new List<R53.ResourceRecordSet>();
            R53.ListResourceRecordSetsResponse response;
            string? startName = domainName, startType = "A", startIdentifier = null;
            do
            {
                response = await aws.SendAsync(new R53.ListResourceRecordSetsRequest
                {
                    HostedZoneId = hostedZoneId,
                    StartRecordName = startName,
                    StartRecordType = startType,
                    StartRecordIdentifier = startIdentifier,
                    MaxItems = "50",
                }, ct).ConfigureAwait(false);
                sets.AddRange(response.ResourceRecordSets.OrEmpty());
                startName = response.NextRecordName;
                startType = response.NextRecordType;
                startIdentifier = response.NextRecordIdentifier;
                // Only a domain with more record sets than a page (weighted or latency sets) needs the next page.
            } while (response.IsTruncated == true && startName != null && StackPlanner.SameDnsName(Unescape(startName), domainName));
            var complete = response.IsTruncated != true;
            var domain = domainName.TrimEnd('.');
            var lookups = wanted.Select(w =>
            {
                var record = ToRecord(sets, w.Name, w.Type);
                var name = Unescape(w.Name).TrimEnd('.');
                var covered = StackPlanner.SameDnsName(name, domain) || name.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase);
                return record != null || (complete && covered)
                    ? Task.FromResult(record)
                    : RecordAsync(hostedZoneId, w.Name, w.Type, ct);
            }).ToList();
            var atName = sets.Where(r => StackPlanner.SameDnsName(Unescape(r.Name ?? ""), domainName)).Select(ToRecord).ToList();
            return ((await Task.WhenAll(lookups).ConfigureAwait(false)).ToList(), atName);
        }

        private static DiscoveredRecord? ToRecord(IEnumerable<R53.ResourceRecordSet> sets, string name, string type)
        {
            var set = sets.FirstOrDefault(r => StackPlanner.SameDnsName(Unescape(r.Name ?? ""), name) && r.Type == type);
            return set == null ? null : ToRecord(set);
        }

        private static DiscoveredRecord ToRecord(R53.ResourceRecordSet set)
        {
            return new DiscoveredRecord
            {
                Name = set.Name ?? "",
                Type = set.Type ?? "",
                Ttl = set.TTL,
                Values = set.ResourceRecords.OrEmpty().Select(v => v.Value ?? "").ToList(),
                AliasDnsName = set.AliasTarget?.DNSName,
                AliasHostedZoneId = set.AliasTarget?.HostedZoneId,
                AliasEvaluateTargetHealth = set.AliasTarget?.EvaluateTargetHealth == true,
            };
        }

        /// <summary>Route 53 returns some characters (e.g. '*') as octal escapes "\052".</summary>
        private static string Unescape(string name) => name.Replace("\\052", "*");

        // ---- load balancer ----

        /// <summary>
        /// The load balancer and target group, by their names (unique in the account and region, so there is never a second
        /// copy of either), their attributes and the listeners. Returns the listeners on other ports than 443 and 80 as
        /// extras: the app's own (tagged) are deleted, others reported.
        /// </summary>
        private async Task<List<DiscoveredExtra>> LoadBalancerAsync(DiscoveredStack found, Task<TaggedResources> tagged, CancellationToken ct)
        {
            var extras = new List<DiscoveredExtra>();
            var lbs = AwsCalls.OrNull(() => aws.SendAsync(new Elb.DescribeLoadBalancersRequest { Names = new List<string> { names.LoadBalancer } }, ct),
                "LoadBalancerNotFound");
            var tgs = AwsCalls.OrNull(() => aws.SendAsync(new Elb.DescribeTargetGroupsRequest { Names = new List<string> { names.TargetGroup } }, ct),
                "TargetGroupNotFound");
            var lb = (await lbs.ConfigureAwait(false))?.LoadBalancers.OrEmpty().FirstOrDefault();
            var tg = (await tgs.ConfigureAwait(false))?.TargetGroups.OrEmpty().FirstOrDefault();
            if (lb == null && tg == null) return extras;

            // The tagging API's listing says which are ours at no call; only one it does not list (not tagged for us, or
            // made a moment ago) is asked about with DescribeTags.
            var listed = await tagged.ConfigureAwait(false);
            var arns = new[] { lb?.LoadBalancerArn, tg?.TargetGroupArn }.Where(a => a != null).Select(a => a!).ToList();
            var unlisted = arns.Where(a => !listed.Contains(a)).ToList();
            var tags = unlisted.Count == 0 ? null : await aws.SendAsync(new Elb.DescribeTagsRequest { ResourceArns = unlisted }, ct).ConfigureAwait(false);
            string? AppTag(string arn) => listed.Contains(arn) ? names.App : ElbAppTag(tags, arn);

            var work = new List<Task>();
            var otherListeners = new List<Elb.Listener>();
            if (lb != null && Ours(AppTag(lb.LoadBalancerArn!), "load balancer " + names.LoadBalancer))
            {
                var discovered = new DiscoveredLoadBalancer
                {
                    Arn = lb.LoadBalancerArn!,
                    DnsName = lb.DNSName ?? "",
                    CanonicalHostedZoneId = lb.CanonicalHostedZoneId ?? "",
                    Scheme = lb.Scheme ?? "",
                    VpcId = lb.VpcId ?? "",
                    State = lb.State?.Code ?? "",
                    SubnetIds = new HashSet<string>(lb.AvailabilityZones.OrEmpty().Where(z => z.SubnetId != null).Select(z => z.SubnetId!), StringComparer.Ordinal),
                    SecurityGroupIds = new HashSet<string>(lb.SecurityGroups.OrEmpty(), StringComparer.Ordinal),
                };
                found.LoadBalancer = discovered;
                work.Add(Task.Run(async () =>
                {
                    var attributes = await aws.SendAsync(new Elb.DescribeLoadBalancerAttributesRequest { LoadBalancerArn = discovered.Arn }, ct).ConfigureAwait(false);
                    foreach (var a in attributes.Attributes.OrEmpty())
                        if (a.Key != null) discovered.Attributes[a.Key] = a.Value ?? "";
                }, ct));
                work.Add(Task.Run(async () =>
                {
                    var listeners = await aws.SendAsync(new Elb.DescribeListenersRequest { LoadBalancerArn = discovered.Arn }, ct).ConfigureAwait(false);
                    foreach (var l in listeners.Listeners.OrEmpty())
                    {
                        var action = l.DefaultActions.OrEmpty().FirstOrDefault();
                        var listener = new DiscoveredListener
                        {
                            Arn = l.ListenerArn ?? "",
                            Port = l.Port ?? 0,
                            Protocol = l.Protocol ?? "",
                            SslPolicy = l.SslPolicy,
                            CertificateArn = l.Certificates.OrEmpty().FirstOrDefault()?.CertificateArn,
                            DefaultActionType = action?.Type ?? "",
                            ForwardTargetGroupArn = action?.TargetGroupArn ?? action?.ForwardConfig?.TargetGroups.OrEmpty().FirstOrDefault()?.TargetGroupArn,
                            RedirectProtocol = action?.RedirectConfig?.Protocol,
                            RedirectPort = action?.RedirectConfig?.Port,
                            RedirectStatusCode = action?.RedirectConfig?.StatusCode,
                        };
                        if (listener.Port == StackDefaults.HttpsPort) found.HttpsListener = listener;
                        else if (listener.Port == StackDefaults.HttpPort) found.HttpListener = listener;
                        else otherListeners.Add(l);
                    }
                }, ct));
            }
            if (tg != null && Ours(AppTag(tg.TargetGroupArn!), "target group " + names.TargetGroup))
            {
                var discovered = new DiscoveredTargetGroup
                {
                    Arn = tg.TargetGroupArn!,
                    VpcId = tg.VpcId ?? "",
                    Protocol = tg.Protocol ?? "",
                    Port = tg.Port ?? 0,
                    TargetType = tg.TargetType ?? "",
                    HealthCheckPath = tg.HealthCheckPath ?? "",
                    HealthCheckIntervalSeconds = tg.HealthCheckIntervalSeconds ?? 0,
                    HealthCheckTimeoutSeconds = tg.HealthCheckTimeoutSeconds ?? 0,
                    HealthyThresholdCount = tg.HealthyThresholdCount ?? 0,
                    UnhealthyThresholdCount = tg.UnhealthyThresholdCount ?? 0,
                    Matcher = tg.Matcher?.HttpCode ?? "",
                    LoadBalancerArns = tg.LoadBalancerArns.OrEmpty(),
                };
                found.TargetGroup = discovered;
                work.Add(Task.Run(async () =>
                {
                    var attributes = await aws.SendAsync(new Elb.DescribeTargetGroupAttributesRequest { TargetGroupArn = discovered.Arn }, ct).ConfigureAwait(false);
                    foreach (var a in attributes.Attributes.OrEmpty())
                        if (a.Key != null) discovered.Attributes[a.Key] = a.Value ?? "";
                }, ct));
            }
            await Task.WhenAll(work).ConfigureAwait(false);
            if (otherListeners.Count > 0)
            {
                // The stack makes the 443 and 80 listeners only; one on another port is a copy of ours when it carries our tag.
                var listenerTags = await aws.SendAsync(new Elb.DescribeTagsRequest { ResourceArns = otherListeners.Select(l => l.ListenerArn!).ToList() }, ct)
                    .ConfigureAwait(false);
                extras.AddRange(otherListeners.Select(l => new DiscoveredExtra(ExtraKind.Listener, l.ListenerArn!, $"{names.LoadBalancer}:{l.Port}", null)
                {
                    Why = $"a listener on port {l.Port}, which the app does not serve",
                    LeftBecause = ElbAppTag(listenerTags, l.ListenerArn!) == names.App ? null : $"it does not carry the tag {StackNames.AppTagKey}={names.App}",
                }));
            }
            return extras;
        }

        private static string? ElbAppTag(Elb.DescribeTagsResponse? tags, string arn) =>
            tags?.TagDescriptions.OrEmpty().FirstOrDefault(d => d.ResourceArn == arn)?.Tags.OrEmpty().FirstOrDefault(t => t.Key == StackNames.AppTagKey)?.Value;

        // ---- IAM ----

        /// <summary>
        /// The roles and the instance profile. Returns the other roles under the app's IAM path as extras: the path is the
        /// app's namespace (IAM is global and untouched by the tagging API), and the stack makes three roles there.
        /// </summary>
        private async Task<List<DiscoveredExtra>> IamAsync(DiscoveredStack found, CancellationToken ct)
        {
            // One listing of our IAM path finds both roles on a re-run; a role not there is looked up by name.
            var underPath = await RolesUnderOurPathAsync(ct).ConfigureAwait(false);
            var instanceRole = RoleAsync(names.InstanceRole, underPath, ct);
            var executionRole = RoleAsync(names.ExecutionRole, underPath, ct);
            var taskRole = RoleAsync(names.TaskRole, underPath, ct);
            var profile = AwsCalls.OrNull(() => aws.SendAsync(new Iam.GetInstanceProfileRequest { InstanceProfileName = names.InstanceProfile }, ct),
                "NoSuchEntity");
            found.InstanceRole = await instanceRole.ConfigureAwait(false);
            found.ExecutionRole = await executionRole.ConfigureAwait(false);
            found.TaskRole = await taskRole.ConfigureAwait(false);
            var p = (await profile.ConfigureAwait(false))?.InstanceProfile;
            if (p != null && (p.Path == names.IamPath || Ours(p.Tags.OrEmpty().FirstOrDefault(t => t.Key == StackNames.AppTagKey)?.Value, "instance profile " + names.InstanceProfile)))
                found.InstanceProfile = new DiscoveredInstanceProfile
                {
                    Name = p.InstanceProfileName ?? "",
                    Arn = p.Arn ?? "",
                    RoleNames = p.Roles.OrEmpty().Select(r => r.RoleName ?? "").ToList(),
                };
            return underPath.Where(r => r.RoleName != names.InstanceRole && r.RoleName != names.ExecutionRole && r.RoleName != names.TaskRole &&
                                        r.RoleName != null)
                .Select(r => new DiscoveredExtra(ExtraKind.Role, r.RoleName!, null, null) { Why = $"a role under the app's IAM path {names.IamPath} it does not use" })
                .ToList();
        }

        private async Task<List<Iam.Role>> RolesUnderOurPathAsync(CancellationToken ct)
        {
            var roles = new List<Iam.Role>();
            string? marker = null;
            do
            {
                var page = await aws.SendAsync(new Iam.ListRolesRequest { PathPrefix = names.IamPath, Marker = marker }, ct).ConfigureAwait(false);
                roles.AddRange(page.Roles.OrEmpty().Where(r => r.Path != null && r.Path.StartsWith(names.IamPath, StringComparison.Ordinal)));
                marker = page.IsTruncated == true ? page.Marker : null;
            } while (!string.IsNullOrEmpty(marker));
            return roles;
        }

        private async Task<DiscoveredRole?> RoleAsync(string roleName, List<Iam.Role> underPath, CancellationToken ct)
        {
            var role = underPath.FirstOrDefault(r => r.RoleName == roleName && r.Path == names.IamPath)
                ?? (await AwsCalls.OrNull(() => aws.SendAsync(new Iam.GetRoleRequest { RoleName = roleName }, ct), "NoSuchEntity")
                .ConfigureAwait(false))?.Role;
            if (role == null) return null;
            // Ours when it lives under our IAM path (roles are created there) or carries our tag.
            if (role.Path != names.IamPath && !Ours(role.Tags.OrEmpty().FirstOrDefault(t => t.Key == StackNames.AppTagKey)?.Value, "IAM role " + roleName))
                return null;
            var attached = await aws.SendAsync(new Iam.ListAttachedRolePoliciesRequest { RoleName = roleName }, ct).ConfigureAwait(false);
            return new DiscoveredRole
            {
                Name = role.RoleName ?? roleName,
                Arn = role.Arn ?? "",
                TrustedService = TrustedService(role.AssumeRolePolicyDocument),
                AttachedPolicyArns = new HashSet<string>(attached.AttachedPolicies.OrEmpty().Select(a => a.PolicyArn ?? ""), StringComparer.Ordinal),
            };
        }

        /// <summary>The first service principal of a trust policy (IAM returns the document URL-encoded).</summary>
        internal static string? TrustedService(string? document)
        {
            if (string.IsNullOrEmpty(document)) return null;
            var text = document!.TrimStart().StartsWith("{", StringComparison.Ordinal) ? document : WebUtility.UrlDecode(document);
            try
            {
                using (var json = JsonDocument.Parse(text))
                {
                    if (!json.RootElement.TryGetProperty("Statement", out var statements)) return null;
                    var list = statements.ValueKind == JsonValueKind.Array ? statements.EnumerateArray().ToList() : new List<JsonElement> { statements };
                    foreach (var statement in list)
                        if (statement.TryGetProperty("Principal", out var principal) && principal.ValueKind == JsonValueKind.Object &&
                            principal.TryGetProperty("Service", out var service))
                            return service.ValueKind == JsonValueKind.Array ? service.EnumerateArray().First().GetString() : service.GetString();
                }
            }
            catch (JsonException)
            {
            }
            return null;
        }

        // ---- logs ----

        /// <summary>
        /// The log group, and as extras the groups under its name ("/aotech/&lt;app&gt;/..."): the app's namespace, as no
        /// app name holds a slash. They may hold logs (a container can be told to write there), so New-AoEcsApp reports
        /// them; the planner leaves out those the task definition writes to.
        /// </summary>
        private async Task<(DiscoveredLogGroup? Group, List<DiscoveredExtra> Extras)> LogGroupAsync(CancellationToken ct)
        {
            var response = await aws.SendAsync(new Logs.DescribeLogGroupsRequest { LogGroupNamePrefix = names.LogGroup }, ct).ConfigureAwait(false);
            var group = response.LogGroups.OrEmpty().FirstOrDefault(g => g.LogGroupName == names.LogGroup);
            var extras = response.LogGroups.OrEmpty().Where(g => g.LogGroupName != null && g.LogGroupName.StartsWith(names.LogGroup + "/", StringComparison.Ordinal))
                .Select(g => new DiscoveredExtra(ExtraKind.LogGroup, g.LogGroupName!, null, null)
                {
                    Why = "a log group under the app's name that its task definition does not write to",
                    LeftBecause = "it may hold logs; Remove-AoEcsApp deletes it with the app",
                }).ToList();
            return (group == null ? null : new DiscoveredLogGroup { Name = group.LogGroupName!, Arn = group.Arn, RetentionInDays = group.RetentionInDays },
                extras);
        }

        // ---- compute ----

        private async Task ComputeAsync(DiscoveredStack found, CancellationToken ct)
        {
            // The latest version by template name: one call gives the id, the version number and the data. Ours when the
            // data tags instances for the app (the template's own tags need a second call, DescribeLaunchTemplates).
            var versions = AwsCalls.OrNull(() => aws.Ec2("DescribeLaunchTemplateVersions", (c, t) => c.DescribeLaunchTemplateVersionsAsync(
                new Ec2.DescribeLaunchTemplateVersionsRequest { LaunchTemplateName = names.LaunchTemplate, Versions = new List<string> { "$Latest" } }, t), ct),
                "InvalidLaunchTemplateName.NotFoundException", "InvalidLaunchTemplateId.NotFound");
            var groups = aws.SendAsync(new Asg.DescribeAutoScalingGroupsRequest { AutoScalingGroupNames = new List<string> { names.AutoScalingGroup } }, ct);
            var providers = aws.SendAsync(new EcsApi.DescribeCapacityProvidersRequest
            {
                CapacityProviders = new List<string> { names.CapacityProvider },
                Include = new List<string> { "TAGS" },
            }, ct);

            var latest = (await versions.ConfigureAwait(false))?.LaunchTemplateVersions.OrEmpty().FirstOrDefault();
            var data = latest?.LaunchTemplateData;
            var instanceTags = data?.TagSpecifications.OrEmpty().Where(s => s.ResourceType?.Value == "instance").SelectMany(s => s.Tags.OrEmpty()).ToList();
            if (latest != null && Ours(AwsCalls.Tag(instanceTags, StackNames.AppTagKey), "launch template " + names.LaunchTemplate))
            {
                var root = data?.BlockDeviceMappings.OrEmpty().FirstOrDefault(b => b.DeviceName == StackDefaults.RootDeviceName)?.Ebs;
                found.LaunchTemplate = new DiscoveredLaunchTemplate
                {
                    Id = latest.LaunchTemplateId,
                    Name = latest.LaunchTemplateName,
                    LatestVersion = Convert.ToInt64(latest.VersionNumber),
                    ImageId = data?.ImageId,
                    InstanceType = data?.InstanceType?.Value,
                    InstanceProfileName = data?.IamInstanceProfile?.Name,
                    InstanceProfileArn = data?.IamInstanceProfile?.Arn,
                    SecurityGroupIds = data?.SecurityGroupIds.OrEmpty() ?? new List<string>(),
                    UserData = DecodeUserData(data?.UserData),
                    HttpTokens = data?.MetadataOptions?.HttpTokens?.Value,
                    RootVolumeEncrypted = root?.Encrypted == true,
                    RootVolumeType = root?.VolumeType?.Value,
                    KeyName = data?.KeyName,
                };
            }

            var group = (await groups.ConfigureAwait(false)).AutoScalingGroups.OrEmpty().FirstOrDefault();
            if (group != null && Ours(group.Tags.OrEmpty().FirstOrDefault(t => t.Key == StackNames.AppTagKey)?.Value, "Auto Scaling group " + names.AutoScalingGroup))
                found.AutoScalingGroup = new DiscoveredAutoScalingGroup
                {
                    Name = group.AutoScalingGroupName ?? "",
                    Arn = group.AutoScalingGroupARN ?? "",
                    LaunchTemplateId = group.LaunchTemplate?.LaunchTemplateId,
                    LaunchTemplateVersion = group.LaunchTemplate?.Version,
                    MinSize = group.MinSize ?? 0,
                    MaxSize = group.MaxSize ?? 0,
                    DesiredCapacity = group.DesiredCapacity ?? 0,
                    SubnetIds = new HashSet<string>((group.VPCZoneIdentifier ?? "").Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()), StringComparer.Ordinal),
                    NewInstancesProtectedFromScaleIn = group.NewInstancesProtectedFromScaleIn == true,
                    Status = group.Status,
                    InstanceCount = group.Instances.OrEmpty().Count,
                    InstanceLaunchTemplateVersions = group.Instances.OrEmpty().Select(i => i.LaunchTemplate?.Version ?? "").ToList(),
                };

            var provider = (await providers.ConfigureAwait(false)).CapacityProviders.OrEmpty().FirstOrDefault(p => p.Name == names.CapacityProvider);
            if (provider != null && provider.Status != "INACTIVE" &&
                Ours(provider.Tags.OrEmpty().FirstOrDefault(t => t.Key == StackNames.AppTagKey)?.Value, "capacity provider " + names.CapacityProvider))
                found.CapacityProvider = new DiscoveredCapacityProvider
                {
                    Name = provider.Name ?? "",
                    Arn = provider.CapacityProviderArn ?? "",
                    Status = provider.Status ?? "",
                    UpdateStatus = provider.UpdateStatus,
                    AutoScalingGroupArn = provider.AutoScalingGroupProvider?.AutoScalingGroupArn,
                    ManagedScalingEnabled = provider.AutoScalingGroupProvider?.ManagedScaling?.Status == "ENABLED",
                    TargetCapacity = provider.AutoScalingGroupProvider?.ManagedScaling?.TargetCapacity,
                    ManagedTerminationProtection = provider.AutoScalingGroupProvider?.ManagedTerminationProtection == "ENABLED",
                };
        }

        private static string? DecodeUserData(string? base64)
        {
            if (string.IsNullOrEmpty(base64)) return null;
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            }
            catch (FormatException)
            {
                return base64;
            }
        }

        // ---- ECS ----

        private async Task EcsAsync(DiscoveredStack found, CancellationToken ct)
        {
            var clusters = await aws.SendAsync(new EcsApi.DescribeClustersRequest
            {
                Clusters = new List<string> { names.Cluster },
                Include = new List<string> { "TAGS" },
            }, ct).ConfigureAwait(false);
            var cluster = clusters.Clusters.OrEmpty().FirstOrDefault(c => c.ClusterName == names.Cluster && c.Status != "INACTIVE");
            if (cluster != null && Ours(cluster.Tags.OrEmpty().FirstOrDefault(t => t.Key == StackNames.AppTagKey)?.Value, "ECS cluster " + names.Cluster))
            {
                found.Cluster = new DiscoveredCluster
                {
                    Name = cluster.ClusterName ?? "",
                    Arn = cluster.ClusterArn ?? "",
                    Status = cluster.Status ?? "",
                    CapacityProviders = cluster.CapacityProviders.OrEmpty(),
                    DefaultStrategy = cluster.DefaultCapacityProviderStrategy.OrEmpty().Select(s => s.CapacityProvider ?? "").ToList(),
                    RegisteredContainerInstances = cluster.RegisteredContainerInstancesCount ?? 0,
                    Tags = TagMap(cluster.Tags),
                };
                found.Service = await ServiceAsync(ct).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// The running and the latest task definition revision, which the task definition rule compares and merges with;
        /// skipped when the service already records the desired content hash <paramref name="fileHash"/> (then the rule
        /// keeps it) unless <paramref name="resetImages"/> asks to compare the images. Separate from
        /// <see cref="DiscoverAsync"/> because the desired hash needs the account, learnt from discovery.
        /// </summary>
        public async Task TaskDefinitionsAsync(DiscoveredStack found, string? fileHash, bool resetImages, CancellationToken ct)
        {
            var applied = found.Service != null && found.Service.Tags.TryGetValue(StackNames.TaskDefinitionFileHashTagKey, out var h) ? h : null;
            if (fileHash != null && applied == fileHash && found.Service!.IsActive && !resetImages) return;
            var running = found.Service != null && found.Service.IsActive
                ? TaskDefinitionAsync(found.Service.TaskDefinitionArn, ct)
                : Task.FromResult<DiscoveredTaskDefinition?>(null);
            var latest = LatestTaskDefinitionAsync(ct);
            found.RunningTaskDefinition = await running.ConfigureAwait(false);
            found.LatestTaskDefinition = await latest.ConfigureAwait(false);
            // Older revisions are the rollout history (Undo-AoDeployment goes back to them) and stay. A newer one registered
            // from the very file the service runs (same aotech:taskdef-file hash) is a copy a lost answer or a cut-off run
            // left: it goes.
            var run = found.RunningTaskDefinition;
            var last = found.LatestTaskDefinition;
            if (run != null && last != null && last.Arn != run.Arn && last.Revision > run.Revision && last.ContentHash != null && last.ContentHash == run.ContentHash)
                found.Extras = found.Extras.Concat(new[]
                {
                    new DiscoveredExtra(ExtraKind.TaskDefinition, last.Arn, StackPlanner.ShortArn(last.Arn), null)
                    {
                        Why = $"a copy of revision {run.Revision} (same file), not used by the service",
                    },
                }).OrderBy(e => e.Kind).ToList();
        }

        public async Task<DiscoveredService?> ServiceAsync(CancellationToken ct)
        {
            var services = await aws.SendAsync(new EcsApi.DescribeServicesRequest
            {
                Cluster = names.Cluster,
                Services = new List<string> { names.Service },
                Include = new List<string> { "TAGS" },
            }, ct).ConfigureAwait(false);
            var service = services.Services.OrEmpty().FirstOrDefault(s => s.ServiceName == names.Service && s.Status != "INACTIVE");
            if (service == null) return null;
            var lb = service.LoadBalancers.OrEmpty().FirstOrDefault();
            var breaker = service.DeploymentConfiguration?.DeploymentCircuitBreaker;
            return new DiscoveredService
            {
                Name = service.ServiceName ?? "",
                Arn = service.ServiceArn ?? "",
                Status = service.Status ?? "",
                TaskDefinitionArn = service.TaskDefinition ?? "",
                DesiredCount = service.DesiredCount ?? 0,
                RunningCount = service.RunningCount ?? 0,
                PendingCount = service.PendingCount ?? 0,
                CapacityProviders = service.CapacityProviderStrategy.OrEmpty().Select(s => s.CapacityProvider ?? "").ToList(),
                LaunchType = service.LaunchType,
                CircuitBreakerEnabled = service.DeploymentConfiguration == null ? (bool?)null : breaker?.Enable == true,
                CircuitBreakerRollback = service.DeploymentConfiguration == null ? (bool?)null : breaker?.Rollback == true,
                TargetGroupArn = lb?.TargetGroupArn,
                LoadBalancerContainerName = lb?.ContainerName,
                LoadBalancerContainerPort = lb?.ContainerPort,
                HealthCheckGracePeriodSeconds = service.HealthCheckGracePeriodSeconds,
                Tags = TagMap(service.Tags),
                Deployments = service.Deployments.OrEmpty().Select(d => new DiscoveredDeployment
                {
                    Id = d.Id ?? "",
                    Status = d.Status ?? "",
                    TaskDefinitionArn = d.TaskDefinition ?? "",
                    DesiredCount = d.DesiredCount ?? 0,
                    RunningCount = d.RunningCount ?? 0,
                    PendingCount = d.PendingCount ?? 0,
                    RolloutState = d.RolloutState,
                    RolloutStateReason = d.RolloutStateReason,
                }).ToList(),
            };
        }

        internal async Task<DiscoveredTaskDefinition?> TaskDefinitionAsync(string arn, CancellationToken ct)
        {
            var response = await AwsCalls.OrNull(() => aws.SendAsync(new EcsApi.DescribeTaskDefinitionRequest
            {
                TaskDefinition = arn,
                Include = new List<string> { "TAGS" },
            }, ct), "ClientException").ConfigureAwait(false);
            var td = response?.TaskDefinition;
            if (td == null) return null;
            return new DiscoveredTaskDefinition
            {
                Arn = td.TaskDefinitionArn ?? arn,
                Family = td.Family ?? "",
                Revision = td.Revision ?? 0,
                Status = td.Status ?? "",
                Tags = TagMap(response!.Tags),
                Content = TaskDefinitions.TaskDefinitionJson.Content(td),
            };
        }

        /// <summary>All ACTIVE revision ARNs of our family (newest last).</summary>
        public async Task<List<string>> TaskDefinitionArnsAsync(string status, CancellationToken ct)
        {
            var arns = new List<string>();
            string? token = null;
            do
            {
                var page = await aws.SendAsync(new EcsApi.ListTaskDefinitionsRequest { FamilyPrefix = names.TaskFamily, Status = status, NextToken = token }, ct)
                    .ConfigureAwait(false);
                arns.AddRange(page.TaskDefinitionArns.OrEmpty().Where(a => DiscoveredTaskDefinition.ParseArn(a)?.Family == names.TaskFamily));
                token = page.NextToken;
            } while (!string.IsNullOrEmpty(token));
            return arns.OrderBy(a => DiscoveredTaskDefinition.ParseArn(a)!.Value.Revision).ToList();
        }

        private async Task<DiscoveredTaskDefinition?> LatestTaskDefinitionAsync(CancellationToken ct)
        {
            var arns = await TaskDefinitionArnsAsync("ACTIVE", ct).ConfigureAwait(false);
            return arns.Count == 0 ? null : await TaskDefinitionAsync(arns[arns.Count - 1], ct).ConfigureAwait(false);
        }

        /// <summary>ECS tags as a dictionary (the first value of a key ECS repeated wins).</summary>
        private static Dictionary<string, string> TagMap(List<EcsApi.Tag>? tags) =>
            tags.OrEmpty().Where(t => t.Key != null).GroupBy(t => t.Key!).ToDictionary(g => g.Key, g => g.First().Value ?? "", StringComparer.Ordinal);
    }
}
