using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack.Converge.Discovery;
using AoTech.Ecs.Stack.Deployments;
using AoTech.Ecs.Stack.Hardening;
using AoTech.Ecs.Stack.Planning;
using AoTech.Ecs.Stack.TaskDefinitions;

namespace AoTech.Ecs.Stack.Converge
{
    /// <summary>A deployment strategy's own plan for an existing app (Set-AoEcsApp), and what it was made from.</summary>
    public sealed class PreparedStrategy
    {
        internal PreparedStrategy(PlanInputs inputs, DiscoveredStack found, StackPlan plan, ApplyContext context)
        {
            Inputs = inputs;
            Found = found;
            Plan = plan;
            Context = context;
        }

        public PlanInputs Inputs { get; }
        public DiscoveredStack Found { get; }
        public StackPlan Plan { get; }
        public ApplyContext Context { get; }
    }

    // Set-AoEcsApp's strategy parameters: the same discovery, planner rules and applier as New-AoEcsApp, limited to what
    // the strategy needs (StackPlanner.PlanDeployment).
    public sealed partial class EcsAppStack
    {
        /// <summary>
        /// Reads the app as it is and plans its deployment strategy as <paramref name="request"/> asks (what is not given
        /// stays). Bad input is refused before any AWS call; an app without a service with AppNotDeployed, a strategy its
        /// instances cannot carry with FixedHostPortCapacity, before any change.
        /// </summary>
        public async Task<PreparedStrategy> PrepareStrategyAsync(string app, DeploymentRequest request, CancellationToken ct)
        {
            StackNames.ValidateAppName(app);
            request.Validate();
            var tagged = await TaggedResources.ListAsync(_aws, StackNames.For(app), ct).ConfigureAwait(false);
            var names = StackNames.For(app, tagged.Endpoint);
            var spec = new AppSpec { Name = app, Endpoint = tagged.Endpoint, Deployment = request };
            var found = await new StackDiscovery(_aws, names) { FindDeploymentResources = true }.DiscoverAsync(spec, null, ct).ConfigureAwait(false);
            var service = found.Service != null && found.Service.IsActive ? found.Service : null;
            if (service == null || found.TargetGroup == null || found.HttpsListener == null)
                throw new AoEcsException(DeploymentErrorIds.AppNotDeployed, AoErrorKind.ObjectNotFound,
                    $"App '{app}' has no running service behind its load balancer in {_aws.Region}; New-AoEcsApp makes it (with -DeploymentStrategy too).", app);

            // The app's route as it is: its rule's host and paths, else (a standalone app routed by its listener) its domain.
            var rule = DeploymentResources.ProductionRule(found, names);
            string? domain = null;
            found.Cluster?.Tags.TryGetValue(StackNames.DomainTagKey, out domain);
            spec.DomainName = rule?.Placed.Route.Host ?? domain ?? found.Certificate?.DomainName ?? "";
            spec.PathPattern = rule?.Placed.Route.Paths.ToList() ?? new List<string>();
            // The alternate target group copies the first one's health check; new roles get the boundary the app's have.
            var tg = found.TargetGroup;
            spec.HealthCheckPath = tg.HealthCheckPath;
            spec.HealthCheckIntervalSeconds = tg.HealthCheckIntervalSeconds;
            spec.HealthCheckTimeoutSeconds = tg.HealthCheckTimeoutSeconds;
            spec.HealthyThresholdCount = tg.HealthyThresholdCount;
            spec.UnhealthyThresholdCount = tg.UnhealthyThresholdCount;
            spec.HealthCheckMatcher = tg.Matcher;
            if (tg.Attributes.TryGetValue(StackDefaults.TargetGroupAttributeDeregistrationDelay, out var delay) && int.TryParse(delay, out var seconds))
                spec.DeregistrationDelaySeconds = seconds;
            var appRole = found.ExecutionRole ?? found.TaskRole;
            if (appRole != null && !appRole.BoundaryKnown) await HardeningDiscovery.BoundaryAsync(_aws, appRole, ct).ConfigureAwait(false);
            spec.PermissionsBoundary = appRole?.PermissionsBoundaryArn;

            var current = DeploymentResources.CurrentSettings(found, names);
            var deployment = DeploymentSettings.Resolve(request, current);
            await DeploymentResources.RequireNoDeploymentRunningAsync(_aws, names, current, deployment, ct).ConfigureAwait(false);
            DeploymentResources.RequireNoRequestScaling(deployment.Strategy,
                found.TaskScaling?.AsScaling(Scaling.TaskScalingNames.For(names)).TargetRequestsPerTask, app);
            if (deployment.IsBlueGreenFamily && service.LoadBalancerContainerName != null && service.LoadBalancerContainerPort is int port)
            {
                var running = await new EcsDiscovery(_aws, names).TaskDefinitionAsync(service.TaskDefinitionArn, ct).ConfigureAwait(false);
                if (running?.Content != null)
                    DeploymentResources.RequireFixedHostPortCapacity(deployment, StackPlanner.InstancePorts(running.Content, new ContainerSelection(service.LoadBalancerContainerName, port)),
                        service.DesiredCount, found.AutoScalingGroup?.MaxSize ?? int.MaxValue);
            }
            var inputs = PlanInputs.ForDeployment(spec, names, _aws.Region, deployment);
            var plan = StackPlanner.PlanDeployment(inputs, found);
            var account = AccountOf(found.ExecutionRole?.Arn) ?? AccountOf(found.TaskRole?.Arn) ?? AccountOf(service.Arn) ?? "";
            return new PreparedStrategy(inputs, found, plan, new ApplyContext(account, ""));
        }

        /// <summary>
        /// Set-AoEcsApp's strategy change from start to end, as <see cref="ConvergeAsync"/>: a plan without changes makes no
        /// mutating call; otherwise under the app's lock, planned again, applied. <paramref name="approve"/> returns the groups
        /// to apply, or null to stop after the first plan (-WhatIf). Returns null only then.
        /// </summary>
        public async Task<AoEcsApp?> ConvergeStrategyAsync(string app, DeploymentRequest request, string operation,
            Func<StackPlan, Task<ISet<ResourceGroup>?>> approve, CancellationToken ct)
        {
            var prepared = await PrepareStrategyAsync(app, request, ct).ConfigureAwait(false);
            var approved = await approve(prepared.Plan).ConfigureAwait(false);
            if (approved == null) return null;
            if (approved.Count == 0) return await ApplyStrategyAsync(prepared, approved, ct).ConfigureAwait(false);
            return await LockFor(app).RunAsync(operation, async t =>
            {
                var current = await PrepareStrategyAsync(app, request, t).ConfigureAwait(false);
                var now = await approve(current.Plan).ConfigureAwait(false) ?? new HashSet<ResourceGroup>();
                return await ApplyStrategyAsync(current, now, t).ConfigureAwait(false);
            }, ct).ConfigureAwait(false);
        }

        private async Task<AoEcsApp> ApplyStrategyAsync(PreparedStrategy prepared, ISet<ResourceGroup> approvedGroups, CancellationToken ct)
        {
            var applier = await RunApplierAsync(prepared.Inputs, prepared.Found, prepared.Plan, prepared.Context, approvedGroups,
                endpointLockHeld: false, ct).ConfigureAwait(false);
            var names = prepared.Inputs.Names;
            var found = prepared.Found;
            var service = found.Service!;
            return new AoEcsApp
            {
                Name = names.App,
                DomainName = prepared.Inputs.Spec.DomainName,
                Url = "https://" + prepared.Inputs.Spec.DomainName + "/",
                Region = _aws.Region,
                Cluster = names.Cluster,
                Endpoint = names.IsOnSharedEndpoint ? names.EndpointName : null,
                Service = names.Service,
                TaskDefinition = StackPlanner.ShortArn(service.TaskDefinitionArn),
                LoadBalancerDnsName = found.LoadBalancer?.DnsName,
                DesiredCount = service.DesiredCount,
                RunningCount = service.RunningCount,
                PendingCount = service.PendingCount,
                Changes = applier.Done,
            }.WithDeployment(prepared.Inputs.Deployment, DeploymentResources.LiveTargetGroupArn(found, names));
        }
    }
}
