using System;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack.TaskDefinitions;

namespace AoTech.Ecs.Stack
{
    /// <summary>An EC2 instance type as DescribeInstanceTypes describes it.</summary>
    public sealed class InstanceTypeInfo
    {
        public InstanceTypeInfo(string name, System.Collections.Generic.IList<string> supportedArchitectures, long memoryMiB, int vCpus)
        {
            Name = name;
            SupportedArchitectures = supportedArchitectures;
            Architecture = EcsArchitecture(supportedArchitectures);
            MemoryMiB = memoryMiB;
            VCpus = vCpus;
        }

        public string Name { get; }
        public System.Collections.Generic.IList<string> SupportedArchitectures { get; }
        /// <summary>x86_64 or arm64 (the architectures with an ECS-optimised Amazon Linux 2023 AMI), or null for neither.</summary>
        public string? Architecture { get; }
        public long MemoryMiB { get; }
        public int VCpus { get; }

        /// <summary>The architecture the ECS AMI is chosen by: x86_64 when the type supports it, else arm64, else null (no ECS AMI).</summary>
        public static string? EcsArchitecture(System.Collections.Generic.IEnumerable<string> supported)
        {
            var list = supported.ToList();
            return list.Contains("x86_64") ? "x86_64" : list.Contains("arm64") ? "arm64" : null;
        }
    }

    /// <summary>What one task reserves on an instance, read from the task definition file.</summary>
    public sealed class TaskResources
    {
        public TaskResources(long memoryMiB, int cpuUnits, bool fixedHostPort)
        {
            MemoryMiB = memoryMiB;
            CpuUnits = cpuUnits;
            FixedHostPort = fixedHostPort;
        }

        /// <summary>Task-level memory when given, else the sum over containers of memoryReservation (else memory).</summary>
        public long MemoryMiB { get; }
        /// <summary>Task-level cpu when given, else the sum of the containers' cpu units (0: none reserved).</summary>
        public int CpuUnits { get; }
        /// <summary>The load balancer's container port is bound to a fixed host port: one task per instance.</summary>
        public bool FixedHostPort { get; }

        public static TaskResources Of(TaskDefinitionFile file, ContainerSelection target) => Of(file.Root, target);

        /// <summary>The same from a task definition in the RegisterTaskDefinition shape (a file's, or a registered revision's).</summary>
        public static TaskResources Of(JsonObject root, ContainerSelection target)
        {
            var containers = (root["containerDefinitions"] as JsonArray)?.OfType<JsonObject>().ToList() ?? new System.Collections.Generic.List<JsonObject>();
            var memory = ParseMemory(Text(root["memory"])) ??
                         containers.Sum(c => (long?)(int?)c["memoryReservation"] ?? (int?)c["memory"] ?? 0);
            var cpu = ParseCpu(Text(root["cpu"])) ?? containers.Sum(c => (int?)c["cpu"] ?? 0);
            var hostMode = (string?)root["networkMode"] == "host";
            var mapping = containers.Where(c => (string?)c["name"] == target.ContainerName)
                .SelectMany(c => (c["portMappings"] as JsonArray)?.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>())
                .FirstOrDefault(m => (int?)m["containerPort"] == target.ContainerPort);
            var fixedPort = hostMode || ((int?)mapping?["hostPort"] ?? 0) != 0;
            return new TaskResources(memory, cpu, fixedPort);
        }

        /// <summary>A task-level size: the model types it as a string, files often give a number.</summary>
        private static string? Text(JsonNode? node) =>
            node is JsonValue value ? (value.TryGetValue<string>(out var text) ? text : value.ToJsonString()) : null;

        /// <summary>Task-level memory: MiB as a number, or "1 GB" / "1GB" style.</summary>
        internal static long? ParseMemory(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            var m = Regex.Match(text!.Trim().Trim('"'), @"^(\d+(?:\.\d+)?)\s*(GB|MB|MiB|GiB)?$", RegexOptions.IgnoreCase);
            if (!m.Success) return null;
            var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            return (long)Math.Ceiling(m.Groups[2].Value.StartsWith("G", StringComparison.OrdinalIgnoreCase) ? value * 1024 : value);
        }

        /// <summary>Task-level cpu: units as a number, or "1 vCPU" / "0.25 vcpu" style.</summary>
        internal static int? ParseCpu(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            var m = Regex.Match(text!.Trim().Trim('"'), @"^(\d+(?:\.\d+)?)\s*(vCPU)?$", RegexOptions.IgnoreCase);
            if (!m.Success) return null;
            var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            return (int)Math.Ceiling(m.Groups[2].Success ? value * 1024 : value);
        }
    }

    /// <summary>
    /// Whether DesiredCount tasks fit on MaxSize instances of the chosen type. The ECS agent registers less memory than
    /// the type advertises (the kernel and system processes keep some); <see cref="AgentReservePercent"/> of it is counted
    /// as unavailable, the buffer AWS recommends for the agent and critical system processes. Pure.
    /// </summary>
    public sealed class CapacityEstimate
    {
        /// <summary>Share of an instance's memory not available to tasks.</summary>
        public const int AgentReservePercent = 5;

        public CapacityEstimate(InstanceTypeInfo instance, TaskResources task, int maxSize)
        {
            UsableMemoryMiB = instance.MemoryMiB * (100 - AgentReservePercent) / 100;
            CpuUnits = instance.VCpus * 1024;
            var byMemory = task.MemoryMiB > 0 ? UsableMemoryMiB / task.MemoryMiB : long.MaxValue;
            var byCpu = task.CpuUnits > 0 ? CpuUnits / task.CpuUnits : long.MaxValue;
            var perInstance = Math.Min(byMemory, byCpu);
            if (task.FixedHostPort) perInstance = Math.Min(perInstance, 1);
            TasksPerInstance = (int)Math.Min(perInstance, int.MaxValue / Math.Max(1, maxSize));
            Limit = byMemory <= byCpu ? "memory" : "CPU";
            if (task.FixedHostPort && perInstance == 1 && Math.Min(byMemory, byCpu) > 1) Limit = "the fixed host port";
            Tasks = TasksPerInstance * maxSize;
            Instance = instance;
            Task = task;
            MaxSize = maxSize;
        }

        public InstanceTypeInfo Instance { get; }
        public TaskResources Task { get; }
        public int MaxSize { get; }
        public long UsableMemoryMiB { get; }
        public int CpuUnits { get; }
        public int TasksPerInstance { get; }
        /// <summary>What bounds <see cref="TasksPerInstance"/>: memory, CPU or the fixed host port.</summary>
        public string Limit { get; }
        /// <summary>Tasks that fit on MaxSize instances.</summary>
        public int Tasks { get; }

        /// <summary>The numbers, for messages.</summary>
        public string Describe() =>
            $"a task reserves {Task.MemoryMiB} MiB and {Task.CpuUnits} CPU units{(Task.FixedHostPort ? " on a fixed host port" : "")}; " +
            $"a {Instance.Name} offers about {UsableMemoryMiB} MiB ({Instance.MemoryMiB} MiB less {AgentReservePercent}% for the ECS agent " +
            $"and the system) and {CpuUnits} CPU units, so {TasksPerInstance} task(s) per instance (bound by {Limit}), " +
            $"{Tasks} on -MaxSize {MaxSize}";

        /// <summary>The refusal when <paramref name="desiredCount"/> tasks cannot all run, else null.</summary>
        public AoEcsException? Refusal(int desiredCount)
        {
            if (desiredCount <= Tasks && TasksPerInstance > 0) return null;
            var what = TasksPerInstance == 0
                ? $"One task does not fit on a {Instance.Name}"
                : $"-DesiredCount {desiredCount} tasks do not fit on -MaxSize {MaxSize} instances of {Instance.Name}";
            return new AoEcsException(StackErrorIds.InsufficientCapacity, AoErrorKind.InvalidArgument,
                $"{what}: {Describe()}. Choose a larger -InstanceType, a higher -MaxSize or a lower -DesiredCount.", Instance.Name);
        }

        /// <summary>
        /// Auto scaling may ask for up to -MaxCount tasks; the capacity provider adds instances only up to -MaxSize, so
        /// tasks beyond what fits there stay PENDING: a warning (not a refusal: the range is a ceiling, not a need).
        /// </summary>
        public string? ScalingWarning(Scaling.TaskScaling? scaling) =>
            scaling != null && scaling.MaxCount > Tasks
                ? $"Auto scaling may run up to -MaxCount {scaling.MaxCount} tasks, but only {Tasks} fit ({Describe()}); tasks beyond that " +
                  "wait for room. Raise -MaxSize (or choose a larger -InstanceType) to let the instances follow the tasks."
                : null;

        /// <summary>A rollout starts the new tasks beside the old ones (maximumPercent 200): a warning when that room is missing.</summary>
        public string? RolloutWarning(int desiredCount) =>
            desiredCount > 0 && desiredCount * 2 > Tasks
                ? $"A rollout starts {desiredCount} new task(s) beside the {desiredCount} running ones, but only {Tasks} fit ({Describe()}); " +
                  "rollouts will wait for room. Raise -MaxSize to give them room."
                : null;
    }
}
