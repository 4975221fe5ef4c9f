using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.TaskDefinitions;
using Xunit;
using static AoTech.Ecs.Tests.Stack.TaskDefinitionHistory;

namespace AoTech.Ecs.Tests.Stack
{
    public class AppliedFileRecordTests
    {
        /// <summary>The characters every AWS tagging API accepts in keys and values (ECS Tag, Length Constraints and Pattern).</summary>
        private static readonly Regex TagCharacters = new Regex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$");

        private static string ManyVariables(int count) =>
            string.Concat(Enumerable.Range(0, count).Select(i => $", {{ \"name\": \"VAR_{i}\", \"value\": \"{i}\" }}"));

        private static Dictionary<string, string> UserTags(int count) =>
            Enumerable.Range(0, count).ToDictionary(i => "team-" + i, i => "x");

        [Fact]
        public void Tags_round_trip_and_answer_per_field()
        {
            var request = Desired(File()).Request;
            var record = AppliedFileRecord.FromTags(AppliedFileRecord.Of(request).ToTags())!;
            Assert.Equal(AppliedFileCoverage.Full, record.Coverage);
            Assert.True(record.Matches("containers/web/image", JsonValue.Create("app:1.0.0")));
            Assert.False(record.Matches("containers/web/image", JsonValue.Create("app:1.0.1")));
            Assert.True(record.Has("containers/web"));
            Assert.True(record.Matches("containers/web/environment/MODE", JsonValue.Create("prod")));
            Assert.True(record.Matches("containers/web/memory", JsonValue.Create(256)));
            Assert.True(record.Has("networkMode"));
            Assert.False(record.Has("containers/web/environment/OTHER"));
            Assert.False(record.Has("containers/sidecar"));
        }

        [Fact]
        public void A_record_holds_no_environment_value_in_clear()
        {
            var tags = AppliedFileRecord.Of(Desired(File()).Request).ToTags();
            Assert.DoesNotContain(tags.Values, v => v.Contains("s3cr3t") || v.Contains("prod"));
        }

        [Fact]
        public void Every_tag_respects_the_ECS_limits_even_with_many_fields()
        {
            var desired = Desired(File(extraEnvironment: ManyVariables(120)));
            var tags = desired.RevisionTags(desired.ContentHash);
            Assert.True(tags.Count <= StackNames.MaxTagsPerResource);
            Assert.Equal(AppliedFileCoverage.Full, desired.Record!.Coverage);
            Assert.True(desired.Record.TagCount > 5, "120 variables need several tags");
            foreach (var pair in tags)
            {
                Assert.InRange(pair.Key.Length, 1, 128);
                Assert.InRange(pair.Value.Length, 0, AppliedFileRecord.MaxTagValueLength);
                Assert.Matches(TagCharacters, pair.Key);
                Assert.Matches(TagCharacters, pair.Value);
            }
            Assert.Equal(desired.Record.FieldCount, AppliedFileRecord.FromTags(tags)!.FieldCount);
        }

        [Fact]
        public void When_every_field_does_not_fit_the_record_keeps_the_images_then_nothing()
        {
            // 46 user tags (the most -Tag takes) + aotech:app + the content hash leave 2 tags for the record.
            var crowded = Desired(File(extraEnvironment: ManyVariables(60)), tags: UserTags(46));
            Assert.Equal(AppliedFileCoverage.Images, crowded.Record!.Coverage);
            Assert.True(crowded.RevisionTags("h").Count <= StackNames.MaxTagsPerResource);

            var fits = Desired(File(), tags: UserTags(46));
            Assert.Equal(AppliedFileCoverage.Full, fits.Record!.Coverage);

            var full = Desired(File(), tags: UserTags(48));
            Assert.Null(full.Record);
            Assert.Equal(StackNames.MaxTagsPerResource, full.RevisionTags("h").Count);
        }

        [Fact]
        public void A_damaged_or_partial_record_reads_as_none()
        {
            var tags = AppliedFileRecord.Of(Desired(File(extraEnvironment: ManyVariables(40))).Request).ToTags();
            Assert.True(tags.Count > 1);
            var partial = new Dictionary<string, string>(tags);
            partial.Remove(AppliedFileRecord.TagKeyPrefix + "2");
            Assert.Null(AppliedFileRecord.FromTags(partial));
            var damaged = new Dictionary<string, string>(tags) { [AppliedFileRecord.TagKeyPrefix + "1"] = "1f01abc" };
            Assert.Null(AppliedFileRecord.FromTags(damaged));
            Assert.Null(AppliedFileRecord.FromTags(new Dictionary<string, string> { [StackNames.AppTagKey] = "web" }));
        }

        [Fact]
        public void Bookkeeping_tags_in_the_file_are_not_taken_as_the_users()
        {
            // A file made from describe-task-definition output may carry the tags the stack wrote.
            var json = File().Replace("\"containerDefinitions\"",
                "\"tags\": [ { \"key\": \"aotech:taskdef-file\", \"value\": \"old\" }, { \"key\": \"aotech:taskdef-applied:1\", \"value\": \"1f01\" }, { \"key\": \"team\", \"value\": \"web\" } ], \"containerDefinitions\"");
            var desired = Desired(json);
            Assert.Equal(new[] { StackNames.AppTagKey, "team" }, desired.Tags.Keys.OrderBy(k => k));
        }
    }
}
