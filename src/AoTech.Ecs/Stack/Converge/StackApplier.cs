using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Errors;
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
    /// <summary>Values the run needs besides the plan: who and where.</summary>
    public sealed class ApplyContext
    {
        public ApplyContext(string accountId, string hostedZoneId)
        {
            AccountId = accountId;
            HostedZoneId = hostedZoneId;
        }

        public string AccountId { get; }
        public string HostedZoneId { get; }
        /// <summary>How long to wait for the certificate to be issued (DNS validation can take several minutes).</summary>
        public TimeSpan CertificateTimeout { get; set; } = TimeSpan.FromMinutes(45);
        /// <summary>Poll interval during the first minute of a wait (then it grows up to 15 s).</summary>
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
        /// <summary>How long to retry calls EC2/Auto Scaling reject because a new IAM profile has not propagated yet.</summary>
        public TimeSpan IamPropagationTimeout { get; set; } = TimeSpan.FromMinutes(2);
    }

    /// <summary>Ids and names produced or confirmed by the run: the outputs of one group are the inputs of the next.</summary>
    public sealed class ApplyOutputs
    {
        public string? VpcId { get; set; }
        public List<string> SubnetIds { get; set; } = new List<string>();
        public string? LoadBalancerSecurityGroupId { get; set; }
        public string? InstanceSecurityGroupId { get; set; }
        public string? CertificateArn { get; set; }
        public string? CertificateStatus { get; set; }
        public string? InstanceProfileArn { get; set; }
        public string? ExecutionRoleArn { get; set; }
        public string? LoadBalancerArn { get; set; }
        public string? LoadBalancerDnsName { get; set; }
        public string? LoadBalancerZoneId { get; set; }
        public string? TargetGroupArn { get; set; }
        public string? LaunchTemplateId { get; set; }
        public string? AutoScalingGroupArn { get; set; }
        public string? ClusterArn { get; set; }
        public string? TaskDefinitionArn { get; set; }
        public string? ServiceArn { get; set; }
    }

    /// <summary>
    /// Carries out a plan: each resource group in its own task, started as soon as the groups it depends on are done,
    /// so independent groups run in parallel. The certificate is requested first and its DNS validation runs while
    /// everything else is built; only the HTTPS listener (and the service behind it) waits for it.
    /// Every step converges: it creates what is missing, fixes what differs, and treats "already exists" as adopt,
    /// so a run interrupted anywhere is completed by the next one without duplicates.
    /// </summary>
    public sealed class StackApplier
    {
        private readonly AwsConnection aws;
        private readonly PlanInputs inputs;
        private readonly DiscoveredStack found;
        private readonly StackPlan plan;
        private readonly ApplyContext context;
        private readonly IStackReporter reporter;
        private readonly ISet<ResourceGroup> approved;
        private readonly StackNames names;
        private readonly AppSpec spec;
        private readonly IDictionary<string, string> tags;
        private readonly Dictionary<ResourceGroup, Task> running = new Dictionary<ResourceGroup, Task>();
        private readonly List<string> done = new List<string>();
        /// <summary>Set when the certificate still needs validation; the HTTPS listener waits for it on demand.</summary>
        private string? pendingCertificateArn;
        private Task? certificateWait;
        private readonly object certificateLock = new object();

        /// <summary>Waits (once, however many callers) until the pending certificate is issued.</summary>
        private Task CertificateIssuedAsync(CancellationToken ct)
        {
            lock (certificateLock)
            {
                if (pendingCertificateArn == null) return Task.CompletedTask;
                return certificateWait ??= WaitIssuedAsync(pendingCertificateArn, ct);
            }
        }

        public StackApplier(AwsConnection connection, PlanInputs inputs, DiscoveredStack found, StackPlan plan, ApplyContext context,
            IStackReporter reporter, ISet<ResourceGroup> approvedGroups)
        {
            aws = connection;
            this.inputs = inputs;
            this.found = found;
            this.plan = plan;
            this.context = context;
            this.reporter = reporter;
            approved = approvedGroups;
            names = inputs.Names;
            spec = inputs.Spec;
            tags = names.Tags(spec.Tags);
        }

        public ApplyOutputs Outputs { get; } = new ApplyOutputs();

        /// <summary>What was created or changed, one line per resource.</summary>
        public IReadOnlyList<string> Done
        {
            get { lock (done) return done.ToList(); }
        }

        /// <summary>Groups left out because they were not confirmed (or depend on one that was not).</summary>
        public List<ResourceGroup> Skipped { get; } = new List<ResourceGroup>();

        private void Record(string what)
        {
            lock (done) done.Add(what);
            reporter.Verbose(what);
        }

        public async Task ApplyAsync(CancellationToken ct)
        {
            foreach (ResourceGroup group in Enum.GetValues(typeof(ResourceGroup))) Start(group, ct);
            try
            {
                await Task.WhenAll(running.Values).ConfigureAwait(false);
            }
            catch
            {
                // Report the first real failure, not a dependent's "skipped".
                var failure = running.Values.Where(t => t.IsFaulted).SelectMany(t => t.Exception!.InnerExceptions)
                    .FirstOrDefault(e => !(e is GroupSkippedException));
                if (failure != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
                ct.ThrowIfCancellationRequested();
                if (running.Values.Any(t => t.IsCanceled)) throw new OperationCanceledException(ct);
            }
            foreach (var pair in running.Where(p => p.Value.IsFaulted)) Skipped.Add(pair.Key);
        }

        private Task Start(ResourceGroup group, CancellationToken ct)
        {
            if (running.TryGetValue(group, out var existing)) return existing;
            var dependencies = StackPlan.DependsOn(group).Select(d => Start(d, ct)).ToArray();
            var task = Task.Run(async () =>
            {
                try
                {
                    await Task.WhenAll(dependencies).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    throw new GroupSkippedException(group);
                }
                // Nothing is built on a group the user declined: its dependents wait for a confirmed run.
                var declined = StackPlan.DependsOn(group).Where(d => plan.ActionOf(d) != PlanAction.Keep && !approved.Contains(d)).ToList();
                if (declined.Count > 0)
                {
                    if (plan.ActionOf(group) != PlanAction.Keep) reporter.Warning($"{group}: skipped because {declined[0]} was not confirmed.");
                    throw new GroupSkippedException(group, declined[0] + " (not confirmed)");
                }
                await RunGroupAsync(group, Mutate(group), ct).ConfigureAwait(false);
            }, ct);
            running[group] = task;
            return task;
        }

        /// <summary>A group may change things when it has something to do and was confirmed.</summary>
        private bool Mutate(ResourceGroup group) => plan.ActionOf(group) != PlanAction.Keep && approved.Contains(group);

        private PlanAction ActionOf(string resource, string? name = null) =>
            plan.Items.FirstOrDefault(i => i.Resource == resource && (name == null || i.Name == name))?.Action ?? PlanAction.Keep;

        private Task RunGroupAsync(ResourceGroup group, bool mutate, CancellationToken ct)
        {
            if (plan.ActionOf(group) != PlanAction.Keep && !mutate)
                reporter.Warning($"{group}: not confirmed, left as it is.");
            return group switch
            {
                ResourceGroup.Network => NetworkAsync(mutate, ct),
                ResourceGroup.SecurityGroups => SecurityGroupsAsync(mutate, ct),
                ResourceGroup.Certificate => CertificateAsync(mutate, ct),
                ResourceGroup.Iam => IamAsync(mutate, ct),
                ResourceGroup.Logs => LogsAsync(mutate, ct),
                ResourceGroup.LoadBalancer => LoadBalancerAsync(mutate, ct),
                ResourceGroup.Dns => DnsAsync(mutate, ct),
                ResourceGroup.Compute => ComputeAsync(mutate, ct),
                ResourceGroup.Cluster => ClusterAsync(mutate, ct),
                ResourceGroup.TaskDefinition => TaskDefinitionAsync(mutate, ct),
                ResourceGroup.Service => ServiceAsync(mutate, ct),
                _ => Task.CompletedTask,
            };
        }

        private static T Require<T>(T? value, ResourceGroup group, string what) where T : class =>
            value ?? throw new GroupSkippedException(group, what);

        // ---------------------------------------------------------------- network

        private async Task NetworkAsync(bool mutate, CancellationToken ct)
        {
            var network = found.Network;
            if (!spec.UsesDedicatedNetwork || !mutate)
            {
                Outputs.VpcId = network?.VpcId;
                Outputs.SubnetIds = network == null ? new List<string>()
                    : spec.UsesDedicatedNetwork
                        ? inputs.AvailabilityZones.Take(StackDefaults.SubnetCount)
                            .Select(z => network.Subnets.FirstOrDefault(s => s.AvailabilityZone == z)?.SubnetId).Where(s => s != null).Select(s => s!).ToList()
                        : network.Subnets.Select(s => s.SubnetId).ToList();
                return;
            }

            var vpcId = network?.VpcId;
            if (vpcId == null)
            {
                var vpc = await aws.Ec2("CreateVpc", (c, t) => c.CreateVpcAsync(new Ec2.CreateVpcRequest
                {
                    CidrBlock = StackDefaults.VpcCidr,
                    TagSpecifications = AwsCalls.TagSpecifications("vpc", tags, names.Vpc),
                }, t), ct).ConfigureAwait(false);
                vpcId = vpc.Vpc.VpcId;
                Record($"Created VPC {names.Vpc} ({vpcId})");
            }
            Outputs.VpcId = vpcId;

            var subnets = await Task.WhenAll(inputs.AvailabilityZones.Take(StackDefaults.SubnetCount).Select(async (zone, index) =>
            {
                var existing = network?.Subnets.FirstOrDefault(s => s.AvailabilityZone == zone);
                var subnetId = existing?.SubnetId;
                if (subnetId == null)
                {
                    var created = await aws.Ec2("CreateSubnet", (c, t) => c.CreateSubnetAsync(new Ec2.CreateSubnetRequest
                    {
                        VpcId = vpcId,
                        CidrBlock = StackDefaults.SubnetCidr(index),
                        AvailabilityZone = zone,
                        TagSpecifications = AwsCalls.TagSpecifications("subnet", tags, names.Subnet(zone)),
                    }, t), ct).ConfigureAwait(false);
                    subnetId = created.Subnet.SubnetId;
                    Record($"Created subnet {names.Subnet(zone)} ({subnetId})");
                }
                if (existing == null || !existing.MapPublicIpOnLaunch)
                    await aws.Ec2("ModifySubnetAttribute", (c, t) => c.ModifySubnetAttributeAsync(new Ec2.ModifySubnetAttributeRequest
                    {
                        SubnetId = subnetId,
                        MapPublicIpOnLaunch = true,
                    }, t), ct).ConfigureAwait(false);
                return subnetId;
            })).ConfigureAwait(false);
            Outputs.SubnetIds = subnets.ToList();

            var gatewayId = network?.InternetGatewayId;
            if (gatewayId == null)
            {
                var gateway = await aws.Ec2("CreateInternetGateway", (c, t) => c.CreateInternetGatewayAsync(new Ec2.CreateInternetGatewayRequest
                {
                    TagSpecifications = AwsCalls.TagSpecifications("internet-gateway", tags, names.InternetGateway),
                }, t), ct).ConfigureAwait(false);
                gatewayId = gateway.InternetGateway.InternetGatewayId;
                Record($"Created internet gateway {names.InternetGateway} ({gatewayId})");
            }
            if (network?.InternetGatewayId == null || !network.InternetGatewayAttached)
            {
                await AwsCalls.Tolerate(() => aws.Ec2("AttachInternetGateway", (c, t) => c.AttachInternetGatewayAsync(
                    new Ec2.AttachInternetGatewayRequest { InternetGatewayId = gatewayId, VpcId = vpcId }, t), ct),
                    "Resource.AlreadyAssociated").ConfigureAwait(false);
                Record($"Attached internet gateway {gatewayId} to {vpcId}");
            }

            var tableId = network?.RouteTableId;
            if (tableId == null)
            {
                var table = await aws.Ec2("CreateRouteTable", (c, t) => c.CreateRouteTableAsync(new Ec2.CreateRouteTableRequest
                {
                    VpcId = vpcId,
                    TagSpecifications = AwsCalls.TagSpecifications("route-table", tags, names.RouteTable),
                }, t), ct).ConfigureAwait(false);
                tableId = table.RouteTable.RouteTableId;
                Record($"Created route table {names.RouteTable} ({tableId})");
            }
            if (network?.RouteTableId == null || !network.HasDefaultRoute || network.InternetGatewayId == null)
            {
                var added = await AwsCalls.Tolerate(() => aws.Ec2("CreateRoute", (c, t) => c.CreateRouteAsync(new Ec2.CreateRouteRequest
                {
                    RouteTableId = tableId,
                    DestinationCidrBlock = "0.0.0.0/0",
                    GatewayId = gatewayId,
                }, t), ct), "RouteAlreadyExists").ConfigureAwait(false);
                if (!added)
                    await aws.Ec2("ReplaceRoute", (c, t) => c.ReplaceRouteAsync(new Ec2.ReplaceRouteRequest
                    {
                        RouteTableId = tableId,
                        DestinationCidrBlock = "0.0.0.0/0",
                        GatewayId = gatewayId,
                    }, t), ct).ConfigureAwait(false);
                Record($"Route 0.0.0.0/0 -> {gatewayId} in {tableId}");
            }
            foreach (var subnetId in subnets.Where(s => network?.RouteTableId == null || !network.AssociatedSubnetIds.Contains(s)))
            {
                await AwsCalls.Tolerate(() => aws.Ec2("AssociateRouteTable", (c, t) => c.AssociateRouteTableAsync(new Ec2.AssociateRouteTableRequest
                {
                    RouteTableId = tableId,
                    SubnetId = subnetId,
                }, t), ct), "Resource.AlreadyAssociated").ConfigureAwait(false);
                Record($"Associated {subnetId} with {tableId}");
            }
        }

        // ---------------------------------------------------------------- security groups

        private async Task SecurityGroupsAsync(bool mutate, CancellationToken ct)
        {
            var vpcId = Require(Outputs.VpcId, ResourceGroup.SecurityGroups, "the VPC");
            var albGroup = found.LoadBalancerSecurityGroup?.VpcId == vpcId ? found.LoadBalancerSecurityGroup : null;
            var instanceGroup = found.InstanceSecurityGroup?.VpcId == vpcId ? found.InstanceSecurityGroup : null;
            if (!mutate)
            {
                Outputs.LoadBalancerSecurityGroupId = albGroup?.GroupId;
                Outputs.InstanceSecurityGroupId = instanceGroup?.GroupId;
                return;
            }

            var albId = await EnsureGroupAsync(albGroup, names.LoadBalancerSecurityGroup,
                "Load balancer of " + names.App + ": HTTPS, and HTTP that only redirects", vpcId, ct).ConfigureAwait(false);
            Outputs.LoadBalancerSecurityGroupId = albId;
            var albRules = spec.AllowedCidr.SelectMany(cidr => new[]
            {
                new IngressRule(StackDefaults.HttpsPort, StackDefaults.HttpsPort, cidr, null),
                new IngressRule(StackDefaults.HttpPort, StackDefaults.HttpPort, cidr, null),
            }).ToList();
            await EnsureRulesAsync(albId, albGroup?.Ingress ?? new List<IngressRule>(), albRules, ct).ConfigureAwait(false);

            var instanceId = await EnsureGroupAsync(instanceGroup, names.InstanceSecurityGroup,
                "Container instances of " + names.App + ": reachable only from its load balancer", vpcId, ct).ConfigureAwait(false);
            Outputs.InstanceSecurityGroupId = instanceId;
            var (from, to) = StackPlanner.InstancePorts(inputs.TaskDefinition);
            await EnsureRulesAsync(instanceId, instanceGroup?.Ingress ?? new List<IngressRule>(),
                new List<IngressRule> { new IngressRule(from, to, null, albId) }, ct).ConfigureAwait(false);
        }

        private async Task<string> EnsureGroupAsync(DiscoveredSecurityGroup? existing, string name, string description, string vpcId, CancellationToken ct)
        {
            if (existing != null) return existing.GroupId;
            try
            {
                var created = await aws.Ec2("CreateSecurityGroup", (c, t) => c.CreateSecurityGroupAsync(new Ec2.CreateSecurityGroupRequest
                {
                    GroupName = name,
                    Description = description,
                    VpcId = vpcId,
                    TagSpecifications = AwsCalls.TagSpecifications("security-group", tags, name),
                }, t), ct).ConfigureAwait(false);
                Record($"Created security group {name} ({created.GroupId})");
                return created.GroupId;
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "InvalidGroup.Duplicate")
            {
                // Made by a run that stopped before discovery could see it: adopt it.
                var again = await aws.Ec2("DescribeSecurityGroups", (c, t) => c.DescribeSecurityGroupsAsync(new Ec2.DescribeSecurityGroupsRequest
                {
                    Filters = new List<Ec2.Filter> { AwsCalls.Filter("vpc-id", vpcId), AwsCalls.Filter("group-name", name) },
                }, t), ct).ConfigureAwait(false);
                return again.SecurityGroups.OrEmpty().First().GroupId;
            }
        }

        private async Task EnsureRulesAsync(string groupId, IList<IngressRule> actual, IList<IngressRule> desired, CancellationToken ct)
        {
            var missing = desired.Where(r => !actual.Contains(r)).ToList();
            var extra = actual.Where(r => !desired.Contains(r)).ToList();
            if (missing.Count > 0)
            {
                await AwsCalls.Tolerate(() => aws.Ec2("AuthorizeSecurityGroupIngress", (c, t) => c.AuthorizeSecurityGroupIngressAsync(
                    new Ec2.AuthorizeSecurityGroupIngressRequest { GroupId = groupId, IpPermissions = missing.Select(Permission).ToList() }, t), ct),
                    "InvalidPermission.Duplicate").ConfigureAwait(false);
                foreach (var rule in missing) Record($"Allowed {rule} into {groupId}");
            }
            if (extra.Count > 0)
            {
                await AwsCalls.Tolerate(() => aws.Ec2("RevokeSecurityGroupIngress", (c, t) => c.RevokeSecurityGroupIngressAsync(
                    new Ec2.RevokeSecurityGroupIngressRequest { GroupId = groupId, IpPermissions = extra.Select(Permission).ToList() }, t), ct),
                    "InvalidPermission.NotFound").ConfigureAwait(false);
                foreach (var rule in extra) Record($"Revoked {rule} from {groupId}");
            }
        }

        private static Ec2.IpPermission Permission(IngressRule rule)
        {
            var permission = new Ec2.IpPermission { IpProtocol = rule.Protocol };
            if (rule.Protocol != "-1")
            {
                permission.FromPort = rule.FromPort;
                permission.ToPort = rule.ToPort;
            }
            if (rule.SourceGroupId != null)
                permission.UserIdGroupPairs = new List<Ec2.UserIdGroupPair> { new Ec2.UserIdGroupPair { GroupId = rule.SourceGroupId } };
            else if (rule.Cidr != null && rule.Cidr.Contains(":"))
                permission.Ipv6Ranges = new List<Ec2.Ipv6Range> { new Ec2.Ipv6Range { CidrIpv6 = rule.Cidr } };
            else
                permission.Ipv4Ranges = new List<Ec2.IpRange> { new Ec2.IpRange { CidrIp = rule.Cidr } };
            return permission;
        }

        // ---------------------------------------------------------------- certificate

        private async Task CertificateAsync(bool mutate, CancellationToken ct)
        {
            var certificate = found.Certificate != null && found.Certificate.IsUsable ? found.Certificate : null;
            if (certificate == null && !mutate) return;
            string arn;
            if (certificate == null)
            {
                var requested = await aws.SendAsync(new Acm.RequestCertificateRequest
                {
                    DomainName = spec.DomainName,
                    ValidationMethod = "DNS",
                    // Same token for the same app and domain: a retried request within the hour returns the same
                    // certificate. A failed or expired one of ours goes into the token, so its replacement is a new request.
                    IdempotencyToken = Token(names.App + "|" + spec.DomainName + "|" + found.Certificate?.Arn),
                    Tags = tags.Select(t => new Acm.Tag { Key = t.Key, Value = t.Value }).ToList(),
                }, ct).ConfigureAwait(false);
                arn = requested.CertificateArn!;
                Record($"Requested certificate for {spec.DomainName} ({arn})");
            }
            else
            {
                arn = certificate.Arn;
            }
            Outputs.CertificateArn = arn;
            Outputs.CertificateStatus = certificate?.Status ?? "PENDING_VALIDATION";

            if (certificate?.Status != "ISSUED")
            {
                var options = certificate?.ValidationOptions.Where(o => o.RecordName != null).ToList();
                if (options == null || options.Count == 0)
                    options = await ValidationRecordsAsync(arn, ct).ConfigureAwait(false);
                var changes = options
                    .GroupBy(o => o.RecordName!, StringComparer.OrdinalIgnoreCase).Select(g => g.First())
                    .Where(o => !found.ValidationRecords.Any(r => StackPlanner.SameDnsName(r.Name, o.RecordName!) &&
                                                                 r.Values.Any(v => StackPlanner.SameDnsName(v, o.RecordValue ?? ""))))
                    .Select(o => new R53.Change
                    {
                        Action = "UPSERT",
                        ResourceRecordSet = new R53.ResourceRecordSet
                        {
                            Name = o.RecordName,
                            Type = "CNAME",
                            TTL = long.Parse(StackDefaults.DnsValidationTtl),
                            ResourceRecords = new List<R53.ResourceRecord> { new R53.ResourceRecord { Value = o.RecordValue } },
                        },
                    }).ToList();
                if (changes.Count > 0)
                {
                    if (!mutate) throw new GroupSkippedException(ResourceGroup.Certificate, "the DNS validation record");
                    await aws.SendAsync(new R53.ChangeResourceRecordSetsRequest
                    {
                        HostedZoneId = context.HostedZoneId,
                        ChangeBatch = new R53.ChangeBatch { Comment = "Certificate validation for " + names.App, Changes = changes },
                    }, ct).ConfigureAwait(false);
                    foreach (var change in changes) Record($"Wrote validation record {change.ResourceRecordSet!.Name}");
                }
            }
            // Only the HTTPS listener waits for validation; everything else is built meanwhile.
            if (certificate?.Status != "ISSUED") pendingCertificateArn = arn;
        }

        private static string Token(string text)
        {
            using (var sha = SHA256.Create())
                return string.Concat(sha.ComputeHash(Encoding.UTF8.GetBytes(text)).Take(16).Select(b => b.ToString("x2")));
        }

        /// <summary>ACM fills in the validation CNAME a few seconds after the request.</summary>
        private async Task<List<DiscoveredValidationOption>> ValidationRecordsAsync(string arn, CancellationToken ct)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
            while (true)
            {
                var detail = await aws.SendAsync(new Acm.DescribeCertificateRequest { CertificateArn = arn }, ct).ConfigureAwait(false);
                var certificate = StackDiscovery.ToCertificate(detail.Certificate!);
                var options = certificate.ValidationOptions.Where(o => o.RecordName != null).ToList();
                if (options.Count > 0 && options.Count == certificate.ValidationOptions.Count) return options;
                if (DateTime.UtcNow > deadline)
                    throw new AoEcsException("CertificateValidationRecordMissing", AoErrorKind.Timeout,
                        $"ACM did not provide the DNS validation record for {spec.DomainName} within 2 minutes.", arn);
                await Task.Delay(TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
            }
        }

        private async Task WaitIssuedAsync(string arn, CancellationToken ct)
        {
            const string activity = "Waiting for the certificate";
            var started = DateTime.UtcNow;
            var delay = context.PollInterval;
            try
            {
                while (true)
                {
                    var detail = await aws.SendAsync(new Acm.DescribeCertificateRequest { CertificateArn = arn }, ct).ConfigureAwait(false);
                    var status = detail.Certificate?.Status ?? "";
                    Outputs.CertificateStatus = status;
                    if (status == "ISSUED")
                    {
                        Record($"Certificate for {spec.DomainName} issued");
                        return;
                    }
                    if (status != "PENDING_VALIDATION")
                        throw new AoEcsException("CertificateValidationFailed", AoErrorKind.OperationFailed,
                            $"The certificate for {spec.DomainName} is {status}" +
                            (detail.Certificate?.FailureReason != null ? " (" + detail.Certificate.FailureReason + ")" : "") +
                            ". Check that the hosted zone is the one the domain is delegated to.", arn);
                    var waited = DateTime.UtcNow - started;
                    if (waited > context.CertificateTimeout)
                        throw new AoEcsException("CertificateValidationTimeout", AoErrorKind.Timeout,
                            $"The certificate for {spec.DomainName} was not issued within {context.CertificateTimeout.TotalMinutes:0} minutes; " +
                            "run the command again to keep waiting (everything else is in place).", arn);
                    reporter.Progress(activity, $"{spec.DomainName}: DNS validation pending ({waited.TotalSeconds:0} s)",
                        (int)Math.Min(99, 100 * waited.TotalSeconds / Math.Max(1, context.CertificateTimeout.TotalSeconds)), false);
                    // Poll briskly for the first minute (DNS validation often completes within it), then back off.
                    await Task.Delay(waited < TimeSpan.FromMinutes(1) ? context.PollInterval : delay, ct).ConfigureAwait(false);
                    if (waited >= TimeSpan.FromMinutes(1)) delay = TimeSpan.FromSeconds(Math.Min(15, delay.TotalSeconds * 1.5));
                }
            }
            finally
            {
                reporter.Progress(activity, "done", 100, true);
            }
        }

        // ---------------------------------------------------------------- IAM

        private async Task IamAsync(bool mutate, CancellationToken ct)
        {
            Outputs.ExecutionRoleArn = found.ExecutionRole?.Arn ?? StackDefaults.RoleArn(inputs.Region, context.AccountId, names, names.ExecutionRole);
            Outputs.InstanceProfileArn = found.InstanceProfile?.Arn;
            if (!mutate) return;

            var instanceRole = EnsureRoleAsync(found.InstanceRole, names.InstanceRole, StackDefaults.Ec2Principal,
                StackDefaults.InstancePolicyArn(inputs.Region), "ECS container instances of " + names.App, ct);
            var executionRole = EnsureRoleAsync(found.ExecutionRole, names.ExecutionRole, StackDefaults.EcsTasksPrincipal,
                StackDefaults.ExecutionPolicyArn(inputs.Region), "Task execution (image pull, logs) for " + names.App, ct);
            await instanceRole.ConfigureAwait(false);
            Outputs.ExecutionRoleArn = await executionRole.ConfigureAwait(false);

            var profile = found.InstanceProfile;
            if (profile == null)
            {
                try
                {
                    var created = await aws.SendAsync(new Iam.CreateInstanceProfileRequest
                    {
                        InstanceProfileName = names.InstanceProfile,
                        Path = names.IamPath,
                        Tags = tags.Select(t => new Iam.Tag { Key = t.Key, Value = t.Value }).ToList(),
                    }, ct).ConfigureAwait(false);
                    Outputs.InstanceProfileArn = created.InstanceProfile?.Arn;
                    Record($"Created instance profile {names.InstanceProfile}");
                }
                catch (AwsServiceException ex) when (ex.ErrorCode == "EntityAlreadyExists")
                {
                    Outputs.InstanceProfileArn = (await aws.SendAsync(new Iam.GetInstanceProfileRequest { InstanceProfileName = names.InstanceProfile }, ct)
                        .ConfigureAwait(false)).InstanceProfile?.Arn;
                }
            }
            if (profile == null || !profile.RoleNames.Contains(names.InstanceRole))
            {
                await AwsCalls.Tolerate(() => aws.SendAsync(new Iam.AddRoleToInstanceProfileRequest
                {
                    InstanceProfileName = names.InstanceProfile,
                    RoleName = names.InstanceRole,
                }, ct), "LimitExceeded", "EntityAlreadyExists").ConfigureAwait(false);
                Record($"Added role {names.InstanceRole} to instance profile {names.InstanceProfile}");
            }
        }

        private async Task<string> EnsureRoleAsync(DiscoveredRole? role, string roleName, string principal, string policyArn, string description,
            CancellationToken ct)
        {
            var arn = role?.Arn;
            if (role == null)
            {
                try
                {
                    var created = await aws.SendAsync(new Iam.CreateRoleRequest
                    {
                        RoleName = roleName,
                        Path = names.IamPath,
                        AssumeRolePolicyDocument = StackDefaults.TrustPolicy(principal),
                        Description = description,
                        Tags = tags.Select(t => new Iam.Tag { Key = t.Key, Value = t.Value }).ToList(),
                    }, ct).ConfigureAwait(false);
                    arn = created.Role?.Arn;
                    Record($"Created IAM role {roleName}");
                }
                catch (AwsServiceException ex) when (ex.ErrorCode == "EntityAlreadyExists")
                {
                    arn = (await aws.SendAsync(new Iam.GetRoleRequest { RoleName = roleName }, ct).ConfigureAwait(false)).Role?.Arn;
                }
            }
            if (role == null || !role.AttachedPolicyArns.Contains(policyArn))
            {
                await aws.SendAsync(new Iam.AttachRolePolicyRequest { RoleName = roleName, PolicyArn = policyArn }, ct).ConfigureAwait(false);
                Record($"Attached {policyArn} to {roleName}");
            }
            return arn ?? StackDefaults.RoleArn(inputs.Region, context.AccountId, names, roleName);
        }

        // ---------------------------------------------------------------- logs

        private async Task LogsAsync(bool mutate, CancellationToken ct)
        {
            if (!mutate) return;
            var group = found.LogGroup;
            if (group == null)
            {
                var created = await AwsCalls.Tolerate(() => aws.SendAsync(new Logs.CreateLogGroupRequest
                {
                    LogGroupName = names.LogGroup,
                    Tags = new Dictionary<string, string>(tags),
                }, ct), "ResourceAlreadyExistsException").ConfigureAwait(false);
                if (created) Record($"Created log group {names.LogGroup}");
            }
            if (group?.RetentionInDays != spec.LogRetentionDays)
            {
                await aws.SendAsync(new Logs.PutRetentionPolicyRequest { LogGroupName = names.LogGroup, RetentionInDays = spec.LogRetentionDays }, ct)
                    .ConfigureAwait(false);
                Record($"Log retention of {names.LogGroup}: {spec.LogRetentionDays} days");
            }
        }

        // ---------------------------------------------------------------- load balancer

        private async Task LoadBalancerAsync(bool mutate, CancellationToken ct)
        {
            var lb = found.LoadBalancer;
            var tg = found.TargetGroup != null && found.TargetGroup.VpcId == Outputs.VpcId ? found.TargetGroup : null;
            Outputs.LoadBalancerArn = lb?.Arn;
            Outputs.LoadBalancerDnsName = lb?.DnsName;
            Outputs.LoadBalancerZoneId = lb?.CanonicalHostedZoneId;
            Outputs.TargetGroupArn = tg?.Arn;
            if (!mutate) return;

            var subnets = Outputs.SubnetIds;
            var albSg = Require(Outputs.LoadBalancerSecurityGroupId, ResourceGroup.LoadBalancer, "the load balancer security group");
            var lbTask = EnsureLoadBalancerAsync(lb, subnets, albSg, ct);
            var tgTask = EnsureTargetGroupAsync(tg, ct);
            await Task.WhenAll(lbTask, tgTask).ConfigureAwait(false);
            var lbArn = Outputs.LoadBalancerArn!;
            var tgArn = Outputs.TargetGroupArn!;
            var fresh = lb == null;

            var http = fresh ? null : found.HttpListener;
            var redirect = new List<Elb.ListenerAction>
            {
                new Elb.ListenerAction
                {
                    Type = "redirect",
                    RedirectConfig = new Elb.RedirectActionConfig { Protocol = "HTTPS", Port = "443", StatusCode = "HTTP_301" },
                },
            };
            if (http == null)
            {
                await aws.SendAsync(new Elb.CreateListenerRequest
                {
                    LoadBalancerArn = lbArn,
                    Protocol = "HTTP",
                    Port = StackDefaults.HttpPort,
                    DefaultActions = redirect,
                    Tags = ElbTags(),
                }, ct).ConfigureAwait(false);
                Record("Created HTTP listener (redirect to HTTPS)");
            }
            else if (ActionOf("HTTP listener") == PlanAction.Change)
            {
                await aws.SendAsync(new Elb.ModifyListenerRequest { ListenerArn = http.Arn, DefaultActions = redirect }, ct).ConfigureAwait(false);
                Record("HTTP listener: redirect to HTTPS");
            }

            var https = fresh ? null : found.HttpsListener;
            var needsHttps = https == null || ActionOf("HTTPS listener") == PlanAction.Change;
            if (!needsHttps) return;
            // Everything else is built by now; this is the one step that waits for DNS validation.
            await CertificateIssuedAsync(ct).ConfigureAwait(false);
            var certificateArn = Require(Outputs.CertificateArn ?? found.Certificate?.Arn, ResourceGroup.LoadBalancer, "the certificate");
            var forward = new List<Elb.ListenerAction> { new Elb.ListenerAction { Type = "forward", TargetGroupArn = tgArn } };
            var certificates = new List<Elb.Certificate> { new Elb.Certificate { CertificateArn = certificateArn } };
            if (https == null)
            {
                await aws.SendAsync(new Elb.CreateListenerRequest
                {
                    LoadBalancerArn = lbArn,
                    Protocol = "HTTPS",
                    Port = StackDefaults.HttpsPort,
                    SslPolicy = StackDefaults.SslPolicy,
                    Certificates = certificates,
                    DefaultActions = forward,
                    Tags = ElbTags(),
                }, ct).ConfigureAwait(false);
                Record($"Created HTTPS listener ({StackDefaults.SslPolicy})");
            }
            else
            {
                await aws.SendAsync(new Elb.ModifyListenerRequest
                {
                    ListenerArn = https.Arn,
                    Protocol = "HTTPS",
                    Port = StackDefaults.HttpsPort,
                    SslPolicy = StackDefaults.SslPolicy,
                    Certificates = certificates,
                    DefaultActions = forward,
                }, ct).ConfigureAwait(false);
                Record("Updated HTTPS listener");
            }
        }

        private List<Elb.Tag> ElbTags() => tags.Select(t => new Elb.Tag { Key = t.Key, Value = t.Value }).ToList();

        private async Task EnsureLoadBalancerAsync(DiscoveredLoadBalancer? lb, List<string> subnets, string albSg, CancellationToken ct)
        {
            if (lb == null)
            {
                // CreateLoadBalancer with the same name and settings returns the existing one: safe to repeat.
                var created = await aws.SendAsync(new Elb.CreateLoadBalancerRequest
                {
                    Name = names.LoadBalancer,
                    Type = "application",
                    Scheme = "internet-facing",
                    Subnets = subnets,
                    SecurityGroups = new List<string> { albSg },
                    Tags = ElbTags(),
                }, ct).ConfigureAwait(false);
                var made = created.LoadBalancers.OrEmpty().First();
                Outputs.LoadBalancerArn = made.LoadBalancerArn;
                Outputs.LoadBalancerDnsName = made.DNSName;
                Outputs.LoadBalancerZoneId = made.CanonicalHostedZoneId;
                Record($"Created load balancer {names.LoadBalancer} ({made.DNSName})");
            }
            else
            {
                if (!lb.SubnetIds.SetEquals(subnets))
                {
                    await aws.SendAsync(new Elb.SetSubnetsRequest { LoadBalancerArn = lb.Arn, Subnets = subnets }, ct).ConfigureAwait(false);
                    Record($"Load balancer subnets: {string.Join(", ", subnets)}");
                }
                if (!(lb.SecurityGroupIds.Count == 1 && lb.SecurityGroupIds.Contains(albSg)))
                {
                    await aws.SendAsync(new Elb.SetSecurityGroupsRequest { LoadBalancerArn = lb.Arn, SecurityGroups = new List<string> { albSg } }, ct)
                        .ConfigureAwait(false);
                    Record($"Load balancer security group: {albSg}");
                }
            }
            if (lb == null || !lb.Attributes.TryGetValue(StackDefaults.LoadBalancerAttributeDropInvalidHeaders, out var drop) || drop != "true")
            {
                await aws.SendAsync(new Elb.ModifyLoadBalancerAttributesRequest
                {
                    LoadBalancerArn = Outputs.LoadBalancerArn,
                    Attributes = new List<Elb.LoadBalancerAttribute>
                    {
                        new Elb.LoadBalancerAttribute { Key = StackDefaults.LoadBalancerAttributeDropInvalidHeaders, Value = "true" },
                    },
                }, ct).ConfigureAwait(false);
                Record("Load balancer drops invalid header fields");
            }
        }

        private async Task EnsureTargetGroupAsync(DiscoveredTargetGroup? tg, CancellationToken ct)
        {
            var vpcId = Require(Outputs.VpcId, ResourceGroup.LoadBalancer, "the VPC");
            if (tg == null && found.TargetGroup != null)
                throw new AoEcsException("TargetGroupInOtherVpc", AoErrorKind.ResourceExists,
                    $"Target group {names.TargetGroup} belongs to {found.TargetGroup.VpcId}, not {vpcId}; remove the app (Remove-AoEcsApp) to move it to another network.",
                    names.TargetGroup);
            var matcher = new Elb.Matcher { HttpCode = spec.HealthCheckMatcher };
            if (tg == null)
            {
                var created = await aws.SendAsync(new Elb.CreateTargetGroupRequest
                {
                    Name = names.TargetGroup,
                    Protocol = "HTTP",
                    Port = StackDefaults.TargetGroupPort,
                    VpcId = vpcId,
                    TargetType = "instance",
                    HealthCheckProtocol = "HTTP",
                    HealthCheckPath = spec.HealthCheckPath,
                    HealthCheckIntervalSeconds = spec.HealthCheckIntervalSeconds,
                    HealthCheckTimeoutSeconds = spec.HealthCheckTimeoutSeconds,
                    HealthyThresholdCount = spec.HealthyThresholdCount,
                    UnhealthyThresholdCount = spec.UnhealthyThresholdCount,
                    Matcher = matcher,
                    Tags = ElbTags(),
                }, ct).ConfigureAwait(false);
                Outputs.TargetGroupArn = created.TargetGroups.OrEmpty().First().TargetGroupArn;
                Record($"Created target group {names.TargetGroup}");
            }
            else if (tg.HealthCheckPath != spec.HealthCheckPath || tg.HealthCheckIntervalSeconds != spec.HealthCheckIntervalSeconds ||
                     tg.HealthCheckTimeoutSeconds != spec.HealthCheckTimeoutSeconds || tg.HealthyThresholdCount != spec.HealthyThresholdCount ||
                     tg.UnhealthyThresholdCount != spec.UnhealthyThresholdCount || tg.Matcher != spec.HealthCheckMatcher)
            {
                await aws.SendAsync(new Elb.ModifyTargetGroupRequest
                {
                    TargetGroupArn = tg.Arn,
                    HealthCheckPath = spec.HealthCheckPath,
                    HealthCheckIntervalSeconds = spec.HealthCheckIntervalSeconds,
                    HealthCheckTimeoutSeconds = spec.HealthCheckTimeoutSeconds,
                    HealthyThresholdCount = spec.HealthyThresholdCount,
                    UnhealthyThresholdCount = spec.UnhealthyThresholdCount,
                    Matcher = matcher,
                }, ct).ConfigureAwait(false);
                Record($"Updated health check of {names.TargetGroup}");
            }
            var delay = spec.DeregistrationDelaySeconds.ToString();
            if (tg == null || !tg.Attributes.TryGetValue(StackDefaults.TargetGroupAttributeDeregistrationDelay, out var current) || current != delay)
            {
                await aws.SendAsync(new Elb.ModifyTargetGroupAttributesRequest
                {
                    TargetGroupArn = Outputs.TargetGroupArn,
                    Attributes = new List<Elb.TargetGroupAttribute>
                    {
                        new Elb.TargetGroupAttribute { Key = StackDefaults.TargetGroupAttributeDeregistrationDelay, Value = delay },
                    },
                }, ct).ConfigureAwait(false);
                Record($"Deregistration delay of {names.TargetGroup}: {delay} s");
            }
        }

        // ---------------------------------------------------------------- DNS

        private async Task DnsAsync(bool mutate, CancellationToken ct)
        {
            if (!mutate) return;
            var dnsName = Require(Outputs.LoadBalancerDnsName, ResourceGroup.Dns, "the load balancer");
            await aws.SendAsync(new R53.ChangeResourceRecordSetsRequest
            {
                HostedZoneId = context.HostedZoneId,
                ChangeBatch = new R53.ChangeBatch
                {
                    Comment = "Alias for " + names.App,
                    Changes = new List<R53.Change>
                    {
                        new R53.Change
                        {
                            Action = "UPSERT",
                            ResourceRecordSet = new R53.ResourceRecordSet
                            {
                                Name = spec.DomainName,
                                Type = "A",
                                AliasTarget = new R53.AliasTarget
                                {
                                    HostedZoneId = Outputs.LoadBalancerZoneId,
                                    DNSName = dnsName,
                                    EvaluateTargetHealth = true,
                                },
                            },
                        },
                    },
                },
            }, ct).ConfigureAwait(false);
            Record($"Alias {spec.DomainName} -> {dnsName}");
        }

        // ---------------------------------------------------------------- compute

        private async Task ComputeAsync(bool mutate, CancellationToken ct)
        {
            Outputs.LaunchTemplateId = found.LaunchTemplate?.Id;
            var asg = found.AutoScalingGroup != null && found.AutoScalingGroup.Status == null ? found.AutoScalingGroup : null;
            Outputs.AutoScalingGroupArn = asg?.Arn;
            if (!mutate) return;

            var instanceSg = Require(Outputs.InstanceSecurityGroupId, ResourceGroup.Compute, "the instance security group");
            var ami = Require(inputs.AmiId, ResourceGroup.Compute, "the ECS-optimised AMI id");
            var data = new Ec2.RequestLaunchTemplateData
            {
                ImageId = ami,
                InstanceType = spec.InstanceType,
                IamInstanceProfile = new Ec2.LaunchTemplateIamInstanceProfileSpecificationRequest { Name = names.InstanceProfile },
                SecurityGroupIds = new List<string> { instanceSg },
                UserData = Convert.ToBase64String(Encoding.UTF8.GetBytes(StackDefaults.UserData(names.Cluster))),
                // IMDSv2 only; hop limit 2 so containers on bridge networking can still reach it through the host.
                MetadataOptions = new Ec2.LaunchTemplateInstanceMetadataOptionsRequest
                {
                    HttpTokens = "required",
                    HttpEndpoint = "enabled",
                    HttpPutResponseHopLimit = 2,
                },
                BlockDeviceMappings = new List<Ec2.LaunchTemplateBlockDeviceMappingRequest>
                {
                    new Ec2.LaunchTemplateBlockDeviceMappingRequest
                    {
                        DeviceName = StackDefaults.RootDeviceName,
                        Ebs = new Ec2.LaunchTemplateEbsBlockDeviceRequest
                        {
                            VolumeType = StackDefaults.RootVolumeType,
                            VolumeSize = StackDefaults.RootVolumeSizeGiB,
                            Encrypted = true,
                            DeleteOnTermination = true,
                        },
                    },
                },
                TagSpecifications = new List<Ec2.LaunchTemplateTagSpecificationRequest>
                {
                    new Ec2.LaunchTemplateTagSpecificationRequest { ResourceType = "instance", Tags = AwsCalls.Ec2Tags(tags, names.App + " container instance") },
                    new Ec2.LaunchTemplateTagSpecificationRequest { ResourceType = "volume", Tags = AwsCalls.Ec2Tags(tags, names.App + " container instance") },
                },
            };

            var lt = found.LaunchTemplate;
            if (lt == null)
            {
                try
                {
                    var created = await aws.Ec2("CreateLaunchTemplate", (c, t) => c.CreateLaunchTemplateAsync(new Ec2.CreateLaunchTemplateRequest
                    {
                        LaunchTemplateName = names.LaunchTemplate,
                        LaunchTemplateData = data,
                        TagSpecifications = AwsCalls.TagSpecifications("launch-template", tags, names.LaunchTemplate),
                    }, t), ct).ConfigureAwait(false);
                    Outputs.LaunchTemplateId = created.LaunchTemplate.LaunchTemplateId;
                    Record($"Created launch template {names.LaunchTemplate}");
                }
                catch (AwsServiceException ex) when (ex.ErrorCode == "InvalidLaunchTemplateName.AlreadyExistsException")
                {
                    var again = await aws.Ec2("DescribeLaunchTemplates", (c, t) => c.DescribeLaunchTemplatesAsync(
                        new Ec2.DescribeLaunchTemplatesRequest { LaunchTemplateNames = new List<string> { names.LaunchTemplate } }, t), ct).ConfigureAwait(false);
                    Outputs.LaunchTemplateId = again.LaunchTemplates.OrEmpty().First().LaunchTemplateId;
                }
            }
            else if (ActionOf("launch template") == PlanAction.Change)
            {
                // The Auto Scaling group follows $Latest: new instances get the new version, running ones are left alone.
                await aws.Ec2("CreateLaunchTemplateVersion", (c, t) => c.CreateLaunchTemplateVersionAsync(new Ec2.CreateLaunchTemplateVersionRequest
                {
                    LaunchTemplateId = lt.Id,
                    LaunchTemplateData = data,
                }, t), ct).ConfigureAwait(false);
                Record($"New version of launch template {names.LaunchTemplate} (used by new instances)");
            }
            var ltId = Outputs.LaunchTemplateId!;

            var tagList = tags.Select(t => new Asg.Tag
            {
                Key = t.Key, Value = t.Value, PropagateAtLaunch = true, ResourceId = names.AutoScalingGroup, ResourceType = "auto-scaling-group",
            }).ToList();
            var zones = string.Join(",", Outputs.SubnetIds);
            if (asg == null)
            {
                await AwsCalls.RetryOn(() => AwsCalls.Tolerate(() => aws.SendAsync(new Asg.CreateAutoScalingGroupRequest
                    {
                        AutoScalingGroupName = names.AutoScalingGroup,
                        LaunchTemplate = new Asg.LaunchTemplateSpecification { LaunchTemplateId = ltId, Version = "$Latest" },
                        MinSize = spec.MinSize,
                        MaxSize = spec.MaxSize,
                        DesiredCapacity = spec.MinSize,
                        VPCZoneIdentifier = zones,
                        // Managed termination protection: ECS decides which instances may go on scale-in.
                        NewInstancesProtectedFromScaleIn = true,
                        Tags = tagList,
                    }, ct), "AlreadyExists"),
                    context.IamPropagationTimeout, ct, reporter, "CreateAutoScalingGroup", IsProfilePropagation).ConfigureAwait(false);
                Record($"Created Auto Scaling group {names.AutoScalingGroup}");
                var groups = await aws.SendAsync(new Asg.DescribeAutoScalingGroupsRequest { AutoScalingGroupNames = new List<string> { names.AutoScalingGroup } }, ct)
                    .ConfigureAwait(false);
                Outputs.AutoScalingGroupArn = groups.AutoScalingGroups.OrEmpty().First().AutoScalingGroupARN;
            }
            else if (ActionOf("Auto Scaling group") == PlanAction.Change)
            {
                await AwsCalls.RetryOn(() => aws.SendAsync(new Asg.UpdateAutoScalingGroupRequest
                    {
                        AutoScalingGroupName = names.AutoScalingGroup,
                        LaunchTemplate = new Asg.LaunchTemplateSpecification { LaunchTemplateId = ltId, Version = "$Latest" },
                        MinSize = spec.MinSize,
                        MaxSize = spec.MaxSize,
                        VPCZoneIdentifier = zones,
                        NewInstancesProtectedFromScaleIn = true,
                    }, ct),
                    context.IamPropagationTimeout, ct, reporter, "UpdateAutoScalingGroup", IsProfilePropagation).ConfigureAwait(false);
                Record($"Updated Auto Scaling group {names.AutoScalingGroup}");
            }
            var asgArn = Outputs.AutoScalingGroupArn!;

            var scaling = new EcsApi.ManagedScaling { Status = "ENABLED", TargetCapacity = StackDefaults.CapacityTargetPercent };
            var provider = found.CapacityProvider;
            if (provider == null || provider.Status != "ACTIVE")
            {
                try
                {
                    await aws.SendAsync(new EcsApi.CreateCapacityProviderRequest
                    {
                        Name = names.CapacityProvider,
                        AutoScalingGroupProvider = new EcsApi.AutoScalingGroupProvider
                        {
                            AutoScalingGroupArn = asgArn,
                            ManagedScaling = scaling,
                            ManagedTerminationProtection = "ENABLED",
                        },
                        Tags = EcsTags(),
                    }, ct).ConfigureAwait(false);
                    Record($"Created capacity provider {names.CapacityProvider}");
                }
                catch (AwsServiceException ex) when (ex.ErrorCode == "ClientException" && (ex.AwsMessage ?? "").IndexOf("exist", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    reporter.Verbose($"Capacity provider {names.CapacityProvider} already exists: adopted");
                }
            }
            else if (provider.AutoScalingGroupArn != asgArn)
            {
                throw new AoEcsException("CapacityProviderMismatch", AoErrorKind.ResourceExists,
                    $"Capacity provider {names.CapacityProvider} points at another Auto Scaling group ({provider.AutoScalingGroupArn}); " +
                    "a capacity provider's group cannot change. Remove the app (Remove-AoEcsApp) and create it again.", names.CapacityProvider);
            }
            else if (ActionOf("capacity provider") == PlanAction.Change)
            {
                await aws.SendAsync(new EcsApi.UpdateCapacityProviderRequest
                {
                    Name = names.CapacityProvider,
                    AutoScalingGroupProvider = new EcsApi.AutoScalingGroupProviderUpdate { ManagedScaling = scaling, ManagedTerminationProtection = "ENABLED" },
                }, ct).ConfigureAwait(false);
                Record($"Updated capacity provider {names.CapacityProvider}");
            }
        }

        /// <summary>EC2 and Auto Scaling briefly reject a new instance profile until IAM has propagated it.</summary>
        private static bool IsProfilePropagation(AwsServiceException ex) =>
            (ex.ErrorCode == "ValidationError" || ex.ErrorCode == "InvalidParameterValue") &&
            (ex.AwsMessage ?? "").IndexOf("instance profile", StringComparison.OrdinalIgnoreCase) >= 0;

        private List<EcsApi.Tag> EcsTags(IDictionary<string, string>? extra = null)
        {
            var all = new SortedDictionary<string, string>(tags, StringComparer.Ordinal);
            if (extra != null) foreach (var pair in extra) all[pair.Key] = pair.Value;
            return all.Select(t => new EcsApi.Tag { Key = t.Key, Value = t.Value }).ToList();
        }

        // ---------------------------------------------------------------- cluster

        private async Task ClusterAsync(bool mutate, CancellationToken ct)
        {
            var cluster = found.Cluster != null && found.Cluster.Status == "ACTIVE" ? found.Cluster : null;
            Outputs.ClusterArn = cluster?.Arn;
            if (!mutate) return;
            var domainTag = new Dictionary<string, string> { [StackNames.DomainTagKey] = spec.DomainName };
            if (cluster == null)
            {
                // CreateCluster returns the existing cluster when the name is taken by an active one: safe to repeat.
                var created = await aws.SendAsync(new EcsApi.CreateClusterRequest { ClusterName = names.Cluster, Tags = EcsTags(domainTag) }, ct)
                    .ConfigureAwait(false);
                Outputs.ClusterArn = created.Cluster?.ClusterArn;
                Record($"Created ECS cluster {names.Cluster}");
            }
            else if (!cluster.Tags.TryGetValue(StackNames.DomainTagKey, out var domain) || domain != spec.DomainName)
            {
                await aws.SendAsync(new EcsApi.TagResourceRequest { ResourceArn = cluster.Arn, Tags = EcsTags(domainTag) }, ct).ConfigureAwait(false);
            }
            if (cluster == null || !cluster.CapacityProviders.Contains(names.CapacityProvider) ||
                !(cluster.DefaultStrategy.Count == 1 && cluster.DefaultStrategy[0] == names.CapacityProvider))
            {
                await aws.SendAsync(new EcsApi.PutClusterCapacityProvidersRequest
                {
                    Cluster = names.Cluster,
                    CapacityProviders = new List<string> { names.CapacityProvider },
                    DefaultCapacityProviderStrategy = Strategy(),
                }, ct).ConfigureAwait(false);
                Record($"Cluster {names.Cluster} uses capacity provider {names.CapacityProvider}");
            }
        }

        private List<EcsApi.CapacityProviderStrategyItem> Strategy() => new List<EcsApi.CapacityProviderStrategyItem>
        {
            new EcsApi.CapacityProviderStrategyItem { CapacityProvider = names.CapacityProvider, Weight = 1, Base = 0 },
        };

        // ---------------------------------------------------------------- task definition and service

        private TaskDefinitionDecision? decision;

        private async Task TaskDefinitionAsync(bool mutate, CancellationToken ct)
        {
            var service = found.Cluster == null ? null : found.Service;
            decision = TaskDefinitionRule.Decide(names.TaskFamily, inputs.TaskDefinition.ContentHash, service,
                found.RunningTaskDefinition, found.LatestTaskDefinition);
            Outputs.TaskDefinitionArn = decision.TaskDefinitionArn;
            if (decision.Kind != TaskDefinitionDecisionKind.Register || !mutate) return;

            var request = ToRegisterRequest(inputs.TaskDefinition.Request);
            var registered = await aws.SendAsync(request, ct).ConfigureAwait(false);
            Outputs.TaskDefinitionArn = registered.TaskDefinition?.TaskDefinitionArn;
            Record($"Registered task definition {StackPlanner.ShortArn(Outputs.TaskDefinitionArn ?? names.TaskFamily)}");
        }

        private async Task WaitServiceGoneAsync(CancellationToken ct)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
            try
            {
                while (true)
                {
                    var current = await new StackDiscovery(aws, names).ServiceAsync(ct).ConfigureAwait(false);
                    if (current == null || current.Status == "INACTIVE") return;
                    if (DateTime.UtcNow > deadline)
                        throw new AoEcsException("ServiceStillDraining", AoErrorKind.Timeout,
                            $"ECS service {names.Service} is still being deleted; run the command again once it is gone.", names.Service);
                    reporter.Progress("Waiting for the old service", $"{names.Service} is {current.Status}", -1, false);
                    await Task.Delay(context.PollInterval, ct).ConfigureAwait(false);
                }
            }
            finally
            {
                reporter.Progress("Waiting for the old service", "done", 100, true);
            }
        }

        /// <summary>The desired request (JSON in the model's member names) as the DTO the ECS client sends.</summary>
        internal static EcsApi.RegisterTaskDefinitionRequest ToRegisterRequest(System.Text.Json.Nodes.JsonObject request) =>
            JsonSerializer.Deserialize<EcsApi.RegisterTaskDefinitionRequest>(request.ToJsonString(), new JsonSerializerOptions
            {
                PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            })!;

        private async Task ServiceAsync(bool mutate, CancellationToken ct)
        {
            var service = found.Cluster != null && found.Service != null && found.Service.IsActive ? found.Service : null;
            Outputs.ServiceArn = service?.Arn;
            if (!mutate) return;
            var taskDefinition = Require(Outputs.TaskDefinitionArn, ResourceGroup.Service, "the task definition");
            var targetGroup = Require(Outputs.TargetGroupArn, ResourceGroup.Service, "the target group");
            var target = inputs.TaskDefinition.Target;
            var fileTag = new Dictionary<string, string> { [StackNames.TaskDefinitionFileHashTagKey] = inputs.TaskDefinition.ContentHash };
            var deployment = new EcsApi.DeploymentConfiguration
            {
                DeploymentCircuitBreaker = new EcsApi.DeploymentCircuitBreaker { Enable = true, Rollback = true },
                MaximumPercent = 200,
                MinimumHealthyPercent = 100,
            };
            var loadBalancers = new List<EcsApi.LoadBalancer>
            {
                new EcsApi.LoadBalancer { TargetGroupArn = targetGroup, ContainerName = target.ContainerName, ContainerPort = target.ContainerPort },
            };

            if (service == null)
            {
                if (found.Service?.Status == "DRAINING")
                    await WaitServiceGoneAsync(ct).ConfigureAwait(false); // a service being deleted still holds the name
                var created = await aws.SendAsync(new EcsApi.CreateServiceRequest
                {
                    Cluster = names.Cluster,
                    ServiceName = names.Service,
                    TaskDefinition = taskDefinition,
                    DesiredCount = spec.DesiredCount,
                    LoadBalancers = loadBalancers,
                    CapacityProviderStrategy = Strategy(),
                    DeploymentConfiguration = deployment,
                    HealthCheckGracePeriodSeconds = spec.HealthCheckGracePeriodSeconds,
                    EnableECSManagedTags = true,
                    PropagateTags = "SERVICE",
                    Tags = EcsTags(fileTag),
                }, ct).ConfigureAwait(false);
                Outputs.ServiceArn = created.Service?.ServiceArn;
                Record($"Created ECS service {names.Service} ({spec.DesiredCount} tasks of {StackPlanner.ShortArn(taskDefinition)})");
                return;
            }

            var update = new EcsApi.UpdateServiceRequest { Cluster = names.Cluster, ServiceName = names.Service };
            var changed = new List<string>();
            if (service.DesiredCount != spec.DesiredCount)
            {
                update.DesiredCount = spec.DesiredCount;
                changed.Add($"desiredCount {spec.DesiredCount}");
            }
            if (decision != null && decision.Kind != TaskDefinitionDecisionKind.Keep && service.TaskDefinitionArn != taskDefinition)
            {
                update.TaskDefinition = taskDefinition;
                changed.Add("task definition " + StackPlanner.ShortArn(taskDefinition));
            }
            if (service.ReportsCapacity && !(service.CapacityProviders.Count == 1 && service.CapacityProviders[0] == names.CapacityProvider))
            {
                update.CapacityProviderStrategy = Strategy();
                update.ForceNewDeployment = true; // ECS requires a new deployment to move tasks to another strategy
                changed.Add("capacity provider strategy");
            }
            if (service.CircuitBreakerEnabled == false || service.CircuitBreakerRollback == false)
            {
                update.DeploymentConfiguration = deployment;
                changed.Add("circuit breaker with rollback");
            }
            if (service.TargetGroupArn != targetGroup || service.LoadBalancerContainerName != target.ContainerName ||
                service.LoadBalancerContainerPort != target.ContainerPort)
            {
                update.LoadBalancers = loadBalancers;
                changed.Add("load balancer target");
            }
            if (service.HealthCheckGracePeriodSeconds != null && service.HealthCheckGracePeriodSeconds != spec.HealthCheckGracePeriodSeconds)
            {
                update.HealthCheckGracePeriodSeconds = spec.HealthCheckGracePeriodSeconds;
                changed.Add("health check grace period");
            }
            if (changed.Count > 0)
            {
                await aws.SendAsync(update, ct).ConfigureAwait(false);
                Record($"Updated ECS service {names.Service}: {string.Join(", ", changed)}");
            }
            if (!service.Tags.TryGetValue(StackNames.TaskDefinitionFileHashTagKey, out var applied) || applied != inputs.TaskDefinition.ContentHash)
            {
                // Recorded after the service runs the file's revision, so an interrupted run re-checks it next time.
                await aws.SendAsync(new EcsApi.TagResourceRequest { ResourceArn = service.Arn, Tags = EcsTags(fileTag) }, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A group could not run because one it needs was not confirmed or failed.</summary>
    public sealed class GroupSkippedException : Exception
    {
        public GroupSkippedException(ResourceGroup group, string? missing = null)
            : base(missing == null ? $"{group} skipped: a group it depends on did not complete." : $"{group} skipped: {missing} is not there.")
        {
            Group = group;
        }

        public ResourceGroup Group { get; }
    }
}
