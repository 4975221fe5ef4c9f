using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.PowerShell.Infrastructure;
using AoTech.Ecs.PowerShell.Completion;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.Converge;
using AoTech.Ecs.Stack.Deployments;
using AoTech.Ecs.Stack.Planning;
using AoTech.Ecs.Stack.Scaling;

namespace AoTech.Ecs.PowerShell.Cmdlets.Stack
{
    [Cmdlet(VerbsCommon.New, "AoEcsApp", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(AoEcsApp))]
    public sealed class NewAoEcsAppCommand : AoAwsCmdlet, IDeploymentParameters
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AppNameCompleter))]
        public string Name { get; set; } = "";

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string DomainName { get; set; } = "";

        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string TaskDefinitionPath { get; set; } = "";

        /// <summary>The shared endpoint (load balancer, network, cluster, instances) the app runs on; created by its first app.</summary>
        [Parameter, ValidateNotNullOrEmpty, PSDefaultValue(Help = "None: a stack of the app's own")] public string? Endpoint { get; set; }
        /// <summary>The paths of -DomainName the app answers on its endpoint, e.g. '/api/*'.</summary>
        [Parameter, ValidateNotNullOrEmpty, PSDefaultValue(Help = "Every path of -DomainName")] public string[]? PathPattern { get; set; }
        [Parameter, PSDefaultValue(Help = "The first container with a TCP port mapping")] public string? ContainerName { get; set; }
        [Parameter, PSDefaultValue(Help = "The container's first mapped port")] public int ContainerPort { get; set; }
        [Parameter, ValidateRange(0, AppSpec.MaxDesiredCount)] public int DesiredCount { get; set; } = AppSpec.DefaultDesiredCount;
        // Task auto scaling (Stack/Scaling): left out, an existing app keeps what it has.
        [Parameter, ValidateRange(0, AppSpec.MaxDesiredCount), PSDefaultValue(Help = "1 when auto scaling is added; an existing app keeps its own")]
        public int? MinCount { get; set; }
        [Parameter, ValidateRange(1, AppSpec.MaxDesiredCount), PSDefaultValue(Help = "No auto scaling; an existing app keeps its own")]
        public int? MaxCount { get; set; }
        [Parameter, ValidateRange(0, TaskScalingRequest.MaxCpuPercent), PSDefaultValue(Help = "No CPU policy; an existing app keeps its own")]
        public int? TargetCpuPercent { get; set; }
        [Parameter, ValidateRange(0, TaskScalingRequest.MaxRequestsPerTask), PSDefaultValue(Help = "No request-count policy; an existing app keeps its own")]
        public int? TargetRequestsPerTask { get; set; }
        [Parameter] public SwitchParameter NoAutoScaling { get; set; }
        [Parameter] public string InstanceType { get; set; } = AppSpec.DefaultInstanceType;
        [Parameter, ValidateRange(0, AppSpec.MaxInstances)] public int MinSize { get; set; } = AppSpec.DefaultMinSize;
        [Parameter, ValidateRange(0, AppSpec.MaxInstances)] public int MaxSize { get; set; } = AppSpec.DefaultMaxSize;
        [Parameter, PSDefaultValue(Help = "A VPC of the app's own")] public string? VpcId { get; set; }
        [Parameter, PSDefaultValue(Help = "All subnets of -VpcId, or two of the app's own VPC")] public string[]? SubnetId { get; set; }
        /// <summary>Private (instances in private subnets, no public IP) or Public (the earlier layout); left out, an existing app keeps its own.</summary>
        [Parameter, PSDefaultValue(Help = "Private for a new app; an existing app keeps its layout")] public NetworkPlacement? Network { get; set; }
        /// <summary>PerZone (a NAT gateway per Availability Zone) or Single (one for all: cheaper, one zone's outage cuts every instance off).</summary>
        [Parameter, PSDefaultValue(Help = "PerZone for a new app; an existing app keeps its own")] public NatGatewayMode? NatGateway { get; set; }
        /// <summary>NatGateway, or VpcEndpoints: no internet route at all, AWS reached through VPC endpoints.</summary>
        [Parameter, PSDefaultValue(Help = "NatGateway for a new app; an existing app keeps its own")] public EgressKind? Egress { get; set; }
        [Parameter] public string HealthCheckPath { get; set; } = AppSpec.DefaultHealthCheckPath;
        [Parameter] public int HealthCheckIntervalSeconds { get; set; } = AppSpec.DefaultHealthCheckIntervalSeconds;
        [Parameter] public int HealthCheckTimeoutSeconds { get; set; } = AppSpec.DefaultHealthCheckTimeoutSeconds;
        [Parameter] public int HealthyThresholdCount { get; set; } = AppSpec.DefaultHealthyThresholdCount;
        [Parameter] public int UnhealthyThresholdCount { get; set; } = AppSpec.DefaultUnhealthyThresholdCount;
        [Parameter] public string HealthCheckMatcher { get; set; } = AppSpec.DefaultHealthCheckMatcher;
        [Parameter] public int DeregistrationDelaySeconds { get; set; } = AppSpec.DefaultDeregistrationDelaySeconds;
        [Parameter] public int HealthCheckGracePeriodSeconds { get; set; } = AppSpec.DefaultHealthCheckGracePeriodSeconds;
        [Parameter] public string[] AllowedCidr { get; set; } = { AppSpec.AnyIPv4 };
        [Parameter] public int LogRetentionDays { get; set; } = AppSpec.DefaultLogRetentionDays;
        [Parameter] public Hashtable? Tag { get; set; }
        [Parameter] public SwitchParameter ResetImage { get; set; }

        // Hardened instances and IAM (Stack/Hardening).
        [Parameter] public SwitchParameter NoSessionManager { get; set; }
        [Parameter] public SwitchParameter AllowPrivileged { get; set; }
        [Parameter, PSDefaultValue(Help = "The current ECS-optimised Amazon Linux 2023 AMI (from its public SSM parameter)")]
        [ValidateNotNullOrEmpty]
        public string? AmiId { get; set; }
        [Parameter, ValidateNotNullOrEmpty] public string? UserData { get; set; }
        [Parameter, PSDefaultValue(Help = "None: the task role has no permissions")]
        [ValidateNotNullOrEmpty]
        public string[]? TaskRolePolicy { get; set; }
        [Parameter, ValidateNotNullOrEmpty] public string? PermissionsBoundary { get; set; }
        // Deployment strategy (Stack/Deployments): left out, an existing app keeps what it has; a new one is Rolling.
        [Parameter, PSDefaultValue(Help = "Rolling for a new app; an existing app keeps its own")]
        public DeploymentStrategy? DeploymentStrategy { get; set; }
        [Parameter, Rollout.WholeNumberTransformation, ValidateRange(0, DeploymentSettings.MaxBakeMinutes), PSDefaultValue(Help = "ECS's default; an existing app keeps its own")]
        public int? BakeTime { get; set; }
        [Parameter, PSDefaultValue(Help = "ECS's default (5); an existing app keeps its own")]
        public double? CanaryPercent { get; set; }
        [Parameter, Rollout.WholeNumberTransformation, ValidateRange(0, DeploymentSettings.MaxBakeMinutes), PSDefaultValue(Help = "ECS's default (10); an existing app keeps its own")]
        public int? CanaryBakeTime { get; set; }
        [Parameter, PSDefaultValue(Help = "ECS's default (10); an existing app keeps its own")]
        public double? LinearStepPercent { get; set; }
        [Parameter, Rollout.WholeNumberTransformation, ValidateRange(0, DeploymentSettings.MaxBakeMinutes), PSDefaultValue(Help = "ECS's default (6); an existing app keeps its own")]
        public int? LinearStepBakeTime { get; set; }
        [Parameter, AllowEmptyCollection, ArgumentCompleter(typeof(LifecycleStageCompleter)), PSDefaultValue(Help = "No pause; an existing app keeps its own")]
        public string[]? PauseAt { get; set; }
        [Parameter, AllowEmptyString, PSDefaultValue(Help = "No test listener rule; an existing app keeps its own")]
        public string? TestTrafficHeader { get; set; }

        private string _resolvedPath = "";
        private string? _resolvedUserData;
        private List<string> _resolvedTaskRolePolicy = new List<string>();

        protected override void OnRecordStart()
        {
            // Through PowerShell's provider: relative to the PowerShell location, '~' and PSDrives work.
            _resolvedPath = ProviderPaths.ResolveFile(this, TaskDefinitionPath, nameof(TaskDefinitionPath));
            _resolvedUserData = UserData == null ? null : ProviderPaths.ResolveFile(this, UserData, nameof(UserData));
            // Values starting with arn: are managed policy ARNs; any other is a policy document file.
            _resolvedTaskRolePolicy = (TaskRolePolicy ?? new string[0])
                .Select(v => AoTech.Ecs.Stack.Hardening.TaskRolePermissions.IsArn(v) ? v.Trim()
                    : ProviderPaths.ResolveFile(this, v, nameof(TaskRolePolicy)))
                .ToList();
        }

        protected override async Task ProcessRecordAsync(CancellationToken ct)
        {
            var spec = new AppSpec
            {
                Name = Name,
                DomainName = DomainName,
                TaskDefinitionPath = _resolvedPath,
                ContainerName = ContainerName,
                ContainerPort = MyInvocation.BoundParameters.ContainsKey(nameof(ContainerPort)) ? ContainerPort : (int?)null,
                DesiredCount = DesiredCount,
                DesiredCountGiven = MyInvocation.BoundParameters.ContainsKey(nameof(DesiredCount)),
                Scaling = new TaskScalingRequest
                {
                    MinCount = MinCount,
                    MaxCount = MaxCount,
                    TargetCpuPercent = TargetCpuPercent,
                    TargetRequestsPerTask = TargetRequestsPerTask,
                    Remove = NoAutoScaling.IsPresent,
                },
                InstanceType = InstanceType,
                MinSize = MinSize,
                MaxSize = MaxSize,
                VpcId = VpcId,
                SubnetIds = (SubnetId ?? new string[0]).ToList(),
                Network = Network,
                NatGateway = NatGateway,
                Egress = Egress,
                HealthCheckPath = HealthCheckPath,
                HealthCheckIntervalSeconds = HealthCheckIntervalSeconds,
                HealthCheckTimeoutSeconds = HealthCheckTimeoutSeconds,
                HealthyThresholdCount = HealthyThresholdCount,
                UnhealthyThresholdCount = UnhealthyThresholdCount,
                HealthCheckMatcher = HealthCheckMatcher,
                DeregistrationDelaySeconds = DeregistrationDelaySeconds,
                HealthCheckGracePeriodSeconds = HealthCheckGracePeriodSeconds,
                AllowedCidr = AllowedCidr.ToList(),
                LogRetentionDays = LogRetentionDays,
                Tags = TagDictionary(Tag),
                ResetImage = ResetImage.IsPresent,
                NoSessionManager = NoSessionManager.IsPresent,
                AllowPrivileged = AllowPrivileged.IsPresent,
                AmiId = AmiId,
                UserDataPath = _resolvedUserData,
                TaskRolePolicy = _resolvedTaskRolePolicy,
                PermissionsBoundary = PermissionsBoundary,
                Endpoint = Endpoint,
                PathPattern = (PathPattern ?? new string[0]).ToList(),
                GivenParameters = MyInvocation.BoundParameters.Keys.ToList(),
                Deployment = DeploymentParameters.Request(this),
            };

            var stack = new EcsAppStack(Connection, new CmdletStackReporter(this));
            // Plans without the app lock (a re-run that changes nothing makes no mutating call); with changes to make,
            // takes the lock, plans again and asks only about groups not confirmed yet.
            var confirmation = new PlanConfirmation(this, Name, Endpoint);
            var app = await stack.ConvergeAsync(spec, "New-AoEcsApp", confirmation.ApproveAsync, ct).ConfigureAwait(false);
            if (app != null) PostObject(WithConnectionDetails(app));
        }

        protected override object? TargetOf(Exception ex) => Name;

        internal static IDictionary<string, string> TagDictionary(Hashtable? tags)
        {
            var result = new Dictionary<string, string>(System.StringComparer.Ordinal);
            if (tags == null) return result;
            foreach (DictionaryEntry entry in tags)
                result[entry.Key?.ToString() ?? ""] = entry.Value?.ToString() ?? "";
            return result;
        }
    }
}
