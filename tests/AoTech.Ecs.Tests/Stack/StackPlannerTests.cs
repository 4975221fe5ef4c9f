using System;
using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.Planning;
using Xunit;

namespace AoTech.Ecs.Tests.Stack
{
    public class StackPlannerTests
    {
        private static IEnumerable<PlanItem> NotKept(StackPlan plan) => plan.Items.Where(i => i.Action != PlanAction.Keep);

        [Fact]
        public void Nothing_found_means_create_everything_in_every_group()
        {
            var plan = StackPlanner.Plan(StackFixtures.Inputs(), new DiscoveredStack());
            foreach (ResourceGroup group in Enum.GetValues(typeof(ResourceGroup)))
                // An app without auto scaling has no scalable target to plan.
                Assert.Equal(group == ResourceGroup.Cleanup || group == ResourceGroup.TaskScaling ? PlanAction.Keep : PlanAction.Create, plan.ActionOf(group));
            Assert.Empty(plan.ItemsOf(ResourceGroup.Cleanup));
            Assert.Equal(2, plan.Items.Count(i => i.Resource == "subnet"));
            Assert.Contains(plan.Items, i => i.Resource == "HTTPS listener" && i.Action == PlanAction.Create);
            Assert.False(plan.IsNoOp);
        }

        [Fact]
        public void Rerun_with_the_same_inputs_keeps_everything()
        {
            var inputs = StackFixtures.Inputs();
            var plan = StackPlanner.Plan(inputs, StackFixtures.Converged(inputs));
            Assert.Empty(NotKept(plan).Select(i => i.Description));
            Assert.True(plan.IsNoOp);
        }

        [Fact]
        public void Extra_copies_are_planned_as_deletes_in_the_cleanup_group_and_nothing_else_changes()
        {
            var inputs = StackFixtures.Inputs();
            var found = StackFixtures.Converged(inputs);
            found.Extras = new List<DiscoveredExtra>
            {
                new DiscoveredExtra(ExtraKind.InternetGateway, "igw-extra", "aotech-app", null),
                new DiscoveredExtra(ExtraKind.Vpc, "vpc-extra", "aotech-app", "vpc-extra"),
            };
            var plan = StackPlanner.Plan(inputs, found);
            Assert.Equal(new[] { "Delete internet gateway aotech-app (igw-extra)", "Delete VPC aotech-app (vpc-extra)" },
                NotKept(plan).Select(i => $"{i.Action} {i.Resource} {i.Name}"));
            Assert.Equal(PlanAction.Delete, plan.ActionOf(ResourceGroup.Cleanup));
            Assert.False(plan.IsNoOp);
            foreach (ResourceGroup group in Enum.GetValues(typeof(ResourceGroup)))
                if (group != ResourceGroup.Cleanup) Assert.Equal(PlanAction.Keep, plan.ActionOf(group));
        }

        [Fact]
        public void Extras_that_may_be_someone_elses_are_reported_as_kept_and_the_plan_stays_a_no_op()
        {
            var inputs = StackFixtures.Inputs();
            var found = StackFixtures.Converged(inputs);
            found.Extras = new List<DiscoveredExtra>
            {
                new DiscoveredExtra(ExtraKind.Certificate, "arn:cert2", inputs.Spec.DomainName, null)
                {
                    Why = "a second certificate", LeftBecause = "in use by arn:other-lb",
                },
            };
            var plan = StackPlanner.Plan(inputs, found);
            var item = Assert.Single(plan.ItemsOf(ResourceGroup.Cleanup));
            Assert.Equal(PlanAction.Keep, item.Action);
            Assert.Equal($"Keep certificate {inputs.Spec.DomainName} (arn:cert2): a second certificate; left in place: in use by arn:other-lb", item.Description);
            Assert.True(plan.IsNoOp);
        }

        [Fact]
        public void A_log_group_under_the_apps_name_that_the_task_definition_writes_to_is_in_use()
        {
            var json = TaskDefinitionFileTests.Sample.Replace(@"""essential"": false",
                @"""essential"": false, ""logConfiguration"": { ""logDriver"": ""awslogs"", ""options"": { ""awslogs-group"": ""/aotech/web/sidecar"" } }");
            var inputs = StackFixtures.Inputs(json: json);
            var found = StackFixtures.Converged(inputs);
            found.Extras = new List<DiscoveredExtra>
            {
                new DiscoveredExtra(ExtraKind.LogGroup, "/aotech/web/sidecar", null, null) { LeftBecause = "it may hold logs" },
                new DiscoveredExtra(ExtraKind.LogGroup, "/aotech/web/old", null, null) { LeftBecause = "it may hold logs" },
            };
            Assert.Equal(new[] { "/aotech/web/old" }, StackPlanner.Plan(inputs, found).ItemsOf(ResourceGroup.Cleanup).Select(i => i.Name));
        }

        [Fact]
        public void Changing_DesiredCount_changes_only_the_service()
        {
            var before = StackFixtures.Inputs();
            var found = StackFixtures.Converged(before);
            var spec = AppSpecTests.Valid();
            spec.DesiredCount = 5;
            var plan = StackPlanner.Plan(StackFixtures.Inputs(spec), found);
            var changed = Assert.Single(NotKept(plan));
            Assert.Equal(ResourceGroup.Service, changed.Group);
            Assert.Equal(PlanAction.Change, changed.Action);
            Assert.Equal(new[] { "desiredCount 2 -> 5" }, changed.Changes);
        }

        [Fact]
        public void Changing_health_check_changes_only_the_target_group()
        {
            var found = StackFixtures.Converged(StackFixtures.Inputs());
            var spec = AppSpecTests.Valid();
            spec.HealthCheckPath = "/healthz";
            var changed = Assert.Single(NotKept(StackPlanner.Plan(StackFixtures.Inputs(spec), found)));
            Assert.Equal("target group", changed.Resource);
            Assert.Contains("health check path / -> /healthz", changed.Changes);
        }

        [Fact]
        public void Changing_allowed_cidr_changes_only_the_load_balancer_security_group()
        {
            var found = StackFixtures.Converged(StackFixtures.Inputs());
            var spec = AppSpecTests.Valid();
            spec.AllowedCidr = new List<string> { "203.0.113.0/24" };
            var changed = Assert.Single(NotKept(StackPlanner.Plan(StackFixtures.Inputs(spec), found)));
            Assert.Equal(StackNames.For("web").LoadBalancerSecurityGroup, changed.Name);
            Assert.Contains("allow tcp 443 from 203.0.113.0/24", changed.Changes);
            Assert.Contains("revoke tcp 80 from 0.0.0.0/0", changed.Changes);
        }

        [Fact]
        public void Changing_instance_type_or_ami_changes_only_the_launch_template()
        {
            var found = StackFixtures.Converged(StackFixtures.Inputs());
            var spec = AppSpecTests.Valid();
            spec.InstanceType = "t3.medium";
            var inputs = StackFixtures.Inputs(spec);
            inputs.AmiId = "ami-0fedcba9876543210";
            var changed = Assert.Single(NotKept(StackPlanner.Plan(inputs, found)));
            Assert.Equal("launch template", changed.Resource);
            Assert.Equal(2, changed.Changes.Count);
        }

        [Fact]
        public void A_changed_file_registers_a_revision_and_changes_the_service_only()
        {
            var found = StackFixtures.Converged(StackFixtures.Inputs());
            var inputs = StackFixtures.Inputs(json: TaskDefinitionFileTests.Sample.Replace("nginx:1.27", "nginx:1.28"));
            var plan = StackPlanner.Plan(inputs, found);
            Assert.Equal(new[] { ResourceGroup.TaskDefinition, ResourceGroup.Service }, NotKept(plan).Select(i => i.Group));
            Assert.Equal(PlanAction.Create, plan.ActionOf(ResourceGroup.TaskDefinition));
            Assert.Contains(plan.ItemsOf(ResourceGroup.Service).Single().Changes, c => c.Contains("a new revision"));
        }

        [Fact]
        public void A_rollout_revision_newer_than_the_file_is_kept()
        {
            var inputs = StackFixtures.Inputs();
            var found = StackFixtures.Converged(inputs, revision: 7);
            // A rollout registered and deployed revision 7 (no file hash of ours); the file still matches revision 3.
            found.RunningTaskDefinition = StackFixtures.Revision(inputs, 7, fileHash: null);
            found.LatestTaskDefinition = StackFixtures.Revision(inputs, 7, fileHash: null);
            var plan = StackPlanner.Plan(inputs, found);
            Assert.True(plan.IsNoOp, plan.Format());
            Assert.Contains("kept", plan.ItemsOf(ResourceGroup.TaskDefinition).Single().Changes.Single());
        }

        [Fact]
        public void A_file_edit_after_a_rollout_says_what_changes_and_which_image_stays()
        {
            // Issue 20: applied with 1.0.0, rolled out 2.0.0 with Update-AoTaskDefinition, then memory 256 -> 512 in the file.
            var before = StackFixtures.Inputs(json: TaskDefinitionHistory.File(image: "app:1.0.0", memory: 256));
            var v1 = TaskDefinitionHistory.FirstApply(before.TaskDefinition);
            var v2 = TaskDefinitionHistory.RolledOutImage(v1, 2, "app:2.0.0");
            var inputs = StackFixtures.Inputs(json: TaskDefinitionHistory.File(image: "app:1.0.0", memory: 512));
            var found = StackFixtures.Converged(before, revision: 2);
            found.RunningTaskDefinition = v2;
            found.LatestTaskDefinition = v2;

            var plan = StackPlanner.Plan(inputs, found);

            var item = plan.ItemsOf(ResourceGroup.TaskDefinition).Single();
            Assert.Equal(PlanAction.Create, item.Action);
            Assert.Equal("Create task definition aotech-web: memory 256 -> 512; " +
                         "image stays app:2.0.0 (deployed by Update-AoTaskDefinition; the file still says app:1.0.0)", item.Description);
            Assert.Empty(plan.Warnings);
            Assert.Equal(TaskDefinitionDecisionKind.Register, plan.TaskDefinition!.Kind);
            Assert.Contains(plan.ItemsOf(ResourceGroup.Service).Single().Changes, c => c.Contains("a new revision"));
        }

        [Fact]
        public void A_file_edit_that_rolls_back_a_rollout_is_planned_as_one_and_warned_about()
        {
            var before = StackFixtures.Inputs(json: TaskDefinitionHistory.File(image: "app:1.0.0"));
            var v2 = TaskDefinitionHistory.RolledOutImage(TaskDefinitionHistory.FirstApply(before.TaskDefinition), 2, "app:2.0.0");
            var inputs = StackFixtures.Inputs(json: TaskDefinitionHistory.File(image: "app:1.1.0"));
            var found = StackFixtures.Converged(before, revision: 2);
            found.RunningTaskDefinition = v2;
            found.LatestTaskDefinition = v2;
            var plan = StackPlanner.Plan(inputs, found);
            Assert.Contains("image app:2.0.0 -> app:1.1.0 (rollback", plan.Format());
            Assert.Contains("rolls that rollout back", Assert.Single(plan.Warnings));
        }

        [Fact]
        public void ResetImage_is_planned_even_when_the_file_is_unchanged()
        {
            var spec = AppSpecTests.Valid();
            var inputs = StackFixtures.Inputs(spec, json: TaskDefinitionHistory.File(image: "app:1.0.0"));
            var v2 = TaskDefinitionHistory.RolledOutImage(TaskDefinitionHistory.FirstApply(inputs.TaskDefinition), 2, "app:2.0.0");
            var found = StackFixtures.Converged(inputs, revision: 2);
            found.RunningTaskDefinition = v2;
            found.LatestTaskDefinition = v2;
            Assert.True(StackPlanner.Plan(inputs, found).IsNoOp);
            spec.ResetImage = true;
            var plan = StackPlanner.Plan(inputs, found);
            Assert.Equal("Create task definition aotech-web: image app:2.0.0 -> app:1.0.0 (-ResetImage: the file's image)",
                plan.ItemsOf(ResourceGroup.TaskDefinition).Single().Description);
        }

        [Fact]
        public void Missing_certificate_changes_the_https_listener_and_nothing_unrelated()
        {
            var inputs = StackFixtures.Inputs();
            var found = StackFixtures.Converged(inputs);
            found.Certificate = null;
            found.ValidationRecords.Clear();
            var plan = StackPlanner.Plan(inputs, found);
            Assert.Equal(new[] { "certificate", "DNS validation record", "HTTPS listener" }, NotKept(plan).Select(i => i.Resource));
        }

        [Fact]
        public void Pending_certificate_with_record_in_place_is_kept()
        {
            var inputs = StackFixtures.Inputs();
            var found = StackFixtures.Converged(inputs);
            found.Certificate!.Status = "PENDING_VALIDATION";
            var plan = StackPlanner.Plan(inputs, found);
            Assert.True(plan.IsNoOp, plan.Format());
            found.ValidationRecords.Clear();
            Assert.Equal("DNS validation record", Assert.Single(NotKept(StackPlanner.Plan(inputs, found))).Resource);
        }

        [Fact]
        public void Interrupted_run_is_completed_without_duplicates()
        {
            // Stopped after the load balancer and compute were made: what exists is kept, the rest is created.
            var inputs = StackFixtures.Inputs();
            var found = StackFixtures.Converged(inputs);
            found.HttpsListener = null;
            found.HttpListener = null;
            found.AliasRecord = null;
            found.Service = null;
            found.LatestTaskDefinition = StackFixtures.Revision(inputs, 1, inputs.TaskDefinition.ContentHash);
            var plan = StackPlanner.Plan(inputs, found);
            Assert.Equal(new[] { "HTTPS listener", "HTTP listener", "alias record", "ECS service" },
                NotKept(plan).Select(i => i.Resource));
            Assert.All(NotKept(plan), i => Assert.Equal(PlanAction.Create, i.Action));
            // The registered revision is reused, not registered again.
            Assert.Equal(PlanAction.Keep, plan.ActionOf(ResourceGroup.TaskDefinition));
        }

        [Fact]
        public void New_auto_scaling_group_cascades_to_capacity_provider_cluster_and_service()
        {
            var inputs = StackFixtures.Inputs();
            var found = StackFixtures.Converged(inputs);
            found.AutoScalingGroup = null;
            var plan = StackPlanner.Plan(inputs, found);
            Assert.Equal(new[] { "Auto Scaling group", "capacity provider", "ECS cluster", "ECS service" }, NotKept(plan).Select(i => i.Resource));
        }

        [Fact]
        public void Load_balancer_drift_is_repaired()
        {
            var inputs = StackFixtures.Inputs();
            var found = StackFixtures.Converged(inputs);
            found.LoadBalancer!.Attributes.Clear();
            found.HttpsListener!.SslPolicy = "ELBSecurityPolicy-2016-08";
            found.HttpListener!.DefaultActionType = "forward";
            found.LaunchTemplate!.HttpTokens = "optional";
            var plan = StackPlanner.Plan(inputs, found);
            Assert.Equal(new[] { "load balancer", "HTTPS listener", "HTTP listener", "launch template" }, NotKept(plan).Select(i => i.Resource));
            Assert.All(NotKept(plan), i => Assert.Equal(PlanAction.Change, i.Action));
        }

        [Fact]
        public void Existing_network_is_used_and_never_changed()
        {
            var spec = AppSpecTests.Valid();
            spec.VpcId = "vpc-00000000000000001";
            var inputs = StackFixtures.Inputs(spec);
            var found = StackFixtures.Converged(inputs);
            found.Network!.IsExisting = true;
            foreach (var subnet in found.Network.Subnets) subnet.DefaultRouteTarget = "igw-1"; // public, with public IPs
            var plan = StackPlanner.Plan(inputs, found);
            Assert.True(plan.IsNoOp, plan.Format());
            Assert.Equal("existing VPC", Assert.Single(plan.ItemsOf(ResourceGroup.Network)).Resource);
        }

        [Fact]
        public void In_a_given_network_the_load_balancer_takes_the_public_subnets_and_the_instances_those_that_reach_out()
        {
            var spec = AppSpecTests.Valid();
            spec.VpcId = "vpc-00000000000000001";
            var inputs = StackFixtures.Inputs(spec);
            var found = StackFixtures.Converged(inputs);
            found.Network!.IsExisting = true;
            foreach (var subnet in found.Network.Subnets) subnet.DefaultRouteTarget = "igw-1";
            // Two private subnets with a NAT: the instances belong there, the load balancer stays where it is.
            found.Network.Subnets.Add(new DiscoveredSubnet { SubnetId = "subnet-0000000000000000c", AvailabilityZone = "eu-west-1a", DefaultRouteTarget = "nat-1" });
            found.Network.Subnets.Add(new DiscoveredSubnet { SubnetId = "subnet-0000000000000000d", AvailabilityZone = "eu-west-1b", DefaultRouteTarget = "nat-1" });
            var plan = StackPlanner.Plan(inputs, found);
            var change = Assert.Single(plan.Changes);
            Assert.Equal("Auto Scaling group", change.Resource);
            Assert.Contains("-> subnet-0000000000000000c,subnet-0000000000000000d", Assert.Single(change.Changes));
        }

        [Fact]
        public void A_capacity_provider_still_being_deleted_is_made_again()
        {
            var inputs = StackFixtures.Inputs();
            var found = StackFixtures.Converged(inputs);
            found.CapacityProvider!.UpdateStatus = "DELETE_IN_PROGRESS";
            var plan = StackPlanner.Plan(inputs, found);
            Assert.Equal(PlanAction.Create, plan.Items.Single(i => i.Resource == "capacity provider").Action);
        }

        [Fact]
        public void Service_settings_the_backend_does_not_report_are_not_compared()
        {
            var inputs = StackFixtures.Inputs();
            var found = StackFixtures.Converged(inputs);
            found.Service!.CapacityProviders.Clear();
            found.Service.LaunchType = "EC2";
            found.Service.CircuitBreakerEnabled = null;
            found.Service.CircuitBreakerRollback = null;
            found.Service.HealthCheckGracePeriodSeconds = null;
            Assert.True(StackPlanner.Plan(inputs, found).IsNoOp);

            // Reported and different: repaired.
            found.Service.CapacityProviders.Add("someone-elses-cp");
            found.Service.CircuitBreakerEnabled = false;
            found.Service.CircuitBreakerRollback = false;
            found.Service.HealthCheckGracePeriodSeconds = 0;
            var changes = Assert.Single(StackPlanner.Plan(inputs, found).Changes).Changes;
            Assert.Equal(3, changes.Count);
        }

        [Fact]
        public void A_new_domain_retags_the_cluster_and_makes_a_new_certificate_and_alias()
        {
            var found = StackFixtures.Converged(StackFixtures.Inputs());
            var spec = AppSpecTests.Valid();
            spec.DomainName = "other.example.com";
            found.Certificate = null; // discovery looks the certificate and alias up by the (new) domain
            found.AliasRecord = null;
            found.ValidationRecords.Clear();
            var plan = StackPlanner.Plan(StackFixtures.Inputs(spec), found);
            Assert.Equal(new[] { "certificate", "DNS validation record", "HTTPS listener", "alias record", "ECS cluster" },
                plan.Changes.Select(i => i.Resource));
        }

        [Fact]
        public void Trust_policies_are_read_url_encoded_or_not()
        {
            var policy = StackDefaults.TrustPolicy(StackDefaults.Ec2Principal);
            Assert.Equal("ec2.amazonaws.com", AoTech.Ecs.Stack.Converge.Discovery.IamDiscovery.TrustedService(policy));
            Assert.Equal("ec2.amazonaws.com", AoTech.Ecs.Stack.Converge.Discovery.IamDiscovery.TrustedService(System.Net.WebUtility.UrlEncode(policy)));
            Assert.Null(AoTech.Ecs.Stack.Converge.Discovery.IamDiscovery.TrustedService("not json"));
        }

        [Fact]
        public void Plan_text_lists_groups_and_items()
        {
            var inputs = StackFixtures.Inputs();
            var found = StackFixtures.Converged(inputs);
            found.Service!.DesiredCount = 1;
            var text = StackPlanner.Plan(inputs, found).Format();
            Assert.Contains("Service (Change)", text);
            Assert.Contains("  Change ECS service aotech-web: desiredCount 1 -> 2", text);
            Assert.Contains("Network (Keep)", text);
        }

        [Fact]
        public void Every_dependency_points_to_an_earlier_group()
        {
            foreach (ResourceGroup group in Enum.GetValues(typeof(ResourceGroup)))
                Assert.All(StackPlan.DependsOn(group), d => Assert.True(d < group, $"{group} depends on later {d}"));
        }
    }
}
