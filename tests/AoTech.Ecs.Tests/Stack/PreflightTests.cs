using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.Planning;
using Xunit;

namespace AoTech.Ecs.Tests.Stack
{
    public sealed class PreflightTests : IDisposable
    {
        private readonly string file = Path.Combine(Path.GetTempPath(), Path.GetRandomFileName() + ".json");

        public PreflightTests() => File.WriteAllText(file, TaskDefinitionFileTests.Sample);
        public void Dispose() => File.Delete(file);

        private AppSpec Spec()
        {
            var spec = AppSpecTests.Valid();
            spec.TaskDefinitionPath = file;
            return spec;
        }

        private static PreflightFacts Facts() => new PreflightFacts
        {
            Region = "eu-west-1",
            AccountId = "123456789012",
            HostedZones = new List<HostedZoneInfo> { new HostedZoneInfo("/hostedzone/Z1", "example.com.", false) },
            AvailabilityZones = new List<string> { "eu-west-1a", "eu-west-1b" },
        };

        private static string FirstErrorId(PreflightResult result) => Assert.Throws<AoEcsException>(result.ThrowIfFailed).ErrorId;

        [Fact]
        public void All_good_passes_and_returns_what_it_resolved()
        {
            var result = Preflight.Run(Spec(), Facts());
            Assert.True(result.Passed, string.Join("\n", result.Checks));
            result.ThrowIfFailed();
            Assert.Equal("Z1", result.HostedZone!.Id);
            Assert.Equal("web", result.Target!.ContainerName);
            Assert.Equal(new[] { "credentials", "region", "inputs", "task definition", "container and port", "hosted zone", "network", "domain" },
                result.Checks.Select(c => c.Name));
        }

        [Fact]
        public void No_credentials_and_no_region()
        {
            var facts = Facts();
            facts.AccountId = null;
            facts.CredentialsError = new InvalidOperationException("no profile");
            Assert.Equal(StackErrorIds.NoCredentials, FirstErrorId(Preflight.Run(Spec(), facts)));
            facts = Facts();
            facts.Region = null;
            Assert.Equal(StackErrorIds.NoRegion, FirstErrorId(Preflight.Run(Spec(), facts)));
        }

        [Fact]
        public void Missing_hosted_zone()
        {
            var facts = Facts();
            facts.HostedZones = new List<HostedZoneInfo> { new HostedZoneInfo("Z2", "example.org", false), new HostedZoneInfo("Z3", "example.com", true) };
            var ex = Assert.Throws<AoEcsException>(Preflight.Run(Spec(), facts).ThrowIfFailed);
            Assert.Equal(StackErrorIds.HostedZoneNotFound, ex.ErrorId);
            Assert.Equal("app.example.com", ex.Target);
        }

        [Fact]
        public void Closest_public_parent_zone_wins()
        {
            var zones = new[]
            {
                new HostedZoneInfo("/hostedzone/ZA", "example.com.", false),
                new HostedZoneInfo("/hostedzone/ZB", "app.example.com.", false),
                new HostedZoneInfo("/hostedzone/ZC", "b.app.example.com.", true),
                new HostedZoneInfo("/hostedzone/ZD", "xample.com.", false),
            };
            Assert.Equal("ZB", HostedZones.FindFor("b.app.example.com", zones)!.Id);
            Assert.Equal("ZA", HostedZones.FindFor("other.example.com", zones)!.Id);
            Assert.Null(HostedZones.FindFor("example.net", zones));
        }

        [Fact]
        public void Bad_inputs_stop_before_the_file_is_read()
        {
            var spec = Spec();
            spec.Name = new string('a', 40);
            var result = Preflight.Run(spec, Facts());
            Assert.Equal(StackErrorIds.NameTooLong, FirstErrorId(result));
            Assert.DoesNotContain(result.Checks, c => c.Name == "task definition");
        }

        [Fact]
        public void Invalid_task_definition_and_unknown_container()
        {
            File.WriteAllText(file, "{ nope");
            Assert.Equal(StackErrorIds.InvalidTaskDefinition, FirstErrorId(Preflight.Run(Spec(), Facts())));
            File.WriteAllText(file, TaskDefinitionFileTests.Sample);
            var spec = Spec();
            spec.ContainerName = "api";
            Assert.Equal(StackErrorIds.ContainerNotFound, FirstErrorId(Preflight.Run(spec, Facts())));
        }

        [Fact]
        public void Every_failure_is_listed_and_the_first_one_decides_the_ErrorId()
        {
            var facts = Facts();
            facts.Region = null;
            facts.HostedZones = new List<HostedZoneInfo>();
            var ex = Assert.Throws<AoEcsException>(Preflight.Run(Spec(), facts).ThrowIfFailed);
            Assert.Equal(StackErrorIds.NoRegion, ex.ErrorId);
            Assert.Contains("also HostedZoneNotFound", ex.Message);
        }

        [Fact]
        public void Network_checks()
        {
            var facts = Facts();
            facts.AvailabilityZones = new List<string> { "eu-west-1a" };
            Assert.Equal(StackErrorIds.NotEnoughAvailabilityZones, FirstErrorId(Preflight.Run(Spec(), facts)));

            var spec = Spec();
            spec.SubnetIds = new List<string> { "subnet-0000000000000000a", "subnet-0000000000000000b" };
            facts = Facts();
            facts.MissingSubnetIds = new List<string> { "subnet-0000000000000000b" };
            Assert.Equal(StackErrorIds.SubnetNotFound, FirstErrorId(Preflight.Run(spec, facts)));

            facts = Facts();
            facts.GivenNetwork = new DiscoveredNetwork
            {
                VpcId = "vpc-1", IsExisting = true,
                Subnets = new List<DiscoveredSubnet>
                {
                    new DiscoveredSubnet { SubnetId = "subnet-0000000000000000a", AvailabilityZone = "eu-west-1a", VpcId = "vpc-1", DefaultRouteTarget = "igw-1", MapPublicIpOnLaunch = true },
                    new DiscoveredSubnet { SubnetId = "subnet-0000000000000000b", AvailabilityZone = "eu-west-1a", VpcId = "vpc-1", DefaultRouteTarget = "igw-1", MapPublicIpOnLaunch = true },
                },
            };
            Assert.Equal(StackErrorIds.NotEnoughAvailabilityZones, FirstErrorId(Preflight.Run(spec, facts)));
            facts.GivenNetwork.Subnets[1].AvailabilityZone = "eu-west-1b";
            Assert.True(Preflight.Run(spec, facts).Passed);
        }

        private static PreflightFacts WithType(InstanceTypeInfo type)
        {
            var facts = Facts();
            facts.InstanceTypeLookedUp = true;
            facts.InstanceType = type;
            return facts;
        }

        private static PreflightFacts WithNetwork(DiscoveredNetwork network)
        {
            var facts = Facts();
            facts.GivenNetwork = network;
            return facts;
        }

        [Fact]
        public void Preflight_refuses_an_unknown_or_AMI_less_instance_type_and_tasks_that_do_not_fit()
        {
            var spec = Spec();
            var unknown = Facts();
            unknown.InstanceTypeLookedUp = true; // looked up, not found
            Assert.Equal(StackErrorIds.UnsupportedInstanceType, FirstErrorId(Preflight.Run(spec, unknown)));
            Assert.Equal(StackErrorIds.UnsupportedInstanceType,
                FirstErrorId(Preflight.Run(spec, WithType(new InstanceTypeInfo("mac1.metal", new[] { "x86_64_mac" }, 32768, 12)))));
            var small = new InstanceTypeInfo("t3.micro", new[] { "x86_64" }, 1024, 2);
            var fits = Preflight.Run(spec, WithType(small));
            Assert.True(fits.Passed, string.Join("\n", fits.Checks));
            Assert.Contains(fits.Checks, c => c.Name == "capacity" && c.Message.Contains("task(s) per instance"));
            spec.DesiredCount = 40;
            spec.MaxSize = 2;
            Assert.Equal(StackErrorIds.InsufficientCapacity, FirstErrorId(Preflight.Run(spec, WithType(small))));
            spec.DesiredCount = 6;
            var tight = Preflight.Run(spec, WithType(small));
            Assert.True(tight.Passed);
            Assert.Single(tight.Warnings);
        }

        [Fact]
        public void Preflight_refuses_a_given_network_without_public_subnets_or_a_way_out()
        {
            var spec = Spec();
            spec.VpcId = "vpc-0000000000000001a";
            PreflightFacts Given(params (string Id, string Zone, string? Route)[] subnets) => WithNetwork(new DiscoveredNetwork
            {
                VpcId = spec.VpcId, IsExisting = true,
                Subnets = subnets.Select(s => new DiscoveredSubnet
                {
                    SubnetId = s.Id, AvailabilityZone = s.Zone, DefaultRouteTarget = s.Route, VpcId = spec.VpcId,
                }).ToList(),
            });
            Assert.Equal(StackErrorIds.NoPublicSubnets,
                FirstErrorId(Preflight.Run(spec, Given(("subnet-a", "eu-west-1a", "nat-1"), ("subnet-b", "eu-west-1b", "nat-1")))));
            Assert.Equal(StackErrorIds.NoOutboundSubnets,
                FirstErrorId(Preflight.Run(spec, Given(("subnet-a", "eu-west-1a", "igw-1"), ("subnet-b", "eu-west-1b", "igw-1")))));
            var ok = Preflight.Run(spec, Given(("subnet-a", "eu-west-1a", "igw-1"), ("subnet-b", "eu-west-1b", "igw-1"),
                ("subnet-c", "eu-west-1a", "nat-1")));
            Assert.True(ok.Passed, string.Join("\n", ok.Checks));
            Assert.Contains("instances in subnet-c", ok.Checks.Single(c => c.Name == "network").Message);
        }

        [Fact]
        public void A_domain_another_app_or_another_record_holds_is_refused()
        {
            var facts = Facts();
            facts.DomainHolders = new List<DomainHolder>
            {
                new DomainHolder(new DiscoveredRecord { Name = "app.example.com.", Type = "CNAME", Values = new List<string> { "elsewhere.example.net" } },
                    null, "elsewhere.example.net"),
            };
            var error = Assert.Throws<AoEcsException>(Preflight.Run(Spec(), facts).ThrowIfFailed);
            Assert.Equal(StackErrorIds.DomainInUse, error.ErrorId);
            Assert.Contains("CNAME record app.example.com -> elsewhere.example.net", error.Message);
        }

        [Fact]
        public void Foreign_resources_with_our_names_are_refused()
        {
            var facts = Facts();
            facts.ForeignResources = new List<string> { "load balancer aotech-web-alb" };
            Assert.Equal(StackErrorIds.ResourceOwnedByOther, FirstErrorId(Preflight.Run(Spec(), facts)));
        }
    }
}
