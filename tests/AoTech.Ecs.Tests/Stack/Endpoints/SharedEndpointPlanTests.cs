using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.Endpoints;
using AoTech.Ecs.Stack.Planning;
using Xunit;

namespace AoTech.Ecs.Tests.Stack.Endpoints
{
    /// <summary>The plan of an app on a shared endpoint: the listener answers 404, the app's rule and certificate join it.</summary>
    public class SharedEndpointPlanTests
    {
        private const string Certificate = "arn:aws:acm:eu-west-1:123456789012:certificate/c1";

        private static PlanInputs Inputs(string app = "api", string host = "api.example.com", params string[] paths)
        {
            var spec = AppSpecTests.Valid();
            spec.Name = app;
            spec.DomainName = host;
            spec.Endpoint = "main";
            spec.PathPattern = paths.ToList();
            return StackFixtures.Inputs(spec);
        }

        /// <summary>The endpoint as a converged app on it finds it: 404 by default, its rule placed, its certificate served.</summary>
        private static DiscoveredStack Converged(PlanInputs inputs, bool withRule = true)
        {
            var found = StackFixtures.Converged(inputs);
            found.HttpsListener!.DefaultActionType = "fixed-response";
            found.HttpsListener.FixedResponseStatusCode = "404";
            found.HttpsListener.ForwardTargetGroupArn = null;
            found.HttpsListener.CertificateArn = "arn:aws:acm:eu-west-1:123456789012:certificate/first-app";
            found.Cluster!.Tags = new Dictionary<string, string> { [StackNames.EndpointTagKey] = "main" };
            found.Routes = new ListenerRoutes { ListenerArn = "arn:l443", DefaultCertificateArn = found.HttpsListener.CertificateArn };
            found.Routes.ExtraCertificateArns.Add(Certificate);
            if (withRule)
                found.Routes.Apps[inputs.Names.App] = new AppRule("arn:rule/api", new PlacedRule(inputs.Spec.Route, 100), found.TargetGroup!.Arn);
            return found;
        }

        [Fact]
        public void An_app_routed_as_asked_plans_no_change()
        {
            var inputs = Inputs();
            var plan = StackPlanner.Plan(inputs, Converged(inputs));
            Assert.True(plan.IsNoOp, plan.Format());
            Assert.Contains(plan.Items, i => i.Resource == "listener rule" && i.Action == PlanAction.Keep);
        }

        [Fact]
        public void A_joining_app_plans_its_rule_and_its_certificate_and_nothing_the_endpoint_shares()
        {
            var inputs = Inputs();
            var found = Converged(inputs, withRule: false);
            found.Routes!.ExtraCertificateArns.Clear();
            var plan = StackPlanner.Plan(inputs, found);
            var rule = Assert.Single(plan.Changes);
            Assert.Equal("listener rule", rule.Resource);
            Assert.Equal(PlanAction.Create, rule.Action);
            Assert.Contains(rule.Changes, c => c.Contains("Add certificate " + Certificate));
            Assert.Contains(rule.Changes, c => c.Contains("Create listener rule api.example.com"));
        }

        [Fact]
        public void A_joining_app_that_reuses_a_certificate_the_listener_serves_plans_no_certificate_and_no_validation_record()
        {
            var inputs = Inputs();
            var found = Converged(inputs, withRule: false);
            // Discovery found no certificate of the app's: the listener's default one (another app's) covers its host.
            found.Certificate = new DiscoveredCertificate
            {
                Arn = found.Routes!.DefaultCertificateArn!, DomainName = "*.example.com", Status = "ISSUED", IsReused = true,
                ValidationOptions = new List<DiscoveredValidationOption> { new DiscoveredValidationOption { DomainName = "*.example.com", RecordName = "_x.example.com.", RecordValue = "_y.acm-validations.aws." } },
            };
            found.ValidationRecords = new List<DiscoveredRecord>();
            var plan = StackPlanner.Plan(inputs, found);
            var rule = Assert.Single(plan.Changes);
            Assert.Equal("listener rule", rule.Resource);
            Assert.DoesNotContain(rule.Changes, c => c.Contains("Add certificate"));
            var certificate = Assert.Single(plan.Items, i => i.Group == ResourceGroup.Certificate);
            Assert.Equal(PlanAction.Keep, certificate.Action);
        }

        [Fact]
        public void A_listener_that_forwards_is_planned_to_answer_404()
        {
            var inputs = Inputs();
            var found = Converged(inputs);
            found.HttpsListener!.DefaultActionType = "forward";
            var change = Assert.Single(StackPlanner.Plan(inputs, found).Changes);
            Assert.Equal("HTTPS listener", change.Resource);
            Assert.Contains("default action -> fixed response 404", change.Changes);
        }

        [Fact]
        public void A_rule_that_would_shadow_another_apps_is_refused_at_planning()
        {
            var inputs = Inputs("web", "api.example.com");
            var found = Converged(inputs, withRule: false);
            found.Routes!.Apps["api"] = new AppRule("arn:rule/api", new PlacedRule(new AppRoute("api", "api.example.com"), 100), "arn:tg-api");
            var ex = Assert.Throws<AoEcsException>(() => StackPlanner.Plan(inputs, found));
            Assert.Equal(EndpointErrorIds.RouteConflict, ex.ErrorId);
        }

        [Fact]
        public void A_first_run_whose_target_group_and_certificate_are_new_is_refused_at_planning_when_it_would_shadow()
        {
            var inputs = Inputs("web", "api.example.com");
            var found = Converged(inputs, withRule: false);
            found.TargetGroup = null;
            found.Certificate = null;
            found.Routes!.Apps["api"] = new AppRule("arn:rule/api", new PlacedRule(new AppRoute("api", "api.example.com"), 100), "arn:tg-api");
            var ex = Assert.Throws<AoEcsException>(() => StackPlanner.Plan(inputs, found));
            Assert.Equal(EndpointErrorIds.RouteConflict, ex.ErrorId);
        }

        [Fact]
        public void A_first_run_is_refused_at_planning_when_the_listener_has_no_room_for_its_certificate()
        {
            var inputs = Inputs("web", "web.example.com");
            var found = Converged(inputs, withRule: false);
            found.Certificate = null;
            for (var i = 0; i < EndpointQuotas.CertificatesPerLoadBalancer; i++) found.Routes!.ExtraCertificateArns.Add("arn:cert/" + i);
            var ex = Assert.Throws<AoEcsException>(() => StackPlanner.Plan(inputs, found));
            Assert.Equal(EndpointErrorIds.TooManyCertificates, ex.ErrorId);
        }

        [Fact]
        public void A_first_run_shows_its_rule_with_the_new_target_group_and_certificate_by_name()
        {
            var inputs = Inputs("web", "web.example.com", "/web/*");
            var found = Converged(inputs, withRule: false);
            found.TargetGroup = null;
            found.Certificate = null;
            var rule = Assert.Single(StackPlanner.Plan(inputs, found).Items, i => i.Resource == "listener rule");
            Assert.Equal(PlanAction.Create, rule.Action);
            Assert.Contains(rule.Changes, c => c.StartsWith("Add certificate (new certificate for web.example.com)"));
            Assert.Contains(rule.Changes, c => c.StartsWith("Create listener rule web.example.com /web/*"));
        }

        [Fact]
        public void An_app_with_a_fixed_host_port_adds_its_port_and_revokes_no_other_apps_range()
        {
            var spec = AppSpecTests.Valid();
            spec.Endpoint = "main";
            var inputs = StackFixtures.Inputs(spec,
                TaskDefinitionFileTests.Sample.Replace("{ \"containerPort\": 8080 }", "{ \"containerPort\": 8080, \"hostPort\": 8081 }"));
            var found = Converged(inputs);
            var albId = found.LoadBalancerSecurityGroup!.GroupId;
            // The group as another app with dynamic ports left it.
            found.InstanceSecurityGroup!.Ingress = new List<IngressRule> { new IngressRule(StackDefaults.DynamicPortFrom, StackDefaults.DynamicPortTo, null, albId) };
            var group = Assert.Single(StackPlanner.Plan(inputs, found).Changes);
            Assert.Equal(inputs.Names.InstanceSecurityGroup, group.Name);
            Assert.Equal(new[] { "allow " + new IngressRule(8081, 8081, null, albId) }, group.Changes);

            // Once both are there, neither app changes the group.
            found.InstanceSecurityGroup.Ingress.Add(new IngressRule(8081, 8081, null, albId));
            Assert.True(StackPlanner.Plan(inputs, found).IsNoOp);
            Assert.DoesNotContain(StackPlanner.Plan(Inputs(), found).Changes, c => c.Resource == "security group");
        }

        [Theory]
        [InlineData(EndpointErrorIds.TooManyConditionValues, "/a/*", "/b/*", "/c/*", "/d/*")]
        [InlineData(EndpointErrorIds.TooManyConditionValues, "/a/*/x/*", "/b/*/*", "/c*?")]
        [InlineData(EndpointErrorIds.InvalidPathPattern, "/a b")]
        [InlineData(EndpointErrorIds.InvalidPathPattern, "api/*")]
        [InlineData(null, "/a/*", "/b/*", "/c/*", "/a/*")]
        [InlineData(null, "/a/*/x/*", "/b/*/*")]
        public void Path_patterns_stay_within_what_one_listener_rule_takes(string? errorId, params string[] paths)
        {
            var spec = AppSpecTests.Valid();
            spec.Endpoint = "main";
            spec.PathPattern = paths.ToList();
            if (errorId == null)
            {
                spec.Validate();
                return;
            }
            var ex = Assert.Throws<AoEcsException>(spec.Validate);
            Assert.Equal(errorId, ex.ErrorId);
        }

        [Fact]
        public void A_path_pattern_needs_an_endpoint()
        {
            var spec = AppSpecTests.Valid();
            spec.PathPattern = new List<string> { "/api/*" };
            Assert.Equal(EndpointErrorIds.InvalidPathPattern, Assert.Throws<AoEcsException>(spec.Validate).ErrorId);
            spec.Endpoint = "main";
            spec.Validate();
            Assert.Equal("/api/*", Assert.Single(spec.Route.Paths));
        }
    }
}
