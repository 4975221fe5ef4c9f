using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack.Endpoints;
using AoTech.Ecs.Tests.Stack;
using Xunit;

namespace AoTech.Ecs.Tests.Stack.Endpoints
{
    public class RulePrioritiesTests
    {
        private static PlacedRule Rule(string app, string host, int priority, params string[] paths) =>
            new PlacedRule(new AppRoute(app, host, paths), priority);

        [Fact]
        public void First_rule_goes_one_step_in()
        {
            var placement = RulePriorities.Place(new AppRoute("web", "www.example.com"), new List<PlacedRule>());
            Assert.Equal(RulePriorities.Step, placement.Priority);
            Assert.Empty(placement.Moves);
        }

        [Fact]
        public void A_more_specific_path_on_the_same_host_goes_before_the_whole_host_without_moving_it()
        {
            var rules = new List<PlacedRule> { Rule("site", "example.com", 100) };
            var placement = RulePriorities.Place(new AppRoute("api", "example.com", new[] { "/api/*" }), rules);
            Assert.True(placement.Priority < 100, $"api got {placement.Priority}, after the whole-host rule at 100");
            Assert.Empty(placement.Moves);
        }

        [Fact]
        public void A_whole_host_rule_joining_after_a_path_rule_goes_after_it()
        {
            var rules = new List<PlacedRule> { Rule("api", "example.com", 100, "/api/*") };
            var placement = RulePriorities.Place(new AppRoute("site", "example.com"), rules);
            Assert.True(placement.Priority > 100);
        }

        [Fact]
        public void The_longer_literal_path_wins_over_the_shorter_one()
        {
            var rules = new List<PlacedRule> { Rule("api", "example.com", 100, "/api/*"), Rule("site", "example.com", 200) };
            var placement = RulePriorities.Place(new AppRoute("admin", "example.com", new[] { "/api/admin/*" }), rules);
            Assert.True(placement.Priority < 100, $"/api/admin/* got {placement.Priority}, after /api/* at 100");
        }

        [Fact]
        public void A_rule_already_in_order_keeps_its_priority_so_a_rerun_changes_nothing()
        {
            var rules = new List<PlacedRule> { Rule("api", "example.com", 50, "/api/*"), Rule("site", "example.com", 100), Rule("blog", "blog.example.com", 200) };
            foreach (var rule in rules)
            {
                var placement = RulePriorities.Place(rule.Route, rules);
                Assert.Equal(rule.Priority, placement.Priority);
                Assert.Empty(placement.Moves);
            }
        }

        [Fact]
        public void No_gap_left_renumbers_every_rule_in_order_without_collisions()
        {
            var rules = new List<PlacedRule> { Rule("api", "example.com", 100, "/api/*"), Rule("site", "example.com", 101), Rule("old", "example.com", 200, "/a/*") };
            var placement = RulePriorities.Place(new AppRoute("admin", "example.com", new[] { "/api/admin/*" }), rules);
            var after = rules.ToDictionary(r => r.Route.App, r => r.Priority);
            foreach (var (app, from, to) in placement.Moves)
            {
                Assert.Equal(after[app], from);
                after[app] = to;
            }
            after["admin"] = placement.Priority;
            Assert.True(after["admin"] < after["api"] && after["api"] < after["site"], string.Join(",", after));
            Assert.Equal(after.Count, after.Values.Distinct().Count());
            // No rule moves onto a priority another rule holds before the call.
            Assert.DoesNotContain(placement.Moves, m => rules.Any(r => r.Priority == m.To));
            Assert.DoesNotContain(rules, r => r.Priority == placement.Priority);
        }

        [Fact]
        public void Priorities_of_rules_not_ours_are_never_taken()
        {
            var placement = RulePriorities.Place(new AppRoute("web", "www.example.com"), new List<PlacedRule>(), new[] { RulePriorities.Step });
            Assert.NotEqual(RulePriorities.Step, placement.Priority);
        }

        [Fact]
        public void A_rule_out_of_order_after_a_path_change_moves()
        {
            // "site" had a path and came first; now it takes the whole host and must go after "api".
            var rules = new List<PlacedRule> { Rule("site", "example.com", 50, "/old/very/long/*"), Rule("api", "example.com", 100, "/api/*") };
            var placement = RulePriorities.Place(new AppRoute("site", "example.com"), rules);
            Assert.True(placement.Priority > 100);
        }

        [Theory]
        [InlineData(null, null, "both take every path")]
        [InlineData("/*", null, "both take every path")]
        [InlineData("/api/*", "/api/*", "both route path '/api/*'")]
        public void Rules_that_would_shadow_each_other_are_refused(string? existingPath, string? newPath, string why)
        {
            var rules = new List<PlacedRule> { Rule("site", "Example.com.", 100, existingPath == null ? new string[0] : new[] { existingPath }) };
            var ex = Assert.Throws<AoEcsException>(() =>
                RulePriorities.Place(new AppRoute("api", "example.com", newPath == null ? null : new[] { newPath }), rules));
            Assert.Equal(EndpointErrorIds.RouteConflict, ex.ErrorId);
            Assert.Contains(why, ex.Message);
            Assert.Contains("'site'", ex.Message);
        }

        [Fact]
        public void A_rule_with_a_path_another_rule_covers_goes_before_it_whatever_its_other_paths()
        {
            // '/a/*' would hide '/a/b/*' if it were tried first; the new rule's '/z*' is the less specific of its paths.
            var rules = new List<PlacedRule> { Rule("a", "example.com", 100, "/a/*") };
            var placement = RulePriorities.Place(new AppRoute("ab", "example.com", new[] { "/a/b/*", "/z*" }), rules);
            Assert.True(placement.Priority < 100, $"ab got {placement.Priority}, after '/a/*' at 100");
            // And the other way round: '/a/*' joining after it goes after it.
            var joined = new List<PlacedRule> { Rule("ab", "example.com", 100, "/a/b/*", "/z*") };
            Assert.True(RulePriorities.Place(new AppRoute("a", "example.com", new[] { "/a/*" }), joined).Priority > 100);
        }

        [Fact]
        public void Rules_that_each_cover_a_path_of_the_other_are_refused()
        {
            var rules = new List<PlacedRule> { Rule("a", "example.com", 100, "/a/*", "/z/y/*") };
            var ex = Assert.Throws<AoEcsException>(() => RulePriorities.Place(new AppRoute("ab", "example.com", new[] { "/a/b/*", "/z*" }), rules));
            Assert.Equal(EndpointErrorIds.RouteConflict, ex.ErrorId);
            Assert.Contains("'/a/b/*' with '/a/*'", ex.Message);
        }

        [Fact]
        public void A_rule_that_closes_a_cycle_of_three_is_refused()
        {
            // a before b ('/a/*' covers '/a/b/*'), b before c ('/d*' covers '/d/e/*'), c before a ('/c*' covers '/c/x/*').
            var rules = new List<PlacedRule> { Rule("a", "example.com", 100, "/a/b/*", "/c*"), Rule("b", "example.com", 200, "/a/*", "/d/e/*") };
            var ex = Assert.Throws<AoEcsException>(() => RulePriorities.Place(new AppRoute("c", "example.com", new[] { "/d*", "/c/x/*" }), rules));
            Assert.Equal(EndpointErrorIds.RouteConflict, ex.ErrorId);
        }

        [Theory]
        [InlineData("*", "/api/*", true)]
        [InlineData("/a/*", "/a/b/*", true)]
        [InlineData("/a*", "/a/*", true)]
        [InlineData("/a/?", "/a/x", true)]
        [InlineData("/a/?", "/a/*", false)]
        [InlineData("/a/*", "/a*", false)]
        [InlineData("/a/b/*", "/a/*", false)]
        [InlineData("/api", "/api/*", false)]
        public void A_path_covers_another_when_it_matches_every_path_the_other_matches(string pattern, string other, bool covers) =>
            Assert.Equal(covers, RulePriorities.Covers(pattern, other));

        [Fact]
        public void The_same_path_on_different_hosts_is_no_conflict()
        {
            var rules = new List<PlacedRule> { Rule("a", "a.example.com", 100, "/api/*") };
            RulePriorities.Place(new AppRoute("b", "b.example.com", new[] { "/api/*" }), rules);
        }

        [Theory]
        [InlineData("api/*")]
        [InlineData("/api/<x>")]
        [InlineData("")]
        public void Bad_path_patterns_are_refused(string path)
        {
            var ex = Assert.Throws<AoEcsException>(() => AppRoute.ValidatePaths(new[] { path }));
            Assert.Equal(EndpointErrorIds.InvalidPathPattern, ex.ErrorId);
        }

        [Fact]
        public void A_path_over_128_characters_is_refused_and_128_is_taken()
        {
            AppRoute.ValidatePaths(new[] { "/" + new string('a', 127) });
            var ex = Assert.Throws<AoEcsException>(() => AppRoute.ValidatePaths(new[] { "/" + new string('a', 128) }));
            Assert.Equal(EndpointErrorIds.InvalidPathPattern, ex.ErrorId);
        }
    }

    public class EndpointQuotasTests
    {
        [Theory]
        [InlineData(EndpointErrorIds.TooManyRules, 101, 0, 2, 0, "101", "100")]
        [InlineData(EndpointErrorIds.TooManyCertificates, 1, 26, 2, 1, "26", "25")]
        [InlineData(EndpointErrorIds.TooManyConditionValues, 1, 0, 6, 1, "6", "5")]
        [InlineData(EndpointErrorIds.TooManyTargetGroups, 1, 0, 2, 101, "101", "100")]
        public void Each_quota_is_its_own_error_with_the_numbers(string errorId, int rules, int certificates, int values, int targetGroups,
            string have, string limit)
        {
            var ex = Assert.Throws<AoEcsException>(() => EndpointQuotas.Check("main", "api", new EndpointUsage
            {
                Rules = rules, Certificates = certificates, ConditionValues = values, TargetGroups = targetGroups,
            }));
            Assert.Equal(errorId, ex.ErrorId);
            Assert.Equal(AoErrorKind.LimitsExceeded, ex.Kind);
            Assert.Contains(have, ex.Message);
            Assert.Contains(limit, ex.Message);
        }

        [Fact]
        public void At_the_quotas_is_allowed()
        {
            EndpointQuotas.Check("main", "api", new EndpointUsage { Rules = 100, Certificates = 25, ConditionValues = 5, TargetGroups = 100 });
        }

        [Fact]
        public void Host_and_paths_count_as_condition_values()
        {
            Assert.Equal(1, new AppRoute("a", "a.example.com").ConditionValues);
            Assert.Equal(5, new AppRoute("a", "a.example.com", new[] { "/1", "/2", "/3", "/4" }).ConditionValues);
        }
    }

    public class ListenerCertificatesTests
    {
        [Theory]
        [InlineData("api.example.com", "api.example.com", true)]
        [InlineData("API.Example.com.", "api.example.com", true)]
        [InlineData("*.example.com", "api.example.com", true)]
        [InlineData("*.example.com", "example.com", false)]
        [InlineData("*.example.com", "a.b.example.com", false)]
        [InlineData("www.example.com", "api.example.com", false)]
        public void A_name_or_a_one_label_wildcard_covers_a_host(string name, string host, bool covers) =>
            Assert.Equal(covers, ListenerCertificates.Covers(new[] { "other.example.org", name }, host));
    }
}
