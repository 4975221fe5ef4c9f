using AoTech.Ecs.Errors;
using AoTech.Ecs.Rollout;
using Xunit;

namespace AoTech.Ecs.Tests.Rollout
{
    /// <summary>-Family is checked before any call (issue 19 item 6): what DescribeTaskDefinition takes, nothing else.</summary>
    public class TaskDefinitionFamilyTests
    {
        [Theory]
        [InlineData("aotech-web")]
        [InlineData("aotech-web:12")]
        [InlineData("arn:aws:ecs:eu-west-1:123456789012:task-definition/aotech-web:3")]
        [InlineData("arn:aws-cn:ecs:cn-north-1:123456789012:task-definition/web")]
        public void Families_revisions_and_arns_pass(string family) => TaskDefinitionUpdater.ValidateFamily(family);

        [Theory]
        [InlineData("aotech-web:abc", "revision 'abc'")]
        [InlineData("aotech-web:0", "revision '0'")]
        [InlineData("aotech-web:", "revision ''")]
        [InlineData("web app", "1-255 letters")]
        [InlineData("arn:aws:ecs:eu-west-1:123:task-definition/x:1", "1-255 letters")]
        public void Anything_else_is_InvalidFamily(string family, string said)
        {
            var ex = Assert.Throws<AoEcsException>(() => TaskDefinitionUpdater.ValidateFamily(family));
            Assert.Equal(RolloutErrorIds.InvalidFamily, ex.ErrorId);
            Assert.Equal(AoErrorKind.InvalidArgument, ex.Kind);
            Assert.Equal(family, ex.Target);
            Assert.Contains(said, ex.Message);
        }
    }
}
