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

        private TaskDefinitionDecision? decision;

        private async Task TaskDefinitionAsync(bool mutate, CancellationToken ct)
        {
            decision = plan.TaskDefinition ?? TaskDefinitionRule.Decide(inputs.TaskDefinition, found.Cluster == null ? null : found.Service,
                found.RunningTaskDefinition, found.LatestTaskDefinition, spec.ResetImage);
            Outputs.TaskDefinitionArn = decision.TaskDefinitionArn;
            if (!mutate) return;

            if (decision.Kind == TaskDefinitionDecisionKind.Register)
            {
                // Each RegisterTaskDefinition makes a new revision: after a lost answer, look for the revision that call made
                // (newer than the latest one discovery saw, tagged with this content's hash) before registering again.
                var request = TaskDefinitionJson.ToRequest(decision.Request!);
                // ECS answers "Role is not valid" while IAM propagates a new execution role: wait that out.
                Outputs.TaskDefinitionArn = await AwsCalls.CreateOnceAsync(
                    () => waiter.RetryAsync("RegisterTaskDefinition", async () =>
                        (await aws.SendAsync(request, ct, idempotent: false).ConfigureAwait(false)).TaskDefinition?.TaskDefinitionArn ?? "",
                        ct, waits.IamPropagationRule),
                    () => FindRegisteredAsync(decision.ContentHash!, ct), reporter, "RegisterTaskDefinition", ct, clock: waiter.Clock).ConfigureAwait(false);
                Record($"Registered task definition {StackPlanner.ShortArn(Outputs.TaskDefinitionArn ?? names.TaskFamily)}" +
                       (decision.Notes.Count > 0 ? ": " + string.Join("; ", decision.Notes) : ""));
                return;
            }

            if (!decision.RetagsRevision) return;
            // The revision stays; it must record this file, the base the next change of the file is merged against.
            // Stale tags go first, so the revision never holds more than the 50 tags ECS allows.
            var arn = decision.TaskDefinitionArn!;
            if (decision.StaleRecordTagKeys.Count > 0)
                await aws.SendAsync(new EcsApi.UntagResourceRequest { ResourceArn = arn, TagKeys = decision.StaleRecordTagKeys.ToList() }, ct)
                    .ConfigureAwait(false);
            if (decision.RecordTags.Count > 0)
                await aws.SendAsync(new EcsApi.TagResourceRequest
                {
                    ResourceArn = arn,
                    Tags = decision.RecordTags.Select(t => new EcsApi.Tag { Key = t.Key, Value = t.Value }).ToList(),
                }, ct).ConfigureAwait(false);
            Record($"Recorded the applied task definition file in the tags of {StackPlanner.ShortArn(arn)}");
        }

        /// <summary>A revision of our family newer than the latest discovery saw, registered with this very content.</summary>
        private async Task<string?> FindRegisteredAsync(string contentHash, CancellationToken ct)
        {
            var discovery = new EcsDiscovery(aws, names);
            var arns = await discovery.TaskDefinitionArnsAsync("ACTIVE", ct).ConfigureAwait(false);
            var known = found.LatestTaskDefinition?.Revision ?? 0;
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
            waiter.UntilAsync("Waiting for the old service", async () =>
                {
                    var current = await new EcsDiscovery(aws, names).ServiceAsync(ct).ConfigureAwait(false);
                    return current == null || current.Status == "INACTIVE" ? null : $"{names.Service} is {current.Status}";
                },
                waits.Soon(waits.Deletion),
                waited => new AoEcsException(StackErrorIds.ServiceStillDraining, AoErrorKind.Timeout,
                    $"ECS service {names.Service} is still being deleted after {waited.TotalMinutes:0} minutes; run the command again once it is gone.",
                    names.Service),
                ct);

        private async Task ServiceAsync(bool mutate, CancellationToken ct)
        {
            var service = found.Cluster != null && found.Service != null && found.Service.IsActive ? found.Service : null;
            Outputs.ServiceArn = service?.Arn;
            if (!mutate) return;
            var taskDefinition = Require(Outputs.TaskDefinitionArn, ResourceGroup.Service, "the task definition");
            var targetGroup = Require(Outputs.TargetGroupArn, ResourceGroup.Service, "the target group");
            var target = inputs.TaskDefinition.Target;
            var fileTag = new Dictionary<string, string> { [StackNames.TaskDefinitionFileHashTagKey] = inputs.TaskDefinition.ContentHash };
            var deployment = new EcsApi.DeploymentConfiguration
            {
                DeploymentCircuitBreaker = new EcsApi.DeploymentCircuitBreaker { Enable = true, Rollback = true },
                MaximumPercent = 200,
                MinimumHealthyPercent = 100,
            };
            var loadBalancers = new List<EcsApi.LoadBalancer>
            {
                new EcsApi.LoadBalancer { TargetGroupArn = targetGroup, ContainerName = target.ContainerName, ContainerPort = target.ContainerPort },
            };

            if (service == null)
            {
                if (found.Service?.Status == "DRAINING")
                    await WaitServiceGoneAsync(ct).ConfigureAwait(false); // a service being deleted still holds the name
                // Its load balancer is registered by ECS through the service-linked role, which may be brand new.
                var created = await WithEcsRoleAsync("CreateService", () => aws.SendAsync(new EcsApi.CreateServiceRequest
                {
                    Cluster = names.Cluster,
                    ServiceName = names.Service,
                    // Without it ECS refuses a repeat of a create whose answer was lost ("not idempotent").
                    ClientToken = AwsCalls.ClientToken(names.App, "service", runId),
                    TaskDefinition = taskDefinition,
                    DesiredCount = spec.DesiredCount,
                    LoadBalancers = loadBalancers,
                    CapacityProviderStrategy = Strategy(),
                    DeploymentConfiguration = deployment,
                    HealthCheckGracePeriodSeconds = spec.HealthCheckGracePeriodSeconds,
                    EnableECSManagedTags = true,
                    PropagateTags = "SERVICE",
                    Tags = EcsTags(fileTag),
                }, ct), ct).ConfigureAwait(false);
                Outputs.ServiceArn = created.Service?.ServiceArn;
                Record($"Created ECS service {names.Service} ({spec.DesiredCount} tasks of {StackPlanner.ShortArn(taskDefinition)})");
                return;
            }

            var update = new EcsApi.UpdateServiceRequest { Cluster = names.Cluster, ServiceName = names.Service };
            var changed = new List<string>();
            if (service.DesiredCount != spec.DesiredCount)
            {
                update.DesiredCount = spec.DesiredCount;
                changed.Add($"desiredCount {spec.DesiredCount}");
            }
            if (decision != null && decision.Kind != TaskDefinitionDecisionKind.Keep && service.TaskDefinitionArn != taskDefinition)
            {
                update.TaskDefinition = taskDefinition;
                changed.Add("task definition " + StackPlanner.ShortArn(taskDefinition));
            }
            if (service.ReportsCapacity && !(service.CapacityProviders.Count == 1 && service.CapacityProviders[0] == names.CapacityProvider))
            {
                update.CapacityProviderStrategy = Strategy();
                update.ForceNewDeployment = true; // ECS requires a new deployment to move tasks to another strategy
                changed.Add("capacity provider strategy");
            }
            if (service.CircuitBreakerEnabled == false || service.CircuitBreakerRollback == false)
            {
                update.DeploymentConfiguration = deployment;
                changed.Add("circuit breaker with rollback");
            }
            if (service.TargetGroupArn != targetGroup || service.LoadBalancerContainerName != target.ContainerName ||
                service.LoadBalancerContainerPort != target.ContainerPort)
            {
                update.LoadBalancers = loadBalancers;
                changed.Add("load balancer target");
            }
            if (service.HealthCheckGracePeriodSeconds != null && service.HealthCheckGracePeriodSeconds != spec.HealthCheckGracePeriodSeconds)
            {
                update.HealthCheckGracePeriodSeconds = spec.HealthCheckGracePeriodSeconds;
                changed.Add("health check grace period");
            }
            if (changed.Count > 0)
            {
                await aws.SendAsync(update, ct).ConfigureAwait(false);
                Record($"Updated ECS service {names.Service}: {string.Join(", ", changed)}");
            }
            if (!service.Tags.TryGetValue(StackNames.TaskDefinitionFileHashTagKey, out var applied) || applied != inputs.TaskDefinition.ContentHash)
            {
                // Recorded after the service runs the file's revision, so an interrupted run re-checks it next time.
                await aws.SendAsync(new EcsApi.TagResourceRequest { ResourceArn = service.Arn, Tags = EcsTags(fileTag) }, ct).ConfigureAwait(false);
            }
        }
    }
}
