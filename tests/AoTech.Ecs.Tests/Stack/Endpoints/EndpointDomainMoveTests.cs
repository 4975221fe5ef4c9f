using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Stack.Converge;
using AoTech.Ecs.Stack.Endpoints;
using AoTech.Ecs.Stack.Planning;
using Xunit;

namespace AoTech.Ecs.Tests.Stack.Endpoints
{
    /// <summary>
    /// An app on a shared endpoint that moves to another domain leaves alone the alias record and the validation record of a
    /// host another app on the endpoint still routes (the alias points at the shared load balancer; ACM asks for the same
    /// validation record for the same name in one account).
    /// </summary>
    public class EndpointDomainMoveTests
    {
        private static ListenerRoutes Routes()
        {
            var routes = new ListenerRoutes { ListenerArn = "arn:l443" };
            routes.Apps["a"] = new AppRule("arn:rule/a", new PlacedRule(new AppRoute("a", "shared.example.com", new[] { "/a/*" }), 100), "arn:tg/a");
            routes.Apps["b"] = new AppRule("arn:rule/b", new PlacedRule(new AppRoute("b", "shared.example.com", new[] { "/b/*" }), 200), "arn:tg/b");
            routes.Apps["c"] = new AppRule("arn:rule/c", new PlacedRule(new AppRoute("c", "c.example.com"), 300), "arn:tg/c");
            return routes;
        }

        private static IList<ZoneRecord> Cname(string name) => new List<ZoneRecord>
        {
            new ZoneRecord("Z1", new DiscoveredRecord { Name = "_x." + name + ".", Type = "CNAME", Values = new List<string> { "_y.acm-validations.aws." } }),
        };

        [Fact]
        public void The_hosts_of_the_other_apps_leave_out_the_app_itself()
        {
            Assert.Equal(new[] { "c.example.com", "shared.example.com" }, Routes().HostsOfOtherApps("a").OrderBy(h => h));
            // c's host is routed by c alone.
            Assert.DoesNotContain("c.example.com", Routes().HostsOfOtherApps("c"));
        }

        [Fact]
        public void Moving_off_a_host_another_app_routes_keeps_its_alias_and_validation_record()
        {
            // App a moves from shared.example.com (b routes it too) and from old.example.com (no other app routes it) to new.example.com.
            var aliases = new List<DiscoveredExtra>
            {
                new DiscoveredExtra(ExtraKind.AliasRecord, "shared.example.com", null, null),
                new DiscoveredExtra(ExtraKind.AliasRecord, "old.example.com", null, null),
            };
            var certificates = new[]
            {
                new DiscoveredCertificate { Arn = "arn:cert/shared", DomainName = "Shared.Example.com." },
                new DiscoveredCertificate { Arn = "arn:cert/old", DomainName = "old.example.com" },
            };
            var records = new Dictionary<string, IList<ZoneRecord>>
            {
                ["arn:cert/shared"] = Cname("shared.example.com"),
                ["arn:cert/old"] = Cname("old.example.com"),
            };

            StackDiscovery.KeepWhatOtherAppsRoute(aliases, records, certificates, Routes().HostsOfOtherApps("a"));

            Assert.Equal("old.example.com", Assert.Single(aliases).Id);
            Assert.Empty(records["arn:cert/shared"]);
            Assert.Single(records["arn:cert/old"]);
        }
    }
}
