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

        [Theory]
        // Issue 19 item 3: each threw a NullReferenceException or InvalidOperationException before.
        [InlineData("\"name\": \"web\"", "\"name\": null", "'containerDefinitions[1].name' must be a string, found null")]
        [InlineData("\"image\": \"nginx:1.27\"", "\"image\": null", "'containerDefinitions[1].image' must be a string, found null")]
        [InlineData("\"image\": \"nginx:1.27\"", "\"image\": 42", "'containerDefinitions[1].image' must be a string, found a number")]
        [InlineData("\"portMappings\": [ { \"containerPort\": 8080 },", "\"portMappings\": [ null,", "'containerDefinitions[1].portMappings[0]' must be a PortMapping object, found null")]
        public void Nulls_where_a_value_is_needed_are_wrong_types(string from, string to, string message)
        {
            var ex = Rejects(Sample.Replace(from, to));
            Assert.Contains(message, ex.Message);
        }

        [Fact]
        public void A_null_container_or_optional_list_is_handled()
        {
            var ex = Rejects("{ \"family\": \"f\", \"containerDefinitions\": [ null ] }");
            Assert.Contains("'containerDefinitions[0]' must be a ContainerDefinition object, found null", ex.Message);
            // Optional members given as null mean "not given", as the AWS CLI reads them.
            var file = Parse(Sample.Replace("\"memory\": 64,", "\"memory\": 64, \"portMappings\": null,")
                .Replace("\"family\": \"mine\",", "\"family\": \"mine\", \"networkMode\": null, \"requiresCompatibilities\": null,"));
            Assert.Equal(2, file.Containers.Count());
        }

        [Fact]
        public void At_least_one_essential_container()
        {
            var ex = Rejects(Sample.Replace("\"name\": \"web\",", "\"name\": \"web\", \"essential\": false,"));
            Assert.Contains("no essential container", ex.Message);
            // essential is true unless set to false: the sample's second container counts.
            Assert.Equal(2, Parse(Sample).Containers.Count());
        }

        [Fact]
        public void At_most_ten_containers()
        {
            var containers = string.Join(",", Enumerable.Range(0, 11).Select(i => $"{{ \"name\": \"c{i}\", \"image\": \"busybox\", \"memory\": 8 }}"));
            var ex = Rejects($"{{ \"family\": \"f\", \"containerDefinitions\": [ {containers} ] }}");
            Assert.Contains("at most 10", ex.Message);
        }

        [Fact]
        public void Larger_than_ECS_takes_is_refused_before_it_is_read_whole()
        {
            var path = Path.Combine(Path.GetTempPath(), Path.GetRandomFileName() + ".json");
            File.WriteAllText(path, Sample.Replace("\"family\": \"mine\",", "\"family\": \"mine\", \"tags\": [ " +
                string.Join(",", Enumerable.Range(0, 3000).Select(i => $"{{ \"key\": \"k{i}\", \"value\": \"v\" }}")) + " ],"));
            try
            {
                var ex = Assert.Throws<AoEcsException>(() => TaskDefinitionFile.Load(path));
                Assert.Equal(AoTech.Ecs.Files.FileErrorIds.FileTooLarge, ex.ErrorId);
                Assert.Equal(AoErrorKind.InvalidData, ex.Kind);
                Assert.Contains("65,536", ex.Message);
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public void A_directory_is_named_as_one()
        {
            var ex = Assert.Throws<AoEcsException>(() => TaskDefinitionFile.Load(Path.GetTempPath()));
            Assert.Equal(AoTech.Ecs.Files.FileErrorIds.NotAFile, ex.ErrorId);
            Assert.Contains("is a directory", ex.Message);
        }

        [Fact]
        public async System.Threading.Tasks.Task A_device_or_a_pipe_is_never_opened()
        {
            if (!File.Exists("/dev/zero")) return; // Windows: no such device file
            // /dev/zero never ends; reading it ran out of memory. Its length is 0, so it is not opened at all.
            var ex = Assert.Throws<AoEcsException>(() => TaskDefinitionFile.Load("/dev/zero"));
            Assert.Equal(StackErrorIds.InvalidTaskDefinition, ex.ErrorId);
            Assert.Contains("not a regular file", ex.Message);

            // A pipe without a writer: opening it blocks forever.
            var fifo = Path.Combine(Path.GetTempPath(), Path.GetRandomFileName());
            using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo)) mkfifo!.WaitForExit();
            try
            {
                var load = System.Threading.Tasks.Task.Run(() => TaskDefinitionFile.Load(fifo));
                var first = await System.Threading.Tasks.Task.WhenAny(load, System.Threading.Tasks.Task.Delay(System.TimeSpan.FromSeconds(10)));
                Assert.True(first == load, "loading a FIFO must not hang");
                Assert.IsType<AoEcsException>(load.Exception!.GetBaseException());
            }
            finally
            {
                File.Delete(fifo);
            }
        }

        [Fact]
        public void Unreadable_files_are_a_permission_problem_not_a_missing_file()
        {
            // As root every file is readable, so the mapping is checked directly.
            var ex = AoTech.Ecs.Files.LocalFiles.Explain(new System.UnauthorizedAccessException("Access to the path is denied."),
                "/x/td.json", "Task definition file", StackErrorIds.TaskDefinitionNotFound);
            Assert.Equal(AoTech.Ecs.Files.FileErrorIds.PathAccessDenied, ex.ErrorId);
            Assert.Equal(AoErrorKind.PermissionDenied, ex.Kind);
            Assert.Contains("may not read", ex.Message);
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
