using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.Hardening;
using AoTech.Ecs.Stack.Planning;
using Xunit;
using Ec2 = Amazon.EC2.Model;

namespace AoTech.Ecs.Tests.Stack
{
    /// <summary>The hardening rules of issue 14: user data, roles, instance refresh, own AMIs, policies.</summary>
    public class HardeningTests
    {
        private const string Region = StackFixtures.Region;

        private static IEnumerable<PlanItem> NotKept(StackPlan plan) => plan.Items.Where(i => i.Action != PlanAction.Keep);

        private static string ErrorId(Action action) => Assert.Throws<AoEcsException>(action).ErrorId;

        /// <summary>What an app made before the hardening looks like: old user data, no Session Manager, no task role.</summary>
        private static DiscoveredStack OldApp(PlanInputs inputs, int instances = 2)
        {
            var found = StackFixtures.Converged(inputs);
            found.LaunchTemplate!.UserData = "#!/bin/bash\necho ECS_CLUSTER=" + inputs.Names.Cluster + " >> /etc/ecs/ecs.config\n";
            found.LaunchTemplate.MetadataHopLimit = 2; // what versions before the hardening set
            found.InstanceRole!.AttachedPolicyArns.Remove(StackDefaults.SessionManagerPolicyArn(Region));
            found.AutoScalingGroup!.InstanceCount = instances;
            found.AutoScalingGroup.InstanceLaunchTemplateVersions = Enumerable.Repeat("1", instances).ToList();
            return found;
        }

        [Fact]
        public void An_app_made_before_the_hardening_plans_the_new_launch_template_version_the_refresh_and_Session_Manager_and_nothing_else()
        {
            var inputs = StackFixtures.Inputs();
            var found = OldApp(inputs);
            found.TaskRole = null;
            var plan = StackPlanner.Plan(inputs, found);

            var changes = NotKept(plan).Select(i => $"{i.Action} {i.Resource}").OrderBy(x => x, StringComparer.Ordinal).ToList();
            Assert.Equal(new[] { "Change IAM role", "Change instance refresh", "Change launch template", "Create IAM role" }, changes);
            var template = plan.Items.Single(i => i.Resource == "launch template");
            Assert.Equal(new[]
            {
                "user data -> hardened (containers blocked from instance metadata, security updates, ECS agent options)",
                "metadata hop limit 2 -> 1 (no token for containers)",
            }, template.Changes);
            Assert.Contains("replace 2 instance(s) with the new launch template version", plan.Items.Single(i => i.Resource == "instance refresh").Changes[0]);
            Assert.Equal(new[] { "attach " + StackDefaults.SessionManagerPolicyArn(Region) },
                plan.Items.Single(i => i.Resource == "IAM role" && i.Name == inputs.Names.InstanceRole).Changes);
            Assert.Equal(PlanAction.Create, plan.Items.Single(i => i.Name == inputs.Names.TaskRole).Action);
            foreach (var group in new[] { ResourceGroup.Network, ResourceGroup.SecurityGroups, ResourceGroup.LoadBalancer, ResourceGroup.Cluster, ResourceGroup.Service })
                Assert.Equal(PlanAction.Keep, plan.ActionOf(group));
        }

        /// <summary>An app made before the task role: its revision (and the service's file hash) without taskRoleArn.</summary>
        private static DiscoveredStack OldAppWithoutTaskRole(PlanInputs inputs)
        {
            var file = TaskDefinitionFileTests.Parse(TaskDefinitionFileTests.Sample);
            var target = AoTech.Ecs.Stack.TaskDefinitions.ContainerSelection.Select(file, null, null);
            var before = AoTech.Ecs.Stack.TaskDefinitions.DesiredTaskDefinition.Create(file, target, inputs.Names, Region,
                StackDefaults.RoleArn(Region, StackFixtures.Account, inputs.Names, inputs.Names.ExecutionRole), inputs.Spec.Tags);
            Assert.Null(before.Request["taskRoleArn"]);
            var found = OldApp(new PlanInputs(inputs.Spec, inputs.Names, before, Region) { AmiId = inputs.AmiId, UserData = inputs.UserData, AvailabilityZones = inputs.AvailabilityZones });
            found.TaskRole = null;
            return found;
        }

        [Fact]
        public void Its_running_revision_without_a_task_role_stays_while_the_role_grants_nothing()
        {
            // The empty role would roll every task for nothing: the containers may do as much without it.
            var inputs = StackFixtures.Inputs();
            var plan = StackPlanner.Plan(inputs, OldAppWithoutTaskRole(inputs));

            Assert.Equal(PlanAction.Keep, plan.ActionOf(ResourceGroup.TaskDefinition));
            Assert.Equal(PlanAction.Keep, plan.ActionOf(ResourceGroup.Service));
            Assert.Equal(TaskDefinitionDecisionKind.Keep, plan.TaskDefinition!.Kind);
            Assert.False(plan.TaskDefinition.RecordFileHashOnly);
            Assert.Contains("without the app's task role", plan.TaskDefinition.Reason);
            var changes = NotKept(plan).Select(i => $"{i.Action} {i.Resource}").OrderBy(x => x, StringComparer.Ordinal).ToList();
            Assert.Equal(new[] { "Change IAM role", "Change instance refresh", "Change launch template", "Create IAM role" }, changes);
        }

        [Fact]
        public void Its_running_revision_without_a_task_role_gets_a_new_revision_naming_the_role_once_it_grants_something_or_the_file_changes()
        {
            var spec = AppSpecTests.Valid();
            spec.TaskRolePolicy = new List<string> { "arn:aws:iam::aws:policy/ReadOnlyAccess" };
            var withPolicy = StackFixtures.Inputs(spec);
            var plan = StackPlanner.Plan(withPolicy, OldAppWithoutTaskRole(withPolicy));
            Assert.Equal(PlanAction.Create, plan.ActionOf(ResourceGroup.TaskDefinition));
            Assert.Equal(withPolicy.TaskDefinition.Request["taskRoleArn"]!.ToString(), plan.TaskDefinition!.Request!["taskRoleArn"]!.ToString());
            Assert.Contains(plan.Items.Single(i => i.Resource == "ECS service").Changes, c => c.Contains("-> a new revision"));

            var changedFile = StackFixtures.Inputs(json: TaskDefinitionFileTests.Sample.Replace("\"memoryReservation\": 128", "\"memoryReservation\": 256"));
            var old = OldAppWithoutTaskRole(StackFixtures.Inputs());
            plan = StackPlanner.Plan(changedFile, old);
            Assert.Equal(TaskDefinitionDecisionKind.Register, plan.TaskDefinition!.Kind);
            Assert.Equal(StackDefaults.RoleArn(Region, StackFixtures.Account, changedFile.Names, changedFile.Names.TaskRole),
                plan.TaskDefinition.Request!["taskRoleArn"]!.ToString());
            foreach (var group in new[] { ResourceGroup.Network, ResourceGroup.SecurityGroups, ResourceGroup.LoadBalancer, ResourceGroup.Cluster })
                Assert.Equal(PlanAction.Keep, plan.ActionOf(group));
        }

        [Fact]
        public void A_hardened_app_with_its_instances_on_the_latest_version_plans_nothing()
        {
            var inputs = StackFixtures.Inputs();
            var found = StackFixtures.Converged(inputs);
            found.AutoScalingGroup!.InstanceCount = 2;
            found.AutoScalingGroup.InstanceLaunchTemplateVersions = new List<string> { "1", "1" };
            Assert.True(StackPlanner.Plan(inputs, found).IsNoOp);
        }

        [Fact]
        public void Instances_left_on_an_older_version_are_refreshed_unless_a_refresh_is_under_way()
        {
            var inputs = StackFixtures.Inputs();
            var found = StackFixtures.Converged(inputs);
            found.LaunchTemplate!.LatestVersion = 3;
            found.AutoScalingGroup!.InstanceCount = 2;
            found.AutoScalingGroup.InstanceLaunchTemplateVersions = new List<string> { "3", "2" };
            var plan = StackPlanner.Plan(inputs, found);
            var refresh = Assert.Single(NotKept(plan));
            Assert.Equal("instance refresh", refresh.Resource);
            Assert.Contains("replace 1 instance(s) with the latest launch template version", refresh.Changes[0]);

            found.AutoScalingGroup.ActiveRefresh = new DiscoveredInstanceRefresh { Id = "r-1", Status = "InProgress", PercentageComplete = 40 };
            plan = StackPlanner.Plan(inputs, found);
            Assert.True(plan.IsNoOp);
            Assert.Contains("instance refresh r-1 InProgress (40% done)", plan.Items.Single(i => i.Resource == "instance refresh").Changes[0]);
        }

        [Fact]
        public void A_group_without_instances_needs_no_refresh_and_a_key_pair_is_removed()
        {
            var inputs = StackFixtures.Inputs();
            var found = OldApp(inputs, instances: 0);
            found.LaunchTemplate!.KeyName = "admin";
            var plan = StackPlanner.Plan(inputs, found);
            Assert.DoesNotContain(plan.Items, i => i.Resource == "instance refresh");
            Assert.Contains("key pair admin -> none", plan.Items.Single(i => i.Resource == "launch template").Changes);
        }

        [Fact]
        public void No_session_manager_detaches_only_the_policy_the_stack_put_there()
        {
            var spec = AppSpecTests.Valid();
            spec.NoSessionManager = true;
            var inputs = StackFixtures.Inputs(spec);
            var found = StackFixtures.Converged(StackFixtures.Inputs());
            found.InstanceRole!.AttachedPolicyArns.Add("arn:aws:iam::123456789012:policy/someone-elses");
            var role = StackPlanner.Plan(inputs, found).Items.Single(i => i.Resource == "IAM role" && i.Name == inputs.Names.InstanceRole);
            Assert.Equal(new[] { "detach " + StackDefaults.SessionManagerPolicyArn(Region) }, role.Changes);
        }

        [Fact]
        public void The_task_role_has_exactly_the_permissions_given_and_every_role_the_boundary()
        {
            var policy = Path.GetTempFileName();
            try
            {
                File.WriteAllText(policy, "{ \"Version\": \"2012-10-17\", \"Statement\": { \"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\" } }");
                var spec = AppSpecTests.Valid();
                spec.TaskRolePolicy = new List<string> { policy, "arn:aws:iam::aws:policy/ReadOnlyAccess" };
                spec.PermissionsBoundary = "arn:aws:iam::123456789012:policy/boundary";
                var inputs = StackFixtures.Inputs(spec);
                var found = StackFixtures.Converged(inputs);
                found.TaskRole!.AttachedPolicyArns.Add("arn:aws:iam::aws:policy/AdministratorAccess");
                found.TaskRole.InlinePolicies["left-over"] = "";
                var plan = StackPlanner.Plan(inputs, found);
                Assert.Equal(new[]
                {
                    "attach arn:aws:iam::aws:policy/ReadOnlyAccess", "detach arn:aws:iam::aws:policy/AdministratorAccess",
                    "put inline policy aotech-task-policy", "delete inline policy left-over",
                    "permissions boundary (none) -> arn:aws:iam::123456789012:policy/boundary",
                }, plan.Items.Single(i => i.Name == inputs.Names.TaskRole).Changes);
                Assert.Contains("permissions boundary (none) -> arn:aws:iam::123456789012:policy/boundary",
                    plan.Items.Single(i => i.Name == inputs.Names.ExecutionRole).Changes);

                // Converged: IAM hands the document back URL-encoded and re-spaced; it is the same policy.
                found.TaskRole.AttachedPolicyArns.Remove("arn:aws:iam::aws:policy/AdministratorAccess");
                found.TaskRole.AttachedPolicyArns.Add("arn:aws:iam::aws:policy/ReadOnlyAccess");
                found.TaskRole.InlinePolicies.Clear();
                found.TaskRole.InlinePolicies["aotech-task-policy"] = Uri.EscapeDataString(
                    "{\"Statement\": {\"Resource\": \"*\", \"Action\": \"s3:GetObject\", \"Effect\": \"Allow\"}, \"Version\": \"2012-10-17\"}");
                foreach (var role in new[] { found.InstanceRole!, found.ExecutionRole!, found.TaskRole })
                    role.PermissionsBoundaryArn = "arn:aws:iam::123456789012:policy/boundary";
                Assert.True(StackPlanner.Plan(inputs, found).IsNoOp);
            }
            finally
            {
                File.Delete(policy);
            }
        }

        [Fact]
        public void The_task_definition_names_the_apps_task_role_unless_the_file_names_its_own()
        {
            var inputs = StackFixtures.Inputs();
            Assert.Equal(StackDefaults.RoleArn(Region, StackFixtures.Account, inputs.Names, inputs.Names.TaskRole),
                (string?)inputs.TaskDefinition.Request["taskRoleArn"]);
            Assert.Empty(inputs.TaskDefinition.Warnings);

            var own = TaskDefinitionFileTests.Sample.Replace("\"containerDefinitions\"", "\"taskRoleArn\": \"arn:aws:iam::123456789012:role/mine\", \"containerDefinitions\"");
            var withOwn = StackFixtures.Inputs(json: own);
            Assert.Equal("arn:aws:iam::123456789012:role/mine", (string?)withOwn.TaskDefinition.Request["taskRoleArn"]);
            Assert.Contains("names its own taskRoleArn", Assert.Single(withOwn.TaskDefinition.Warnings));
            Assert.Contains(StackPlanner.Plan(withOwn, new DiscoveredStack()).Warnings, w => w.Contains("names its own taskRoleArn"));
        }

        [Fact]
        public void User_data_blocks_the_metadata_service_for_containers_and_sets_the_agent_options()
        {
            var text = InstanceUserData.For("aotech-web", allowPrivileged: false, ownScript: null);
            Assert.Contains("Content-Type: text/cloud-boothook", text);
            Assert.Contains("ECS_CLUSTER=aotech-web\n", text);
            Assert.Contains("ECS_DISABLE_PRIVILEGED=true\n", text);
            Assert.Contains("ECS_AWSVPC_BLOCK_IMDS=true\n", text);
            Assert.Equal(text, InstanceUserData.For("aotech-web", false, null));
            Assert.Contains("ECS_DISABLE_PRIVILEGED=false\n", InstanceUserData.For("aotech-web", allowPrivileged: true, ownScript: null));

            var withScript = InstanceUserData.For("aotech-web", false, "echo mine");
            Assert.True(withScript.IndexOf("#!/bin/bash\necho mine\n", StringComparison.Ordinal) > withScript.IndexOf("dnf-automatic", StringComparison.Ordinal));
            Assert.EndsWith("--" + InstanceUserData.Boundary + "--\n", withScript);
        }

        /// <summary>The body of the user data's part of <paramref name="contentType"/>.</summary>
        private static string UserDataPart(string text, string contentType)
        {
            var start = text.IndexOf("Content-Type: " + contentType + ";", StringComparison.Ordinal);
            Assert.True(start >= 0, contentType);
            start = text.IndexOf("\n\n", start, StringComparison.Ordinal) + 2;
            return text.Substring(start, text.IndexOf("--" + InstanceUserData.Boundary, start, StringComparison.Ordinal) - start);
        }

        [Fact]
        public void The_metadata_block_is_applied_by_Docker_each_time_it_starts_and_fails_closed()
        {
            var boothook = UserDataPart(InstanceUserData.For("aotech-web", false, null), "text/cloud-boothook");
            // The rule, as the ECS Developer Guide gives it, inserted first in DOCKER-USER unless it is there already.
            Assert.Contains("iptables --check DOCKER-USER --in-interface docker+ --destination 169.254.169.254/32 --jump DROP 2>/dev/null ||\n" +
                            "  iptables --insert DOCKER-USER 1 --in-interface docker+ --destination 169.254.169.254/32 --jump DROP\n", boothook);
            // Docker runs it after every start (a failing ExecStartPost fails the start); no package install to depend on.
            Assert.Contains("cat > " + InstanceUserData.DockerDropIn + " <<'EOF'\n[Service]\nExecStartPost=" + InstanceUserData.MetadataBlockScript + "\nEOF\n", boothook);
            Assert.StartsWith("/etc/systemd/system/docker.service.d/", InstanceUserData.DockerDropIn);
            Assert.EndsWith(".conf", InstanceUserData.DockerDropIn);
            Assert.Contains("chmod 0755 " + InstanceUserData.MetadataBlockScript + "\n", boothook);
            Assert.DoesNotContain("iptables-services", boothook);
            Assert.DoesNotContain("dnf ", boothook);
            // The drop-in is loaded, else Docker is kept from starting; a Docker already running gets the rule or stops.
            var reload = boothook.IndexOf("systemctl daemon-reload\n", StringComparison.Ordinal);
            var check = boothook.IndexOf("systemctl show docker.service --property=ExecStartPost | grep -q " + InstanceUserData.MetadataBlockScript + " ||\n" +
                                         "  systemctl mask --runtime docker.service\n", StringComparison.Ordinal);
            Assert.True(reload > boothook.IndexOf(InstanceUserData.DockerDropIn, StringComparison.Ordinal) && check > reload);
            Assert.Contains("if systemctl is-active --quiet docker.service; then " + InstanceUserData.MetadataBlockScript +
                            " || systemctl stop docker.service; fi\n", boothook);
        }

        [Fact]
        public void Security_updates_stay_within_the_release_the_AMI_is_locked_to()
        {
            var script = UserDataPart(InstanceUserData.For("aotech-web", false, null), "text/x-shellscript");
            Assert.Contains("upgrade_type = security", script);
            Assert.Contains("apply_updates = yes", script);
            Assert.Contains("systemctl enable --now dnf-automatic.timer\n", script);
            Assert.Contains("dnf upgrade -y --security", script);
            // AL2023 advises against moving releasever on a running instance; newer releases come as newer AMIs.
            Assert.DoesNotContain("releasever", script);
            Assert.DoesNotContain("latest", script);
        }

        [Fact]
        public void A_newer_ECS_optimized_AMI_makes_a_new_launch_template_version_and_a_refresh()
        {
            // The SSM parameter of the recommended AMI names a newer image than the launch template's.
            var inputs = StackFixtures.Inputs();
            var found = StackFixtures.Converged(inputs);
            found.AutoScalingGroup!.InstanceCount = 2;
            found.AutoScalingGroup.InstanceLaunchTemplateVersions = new List<string> { "1", "1" };
            inputs.AmiId = "ami-0newer0000000000";
            var plan = StackPlanner.Plan(inputs, found);

            var changes = NotKept(plan).Select(i => $"{i.Action} {i.Resource}").OrderBy(x => x, StringComparer.Ordinal).ToList();
            Assert.Equal(new[] { "Change instance refresh", "Change launch template" }, changes);
            Assert.Contains(plan.Items.Single(i => i.Resource == "launch template").Changes, c => c.Contains("ami-0newer0000000000"));
            Assert.Contains("replace 2 instance(s) with the new launch template version", plan.Items.Single(i => i.Resource == "instance refresh").Changes[0]);
        }

        [Fact]
        public void User_data_over_16_KB_is_refused()
        {
            var room = InstanceUserData.MaxBytes - System.Text.Encoding.UTF8.GetByteCount(InstanceUserData.For("aotech-web", false, "x"));
            InstanceUserData.For("aotech-web", false, "x" + new string('y', room)); // exactly at the limit
            Assert.Equal(HardeningErrorIds.UserDataTooLarge, ErrorId(() => InstanceUserData.For("aotech-web", false, "x" + new string('y', room + 1))));
        }

        [Fact]
        public void Task_role_policy_values_are_ARNs_or_one_policy_file_checked_before_any_call()
        {
            Assert.Equal(HardeningErrorIds.InvalidPolicyArn, ErrorId(() => TaskRolePermissions.From(new[] { "arn:aws:iam::aws:role/nope" })));
            Assert.Equal(HardeningErrorIds.InvalidPolicyArn, ErrorId(() => TaskRolePermissions.RequirePolicyArn("boundary", "-PermissionsBoundary")));
            Assert.Equal(HardeningErrorIds.PolicyFileNotFound, ErrorId(() => TaskRolePermissions.From(new[] { "/nonexistent/policy.json" })));
            var a = Path.GetTempFileName();
            var b = Path.GetTempFileName();
            try
            {
                File.WriteAllText(a, "{ \"Version\": \"2012-10-17\" }");
                Assert.Equal(HardeningErrorIds.InvalidPolicyDocument, ErrorId(() => TaskRolePermissions.From(new[] { a })));
                File.WriteAllText(a, "{ \"Statement\": [ { \"Effect\": \"Maybe\", \"Action\": \"*\" } ] }");
                Assert.Equal(HardeningErrorIds.InvalidPolicyDocument, ErrorId(() => TaskRolePermissions.From(new[] { a })));
                File.WriteAllText(a, "not json");
                Assert.Equal(HardeningErrorIds.InvalidPolicyDocument, ErrorId(() => TaskRolePermissions.From(new[] { a })));
                File.WriteAllText(a, "{ \"Statement\": [ { \"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\" } ] }");
                File.WriteAllText(b, "{ \"Statement\": [ { \"Effect\": \"Allow\", \"Action\": \"sqs:*\", \"Resource\": \"*\" } ] }");
                Assert.Equal(HardeningErrorIds.TooManyPolicies, ErrorId(() => TaskRolePermissions.From(new[] { a, b })));
                var ok = TaskRolePermissions.From(new[] { a, "arn:aws:iam::123456789012:policy/team/reader" });
                Assert.Equal("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}", ok.InlineDocument);
                Assert.Equal(new[] { "arn:aws:iam::123456789012:policy/team/reader" }, ok.ManagedPolicyArns);
            }
            finally
            {
                File.Delete(a);
                File.Delete(b);
            }
        }

        [Fact]
        public void An_AMI_must_fit_the_instance_types_architecture()
        {
            var spec = AppSpecTests.Valid();
            spec.AmiId = "ami-0123456789abcdef0";
            var t3 = new InstanceTypeInfo("t3.small", new List<string> { "x86_64", "i386" }, 2048, 2);
            var arm = new Ec2.Image { ImageId = spec.AmiId, Architecture = "arm64", State = "available" };
            Assert.Equal(HardeningErrorIds.AmiArchitectureMismatch, ErrorId(() => OwnAmiCheck.Require(spec, arm, t3)));
            Assert.Equal(StackErrorIds.AmiNotFound, ErrorId(() => OwnAmiCheck.Require(spec, null, t3)));
            OwnAmiCheck.Require(spec, new Ec2.Image { ImageId = spec.AmiId, Architecture = "x86_64", State = "available" }, t3);

            spec.AmiId = "ami-xyz";
            Assert.Equal(HardeningErrorIds.InvalidAmiId, ErrorId(spec.Validate));
        }
    }
}
