using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.TaskDefinitions;
using Xunit;

namespace AoTech.Ecs.Tests.Stack
{
    public class DesiredTaskDefinitionTests
    {
        private const string Role = "arn:aws:iam::123456789012:role/aotech/web/aotech-web-execution";

        internal static DesiredTaskDefinition Desired(string json, string? container = null, int? port = null,
            IDictionary<string, string>? tags = null)
        {
            var file = TaskDefinitionFileTests.Parse(json);
            return DesiredTaskDefinition.Create(file, ContainerSelection.Select(file, container, port), StackNames.For("web"),
                "eu-west-1", Role, tags);
        }

        [Fact]
        public void Container_defaults_to_first_with_a_port_mapping_and_its_first_port()
        {
            var target = Desired(TaskDefinitionFileTests.Sample).Target;
            Assert.Equal("web", target.ContainerName);
            Assert.Equal(8080, target.ContainerPort);
            Assert.Equal(9090, Desired(TaskDefinitionFileTests.Sample, port: 9090).Target.ContainerPort);
        }

        [Fact]
        public void Unknown_container_or_port_have_their_ErrorIds()
        {
            Assert.Equal(StackErrorIds.ContainerNotFound,
                Assert.Throws<AoEcsException>(() => Desired(TaskDefinitionFileTests.Sample, container: "api")).ErrorId);
            Assert.Equal(StackErrorIds.ContainerPortNotFound,
                Assert.Throws<AoEcsException>(() => Desired(TaskDefinitionFileTests.Sample, container: "web", port: 81)).ErrorId);
            Assert.Equal(StackErrorIds.ContainerPortNotFound,
                Assert.Throws<AoEcsException>(() => Desired(TaskDefinitionFileTests.Sample, container: "sidecar")).ErrorId);
            Assert.Equal(StackErrorIds.ContainerPortNotFound,
                Assert.Throws<AoEcsException>(() => Desired("{ \"containerDefinitions\": [ { \"name\": \"a\", \"image\": \"a\", \"memory\": 64 } ] }")).ErrorId);
        }

        [Fact]
        public void Stack_defaults_are_filled_in()
        {
            var desired = Desired(TaskDefinitionFileTests.Sample);
            var request = desired.Request;
            Assert.Equal("aotech-web", (string?)request["family"]);
            Assert.Equal(Role, (string?)request["executionRoleArn"]);
            Assert.Equal("bridge", (string?)request["networkMode"]);
            Assert.Equal("EC2", (string?)request["requiresCompatibilities"]![0]);
            var web = request["containerDefinitions"]![1]!;
            Assert.Equal(0, (int)web["portMappings"]![0]!["hostPort"]!);
            Assert.Equal("awslogs", (string?)web["logConfiguration"]!["logDriver"]);
            Assert.Equal("/aotech/web", (string?)web["logConfiguration"]!["options"]!["awslogs-group"]);
            Assert.Equal("eu-west-1", (string?)web["logConfiguration"]!["options"]!["awslogs-region"]);
            var tags = ((JsonArray)request["tags"]!).ToDictionary(t => (string)t!["key"]!, t => (string)t!["value"]!);
            Assert.Equal("web", tags[StackNames.AppTagKey]);
            // The content hash and the record are written when a revision is registered (RegisterRequest).
            Assert.False(tags.ContainsKey(StackNames.TaskDefinitionFileHashTagKey));
            var registered = ((JsonArray)desired.RegisterRequest(desired.Request)["tags"]!).ToDictionary(t => (string)t!["key"]!, t => (string)t!["value"]!);
            Assert.Equal(desired.ContentHash, registered[StackNames.TaskDefinitionFileHashTagKey]);
            Assert.Equal("web", registered[StackNames.AppTagKey]);
            Assert.Contains(registered.Keys, AppliedFileRecord.IsRecordTag);
            Assert.Contains(desired.Notes, n => n.Contains("family 'mine' replaced"));
            // The file itself is untouched.
            Assert.Null(TaskDefinitionFileTests.Parse(TaskDefinitionFileTests.Sample).Root["executionRoleArn"]);
        }

        [Fact]
        public void Given_values_win_over_defaults()
        {
            var json = TaskDefinitionFileTests.Sample
                .Replace("\"family\": \"mine\",", "\"executionRoleArn\": \"arn:aws:iam::1:role/mine\", \"networkMode\": \"host\",")
                .Replace("{ \"containerPort\": 8080 }", "{ \"containerPort\": 8080, \"hostPort\": 8080 }")
                .Replace("\"memory\": 64,", "\"memory\": 64, \"logConfiguration\": { \"logDriver\": \"json-file\" },");
            var request = Desired(json).Request;
            Assert.Equal("arn:aws:iam::1:role/mine", (string?)request["executionRoleArn"]);
            Assert.Equal("host", (string?)request["networkMode"]);
            Assert.Equal(8080, (int)request["containerDefinitions"]![1]!["portMappings"]![0]!["hostPort"]!);
            Assert.Equal("json-file", (string?)request["containerDefinitions"]![0]!["logConfiguration"]!["logDriver"]);
            Assert.Null(request["containerDefinitions"]![1]!["portMappings"]![1]!["hostPort"]); // host mode: no dynamic ports
        }

        [Fact]
        public void Host_network_mode_is_warned_about_as_the_way_around_the_metadata_block()
        {
            var host = Desired(TaskDefinitionFileTests.Sample.Replace("\"family\": \"mine\",", "\"family\": \"mine\", \"networkMode\": \"host\","));
            Assert.Contains(host.Warnings, w => w.Contains("networkMode host") && w.Contains("instance metadata"));
            Assert.DoesNotContain(Desired(TaskDefinitionFileTests.Sample).Warnings, w => w.Contains("networkMode host"));
        }

        [Fact]
        public void Hash_ignores_formatting_member_order_and_tags_but_not_content()
        {
            var a = Desired(TaskDefinitionFileTests.Sample);
            var reordered = "{ \"containerDefinitions\": " +
                TaskDefinitionFileTests.Parse(TaskDefinitionFileTests.Sample).Root["containerDefinitions"]!.ToJsonString() +
                ", \"family\": \"mine\" }";
            Assert.Equal(a.ContentHash, Desired(reordered).ContentHash);
            Assert.Equal(a.ContentHash, Desired(TaskDefinitionFileTests.Sample, tags: new Dictionary<string, string> { ["team"] = "x" }).ContentHash);
            Assert.NotEqual(a.ContentHash, Desired(TaskDefinitionFileTests.Sample.Replace("nginx:1.27", "nginx:1.28")).ContentHash);
            Assert.NotEqual(a.ContentHash, Desired(TaskDefinitionFileTests.Sample.Replace("\"prod\"", "\"test\"")).ContentHash);
            Assert.Matches("^[0-9a-f]{64}$", a.ContentHash);
        }

        [Fact]
        public void Instance_ports_follow_the_host_port()
        {
            Assert.Equal((StackDefaults.DynamicPortFrom, StackDefaults.DynamicPortTo),
                AoTech.Ecs.Stack.Planning.StackPlanner.InstancePorts(Desired(TaskDefinitionFileTests.Sample)));
            var fixedPort = TaskDefinitionFileTests.Sample.Replace("{ \"containerPort\": 8080 }", "{ \"containerPort\": 8080, \"hostPort\": 8081 }");
            Assert.Equal((8081, 8081), AoTech.Ecs.Stack.Planning.StackPlanner.InstancePorts(Desired(fixedPort)));
        }
    }
}
namespace AoTech.Ecs.Tests.Stack
{
    public class RegisterRequestConversionTests
    {
        [Xunit.Fact]
        public void Desired_request_maps_onto_the_ECS_DTO()
        {
            var desired = DesiredTaskDefinitionTests.Desired(TaskDefinitionFileTests.Sample);
            var request = TaskDefinitionJson.ToRequest(desired.Request);
            Xunit.Assert.Equal("aotech-web", request.Family);
            Xunit.Assert.Equal("bridge", request.NetworkMode);
            var web = request.ContainerDefinitions![1];
            Xunit.Assert.Equal("web", web.Name);
            Xunit.Assert.Equal(128, web.MemoryReservation);
            Xunit.Assert.Equal(0, web.PortMappings![0].HostPort);
            Xunit.Assert.Equal(8080, web.PortMappings[0].ContainerPort);
            Xunit.Assert.Equal("/aotech/web", web.LogConfiguration!.Options!["awslogs-group"]);
            Xunit.Assert.Equal("prod", web.Environment![0].Value);
            Xunit.Assert.Equal(64, request.ContainerDefinitions[0].Memory);
            Xunit.Assert.Contains(request.Tags!, t => t.Key == AoTech.Ecs.Stack.StackNames.AppTagKey && t.Value == "web");
        }
    }
}
