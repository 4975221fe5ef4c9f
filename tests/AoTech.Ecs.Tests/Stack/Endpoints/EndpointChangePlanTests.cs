using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.Endpoints;
using AoTech.Ecs.Stack.Planning;
using Xunit;

namespace AoTech.Ecs.Tests.Stack.Endpoints
{
    /// <summary>Set-AoEcsEndpoint's plan (StackPlanner.PlanEndpoint): only the endpoint's resources, and only what changes.</summary>
    public class EndpointChangePlanTests
    {
        private const string NewerAmi = "ami-0fedcba9876543210";

        /// <summary>The endpoint 'main' as a converged app 'api' on it leaves it, with two running instances.</summary>
        private static DiscoveredStack Endpoint()
        {
            var spec = AppSpecTests.Valid();
            spec.Name = "api";
            spec.Endpoint = "main";
            var found = StackFixtures.Converged(StackFixtures.Inputs(spec));
            found.AutoScalingGroup!.InstanceCount = 2;
            found.Cluster!.Tags = new Dictionary<string, string> { [StackNames.EndpointTagKey] = "main", ["team"] = "web" };
            return found;
        }

        private static (PlanInputs Inputs, StackPlan Plan) Plan(EndpointChange change, DiscoveredStack found, string ami = StackFixtures.Ami)
        {
            change.Name = "main";
            change.Validate();
            var inputs = change.InputsFor(change.SpecFor(found, StackFixtures.Region), found, ami, StackFixtures.Region);
            return (inputs, StackPlanner.PlanEndpoint(inputs, found));
        }

        private static readonly string[] AppResources =
            { "certificate", "target group", "listener rule", "ECS service", "task definition", "alias record", "log group", "IAM role" };

        [Fact]
        public void The_endpoints_own_values_plan_no_change_and_no_app_resource()
        {
            var (_, plan) = Plan(new EndpointChange(), Endpoint());
            Assert.True(plan.IsNoOp, plan.Format());
            Assert.DoesNotContain(plan.Items, i => AppResources.Contains(i.Resource));
            Assert.DoesNotContain(plan.Items, i => i.Name == StackNames.For("api", "main").InstanceSecurityGroup);
            Assert.Equal(new[] { ResourceGroup.Network, ResourceGroup.SecurityGroups, ResourceGroup.Compute }, plan.Scope);
        }

        [Fact]
        public void A_new_instance_type_is_a_new_launch_template_version_and_an_instance_refresh_only()
        {
            var (inputs, plan) = Plan(new EndpointChange { InstanceType = "t3.large" }, Endpoint());
            Assert.Equal(new[] { "launch template", "instance refresh" }, plan.Changes.Select(i => i.Resource));
            Assert.Equal(new[] { "instance type t3.small -> t3.large" }, plan.Changes.First().Changes);
            Assert.Contains("replace 2 instance(s) with the new launch template version", plan.Changes.Last().Changes.Single());
            Assert.All(plan.Changes, i => Assert.Equal(ResourceGroup.Compute, i.Group));
            Assert.Equal("aotech-main-lt", plan.Changes.First().Name);
            // The endpoint's user tags stay on what the new version launches.
            Assert.Equal("web", inputs.Spec.Tags["team"]);
        }

        [Fact]
        public void New_bounds_change_the_auto_scaling_group_only()
        {
            var (_, plan) = Plan(new EndpointChange { MinSize = 2, MaxSize = 8 }, Endpoint());
            var changed = Assert.Single(plan.Changes);
            Assert.Equal("Auto Scaling group", changed.Resource);
            Assert.Equal("aotech-main-asg", changed.Name);
            Assert.Equal(new[] { "min size 1 -> 2", "max size 4 -> 8" }, changed.Changes);
        }

        [Fact]
        public void One_bound_given_is_checked_against_the_endpoints_other_one()
        {
            // MaxSize 4 on the endpoint: a minimum of 5 crosses it.
            var ex = Assert.Throws<AoEcsException>(() => Plan(new EndpointChange { MinSize = 5 }, Endpoint()));
            Assert.Equal(StackErrorIds.InvalidCount, ex.ErrorId);
            var (_, plan) = Plan(new EndpointChange { MinSize = 4 }, Endpoint());
            Assert.Equal(new[] { "min size 1 -> 4" }, Assert.Single(plan.Changes).Changes);
        }

        [Fact]
        public void New_cidrs_change_the_load_balancer_group_rules_only()
        {
            var (_, plan) = Plan(new EndpointChange { AllowedCidr = new[] { "203.0.113.0/24 " } }, Endpoint());
            var changed = Assert.Single(plan.Changes);
            Assert.Equal("aotech-main-alb", changed.Name);
            Assert.Equal(ResourceGroup.SecurityGroups, changed.Group);
            Assert.Contains("allow tcp 443 from 203.0.113.0/24", changed.Changes);
            Assert.Contains("allow tcp 80 from 203.0.113.0/24", changed.Changes);
            Assert.Contains("revoke tcp 443 from 0.0.0.0/0", changed.Changes);
        }

        [Fact]
        public void A_newer_ami_is_a_new_launch_template_version_and_an_instance_refresh()
        {
            var (_, plan) = Plan(new EndpointChange(), Endpoint(), NewerAmi);
            Assert.Equal(new[] { "launch template", "instance refresh" }, plan.Changes.Select(i => i.Resource));
            Assert.Equal(new[] { $"image (new instances) {StackFixtures.Ami} -> {NewerAmi}" }, plan.Changes.First().Changes);
        }

        [Fact]
        public void The_instances_keep_their_user_data_privileged_switch_and_session_manager()
        {
            var found = Endpoint();
            var spec = AppSpecTests.Valid();
            spec.Name = "api";
            spec.Endpoint = "main";
            spec.AllowPrivileged = true;
            var privileged = StackFixtures.Inputs(spec);
            found.LaunchTemplate!.UserData = privileged.UserData;
            var (inputs, plan) = Plan(new EndpointChange { MaxSize = 5 }, found);
            Assert.True(inputs.Spec.AllowPrivileged);
            Assert.Equal(new[] { "Auto Scaling group" }, plan.Changes.Select(i => i.Resource));
        }

        [Theory]
        [InlineData("t3", StackErrorIds.InvalidInstanceType)]
        [InlineData(null, StackErrorIds.InvalidCidr)]
        public void Bad_values_are_refused_before_anything_is_read(string? instanceType, string errorId)
        {
            var change = new EndpointChange { Name = "main", InstanceType = instanceType, AllowedCidr = instanceType == null ? new[] { "10.0.0.1/8" } : null };
            Assert.Equal(errorId, Assert.Throws<AoEcsException>(change.Validate).ErrorId);
        }

        [Fact]
        public void Bounds_that_cross_and_a_bad_name_or_ami_are_refused()
        {
            Assert.Equal(StackErrorIds.InvalidCount, Assert.Throws<AoEcsException>(new EndpointChange { Name = "main", MinSize = 3, MaxSize = 2 }.Validate).ErrorId);
            Assert.Equal(EndpointErrorIds.InvalidEndpointName, Assert.Throws<AoEcsException>(new EndpointChange { Name = "Main" }.Validate).ErrorId);
            Assert.Equal(AoTech.Ecs.Stack.Hardening.HardeningErrorIds.InvalidAmiId,
                Assert.Throws<AoEcsException>(new EndpointChange { Name = "main", AmiId = "ami-1" }.Validate).ErrorId);
        }

        [Fact]
        public void An_endpoint_without_its_instances_is_not_found()
        {
            var found = Endpoint();
            EndpointChange.RequireExists("main", found, StackFixtures.Region);
            var empty = new DiscoveredStack();
            var ex = Assert.Throws<AoEcsException>(() => EndpointChange.RequireExists("main", empty, StackFixtures.Region));
            Assert.Equal(EndpointErrorIds.EndpointNotFound, ex.ErrorId);
            Assert.Contains("New-AoEcsApp -Endpoint main", ex.Message);
            found.LaunchTemplate = null;
            Assert.Contains("no launch template", Assert.Throws<AoEcsException>(() => EndpointChange.RequireExists("main", found, StackFixtures.Region)).Message);
        }

        [Fact]
        public void After_the_change_an_app_joining_with_the_new_value_is_accepted_and_with_the_old_one_refused()
        {
            var found = Endpoint();
            found.LaunchTemplate!.InstanceType = "t3.large";   // as the change left it
            var current = EndpointSettings.Of(found, StackFixtures.Region);
            var joining = AppSpecTests.Valid();
            joining.InstanceType = "t3.large";
            EndpointSettings.Given(joining, found, new[] { "InstanceType" }).RequireSameAs(current, "main", "web");
            joining.InstanceType = "t3.small";
            Assert.Equal(EndpointErrorIds.EndpointSettingMismatch, Assert.Throws<AoEcsException>(() =>
                EndpointSettings.Given(joining, found, new[] { "InstanceType" }).RequireSameAs(current, "main", "web")).ErrorId);
        }
    }

    public class EndpointCapacityTests
    {
        private static readonly InstanceTypeInfo Small = new InstanceTypeInfo("t3.small", new[] { "x86_64" }, 2048, 2);

        private static EndpointTasks Services(params EndpointService[] services) => new EndpointTasks(services);

        [Fact]
        public void Apps_whose_tasks_fill_more_instances_than_max_size_warn_with_the_numbers()
        {
            // 512 MiB tasks: 3 per t3.small (1945 MiB usable). 4 + 3 tasks fill 3 instances.
            var services = Services(
                new EndpointService("aotech-api", new TaskResources(512, 256, false), 4, 4),
                new EndpointService("aotech-web", new TaskResources(512, 256, false), 3, 3));
            Assert.Null(EndpointCapacity.Warning("main", Small, 3, services));
            var warning = EndpointCapacity.Warning("main", Small, 2, services);
            Assert.NotNull(warning);
            Assert.Contains("need about 3 instance(s) of t3.small, but -MaxSize is 2", warning);
            Assert.Contains("aotech-api: 4 task(s), 3 per instance", warning);
        }

        [Fact]
        public void Apps_that_fit_but_not_at_their_auto_scaling_maximum_warn_so()
        {
            var services = Services(new EndpointService("aotech-api", new TaskResources(512, 256, false), 3, 9));
            Assert.Null(EndpointCapacity.Warning("main", Small, 3, services));
            Assert.Contains("at their auto scaling maximum its apps' tasks need about 3 instance(s)", EndpointCapacity.Warning("main", Small, 2, services));
        }

        [Fact]
        public void A_blue_green_family_app_counts_its_tasks_twice()
        {
            // 3 tasks of 512 MiB fill one t3.small; a blue/green-family deployment runs 3 more beside them.
            var rolling = Services(new EndpointService("aotech-api", new TaskResources(512, 256, false), 3, 3));
            var blueGreen = Services(new EndpointService("aotech-api", new TaskResources(512, 256, false), 3, 3, blueGreenFamily: true));
            Assert.Null(EndpointCapacity.Warning("main", Small, 1, rolling));
            var warning = EndpointCapacity.Warning("main", Small, 1, blueGreen);
            Assert.NotNull(warning);
            Assert.Contains("need about 2 instance(s) of t3.small, but -MaxSize is 1", warning);
            Assert.Contains("twice during a blue/green-family deployment", warning);
        }

        [Fact]
        public void A_task_larger_than_an_instance_warns()
        {
            var services = Services(new EndpointService("aotech-big", new TaskResources(4096, 0, false), 1, 1));
            Assert.Contains("does not fit on a t3.small", EndpointCapacity.Warning("main", Small, 10, services));
        }
    }
}
