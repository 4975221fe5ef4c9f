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
        public bool ChangesService => NewDesiredCount.HasValue;
        public bool ChangesAutoScalingGroup => NewMinSize.HasValue || NewMaxSize.HasValue;
        public bool HasChanges => ChangesService || ChangesAutoScalingGroup;

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
        public async Task<ScalingPlan> PlanAsync(ServiceLocation location, int? desiredCount, int? minSize, int? maxSize, CancellationToken ct)
        {
            if (desiredCount < 0 || desiredCount > AppSpec.MaxDesiredCount)
                throw Invalid("DesiredCount", desiredCount, $"The desired count must be between 0 and {AppSpec.MaxDesiredCount}.");
            if (minSize < 0 || minSize > AppSpec.MaxInstances)
                throw Invalid("MinSize", minSize, $"The minimum size must be between 0 and {AppSpec.MaxInstances}.");
            if (maxSize < 0 || maxSize > AppSpec.MaxInstances)
                throw Invalid("MaxSize", maxSize, $"The maximum size must be between 0 and {AppSpec.MaxInstances}.");

            var current = await GetAsync(location, needGroup: minSize.HasValue || maxSize.HasValue, ct).ConfigureAwait(false);
            var plan = new ScalingPlan(location, current);
            if (desiredCount.HasValue && desiredCount.Value != current.DesiredCount) plan.NewDesiredCount = desiredCount;
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
            var after = await GetAsync(plan.Location, needGroup: plan.Current.AutoScalingGroup != null, ct).ConfigureAwait(false);
            after.Changes = plan.Describe();
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
                RolloutState = service.Deployments?.FirstOrDefault(d => d.Status == DeploymentStatuses.Primary)?.RolloutState,
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

        private static AoEcsException Invalid(string parameter, int? value, string message) =>
            new AoEcsException(RolloutErrorIds.InvalidScale, AoErrorKind.InvalidArgument, message, $"{parameter}={value}");
    }
}
