using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using EcsApi = AoTech.Ecs.Aws.Services.Ecs;

namespace AoTech.Ecs.Stack.TaskDefinitions
{
    /// <summary>
    /// Between the task definition as JSON (member names as in the ECS model, what the file, the merge and the hashes use)
    /// and the ECS client's DTOs. The DTO properties are the model's member names in PascalCase, so camelCase maps them.
    /// </summary>
    public static class TaskDefinitionJson
    {
        private static readonly JsonSerializerOptions Options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };

        /// <summary>A request (JSON in the model's member names) as the DTO the ECS client sends.</summary>
        public static EcsApi.RegisterTaskDefinitionRequest ToRequest(JsonObject request) =>
            JsonSerializer.Deserialize<EcsApi.RegisterTaskDefinitionRequest>(request.ToJsonString(), Options)!;

        /// <summary>The registrable part of a described revision (no tags), as JSON in the request shape.</summary>
        public static JsonObject Content(EcsApi.TaskDefinition described) =>
            (JsonObject)JsonSerializer.SerializeToNode(Rollout.TaskDefinitionUpdater.ToRegisterRequest(described, null), Options)!;
    }
}
