using System;
using System.Linq;
using System.Text.Json.Nodes;
using AoTech.Ecs.Errors;

namespace AoTech.Ecs.Stack.TaskDefinitions
{
    /// <summary>The container and port the load balancer forwards to.</summary>
    public sealed class ContainerSelection
    {
        public ContainerSelection(string containerName, int containerPort)
        {
            ContainerName = containerName;
            ContainerPort = containerPort;
        }

        public string ContainerName { get; }
        public int ContainerPort { get; }

        /// <summary>
        /// -ContainerName, else the first container with a port mapping (the first mapping -ContainerPort, when given);
        /// -ContainerPort, else that container's first mapped port. The port must be a TCP port mapping of the container.
        /// </summary>
        public static ContainerSelection Select(TaskDefinitionFile file, string? containerName, int? containerPort)
        {
            var containers = file.Containers.ToList();
            JsonObject? container;
            if (!string.IsNullOrEmpty(containerName))
            {
                container = containers.FirstOrDefault(c => (string?)c["name"] == containerName);
                if (container == null)
                    throw new AoEcsException(StackErrorIds.ContainerNotFound, AoErrorKind.ObjectNotFound,
                        $"{file.Path}: no container is named '{containerName}'; the file has {string.Join(", ", containers.Select(c => "'" + (string?)c["name"] + "'"))}.",
                        containerName);
            }
            else
            {
                container = (containerPort.HasValue ? containers.FirstOrDefault(c => Ports(c).Contains(containerPort.Value)) : null)
                            ?? containers.FirstOrDefault(c => Ports(c).Length > 0);
                if (container == null)
                    throw new AoEcsException(StackErrorIds.ContainerPortNotFound, AoErrorKind.ObjectNotFound,
                        $"{file.Path}: no container has a port mapping; add portMappings with the containerPort the app listens on.",
                        file.Path);
            }

            var name = (string)container["name"]!;
            var ports = Ports(container);
            if (ports.Length == 0)
                throw new AoEcsException(StackErrorIds.ContainerPortNotFound, AoErrorKind.ObjectNotFound,
                    $"{file.Path}: container '{name}' has no port mapping; add portMappings with the containerPort the app listens on.",
                    name);
            var port = containerPort ?? ports[0];
            if (Array.IndexOf(ports, port) < 0)
                throw new AoEcsException(StackErrorIds.ContainerPortNotFound, AoErrorKind.ObjectNotFound,
                    $"{file.Path}: container '{name}' maps no TCP port {port}; its ports are {string.Join(", ", ports)}.",
                    port);
            return new ContainerSelection(name, port);
        }

        /// <summary>TCP container ports of a container's mappings, in file order.</summary>
        private static int[] Ports(JsonObject container) =>
            container["portMappings"] is JsonArray mappings
                ? mappings.OfType<JsonObject>()
                    .Where(m => m["containerPort"] != null && ((string?)m["protocol"] ?? "tcp") == "tcp")
                    .Select(m => (int)m["containerPort"]!)
                    .ToArray()
                : new int[0];
    }
}
