using System.Linq;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack;
using Xunit;

namespace AoTech.Ecs.Tests.Stack.FirstRun
{
    /// <summary>Inputs AWS would reject, refused before any call: the certificate's domain length, the tags per resource.
    /// (What preflight refuses about the network, the instance type and capacity: PreflightTests.)</summary>
    public sealed class InputLimitsTests
    {
        [Fact]
        public void A_domain_over_64_characters_is_refused_as_ACM_would()
        {
            var spec = AppSpecTests.Valid();
            spec.DomainName = new string('a', 50) + ".example-org.com"; // 66 characters
            Assert.Equal(StackErrorIds.DomainNameTooLong, Assert.Throws<AoEcsException>(() => spec.Validate()).ErrorId);
            spec = AppSpecTests.Valid();
            spec.DomainName = new string('a', 48) + ".example-org.com"; // 64: allowed
            spec.Validate();
        }

        [Fact]
        public void The_task_definition_files_tags_count_with_Tag_and_ours_towards_AWS_50()
        {
            var fileTags = string.Join(",", Enumerable.Range(0, 40).Select(i => $"{{\"key\": \"team{i}\", \"value\": \"x\"}}"));
            var json = TaskDefinitionFileTests.Sample.Replace("\"family\": \"mine\",", "\"family\": \"mine\", \"tags\": [" + fileTags + "],");
            var userTags = Enumerable.Range(0, 9).ToDictionary(i => "cost" + i, i => "y");
            // 40 + 9 + aotech:app + the file hash = 51.
            var ex = Assert.Throws<AoEcsException>(() => DesiredTaskDefinitionTests.Desired(json, tags: userTags));
            Assert.Equal(StackErrorIds.TooManyTags, ex.ErrorId);
            Assert.Contains("51 tags", ex.Message);
            userTags.Remove("cost8");
            var fits = DesiredTaskDefinitionTests.Desired(json, tags: userTags);
            Assert.Equal(50, fits.RevisionTags(fits.ContentHash).Count); // no room left for the applied-file record
            Assert.Null(fits.Record);
        }
    }
}
