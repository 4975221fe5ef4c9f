using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Aws.Services.AutoScaling;
using AoTech.Ecs.Aws.Services.Ecs;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.Planning;
using AoTech.Ecs.Stack.Scaling;
using Elb = AoTech.Ecs.Aws.Services.Elb;

namespace AoTech.Ecs.Rollout
{
    /// <summary>One setting a scaling request changes.</summary>
    public sealed class ScalingChange
    {
        public ScalingChange(string resourceKind, string resource, string setting, int? oldValue, int newValue)
        {
            ResourceKind = resourceKind;
            Resource = resource;
            Setting = setting;
            OldValue = oldValue;
            NewValue = newValue;
        }

        /// <summary>"service" or "Auto Scaling group".</summary>
        public string ResourceKind { get; }
        public string Resource { get; }
        /// <summary>"desired count", "min size" or "max size".</summary>
        public string Setting { get; }
        public int? OldValue { get; }
        public int NewValue { get; }

        public override string ToString() => $"{ResourceKind} {Resource}: {Setting} {OldValue} -> {NewValue}";
    }

    /// <summary>An app's scale: tasks of the service, instances of the Auto Scaling group.</summary>
    public sealed class AppScale
    {
        public string? App { get; set; }
        public string Cluster { get; set; } = "";
        public string Service { get; set; } = "";
        public int DesiredCount { get; set; }
        public int RunningCount { get; set; }
        public int PendingCount { get; set; }
        /// <summary>Task definition ARN the service runs.</summary>
        public string? TaskDefinition { get; set; }
        /// <summary>The PRIMARY deployment's rollout state, and how many deployments the service has.</summary>
        public string? RolloutState { get; set; }
        public int Deployments { get; set; }
        /// <summary>The service's deployment strategy.</summary>
        public Stack.Deployments.DeploymentStrategy Strategy { get; set; }
        /// <summary>The target group the service registers its tasks in.</summary>
        public string? TargetGroupArn { get; set; }
        public string? AutoScalingGroup { get; set; }
        public int? MinSize { get; set; }
        public int? MaxSize { get; set; }
        public int? DesiredCapacity { get; set; }
        /// <summary>Instances the group has now.</summary>
        public int? InstanceCount { get; set; }
        /// <summary>What was (or, with -WhatIf, would be) changed.</summary>
        public IReadOnlyList<ScalingChange> Changes { get; set; } = Array.Empty<ScalingChange>();
        /// <summary>The deployment UpdateService started when the desired count changed.</summary>
        public string? DeploymentId { get; set; }
        /// <summary>The service's task auto scaling (null: none).</summary>
        public TaskScaling? TaskScaling { get; set; }
        /// <summary>What was (or would be) changed in task auto scaling, one line per scalable target or policy.</summary>
        public IReadOnlyList<string> TaskScalingChanges { get; set; } = Array.Empty<string>();
    }

    /// <summary>A scaling request checked against the current values: what changes, per resource.</summary>
    public sealed class ScalingPlan
    {
        internal ScalingPlan(ServiceLocation location, AppScale current) { Location = location; Current = current; }

        public ServiceLocation Location { get; }
        public AppScale Current { get; }
        public int? NewDesiredCount { get; internal set; }
        public int? NewMinSize { get; internal set; }
        public int? NewMaxSize { get; internal set; }
        /// <summary>Task auto scaling as found (null: none, or not looked up because nothing about it was asked).</summary>
        public DiscoveredTaskScaling? FoundScaling { get; internal set; }
        /// <summary>Task auto scaling as it is to be.</summary>
        public TaskScaling? DesiredScaling { get; internal set; }
        /// <summary>The request-count policy's label (null when not needed).</summary>
        public string? ResourceLabel { get; internal set; }
        /// <summary>The scalable target's and policies' plan lines that change something.</summary>
        public IReadOnlyList<PlanItem> ScalingItems { get; internal set; } = Array.Empty<PlanItem>();
        public bool ChangesService => NewDesiredCount.HasValue;
        public bool ChangesAutoScalingGroup => NewMinSize.HasValue || NewMaxSize.HasValue;
        public bool ChangesTaskScaling => ScalingItems.Count > 0;
        public bool HasChanges => ChangesService || ChangesAutoScalingGroup || ChangesTaskScaling;

        /// <summary>Everything the plan changes, as text (what -WhatIf and -Confirm show).</summary>
        public IReadOnlyList<string> DescribeAll() =>
            Describe().Select(c => c.ToString()).Concat(ScalingItems.Select(i => i.Description)).ToList();

        public IReadOnlyList<ScalingChange> Describe()
        {
            var changes = new List<ScalingChange>();
            if (NewDesiredCount.HasValue) changes.Add(new ScalingChange("service", Location.Service, "desired count", Current.DesiredCount, NewDesiredCount.Value));
            if (NewMinSize.HasValue) changes.Add(new ScalingChange("Auto Scaling group", Current.AutoScalingGroup ?? "", "min size", Current.MinSize, NewMinSize.Value));
            if (NewMaxSize.HasValue) changes.Add(new ScalingChange("Auto Scaling group", Current.AutoScalingGroup ?? "", "max size", Current.MaxSize, NewMaxSize.Value));
            return changes;
        }
    }

    /// <summary>Changes an existing app's task count and instance bounds without restating the rest of its spec.</summary>
    public sealed class AppScaler
    {
        private readonly AwsConnection _connection;
        private readonly TaskDefinitionUpdater _updater;

        public AppScaler(AwsConnection connection)
        {
            _connection = connection ?? throw new ArgumentNullException(nameof(connection));
            _updater = new TaskDefinitionUpdater(connection);
        }

        /// <summary>Reads the current scale; only values that differ from it end up in the plan.</summary>
        public async Task<ScalingPlan> PlanAsync(ServiceLocation location, int? desiredCount, int? minSize, int? maxSize, CancellationToken ct) =>
            await PlanAsync(location, desiredCount, minSize, maxSize, new TaskScalingRequest(), ct).ConfigureAwait(false);

        /// <summary>
        /// As above, with task auto scaling: a scaling request is merged with what the service has (left-out values are
        /// kept); with auto scaling the desired count is auto scaling's, so it changes only when given or when a new range
        /// leaves it outside.
        /// </summary>
        public async Task<ScalingPlan> PlanAsync(ServiceLocation location, int? desiredCount, int? minSize, int? maxSize,
            TaskScalingRequest scaling, CancellationToken ct)
        {
            RequireAppLevel(location, minSize, maxSize);
            scaling.Validate(desiredCount, maxWithMin: false);
            if (desiredCount < 0 || desiredCount > AppSpec.MaxDesiredCount)
                throw Invalid("DesiredCount", desiredCount, $"The desired count must be between 0 and {AppSpec.MaxDesiredCount}.");
            if (minSize < 0 || minSize > AppSpec.MaxInstances)
                throw Invalid("MinSize", minSize, $"The minimum size must be between 0 and {AppSpec.MaxInstances}.");
            if (maxSize < 0 || maxSize > AppSpec.MaxInstances)
                throw Invalid("MaxSize", maxSize, $"The maximum size must be between 0 and {AppSpec.MaxInstances}.");

            var scalingNames = new TaskScalingNames(location.Cluster, location.Service);
            var found = new TaskScalingDiscovery(_connection, scalingNames).FindAsync(ct);
            var current = await GetAsync(location, needGroup: minSize.HasValue || maxSize.HasValue, ct).ConfigureAwait(false);
            var plan = new ScalingPlan(location, current) { FoundScaling = await found.ConfigureAwait(false) };
            current.TaskScaling = plan.FoundScaling?.AsScaling(scalingNames);
            plan.DesiredScaling = TaskScalingRule.Desired(scaling, current.TaskScaling, desiredCount);
            if (scaling.TargetRequestsPerTask != null)
                Stack.Deployments.DeploymentResources.RequireNoRequestScaling(current.Strategy, plan.DesiredScaling?.TargetRequestsPerTask, location.App);
            if (plan.DesiredScaling?.TargetRequestsPerTask != null)
                plan.ResourceLabel = await ResourceLabelAsync(current.TargetGroupArn, ct).ConfigureAwait(false);
            plan.ScalingItems = TaskScalingRule.Plan(scalingNames, plan.DesiredScaling, plan.FoundScaling, plan.ResourceLabel)
                .Where(i => i.Action != PlanAction.Keep).ToList();
            var newCount = desiredCount ?? (plan.DesiredScaling == null ? current.DesiredCount : plan.DesiredScaling.Clamp(current.DesiredCount));
            if (newCount != current.DesiredCount) plan.NewDesiredCount = newCount;
            if (minSize.HasValue || maxSize.HasValue)
            {
                var min = minSize ?? current.MinSize ?? 0;
                var max = maxSize ?? current.MaxSize ?? 0;
                if (min > max)
                    throw Invalid(minSize.HasValue ? "MinSize" : "MaxSize", minSize ?? maxSize,
                        $"The minimum size ({min}) would exceed the maximum size ({max}) of Auto Scaling group '{current.AutoScalingGroup}'.");
                if (minSize.HasValue && minSize != current.MinSize) plan.NewMinSize = minSize;
                if (maxSize.HasValue && maxSize != current.MaxSize) plan.NewMaxSize = maxSize;
            }
            return plan;
        }

        /// <summary>
        /// An app on a shared endpoint has no instances of its own: the Auto Scaling group's bounds are every app's on the
        /// endpoint, so -MinSize and -MaxSize are refused before any call (EndpointLevelParameter).
        /// </summary>
        internal static void RequireAppLevel(ServiceLocation location, int? minSize, int? maxSize)
        {
            if (location.Endpoint == null || minSize == null && maxSize == null) return;
            var given = string.Join(" and ", new[] { minSize == null ? null : "-MinSize", maxSize == null ? null : "-MaxSize" }.Where(p => p != null));
            throw new AoEcsException(Stack.Endpoints.EndpointErrorIds.EndpointLevelParameter, AoErrorKind.InvalidArgument,
                $"App '{location.App}' runs on endpoint '{location.Endpoint}', whose instances every app on it shares: {given} belong to the endpoint, " +
                "not to one app. Scale the app's tasks with -DesiredCount or task auto scaling (-MinCount, -MaxCount, -TargetCpuPercent, -TargetRequestsPerTask).",
                location.App)
            {
                RecommendedAction = $"Run Set-AoEcsEndpoint -Name {location.Endpoint} to change the endpoint's size bounds for every app on it.",
            };
        }

        /// <summary>Applies the plan: UpdateService for the count, UpdateAutoScalingGroup for the bounds.</summary>
        public async Task<AppScale> ApplyAsync(ScalingPlan plan, CancellationToken ct)
        {
            string? deploymentId = null;
            if (plan.ChangesService)
            {
                var response = await _connection.SendAsync(new UpdateServiceRequest
                {
                    Cluster = plan.Location.Cluster,
                    ServiceName = plan.Location.Service,
                    DesiredCount = plan.NewDesiredCount,
                }, ct).ConfigureAwait(false);
                deploymentId = response.Service?.Deployments?.FirstOrDefault(d => d.Status == DeploymentStatuses.Primary)?.Id;
            }
            if (plan.ChangesAutoScalingGroup)
            {
                await _connection.SendAsync(new UpdateAutoScalingGroupRequest
                {
                    AutoScalingGroupName = plan.Current.AutoScalingGroup,
                    MinSize = plan.NewMinSize,
                    MaxSize = plan.NewMaxSize,
                }, ct).ConfigureAwait(false);
            }
            var done = new List<string>();
            if (plan.ChangesTaskScaling)
                await new TaskScalingApplier(_connection, new TaskScalingNames(plan.Location.Cluster, plan.Location.Service), done.Add)
                    .ApplyAsync(plan.DesiredScaling, plan.FoundScaling, plan.ResourceLabel, ct).ConfigureAwait(false);
            var after = await GetAsync(plan.Location, needGroup: plan.Current.AutoScalingGroup != null, ct).ConfigureAwait(false);
            after.Changes = plan.Describe();
            after.TaskScalingChanges = done;
            after.TaskScaling = plan.DesiredScaling;
            after.DeploymentId = deploymentId;
            return after;
        }

        /// <summary>The app's current scale. The group is optional unless its bounds are to change.</summary>
        public async Task<AppScale> GetAsync(ServiceLocation location, bool needGroup, CancellationToken ct)
        {
            var service = await _updater.DescribeServiceAsync(location, ct).ConfigureAwait(false);
            var scale = new AppScale
            {
                App = location.App,
                Cluster = location.Cluster,
                Service = location.Service,
                DesiredCount = service.DesiredCount ?? 0,
                RunningCount = service.RunningCount ?? 0,
                PendingCount = service.PendingCount ?? 0,
                TaskDefinition = service.TaskDefinition,
                TargetGroupArn = service.LoadBalancers?.FirstOrDefault()?.TargetGroupArn,
                RolloutState = service.Deployments?.FirstOrDefault(d => d.Status == DeploymentStatuses.Primary)?.RolloutState,
                // Only the blue/green family has an advanced configuration (a backend may report no deployment configuration).
                Strategy = Stack.Deployments.DeploymentSettings.Of(service.DeploymentConfiguration)?.Strategy ??
                           (service.LoadBalancers?.FirstOrDefault()?.AdvancedConfiguration != null ? Stack.Deployments.DeploymentStrategy.BlueGreen
                               : Stack.Deployments.DeploymentStrategy.Rolling),
                Deployments = service.Deployments?.Count ?? 0,
            };
            if (location.AutoScalingGroup == null)
            {
                if (needGroup) throw new AoEcsException(RolloutErrorIds.AutoScalingGroupNotFound, AoErrorKind.ObjectNotFound,
                    $"No Auto Scaling group is known for '{location}'.", location.ToString());
                return scale;
            }
            var groups = await _connection.SendAsync(new DescribeAutoScalingGroupsRequest
            {
                AutoScalingGroupNames = new List<string> { location.AutoScalingGroup },
            }, ct).ConfigureAwait(false);
            var group = groups.AutoScalingGroups?.FirstOrDefault();
            if (group == null)
            {
                if (needGroup) throw new AoEcsException(RolloutErrorIds.AutoScalingGroupNotFound, AoErrorKind.ObjectNotFound,
                    $"Auto Scaling group '{location.AutoScalingGroup}' of '{location}' does not exist.", location.AutoScalingGroup);
                return scale;
            }
            scale.AutoScalingGroup = group.AutoScalingGroupName;
            scale.MinSize = group.MinSize;
            scale.MaxSize = group.MaxSize;
            scale.DesiredCapacity = group.DesiredCapacity;
            scale.InstanceCount = group.Instances?.Count ?? 0;
            return scale;
        }

        /// <summary>The request-count metric's label: the service's target group and the load balancer it serves.</summary>
        private async Task<string> ResourceLabelAsync(string? targetGroupArn, CancellationToken ct)
        {
            var groups = targetGroupArn == null ? null : await _connection.SendAsync(new Elb.DescribeTargetGroupsRequest
            {
                TargetGroupArns = new List<string> { targetGroupArn },
            }, ct).ConfigureAwait(false);
            var label = TaskScalingNames.ResourceLabel(groups?.TargetGroups?.FirstOrDefault()?.LoadBalancerArns?.FirstOrDefault(), targetGroupArn);
            return label ?? throw new AoEcsException(TaskScalingErrorIds.NoScalingTarget, AoErrorKind.ObjectNotFound,
                "-TargetRequestsPerTask needs the service's target group behind a load balancer; the service has none.", targetGroupArn);
        }

        private static AoEcsException Invalid(string parameter, int? value, string message) =>
            new AoEcsException(RolloutErrorIds.InvalidScale, AoErrorKind.InvalidArgument, message, $"{parameter}={value}");
    }
}
