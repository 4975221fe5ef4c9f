using System.Linq;
using System.Text.Json.Nodes;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack.TaskDefinitions;

namespace AoTech.Ecs.Stack.Hardening
{
    /// <summary>
    /// The instances run the ECS agent with ECS_DISABLE_PRIVILEGED=true unless -AllowPrivileged: a container the task
    /// definition marks privileged would never start there, so it is refused before any change, naming the container.
    /// </summary>
    public static class PrivilegedCheck
    {
        public static void Require(AppSpec spec, TaskDefinitionFile file)
        {
            if (spec.AllowPrivileged) return;
            var containers = file.Containers.ToList();
            var index = containers.FindIndex(c => c["privileged"] is JsonValue v && v.TryGetValue<bool>(out var on) && on);
            if (index < 0) return;
            var name = (string?)containers[index]["name"];
            throw new AoEcsException(HardeningErrorIds.PrivilegedNotAllowed, AoErrorKind.InvalidArgument,
                $"Container '{name}' is privileged ({file.Locate($"containerDefinitions[{index}].privileged")}), and the instances refuse privileged " +
                "containers (ECS_DISABLE_PRIVILEGED). Remove \"privileged\", or give -AllowPrivileged if the container really needs it.", name);
        }
    }
}
