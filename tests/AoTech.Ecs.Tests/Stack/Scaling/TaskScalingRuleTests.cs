using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.Planning;
using AoTech.Ecs.Stack.Scaling;
using Xunit;

namespace AoTech.Ecs.Tests.Stack.Scaling
{
    public class TaskScalingRuleTests
    {
        private static readonly TaskScalingNames Names = new TaskScalingNames("aotech-app", "aotech-app");
        private const string Label = "app/aotech-app-alb/1111/targetgroup/aotech-app-tg/2222";

        private static string ErrorOf(System.Action action) => Assert.Throws<AoEcsException>(action).ErrorId;

        [Fact]
        public void Static_checks_refuse_bad_input_with_stable_ids()
        {
            Assert.Equal(TaskScalingErrorIds.ScalingOptionsConflict, ErrorOf(() => new TaskScalingRequest { Remove = true, MaxCount = 3 }.Validate(null, true)));
            Assert.Equal(TaskScalingErrorIds.InvalidScalingRange, ErrorOf(() => new TaskScalingRequest { MinCount = 5, MaxCount = 3, TargetCpuPercent = 50 }.Validate(null, true)));
            Assert.Equal(TaskScalingErrorIds.MaxCountRequired, ErrorOf(() => new TaskScalingRequest { MinCount = 2, TargetCpuPercent = 50 }.Validate(null, true)));
            Assert.Equal(TaskScalingErrorIds.DesiredCountOutsideRange, ErrorOf(() => new TaskScalingRequest { MinCount = 2, MaxCount = 4, TargetCpuPercent = 50 }.Validate(5, true)));
            Assert.Equal(TaskScalingErrorIds.InvalidScalingValue, ErrorOf(() => new TaskScalingRequest { MaxCount = 0 }.Validate(null, true)));
            Assert.Equal(TaskScalingErrorIds.InvalidScalingValue, ErrorOf(() => new TaskScalingRequest { MaxCount = 3, TargetCpuPercent = 101 }.Validate(null, true)));
            Assert.Equal(TaskScalingErrorIds.NoScalingTarget, ErrorOf(() => new TaskScalingRequest { TargetCpuPercent = 0, TargetRequestsPerTask = 0 }.Validate(null, true)));
            // Set-AoEcsApp may change the floor alone: the app's -MaxCount stays.
            new TaskScalingRequest { MinCount = 2 }.Validate(null, maxWithMin: false);
        }

        [Fact]
        public void AppSpec_validation_runs_the_scaling_checks_before_anything_else_is_asked()
        {
            var spec = new AppSpec { Name = "app", DomainName = "app.example.com", TaskDefinitionPath = "td.json", DesiredCount = 9, DesiredCountGiven = true,
                Scaling = new TaskScalingRequest { MinCount = 1, MaxCount = 4, TargetCpuPercent = 60 } };
            Assert.Equal(TaskScalingErrorIds.DesiredCountOutsideRange, ErrorOf(spec.Validate));
            spec.DesiredCountGiven = false; // the default count is only a start: kept inside the range, never refused
            spec.Validate();
        }

        [Fact]
        public void A_new_scaling_needs_a_maximum_and_a_target_and_defaults_the_minimum_to_one()
        {
            Assert.Equal(TaskScalingErrorIds.MaxCountRequired, ErrorOf(() => TaskScalingRule.Desired(new TaskScalingRequest { TargetCpuPercent = 50 }, null, null)));
            Assert.Equal(TaskScalingErrorIds.NoScalingTarget, ErrorOf(() => TaskScalingRule.Desired(new TaskScalingRequest { MaxCount = 5 }, null, null)));
            Assert.Equal(new TaskScaling(1, 5, 50, null), TaskScalingRule.Desired(new TaskScalingRequest { MaxCount = 5, TargetCpuPercent = 50 }, null, null));
        }

        [Fact]
        public void Left_out_values_are_kept_a_zero_target_goes_and_NoAutoScaling_removes_all()
        {
            var current = new TaskScaling(2, 8, 60, 1000);
            Assert.Same(current, TaskScalingRule.Desired(new TaskScalingRequest(), current, null));
            Assert.Equal(new TaskScaling(3, 8, 60, 1000), TaskScalingRule.Desired(new TaskScalingRequest { MinCount = 3 }, current, null));
            Assert.Equal(new TaskScaling(2, 8, null, 1000), TaskScalingRule.Desired(new TaskScalingRequest { TargetCpuPercent = 0 }, current, null));
            Assert.Null(TaskScalingRule.Desired(new TaskScalingRequest { Remove = true }, current, null));
            Assert.Equal(TaskScalingErrorIds.InvalidScalingRange, ErrorOf(() => TaskScalingRule.Desired(new TaskScalingRequest { MinCount = 9 }, current, null)));
            Assert.Equal(TaskScalingErrorIds.NoScalingTarget,
                ErrorOf(() => TaskScalingRule.Desired(new TaskScalingRequest { TargetCpuPercent = 0 }, new TaskScaling(2, 8, 60, null), null)));
            // A given desired count must fit the range the app has, also when the run asks nothing else of scaling.
            Assert.Equal(TaskScalingErrorIds.DesiredCountOutsideRange, ErrorOf(() => TaskScalingRule.Desired(new TaskScalingRequest(), current, 9)));
        }

        [Theory]
        [InlineData(2, null, false, 2)]  // no auto scaling: -DesiredCount, as always
        [InlineData(2, 7, false, 2)]     // (and a count changed outside is reset)
        [InlineData(2, 7, true, 7)]      // auto scaling made it 7: kept
        [InlineData(2, 12, true, 8)]     // outside a (new) range: moved to its edge
        [InlineData(2, null, true, 2)]   // a new service starts at -DesiredCount
        [InlineData(0, null, true, 1)]   // ... kept inside the range
        public void The_service_keeps_the_count_auto_scaling_set(int spec, int? current, bool scaling, int expected)
        {
            Assert.Equal(expected, TaskScalingRule.ServiceDesiredCount(spec, current, scaling ? new TaskScaling(1, 8, 50, null) : null));
        }

        [Fact]
        public void Plan_lists_creates_changes_and_deletes_and_keeps_a_converged_scaling()
        {
            var wanted = new TaskScaling(1, 6, 60, 500);
            Assert.Equal(new[] { "Create scalable target service/aotech-app/aotech-app: 1-6 tasks",
                    "Create scaling policy aotech-app-cpu: target 60% CPU (ECSServiceAverageCPUUtilization)",
                    "Create scaling policy aotech-app-requests: target 500 requests/task (ALBRequestCountPerTarget)" },
                TaskScalingRule.Plan(Names, wanted, null, Label).Select(i => i.Description));

            var found = new DiscoveredTaskScaling(1, 6, new[]
            {
                new DiscoveredScalingPolicy(Names.CpuPolicy, TaskScalingNames.CpuMetric, 60, null),
                new DiscoveredScalingPolicy(Names.RequestsPolicy, TaskScalingNames.RequestsMetric, 500, Label),
            });
            Assert.All(TaskScalingRule.Plan(Names, wanted, found, Label), i => Assert.Equal(PlanAction.Keep, i.Action));

            var changed = TaskScalingRule.Plan(Names, new TaskScaling(2, 6, null, 800), found, "app/other/1/targetgroup/tg/2")
                .Where(i => i.Action != PlanAction.Keep).Select(i => i.Description).ToList();
            Assert.Equal(new[] { "Change scalable target service/aotech-app/aotech-app: min 1 -> 2", "Delete scaling policy aotech-app-cpu: target removed (0)",
                    "Change scaling policy aotech-app-requests: target 500 -> 800 requests/task; resource label " + Label + " -> app/other/1/targetgroup/tg/2" },
                changed);
            // A load balancer still to be made: the label changes with it.
            Assert.Contains("resource label -> the new load balancer and target group",
                TaskScalingRule.Plan(Names, wanted, found, null).Single(i => i.Name == Names.RequestsPolicy).Changes);

            var removal = Assert.Single(TaskScalingRule.Plan(Names, null, found, Label));
            Assert.Equal(PlanAction.Delete, removal.Action);
            Assert.Empty(TaskScalingRule.Plan(Names, null, null, Label));
        }

        [Fact]
        public void Resource_label_is_built_from_the_load_balancer_and_target_group_arns()
        {
            Assert.Equal("app/shop-alb/50dc6c495c0c9188/targetgroup/shop-tg/943f017f100becff", TaskScalingNames.ResourceLabel(
                "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop-alb/50dc6c495c0c9188",
                "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-tg/943f017f100becff"));
            Assert.Null(TaskScalingNames.ResourceLabel(null, "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/tg/1"));
        }

        [Fact]
        public void Planner_keeps_a_desired_count_auto_scaling_changed_and_resets_it_without_scaling()
        {
            var inputs = StackFixtures.Inputs();
            var found = StackFixtures.Converged(inputs);
            found.Service!.DesiredCount = inputs.Spec.DesiredCount + 3; // changed outside (auto scaling)
            Assert.Contains(StackPlanner.Plan(inputs, found).Changes, i => i.Resource == "ECS service" && i.Changes.Any(c => c.StartsWith("desiredCount")));

            var names = TaskScalingNames.For(inputs.Names);
            found.TaskScaling = new DiscoveredTaskScaling(1, 10, new[] { new DiscoveredScalingPolicy(names.CpuPolicy, TaskScalingNames.CpuMetric, 60, null) });
            inputs.TaskScaling = found.TaskScaling.AsScaling(names);
            var plan = StackPlanner.Plan(inputs, found);
            Assert.True(plan.IsNoOp, string.Join("; ", plan.Changes.Select(c => c.Description)));
            Assert.Equal(PlanAction.Keep, plan.ActionOf(ResourceGroup.TaskScaling));

            inputs.TaskScaling = new TaskScaling(1, 4, 60, null); // a smaller range moves the count to its edge
            plan = StackPlanner.Plan(inputs, found);
            Assert.Contains(plan.Changes, i => i.Resource == "ECS service" && i.Changes.Contains($"desiredCount {inputs.Spec.DesiredCount + 3} -> 4"));
            Assert.Contains(plan.Changes, i => i.Resource == "scalable target" && i.Changes.Contains("max 10 -> 4"));
        }
    }
}
