using System.IO;
using System.Linq;
using System.Text;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.TaskDefinitions;
using Xunit;

namespace AoTech.Ecs.Tests.Stack
{
    public class TaskDefinitionFileTests
    {
        internal const string Sample = @"{
  ""family"": ""mine"",
  ""containerDefinitions"": [
    {
      ""name"": ""sidecar"",
      ""image"": ""busybox"",
      ""memory"": 64,
      ""essential"": false
    },
    {
      ""name"": ""web"",
      ""image"": ""nginx:1.27"",
      ""memoryReservation"": 128,
      ""portMappings"": [ { ""containerPort"": 8080 }, { ""containerPort"": 9090, ""protocol"": ""tcp"" } ],
      ""environment"": [ { ""name"": ""MODE"", ""value"": ""prod"" } ],
      ""healthCheck"": null
    }
  ]
}";

        internal static TaskDefinitionFile Parse(string json) => TaskDefinitionFile.Parse("td.json", Encoding.UTF8.GetBytes(json));

        private static AoEcsException Rejects(string json)
        {
            var ex = Assert.Throws<AoEcsException>(() => Parse(json));
            Assert.Equal(StackErrorIds.InvalidTaskDefinition, ex.ErrorId);
            Assert.Equal("td.json", ex.Target);
            return ex;
        }

        [Fact]
        public void A_valid_file_loads_and_nulls_mean_absent()
        {
            var file = Parse(Sample);
            Assert.Equal(new[] { "sidecar", "web" }, file.Containers.Select(c => (string)c["name"]!));
            Assert.False(file.Containers.Last().ContainsKey("healthCheck"));
            Assert.Equal("td.json:14:7", file.Locate("containerDefinitions[1].portMappings"));
        }

        [Fact]
        public void Not_json_names_file_line_and_column()
        {
            var ex = Rejects("{\n  \"family\": \"x\",\n  \"containerDefinitions\": [ oops ]\n}");
            Assert.StartsWith("td.json:3:", ex.Message);
            Assert.Contains("not valid JSON", ex.Message);
        }

        [Fact]
        public void Empty_file_is_rejected()
        {
            Assert.Contains("empty", Rejects("   ").Message);
        }

        [Fact]
        public void Wrong_type_names_line_and_field_without_echoing_the_value()
        {
            var json = Sample.Replace("\"memoryReservation\": 128", "\"memoryReservation\": \"128\"");
            var ex = Rejects(json);
            Assert.StartsWith("td.json:13:7: 'containerDefinitions[1].memoryReservation' must be an integer", ex.Message);
            Assert.DoesNotContain("128", ex.Message.Substring("td.json:13:7".Length));
        }

        [Fact]
        public void Unknown_member_is_named_with_a_case_hint()
        {
            var ex = Rejects(Sample.Replace("\"essential\"", "\"Essential\""));
            Assert.StartsWith("td.json:8:7: 'containerDefinitions[0].Essential' is not a member of ContainerDefinition; did you mean 'essential'?", ex.Message);
        }

        [Fact]
        public void Read_only_members_of_describe_output_are_explained()
        {
            var ex = Rejects(Sample.Replace("\"family\": \"mine\",", "\"family\": \"mine\", \"revision\": 3,"));
            Assert.Contains("'revision' is a read-only field", ex.Message);
            ex = Rejects("{ \"taskDefinition\": " + Sample + " }");
            Assert.Contains("describe-task-definition output", ex.Message);
        }

        [Fact]
        public void Not_an_object_and_missing_containers()
        {
            Assert.Contains("expected a JSON object", Rejects("[1,2]").Message);
            Assert.Contains("'containerDefinitions' is required", Rejects("{ \"family\": \"x\" }").Message);
            Assert.Contains("at least one container", Rejects("{ \"containerDefinitions\": [] }").Message);
        }

        [Fact]
        public void Container_rules_ECS_enforces()
        {
            Assert.Contains("needs an image", Rejects("{ \"containerDefinitions\": [ { \"name\": \"a\", \"memory\": 64 } ] }").Message);
            Assert.Contains("needs a name", Rejects("{ \"containerDefinitions\": [ { \"image\": \"a\", \"memory\": 64 } ] }").Message);
            Assert.Contains("needs memory", Rejects("{ \"containerDefinitions\": [ { \"name\": \"a\", \"image\": \"a\" } ] }").Message);
            Assert.Contains("used by two containers", Rejects(
                "{ \"containerDefinitions\": [ { \"name\": \"a\", \"image\": \"a\", \"memory\": 64 }, { \"name\": \"a\", \"image\": \"b\", \"memory\": 64 } ] }").Message);
            // Task-level memory satisfies the memory rule.
            Parse("{ \"memory\": \"512\", \"containerDefinitions\": [ { \"name\": \"a\", \"image\": \"a\" } ] }");
        }

        [Fact]
        public void Network_mode_and_compatibilities_must_suit_EC2_with_a_load_balancer()
        {
            Assert.Contains("networkMode", Rejects(Sample.Replace("\"family\": \"mine\",", "\"family\": \"mine\", \"networkMode\": \"awsvpc\",")).Message);
            Assert.Contains("must include EC2", Rejects(Sample.Replace("\"family\": \"mine\",", "\"family\": \"mine\", \"requiresCompatibilities\": [\"FARGATE\"],")).Message);
        }

        [Fact]
        public void Duplicate_members_are_rejected_with_position()
        {
            var ex = Rejects("{\n \"family\": \"a\",\n \"family\": \"b\",\n \"containerDefinitions\": [] }");
            Assert.StartsWith("td.json:3:2: 'family' appears twice", ex.Message);
        }

        [Fact]
        public void Nested_structures_and_maps_are_walked()
        {
            var ex = Rejects(Sample.Replace("\"essential\": false", "\"essential\": false, \"logConfiguration\": { \"logDriver\": \"awslogs\", \"options\": { \"a\": 1 } }"));
            Assert.Contains("'containerDefinitions[0].logConfiguration.options.a' must be a string", ex.Message);
            ex = Rejects(Sample.Replace("\"essential\": false", "\"essential\": false, \"logConfiguration\": { \"options\": {} }"));
            Assert.Contains("'containerDefinitions[0].logConfiguration' needs 'logDriver'", ex.Message);
        }

        [Fact]
        public void Load_reads_the_file_and_reports_a_missing_one()
        {
            var path = Path.Combine(Path.GetTempPath(), Path.GetRandomFileName() + ".json");
            File.WriteAllText(path, "\uFEFF" + Sample, new UTF8Encoding(false));
            try
            {
                Assert.Equal(2, TaskDefinitionFile.Load(path).Containers.Count());
            }
            finally
            {
                File.Delete(path);
            }
            var ex = Assert.Throws<AoEcsException>(() => TaskDefinitionFile.Load(path));
            Assert.Equal(StackErrorIds.TaskDefinitionNotFound, ex.ErrorId);
        }

        [Fact]
        public void Schema_from_the_DTO_matches_the_service_model()
        {
            // The file is checked against the DTO the ECS client sends; the model table must agree member for member.
            var problems = new System.Collections.Generic.List<string>();
            var seen = new System.Collections.Generic.HashSet<string>();
            void Compare(SchemaNode dto, SchemaNode model, string path)
            {
                if (dto.Kind != model.Kind) { problems.Add($"{path}: {dto.Kind} vs {model.Kind}"); return; }
                if (dto.Kind == SchemaKind.List || dto.Kind == SchemaKind.Map) { Compare(dto.Item!, model.Item!, path + "[]"); return; }
                if (dto.Kind != SchemaKind.Structure || !seen.Add(model.ShapeName!)) return;
                foreach (var name in model.Members.Keys.Union(dto.Members.Keys))
                {
                    if (!dto.Members.ContainsKey(name)) problems.Add($"{path}.{name}: missing from the DTO");
                    else if (!model.Members.ContainsKey(name)) problems.Add($"{path}.{name}: not in the model");
                    else Compare(dto.Members[name], model.Members[name], path + "." + name);
                }
                Assert.Equal(model.Required.OrderBy(r => r), dto.Required.OrderBy(r => r));
            }
            Compare(SchemaNode.RegisterTaskDefinition, SchemaNode.RegisterTaskDefinitionFromModel, "request");
            Assert.Empty(problems);
        }

        [Fact]
        public void Schema_covers_the_request_shape()
        {
            var schema = SchemaNode.RegisterTaskDefinition;
            Assert.Contains("containerDefinitions", schema.Required);
            Assert.DoesNotContain("family", schema.Required); // the stack sets it
            var container = schema.Members["containerDefinitions"].Item!;
            Assert.Equal(SchemaKind.Structure, container.Kind);
            Assert.Equal(SchemaKind.Integer, container.Members["portMappings"].Item!.Members["containerPort"].Kind);
            Assert.Equal(SchemaKind.Map, container.Members["dockerLabels"].Kind);
        }
    }
}
