using System.Collections.Generic;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack;
using Xunit;

namespace AoTech.Ecs.Tests.Stack
{
    public class AppSpecTests
    {
        internal static AppSpec Valid() => new AppSpec { Name = "web", DomainName = "app.example.com", TaskDefinitionPath = "taskdef.json" };

        private static string ErrorId(AppSpec spec) => Assert.Throws<AoEcsException>(spec.Validate).ErrorId;

        [Fact]
        public void Defaults_are_the_fast_and_secure_ones()
        {
            var spec = Valid();
            spec.Validate();
            Assert.Equal(2, spec.DesiredCount);
            Assert.Equal("t3.small", spec.InstanceType);
            Assert.True(spec.HealthCheckIntervalSeconds <= 10);
            Assert.Equal(2, spec.HealthyThresholdCount);
            Assert.True(spec.DeregistrationDelaySeconds <= 30);
            Assert.Equal(new[] { "0.0.0.0/0" }, spec.AllowedCidr);
            Assert.True(spec.UsesDedicatedNetwork);
            Assert.Contains(spec.LogRetentionDays, AppSpec.ValidLogRetentionDays);
        }

        [Theory]
        [InlineData("Web")]
        [InlineData("1web")]
        [InlineData("web-")]
        [InlineData("we--b")]
        [InlineData("web_app")]
        [InlineData("")]
        public void Bad_app_names_are_InvalidAppName(string name)
        {
            var spec = Valid();
            spec.Name = name;
            Assert.Equal(StackErrorIds.InvalidAppName, ErrorId(spec));
        }

        [Fact]
        public void Too_long_app_name_is_NameTooLong_and_names_the_tightest_resource()
        {
            var spec = Valid();
            spec.Name = new string('a', StackNames.MaxAppNameLength + 1);
            var ex = Assert.Throws<AoEcsException>(spec.Validate);
            Assert.Equal(StackErrorIds.NameTooLong, ex.ErrorId);
            Assert.Contains("load balancer", ex.Message);
        }

        [Theory]
        [InlineData("localhost")]
        [InlineData("*.example.com")]
        [InlineData("-a.example.com")]
        [InlineData("a..example.com")]
        [InlineData("example.123")]
        [InlineData("app example.com")]
        public void Bad_domains_are_InvalidDomainName(string domain)
        {
            var spec = Valid();
            spec.DomainName = domain;
            Assert.Equal(StackErrorIds.InvalidDomainName, ErrorId(spec));
        }

        [Fact]
        public void Domain_is_normalised()
        {
            var spec = Valid();
            spec.DomainName = "App.Example.COM.";
            spec.Validate();
            Assert.Equal("app.example.com", spec.DomainName);
        }

        [Theory]
        [InlineData("10.0.0.0")]
        [InlineData("10.0.0.0/33")]
        [InlineData("10.0.0.1/8")]
        [InlineData("::/0")]
        [InlineData("300.0.0.0/8")]
        [InlineData("10.0/16")]
        public void Bad_cidrs_are_InvalidCidr(string cidr)
        {
            var spec = Valid();
            spec.AllowedCidr = new List<string> { cidr };
            Assert.Equal(StackErrorIds.InvalidCidr, ErrorId(spec));
        }

        [Fact]
        public void Host_bits_error_suggests_the_network()
        {
            var ex = Assert.Throws<AoEcsException>(() => AppSpec.NormalizeCidr("192.168.1.7/24"));
            Assert.Contains("192.168.1.0/24", ex.Message);
        }

        [Fact]
        public void Cidrs_are_trimmed_and_deduplicated()
        {
            var spec = Valid();
            spec.AllowedCidr = new List<string> { " 203.0.113.0/24", "203.0.113.0/24", "0.0.0.0/0" };
            spec.Validate();
            Assert.Equal(new[] { "203.0.113.0/24", "0.0.0.0/0" }, spec.AllowedCidr);
        }

        [Theory]
        [InlineData("aws:owner", "x")]
        [InlineData("aotech:app", "x")]
        [InlineData("", "x")]
        [InlineData("bad<key>", "x")]
        [InlineData("ok", "bad{value}")]
        public void Bad_tags_are_InvalidTag(string key, string value)
        {
            var spec = Valid();
            spec.Tags = new Dictionary<string, string> { [key] = value };
            Assert.Equal(StackErrorIds.InvalidTag, ErrorId(spec));
        }

        [Fact]
        public void Too_many_tags_are_InvalidTag()
        {
            var spec = Valid();
            for (var i = 0; i <= AppSpec.MaxUserTags; i++) spec.Tags["k" + i] = "v";
            Assert.Equal(StackErrorIds.InvalidTag, ErrorId(spec));
        }

        [Fact]
        public void Health_check_rules()
        {
            var spec = Valid();
            spec.HealthCheckTimeoutSeconds = 10; // not shorter than the 10 s interval
            Assert.Equal(StackErrorIds.InvalidHealthCheck, ErrorId(spec));
            spec = Valid();
            spec.HealthCheckPath = "health";
            Assert.Equal(StackErrorIds.InvalidHealthCheck, ErrorId(spec));
            spec = Valid();
            spec.HealthCheckMatcher = "200-199";
            Assert.Equal(StackErrorIds.InvalidHealthCheck, ErrorId(spec));
            spec = Valid();
            spec.HealthCheckMatcher = "200,302,400-404";
            spec.Validate();
        }

        [Fact]
        public void Counts_sizes_retention_and_network()
        {
            var spec = Valid();
            spec.MinSize = 5;
            spec.MaxSize = 3;
            Assert.Equal(StackErrorIds.InvalidCount, ErrorId(spec));
            spec = Valid();
            spec.DesiredCount = -1;
            Assert.Equal(StackErrorIds.InvalidCount, ErrorId(spec));
            spec = Valid();
            spec.LogRetentionDays = 2;
            Assert.Equal(StackErrorIds.InvalidLogRetention, ErrorId(spec));
            spec = Valid();
            spec.InstanceType = "small";
            Assert.Equal(StackErrorIds.InvalidInstanceType, ErrorId(spec));
            spec = Valid();
            spec.SubnetIds = new List<string> { "subnet-0123456789abcdef0" };
            Assert.Equal(StackErrorIds.InvalidNetwork, ErrorId(spec));
            spec = Valid();
            spec.VpcId = "vpc-xyz";
            Assert.Equal(StackErrorIds.InvalidNetwork, ErrorId(spec));
        }
    }
}
