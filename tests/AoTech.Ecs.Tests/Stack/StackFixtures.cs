using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.Planning;

namespace AoTech.Ecs.Tests.Stack
{
    /// <summary>Inputs for planner tests, and the discovered state a complete, converged run of them leaves behind.</summary>
    internal static class StackFixtures
    {
        public const string Region = "eu-west-1";
        public const string Account = "123456789012";
        public const string Ami = "ami-0123456789abcdef0";

        public static PlanInputs Inputs(AppSpec? spec = null, string? json = null)
        {
            spec ??= AppSpecTests.Valid();
            spec.Validate();
            var names = StackNames.For(spec.Name, spec.Endpoint);
            var file = TaskDefinitionFileTests.Parse(json ?? TaskDefinitionFileTests.Sample);
            var target = AoTech.Ecs.Stack.TaskDefinitions.ContainerSelection.Select(file, spec.ContainerName, spec.ContainerPort);
            var desired = AoTech.Ecs.Stack.TaskDefinitions.DesiredTaskDefinition.Create(file, target, names, Region,
                StackDefaults.RoleArn(Region, Account, names, names.ExecutionRole), spec.Tags,
                StackDefaults.RoleArn(Region, Account, names, names.TaskRole), spec.TaskRolePermissions.GrantsNothing);
            return new PlanInputs(spec, names, desired, Region)
            {
                AmiId = Ami,
                UserData = AoTech.Ecs.Stack.Hardening.InstanceUserData.For(names.Cluster, spec.AllowPrivileged, spec.UserDataScript),
                AvailabilityZones = new List<string> { "eu-west-1a", "eu-west-1b", "eu-west-1c" },
            };
        }

        public static DiscoveredStack Converged(PlanInputs inputs, int revision = 1)
        {
            var n = inputs.Names;
            var spec = inputs.Spec;
            var subnets = new[] { "subnet-0000000000000000a", "subnet-0000000000000000b" };
            var taskDefinitionArn = $"arn:aws:ecs:{Region}:{Account}:task-definition/{n.TaskFamily}:{revision}";
            var (from, to) = StackPlanner.InstancePorts(inputs.TaskDefinition);
            var hashTags = new Dictionary<string, string>
            {
                [StackNames.AppTagKey] = n.App,
                [StackNames.TaskDefinitionFileHashTagKey] = inputs.TaskDefinition.ContentHash,
            };
            return new DiscoveredStack
            {
                Network = new DiscoveredNetwork
                {
                    VpcId = "vpc-00000000000000001",
                    CidrBlock = StackDefaults.VpcCidr,
                    Subnets = subnets.Select((id, i) => new DiscoveredSubnet
                    {
                        SubnetId = id, AvailabilityZone = inputs.AvailabilityZones[i], CidrBlock = StackDefaults.SubnetCidr(i),
                        MapPublicIpOnLaunch = true, VpcId = "vpc-00000000000000001",
                    }).ToList(),
                    InternetGatewayId = "igw-1",
                    InternetGatewayAttached = true,
                    RouteTableId = "rtb-1",
                    HasDefaultRoute = true,
                    AssociatedSubnetIds = new HashSet<string>(subnets),
                },
                LoadBalancerSecurityGroup = new DiscoveredSecurityGroup
                {
                    GroupId = "sg-alb", VpcId = "vpc-00000000000000001",
                    Ingress = spec.AllowedCidr.SelectMany(c => new[] { new IngressRule(443, 443, c, null), new IngressRule(80, 80, c, null) }).ToList(),
                },
                InstanceSecurityGroup = new DiscoveredSecurityGroup
                {
                    GroupId = "sg-instances", VpcId = "vpc-00000000000000001",
                    Ingress = new List<IngressRule> { new IngressRule(from, to, null, "sg-alb") },
                },
                Certificate = new DiscoveredCertificate
                {
                    Arn = "arn:aws:acm:eu-west-1:123456789012:certificate/c1", DomainName = spec.DomainName, Status = "ISSUED",
                    ValidationOptions = new List<DiscoveredValidationOption>
                    {
                        new DiscoveredValidationOption
                        {
                            DomainName = spec.DomainName, ValidationStatus = "SUCCESS",
                            RecordName = "_x1." + spec.DomainName + ".", RecordValue = "_y1.acm-validations.aws.",
                        },
                    },
                },
                ValidationRecords = new List<DiscoveredRecord>
                {
                    new DiscoveredRecord { Name = "_x1." + spec.DomainName + ".", Type = "CNAME", Values = new List<string> { "_y1.acm-validations.aws." }, Ttl = 300 },
                },
                AliasRecord = new DiscoveredRecord
                {
                    Name = spec.DomainName + ".", Type = "A", AliasDnsName = "dualstack.aotech-web-alb-1.eu-west-1.elb.amazonaws.com.",
                    AliasHostedZoneId = "Z32O12XQLNTSW2",
                },
                LoadBalancer = new DiscoveredLoadBalancer
                {
                    Arn = "arn:lb", DnsName = "aotech-web-alb-1.eu-west-1.elb.amazonaws.com", CanonicalHostedZoneId = "Z32O12XQLNTSW2",
                    Scheme = "internet-facing", VpcId = "vpc-00000000000000001", State = "active",
                    SubnetIds = new HashSet<string>(subnets), SecurityGroupIds = new HashSet<string> { "sg-alb" },
                    Attributes = new Dictionary<string, string> { [StackDefaults.LoadBalancerAttributeDropInvalidHeaders] = "true" },
                },
                TargetGroup = new DiscoveredTargetGroup
                {
                    Arn = "arn:tg", VpcId = "vpc-00000000000000001", Protocol = "HTTP", Port = 80, TargetType = "instance",
                    HealthCheckPath = spec.HealthCheckPath, HealthCheckIntervalSeconds = spec.HealthCheckIntervalSeconds,
                    HealthCheckTimeoutSeconds = spec.HealthCheckTimeoutSeconds, HealthyThresholdCount = spec.HealthyThresholdCount,
                    UnhealthyThresholdCount = spec.UnhealthyThresholdCount, Matcher = spec.HealthCheckMatcher,
                    Attributes = new Dictionary<string, string> { [StackDefaults.TargetGroupAttributeDeregistrationDelay] = spec.DeregistrationDelaySeconds.ToString() },
                },
                HttpsListener = new DiscoveredListener
                {
                    Arn = "arn:l443", Port = 443, Protocol = "HTTPS", SslPolicy = StackDefaults.SslPolicy,
                    CertificateArn = "arn:aws:acm:eu-west-1:123456789012:certificate/c1", DefaultActionType = "forward", ForwardTargetGroupArn = "arn:tg",
                },
                HttpListener = new DiscoveredListener
                {
                    Arn = "arn:l80", Port = 80, Protocol = "HTTP", DefaultActionType = "redirect",
                    RedirectProtocol = "HTTPS", RedirectPort = "443", RedirectStatusCode = "HTTP_301",
                },
                InstanceRole = new DiscoveredRole
                {
                    Name = n.InstanceRole, Arn = "arn:role/i", TrustedService = StackDefaults.Ec2Principal,
                    AttachedPolicyArns = new HashSet<string> { StackDefaults.InstancePolicyArn(Region), StackDefaults.SessionManagerPolicyArn(Region) },
                },
                ExecutionRole = new DiscoveredRole
                {
                    Name = n.ExecutionRole, Arn = "arn:role/e", TrustedService = StackDefaults.EcsTasksPrincipal,
                    AttachedPolicyArns = new HashSet<string> { StackDefaults.ExecutionPolicyArn(Region) },
                },
                TaskRole = new DiscoveredRole { Name = n.TaskRole, Arn = "arn:role/t", TrustedService = StackDefaults.EcsTasksPrincipal },
                InstanceProfile = new DiscoveredInstanceProfile { Name = n.InstanceProfile, Arn = "arn:profile", RoleNames = new List<string> { n.InstanceRole } },
                LogGroup = new DiscoveredLogGroup { Name = n.LogGroup, RetentionInDays = spec.LogRetentionDays },
                LaunchTemplate = new DiscoveredLaunchTemplate
                {
                    Id = "lt-1", Name = n.LaunchTemplate, LatestVersion = 1, ImageId = Ami, InstanceType = spec.InstanceType,
                    InstanceProfileName = n.InstanceProfile, SecurityGroupIds = new List<string> { "sg-instances" },
                    UserData = inputs.UserData, HttpTokens = "required", MetadataHopLimit = 1, RootVolumeEncrypted = true, RootVolumeType = "gp3",
                },
                AutoScalingGroup = new DiscoveredAutoScalingGroup
                {
                    Name = n.AutoScalingGroup, Arn = "arn:asg", LaunchTemplateId = "lt-1", LaunchTemplateVersion = "$Latest",
                    MinSize = spec.MinSize, MaxSize = spec.MaxSize, SubnetIds = new HashSet<string>(subnets), NewInstancesProtectedFromScaleIn = true,
                },
                CapacityProvider = new DiscoveredCapacityProvider
                {
                    Name = n.CapacityProvider, Arn = "arn:cp", Status = "ACTIVE", AutoScalingGroupArn = "arn:asg",
                    ManagedScalingEnabled = true, TargetCapacity = 100, ManagedTerminationProtection = true,
                },
                Cluster = new DiscoveredCluster
                {
                    Name = n.Cluster, Arn = "arn:cluster", Status = "ACTIVE",
                    CapacityProviders = new List<string> { n.CapacityProvider }, DefaultStrategy = new List<string> { n.CapacityProvider },
                    Tags = new Dictionary<string, string> { [StackNames.AppTagKey] = n.App, [StackNames.DomainTagKey] = spec.DomainName },
                },
                Service = new DiscoveredService
                {
                    Name = n.Service, Arn = "arn:service", Status = "ACTIVE", TaskDefinitionArn = taskDefinitionArn,
                    DesiredCount = spec.DesiredCount, CapacityProviders = new List<string> { n.CapacityProvider },
                    CircuitBreakerEnabled = true, CircuitBreakerRollback = true, TargetGroupArn = "arn:tg",
                    LoadBalancerContainerName = inputs.TaskDefinition.Target.ContainerName,
                    LoadBalancerContainerPort = inputs.TaskDefinition.Target.ContainerPort,
                    HealthCheckGracePeriodSeconds = spec.HealthCheckGracePeriodSeconds,
                    Tags = new Dictionary<string, string>(hashTags),
                },
            };
        }

        public static DiscoveredTaskDefinition Revision(PlanInputs inputs, int revision, string? fileHash) => new DiscoveredTaskDefinition
        {
            Arn = $"arn:aws:ecs:{Region}:{Account}:task-definition/{inputs.Names.TaskFamily}:{revision}",
            Family = inputs.Names.TaskFamily,
            Revision = revision,
            // Registered by the stack: its tags, content hash and record included; by a rollout tool: no tags.
            Tags = fileHash == null
                ? new Dictionary<string, string>()
                : new Dictionary<string, string>(inputs.TaskDefinition.RevisionTags(fileHash)),
        };
    }
}
