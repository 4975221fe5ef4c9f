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
using AoTech.Ecs.Stack.Planning;

namespace AoTech.Ecs.PowerShell.Stack
{
    /// <summary>
    /// <para type="synopsis">Creates or converges a whole HTTPS app stack on ECS (EC2 capacity) from a task definition file.</para>
    /// <para type="description">Finds every resource again by name and the aotech:app tag, plans Create/Change/Keep per
    /// resource group and applies only what differs: a re-run with the same inputs changes nothing. -WhatIf prints the
    /// plan; -Confirm asks per resource group.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "AoEcsApp", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(AoEcsApp))]
    public sealed class NewAoEcsAppCommand : AoAwsCmdlet
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

        [Parameter, PSDefaultValue(Help = "The first container with a TCP port mapping")] public string? ContainerName { get; set; }
        [Parameter, PSDefaultValue(Help = "The container's first mapped port")] public int ContainerPort { get; set; }
        [Parameter, ValidateRange(0, AppSpec.MaxDesiredCount)] public int DesiredCount { get; set; } = AppSpec.DefaultDesiredCount;
        [Parameter] public string InstanceType { get; set; } = AppSpec.DefaultInstanceType;
        [Parameter, ValidateRange(0, AppSpec.MaxInstances)] public int MinSize { get; set; } = AppSpec.DefaultMinSize;
        [Parameter, ValidateRange(0, AppSpec.MaxInstances)] public int MaxSize { get; set; } = AppSpec.DefaultMaxSize;
        [Parameter, PSDefaultValue(Help = "A VPC of the app's own")] public string? VpcId { get; set; }
        [Parameter, PSDefaultValue(Help = "All subnets of -VpcId, or two of the app's own VPC")] public string[]? SubnetId { get; set; }
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
        /// <summary>Deploy the file's images even where Update-AoTaskDefinition rolled out others since the file was applied.</summary>
        [Parameter] public SwitchParameter ResetImage { get; set; }

        private string resolvedPath = "";
        private bool whatIf;

        protected override void OnPipelineThreadStart()
        {
            base.OnPipelineThreadStart();
            // Relative paths are relative to the PowerShell location, not the process directory (session state is
            // only safe to read on the pipeline thread).
            resolvedPath = GetUnresolvedProviderPathFromPSPath(TaskDefinitionPath);
            whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value) && ((SwitchParameter)value).IsPresent ||
                     SessionState.PSVariable.GetValue("WhatIfPreference") is SwitchParameter preference && preference.IsPresent ||
                     SessionState.PSVariable.GetValue("WhatIfPreference") is bool on && on;
        }

        protected override async Task ProcessRecordAsync(CancellationToken ct)
        {
            var spec = new AppSpec
            {
                Name = Name,
                DomainName = DomainName,
                TaskDefinitionPath = resolvedPath,
                ContainerName = ContainerName,
                ContainerPort = MyInvocation.BoundParameters.ContainsKey(nameof(ContainerPort)) ? ContainerPort : (int?)null,
                DesiredCount = DesiredCount,
                InstanceType = InstanceType,
                MinSize = MinSize,
                MaxSize = MaxSize,
                VpcId = VpcId,
                SubnetIds = (SubnetId ?? new string[0]).ToList(),
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
            };

            var stack = new EcsAppStack(Connection, new CmdletStackReporter(this));
            // Plans without the app lock (a re-run that changes nothing makes no mutating call); with changes to make,
            // takes the lock, plans again and asks only about groups not confirmed yet.
            var answers = new Dictionary<ResourceGroup, bool>();
            var app = await stack.ConvergeAsync(spec, "New-AoEcsApp", plan => ApproveAsync(plan, answers), ct).ConfigureAwait(false);
            if (app != null) PostObject(WithConnectionDetails(app));
        }

        /// <summary>Asks per group (on the pipeline thread) and returns the confirmed groups with changes; null for -WhatIf.</summary>
        private async Task<ISet<ResourceGroup>?> ApproveAsync(StackPlan plan, Dictionary<ResourceGroup, bool> answers)
        {
            var approved = new HashSet<ResourceGroup>();
            foreach (var group in plan.Groups)
            {
                var action = plan.ActionOf(group);
                if (action == PlanAction.Keep && !whatIf) continue;
                if (!answers.TryGetValue(group, out var yes))
                {
                    var target = $"{group} of app '{Name}': " + string.Join("; ", plan.ItemsOf(group).Select(i => i.Description));
                    yes = await ShouldProcessAsync(target, action.ToString()).ConfigureAwait(false);
                    if (!whatIf) answers[group] = yes;
                }
                if (yes && action != PlanAction.Keep) approved.Add(group);
            }
            return whatIf ? null : approved;
        }

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
