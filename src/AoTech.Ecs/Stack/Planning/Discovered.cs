using System;
using System.Collections.Generic;

namespace AoTech.Ecs.Stack.Planning
{
    // Neutral records of what exists, filled by discovery (by deterministic names and the aotech:app tag) and read by
    // the planner. They hold only what a decision needs; null means "not found".

    /// <summary>Everything of one app found in the account and region.</summary>
    public sealed class DiscoveredStack
    {
        public DiscoveredNetwork? Network { get; set; }
        /// <summary>Private subnets, NAT gateways, Elastic IPs and endpoints of the app's own VPC (empty for the public layout).</summary>
        public DiscoveredPrivateNetwork PrivateNetwork { get; set; } = new DiscoveredPrivateNetwork();
        public DiscoveredSecurityGroup? LoadBalancerSecurityGroup { get; set; }
        public DiscoveredSecurityGroup? InstanceSecurityGroup { get; set; }
        public DiscoveredCertificate? Certificate { get; set; }
        /// <summary>CNAMEs in the hosted zone whose names match the certificate's validation records.</summary>
        public IList<DiscoveredRecord> ValidationRecords { get; set; } = new List<DiscoveredRecord>();
        public DiscoveredRecord? AliasRecord { get; set; }
        public DiscoveredLoadBalancer? LoadBalancer { get; set; }
        public DiscoveredTargetGroup? TargetGroup { get; set; }
        /// <summary>
        /// The app's second target group (StackNames.AlternateTargetGroup) of a blue/green-family strategy; looked up only when
        /// the app has or is asked for such a strategy, or its service uses it (see StackDiscovery).
        /// </summary>
        public DiscoveredTargetGroup? AlternateTargetGroup { get; set; }
        public DiscoveredListener? HttpsListener { get; set; }
        public DiscoveredListener? HttpListener { get; set; }
        /// <summary>On a shared endpoint: what its HTTPS listener routes (every app's rule, its certificates); null otherwise or without the listener.</summary>
        public Endpoints.ListenerRoutes? Routes { get; set; }
        /// <summary>Certificates of a domain the app left that another app on the endpoint still needs: handed over, not deleted.</summary>
        public IList<Endpoints.CertificateHandOver> CertificateHandOvers { get; set; } = new List<Endpoints.CertificateHandOver>();
        public DiscoveredRole? InstanceRole { get; set; }
        public DiscoveredRole? ExecutionRole { get; set; }
        public DiscoveredRole? TaskRole { get; set; }
        /// <summary>The role ECS assumes to move the app's listener rules (StackNames.DeploymentRole); null when it has none.</summary>
        public DiscoveredRole? DeploymentRole { get; set; }
        public DiscoveredInstanceProfile? InstanceProfile { get; set; }
        public DiscoveredLogGroup? LogGroup { get; set; }
        public DiscoveredLaunchTemplate? LaunchTemplate { get; set; }
        public DiscoveredAutoScalingGroup? AutoScalingGroup { get; set; }
        public DiscoveredCapacityProvider? CapacityProvider { get; set; }
        public DiscoveredCluster? Cluster { get; set; }
        public DiscoveredService? Service { get; set; }
        /// <summary>The service's scalable target and its policies (null: no task auto scaling).</summary>
        public Scaling.DiscoveredTaskScaling? TaskScaling { get; set; }
        /// <summary>The revision the service runs, with its content (only looked up when the decision needs it).</summary>
        public DiscoveredTaskDefinition? RunningTaskDefinition { get; set; }
        /// <summary>The newest ACTIVE revision of the stack's family.</summary>
        public DiscoveredTaskDefinition? LatestTaskDefinition { get; set; }
        /// <summary>
        /// What discovery found of the app besides what it uses: a second VPC, internet gateway, route table, subnet per
        /// zone or security group, a certificate not on the listener, a listener on another port, a role under the app's
        /// IAM path, a log group under its name, a copy of the running task definition revision, the alias of a domain the
        /// app moved away from. Left by an older version, a create whose answer was lost, or a domain move. New-AoEcsApp
        /// deletes them (planned as Delete in <see cref="ResourceGroup.Cleanup"/>) or, where they may be someone else's,
        /// reports them (<see cref="DiscoveredExtra.LeftBecause"/>); Remove-AoEcsApp deletes them.
        /// </summary>
        public IList<DiscoveredExtra> Extras { get; set; } = new List<DiscoveredExtra>();
        /// <summary>
        /// Every record set at the app's domain name (any type) with who holds it: the ownership check refuses a name
        /// another app or anything else holds. Empty when the domain has no record or DNS was not looked up.
        /// </summary>
        public IList<DomainHolder> DomainHolders { get; set; } = new List<DomainHolder>();
    }

    /// <summary>
    /// Kinds of extra resources, in the order they can be deleted: a retired alias first (the old name stops pointing at
    /// the app), then its certificate, ..., what depends on a VPC before the VPC.
    /// </summary>
    public enum ExtraKind
    {
        AliasRecord,
        Certificate,
        Listener,
        TaskDefinition,
        Role,
        LogGroup,
        RouteTable,
        InternetGateway,
        SecurityGroup,
        Subnet,
        Vpc,
    }

    /// <summary>One extra resource (see <see cref="DiscoveredStack.Extras"/>) and what must be undone before it can go.</summary>
    public sealed class DiscoveredExtra
    {
        public DiscoveredExtra(ExtraKind kind, string id, string? name, string? vpcId)
        {
            Kind = kind;
            Id = id;
            Name = name;
            VpcId = vpcId;
        }

        public ExtraKind Kind { get; }
        /// <summary>EC2 id, ARN (certificate, listener, task definition), or name (role, log group, DNS name).</summary>
        public string Id { get; }
        public string? Name { get; }
        public string? VpcId { get; }
        /// <summary>Internet gateway: the VPCs it is attached to (detached first).</summary>
        public IList<string> AttachedVpcIds { get; set; } = new List<string>();
        /// <summary>Route table: its subnet associations (disassociated first).</summary>
        public IList<string> AssociationIds { get; set; } = new List<string>();
        /// <summary>
        /// Alias record: the record itself (a DELETE must match it exactly). Certificate: its DNS validation records,
        /// deleted after it when no certificate the app keeps shares them.
        /// </summary>
        public IList<ZoneRecord> Records { get; set; } = new List<ZoneRecord>();
        /// <summary>Why it is an extra, as the plan shows it; null: a second copy tagged for the app.</summary>
        public string? Why { get; set; }
        /// <summary>
        /// Set when New-AoEcsApp must not delete it (it may be someone else's or hold data): the plan and a warning say
        /// so and it stays. Remove-AoEcsApp still removes what is in the app's namespace.
        /// </summary>
        public string? LeftBecause { get; set; }

        /// <summary>"route table", "internet gateway", ... as plans and messages name them.</summary>
        public string KindText => Kind switch
        {
            ExtraKind.AliasRecord => "alias record",
            ExtraKind.Certificate => "certificate",
            ExtraKind.Listener => "listener",
            ExtraKind.TaskDefinition => "task definition",
            ExtraKind.Role => "IAM role",
            ExtraKind.LogGroup => "log group",
            ExtraKind.RouteTable => "route table",
            ExtraKind.InternetGateway => "internet gateway",
            ExtraKind.SecurityGroup => "security group",
            ExtraKind.Subnet => "subnet",
            _ => "VPC",
        };

        public string Description => Name == null || Name == Id ? Id : $"{Name} ({Id})";

        /// <summary>EC2 resources of the dedicated network.</summary>
        public bool IsNetwork => Kind >= ExtraKind.RouteTable;
    }

    /// <summary>A record set and the hosted zone it is in.</summary>
    public sealed class ZoneRecord
    {
        public ZoneRecord(string zoneId, DiscoveredRecord record)
        {
            ZoneId = zoneId;
            Record = record;
        }

        public string ZoneId { get; }
        public DiscoveredRecord Record { get; }
    }

    /// <summary>A record set at the app's domain name and who holds it.</summary>
    public sealed class DomainHolder
    {
        public DomainHolder(DiscoveredRecord record, string? app, string target)
        {
            Record = record;
            App = app;
            Target = target;
        }

        public DiscoveredRecord Record { get; }
        /// <summary>
        /// The app (aotech:app tag) of the load balancer an alias points at; null when the record was not made by
        /// AoTech.Ecs (not an alias, or to anything else).
        /// </summary>
        public string? App { get; }
        /// <summary>What the record points at, for messages: "load balancer aotech-web-alb", "d1.cloudfront.net", "192.0.2.1".</summary>
        public string Target { get; }
    }

    public sealed class DiscoveredSubnet
    {
        public string SubnetId { get; set; } = "";
        public string? VpcId { get; set; }
        public string AvailabilityZone { get; set; } = "";
        public string CidrBlock { get; set; } = "";
        public bool MapPublicIpOnLaunch { get; set; }
        /// <summary>
        /// Where the subnet's route table (its own, else the VPC's main one) sends 0.0.0.0/0: an igw-, nat-, tgw-, eni- or i-
        /// id, or null for no such route. Read for a given network only (the dedicated one is ours and public).
        /// </summary>
        public string? DefaultRouteTarget { get; set; }
    }

    public sealed class DiscoveredNetwork
    {
        public string VpcId { get; set; } = "";
        public string? CidrBlock { get; set; }
        /// <summary>True when the VPC was given (-VpcId/-SubnetId): the stack uses it and never changes or deletes it.</summary>
        public bool IsExisting { get; set; }
        /// <summary>The app's own VPC's aotech:network tag: the layout it was made with (see NetworkChoice); null before private networks.</summary>
        public string? LayoutTag { get; set; }
        public IList<DiscoveredSubnet> Subnets { get; set; } = new List<DiscoveredSubnet>();
        public string? InternetGatewayId { get; set; }
        /// <summary>The gateway is attached to this VPC.</summary>
        public bool InternetGatewayAttached { get; set; }
        public string? RouteTableId { get; set; }
        /// <summary>The route table sends 0.0.0.0/0 to the internet gateway.</summary>
        public bool HasDefaultRoute { get; set; }
        /// <summary>Subnet ids associated with the route table.</summary>
        public ISet<string> AssociatedSubnetIds { get; set; } = new HashSet<string>(StringComparer.Ordinal);
        /// <summary>The route table's subnet associations (a teardown undoes them before deleting the table).</summary>
        public IList<string> RouteTableAssociationIds { get; set; } = new List<string>();
    }

    /// <summary>One ingress permission: a port range from a CIDR block or from another security group.</summary>
    public sealed class IngressRule : IEquatable<IngressRule>
    {
        public IngressRule(int fromPort, int toPort, string? cidr, string? sourceGroupId, string protocol = "tcp")
        {
            FromPort = fromPort;
            ToPort = toPort;
            Cidr = cidr;
            SourceGroupId = sourceGroupId;
            Protocol = protocol;
        }

        /// <summary>tcp for the stack's rules; anything else found (e.g. "-1", all traffic) is revoked.</summary>
        public string Protocol { get; }
        public int FromPort { get; }
        public int ToPort { get; }
        public string? Cidr { get; }
        public string? SourceGroupId { get; }

        public bool Equals(IngressRule? other) =>
            other != null && Protocol == other.Protocol && FromPort == other.FromPort && ToPort == other.ToPort &&
            Cidr == other.Cidr && SourceGroupId == other.SourceGroupId;

        public override bool Equals(object? obj) => Equals(obj as IngressRule);
        public override int GetHashCode() => (FromPort * 397) ^ ToPort ^ (Cidr ?? SourceGroupId ?? "").GetHashCode();

        public override string ToString()
        {
            var ports = FromPort == ToPort ? FromPort.ToString() : $"{FromPort}-{ToPort}";
            return $"{(Protocol == "-1" ? "all traffic" : Protocol)} {ports} from {Cidr ?? SourceGroupId ?? "(the load balancer's group)"}";
        }
    }

    public sealed class DiscoveredSecurityGroup
    {
        public string GroupId { get; set; } = "";
        public string VpcId { get; set; } = "";
        public IList<IngressRule> Ingress { get; set; } = new List<IngressRule>();
    }

    public sealed class DiscoveredValidationOption
    {
        public string DomainName { get; set; } = "";
        /// <summary>PENDING_VALIDATION, SUCCESS, FAILED.</summary>
        public string? ValidationStatus { get; set; }
        /// <summary>The CNAME ACM wants (fully qualified, with trailing dot); null until ACM has produced it.</summary>
        public string? RecordName { get; set; }
        public string? RecordValue { get; set; }
    }

    public sealed class DiscoveredCertificate
    {
        public string Arn { get; set; } = "";
        public string DomainName { get; set; } = "";
        /// <summary>PENDING_VALIDATION, ISSUED, INACTIVE, EXPIRED, VALIDATION_TIMED_OUT, REVOKED, FAILED.</summary>
        public string Status { get; set; } = "";
        public IList<DiscoveredValidationOption> ValidationOptions { get; set; } = new List<DiscoveredValidationOption>();
        public IList<string> InUseBy { get; set; } = new List<string>();
        /// <summary>The names it is valid for besides <see cref="DomainName"/> (a wildcard among them).</summary>
        public IList<string> SubjectAlternativeNames { get; set; } = new List<string>();
        /// <summary>
        /// A certificate the shared endpoint's listener serves that covers this app's host without being the app's own for it
        /// (another app's, or a wildcard), used because the app has none for its host: this app's runs neither request nor
        /// validate it (its validation records sit with its owner's, a wildcard's outside the host).
        /// </summary>
        public bool IsReused { get; set; }

        /// <summary>A certificate that is, or may still become, usable.</summary>
        public bool IsUsable => Status == "ISSUED" || Status == "PENDING_VALIDATION";
    }

    /// <summary>A Route 53 record set: a CNAME/TXT with values, or an alias A record.</summary>
    public sealed class DiscoveredRecord
    {
        public string Name { get; set; } = "";
        public string Type { get; set; } = "";
        public IList<string> Values { get; set; } = new List<string>();
        public long? Ttl { get; set; }
        public string? AliasDnsName { get; set; }
        public string? AliasHostedZoneId { get; set; }
        public bool AliasEvaluateTargetHealth { get; set; }
    }

    public sealed class DiscoveredLoadBalancer
    {
        public string Arn { get; set; } = "";
        public string DnsName { get; set; } = "";
        public string CanonicalHostedZoneId { get; set; } = "";
        public string Scheme { get; set; } = "";
        public string VpcId { get; set; } = "";
        /// <summary>provisioning, active, failed.</summary>
        public string State { get; set; } = "";
        public ISet<string> SubnetIds { get; set; } = new HashSet<string>(StringComparer.Ordinal);
        public ISet<string> SecurityGroupIds { get; set; } = new HashSet<string>(StringComparer.Ordinal);
        public IDictionary<string, string> Attributes { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
    }

    public sealed class DiscoveredTargetGroup
    {
        public string Arn { get; set; } = "";
        public string VpcId { get; set; } = "";
        public string Protocol { get; set; } = "";
        public int Port { get; set; }
        public string TargetType { get; set; } = "";
        public string HealthCheckPath { get; set; } = "";
        public int HealthCheckIntervalSeconds { get; set; }
        public int HealthCheckTimeoutSeconds { get; set; }
        public int HealthyThresholdCount { get; set; }
        public int UnhealthyThresholdCount { get; set; }
        public string Matcher { get; set; } = "";
        public IList<string> LoadBalancerArns { get; set; } = new List<string>();
        public IDictionary<string, string> Attributes { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
    }

    public sealed class DiscoveredListener
    {
        public string Arn { get; set; } = "";
        public int Port { get; set; }
        public string Protocol { get; set; } = "";
        public string? SslPolicy { get; set; }
        public string? CertificateArn { get; set; }
        /// <summary>forward, redirect, or fixed-response (a shared endpoint's HTTPS listener: 404 for a host no app has).</summary>
        public string DefaultActionType { get; set; } = "";
        public string? FixedResponseStatusCode { get; set; }
        public string? ForwardTargetGroupArn { get; set; }
        public string? RedirectProtocol { get; set; }
        public string? RedirectPort { get; set; }
        public string? RedirectStatusCode { get; set; }
    }

    public sealed class DiscoveredRole
    {
        public string Name { get; set; } = "";
        public string Arn { get; set; } = "";
        /// <summary>Service principal the trust policy lets assume the role, e.g. ec2.amazonaws.com.</summary>
        public string? TrustedService { get; set; }
        public ISet<string> AttachedPolicyArns { get; set; } = new HashSet<string>(StringComparer.Ordinal);
        /// <summary>The permissions boundary's ARN, as discovery's GetRole returned it.</summary>
        public string? PermissionsBoundaryArn { get; set; }
        /// <summary>True once GetRole was read: <see cref="PermissionsBoundaryArn"/> null then means none.</summary>
        public bool BoundaryKnown { get; set; }
        /// <summary>Inline policies by name, documents decoded; only read for the task role.</summary>
        public IDictionary<string, string> InlinePolicies { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
    }

    public sealed class DiscoveredInstanceProfile
    {
        public string Name { get; set; } = "";
        public string Arn { get; set; } = "";
        public IList<string> RoleNames { get; set; } = new List<string>();
    }

    public sealed class DiscoveredLogGroup
    {
        public string Name { get; set; } = "";
        public string? Arn { get; set; }
        public int? RetentionInDays { get; set; }
    }

    public sealed class DiscoveredLaunchTemplate
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public long LatestVersion { get; set; }
        // The latest version's data.
        public string? ImageId { get; set; }
        public string? InstanceType { get; set; }
        public string? InstanceProfileName { get; set; }
        public string? InstanceProfileArn { get; set; }
        public IList<string> SecurityGroupIds { get; set; } = new List<string>();
        /// <summary>The first network interface's AssociatePublicIpAddress; null when the template names no interface.</summary>
        public bool? AssociatePublicIpAddress { get; set; }
        /// <summary>User data, decoded from base64.</summary>
        public string? UserData { get; set; }
        /// <summary>required when IMDSv2 is enforced.</summary>
        public string? HttpTokens { get; set; }
        /// <summary>The metadata PUT response hop limit (1 keeps containers on bridge networks from a token).</summary>
        public int? MetadataHopLimit { get; set; }
        public bool RootVolumeEncrypted { get; set; }
        public string? RootVolumeType { get; set; }
        /// <summary>The key pair instances get; the stack never sets one (shell access goes through Session Manager).</summary>
        public string? KeyName { get; set; }
    }

    public sealed class DiscoveredAutoScalingGroup
    {
        public string Name { get; set; } = "";
        public string Arn { get; set; } = "";
        public string? LaunchTemplateId { get; set; }
        public string? LaunchTemplateVersion { get; set; }
        public int MinSize { get; set; }
        public int MaxSize { get; set; }
        public int DesiredCapacity { get; set; }
        public ISet<string> SubnetIds { get; set; } = new HashSet<string>(StringComparer.Ordinal);
        public bool NewInstancesProtectedFromScaleIn { get; set; }
        /// <summary>Set while a deletion is in progress ("Delete in progress").</summary>
        public string? Status { get; set; }
        public int InstanceCount { get; set; }
        /// <summary>The launch template version each instance was launched from (a number; "$Latest" when not resolved).</summary>
        public IList<string> InstanceLaunchTemplateVersions { get; set; } = new List<string>();
        /// <summary>
        /// The newest instance refresh when one is under way (Pending, InProgress, Cancelling, Baking, RollbackInProgress);
        /// only looked up when instances run an older launch template version.
        /// </summary>
        public DiscoveredInstanceRefresh? ActiveRefresh { get; set; }
    }

    public sealed class DiscoveredInstanceRefresh
    {
        public string Id { get; set; } = "";
        public string Status { get; set; } = "";
        public int? PercentageComplete { get; set; }
    }

    public sealed class DiscoveredCapacityProvider
    {
        public string Name { get; set; } = "";
        public string Arn { get; set; } = "";
        /// <summary>ACTIVE or INACTIVE.</summary>
        public string Status { get; set; } = "";
        /// <summary>DELETE_IN_PROGRESS while a DeleteCapacityProvider runs (the provider stays ACTIVE meanwhile), DELETE_FAILED, ...</summary>
        public string? UpdateStatus { get; set; }
        public bool IsBeingDeleted => UpdateStatus == "DELETE_IN_PROGRESS";
        public string? AutoScalingGroupArn { get; set; }
        public bool ManagedScalingEnabled { get; set; }
        public int? TargetCapacity { get; set; }
        public bool ManagedTerminationProtection { get; set; }
    }

    public sealed class DiscoveredCluster
    {
        public string Name { get; set; } = "";
        public string Arn { get; set; } = "";
        /// <summary>ACTIVE, PROVISIONING, DEPROVISIONING, FAILED, INACTIVE.</summary>
        public string Status { get; set; } = "";
        public IList<string> CapacityProviders { get; set; } = new List<string>();
        /// <summary>Capacity provider names of the default strategy.</summary>
        public IList<string> DefaultStrategy { get; set; } = new List<string>();
        public int RegisteredContainerInstances { get; set; }
        public IDictionary<string, string> Tags { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
    }

    public sealed class DiscoveredDeployment
    {
        public string Id { get; set; } = "";
        /// <summary>PRIMARY, ACTIVE, INACTIVE.</summary>
        public string Status { get; set; } = "";
        public string TaskDefinitionArn { get; set; } = "";
        public int DesiredCount { get; set; }
        public int RunningCount { get; set; }
        public int PendingCount { get; set; }
        public string? RolloutState { get; set; }
        public string? RolloutStateReason { get; set; }
    }

    public sealed class DiscoveredService
    {
        public string Name { get; set; } = "";
        public string Arn { get; set; } = "";
        /// <summary>ACTIVE, DRAINING, INACTIVE.</summary>
        public string Status { get; set; } = "";
        public string TaskDefinitionArn { get; set; } = "";
        public int DesiredCount { get; set; }
        public int RunningCount { get; set; }
        public int PendingCount { get; set; }
        /// <summary>Capacity providers of the service's strategy; empty means "not reported".</summary>
        public IList<string> CapacityProviders { get; set; } = new List<string>();
        public string? LaunchType { get; set; }
        /// <summary>Null when the backend did not report a deployment configuration (then it is not compared).</summary>
        public bool? CircuitBreakerEnabled { get; set; }
        public bool? CircuitBreakerRollback { get; set; }
        public string? TargetGroupArn { get; set; }
        /// <summary>loadBalancers[0].advancedConfiguration (blue/green family); null without one.</summary>
        public Aws.Services.Ecs.AdvancedConfiguration? AdvancedConfiguration { get; set; }
        /// <summary>The deploymentConfiguration as ECS reports it (merged into, never replaced: see Deployments.DeploymentSettings).</summary>
        public Aws.Services.Ecs.DeploymentConfiguration? DeploymentConfiguration { get; set; }
        /// <summary>ECS, CODE_DEPLOY or EXTERNAL; null when not reported (ECS).</summary>
        public string? DeploymentController { get; set; }
        public string? LoadBalancerContainerName { get; set; }
        public int? LoadBalancerContainerPort { get; set; }
        /// <summary>Null when not reported (then it is not compared).</summary>
        public int? HealthCheckGracePeriodSeconds { get; set; }
        public IDictionary<string, string> Tags { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>
        /// Whether the service reports a capacity provider strategy. On AWS the stack's service always has one; some
        /// emulators (moto) drop it and report a launch type instead, and a setting that is not reported cannot be
        /// compared without making every re-run "change" the service.
        /// </summary>
        public bool ReportsCapacity => CapacityProviders.Count > 0;

        public IList<DiscoveredDeployment> Deployments { get; set; } = new List<DiscoveredDeployment>();

        public bool IsActive => Status == "ACTIVE";
    }

    public sealed class DiscoveredTaskDefinition
    {
        public string Arn { get; set; } = "";
        public string Family { get; set; } = "";
        public int Revision { get; set; }
        /// <summary>ACTIVE or INACTIVE.</summary>
        public string Status { get; set; } = "ACTIVE";
        public IDictionary<string, string> Tags { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
        /// <summary>
        /// The registrable part of the revision (the RegisterTaskDefinition request shape, without tags), as described;
        /// null when not read.
        /// </summary>
        public System.Text.Json.Nodes.JsonObject? Content { get; set; }

        /// <summary>
        /// The hash of the content the stack registered the revision with (tag aotech:taskdef-file); null for revisions
        /// registered by others, Update-AoTaskDefinition included.
        /// </summary>
        public string? ContentHash => Tags.TryGetValue(StackNames.TaskDefinitionFileHashTagKey, out var hash) ? hash : null;

        /// <summary>Family and revision from an ARN such as arn:aws:ecs:us-east-1:123:task-definition/web:7.</summary>
        public static (string Family, int Revision)? ParseArn(string? arn)
        {
            if (string.IsNullOrEmpty(arn)) return null;
            var slash = arn!.LastIndexOf('/');
            var colon = arn.LastIndexOf(':');
            if (slash < 0 || colon < slash) return null;
            return int.TryParse(arn.Substring(colon + 1), out var revision)
                ? (arn.Substring(slash + 1, colon - slash - 1), revision)
                : ((string, int)?)null;
        }
    }
}
