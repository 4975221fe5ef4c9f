using System.Collections.Generic;
using System.IO;
using System.Linq;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.Planning;
using Xunit;

namespace AoTech.Ecs.Tests.Stack.FirstRun
{
    /// <summary>Inputs AWS would reject, refused before any call: the certificate's domain length, the tags per resource.</summary>
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
            Assert.Equal(50, ((System.Text.Json.Nodes.JsonArray)DesiredTaskDefinitionTests.Desired(json, tags: userTags).Request["tags"]!).Count);
        }

        [Fact]
        public void Preflight_refuses_an_unknown_or_AMI_less_instance_type_and_tasks_that_do_not_fit()
        {
            var file = Path.Combine(Path.GetTempPath(), Path.GetRandomFileName() + ".json");
            File.WriteAllText(file, TaskDefinitionFileTests.Sample);
            try
            {
                var spec = AppSpecTests.Valid();
                spec.TaskDefinitionPath = file;
                PreflightFacts Facts(InstanceTypeInfo? type) => new PreflightFacts
                {
                    Region = "eu-west-1", AccountId = "123456789012",
                    HostedZones = new List<HostedZoneInfo> { new HostedZoneInfo("/hostedzone/Z1", "example.com.", false) },
                    AvailabilityZones = new List<string> { "eu-west-1a", "eu-west-1b" },
                    InstanceTypeLookedUp = true, InstanceType = type,
                };
                string Id(PreflightResult r) => Assert.Throws<AoEcsException>(r.ThrowIfFailed).ErrorId;
                Assert.Equal(StackErrorIds.UnsupportedInstanceType, Id(Preflight.Run(spec, Facts(null))));
                Assert.Equal(StackErrorIds.UnsupportedInstanceType,
                    Id(Preflight.Run(spec, Facts(new InstanceTypeInfo("mac1.metal", new[] { "x86_64_mac" }, 32768, 12)))));
                var small = new InstanceTypeInfo("t3.micro", new[] { "x86_64" }, 1024, 2);
                var fits = Preflight.Run(spec, Facts(small));
                Assert.True(fits.Passed, string.Join("\n", fits.Checks));
                Assert.Contains(fits.Checks, c => c.Name == "capacity" && c.Message.Contains("task(s) per instance"));
                spec.DesiredCount = 40;
                spec.MaxSize = 2;
                Assert.Equal(StackErrorIds.InsufficientCapacity, Id(Preflight.Run(spec, Facts(small))));
                spec.DesiredCount = 6;
                var tight = Preflight.Run(spec, Facts(small));
                Assert.True(tight.Passed);
                Assert.Single(tight.Warnings);
            }
            finally
            {
                File.Delete(file);
            }
        }

        [Fact]
        public void Preflight_refuses_a_given_network_without_public_subnets_or_a_way_out()
        {
            var file = Path.Combine(Path.GetTempPath(), Path.GetRandomFileName() + ".json");
            File.WriteAllText(file, TaskDefinitionFileTests.Sample);
            try
            {
                var spec = AppSpecTests.Valid();
                spec.TaskDefinitionPath = file;
                spec.VpcId = "vpc-0000000000000001a";
                PreflightFacts Facts(params (string Id, string Zone, string? Route, bool Ips)[] subnets) => new PreflightFacts
                {
                    Region = "eu-west-1", AccountId = "123456789012",
                    HostedZones = new List<HostedZoneInfo> { new HostedZoneInfo("/hostedzone/Z1", "example.com.", false) },
                    GivenNetwork = new DiscoveredNetwork
                    {
                        VpcId = spec.VpcId, IsExisting = true,
                        Subnets = subnets.Select(s => new DiscoveredSubnet
                        {
                            SubnetId = s.Id, AvailabilityZone = s.Zone, DefaultRouteTarget = s.Route, MapPublicIpOnLaunch = s.Ips, VpcId = spec.VpcId,
                        }).ToList(),
                    },
                };
                string Id(PreflightResult r) => Assert.Throws<AoEcsException>(r.ThrowIfFailed).ErrorId;
                Assert.Equal(StackErrorIds.NoPublicSubnets,
                    Id(Preflight.Run(spec, Facts(("subnet-a", "eu-west-1a", "nat-1", false), ("subnet-b", "eu-west-1b", "nat-1", false)))));
                Assert.Equal(StackErrorIds.NoOutboundSubnets,
                    Id(Preflight.Run(spec, Facts(("subnet-a", "eu-west-1a", "igw-1", false), ("subnet-b", "eu-west-1b", "igw-1", false)))));
                var ok = Preflight.Run(spec, Facts(("subnet-a", "eu-west-1a", "igw-1", false), ("subnet-b", "eu-west-1b", "igw-1", false),
                    ("subnet-c", "eu-west-1a", "nat-1", false)));
                Assert.True(ok.Passed, string.Join("\n", ok.Checks));
                Assert.Contains("instances in subnet-c", ok.Checks.Single(c => c.Name == "network").Message);
            }
            finally
            {
                File.Delete(file);
            }
        }
    }
}
