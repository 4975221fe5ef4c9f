using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using AoTech.Ecs.Rollout;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.Planning;
using AoTech.Ecs.Stack.TaskDefinitions;
using EcsApi = AoTech.Ecs.Aws.Services.Ecs;

namespace AoTech.Ecs.Tests.Stack
{
    /// <summary>
    /// The life of an app's task definition for merge and rule tests: files, what New-AoEcsApp registers, what ECS echoes
    /// back, and what Update-AoTaskDefinition registers from a revision (through its own tag-copying code).
    /// </summary>
    internal static class TaskDefinitionHistory
    {
        public const string Family = "aotech-web";

        /// <summary>A one-container file (container "web"), with a variable holding a secret that must never be shown.</summary>
        public static string File(string image = "app:1.0.0", int memory = 256, string mode = "prod", string extraEnvironment = "",
            string extraContainer = "", string healthCheck = "\"healthCheck\": { \"command\": [\"CMD\", \"true\"] },") => $@"{{
  ""containerDefinitions"": [
    {{
      ""name"": ""web"",
      ""image"": ""{image}"",
      ""memory"": {memory},
      {healthCheck}
      ""portMappings"": [ {{ ""containerPort"": 8080 }} ],
      ""environment"": [ {{ ""name"": ""MODE"", ""value"": ""{mode}"" }}, {{ ""name"": ""API_TOKEN"", ""value"": ""s3cr3t-token-value"" }}{extraEnvironment} ]
    }}{extraContainer}
  ]
}}";

        public static DesiredTaskDefinition Desired(string json, IDictionary<string, string>? tags = null) =>
            DesiredTaskDefinitionTests.Desired(json, tags: tags);

        /// <summary>What DescribeTaskDefinition answers for a registered request: ECS's defaults filled in, no tags.</summary>
        public static JsonObject Described(JsonObject request)
        {
            var content = (JsonObject)request.DeepClone();
            content.Remove("tags");
            content["placementConstraints"] ??= new JsonArray();
            content["volumes"] ??= new JsonArray();
            foreach (var container in ((JsonArray)content["containerDefinitions"]!).OfType<JsonObject>())
            {
                container["cpu"] ??= 0;
                container["essential"] ??= true;
                container["environment"] ??= new JsonArray();
                container["mountPoints"] ??= new JsonArray();
                container["volumesFrom"] ??= new JsonArray();
                foreach (var mapping in (container["portMappings"] as JsonArray ?? new JsonArray()).OfType<JsonObject>())
                    mapping["protocol"] ??= "tcp";
            }
            return content;
        }

        public static string Arn(int revision) => $"arn:aws:ecs:eu-west-1:123456789012:task-definition/{Family}:{revision}";

        /// <summary>The revision a Register decision makes (its request's tags, its content as ECS echoes it).</summary>
        public static DiscoveredTaskDefinition Registered(int revision, JsonObject request) => new DiscoveredTaskDefinition
        {
            Arn = Arn(revision),
            Family = Family,
            Revision = revision,
            Tags = ((JsonArray)request["tags"]!).OfType<JsonObject>().ToDictionary(t => (string)t["key"]!, t => (string)t["value"]!),
            Content = Described(request),
        };

        /// <summary>The first revision of an app: New-AoEcsApp with <paramref name="desired"/> and no service yet.</summary>
        public static DiscoveredTaskDefinition FirstApply(DesiredTaskDefinition desired)
        {
            var decision = TaskDefinitionRule.Decide(desired, null, null, null);
            if (decision.Kind != TaskDefinitionDecisionKind.Register) throw new InvalidOperationException("a first apply registers");
            return Registered(1, decision.Request!);
        }

        /// <summary>Update-AoTaskDefinition -Image/-Environment from <paramref name="from"/>: edited content, tags copied as it copies them.</summary>
        public static DiscoveredTaskDefinition RolledOut(DiscoveredTaskDefinition from, int revision, IEnumerable<ContainerImageUpdate>? images,
            IEnumerable<EnvironmentChange>? environment = null)
        {
            var described = TaskDefinitionJson.ToRequest(from.Content!);
            var td = new EcsApi.TaskDefinition { Family = Family, ContainerDefinitions = described.ContainerDefinitions };
            var edit = TaskDefinitionEditor.Plan(td.ContainerDefinitions!.Select(TaskDefinitionUpdater.ToSpec).ToList(), images, environment);
            var request = TaskDefinitionUpdater.ToRegisterRequest(td, from.Tags.Select(t => new EcsApi.Tag { Key = t.Key, Value = t.Value }));
            var content = (JsonObject)from.Content!.DeepClone();
            foreach (var container in ((JsonArray)content["containerDefinitions"]!).OfType<JsonObject>())
            {
                var spec = edit[(string)container["name"]!];
                container["image"] = spec.Image;
                container["environment"] = new JsonArray(spec.Environment.Select(p => (JsonNode)new JsonObject { ["name"] = p.Key, ["value"] = p.Value }).ToArray());
            }
            return new DiscoveredTaskDefinition
            {
                Arn = Arn(revision),
                Family = Family,
                Revision = revision,
                Tags = (request.Tags ?? new List<EcsApi.Tag>()).ToDictionary(t => t.Key!, t => t.Value ?? ""),
                Content = content,
            };
        }

        public static DiscoveredTaskDefinition RolledOutImage(DiscoveredTaskDefinition from, int revision, string image) =>
            RolledOut(from, revision, new[] { new ContainerImageUpdate("web", image) });

        /// <summary>The app's service, running <paramref name="runs"/>, last applied file <paramref name="applied"/>.</summary>
        public static DiscoveredService Service(DiscoveredTaskDefinition runs, DesiredTaskDefinition applied) => new DiscoveredService
        {
            Name = Family, Arn = "arn:service", Status = "ACTIVE", TaskDefinitionArn = runs.Arn,
            Tags = new Dictionary<string, string> { [StackNames.TaskDefinitionFileHashTagKey] = applied.ContentHash },
        };

        public static JsonObject Container(JsonObject content, string name = "web") =>
            ((JsonArray)content["containerDefinitions"]!).OfType<JsonObject>().Single(c => (string?)c["name"] == name);

        public static string? Variable(JsonObject content, string variable, string container = "web") =>
            (string?)(Container(content, container)["environment"] as JsonArray ?? new JsonArray()).OfType<JsonObject>()
                .LastOrDefault(v => (string?)v["name"] == variable)?["value"];
    }
}
