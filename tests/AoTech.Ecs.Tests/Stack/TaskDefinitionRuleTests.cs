using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.Planning;
using AoTech.Ecs.Stack.TaskDefinitions;
using Xunit;
using static AoTech.Ecs.Tests.Stack.TaskDefinitionHistory;

namespace AoTech.Ecs.Tests.Stack
{
    public class TaskDefinitionRuleTests
    {
        private static readonly DesiredTaskDefinition V1 = Desired(File(image: "app:1.0.0", memory: 256));
        private static readonly DesiredTaskDefinition V2 = Desired(File(image: "app:1.0.0", memory: 512));

        private static DiscoveredService ServiceOf(DiscoveredTaskDefinition runs, DesiredTaskDefinition applied, string? family = null)
        {
            var service = Service(runs, applied);
            if (family != null) service.TaskDefinitionArn = service.TaskDefinitionArn.Replace(Family + ":", family + ":");
            return service;
        }

        [Fact]
        public void New_service_registers_the_file_with_its_hash_and_record()
        {
            var d = TaskDefinitionRule.Decide(V1, null, null, null);
            Assert.Equal(TaskDefinitionDecisionKind.Register, d.Kind);
            Assert.Equal("new service", d.Reason);
            Assert.Equal(V1.ContentHash, d.ContentHash);
            var registered = Registered(1, d.Request!);
            Assert.Equal(V1.ContentHash, registered.ContentHash);
            Assert.Equal(StackNames.For("web").App, registered.Tags[StackNames.AppTagKey]);
            Assert.NotNull(AppliedFileRecord.FromTags(registered.Tags));
        }

        [Fact]
        public void Unchanged_file_keeps_a_newer_rollout_revision_without_reading_it()
        {
            var v1 = FirstApply(V1);
            var v2 = RolledOutImage(v1, 2, "app:2.0.0");
            var d = TaskDefinitionRule.Decide(V1, Service(v2, V1), v2, v2);
            Assert.Equal(TaskDefinitionDecisionKind.Keep, d.Kind);
            Assert.Equal(v2.Arn, d.TaskDefinitionArn);
            Assert.Contains("kept", d.Reason);
            // Discovery skips DescribeTaskDefinition when the service tag matches: the rule decides without them.
            Assert.Equal(TaskDefinitionDecisionKind.Keep, TaskDefinitionRule.Decide(V1, Service(v2, V1), null, null).Kind);
            Assert.False(TaskDefinitionRule.Decide(V1, Service(v2, V1), null, null).RetagsRevision);
        }

        [Fact]
        public void Changed_file_registers_the_merge_of_file_and_rollout()
        {
            var v1 = FirstApply(V1);
            var v2 = RolledOutImage(v1, 2, "app:2.0.0");
            var d = TaskDefinitionRule.Decide(V2, Service(v2, V1), v2, v2);
            Assert.Equal(TaskDefinitionDecisionKind.Register, d.Kind);
            var v3 = Registered(3, d.Request!);
            Assert.Equal("app:2.0.0", (string)Container(v3.Content!)["image"]!);
            Assert.Equal(512, (int)Container(v3.Content!)["memory"]!);
            Assert.Contains("memory 256 -> 512", d.Notes);
            // The new revision records the new file: the next unrelated edit keeps 2.0.0 again.
            var v4 = TaskDefinitionRule.Decide(Desired(File(image: "app:1.0.0", memory: 1024)), Service(v3, V2), v3, v3);
            Assert.Equal("app:2.0.0", (string)Container(Registered(4, v4.Request!).Content!)["image"]!);
        }

        [Fact]
        public void A_registration_an_interrupted_run_made_is_reused()
        {
            var v1 = FirstApply(V1);
            var v2 = RolledOutImage(v1, 2, "app:2.0.0");
            var first = TaskDefinitionRule.Decide(V2, Service(v2, V1), v2, v2);
            var v3 = Registered(3, first.Request!);
            // The run stopped before UpdateService: the service still runs revision 2 and records the old file.
            var d = TaskDefinitionRule.Decide(V2, Service(v2, V1), v2, v3);
            Assert.Equal(TaskDefinitionDecisionKind.UseExisting, d.Kind);
            Assert.Equal(v3.Arn, d.TaskDefinitionArn);
            Assert.False(d.RetagsRevision);
        }

        [Fact]
        public void A_file_catching_up_with_the_rollout_registers_nothing_and_records_the_file()
        {
            var v1 = FirstApply(V1);
            var v2 = RolledOutImage(v1, 2, "app:2.0.0");
            var caughtUp = Desired(File(image: "app:2.0.0"));
            var d = TaskDefinitionRule.Decide(caughtUp, Service(v2, V1), v2, v2);
            Assert.Equal(TaskDefinitionDecisionKind.Keep, d.Kind);
            Assert.True(d.RecordFileHashOnly);
            Assert.True(d.RetagsRevision);
            Assert.Equal(caughtUp.Record!.ToTags().OrderBy(t => t.Key), d.RecordTags.OrderBy(t => t.Key));

            // Once retagged, a later rollout and an unrelated edit keep the newer image.
            foreach (var pair in d.RecordTags) v2.Tags[pair.Key] = pair.Value;
            var v3 = RolledOutImage(v2, 3, "app:3.0.0");
            var next = TaskDefinitionRule.Decide(Desired(File(image: "app:2.0.0", memory: 512)), Service(v3, caughtUp), v3, v3);
            Assert.Equal("app:3.0.0", (string)Container(Registered(4, next.Request!).Content!)["image"]!);
            Assert.Empty(next.Warnings);
        }

        [Fact]
        public void Service_running_the_file_but_missing_the_tag_only_records_it()
        {
            var v1 = FirstApply(V1);
            var service = Service(v1, V1);
            service.Tags.Clear();
            var d = TaskDefinitionRule.Decide(V1, service, v1, v1);
            Assert.Equal(TaskDefinitionDecisionKind.Keep, d.Kind);
            Assert.True(d.RecordFileHashOnly);
            Assert.False(d.RetagsRevision);
        }

        [Fact]
        public void ResetImage_registers_the_files_images_only_when_they_differ()
        {
            var v1 = FirstApply(V1);
            var v2 = RolledOutImage(v1, 2, "app:2.0.0");
            var d = TaskDefinitionRule.Decide(V1, Service(v2, V1), v2, v2, resetImages: true);
            Assert.Equal(TaskDefinitionDecisionKind.Register, d.Kind);
            Assert.Equal("-ResetImage: the file's images", d.Reason);
            Assert.Equal("app:1.0.0", (string)Container(Registered(3, d.Request!).Content!)["image"]!);

            var same = TaskDefinitionRule.Decide(V1, Service(v1, V1), v1, v1, resetImages: true);
            Assert.Equal(TaskDefinitionDecisionKind.Keep, same.Kind);
            Assert.False(same.RecordFileHashOnly);
            Assert.False(same.RetagsRevision);
        }

        [Fact]
        public void Service_moved_to_a_foreign_family_is_pointed_back()
        {
            var v1 = FirstApply(V1);
            var d = TaskDefinitionRule.Decide(V1, ServiceOf(v1, V1, family: "other"), null, v1);
            Assert.Equal(TaskDefinitionDecisionKind.UseExisting, d.Kind);
            Assert.Equal(v1.Arn, d.TaskDefinitionArn);
        }

        [Fact]
        public void Inactive_latest_revision_is_not_reused()
        {
            var v1 = FirstApply(V1);
            v1.Status = "INACTIVE";
            Assert.Equal(TaskDefinitionDecisionKind.Register, TaskDefinitionRule.Decide(V1, null, null, v1).Kind);
        }

        [Fact]
        public void A_record_that_does_not_fit_is_warned_about_when_registering()
        {
            var crowded = Desired(File(), tags: Enumerable.Range(0, 48).ToDictionary(i => "t" + i, i => "x"));
            var d = TaskDefinitionRule.Decide(crowded, null, null, null);
            Assert.Contains(d.Warnings, w => w.Contains("no room for the record"));
            Assert.True(d.Request!["tags"]!.AsArray().Count <= StackNames.MaxTagsPerResource);
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
