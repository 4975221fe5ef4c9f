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
    
        [Fact]
        public void A_standalone_app_is_its_own_endpoint_with_the_names_and_tags_it_always_had()
        {
            var names = StackNames.For("web");
            Assert.False(names.IsOnSharedEndpoint);
            Assert.Equal("web", names.EndpointName);
            Assert.Equal("aotech-web", names.Cluster);
            Assert.Equal("aotech-web-alb", names.LoadBalancer);
            Assert.Equal("aotech-web-instance", names.InstanceRole);
            Assert.Equal(names.IamPath, names.EndpointIamPath);
            Assert.Equal(StackNames.AppTagKey, names.EndpointOwnerTagKey);
            Assert.Equal(names.Tags(null), names.EndpointTags(null));
            Assert.DoesNotContain(StackNames.EndpointTagKey, names.EndpointTags(null).Keys);
        }

        [Fact]
        public void On_a_shared_endpoint_its_resources_are_named_and_tagged_from_the_endpoint_and_the_apps_from_the_app()
        {
            var names = StackNames.For("api", "main");
            Assert.True(names.IsOnSharedEndpoint);
            foreach (var rule in StackNames.Rules)
            {
                var built = rule.Build(names);
                if (rule.Level == StackNames.NameLevel.Endpoint)
                {
                    Assert.Contains("main", built);
                    Assert.DoesNotContain("api", built);
                }
                else
                {
                    Assert.Contains("api", built);
                    Assert.DoesNotContain("main", built);
                }
            }
            // Two apps on one endpoint share every endpoint-level name and no app-level one.
            var other = StackNames.For("web", "main");
            foreach (var rule in StackNames.Rules)
                if (rule.Level == StackNames.NameLevel.Endpoint) Assert.Equal(rule.Build(names), rule.Build(other));
                else Assert.NotEqual(rule.Build(names), rule.Build(other));

            var shared = names.EndpointTags(new System.Collections.Generic.Dictionary<string, string> { ["team"] = "a", [StackNames.AppTagKey] = "spoof" });
            Assert.Equal("main", shared[StackNames.EndpointTagKey]);
            Assert.DoesNotContain(StackNames.AppTagKey, shared.Keys);
            Assert.Equal("a", shared["team"]);
            Assert.Equal("api", names.Tags(null)[StackNames.AppTagKey]);
            Assert.Equal((StackNames.EndpointTagKey, "main"), names.Owner(StackNames.NameLevel.Endpoint));
            Assert.Equal((StackNames.AppTagKey, "api"), names.Owner(StackNames.NameLevel.App));
        }

        [Fact]
        public void A_shared_endpoints_IAM_path_is_its_own_and_never_an_apps_whatever_the_names()
        {
            // An app may bear its endpoint's name, or another endpoint's: app discovery lists its IAM path, so the
            // endpoint's roles and profile must never be under it (issue 13 review F1, F6).
            var endpoint = StackNames.For("api", "main");
            Assert.Equal("/aotech-endpoint/main/", endpoint.EndpointIamPath);
            foreach (var app in new[] { StackNames.For("main"), StackNames.For("main", "main"), StackNames.For("main", "other") })
            {
                Assert.NotEqual(endpoint.EndpointIamPath, app.IamPath);
                Assert.False(endpoint.EndpointIamPath.StartsWith(app.IamPath, System.StringComparison.Ordinal));
                Assert.False(app.IamPath.StartsWith(endpoint.EndpointIamPath, System.StringComparison.Ordinal));
            }
            // IAM paths: begin and end with '/', at most 512 characters, ASCII from '!' (U+0021) through DEL (U+007F) (IAM API reference, CreateRole Path).
            Assert.Matches("^/([\\u0021-\\u007F]*/)?$", StackNames.For("a", new string('e', StackNames.MaxEndpointNameLength)).EndpointIamPath);
            // A standalone app keeps the path it always had.
            Assert.Equal("/aotech/main/", StackNames.For("main").EndpointIamPath);
        }

        [Fact]
        public void Endpoint_names_are_checked_like_app_names()
        {
            var longest = StackNames.For("a", new string('e', StackNames.MaxEndpointNameLength));
            Assert.Contains(StackNames.Rules, rule => rule.Level == StackNames.NameLevel.Endpoint && rule.Build(longest).Length == rule.Limit);
            Assert.Equal(StackErrorIds.NameTooLong,
                Assert.Throws<AoEcsException>(() => StackNames.For("a", new string('e', StackNames.MaxEndpointNameLength + 1))).ErrorId);
            Assert.Equal(AoTech.Ecs.Stack.Endpoints.EndpointErrorIds.InvalidEndpointName, Assert.Throws<AoEcsException>(() => StackNames.For("a", "Main")).ErrorId);
        }
}
}
