using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.Deployments;
using AoTech.Ecs.Stack.Endpoints;
using AoTech.Ecs.Stack.Planning;
using Xunit;
using EcsApi = AoTech.Ecs.Aws.Services.Ecs;

namespace AoTech.Ecs.Tests.Stack.Deployments
{
    /// <summary>
    /// What a blue/green-family strategy adds to the plan, and the rule that ECS moves traffic, the stack never does: a rule or
    /// service on either of the app's target groups, or on both weighted, is as asked.
    /// </summary>
    public class DeploymentPlanTests
    {
        private const string Prefix = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:";
        private static string TargetGroupArn(string name) => Prefix + "targetgroup/" + name + "/0123456789abcdef";

        private static PlanInputs Inputs(DeploymentRequest? request = null, string? endpoint = null)
        {
            var spec = AppSpecTests.Valid();
            spec.Endpoint = endpoint;
            if (request != null) spec.Deployment = request;
            return StackFixtures.Inputs(spec);
        }

        /// <summary>A converged app with real-looking target group ARNs (the app is told from the target group's name).</summary>
        private static DiscoveredStack Converged(PlanInputs inputs)
        {
            var found = StackFixtures.Converged(inputs);
            var tg = TargetGroupArn(inputs.Names.TargetGroup);
            found.TargetGroup!.Arn = tg;
            found.Service!.TargetGroupArn = tg;
            found.HttpsListener!.ForwardTargetGroupArn = tg;
            return found;
        }

        /// <summary>The same app with everything BlueGreen needs, as a converged run leaves it.</summary>
        private static DiscoveredStack ConvergedBlueGreen(PlanInputs inputs, DeploymentSettings settings, string? serviceGroup = null)
        {
            var found = Converged(inputs);
            var n = inputs.Names;
            found.AlternateTargetGroup = new DiscoveredTargetGroup
            {
                Arn = TargetGroupArn(n.AlternateTargetGroup), VpcId = found.TargetGroup!.VpcId, Protocol = "HTTP", Port = 80, TargetType = "instance",
                HealthCheckPath = found.TargetGroup.HealthCheckPath, HealthCheckIntervalSeconds = found.TargetGroup.HealthCheckIntervalSeconds,
                HealthCheckTimeoutSeconds = found.TargetGroup.HealthCheckTimeoutSeconds, HealthyThresholdCount = found.TargetGroup.HealthyThresholdCount,
                UnhealthyThresholdCount = found.TargetGroup.UnhealthyThresholdCount, Matcher = found.TargetGroup.Matcher,
                Attributes = new Dictionary<string, string>(found.TargetGroup.Attributes),
            };
            found.DeploymentRole = new DiscoveredRole
            {
                Name = n.DeploymentRole, Arn = "arn:aws:iam::123456789012:role/aotech/web/" + n.DeploymentRole, TrustedService = "ecs.amazonaws.com",
                AttachedPolicyArns = new HashSet<string> { DeploymentResources.LoadBalancerPolicyArn(inputs.Region) },
            };
            found.Routes = new ListenerRoutes { ListenerArn = "arn:l443", DefaultCertificateArn = found.HttpsListener!.CertificateArn };
            // Both target groups on the production rule, all traffic to the first (what ECS asks for; see RouteConverger.Forward).
            found.Routes.Apps[n.App] = new AppRule("arn:rule/web", new PlacedRule(inputs.Spec.Route, 100), found.TargetGroup.Arn,
                new[] { (found.TargetGroup.Arn, 100), (found.AlternateTargetGroup.Arn, 0) });
            var onGroup = serviceGroup ?? found.TargetGroup.Arn;
            found.Service!.TargetGroupArn = onGroup;
            found.Service.DeploymentConfiguration = settings.MergeInto(null);
            found.Service.AdvancedConfiguration = DeploymentResources.AdvancedConfiguration(
                onGroup == found.TargetGroup.Arn ? found.AlternateTargetGroup.Arn : found.TargetGroup.Arn, "arn:rule/web", null, found.DeploymentRole.Arn);
            return found;
        }

        private static IEnumerable<string> Changes(StackPlan plan) => plan.Changes.Select(i => i.Description);

        [Fact]
        public void BlueGreen_for_a_converged_rolling_app_plans_the_alternate_target_group_rule_role_and_service()
        {
            var inputs = Inputs(new DeploymentRequest { Strategy = DeploymentStrategy.BlueGreen, BakeTime = 5 });
            var plan = StackPlanner.Plan(inputs, Converged(inputs));
            var n = inputs.Names;
            Assert.Contains(plan.Items, i => i.Resource == "target group" && i.Name == n.AlternateTargetGroup && i.Action == PlanAction.Create);
            Assert.Contains(plan.Items, i => i.Resource == "IAM role" && i.Name == n.DeploymentRole && i.Action == PlanAction.Create);
            var rule = Assert.Single(plan.Items, i => i.Resource == "listener rule");
            Assert.Equal(PlanAction.Create, rule.Action);
            var service = Assert.Single(plan.ItemsOf(ResourceGroup.Service));
            Assert.Equal(PlanAction.Change, service.Action);
            Assert.Contains(service.Changes, c => c.Contains("advanced configuration"));
            // Nothing else of the app changes.
            Assert.Equal(new[] { ResourceGroup.Iam, ResourceGroup.LoadBalancer, ResourceGroup.Service }, plan.Changes.Select(i => i.Group).Distinct().OrderBy(g => g));
        }

        [Fact]
        public void A_rolling_app_with_nothing_asked_plans_no_deployment_resource()
        {
            var inputs = Inputs();
            var plan = StackPlanner.Plan(inputs, Converged(inputs));
            Assert.True(plan.IsNoOp, plan.Format());
            Assert.DoesNotContain(plan.Items, i => i.Name == inputs.Names.AlternateTargetGroup || i.Resource == "listener rule");
        }

        [Fact]
        public void A_converged_blue_green_app_re_run_without_parameters_changes_nothing()
        {
            var settings = new DeploymentSettings(DeploymentStrategy.BlueGreen, 5);
            var inputs = Inputs();
            var plan = StackPlanner.Plan(inputs, ConvergedBlueGreen(inputs, settings));
            Assert.True(plan.IsNoOp, plan.Format());
        }

        [Fact]
        public void After_a_deployment_the_service_and_rule_on_the_alternate_target_group_are_left_as_they_are()
        {
            var settings = new DeploymentSettings(DeploymentStrategy.BlueGreen, 5);
            var inputs = Inputs();
            var alternate = TargetGroupArn(inputs.Names.AlternateTargetGroup);
            var found = ConvergedBlueGreen(inputs, settings, serviceGroup: alternate);
            // ECS moved the production rule to the alternate target group: 100% there.
            found.Routes!.Apps[inputs.Names.App] = new AppRule("arn:rule/web", new PlacedRule(inputs.Spec.Route, 100), alternate,
                new[] { (alternate, 100), (found.TargetGroup!.Arn, 0) });
            var plan = StackPlanner.Plan(inputs, found);
            Assert.True(plan.IsNoOp, plan.Format());
        }

        [Fact]
        public void Mid_deployment_a_weighted_rule_on_both_target_groups_is_left_as_it_is()
        {
            var settings = new DeploymentSettings(DeploymentStrategy.Canary, 5, 10, 5);
            var inputs = Inputs();
            var found = ConvergedBlueGreen(inputs, settings);
            var alternate = found.AlternateTargetGroup!.Arn;
            found.Routes!.Apps[inputs.Names.App] = new AppRule("arn:rule/web", new PlacedRule(inputs.Spec.Route, 100), found.TargetGroup!.Arn,
                new[] { (found.TargetGroup.Arn, 90), (alternate, 10) });
            var plan = StackPlanner.Plan(inputs, found);
            Assert.True(plan.IsNoOp, plan.Format());
        }

        [Fact]
        public void On_a_shared_endpoint_a_rule_moved_to_the_alternate_target_group_or_weighted_plans_no_route_change()
        {
            var inputs = Inputs(endpoint: "main");
            var app = inputs.Names.App;
            var first = TargetGroupArn(inputs.Names.TargetGroup);
            var alternate = TargetGroupArn(inputs.Names.AlternateTargetGroup);
            foreach (var forwards in new[] { new[] { (alternate, 100) }, new[] { (first, 50), (alternate, 50) } })
            {
                var routes = new ListenerRoutes { ListenerArn = "arn:l443", DefaultCertificateArn = "arn:cert" };
                routes.Apps[app] = new AppRule("arn:rule/web", new PlacedRule(inputs.Spec.Route, 100), forwards[0].Item1, forwards);
                var plan = RouteConverger.Plan("main", routes, inputs.Spec.Route, first, "arn:cert");
                Assert.Equal(PlanAction.Keep, plan.RuleAction);
                Assert.Empty(plan.Steps);
            }
            // A rule that forwards to a target group that is not the app's is pointed back at the app.
            var other = new ListenerRoutes { ListenerArn = "arn:l443", DefaultCertificateArn = "arn:cert" };
            other.Apps[app] = new AppRule("arn:rule/web", new PlacedRule(inputs.Spec.Route, 100), first,
                new[] { (first, 50), (TargetGroupArn("aotech-other-tg"), 50) });
            Assert.Equal(PlanAction.Change, RouteConverger.Plan("main", other, inputs.Spec.Route, first, "arn:cert").RuleAction);
        }

        [Fact]
        public void A_production_rule_without_the_other_target_group_gets_it_at_weight_0()
        {
            var settings = new DeploymentSettings(DeploymentStrategy.BlueGreen);
            var inputs = Inputs();
            var found = ConvergedBlueGreen(inputs, settings);
            var alternate = found.AlternateTargetGroup!.Arn;
            // ECS rolls back a deployment whose rules do not carry both target groups.
            found.Routes!.Apps[inputs.Names.App] = new AppRule("arn:rule/web", new PlacedRule(inputs.Spec.Route, 100), alternate);
            var plan = StackPlanner.Plan(inputs, found);
            var rule = Assert.Single(plan.Changes);
            Assert.Equal("listener rule", rule.Resource);
            Assert.Contains(rule.Changes, c => c == $"Add target group {inputs.Names.TargetGroup} to listener rule {inputs.Spec.Route} at weight 0");

            var route = RouteConverger.Plan("", found.Routes, inputs.Spec.Route, found.TargetGroup!.Arn, "arn:cert", alternate);
            Assert.Equal(found.TargetGroup.Arn, route.MissingTargetGroupArn);
            // A rule carrying both, whatever the weights, is as asked; with Rolling nothing is added.
            found.Routes.Apps[inputs.Names.App] = new AppRule("arn:rule/web", new PlacedRule(inputs.Spec.Route, 100), alternate,
                new[] { (alternate, 100), (found.TargetGroup.Arn, 0) });
            Assert.Null(RouteConverger.Plan("", found.Routes, inputs.Spec.Route, found.TargetGroup.Arn, "arn:cert", alternate).MissingTargetGroupArn);
            Assert.Equal(PlanAction.Keep, RouteConverger.Plan("", found.Routes, inputs.Spec.Route, found.TargetGroup.Arn, "arn:cert", alternate).RuleAction);
        }

        [Fact]
        public void Request_scaling_of_a_rolling_service_on_the_alternate_target_group_is_labelled_with_that_group()
        {
            var inputs = Inputs();
            var found = ConvergedBlueGreen(inputs, DeploymentSettings.Rolling);
            var alternate = found.AlternateTargetGroup!.Arn;
            found.LoadBalancer!.Arn = Prefix + "loadbalancer/app/" + inputs.Names.LoadBalancer + "/50dc6c495c0c9188";
            // Back on Rolling after an odd number of blue/green deployments: the service and production are on the alternate.
            found.Service!.TargetGroupArn = alternate;
            found.Service.AdvancedConfiguration = null;
            found.Routes!.Apps[inputs.Names.App] = new AppRule("arn:rule/web", new PlacedRule(inputs.Spec.Route, 100), alternate,
                new[] { (alternate, 100), (found.TargetGroup!.Arn, 0) });
            var names = AoTech.Ecs.Stack.Scaling.TaskScalingNames.For(inputs.Names);
            var label = AoTech.Ecs.Stack.Scaling.TaskScalingNames.ResourceLabel(found.LoadBalancer!.Arn, alternate);
            found.TaskScaling = new AoTech.Ecs.Stack.Scaling.DiscoveredTaskScaling(1, 10,
                new[] { new AoTech.Ecs.Stack.Scaling.DiscoveredScalingPolicy(names.RequestsPolicy, AoTech.Ecs.Stack.Scaling.TaskScalingNames.RequestsMetric, 500, label) });
            inputs.TaskScaling = found.TaskScaling.AsScaling(names);
            Assert.NotNull(label);
            var plan = StackPlanner.Plan(inputs, found);
            Assert.Equal(PlanAction.Keep, plan.ActionOf(ResourceGroup.TaskScaling));
        }

        [Fact]
        public void A_new_rule_forwards_to_both_target_groups_live_100_other_0()
        {
            var actions = RouteConverger.Forward("arn:tg", "arn:tg2");
            var forward = Assert.Single(actions);
            Assert.Null(forward.TargetGroupArn);
            Assert.Equal(new[] { ("arn:tg", 100), ("arn:tg2", 0) },
                forward.ForwardConfig!.TargetGroups!.Select(t => (t.TargetGroupArn!, t.Weight ?? -1)));
            Assert.Equal("arn:tg", Assert.Single(RouteConverger.Forward("arn:tg")).TargetGroupArn);
        }

        [Fact]
        public void The_target_group_quota_counts_both_of_an_apps_target_groups()
        {
            var inputs = Inputs(endpoint: "main");
            var first = TargetGroupArn(inputs.Names.TargetGroup);
            var alternate = TargetGroupArn(inputs.Names.AlternateTargetGroup);
            var routes = new ListenerRoutes { ListenerArn = "arn:l443" };
            routes.Apps[inputs.Names.App] = new AppRule("arn:rule/web", new PlacedRule(inputs.Spec.Route, 100), first, new[] { (first, 90), (alternate, 10) });
            routes.Apps["other"] = new AppRule("arn:rule/other", new PlacedRule(new AppRoute("other", "other.example.com"), 200), TargetGroupArn("aotech-other-tg"));
            Assert.Equal(3, routes.TargetGroupArns.Count);
        }

        [Fact]
        public void Back_to_rolling_points_the_service_at_the_live_target_group_and_removes_the_advanced_configuration()
        {
            var settings = new DeploymentSettings(DeploymentStrategy.BlueGreen);
            var inputs = Inputs(new DeploymentRequest { Strategy = DeploymentStrategy.Rolling });
            var found = ConvergedBlueGreen(inputs, settings);
            var alternate = found.AlternateTargetGroup!.Arn;
            // The last deployment moved production to the alternate target group; the service still names the first.
            found.Routes!.Apps[inputs.Names.App] = new AppRule("arn:rule/web", new PlacedRule(inputs.Spec.Route, 100), alternate);
            var plan = StackPlanner.Plan(inputs, found);
            var service = Assert.Single(plan.Changes);
            Assert.Equal(ResourceGroup.Service, service.Group);
            Assert.Contains(service.Changes, c => c.Contains("deployment strategy BLUE_GREEN -> ROLLING"));
            Assert.Contains(service.Changes, c => c.StartsWith("target group") && c.EndsWith(alternate));
            Assert.Contains(service.Changes, c => c.Contains("advanced configuration -> none"));
            // Both target groups, the rule and the role stay.
            Assert.DoesNotContain(plan.Items, i => i.Action == PlanAction.Delete);
        }

        [Fact]
        public void A_test_header_plans_a_test_rule_just_before_the_production_rule()
        {
            var settings = new DeploymentSettings(DeploymentStrategy.BlueGreen);
            var inputs = Inputs(new DeploymentRequest { TestTrafficHeader = "X-Test: green" });
            var found = ConvergedBlueGreen(inputs, settings);
            var plan = StackPlanner.Plan(inputs, found);
            var test = Assert.Single(plan.Items, i => i.Resource == "test listener rule");
            Assert.Equal(PlanAction.Create, test.Action);
            Assert.Contains("with header X-Test: green at priority 99", test.Changes.Single());
            Assert.Contains(plan.ItemsOf(ResourceGroup.Service).Single().Changes, c => c.Contains("production and test listener rule"));
        }

        [Fact]
        public void The_alternate_target_group_and_deployment_role_fit_their_limits_with_the_longest_app_name()
        {
            var names = StackNames.For(new string('a', StackNames.MaxAppNameLength));
            Assert.Equal(32, names.AlternateTargetGroup.Length);
            Assert.Equal(21, StackNames.MaxAppNameLength);
            Assert.True(names.DeploymentRole.Length <= 64);
            Assert.Equal(names.App, StackNames.AppOfTargetGroup(names.AlternateTargetGroup));
            Assert.Equal(names.App, StackNames.AppOfTargetGroup(names.TargetGroup));
            Assert.Equal("web-tg2", StackNames.AppOfTargetGroup(StackNames.For("web-tg2").TargetGroup));
        }

        [Fact]
        public void Current_settings_come_from_the_service_and_the_test_rule()
        {
            var inputs = Inputs();
            var settings = new DeploymentSettings(DeploymentStrategy.Linear, 1, linearStepPercent: 20, pauseAt: new[] { "PRE_SCALE_UP" });
            var found = ConvergedBlueGreen(inputs, settings);
            found.Routes!.TestRules[inputs.Names.App] = new AppRule("arn:rule/test", new PlacedRule(inputs.Spec.Route, 99), found.TargetGroup!.Arn,
                header: TestTrafficHeader.Parse("X-Test: 1"));
            var current = DeploymentResources.CurrentSettings(found, inputs.Names)!;
            Assert.Equal(DeploymentStrategy.Linear, current.Strategy);
            Assert.Equal(20, current.LinearStepPercent);
            Assert.Equal(new[] { "PRE_SCALE_UP" }, current.PauseAt);
            Assert.Equal("X-Test: 1", current.TestHeader!.ToString());
            // A strategy the stack does not know: nothing to compare with.
            found.Service!.DeploymentConfiguration = new EcsApi.DeploymentConfiguration { Strategy = "SOMETHING_NEW" };
            Assert.Null(DeploymentResources.CurrentSettings(found, inputs.Names));
            // None reported, but an advanced configuration: the blue/green family, which a re-run keeps.
            found.Service.DeploymentConfiguration = null;
            Assert.Equal(DeploymentStrategy.BlueGreen, DeploymentResources.CurrentSettings(found, inputs.Names)!.Strategy);
            Assert.DoesNotContain(StackPlanner.Plan(inputs, found).Changes.SelectMany(i => i.Changes),
                c => c.Contains("deployment strategy") || c.Contains("advanced configuration -> none"));
        }
    }
}
