using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.Planning;
using Xunit;

namespace AoTech.Ecs.Tests.Stack
{
    /// <summary>Issue 19 (domain takeover) and issue 11 item 8 (a conflicting record at the app's name): one check.</summary>
    public sealed class DomainOwnershipTests
    {
        private const string Domain = "app.example.com";

        private static DomainHolder Alias(string app, string lb = "aotech-other-alb") => new DomainHolder(
            new DiscoveredRecord { Name = Domain + ".", Type = "A", AliasDnsName = $"dualstack.{lb}-1.eu-west-1.elb.amazonaws.com." },
            app, "load balancer " + lb);

        private static DomainHolder Plain(string type, string value) =>
            new DomainHolder(new DiscoveredRecord { Name = Domain + ".", Type = type, Values = new List<string> { value } }, null, value);

        private static AoEcsException? Check(params DomainHolder[] holders) => DomainOwnership.Check("web", Domain, "example.com", holders);

        [Fact]
        public void A_free_name_and_the_apps_own_alias_pass()
        {
            Assert.Null(Check());
            Assert.Null(Check(Alias("web", "aotech-web-alb")));
            // Records that live beside an alias do not claim the name.
            Assert.Null(Check(Plain("TXT", "\"v=spf1 -all\""), Plain("MX", "10 mail.example.com"), Plain("CAA", "0 issue \"amazon.com\"")));
        }

        [Fact]
        public void Another_apps_alias_is_refused_naming_the_app_and_the_record()
        {
            var error = Check(Alias("other"));
            Assert.NotNull(error);
            Assert.Equal(StackErrorIds.DomainInUse, error!.ErrorId);
            Assert.Equal(AoErrorKind.ResourceExists, error.Kind);
            Assert.Contains("app 'other'", error.Message);
            Assert.Contains("A record app.example.com -> load balancer aotech-other-alb", error.Message);
            Assert.Contains("Remove-AoEcsApp -Name other", error.Message);
        }

        [Theory]
        [InlineData("CNAME", "shop.example.net")]
        [InlineData("A", "192.0.2.10")]
        [InlineData("AAAA", "2001:db8::1")]
        [InlineData("NS", "ns-1.awsdns-01.org")]
        public void A_record_the_module_did_not_create_is_refused(string type, string value)
        {
            var error = Check(Plain(type, value));
            Assert.NotNull(error);
            Assert.Equal(StackErrorIds.DomainInUse, error!.ErrorId);
            Assert.Contains($"{type} record app.example.com -> {value}", error.Message);
            Assert.Contains("did not create", error.Message);
        }

        [Fact]
        public void An_alias_to_something_else_is_refused_even_beside_the_apps_own()
        {
            var cloudFront = new DomainHolder(new DiscoveredRecord { Name = Domain + ".", Type = "AAAA", AliasDnsName = "d111.cloudfront.net." },
                null, "d111.cloudfront.net");
            var error = Check(Alias("web", "aotech-web-alb"), cloudFront);
            Assert.Equal(StackErrorIds.DomainInUse, error!.ErrorId);
            Assert.Contains("AAAA record app.example.com -> d111.cloudfront.net", error.Message);
        }

        [Fact]
        public void The_zones_own_NS_records_at_its_apex_do_not_claim_the_name()
        {
            var ns = Plain("NS", "ns-1.awsdns-01.org");
            Assert.Null(DomainOwnership.Check("web", "example.com", "example.com", new[] { ns }));
            Assert.NotNull(DomainOwnership.Check("web", "app.example.com", "example.com", new[] { ns }));
        }

        [Theory]
        [InlineData("dualstack.aotech-web-alb-1234567890.eu-west-1.elb.amazonaws.com.", "aotech-web-alb", "eu-west-1")]
        [InlineData("internal-my-lb-99.us-east-1.elb.amazonaws.com", "my-lb", "us-east-1")]
        [InlineData("AOTECH-WEB-ALB-1.us-east-1.elb.amazonaws.com", "aotech-web-alb", "us-east-1")]
        [InlineData("web-1.cn-north-1.elb.amazonaws.com.cn", "web", "cn-north-1")]
        public void Load_balancer_dns_names_give_the_name_and_region(string dns, string name, string region)
        {
            Assert.Equal((name, region), DomainOwnership.LoadBalancerOf(dns));
            Assert.True(DomainOwnership.IsLoadBalancer(dns, name, region));
            Assert.False(DomainOwnership.IsLoadBalancer(dns, name, "ap-south-1"));
        }

        [Theory]
        [InlineData("d111.cloudfront.net")]
        [InlineData("bucket.s3-website-eu-west-1.amazonaws.com")]
        [InlineData("192.0.2.1")]
        [InlineData("")]
        public void Other_targets_are_not_load_balancers(string dns) => Assert.Null(DomainOwnership.LoadBalancerOf(dns));
    }
}
