using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Stack.Endpoints;
using AoTech.Ecs.Stack.Planning;
using Xunit;

namespace AoTech.Ecs.Tests.Stack.Endpoints
{
    /// <summary>
    /// An app that leaves the listener (removed, or moved to another domain) hands a certificate over to another app on the
    /// endpoint when it is the only one there covering a host that app routes; otherwise the certificate goes with the app.
    /// </summary>
    public class CertificateHandOverTests
    {
        private static ListenerRoutes Routes(params string[] served)
        {
            var routes = new ListenerRoutes { ListenerArn = "arn:l443", DefaultCertificateArn = served.FirstOrDefault() };
            foreach (var arn in served.Skip(1)) routes.ExtraCertificateArns.Add(arn);
            routes.Apps["site"] = new AppRule("arn:rule/site", new PlacedRule(new AppRoute("site", "www.example.com"), 200), "arn:tg/site");
            routes.Apps["api"] = new AppRule("arn:rule/api", new PlacedRule(new AppRoute("api", "www.example.com", new[] { "/api/*" }), 100), "arn:tg/api");
            routes.Apps["admin"] = new AppRule("arn:rule/admin", new PlacedRule(new AppRoute("admin", "admin.example.com"), 300), "arn:tg/admin");
            return routes;
        }

        private static DiscoveredCertificate Certificate(string arn, string domain, string status = "ISSUED", params string[] alternativeNames) =>
            new DiscoveredCertificate { Arn = arn, DomainName = domain, Status = status, SubjectAlternativeNames = alternativeNames.ToList() };

        [Fact]
        public void The_only_cover_of_a_host_another_app_routes_goes_to_that_app()
        {
            var www = Certificate("arn:cert/www", "www.example.com");
            var handOver = Assert.Single(ListenerCertificates.HandOvers(Routes("arn:cert/www", "arn:cert/admin"), "site", new[] { www },
                new[] { Certificate("arn:cert/admin", "admin.example.com") }));
            Assert.Same(www, handOver.Certificate);
            Assert.Equal(("site", "api", "www.example.com"), (handOver.FromApp, handOver.ToApp, handOver.Host));
        }

        [Fact]
        public void A_wildcard_is_handed_over_for_a_host_one_label_below_it()
        {
            var wildcard = Certificate("arn:cert/wild", "example.com", "ISSUED", "*.example.com");
            var handOvers = ListenerCertificates.HandOvers(Routes("arn:cert/wild"), "site", new[] { wildcard }, new DiscoveredCertificate[0]);
            // One hand-over, to the first app (by name) that needs it: admin (admin.example.com), api's host then counts as covered.
            Assert.Equal("admin", Assert.Single(handOvers).ToApp);
        }

        [Fact]
        public void A_certificate_another_one_on_the_listener_also_covers_goes_with_its_app()
        {
            var www = Certificate("arn:cert/www", "www.example.com");
            var other = Certificate("arn:cert/www2", "www.example.com");
            Assert.Empty(ListenerCertificates.HandOvers(Routes("arn:cert/www", "arn:cert/www2"), "site", new[] { www }, new[] { other }));
        }

        [Fact]
        public void A_certificate_that_is_not_served_or_not_issued_or_covers_no_other_apps_host_goes_with_its_app()
        {
            var routes = Routes("arn:cert/admin", "arn:cert/pending");
            Assert.Empty(ListenerCertificates.HandOvers(routes, "site", new[] { Certificate("arn:cert/www", "www.example.com") }, new DiscoveredCertificate[0]));
            Assert.Empty(ListenerCertificates.HandOvers(routes, "site", new[] { Certificate("arn:cert/pending", "www.example.com", "PENDING_VALIDATION") },
                new DiscoveredCertificate[0]));
            // admin is the only app on admin.example.com: its certificate is nobody else's to keep.
            Assert.Empty(ListenerCertificates.HandOvers(routes, "admin", new[] { Certificate("arn:cert/admin", "admin.example.com") }, new DiscoveredCertificate[0]));
        }

        [Fact]
        public void Two_leaving_certificates_for_one_host_hand_over_one()
        {
            var first = Certificate("arn:cert/a", "www.example.com");
            var second = Certificate("arn:cert/b", "www.example.com");
            var handOvers = ListenerCertificates.HandOvers(Routes("arn:cert/a", "arn:cert/b"), "site", new[] { first, second }, new DiscoveredCertificate[0]);
            Assert.Same(first, Assert.Single(handOvers).Certificate);
        }
    }
}
