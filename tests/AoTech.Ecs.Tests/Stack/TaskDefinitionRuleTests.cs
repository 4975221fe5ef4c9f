using System.Collections.Generic;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.Planning;
using Xunit;

namespace AoTech.Ecs.Tests.Stack
{
    public class TaskDefinitionRuleTests
    {
        private const string Family = "aotech-web";
        private const string Hash = "aaaa";

        private static string Arn(int revision, string family = Family) => $"arn:aws:ecs:eu-west-1:1:task-definition/{family}:{revision}";

        private static DiscoveredService Service(int revision, string? appliedHash, string family = Family) => new DiscoveredService
        {
            Status = "ACTIVE",
            TaskDefinitionArn = Arn(revision, family),
            Tags = appliedHash == null ? new Dictionary<string, string>() : new Dictionary<string, string> { [StackNames.TaskDefinitionFileHashTagKey] = appliedHash },
        };

        private static DiscoveredTaskDefinition Revision(int revision, string? hash) => new DiscoveredTaskDefinition
        {
            Arn = Arn(revision), Family = Family, Revision = revision,
            Tags = hash == null ? new Dictionary<string, string>() : new Dictionary<string, string> { [StackNames.TaskDefinitionFileHashTagKey] = hash },
        };

        [Fact]
        public void New_service_without_revisions_registers()
        {
            var d = TaskDefinitionRule.Decide(Family, Hash, null, null, null);
            Assert.Equal(TaskDefinitionDecisionKind.Register, d.Kind);
        }

        [Fact]
        public void New_service_reuses_a_revision_of_the_same_file()
        {
            var d = TaskDefinitionRule.Decide(Family, Hash, null, null, Revision(4, Hash));
            Assert.Equal(TaskDefinitionDecisionKind.UseExisting, d.Kind);
            Assert.Equal(Arn(4), d.TaskDefinitionArn);
        }

        [Fact]
        public void Unchanged_file_keeps_a_newer_rollout_revision()
        {
            var d = TaskDefinitionRule.Decide(Family, Hash, Service(9, Hash), Revision(9, null), Revision(9, null));
            Assert.Equal(TaskDefinitionDecisionKind.Keep, d.Kind);
            Assert.Equal(Arn(9), d.TaskDefinitionArn);
            Assert.False(d.RecordFileHashOnly);
        }

        [Fact]
        public void Unchanged_file_needs_no_task_definition_lookups()
        {
            // Discovery may skip DescribeTaskDefinition when the service tag matches: the rule must decide without them.
            var d = TaskDefinitionRule.Decide(Family, Hash, Service(3, Hash), null, null);
            Assert.Equal(TaskDefinitionDecisionKind.Keep, d.Kind);
        }

        [Fact]
        public void Changed_file_registers_even_over_a_rollout_revision()
        {
            var d = TaskDefinitionRule.Decide(Family, "bbbb", Service(9, Hash), Revision(9, null), Revision(9, null));
            Assert.Equal(TaskDefinitionDecisionKind.Register, d.Kind);
        }

        [Fact]
        public void Changed_file_already_registered_by_an_interrupted_run_is_reused()
        {
            var d = TaskDefinitionRule.Decide(Family, "bbbb", Service(3, Hash), Revision(3, Hash), Revision(4, "bbbb"));
            Assert.Equal(TaskDefinitionDecisionKind.UseExisting, d.Kind);
            Assert.Equal(Arn(4), d.TaskDefinitionArn);
        }

        [Fact]
        public void Service_running_the_file_but_missing_the_tag_only_records_it()
        {
            var d = TaskDefinitionRule.Decide(Family, Hash, Service(3, null), Revision(3, Hash), Revision(3, Hash));
            Assert.Equal(TaskDefinitionDecisionKind.Keep, d.Kind);
            Assert.True(d.RecordFileHashOnly);
        }

        [Fact]
        public void Service_moved_to_a_foreign_family_is_pointed_back()
        {
            var d = TaskDefinitionRule.Decide(Family, Hash, Service(1, Hash, family: "other"), null, Revision(2, Hash));
            Assert.Equal(TaskDefinitionDecisionKind.UseExisting, d.Kind);
            Assert.Equal(Arn(2), d.TaskDefinitionArn);
        }

        [Fact]
        public void Inactive_latest_revision_is_not_reused()
        {
            var latest = Revision(2, Hash);
            latest.Status = "INACTIVE";
            Assert.Equal(TaskDefinitionDecisionKind.Register, TaskDefinitionRule.Decide(Family, Hash, null, null, latest).Kind);
        }

        [Fact]
        public void Arn_parsing()
        {
            Assert.Equal(("aotech-web", 12), DiscoveredTaskDefinition.ParseArn("arn:aws:ecs:eu-west-1:1:task-definition/aotech-web:12"));
            Assert.Null(DiscoveredTaskDefinition.ParseArn("aotech-web"));
            Assert.Null(DiscoveredTaskDefinition.ParseArn(null));
        }
    }
}
