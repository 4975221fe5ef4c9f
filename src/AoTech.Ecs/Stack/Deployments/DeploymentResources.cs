using System;
using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack.Endpoints;
using AoTech.Ecs.Stack.Planning;
using EcsApi = AoTech.Ecs.Aws.Services.Ecs;

namespace AoTech.Ecs.Stack.Deployments
{
    /// <summary>
    /// What a blue/green-family strategy needs besides the app's own resources, and how the stack reads what it has. ECS moves
    /// traffic, the stack never does: the app's two target groups are interchangeable, the live one is what the production
    /// rule forwards to (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb-resources-for-blue-green.html).
    /// </summary>
    public static class DeploymentResources
    {
        /// <summary>
        /// The AWS managed policy ECS documents for the role that lets it change listener rules and register targets in the
        /// alternate target group ("Amazon ECS infrastructure IAM role for load balancers",
        /// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/AmazonECSInfrastructureRolePolicyForLoadBalancers.html).
        /// </summary>
        public static string LoadBalancerPolicyArn(string region) =>
            $"arn:{StackDefaults.Partition(region)}:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers";

        /// <summary>
        /// Whether discovery reads the strategy's resources (alternate target group, a standalone app's rules): asked for, or
        /// the app has them (an advanced configuration, its service on the alternate target group, the deployment role).
        /// </summary>
        public static bool ReadsStrategyResources(DeploymentRequest request, DiscoveredService? service, DiscoveredRole? deploymentRole) =>
            request.Strategy != null && request.Strategy != DeploymentStrategy.Rolling ||
            service?.AdvancedConfiguration != null || deploymentRole != null ||
            service?.TargetGroupArn != null && IsAlternate(service.TargetGroupArn);

        /// <summary>Whether <paramref name="targetGroupArn"/> is an app's alternate target group (by its name).</summary>
        public static bool IsAlternate(string targetGroupArn) =>
            ListenerRoutes.TargetGroupName(targetGroupArn).EndsWith("-tg2", StringComparison.Ordinal);

        /// <summary>The settings the app has (null: the service reports none, or there is no service: a new app).</summary>
        public static DeploymentSettings? CurrentSettings(DiscoveredStack found, StackNames names)
        {
            var service = found.Service != null && found.Service.IsActive ? found.Service : null;
            if (service == null) return null;
            var header = TestRule(found, names)?.Header;
            // A backend that reports no deployment configuration (moto keeps none a CreateService gave) still shows the advanced
            // configuration: only the blue/green family has one, so the app keeps a strategy of that family.
            if (service.DeploymentConfiguration == null && service.AdvancedConfiguration != null)
                return new DeploymentSettings(DeploymentStrategy.BlueGreen, testHeader: header);
            return DeploymentSettings.Of(service.DeploymentConfiguration, header);
        }

        /// <summary>The app's production rule (its host/path rule on the HTTPS listener), or null.</summary>
        public static AppRule? ProductionRule(DiscoveredStack found, StackNames names) => found.Routes?.ProductionRuleOf(names.App);

        /// <summary>The app's test listener rule, or null.</summary>
        public static AppRule? TestRule(DiscoveredStack found, StackNames names) => found.Routes?.TestRuleOf(names.App);

        /// <summary>
        /// The target group that serves production traffic: what the production rule forwards most to; without a rule, the
        /// service's (when it is one of the app's), else the app's first.
        /// </summary>
        public static string? LiveTargetGroupArn(DiscoveredStack found, StackNames names)
        {
            var rule = ProductionRule(found, names);
            if (rule != null && rule.ForwardsOnlyTo(names.App)) return rule.TargetGroupArn;
            var service = found.Service?.TargetGroupArn;
            return service != null && IsAppTargetGroup(found, service) ? service : found.TargetGroup?.Arn;
        }

        /// <summary>Whether <paramref name="arn"/> is one of the app's two target groups as discovery found them.</summary>
        public static bool IsAppTargetGroup(DiscoveredStack found, string? arn) =>
            arn != null && (arn == found.TargetGroup?.Arn || arn == found.AlternateTargetGroup?.Arn);

        /// <summary>
        /// The target group the service is to be on. ECS moves traffic, the stack never does: a service on either of the app's
        /// target groups keeps it, except that a switch back to Rolling points it at the live one (what the production rule
        /// forwards to); a service on another is pointed at the app's first.
        /// </summary>
        public static string ServiceTargetGroup(DiscoveredService? service, string targetGroupArn, string? alternateArn, string? liveArn,
            DeploymentSettings deployment)
        {
            var current = service?.TargetGroupArn;
            if (current == null || current != targetGroupArn && current != alternateArn) return targetGroupArn;
            return !deployment.IsBlueGreenFamily && service!.AdvancedConfiguration != null && liveArn != null ? liveArn : current;
        }

        /// <summary>The strategy the app is to have: PlanInputs.Deployment, else resolved from the request and what the app has.</summary>
        public static DeploymentSettings SettingsAfterRun(PlanInputs inputs, DiscoveredStack found) =>
            inputs.Deployment ?? DeploymentSettings.Resolve(inputs.Spec.Deployment, CurrentSettings(found, inputs.Names));

        /// <summary>The other of the app's two target groups than <paramref name="arn"/>.</summary>
        public static string? OtherTargetGroup(string? arn, string? first, string? alternate) => arn == alternate ? first : alternate;

        /// <summary>
        /// loadBalancers[0].advancedConfiguration for the blue/green family
        /// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_AdvancedConfiguration.html).
        /// </summary>
        public static EcsApi.AdvancedConfiguration AdvancedConfiguration(string? alternateTargetGroupArn, string? productionRuleArn, string? testRuleArn, string? roleArn) =>
            new EcsApi.AdvancedConfiguration
            {
                AlternateTargetGroupArn = alternateTargetGroupArn,
                ProductionListenerRule = productionRuleArn,
                TestListenerRule = testRuleArn,
                RoleArn = roleArn,
            };

        /// <summary>Whether the service's advanced configuration is <paramref name="desired"/> (null fields: not known yet, so different).</summary>
        public static bool AdvancedConfigurationAsWanted(EcsApi.AdvancedConfiguration? actual, EcsApi.AdvancedConfiguration desired) =>
            actual != null && desired.AlternateTargetGroupArn != null && desired.ProductionListenerRule != null && desired.RoleArn != null &&
            actual.AlternateTargetGroupArn == desired.AlternateTargetGroupArn && actual.ProductionListenerRule == desired.ProductionListenerRule &&
            actual.TestListenerRule == desired.TestListenerRule && SameRole(actual.RoleArn, desired.RoleArn);

        // A role ARN compares by its name: the path in it is the app's either way.
        private static bool SameRole(string? a, string? b) =>
            a != null && b != null && a.Substring(a.LastIndexOf('/') + 1) == b.Substring(b.LastIndexOf('/') + 1);

        /// <summary>
        /// A switch of strategy while a service deployment runs would leave traffic where that deployment put it (a production
        /// rule weighted between the app's target groups): refused, before any change, while ECS reports one PENDING or
        /// IN_PROGRESS (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-deployment.html).
        /// </summary>
        public static async System.Threading.Tasks.Task RequireNoDeploymentRunningAsync(Aws.AwsConnection aws, StackNames names,
            DeploymentSettings? current, DeploymentSettings desired, System.Threading.CancellationToken ct)
        {
            if (current == null || current.Strategy == desired.Strategy) return;
            var running = await new Rollout.ServiceDeployments(aws).UnfinishedAsync(names.Cluster, names.Service, ct).ConfigureAwait(false);
            if (running == null) return;
            throw new AoEcsException(DeploymentErrorIds.DeploymentInProgress, AoErrorKind.ResourceBusy,
                $"App '{names.App}' has a deployment in progress ({running}); its strategy changes from {current.Strategy} to {desired.Strategy} " +
                $"once it has ended: wait for it (Wait-AoDeployment -Name {names.App}) or stop it (Stop-AoDeployment -Name {names.App} -Rollback), " +
                "then run the command again.", names.App);
        }

        /// <summary>
        /// Request-count auto scaling tracks ALBRequestCountPerTarget of one target group (its ResourceLabel); a blue/green-family
        /// deployment moves production traffic to the app's other target group
        /// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb-resources-for-blue-green.html), after which the metric
        /// reads 0 and target tracking scales the service in to its minimum. Refused before any change, whichever of the two
        /// the app has already.
        /// </summary>
        public static void RequireNoRequestScaling(DeploymentStrategy strategy, int? targetRequestsPerTask, string app)
        {
            if (strategy == DeploymentStrategy.Rolling || targetRequestsPerTask == null) return;
            throw new AoEcsException(DeploymentErrorIds.RequestScalingWithBlueGreen, AoErrorKind.InvalidArgument,
                $"App '{app}' would scale on requests per task (-TargetRequestsPerTask {targetRequestsPerTask}) with -DeploymentStrategy {strategy}: " +
                "that metric counts one target group's requests, and each deployment moves production traffic to the app's other target group. " +
                "Scale on CPU instead (-TargetCpuPercent; Set-AoEcsApp -NoAutoScaling removes request scaling), or keep -DeploymentStrategy Rolling.",
                app);
        }

        /// <summary>
        /// Blue/green-family deployments run the new revision at full count beside the old one
        /// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-blue-green.html). A task definition
        /// with a fixed host port (host network mode, or bridge with a hostPort) runs one task per instance
        /// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement-constraints.html: a port in use cannot be
        /// taken twice on one instance), so both revisions need 2 x the desired tasks' instances within -MaxSize. Refused
        /// before any change with the way forward.
        /// </summary>
        public static void RequireFixedHostPortCapacity(DeploymentSettings settings, (int From, int To) hostPorts, int desiredTasks, int maxSize)
        {
            if (!settings.IsBlueGreenFamily || hostPorts.From != hostPorts.To) return;
            var needed = 2 * desiredTasks;
            if (needed <= maxSize) return;
            throw new AoEcsException(DeploymentErrorIds.FixedHostPortCapacity, AoErrorKind.LimitsExceeded,
                $"-DeploymentStrategy {settings.Strategy} runs the new revision beside the old one at full count: with the fixed host port " +
                $"{hostPorts.From} each task needs an instance of its own, {needed} for {desiredTasks} tasks, but -MaxSize is {maxSize}. " +
                "Use dynamic host ports (bridge network mode with hostPort 0 or no hostPort in the task definition), or give " +
                $"-MaxSize {needed} or more.", settings.Strategy.ToString());
        }
    }
}
