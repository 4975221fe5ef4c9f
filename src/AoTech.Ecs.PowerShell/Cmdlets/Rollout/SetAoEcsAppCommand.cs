using System;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Errors;
using AoTech.Ecs.PowerShell.Completion;
using AoTech.Ecs.PowerShell.Infrastructure;
using AoTech.Ecs.PowerShell.Cmdlets.Stack;
using AoTech.Ecs.Rollout;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.Deployments;
using AoTech.Ecs.Stack.Locking;
using AoTech.Ecs.Stack.Scaling;

namespace AoTech.Ecs.PowerShell.Cmdlets.Rollout
{
    [Cmdlet(VerbsCommon.Set, "AoEcsApp", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(AoEcsApp))]
    public sealed class SetAoEcsAppCommand : AoAwsCmdlet, IDeploymentParameters
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("App")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AppNameCompleter))]
        public string Name { get; set; } = "";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [WholeNumberTransformation]
        [ValidateRange(0, AppSpec.MaxDesiredCount)]
        [PSDefaultValue(Help = "Unchanged")]
        public int? DesiredCount { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [WholeNumberTransformation]
        [ValidateRange(0, AppSpec.MaxInstances)]
        [PSDefaultValue(Help = "Unchanged")]
        public int? MinSize { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [WholeNumberTransformation]
        [ValidateRange(0, AppSpec.MaxInstances)]
        [PSDefaultValue(Help = "Unchanged")]
        public int? MaxSize { get; set; }

        // Task auto scaling (Stack/Scaling): left out, the app keeps what it has; a target of 0 removes that policy.
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [WholeNumberTransformation]
        [ValidateRange(0, AppSpec.MaxDesiredCount)]
        [PSDefaultValue(Help = "Unchanged (1 when auto scaling is added)")]
        public int? MinCount { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [WholeNumberTransformation]
        [ValidateRange(1, AppSpec.MaxDesiredCount)]
        [PSDefaultValue(Help = "Unchanged")]
        public int? MaxCount { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [WholeNumberTransformation]
        [ValidateRange(0, TaskScalingRequest.MaxCpuPercent)]
        [PSDefaultValue(Help = "Unchanged")]
        public int? TargetCpuPercent { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [WholeNumberTransformation]
        [ValidateRange(0, TaskScalingRequest.MaxRequestsPerTask)]
        [PSDefaultValue(Help = "Unchanged")]
        public int? TargetRequestsPerTask { get; set; }

        [Parameter]
        public SwitchParameter NoAutoScaling { get; set; }

        // Deployment strategy (Stack/Deployments): left out, the app keeps what it has.
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [PSDefaultValue(Help = "Unchanged")]
        public DeploymentStrategy? DeploymentStrategy { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [WholeNumberTransformation]
        [ValidateRange(0, DeploymentSettings.MaxBakeMinutes)]
        [PSDefaultValue(Help = "Unchanged")]
        public int? BakeTime { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [PSDefaultValue(Help = "Unchanged")]
        public double? CanaryPercent { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [WholeNumberTransformation]
        [ValidateRange(0, DeploymentSettings.MaxBakeMinutes)]
        [PSDefaultValue(Help = "Unchanged")]
        public int? CanaryBakeTime { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [PSDefaultValue(Help = "Unchanged")]
        public double? LinearStepPercent { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [WholeNumberTransformation]
        [ValidateRange(0, DeploymentSettings.MaxBakeMinutes)]
        [PSDefaultValue(Help = "Unchanged")]
        public int? LinearStepBakeTime { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyCollection]
        [ArgumentCompleter(typeof(LifecycleStageCompleter))]
        [PSDefaultValue(Help = "Unchanged")]
        public string[]? PauseAt { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [PSDefaultValue(Help = "Unchanged")]
        public string? TestTrafficHeader { get; set; }

        protected override async Task ProcessRecordAsync(CancellationToken ct)
        {
            var scaling = new TaskScalingRequest
            {
                MinCount = MinCount,
                MaxCount = MaxCount,
                TargetCpuPercent = TargetCpuPercent,
                TargetRequestsPerTask = TargetRequestsPerTask,
                Remove = NoAutoScaling.IsPresent,
            };
            var deployment = DeploymentParameters.Request(this);
            var scales = !(DesiredCount == null && MinSize == null && MaxSize == null && scaling.IsEmpty);
            if (!scales && deployment.IsEmpty)
                throw new AoEcsException(RolloutErrorIds.NothingToChange, AoErrorKind.InvalidArgument,
                    "Give -DesiredCount, -MinSize, -MaxSize, a scaling parameter (-MinCount, -MaxCount, -TargetCpuPercent, -TargetRequestsPerTask), " +
                    "-NoAutoScaling or a deployment strategy parameter (-DeploymentStrategy, -BakeTime, ...) (or pipe objects with such properties): " +
                    "there is nothing to change.", Name);
            // Input alone is checked before the first AWS call (locating the app reads the tagging API).
            scaling.Validate(DesiredCount, maxWithMin: false);
            deployment.Validate();
            if (deployment.Strategy != null)
                AoTech.Ecs.Stack.Deployments.DeploymentResources.RequireNoRequestScaling(deployment.Strategy.Value, scaling.TargetRequestsPerTask, Name);
            if (!scales)
            {
                await ConvergeStrategyAsync(deployment, ct).ConfigureAwait(false);
                return;
            }
            // Every check before any change: the strategy's against what the app has (a combination refused with its strategy,
            // the capacity its instances have) before the scaling is applied.
            if (!deployment.IsEmpty)
                await new AoTech.Ecs.Stack.Converge.EcsAppStack(Connection, new CmdletStackReporter(this)).PrepareStrategyAsync(Name, deployment, ct)
                    .ConfigureAwait(false);
            // On a shared endpoint, the app's service is in the endpoint's cluster.
            var location = await ServiceLocation.ForAppAsync(Connection, Name, ct).ConfigureAwait(false);
            var scaler = new AppScaler(Connection);
            var plan = await scaler.PlanAsync(location, DesiredCount, MinSize, MaxSize, scaling, ct).ConfigureAwait(false);
            if (!plan.HasChanges)
            {
                PostWarning($"Nothing to change: app '{Name}' already has these values.");
                PostObject(WithConnectionDetails(ToApp(plan.Current, location)));
                return;
            }
            if (!await ShouldProcessAsync(Name, string.Join("; ", plan.DescribeAll())).ConfigureAwait(false)) return;
            // Under the app's lock, so a New-AoEcsApp or Remove-AoEcsApp at work finishes first; planned again once held.
            var appLock = new AppLock(Connection, Name, new CmdletStackReporter(this));
            var scale = await appLock.RunAsync("Set-AoEcsApp", async t =>
            {
                var current = await scaler.PlanAsync(location, DesiredCount, MinSize, MaxSize, scaling, t).ConfigureAwait(false);
                return current.HasChanges ? await scaler.ApplyAsync(current, t).ConfigureAwait(false) : current.Current;
            }, ct).ConfigureAwait(false);
            if (!deployment.IsEmpty)
            {
                // Scaled first, then the strategy: one object with both runs' changes.
                await ConvergeStrategyAsync(deployment, ct, ToApp(scale, location).Changes).ConfigureAwait(false);
                return;
            }
            PostObject(WithConnectionDetails(ToApp(scale, location)));
        }

        /// <summary>
        /// The strategy's resources and the service's deployment configuration, through the stack's own planner and applier
        /// (EcsAppStack.ConvergeStrategyAsync): -WhatIf lists them group by group, the change runs under the app's lock.
        /// </summary>
        private async Task ConvergeStrategyAsync(AoTech.Ecs.Stack.Deployments.DeploymentRequest deployment, CancellationToken ct,
            System.Collections.Generic.IReadOnlyList<string>? earlier = null)
        {
            var stack = new AoTech.Ecs.Stack.Converge.EcsAppStack(Connection, new CmdletStackReporter(this));
            var confirmation = new PlanConfirmation(this, Name, null);
            var app = await stack.ConvergeStrategyAsync(Name, deployment, "Set-AoEcsApp", confirmation.ApproveAsync, ct).ConfigureAwait(false);
            if (app == null) return;
            if (earlier != null) app.Changes = earlier.Concat(app.Changes).ToList();
            PostObject(WithConnectionDetails(app));
        }

        // The same app object New-AoEcsApp and Get-AoEcsApp write, with the scaling changes as its Changes.
        private AoEcsApp ToApp(AppScale scale, ServiceLocation location) => new AoEcsApp
        {
            Name = Name,
            Cluster = scale.Cluster,
            Endpoint = location.Endpoint,
            Service = scale.Service,
            TaskDefinition = scale.TaskDefinition == null ? null : DeploymentFailures.TaskDefinitionName(scale.TaskDefinition),
            DesiredCount = scale.DesiredCount,
            RunningCount = scale.RunningCount,
            PendingCount = scale.PendingCount,
            RolloutState = scale.RolloutState,
            Deployments = scale.Deployments,
            Instances = scale.InstanceCount,
            Changes = scale.Changes.Select(c => c.ToString()).Concat(scale.TaskScalingChanges).ToList(),
        }.WithScaling(scale.TaskScaling);

        protected override object? TargetOf(Exception ex) => Name;
    }
}
