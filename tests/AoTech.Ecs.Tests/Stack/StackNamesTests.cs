using System.Linq;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack;
using Xunit;

namespace AoTech.Ecs.Tests.Stack
{
    public class StackNamesTests
    {
        [Fact]
        public void Longest_allowed_name_fits_every_limit_and_one_more_does_not()
        {
            var longest = StackNames.For(new string('a', StackNames.MaxAppNameLength));
            foreach (var rule in StackNames.Rules)
                Assert.True(rule.Build(longest).Length <= rule.Limit, $"{rule.Resource} '{rule.Build(longest)}' exceeds {rule.Limit}");
            // At least one name is exactly at its limit: the maximum is tight, not merely safe.
            Assert.Contains(StackNames.Rules, rule => rule.Build(longest).Length == rule.Limit);

            var ex = Assert.Throws<AoEcsException>(() => StackNames.For(new string('a', StackNames.MaxAppNameLength + 1)));
            Assert.Equal(StackErrorIds.NameTooLong, ex.ErrorId);
        }

        [Fact]
        public void Load_balancer_and_target_group_names_stay_within_32()
        {
            var names = StackNames.For(new string('x', StackNames.MaxAppNameLength));
            Assert.True(names.LoadBalancer.Length <= 32);
            Assert.True(names.TargetGroup.Length <= 32);
        }

        [Fact]
        public void Names_are_deterministic_and_scoped()
        {
            var a = StackNames.For("web");
            var b = StackNames.For("web");
            foreach (var rule in StackNames.Rules) Assert.Equal(rule.Build(a), rule.Build(b));
            Assert.Equal("/aotech/web/", a.IamPath);
            Assert.Equal("/aotech/web", a.LogGroup);
            Assert.All(StackNames.Rules.Where(r => r.Resource != "IAM path" && r.Resource != "log group"),
                rule => Assert.Contains("web", rule.Build(a)));
            // Two apps never share a name.
            var other = StackNames.For("web2");
            Assert.All(StackNames.Rules, rule => Assert.NotEqual(rule.Build(a), rule.Build(other)));
        }

        [Theory]
        [InlineData("web")]
        [InlineData("tg")]
        [InlineData("a-tg")]
        public void The_app_of_a_target_group_is_read_back_from_its_name(string app) =>
            Assert.Equal(app, StackNames.AppOfTargetGroup(StackNames.For(app).TargetGroup));

        [Theory]
        [InlineData("my-own-tg")]
        [InlineData("aotech--tg")]
        [InlineData("aotech-web")]
        [InlineData("aotech-Web-tg")]
        public void A_target_group_not_named_by_the_stack_has_no_app(string name) =>
            Assert.Null(StackNames.AppOfTargetGroup(name));

        [Fact]
        public void Capacity_provider_name_avoids_reserved_prefixes()
        {
            // ECS rejects capacity provider names starting with aws, ecs or fargate.
            var names = StackNames.For("ecs");
            Assert.False(names.CapacityProvider.StartsWith("ecs"));
            Assert.False(names.CapacityProvider.StartsWith("aws"));
        }

        [Fact]
        public void Tags_include_the_app_tag_and_user_tags()
        {
            var tags = StackNames.For("web").Tags(new System.Collections.Generic.Dictionary<string, string> { ["team"] = "a", ["aotech:app"] = "spoof" });
            Assert.Equal("web", tags[StackNames.AppTagKey]);
            Assert.Equal("a", tags["team"]);
        }
    }
}
