using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Stack;
using Xunit;

namespace AoTech.Ecs.Tests.Stack.FirstRun
{
    /// <summary>The instance type's architecture, and whether the tasks fit on MaxSize instances.</summary>
    public sealed class InstanceCapacityTests
    {
        private static InstanceTypeInfo Type(string name, long memory, int vcpus, params string[] architectures) =>
            new InstanceTypeInfo(name, architectures, memory, vcpus);

        [Fact]
        public void The_AMI_architecture_follows_the_instance_type()
        {
            Assert.Equal("x86_64", Type("t3.small", 2048, 2, "x86_64").Architecture);
            Assert.Equal("x86_64", Type("t2.micro", 1024, 1, "i386", "x86_64").Architecture);
            Assert.Equal("arm64", Type("t4g.small", 2048, 2, "arm64").Architecture);
            Assert.Null(Type("mac1.metal", 32768, 12, "x86_64_mac").Architecture);
            Assert.Equal("/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id", StackDefaults.EcsAmiParameter("arm64"));
            Assert.Equal("/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id", StackDefaults.EcsAmiParameter("x86_64"));
        }

        [Fact]
        public void Tasks_that_fit_pass_with_the_numbers()
        {
            // 2048 MiB less 5% = 1945 MiB: 7 tasks of 256 MiB per instance, 28 on four.
            var estimate = new CapacityEstimate(Type("t3.small", 2048, 2, "x86_64"), new TaskResources(256, 0, false), maxSize: 4);
            Assert.Equal(1945, estimate.UsableMemoryMiB);
            Assert.Equal(7, estimate.TasksPerInstance);
            Assert.Equal(28, estimate.Tasks);
            Assert.Null(estimate.Refusal(28));
            Assert.Null(estimate.RolloutWarning(14));
            Assert.NotNull(estimate.RolloutWarning(15));
        }

        [Fact]
        public void An_auto_scaling_maximum_beyond_the_instances_room_is_warned_about_not_refused()
        {
            // 7 tasks of 256 MiB per t3.small, 28 on four: auto scaling may ask for up to -MaxCount.
            var estimate = new CapacityEstimate(Type("t3.small", 2048, 2, "x86_64"), new TaskResources(256, 0, false), maxSize: 4);
            Assert.Null(estimate.ScalingWarning(null));
            Assert.Null(estimate.ScalingWarning(new AoTech.Ecs.Stack.Scaling.TaskScaling(1, 28, 60, null)));
            var warning = estimate.ScalingWarning(new AoTech.Ecs.Stack.Scaling.TaskScaling(1, 29, 60, null));
            Assert.NotNull(warning);
            Assert.Contains("-MaxCount 29", warning);
            Assert.Contains("only 28 fit", warning);
        }

        [Fact]
        public void Too_many_tasks_or_one_that_does_not_fit_is_refused_with_the_numbers()
        {
            var small = new CapacityEstimate(Type("t3.small", 2048, 2, "x86_64"), new TaskResources(256, 0, false), maxSize: 1);
            var refusal = small.Refusal(20)!;
            Assert.Equal(StackErrorIds.InsufficientCapacity, refusal.ErrorId);
            Assert.Contains("7 task(s) per instance", refusal.Message);
            Assert.Contains("1945 MiB", refusal.Message);
            var huge = new CapacityEstimate(Type("t3.small", 2048, 2, "x86_64"), new TaskResources(4096, 0, false), maxSize: 10);
            Assert.Equal(0, huge.TasksPerInstance);
            Assert.StartsWith("One task does not fit", huge.Refusal(1)!.Message);
        }

        [Fact]
        public void CPU_and_a_fixed_host_port_bound_the_tasks_per_instance()
        {
            var cpu = new CapacityEstimate(Type("t3.small", 2048, 2, "x86_64"), new TaskResources(128, 1024, false), maxSize: 2);
            Assert.Equal(2, cpu.TasksPerInstance);
            Assert.Equal("CPU", cpu.Limit);
            var port = new CapacityEstimate(Type("m5.large", 8192, 2, "x86_64"), new TaskResources(128, 0, true), maxSize: 2);
            Assert.Equal(1, port.TasksPerInstance);
            Assert.Equal("the fixed host port", port.Limit);
            Assert.NotNull(port.Refusal(3));
        }

        [Fact]
        public void Task_resources_come_from_the_task_level_sizes_else_the_containers()
        {
            var file = TaskDefinitionFileTests.Parse(TaskDefinitionFileTests.Sample);
            var target = AoTech.Ecs.Stack.TaskDefinitions.ContainerSelection.Select(file, null, null);
            var resources = TaskResources.Of(file, target);
            Assert.Equal(64 + 128, resources.MemoryMiB); // sidecar's hard limit, web's reservation
            Assert.Equal(0, resources.CpuUnits);
            Assert.False(resources.FixedHostPort);
            Assert.Equal(1024, TaskResources.ParseMemory("1 GB"));
            Assert.Equal(512, TaskResources.ParseMemory("512"));
            Assert.Equal(256, TaskResources.ParseCpu("0.25 vCPU"));
            Assert.Equal(1024, TaskResources.ParseCpu("1024"));
            var sized = TaskDefinitionFileTests.Parse(TaskDefinitionFileTests.Sample.Replace("\"family\": \"mine\",", "\"family\": \"mine\", \"memory\": \"1GB\", \"cpu\": \"512\","));
            var task = TaskResources.Of(sized, target);
            Assert.Equal(1024, task.MemoryMiB);
            Assert.Equal(512, task.CpuUnits);
        }
    
        private static EndpointTasks Beside(params (string Name, long Memory, int Desired, int Max)[] services) =>
            new EndpointTasks(services.Select(s => new EndpointService(s.Name, new TaskResources(s.Memory, 0, false), s.Desired, s.Max)).ToList());

        [Fact]
        public void On_an_endpoint_the_other_services_desired_tasks_count_against_its_instances_as_a_warning()
        {
            // Two t3.small: 3890 MiB. The others' desired tasks reserve 4 x 512 + 2 x 256 = 2560 MiB; 1330 MiB are left,
            // five tasks of 256 MiB. Alone, fourteen would fit.
            var estimate = new CapacityEstimate(Type("t3.small", 2048, 2, "x86_64"), new TaskResources(256, 0, false), maxSize: 2,
                Beside(("aotech-api", 512, 4, 4), ("aotech-site", 256, 2, 2)));
            Assert.Equal(14, estimate.Alone);
            Assert.Equal(5, estimate.Tasks);
            Assert.Null(estimate.EndpointWarning(5));
            var warning = estimate.EndpointWarning(6);
            Assert.NotNull(warning);
            Assert.Contains("-DesiredCount 6 tasks do not fit on the endpoint's -MaxSize 2 instances of t3.small", warning);
            Assert.Contains("(aotech-api, aotech-site) reserve 2560 MiB and 0 CPU units for their 6 desired tasks, which leaves room for 5", warning);
            Assert.Contains("Set-AoEcsEndpoint", warning);
            // The instances are the endpoint's: what fits alone is not refused for the others' tasks.
            Assert.Null(estimate.Refusal(6));
            Assert.NotNull(estimate.Refusal(15));
            // A rollout's room is counted beside the others too.
            Assert.Null(estimate.RolloutWarning(2));
            Assert.NotNull(estimate.RolloutWarning(3));
        }

        [Fact]
        public void On_an_endpoint_the_other_services_auto_scaling_maximum_counts_against_the_apps_maximum()
        {
            // The others may scale to 6 x 512 + 2 x 256 = 3584 MiB of the 3890: one task of 256 MiB is left.
            var estimate = new CapacityEstimate(Type("t3.small", 2048, 2, "x86_64"), new TaskResources(256, 0, false), maxSize: 2,
                Beside(("aotech-api", 512, 4, 6), ("aotech-site", 256, 2, 2)));
            Assert.Equal(1, estimate.TasksBesideMax);
            Assert.Null(estimate.ScalingWarning(null, 1));
            // The app does not scale; its desired count is its most.
            var warning = estimate.ScalingWarning(null, 2);
            Assert.NotNull(warning);
            Assert.Contains("up to 2 tasks with the endpoint's other services at their maximum, but only 1 fit", warning);
            Assert.Contains("reserve 3584 MiB and 0 CPU units for their 8 tasks at most", warning);
            Assert.Contains("-MaxCount 3", estimate.ScalingWarning(new AoTech.Ecs.Stack.Scaling.TaskScaling(1, 3, 60, null), 1));
            // Nobody scales: the desired counts are all there is (EndpointWarning's part).
            var still = new CapacityEstimate(Type("t3.small", 2048, 2, "x86_64"), new TaskResources(256, 0, false), maxSize: 2,
                Beside(("aotech-api", 512, 4, 4)));
            Assert.Null(still.ScalingWarning(null, 7));
        }

        [Fact]
        public void A_registered_revision_reserves_what_a_file_does()
        {
            var registered = new AoTech.Ecs.Aws.Services.Ecs.TaskDefinition
            {
                NetworkMode = "bridge",
                ContainerDefinitions = new List<AoTech.Ecs.Aws.Services.Ecs.ContainerDefinition>
                {
                    new AoTech.Ecs.Aws.Services.Ecs.ContainerDefinition { Name = "sidecar", Memory = 64, Cpu = 128 },
                    new AoTech.Ecs.Aws.Services.Ecs.ContainerDefinition
                    {
                        Name = "web", Memory = 512, MemoryReservation = 128, Cpu = 256,
                        PortMappings = new List<AoTech.Ecs.Aws.Services.Ecs.PortMapping> { new AoTech.Ecs.Aws.Services.Ecs.PortMapping { ContainerPort = 8080, HostPort = 80 } },
                    },
                },
            };
            var web = new AoTech.Ecs.Aws.Services.Ecs.LoadBalancer { ContainerName = "web", ContainerPort = 8080 };
            var task = TaskResources.Of(registered, web);
            Assert.Equal(64 + 128, task.MemoryMiB);
            Assert.Equal(384, task.CpuUnits);
            Assert.True(task.FixedHostPort);
            Assert.False(TaskResources.Of(registered, null).FixedHostPort);
            registered.Memory = "1 GB";
            Assert.Equal(1024, TaskResources.Of(registered, web).MemoryMiB);
        }
    }
}
