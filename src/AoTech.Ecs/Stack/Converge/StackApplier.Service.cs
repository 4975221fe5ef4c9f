using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Stack.Converge.Discovery;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack.Planning;
using AoTech.Ecs.Stack.TaskDefinitions;
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
    // The task definition revision and the service.
    public sealed partial class StackApplier
    {
        // ---------------------------------------------------------------- task definition and service

        private TaskDefinitionDecision? _decision;

        private async Task TaskDefinitionAsync(bool mutate, CancellationToken ct)
        {
            if (DeploymentOnly)
            {
                // The app runs the revision it has: a deployment strategy's own plan changes no task definition.
                Outputs.TaskDefinitionArn = _found.Service?.TaskDefinitionArn;
                return;
            }
            _decision = _plan.TaskDefinition ?? TaskDefinitionRule.Decide(_inputs.TaskDefinition, _found.Cluster == null ? null : _found.Service,
                _found.RunningTaskDefinition, _found.LatestTaskDefinition, _spec.ResetImage);
            Outputs.TaskDefinitionArn = _decision.TaskDefinitionArn;
            if (!mutate) return;

            if (_decision.Kind == TaskDefinitionDecisionKind.Register)
            {
                // Each RegisterTaskDefinition makes a new revision: after a lost answer, look for the revision that call made
                // (newer than the latest one discovery saw, tagged with this content's hash) before registering again.
                var request = TaskDefinitionJson.ToRequest(_decision.Request!);
                // ECS answers "Role is not valid" while IAM propagates a new execution role: wait that out.
                Outputs.TaskDefinitionArn = await AwsCalls.CreateOnceAsync(
                    () => _waiter.RetryAsync("RegisterTaskDefinition", async () =>
                        (await _aws.SendAsync(request, ct, idempotent: false).ConfigureAwait(false)).TaskDefinition?.TaskDefinitionArn ?? "",
                        ct, _waits.IamPropagationRule),
                    () => FindRegisteredAsync(_decision.ContentHash!, ct), _reporter, "RegisterTaskDefinition", ct, clock: _waiter.Clock).ConfigureAwait(false);
                Record($"Registered task definition {StackPlanner.ShortArn(Outputs.TaskDefinitionArn ?? _names.TaskFamily)}" +
                       (_decision.Notes.Count > 0 ? ": " + string.Join("; ", _decision.Notes) : ""));
                return;
            }

            if (!_decision.RetagsRevision) return;
            // The revision stays; it must record this file, the base the next change of the file is merged against.
            // Stale tags go first, so the revision never holds more than the 50 tags ECS allows.
            var arn = _decision.TaskDefinitionArn!;
            if (_decision.StaleRecordTagKeys.Count > 0)
                await _aws.SendAsync(new EcsApi.UntagResourceRequest { ResourceArn = arn, TagKeys = _decision.StaleRecordTagKeys.ToList() }, ct)
                    .ConfigureAwait(false);
            if (_decision.RecordTags.Count > 0)
                await _aws.SendAsync(new EcsApi.TagResourceRequest
                {
                    ResourceArn = arn,
                    Tags = _decision.RecordTags.Select(t => new EcsApi.Tag { Key = t.Key, Value = t.Value }).ToList(),
                }, ct).ConfigureAwait(false);
            Record($"Recorded the applied task definition file in the tags of {StackPlanner.ShortArn(arn)}");
        }

        /// <summary>A revision of our family newer than the latest discovery saw, registered with this very content.</summary>
        private async Task<string?> FindRegisteredAsync(string contentHash, CancellationToken ct)
        {
            var discovery = new EcsDiscovery(_aws, _names);
            var arns = await discovery.TaskDefinitionArnsAsync("ACTIVE", ct).ConfigureAwait(false);
            var known = _found.LatestTaskDefinition?.Revision ?? 0;
            foreach (var arn in arns.AsEnumerable().Reverse())
            {
                if (DiscoveredTaskDefinition.ParseArn(arn)?.Revision <= known) break;
                var revision = await discovery.TaskDefinitionAsync(arn, ct).ConfigureAwait(false);
                if (revision != null && revision.ContentHash == contentHash) return revision.Arn;
            }
            return null;
        }

        /// <summary>A service being deleted still holds its name: wait until it is INACTIVE (or gone).</summary>
        private Task WaitServiceGoneAsync(CancellationToken ct) =>
            _waiter.UntilAsync("Waiting for the old service", async () =>
                {
                    var current = await new EcsDiscovery(_aws, _names).ServiceAsync(ct).ConfigureAwait(false);
                    return current == null || current.Status == "INACTIVE" ? null : $"{_names.Service} is {current.Status}";
                },
                _waits.Soon(_waits.Deletion),
                waited => new AoEcsException(StackErrorIds.ServiceStillDraining, AoErrorKind.Timeout,
                    $"ECS service {_names.Service} is still being deleted after {waited.TotalMinutes:0} minutes; run the command again once it is gone.",
                    _names.Service),
                ct);

        /// <summary>-DesiredCount, or with auto scaling the service's own count kept inside the range (see TaskScalingRule).</summary>
        private int ServiceDesiredCount(int? current) =>
            Scaling.TaskScalingRule.ServiceDesiredCount(_spec.DesiredCount, current, _inputs.TaskScaling);

        private async Task ServiceAsync(bool mutate, CancellationToken ct)
        {
            var service = _found.Cluster != null && _found.Service != null && _found.Service.IsActive ? _found.Service : null;
            Outputs.ServiceArn = service?.Arn;
            if (!mutate) return;
            var taskDefinition = DeploymentOnly ? service?.TaskDefinitionArn ?? "" : Require(Outputs.TaskDefinitionArn, ResourceGroup.Service, "the task definition");
            var targetGroup = Require(Outputs.TargetGroupArn, ResourceGroup.Service, "the target group");
            // A deployment strategy's own plan keeps the container the service sends traffic to.
            var target = DeploymentOnly
                ? new ContainerSelection(Require(service?.LoadBalancerContainerName, ResourceGroup.Service, "the service's container"),
                    service!.LoadBalancerContainerPort ?? 0)
                : _inputs.TaskDefinition.Target;
            var settings = Deployment;
            // Merged into what the service has: its alarms, Lambda hooks and percents stay (see Deployments.DeploymentSettings).
            var deployment = settings.MergeInto(service?.DeploymentConfiguration);
            var serviceGroup = Deployments.DeploymentResources.ServiceTargetGroup(service, targetGroup, Outputs.AlternateTargetGroupArn,
                Outputs.ProductionRuleArn == null ? null : Deployments.DeploymentResources.LiveTargetGroupArn(_found, _names), settings);
            Outputs.ServiceTargetGroupArn = serviceGroup;
            var loadBalancer = new EcsApi.LoadBalancer { TargetGroupArn = serviceGroup, ContainerName = target.ContainerName, ContainerPort = target.ContainerPort };
            if (settings.IsBlueGreenFamily)
                loadBalancer.AdvancedConfiguration = Deployments.DeploymentResources.AdvancedConfiguration(
                    Require(Deployments.DeploymentResources.OtherTargetGroup(serviceGroup, targetGroup, Outputs.AlternateTargetGroupArn),
                        ResourceGroup.Service, "the alternate target group"),
                    Require(Outputs.ProductionRuleArn, ResourceGroup.Service, "the production listener rule"), Outputs.TestRuleArn,
                    Require(Outputs.DeploymentRoleArn, ResourceGroup.Service, "the deployment role"));
            var loadBalancers = new List<EcsApi.LoadBalancer> { loadBalancer };
            // The blue/green family needs ECS's own deployment controller (the default one).
            var controller = settings.IsBlueGreenFamily ? new EcsApi.DeploymentController { Type = "ECS" } : null;

            if (service == null)
            {
                if (_found.Service?.Status == "DRAINING")
                    await WaitServiceGoneAsync(ct).ConfigureAwait(false); // a service being deleted still holds the name
                var fileTag = new Dictionary<string, string> { [StackNames.TaskDefinitionFileHashTagKey] = _inputs.TaskDefinition.ContentHash };
                // Its load balancer is registered by ECS through the service-linked role, which may be brand new.
                var created = await WithEcsRoleAsync("CreateService", () => _aws.SendAsync(new EcsApi.CreateServiceRequest
                {
                    Cluster = _names.Cluster,
                    ServiceName = _names.Service,
                    // Without it ECS refuses a repeat of a create whose answer was lost ("not idempotent").
                    ClientToken = AwsCalls.ClientToken(_names.App, "service", _runId),
                    TaskDefinition = taskDefinition,
                    DesiredCount = ServiceDesiredCount(null),
                    LoadBalancers = loadBalancers,
                    CapacityProviderStrategy = Strategy(),
                    DeploymentConfiguration = deployment,
                    DeploymentController = controller,
                    HealthCheckGracePeriodSeconds = _spec.HealthCheckGracePeriodSeconds,
                    EnableECSManagedTags = true,
                    PropagateTags = "SERVICE",
                    Tags = EcsTags(fileTag, appLevel: true),
                }, ct), ct).ConfigureAwait(false);
                Outputs.ServiceArn = created.Service?.ServiceArn;
                Record($"Created ECS service {_names.Service} ({ServiceDesiredCount(null)} tasks of {StackPlanner.ShortArn(taskDefinition)})");
                return;
            }

            var update = new EcsApi.UpdateServiceRequest { Cluster = _names.Cluster, ServiceName = _names.Service };
            var changed = new List<string>();
            if (!DeploymentOnly) ServiceSettings(service, update, changed, taskDefinition);
            var current = Deployments.DeploymentResources.CurrentSettings(_found, _names);
            var strategyChanges = settings.ChangesFrom(current).ToList();
            if (current == null && settings.IsBlueGreenFamily) strategyChanges.Add("deployment strategy -> " + settings.EcsStrategy);
            if (service.CircuitBreakerEnabled == false || service.CircuitBreakerRollback == false || strategyChanges.Count > 0)
            {
                update.DeploymentConfiguration = deployment;
                changed.AddRange(strategyChanges);
                if (service.CircuitBreakerEnabled == false || service.CircuitBreakerRollback == false) changed.Add("circuit breaker with rollback");
            }
            var advancedChanges = settings.IsBlueGreenFamily
                ? !Deployments.DeploymentResources.AdvancedConfigurationAsWanted(service.AdvancedConfiguration, loadBalancer.AdvancedConfiguration!)
                : service.AdvancedConfiguration != null;
            if (service.TargetGroupArn != serviceGroup || service.LoadBalancerContainerName != target.ContainerName ||
                service.LoadBalancerContainerPort != target.ContainerPort || advancedChanges)
            {
                update.LoadBalancers = loadBalancers;
                changed.Add(advancedChanges ? "load balancer target and advanced configuration" : "load balancer target");
            }
            if (changed.Count > 0)
            {
                // A deployment role made moments ago is not one ECS can assume yet ("Unable to assume role"): wait IAM out as
                // CreateService does. A refused UpdateService changed nothing, so sending it again is safe.
                if (update.LoadBalancers != null && loadBalancer.AdvancedConfiguration != null)
                    await _waiter.RetryAsync("UpdateService", () => _aws.SendAsync(update, ct), ct, _waits.IamPropagationRule).ConfigureAwait(false);
                else
                    await _aws.SendAsync(update, ct).ConfigureAwait(false);
                Record($"Updated ECS service {_names.Service}: {string.Join(", ", changed)}");
            }
            if (_testRuleLeaving != null)
            {
                // Only now that the service no longer names it (ECS refuses a service whose testListenerRule is gone).
                var (_, done) = await _testRuleLeaving.ApplyAsync(_aws, listenerArn: "", _tags, ct).ConfigureAwait(false);
                foreach (var line in done) Record(line);
                _testRuleLeaving = null;
            }
            if (DeploymentOnly) return;
            var tag = new Dictionary<string, string> { [StackNames.TaskDefinitionFileHashTagKey] = _inputs.TaskDefinition.ContentHash };
            service.Tags.TryGetValue(StackNames.TaskDefinitionFileHashTagKey, out var applied);
            // A kept revision from before the app's task role keeps its tag: the file is unchanged (see ContentHashWithoutTaskRole).
            var kept = _decision?.Kind == TaskDefinitionDecisionKind.Keep && _inputs.TaskDefinition.IsAppliedAs(applied);
            if (applied != _inputs.TaskDefinition.ContentHash && !kept)
            {
                // Recorded after the service runs the file's revision, so an interrupted run re-checks it next time.
                await _aws.SendAsync(new EcsApi.TagResourceRequest { ResourceArn = service.Arn, Tags = EcsTags(tag, appLevel: true) }, ct).ConfigureAwait(false);
            }
        }

        /// <summary>The service's count, revision, capacity provider strategy and grace period as the app's plan asks.</summary>
        private void ServiceSettings(DiscoveredService service, EcsApi.UpdateServiceRequest update, List<string> changed, string taskDefinition)
        {
            var desiredCount = ServiceDesiredCount(service.DesiredCount);
            if (service.DesiredCount != desiredCount)
            {
                update.DesiredCount = desiredCount;
                changed.Add($"desiredCount {desiredCount}");
            }
            if (_decision != null && _decision.Kind != TaskDefinitionDecisionKind.Keep && service.TaskDefinitionArn != taskDefinition)
            {
                update.TaskDefinition = taskDefinition;
                changed.Add("task definition " + StackPlanner.ShortArn(taskDefinition));
            }
            if (service.ReportsCapacity && !(service.CapacityProviders.Count == 1 && service.CapacityProviders[0] == _names.CapacityProvider))
            {
                update.CapacityProviderStrategy = Strategy();
                update.ForceNewDeployment = true; // ECS requires a new deployment to move tasks to another strategy
                changed.Add("capacity provider strategy");
            }
            if (service.HealthCheckGracePeriodSeconds != null && service.HealthCheckGracePeriodSeconds != _spec.HealthCheckGracePeriodSeconds)
            {
                update.HealthCheckGracePeriodSeconds = _spec.HealthCheckGracePeriodSeconds;
                changed.Add("health check grace period");
            }
        }
    }
}
