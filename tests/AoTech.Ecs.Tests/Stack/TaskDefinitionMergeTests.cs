using System.Linq;
using System.Text.Json.Nodes;
using AoTech.Ecs.Rollout;
using AoTech.Ecs.Stack.Planning;
using AoTech.Ecs.Stack.TaskDefinitions;
using Xunit;
using static AoTech.Ecs.Tests.Stack.TaskDefinitionHistory;

namespace AoTech.Ecs.Tests.Stack
{
    /// <summary>The three-way merge of last applied file, current file and running revision (issue 20).</summary>
    public class TaskDefinitionMergeTests
    {
        private static TaskDefinitionMerge Merge(DiscoveredTaskDefinition running, string file, bool resetImages = false) =>
            TaskDefinitionMerge.Apply(Desired(file).Request, running.Content, AppliedFileRecord.FromTags(running.Tags), resetImages,
                $"{Family}:{running.Revision}");

        private static string Image(JsonObject content, string container = "web") => (string)Container(content, container)["image"]!;

        private static void NoSecretShown(TaskDefinitionMerge merge)
        {
            foreach (var text in merge.Notes.Concat(merge.Warnings)) Assert.DoesNotContain("s3cr3t", text);
        }

        [Fact]
        public void Issue_scenario_keeps_the_rolled_out_image_and_applies_the_memory_edit()
        {
            var v1 = FirstApply(Desired(File(image: "app:1.0.0", memory: 256)));
            var v2 = RolledOutImage(v1, 2, "app:2.0.0");

            var merge = Merge(v2, File(image: "app:1.0.0", memory: 512));

            Assert.Equal("app:2.0.0", Image(merge.Content));
            Assert.Equal(512, (int)Container(merge.Content)["memory"]!);
            Assert.Equal(new[] { "memory 256 -> 512", "image stays app:2.0.0 (deployed by Update-AoTaskDefinition; the file still says app:1.0.0)" },
                merge.Notes.OrderBy(n => n.StartsWith("image") ? 1 : 0));
            Assert.Empty(merge.Warnings);
            // Everything the file did not change is the running revision's, ECS's defaults included.
            Assert.Equal(0, (int)Container(merge.Content)["cpu"]!);
            Assert.Equal("tcp", (string?)Container(merge.Content)["portMappings"]![0]!["protocol"]);
        }

        [Fact]
        public void An_image_edit_in_the_file_is_deployed()
        {
            var v1 = FirstApply(Desired(File(image: "app:1.0.0")));
            var merge = Merge(v1, File(image: "app:1.1.0"));
            Assert.Equal("app:1.1.0", Image(merge.Content));
            Assert.Equal(new[] { "image app:1.0.0 -> app:1.1.0" }, merge.Notes);
            Assert.Empty(merge.Warnings);
        }

        [Fact]
        public void An_image_edit_over_a_rollout_is_a_rollback_with_a_warning()
        {
            var v1 = FirstApply(Desired(File(image: "app:1.0.0")));
            var v2 = RolledOutImage(v1, 2, "app:2.0.0");
            var merge = Merge(v2, File(image: "app:1.1.0"));
            Assert.Equal("app:1.1.0", Image(merge.Content));
            Assert.Contains(merge.Notes, n => n.StartsWith("image app:2.0.0 -> app:1.1.0 (rollback"));
            var warning = Assert.Single(merge.Warnings);
            Assert.Contains("rolls that rollout back", warning);
            Assert.Contains("app:2.0.0", warning);
        }

        [Fact]
        public void A_file_that_catches_up_with_the_rollout_gives_the_running_content_back()
        {
            var v1 = FirstApply(Desired(File(image: "app:1.0.0")));
            var v2 = RolledOutImage(v1, 2, "app:2.0.0");
            var merge = Merge(v2, File(image: "app:2.0.0"));
            Assert.True(CanonicalJson.Equal(v2.Content, merge.Content), merge.Content.ToJsonString());
            Assert.Empty(merge.Notes);
        }

        [Fact]
        public void An_unchanged_file_gives_the_running_content_back()
        {
            var v1 = FirstApply(Desired(File()));
            Assert.True(CanonicalJson.Equal(v1.Content, Merge(v1, File()).Content));
            var v2 = RolledOut(v1, 2, new[] { new ContainerImageUpdate("web", "app:3.0.0") },
                new[] { new EnvironmentChange("web", "FEATURE", "on"), new EnvironmentChange("web", "MODE", "debug") });
            Assert.True(CanonicalJson.Equal(v2.Content, Merge(v2, File()).Content));
        }

        [Fact]
        public void ResetImage_takes_the_files_image()
        {
            var v1 = FirstApply(Desired(File(image: "app:1.0.0")));
            var v2 = RolledOutImage(v1, 2, "app:2.0.0");
            var merge = Merge(v2, File(image: "app:1.0.0", memory: 512), resetImages: true);
            Assert.Equal("app:1.0.0", Image(merge.Content));
            Assert.Contains("image app:2.0.0 -> app:1.0.0 (-ResetImage: the file's image)", merge.Notes);
            Assert.Empty(merge.Warnings);
        }

        [Fact]
        public void Environment_set_by_a_rollout_survives_an_unrelated_edit()
        {
            var v1 = FirstApply(Desired(File(mode: "prod")));
            var v2 = RolledOut(v1, 2, null, new[] { new EnvironmentChange("web", "MODE", "canary"), new EnvironmentChange("web", "FEATURE", "on") });

            var merge = Merge(v2, File(mode: "prod", extraEnvironment: ", { \"name\": \"ADDED\", \"value\": \"1\" }"));

            Assert.Equal("canary", Variable(merge.Content, "MODE"));
            Assert.Equal("on", Variable(merge.Content, "FEATURE"));
            Assert.Equal("1", Variable(merge.Content, "ADDED"));
            Assert.Equal("s3cr3t-token-value", Variable(merge.Content, "API_TOKEN"));
            Assert.Contains("environment MODE stays as deployed (set after the last apply; the file still has its earlier value)", merge.Notes);
            Assert.Contains("environment FEATURE stays (set after the last apply; not in the file)", merge.Notes);
            Assert.Contains("environment ADDED added", merge.Notes);
            Assert.DoesNotContain(merge.Notes, n => n.Contains("canary") || n.Contains("prod"));
            Assert.Empty(merge.Warnings);
        }

        [Fact]
        public void A_file_edit_of_a_variable_a_rollout_changed_wins_with_a_warning_and_no_values_shown()
        {
            var v1 = FirstApply(Desired(File()));
            var v2 = RolledOut(v1, 2, null, new[] { new EnvironmentChange("web", "API_TOKEN", "rotated-s3cr3t") });
            var merge = Merge(v2, File().Replace("s3cr3t-token-value", "s3cr3t-from-file"));
            Assert.Equal("s3cr3t-from-file", Variable(merge.Content, "API_TOKEN"));
            Assert.Contains("environment API_TOKEN changed (replaces the value set after the last apply)", merge.Notes);
            Assert.Contains("API_TOKEN", Assert.Single(merge.Warnings));
            NoSecretShown(merge);
        }

        [Fact]
        public void A_variable_or_member_removed_from_the_file_is_removed()
        {
            var v1 = FirstApply(Desired(File(extraEnvironment: ", { \"name\": \"OLD\", \"value\": \"x\" }")));
            var v2 = RolledOutImage(v1, 2, "app:2.0.0");
            var merge = Merge(v2, File(healthCheck: ""));
            Assert.Null(Variable(merge.Content, "OLD"));
            Assert.Null(Container(merge.Content)["healthCheck"]);
            Assert.Contains("environment OLD removed", merge.Notes);
            Assert.Contains("healthCheck removed", merge.Notes);
            Assert.Equal("app:2.0.0", Image(merge.Content));
        }

        [Fact]
        public void A_member_the_description_leaves_out_is_taken_from_the_file()
        {
            var v1 = FirstApply(Desired(File()));
            Container(v1.Content!).Remove("healthCheck"); // as if ECS (or our DTO) did not echo it
            var merge = Merge(v1, File(memory: 512));
            Assert.NotNull(Container(merge.Content)["healthCheck"]);
        }

        [Fact]
        public void Containers_added_and_removed_in_the_file_follow_the_file_and_one_added_outside_stays()
        {
            const string sidecar = ", { \"name\": \"sidecar\", \"image\": \"busybox:1\", \"memory\": 32, \"essential\": false }";
            var v1 = FirstApply(Desired(File(extraContainer: sidecar)));
            var v2 = RolledOutImage(v1, 2, "app:2.0.0");

            var removed = Merge(v2, File());
            Assert.Equal(new[] { "web" }, TaskDefinitionFields.Containers(removed.Content).Select(c => c.Key));
            Assert.Contains("container sidecar removed", removed.Notes);
            Assert.Equal("app:2.0.0", Image(removed.Content));

            var v3 = FirstApply(Desired(File()));
            var added = Merge(v3, File(extraContainer: sidecar));
            Assert.Equal("busybox:1", Image(added.Content, "sidecar"));
            Assert.Contains("container sidecar added", added.Notes);

            // A container registered outside the file (no record of it) stays; with several containers, notes name theirs.
            var outside = new DiscoveredTaskDefinition { Arn = Arn(4), Family = Family, Revision = 4, Tags = v3.Tags, Content = (JsonObject)v3.Content!.DeepClone() };
            ((JsonArray)outside.Content!["containerDefinitions"]!).Add(new JsonObject { ["name"] = "agent", ["image"] = "agent:7", ["memory"] = 16 });
            var kept = Merge(outside, File(memory: 512));
            Assert.Equal("agent:7", Image(kept.Content, "agent"));
            Assert.Contains("container agent stays (added after the last apply; not in the file)", kept.Notes);
            Assert.Contains("web: memory 256 -> 512", kept.Notes);
        }

        [Fact]
        public void Without_a_record_a_differing_image_is_kept_with_a_warning_and_the_rest_comes_from_the_file()
        {
            // A revision registered before records existed: New-AoEcsApp tagged only the content hash.
            var old = Registered(3, Desired(File(image: "app:1.0.0")).Request);
            old.Tags = old.Tags.Where(t => !AppliedFileRecord.IsRecordTag(t.Key)).ToDictionary(t => t.Key, t => t.Value);
            var v4 = RolledOut(old, 4, new[] { new ContainerImageUpdate("web", "app:2.0.0") }, new[] { new EnvironmentChange("web", "FEATURE", "on") });
            Assert.Null(AppliedFileRecord.FromTags(v4.Tags));

            var merge = Merge(v4, File(image: "app:1.0.0", memory: 512));

            Assert.Equal("app:2.0.0", Image(merge.Content));
            Assert.Equal(512, (int)Container(merge.Content)["memory"]!);
            Assert.Null(Variable(merge.Content, "FEATURE"));
            var warning = Assert.Single(merge.Warnings);
            Assert.Contains("keeps image app:2.0.0", warning);
            Assert.Contains("no record of the task definition file last applied", warning);
            Assert.Contains("-ResetImage", warning);
            Assert.Contains(merge.Notes, n => n.StartsWith("image stays app:2.0.0 (aotech-web:4 has no record"));
            Assert.Equal("app:1.0.0", Image(Merge(v4, File(image: "app:1.0.0"), resetImages: true).Content));
        }

        [Fact]
        public void An_images_only_record_merges_images_and_takes_the_rest_from_the_file()
        {
            var desired = Desired(File());
            var images = AppliedFileRecord.Of(desired.Request, AppliedFileCoverage.Images);
            var v1 = Registered(1, desired.Request);
            v1.Tags = images.ToTags();
            var v2 = RolledOut(v1, 2, new[] { new ContainerImageUpdate("web", "app:2.0.0") }, new[] { new EnvironmentChange("web", "MODE", "canary") });
            var merge = Merge(v2, File(memory: 512));
            Assert.Equal("app:2.0.0", Image(merge.Content));
            Assert.Equal("prod", Variable(merge.Content, "MODE"));
            Assert.Empty(merge.Warnings);
        }

        [Fact]
        public void No_running_revision_takes_the_file_without_tags()
        {
            var desired = Desired(File());
            var merge = TaskDefinitionMerge.Apply(desired.Request, null, null, false, "");
            Assert.Null(merge.Content["tags"]);
            Assert.Equal(desired.ContentHash, DesiredTaskDefinition.HashContent(merge.Content));
        }

        [Fact]
        public void Contains_ignores_what_ECS_adds_but_not_what_differs()
        {
            var file = JsonNode.Parse("[{\"containerPort\":8080}]");
            Assert.True(TaskDefinitionMerge.Contains(JsonNode.Parse("[{\"containerPort\":8080,\"protocol\":\"tcp\"}]"), file));
            Assert.False(TaskDefinitionMerge.Contains(JsonNode.Parse("[{\"containerPort\":8081,\"protocol\":\"tcp\"}]"), file));
            Assert.False(TaskDefinitionMerge.Contains(JsonNode.Parse("[]"), file));
            Assert.False(TaskDefinitionMerge.Contains(null, file));
        }
    }
}
