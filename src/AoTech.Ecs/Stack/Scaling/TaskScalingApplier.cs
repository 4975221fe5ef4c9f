using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Aws.Services.ApplicationAutoScaling;
using AoTech.Ecs.Errors;

namespace AoTech.Ecs.Stack.Scaling
{
    /// <summary>
    /// Makes the app's task auto scaling what <see cref="TaskScalingRule.Desired"/> decided, calling only for what differs:
    /// RegisterScalableTarget for a new target or range, PutScalingPolicy per changed target, DeleteScalingPolicy for a
    /// target removed, and on removal the policies and then DeregisterScalableTarget. Used by New-AoEcsApp's applier,
    /// Set-AoEcsApp and Remove-AoEcsApp.
    /// </summary>
    public sealed class TaskScalingApplier
    {
        /// <summary>Seconds after a scale-out before the next: short, so load is met quickly.</summary>
        public const int ScaleOutCooldownSeconds = 60;
        /// <summary>Seconds after a scale-in before the next: longer, so a dip does not remove tasks the next peak needs.</summary>
        public const int ScaleInCooldownSeconds = 300;

        private readonly AwsConnection _aws;
        private readonly TaskScalingNames _names;
        private readonly Action<string> _record;

        public TaskScalingApplier(AwsConnection connection, TaskScalingNames names, Action<string> record)
        {
            _aws = connection;
            _names = names;
            _record = record;
        }

        /// <summary>
        /// Converges. <paramref name="resourceLabel"/> is needed only for a request-count target that is to be written.
        /// </summary>
        public async Task ApplyAsync(TaskScaling? desired, DiscoveredTaskScaling? found, string? resourceLabel, CancellationToken ct)
        {
            if (desired == null)
            {
                if (found != null) await RemoveAsync(found, ct).ConfigureAwait(false);
                return;
            }
            if (found == null || found.MinCount != desired.MinCount || found.MaxCount != desired.MaxCount)
            {
                // The first registration of an ECS service creates the service-linked role AWSServiceRoleForApplicationAutoScaling_ECSService.
                await _aws.SendAsync(new RegisterScalableTargetRequest
                {
                    ServiceNamespace = TaskScalingNames.Namespace,
                    ResourceId = _names.ResourceId,
                    ScalableDimension = TaskScalingNames.Dimension,
                    MinCapacity = desired.MinCount,
                    MaxCapacity = desired.MaxCount,
                }, ct).ConfigureAwait(false);
                _record(found == null
                    ? $"Registered scalable target {_names.ResourceId} ({desired.MinCount}-{desired.MaxCount} tasks)"
                    : $"Changed scalable target {_names.ResourceId} to {desired.MinCount}-{desired.MaxCount} tasks");
            }
            await PolicyAsync(_names.CpuPolicy, TaskScalingNames.CpuMetric, desired.TargetCpuPercent, null, found, ct).ConfigureAwait(false);
            await PolicyAsync(_names.RequestsPolicy, TaskScalingNames.RequestsMetric, desired.TargetRequestsPerTask,
                desired.TargetRequestsPerTask == null ? null
                    : resourceLabel ?? throw new AoEcsException(TaskScalingErrorIds.NoScalingTarget, AoErrorKind.ObjectNotFound,
                        "The request-count target needs the app's load balancer and target group, which are not there.", _names.RequestsPolicy),
                found, ct).ConfigureAwait(false);
        }

        /// <summary>Removes the app's policies, then the scalable target (AWS deletes the policies with it; asked for each, a cut-off removal leaves none behind).</summary>
        public async Task RemoveAsync(DiscoveredTaskScaling found, CancellationToken ct)
        {
            foreach (var policy in found.Policies)
                if (policy.Name == _names.CpuPolicy || policy.Name == _names.RequestsPolicy)
                    await DeletePolicyAsync(policy.Name, ct).ConfigureAwait(false);
            var gone = await Converge.AwsCalls.Tolerate(() => _aws.SendAsync(new DeregisterScalableTargetRequest
            {
                ServiceNamespace = TaskScalingNames.Namespace,
                ResourceId = _names.ResourceId,
                ScalableDimension = TaskScalingNames.Dimension,
            }, ct), "ObjectNotFoundException").ConfigureAwait(false);
            if (gone) _record($"Deregistered scalable target {_names.ResourceId} (auto scaling removed)");
        }

        private async Task PolicyAsync(string name, string metric, int? target, string? label, DiscoveredTaskScaling? found, CancellationToken ct)
        {
            var existing = found?.Policy(name);
            if (target == null)
            {
                if (existing != null) await DeletePolicyAsync(name, ct).ConfigureAwait(false);
                return;
            }
            if (existing != null && existing.MetricType == metric && existing.TargetValue == target && existing.ResourceLabel == label) return;
            await _aws.SendAsync(new PutScalingPolicyRequest
            {
                PolicyName = name,
                ServiceNamespace = TaskScalingNames.Namespace,
                ResourceId = _names.ResourceId,
                ScalableDimension = TaskScalingNames.Dimension,
                PolicyType = TaskScalingNames.PolicyType,
                TargetTrackingScalingPolicyConfiguration = new TargetTrackingScalingPolicyConfiguration
                {
                    TargetValue = target,
                    PredefinedMetricSpecification = new PredefinedMetricSpecification { PredefinedMetricType = metric, ResourceLabel = label },
                    ScaleOutCooldown = ScaleOutCooldownSeconds,
                    ScaleInCooldown = ScaleInCooldownSeconds,
                },
            }, ct).ConfigureAwait(false);
            _record($"{(existing == null ? "Created" : "Changed")} scaling policy {name}: {metric} target {target}");
        }

        private async Task DeletePolicyAsync(string name, CancellationToken ct)
        {
            var deleted = await Converge.AwsCalls.Tolerate(() => _aws.SendAsync(new DeleteScalingPolicyRequest
            {
                PolicyName = name,
                ServiceNamespace = TaskScalingNames.Namespace,
                ResourceId = _names.ResourceId,
                ScalableDimension = TaskScalingNames.Dimension,
            }, ct), "ObjectNotFoundException").ConfigureAwait(false);
            if (deleted) _record($"Deleted scaling policy {name}");
        }
    }
}
