using System;
using System.Collections.Generic;
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
        public InstanceTypeInfo(string name, IList<string> supportedArchitectures, long memoryMiB, int vCpus)
        {
            Name = name;
            SupportedArchitectures = supportedArchitectures;
            Architecture = EcsArchitecture(supportedArchitectures);
            MemoryMiB = memoryMiB;
            VCpus = vCpus;
        }

        public string Name { get; }
        public IList<string> SupportedArchitectures { get; }
        /// <summary>x86_64 or arm64 (the architectures with an ECS-optimised Amazon Linux 2023 AMI), or null for neither.</summary>
        public string? Architecture { get; }
        public long MemoryMiB { get; }
        public int VCpus { get; }

        /// <summary>The architecture the ECS AMI is chosen by: x86_64 when the type supports it, else arm64, else null (no ECS AMI).</summary>
        public static string? EcsArchitecture(IEnumerable<string> supported)
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

        public static TaskResources Of(TaskDefinitionFile file, ContainerSelection target)
        {
            var root = file.Root;
            var containers = file.Containers.ToList();
            var mapping = containers.Where(c => (string?)c["name"] == target.ContainerName)
                .SelectMany(c => (c["portMappings"] as JsonArray)?.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>())
                .FirstOrDefault(m => (int?)m["containerPort"] == target.ContainerPort);
            return From(Text(root["memory"]), Text(root["cpu"]),
                containers.Select(c => ((int?)c["memoryReservation"], (int?)c["memory"], (int?)c["cpu"])),
                (string?)root["networkMode"] == "host" || ((int?)mapping?["hostPort"] ?? 0) != 0);
        }

        /// <summary>
        /// What a task of a registered revision reserves (another service's on a shared endpoint). Its host port is fixed when
        /// the network mode is host or the port the load balancer sends to (<paramref name="loadBalanced"/>) maps a host port.
        /// </summary>
        public static TaskResources Of(Aws.Services.Ecs.TaskDefinition registered, Aws.Services.Ecs.LoadBalancer? loadBalanced)
        {
            var containers = registered.ContainerDefinitions ?? new List<Aws.Services.Ecs.ContainerDefinition>();
            var mapping = containers.Where(c => loadBalanced != null && c.Name == loadBalanced.ContainerName)
                .SelectMany(c => c.PortMappings ?? new List<Aws.Services.Ecs.PortMapping>())
                .FirstOrDefault(m => m.ContainerPort == loadBalanced!.ContainerPort);
            return From(registered.Memory, registered.Cpu, containers.Select(c => (c.MemoryReservation, c.Memory, c.Cpu)),
                registered.NetworkMode == "host" || (mapping?.HostPort ?? 0) != 0);
        }

        private static TaskResources From(string? taskMemory, string? taskCpu,
            IEnumerable<(int? Reservation, int? Memory, int? Cpu)> containers, bool fixedHostPort)
        {
            var list = containers.ToList();
            var memory = ParseMemory(taskMemory) ?? list.Sum(c => (long)(c.Reservation ?? c.Memory ?? 0));
            var cpu = ParseCpu(taskCpu) ?? list.Sum(c => c.Cpu ?? 0);
            return new TaskResources(memory, cpu, fixedHostPort);
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

        public CapacityEstimate(InstanceTypeInfo instance, TaskResources task, int maxSize, EndpointTasks? beside = null)
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
            Alone = TasksPerInstance * maxSize;
            Instance = instance;
            Task = task;
            MaxSize = maxSize;
            Beside = beside ?? EndpointTasks.None;
            Tasks = Room(Beside.MemoryMiB(false), Beside.CpuUnits(false));
            TasksBesideMax = Room(Beside.MemoryMiB(true), Beside.CpuUnits(true));
        }

        // This app's tasks that fit in what the other services' tasks leave of the instances, counted by the sum of what they
        // reserve (room split across instances may hold fewer): never more than fit alone.
        private int Room(long otherMemoryMiB, long otherCpuUnits)
        {
            if (Beside.Services.Count == 0) return Alone;
            var byMemory = Task.MemoryMiB > 0 ? (UsableMemoryMiB * MaxSize - otherMemoryMiB) / Task.MemoryMiB : long.MaxValue;
            var byCpu = Task.CpuUnits > 0 ? ((long)CpuUnits * MaxSize - otherCpuUnits) / Task.CpuUnits : long.MaxValue;
            return (int)Math.Max(0, Math.Min(Alone, Math.Min(byMemory, byCpu)));
        }

        public InstanceTypeInfo Instance { get; }
        public TaskResources Task { get; }
        public int MaxSize { get; }
        public long UsableMemoryMiB { get; }
        public int CpuUnits { get; }
        public int TasksPerInstance { get; }
        /// <summary>What bounds <see cref="TasksPerInstance"/>: memory, CPU or the fixed host port.</summary>
        public string Limit { get; }
        /// <summary>Tasks of the app that fit on MaxSize instances by themselves.</summary>
        public int Alone { get; }
        /// <summary>The other services' tasks on the app's shared endpoint (none for an app of its own).</summary>
        public EndpointTasks Beside { get; }
        /// <summary>Tasks of the app that fit on MaxSize instances beside the other services' desired tasks (alone: <see cref="Alone"/>).</summary>
        public int Tasks { get; }
        /// <summary>Tasks of the app that fit beside the other services' tasks when those scale to their maximum.</summary>
        public int TasksBesideMax { get; }

        /// <summary>The numbers, for messages.</summary>
        public string Describe() => Describe(false);

        private string Describe(bool othersAtMax) =>
            $"a task reserves {Task.MemoryMiB} MiB and {Task.CpuUnits} CPU units{(Task.FixedHostPort ? " on a fixed host port" : "")}; " +
            $"a {Instance.Name} offers about {UsableMemoryMiB} MiB ({Instance.MemoryMiB} MiB less {AgentReservePercent}% for the ECS agent " +
            $"and the system) and {CpuUnits} CPU units, so {TasksPerInstance} task(s) per instance (bound by {Limit}), " +
            $"{Alone} on -MaxSize {MaxSize}" +
            (Beside.Services.Count == 0 ? "" :
                $"; the endpoint's other services ({string.Join(", ", Beside.Services.Select(s => s.Name))}) reserve " +
                $"{Beside.MemoryMiB(othersAtMax)} MiB and {Beside.CpuUnits(othersAtMax)} CPU units for their {Beside.Count(othersAtMax)} " +
                $"{(othersAtMax ? "tasks at most" : "desired tasks")}, which leaves room for {(othersAtMax ? TasksBesideMax : Tasks)} of this app's");

        /// <summary>The refusal when <paramref name="desiredCount"/> tasks cannot all run, else null.</summary>
        public AoEcsException? Refusal(int desiredCount)
        {
            // The other services' tasks on a shared endpoint make a warning (EndpointWarning): the instances are theirs too.
            if (desiredCount <= Alone && TasksPerInstance > 0) return null;
            var what = TasksPerInstance == 0
                ? $"One task does not fit on a {Instance.Name}"
                : $"-DesiredCount {desiredCount} tasks do not fit on -MaxSize {MaxSize} instances of {Instance.Name}";
            return new AoEcsException(StackErrorIds.InsufficientCapacity, AoErrorKind.InvalidArgument,
                $"{what}: {Describe()}. Choose a larger -InstanceType, a higher -MaxSize or a lower -DesiredCount.", Instance.Name);
        }

        /// <summary>
        /// On a shared endpoint: the app's desired tasks fit by themselves but not beside the other services' desired tasks.
        /// A warning, not a refusal: the endpoint's instances are every app's, and its size is the endpoint's to change.
        /// </summary>
        public string? EndpointWarning(int desiredCount) =>
            Beside.Services.Count > 0 && desiredCount <= Alone && desiredCount > Tasks
                ? $"-DesiredCount {desiredCount} tasks do not fit on the endpoint's -MaxSize {MaxSize} instances of {Instance.Name} beside the " +
                  $"other services' tasks ({Describe()}); tasks beyond that wait for room. {RaiseMaxSize} or lower a -DesiredCount."
                : null;

        /// <summary>
        /// Auto scaling may ask for up to -MaxCount tasks; the capacity provider adds instances only up to -MaxSize, so
        /// tasks beyond what fits there stay PENDING: a warning (not a refusal: the range is a ceiling, not a need). On a
        /// shared endpoint the other services may scale to their maximum too: the app's maximum (its desired count when it
        /// does not scale) is counted beside theirs.
        /// </summary>
        public string? ScalingWarning(Scaling.TaskScaling? scaling, int desiredCount = 0)
        {
            if (scaling == null && !Beside.Scales) return null;
            var most = scaling?.MaxCount ?? desiredCount;
            if (most <= TasksBesideMax) return null;
            return $"Auto scaling may run up to {(scaling != null ? "-MaxCount " + most : most.ToString(CultureInfo.InvariantCulture))} tasks" +
                   $"{(Beside.Scales ? " with the endpoint's other services at their maximum" : "")}, but only {TasksBesideMax} fit " +
                   $"({Describe(true)}); tasks beyond that wait for room. {RaiseMaxSize} (or choose a larger -InstanceType) to let the instances follow the tasks.";
        }

        // On a shared endpoint, -MaxSize is the endpoint's: New-AoEcsApp refuses to change it, Set-AoEcsEndpoint does.
        private string RaiseMaxSize => Beside.Services.Count == 0 ? "Raise -MaxSize" : "Raise the endpoint's -MaxSize (Set-AoEcsEndpoint)";

        /// <summary>A rollout starts the new tasks beside the old ones (maximumPercent 200): a warning when that room is missing.</summary>
        public string? RolloutWarning(int desiredCount) =>
            desiredCount > 0 && desiredCount * 2 > Tasks
                ? $"A rollout starts {desiredCount} new task(s) beside the {desiredCount} running ones, but only {Tasks} fit ({Describe()}); " +
                  $"rollouts will wait for room. {RaiseMaxSize} to give them room."
                : null;
    }

    /// <summary>
    /// The other services on an app's shared endpoint, which take room on its instances too: what a task of each reserves,
    /// its desired count, and the most tasks its auto scaling may run (its desired count when it does not scale).
    /// </summary>
    public sealed class EndpointTasks
    {
        public static readonly EndpointTasks None = new EndpointTasks(new List<EndpointService>());

        public EndpointTasks(IReadOnlyList<EndpointService> services) => Services = services;

        public IReadOnlyList<EndpointService> Services { get; }
        /// <summary>Whether any of them may scale beyond its desired count.</summary>
        public bool Scales => Services.Any(s => s.MaxCount > s.DesiredCount);

        public int Count(bool atMax) => Services.Sum(s => s.Tasks(atMax));
        public long MemoryMiB(bool atMax) => Services.Sum(s => s.Task.MemoryMiB * s.Tasks(atMax));
        public long CpuUnits(bool atMax) => Services.Sum(s => (long)s.Task.CpuUnits * s.Tasks(atMax));
    }

    /// <summary>One other service on a shared endpoint, as <see cref="EndpointTasks"/> counts it.</summary>
    public sealed class EndpointService
    {
        public EndpointService(string name, TaskResources task, int desiredCount, int maxCount, bool blueGreenFamily = false)
        {
            Name = name;
            Task = task;
            DesiredCount = desiredCount;
            MaxCount = maxCount;
            BlueGreenFamily = blueGreenFamily;
        }

        public string Name { get; }
        public TaskResources Task { get; }
        public int DesiredCount { get; }
        public int MaxCount { get; }
        /// <summary>
        /// A BlueGreen, Canary or Linear service: each deployment runs the new revision beside the old one at full count
        /// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-blue-green.html), so it counts twice.
        /// </summary>
        public bool BlueGreenFamily { get; }

        /// <summary>
        /// Its desired tasks, or the most its auto scaling may run (<paramref name="atMax"/>; never fewer than desired); twice
        /// that for the blue/green family.
        /// </summary>
        public int Tasks(bool atMax) => (atMax ? Math.Max(MaxCount, DesiredCount) : DesiredCount) * (BlueGreenFamily ? 2 : 1);
    }
}
