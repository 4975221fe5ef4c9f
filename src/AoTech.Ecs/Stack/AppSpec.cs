using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack.Planning;

namespace AoTech.Ecs.Stack
{
    /// <summary>
    /// Everything New-AoEcsApp is asked for, with the secure, fast-deploy defaults. The cmdlet fills it from its
    /// parameters; <see cref="Validate"/> checks it without touching AWS and throws <see cref="AoEcsException"/>
    /// with a stable ErrorId (see <see cref="StackErrorIds"/>).
    /// </summary>
    public sealed class AppSpec
    {
        public const int DefaultDesiredCount = 2;
        public const string DefaultInstanceType = "t3.small";
        public const int DefaultMinSize = 1;
        public const int DefaultMaxSize = 4;
        // One range per parameter for every cmdlet that takes it (New-AoEcsApp, Set-AoEcsApp), from ECS's own limits:
        // "Tasks per service" and "Container instances per cluster" are 5,000 and not adjustable
        // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html).
        public const int MaxDesiredCount = 5000;
        public const int MaxInstances = 5000;
        public const string DefaultHealthCheckPath = "/";
        public const int DefaultHealthCheckIntervalSeconds = 10;
        public const int DefaultHealthCheckTimeoutSeconds = 5;
        public const int DefaultHealthyThresholdCount = 2;
        public const int DefaultUnhealthyThresholdCount = 3;
        public const string DefaultHealthCheckMatcher = "200-399";
        public const int DefaultDeregistrationDelaySeconds = 30;
        public const int DefaultHealthCheckGracePeriodSeconds = 60;
        public const int DefaultLogRetentionDays = 30;
        public const string AnyIPv4 = "0.0.0.0/0";

        /// <summary>Retention periods CloudWatch Logs accepts (PutRetentionPolicy retentionInDays).</summary>
        public static readonly int[] ValidLogRetentionDays =
            { 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 };

        /// <summary>App name: every resource name is derived from it (see <see cref="StackNames"/>).</summary>
        public string Name { get; set; } = "";
        /// <summary>Fully qualified domain the app is served on; its hosted zone (or a parent's) must exist.</summary>
        public string DomainName { get; set; } = "";
        /// <summary>JSON file in the RegisterTaskDefinition request shape.</summary>
        public string TaskDefinitionPath { get; set; } = "";
        /// <summary>Container behind the load balancer; default: the first container with a port mapping.</summary>
        public string? ContainerName { get; set; }
        /// <summary>Its port; default: the container's first port mapping.</summary>
        public int? ContainerPort { get; set; }
        /// <summary>
        /// Deploy the file's images even where a rollout (Update-AoTaskDefinition) changed them since the file was applied;
        /// without it an image the file did not change keeps what runs (see Planning.TaskDefinitionRule).
        /// </summary>
        public bool ResetImage { get; set; }

        public int DesiredCount { get; set; } = DefaultDesiredCount;
        /// <summary>True when -DesiredCount was given (checked against a given auto scaling range).</summary>
        public bool DesiredCountGiven { get; set; }
        /// <summary>Task auto scaling asked for (-MinCount, -MaxCount, -TargetCpuPercent, -TargetRequestsPerTask, -NoAutoScaling).</summary>
        public Scaling.TaskScalingRequest Scaling { get; set; } = new Scaling.TaskScalingRequest();
        public string InstanceType { get; set; } = DefaultInstanceType;
        public int MinSize { get; set; } = DefaultMinSize;
        public int MaxSize { get; set; } = DefaultMaxSize;

        /// <summary>Existing VPC to use instead of a dedicated one (its subnets are used when <see cref="SubnetIds"/> is empty).</summary>
        public string? VpcId { get; set; }
        /// <summary>Existing public subnets (at least two Availability Zones) for the load balancer and instances.</summary>
        public IList<string> SubnetIds { get; set; } = new List<string>();

        public string HealthCheckPath { get; set; } = DefaultHealthCheckPath;
        public int HealthCheckIntervalSeconds { get; set; } = DefaultHealthCheckIntervalSeconds;
        public int HealthCheckTimeoutSeconds { get; set; } = DefaultHealthCheckTimeoutSeconds;
        public int HealthyThresholdCount { get; set; } = DefaultHealthyThresholdCount;
        public int UnhealthyThresholdCount { get; set; } = DefaultUnhealthyThresholdCount;
        /// <summary>HTTP codes counted as healthy: "200", "200,302" or "200-399".</summary>
        public string HealthCheckMatcher { get; set; } = DefaultHealthCheckMatcher;
        public int DeregistrationDelaySeconds { get; set; } = DefaultDeregistrationDelaySeconds;
        public int HealthCheckGracePeriodSeconds { get; set; } = DefaultHealthCheckGracePeriodSeconds;

        /// <summary>IPv4 ranges allowed to reach the load balancer on 443 (and 80, which only redirects).</summary>
        public IList<string> AllowedCidr { get; set; } = new List<string> { AnyIPv4 };
        public int LogRetentionDays { get; set; } = DefaultLogRetentionDays;
        /// <summary>User tags added to every taggable resource, next to aotech:app.</summary>
        public IDictionary<string, string> Tags { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>
        /// Where the instances go: <see cref="NetworkPlacement.Private"/> (private subnets, no public IP, outbound through NAT
        /// gateways or VPC endpoints) or <see cref="NetworkPlacement.Public"/> (the earlier layout: public subnets, public IPs).
        /// Null: a new app gets Private, an existing one keeps the layout it has (see Planning.NetworkChoice).
        /// </summary>
        public NetworkPlacement? Network { get; set; }
        /// <summary>One NAT gateway per zone (availability) or a single one (cost); null: PerZone, or what the app has.</summary>
        public NatGatewayMode? NatGateway { get; set; }
        /// <summary>How private instances reach AWS: NAT gateways or VPC endpoints only; null: NatGateway, or what the app has.</summary>
        public EgressKind? Egress { get; set; }
        // ---- shared endpoint (see Stack/Endpoints) ----

        /// <summary>
        /// The shared endpoint the app runs on (-Endpoint); null: a stack of its own. The first app creates the endpoint with
        /// its endpoint-level values; a later app joins it and may only repeat them (see Endpoints.EndpointSettings).
        /// </summary>
        public string? Endpoint { get; set; }
        /// <summary>-PathPattern: the paths of -DomainName the app answers on its endpoint; empty: the whole host.</summary>
        public IList<string> PathPattern { get; set; } = new List<string>();
        /// <summary>
        /// The parameters the user passed (by <see cref="AppSpec"/> property name): on an endpoint, only those are compared with
        /// the endpoint's values, and the others take the endpoint's. Null: every endpoint-level value counts as given.
        /// </summary>
        public ICollection<string>? GivenParameters { get; set; }

        /// <summary>
        /// -DeploymentStrategy and its settings as given (Stack/Deployments); what is not given, the app keeps (a new app: Rolling).
        /// </summary>
        public Deployments.DeploymentRequest Deployment { get; set; } = new Deployments.DeploymentRequest();

        /// <summary>The app's route on its endpoint: host and paths.</summary>
        public Endpoints.AppRoute Route => new Endpoints.AppRoute(Name, DomainName, PathPattern);

        // ---- hardening (see Stack/Hardening) ----

        /// <summary>Leave AmazonSSMManagedInstanceCore off the instance role: no Session Manager shell on the instances.</summary>
        public bool NoSessionManager { get; set; }
        /// <summary>Let the ECS agent run privileged containers (ECS_DISABLE_PRIVILEGED=false).</summary>
        public bool AllowPrivileged { get; set; }
        /// <summary>An AMI of one's own instead of the current ECS-optimised Amazon Linux 2023 AMI.</summary>
        public string? AmiId { get; set; }
        /// <summary>A script of one's own, run after the stack's user data (a resolved file path).</summary>
        public string? UserDataPath { get; set; }
        /// <summary>-TaskRolePolicy: managed policy ARNs ("arn:...") and at most one policy document file (a resolved path).</summary>
        public IList<string> TaskRolePolicy { get; set; } = new List<string>();
        /// <summary>Managed policy ARN set as the permissions boundary of every role the stack creates.</summary>
        public string? PermissionsBoundary { get; set; }

        /// <summary>-UserData's script as read by <see cref="Validate"/> (on an endpoint, the endpoint's when not given).</summary>
        public string? UserDataScript { get; internal set; }
        /// <summary>-TaskRolePolicy as read by <see cref="Validate"/>.</summary>
        public Hardening.TaskRolePermissions TaskRolePermissions { get; private set; } = Hardening.TaskRolePermissions.None;

        /// <summary>True when the stack makes its own VPC, subnets, internet gateway and routes.</summary>
        public bool UsesDedicatedNetwork => string.IsNullOrEmpty(VpcId) && SubnetIds.Count == 0;

        /// <summary>
        /// Checks every input and normalises the ones with several spellings (domain case and trailing dot,
        /// CIDR whitespace). Throws the first problem found.
        /// </summary>
        public void Validate()
        {
            StackNames.ValidateAppName(Name);
            if (Endpoint != null) StackNames.ValidateEndpointName(Endpoint);
            Endpoints.AppRoute.ValidatePaths(PathPattern);
            if (PathPattern.Count > 0 && Endpoint == null)
                throw new AoEcsException(Endpoints.EndpointErrorIds.InvalidPathPattern, AoErrorKind.InvalidArgument,
                    "-PathPattern routes part of a host on a shared endpoint: give -Endpoint too (an app of its own answers every path).",
                    string.Join(",", PathPattern));
            DomainName = NormalizeDomainName(DomainName);
            // ACM takes at most 64 characters for a certificate's first domain name (RFC 5280's limit on the common name).
            if (DomainName.Length > MaxCertificateDomainLength)
                throw Invalid(StackErrorIds.DomainNameTooLong,
                    $"'{DomainName}' has {DomainName.Length} characters; an ACM certificate's domain name can have at most {MaxCertificateDomainLength}. " +
                    "Choose a shorter name for the app's endpoint.", DomainName);
            if (string.IsNullOrWhiteSpace(TaskDefinitionPath))
                throw Invalid(StackErrorIds.InvalidTaskDefinition, "A task definition file is required (-TaskDefinitionPath).", TaskDefinitionPath);
            if (ContainerName != null && ContainerName.Trim().Length == 0)
                throw Invalid(StackErrorIds.ContainerNotFound, "-ContainerName must not be empty.", ContainerName);
            if (ContainerPort is int port && (port < 1 || port > 65535))
                throw Invalid(StackErrorIds.ContainerPortNotFound, $"-ContainerPort {port} is not a TCP port (1-65535).", port);

            if (DesiredCount < 0 || DesiredCount > MaxDesiredCount)
                throw Invalid(StackErrorIds.InvalidCount, $"-DesiredCount {DesiredCount} must be between 0 and {MaxDesiredCount}.", DesiredCount);
            ValidateSize(MinSize, MaxSize);
            ValidateInstanceType(InstanceType);

            Scaling.Validate(DesiredCountGiven ? DesiredCount : (int?)null, maxWithMin: true);
            ValidateNetwork();
            ValidateHealthCheck();

            if (Array.IndexOf(ValidLogRetentionDays, LogRetentionDays) < 0)
                throw Invalid(StackErrorIds.InvalidLogRetention,
                    $"Log retention {LogRetentionDays} days is not one CloudWatch Logs accepts ({string.Join(", ", ValidLogRetentionDays)}).",
                    LogRetentionDays);

            AllowedCidr = NormalizeCidrs(AllowedCidr);

            ValidateTags(Tags);
            ValidateHardening();
            Deployment.Validate();
            if (Deployment.Strategy != null) Deployments.DeploymentResources.RequireNoRequestScaling(Deployment.Strategy.Value, Scaling.TargetRequestsPerTask, Name);
        }

        private void ValidateHardening()
        {
            if (!string.IsNullOrEmpty(AmiId)) ValidateAmiId(AmiId!);
            if (!string.IsNullOrEmpty(PermissionsBoundary))
                Hardening.TaskRolePermissions.RequirePolicyArn(PermissionsBoundary, "-PermissionsBoundary");
            TaskRolePermissions = Hardening.TaskRolePermissions.From(TaskRolePolicy);
            // Without -UserData, the script an endpoint app took from its endpoint (if any) stays.
            if (!string.IsNullOrEmpty(UserDataPath)) UserDataScript = Hardening.InstanceUserData.ReadScript(UserDataPath!);
            // The whole user data must fit the launch template: refused here, before any call.
            Hardening.InstanceUserData.For(StackNames.For(Name).Cluster, AllowPrivileged, UserDataScript, UserDataPath);
        }

        private void ValidateNetwork()
        {
            if (!string.IsNullOrEmpty(VpcId) && !Regex.IsMatch(VpcId, "^vpc-[0-9a-f]{8,17}$"))
                throw Invalid(StackErrorIds.InvalidNetwork, $"-VpcId '{VpcId}' is not a VPC id (vpc-...).", VpcId);
            foreach (var subnet in SubnetIds)
                if (subnet == null || !Regex.IsMatch(subnet, "^subnet-[0-9a-f]{8,17}$"))
                    throw Invalid(StackErrorIds.InvalidNetwork, $"-SubnetId '{subnet}' is not a subnet id (subnet-...).", subnet);
            if (SubnetIds.Count == 1)
                throw Invalid(StackErrorIds.InvalidNetwork,
                    "A load balancer needs subnets in at least two Availability Zones: give two or more -SubnetId values.", SubnetIds[0]);
            SubnetIds = SubnetIds.Distinct(StringComparer.Ordinal).ToList();
            if (Network == NetworkPlacement.Public && (NatGateway != null || Egress != null))
                throw Invalid(StackErrorIds.NetworkOptionsConflict,
                    "-NatGateway and -Egress describe a private network; -Network Public puts the instances in public subnets. Leave one out.",
                    NatGateway?.ToString() ?? Egress.ToString());
            if (Egress == EgressKind.VpcEndpoints && NatGateway != null)
                throw Invalid(StackErrorIds.NetworkOptionsConflict,
                    "-Egress VpcEndpoints has no NAT gateway; -NatGateway applies to -Egress NatGateway only. Leave one out.", NatGateway.ToString());
            if (!UsesDedicatedNetwork && (NatGateway != null || Egress != null))
                throw Invalid(StackErrorIds.NetworkOptionsConflict,
                    "-NatGateway and -Egress shape the app's own VPC; with -VpcId or -SubnetId the instances use the private subnets that VPC routes out already.",
                    VpcId ?? SubnetIds.FirstOrDefault());
        }

        private void ValidateHealthCheck()
        {
            if (string.IsNullOrEmpty(HealthCheckPath) || HealthCheckPath[0] != '/' || HealthCheckPath.Length > 1024)
                throw Invalid(StackErrorIds.InvalidHealthCheck, $"-HealthCheckPath '{HealthCheckPath}' must start with '/' (at most 1024 characters).", HealthCheckPath);
            if (HealthCheckIntervalSeconds < 5 || HealthCheckIntervalSeconds > 300)
                throw Invalid(StackErrorIds.InvalidHealthCheck, $"Health check interval {HealthCheckIntervalSeconds} s must be 5-300.", HealthCheckIntervalSeconds);
            if (HealthCheckTimeoutSeconds < 2 || HealthCheckTimeoutSeconds > 120 || HealthCheckTimeoutSeconds >= HealthCheckIntervalSeconds)
                throw Invalid(StackErrorIds.InvalidHealthCheck,
                    $"Health check timeout {HealthCheckTimeoutSeconds} s must be 2-120 and shorter than the interval ({HealthCheckIntervalSeconds} s).", HealthCheckTimeoutSeconds);
            if (HealthyThresholdCount < 2 || HealthyThresholdCount > 10)
                throw Invalid(StackErrorIds.InvalidHealthCheck, $"Healthy threshold {HealthyThresholdCount} must be 2-10.", HealthyThresholdCount);
            if (UnhealthyThresholdCount < 2 || UnhealthyThresholdCount > 10)
                throw Invalid(StackErrorIds.InvalidHealthCheck, $"Unhealthy threshold {UnhealthyThresholdCount} must be 2-10.", UnhealthyThresholdCount);
            if (HealthCheckMatcher == null || !IsValidMatcher(HealthCheckMatcher))
                throw Invalid(StackErrorIds.InvalidHealthCheck,
                    $"Health check matcher '{HealthCheckMatcher}' must be HTTP codes 200-499, e.g. \"200\", \"200,302\" or \"200-399\".", HealthCheckMatcher);
            if (DeregistrationDelaySeconds < 0 || DeregistrationDelaySeconds > 3600)
                throw Invalid(StackErrorIds.InvalidHealthCheck, $"Deregistration delay {DeregistrationDelaySeconds} s must be 0-3600.", DeregistrationDelaySeconds);
            if (HealthCheckGracePeriodSeconds < 0 || HealthCheckGracePeriodSeconds > 2147483647)
                throw Invalid(StackErrorIds.InvalidHealthCheck, $"Health check grace period {HealthCheckGracePeriodSeconds} s must not be negative.", HealthCheckGracePeriodSeconds);
        }

        private static bool IsValidMatcher(string matcher)
        {
            foreach (var part in matcher.Split(','))
            {
                var range = part.Split('-');
                if (range.Length > 2) return false;
                var codes = new List<int>();
                foreach (var code in range)
                {
                    if (!int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 200 || value > 499)
                        return false;
                    codes.Add(value);
                }
                if (codes.Count == 2 && codes[0] > codes[1]) return false;
            }
            return true;
        }

        // The instances' values, checked alike for an app (New-AoEcsApp) and for an endpoint (Set-AoEcsEndpoint).

        /// <summary>0 &lt;= <paramref name="minSize"/> &lt;= <paramref name="maxSize"/> &lt;= <see cref="MaxInstances"/>.</summary>
        public static void ValidateSize(int minSize, int maxSize)
        {
            if (minSize < 0 || maxSize < 0 || maxSize > MaxInstances || minSize > maxSize)
                throw Invalid(StackErrorIds.InvalidCount, $"-MinSize {minSize} and -MaxSize {maxSize}: need 0 <= MinSize <= MaxSize <= {MaxInstances}.", minSize > maxSize ? minSize : maxSize);
        }

        /// <summary>The shape of an EC2 instance type (whether the region has it is the preflight's question).</summary>
        public static void ValidateInstanceType(string? instanceType)
        {
            if (instanceType == null || !Regex.IsMatch(instanceType, @"^[a-z][a-z0-9-]*\.[a-z0-9]+$"))
                throw Invalid(StackErrorIds.InvalidInstanceType, $"-InstanceType '{instanceType}' is not an EC2 instance type such as t3.small.", instanceType);
        }

        /// <summary>-AllowedCidr checked and in canonical form, without repeats; at least one.</summary>
        public static List<string> NormalizeCidrs(IEnumerable<string>? cidrs)
        {
            var list = cidrs?.ToList();
            if (list == null || list.Count == 0)
                throw Invalid(StackErrorIds.InvalidCidr, "-AllowedCidr needs at least one IPv4 range, e.g. 0.0.0.0/0.", null);
            return list.Select(NormalizeCidr).Distinct(StringComparer.Ordinal).ToList();
        }

        /// <summary>ami- and 8 or 17 hexadecimal digits.</summary>
        public static void ValidateAmiId(string amiId)
        {
            if (!Regex.IsMatch(amiId, "^ami-([0-9a-f]{8}|[0-9a-f]{17})$"))
                throw Invalid(Hardening.HardeningErrorIds.InvalidAmiId, $"-AmiId '{amiId}' is not an AMI id (ami- and 8 or 17 hexadecimal digits).", amiId);
        }

        /// <summary>Lower-cases, drops one trailing dot, and checks RFC 1123 host name rules (no wildcards).</summary>
        public static string NormalizeDomainName(string? domain)
        {
            var value = (domain ?? "").Trim().ToLowerInvariant();
            if (value.EndsWith(".", StringComparison.Ordinal)) value = value.Substring(0, value.Length - 1);
            var labels = value.Split('.');
            var ok = value.Length > 0 && value.Length <= 253 && labels.Length >= 2 &&
                     labels.All(l => Regex.IsMatch(l, "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")) &&
                     !Regex.IsMatch(labels[labels.Length - 1], "^[0-9]+$");
            if (!ok)
                throw Invalid(StackErrorIds.InvalidDomainName,
                    $"'{domain}' is not a fully qualified domain name such as app.example.com (letters, digits and hyphens, at least two labels, no wildcard).",
                    domain);
            return value;
        }

        /// <summary>Checks an IPv4 CIDR block and returns it in canonical form; host bits must be zero.</summary>
        public static string NormalizeCidr(string? cidr)
        {
            var text = (cidr ?? "").Trim();
            var slash = text.IndexOf('/');
            if (slash > 0 &&
                IPAddress.TryParse(text.Substring(0, slash), out var address) &&
                address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork &&
                text.Substring(0, slash).Count(c => c == '.') == 3 &&
                int.TryParse(text.Substring(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) &&
                prefix >= 0 && prefix <= 32)
            {
                var bytes = address.GetAddressBytes();
                uint value = ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
                uint mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
                if ((value & ~mask) != 0)
                {
                    var network = value & mask;
                    throw Invalid(StackErrorIds.InvalidCidr,
                        $"'{cidr}' has host bits set; did you mean {network >> 24}.{(network >> 16) & 255}.{(network >> 8) & 255}.{network & 255}/{prefix}?", cidr);
                }
                return $"{bytes[0]}.{bytes[1]}.{bytes[2]}.{bytes[3]}/{prefix}";
            }
            throw Invalid(StackErrorIds.InvalidCidr, $"'{cidr}' is not an IPv4 CIDR block such as 203.0.113.0/24.", cidr);
        }

        /// <summary>Longest domain name ACM accepts as a certificate's first (common) name.</summary>
        public const int MaxCertificateDomainLength = 64;

        /// <summary>Largest number of user tags: AWS allows 50 per resource and the stack adds its own.</summary>
        public const int MaxUserTags = StackNames.MaxTagsPerResource - StackNames.ReservedTagCount;

        /// <summary>
        /// Tag rules common to every service we tag (ECS, ELB, EC2, IAM, ACM, Logs): key 1-128, value 0-256, the
        /// characters they all accept, no "aws:" prefix (reserved by AWS), no "aotech:" prefix (ours).
        /// </summary>
        public static void ValidateTags(IDictionary<string, string>? tags)
        {
            if (tags == null) return;
            if (tags.Count > MaxUserTags)
                throw Invalid(StackErrorIds.InvalidTag, $"{tags.Count} tags given; at most {MaxUserTags} fit beside the stack's own.", tags.Count);
            foreach (var pair in tags)
            {
                var key = pair.Key ?? "";
                var value = pair.Value ?? "";
                if (key.Length < 1 || key.Length > 128 || !Regex.IsMatch(key, @"^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$"))
                    throw Invalid(StackErrorIds.InvalidTag, $"Tag key '{key}' must be 1-128 letters, digits, spaces or _ . : / = + - @.", key);
                if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                    throw Invalid(StackErrorIds.InvalidTag, $"Tag key '{key}': the aws: prefix is reserved by AWS.", key);
                if (key.StartsWith(StackNames.TagPrefix, StringComparison.OrdinalIgnoreCase))
                    throw Invalid(StackErrorIds.InvalidTag, $"Tag key '{key}': the {StackNames.TagPrefix} prefix is reserved for the stack's own tags.", key);
                if (value.Length > 256 || (value.Length > 0 && !Regex.IsMatch(value, @"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$")))
                    throw Invalid(StackErrorIds.InvalidTag, $"Tag '{key}': the value must be at most 256 letters, digits, spaces or _ . : / = + - @.", key);
            }
        }

        internal static AoEcsException Invalid(string errorId, string message, object? target) =>
            new AoEcsException(errorId, AoErrorKind.InvalidArgument, message, target);
    }
}
