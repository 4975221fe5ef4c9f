using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Aws.Services.Ecs;
using AoTech.Ecs.Tests.Infrastructure;
using KeyValuePair = AoTech.Ecs.Aws.Services.Ecs.KeyValuePair;
using Xunit;

namespace AoTech.Ecs.Tests.Aws.Live
{
    /// <summary>ECS (JSON 1.1) through the real DTOs: clusters, task definitions and services round-trip.</summary>
    public class EcsLiveTests : IClassFixture<MotoServerFixture>
    {
        private readonly MotoServerFixture _moto;

        public EcsLiveTests(MotoServerFixture moto) => _moto = moto;

        [Fact]
        public async Task ClusterIsCreatedDescribedAndDeleted()
        {
            var observer = new RecordingObserver();
            using var aws = _moto.Connect(observer);
            var name = Names.Unique("cl");

            var created = await aws.SendAsync(new CreateClusterRequest
            {
                ClusterName = name,
                Tags = new List<Tag> { new Tag { Key = "app", Value = "live" } },
                Settings = new List<ClusterSetting> { new ClusterSetting { Name = "containerInsights", Value = "enabled" } },
            });
            Assert.Equal(name, created.Cluster!.ClusterName);
            Assert.Equal("ACTIVE", created.Cluster.Status);
            Assert.EndsWith(":cluster/" + name, created.Cluster.ClusterArn);

            var described = await aws.SendAsync(new DescribeClustersRequest
            {
                Clusters = new List<string> { name },
                Include = new List<string> { "TAGS", "SETTINGS" },
            });
            var cluster = Assert.Single(described.Clusters!);
            Assert.Equal(created.Cluster.ClusterArn, cluster.ClusterArn);
            Assert.Contains(cluster.Tags!, t => t.Key == "app" && t.Value == "live");
            Assert.Contains(cluster.Settings!, s => s.Name == "containerInsights" && s.Value == "enabled");
            Assert.Equal(0, cluster.ActiveServicesCount);

            var deleted = await aws.SendAsync(new DeleteClusterRequest { Cluster = name });
            Assert.Equal("INACTIVE", deleted.Cluster!.Status);

            // A deleted cluster is reported INACTIVE (AWS and moto keep it visible for a while) or MISSING, never ACTIVE.
            var after = await aws.SendAsync(new DescribeClustersRequest { Clusters = new List<string> { name } });
            Assert.DoesNotContain(after.Clusters ?? new List<Cluster>(), c => c.Status == "ACTIVE");
            Assert.True((after.Clusters?.Count ?? 0) + (after.Failures?.Count ?? 0) == 1, "the cluster is neither INACTIVE nor MISSING");

            Assert.Equal(new[] { "CreateCluster", "DescribeClusters", "DeleteCluster", "DescribeClusters" }, observer.Operations("ecs"));
            observer.AssertSucceeded("ecs", "CreateCluster", "DescribeClusters", "DeleteCluster");
            Assert.All(observer.Records, r => Assert.Equal(1, r.Attempts));
        }

        [Fact]
        public async Task TaskDefinitionIsRegisteredDescribedAndDeregistered()
        {
            var observer = new RecordingObserver();
            using var aws = _moto.Connect(observer);
            var family = Names.Unique("td");

            var registered = await aws.SendAsync(NewTaskDefinition(family));
            var td = registered.TaskDefinition!;
            Assert.Equal(family, td.Family);
            Assert.Equal(1, td.Revision);
            Assert.Equal("ACTIVE", td.Status);
            Assert.EndsWith(":task-definition/" + family + ":1", td.TaskDefinitionArn);

            var described = await aws.SendAsync(new DescribeTaskDefinitionRequest
            {
                TaskDefinition = family,
                Include = new List<string> { "TAGS" },
            });
            var back = described.TaskDefinition!;
            Assert.Equal(td.TaskDefinitionArn, back.TaskDefinitionArn);
            Assert.Equal("bridge", back.NetworkMode);
            Assert.Equal("256", back.Memory);
            var container = Assert.Single(back.ContainerDefinitions!);
            Assert.Equal("web", container.Name);
            Assert.Equal("public.example/web:1.2.3", container.Image);
            Assert.True(container.Essential);
            var port = Assert.Single(container.PortMappings!);
            Assert.Equal(8080, port.ContainerPort);
            Assert.Equal(0, port.HostPort);
            Assert.Contains(container.Environment!, e => e.Name == "MODE" && e.Value == "live test");
            Assert.Equal("awslogs", container.LogConfiguration!.LogDriver);
            Assert.Equal("/aotech/" + family, container.LogConfiguration.Options!["awslogs-group"]);
            Assert.Contains(described.Tags!, t => t.Key == "app" && t.Value == family);

            var listed = await aws.SendAsync(new ListTaskDefinitionsRequest { FamilyPrefix = family, Status = "ACTIVE" });
            Assert.Equal(new[] { td.TaskDefinitionArn }, listed.TaskDefinitionArns);

            var deregistered = await aws.SendAsync(new DeregisterTaskDefinitionRequest { TaskDefinition = td.TaskDefinitionArn });
            Assert.Equal("INACTIVE", deregistered.TaskDefinition!.Status);

            // Gone from the active list; AWS keeps describing an INACTIVE revision, so the list is the check.
            var after = await aws.SendAsync(new ListTaskDefinitionsRequest { FamilyPrefix = family, Status = "ACTIVE" });
            Assert.Empty(after.TaskDefinitionArns ?? new List<string>());

            observer.AssertSucceeded("ecs", "RegisterTaskDefinition", "DescribeTaskDefinition", "ListTaskDefinitions",
                "DeregisterTaskDefinition");
        }

        [Fact]
        public async Task ServiceIsCreatedDescribedUpdatedAndDeleted()
        {
            var observer = new RecordingObserver();
            using var aws = _moto.Connect(observer);
            var clusterName = Names.Unique("svc-cl");
            var family = Names.Unique("svc-td");
            var serviceName = Names.Unique("svc");

            await aws.SendAsync(new CreateClusterRequest { ClusterName = clusterName });
            var td = (await aws.SendAsync(NewTaskDefinition(family))).TaskDefinition!;

            var created = await aws.SendAsync(new CreateServiceRequest
            {
                Cluster = clusterName,
                ServiceName = serviceName,
                TaskDefinition = td.TaskDefinitionArn,
                DesiredCount = 2,
                LaunchType = "EC2",
                SchedulingStrategy = "REPLICA",
                PropagateTags = "SERVICE",
                // Sent to exercise the nested encoding; moto does not store it, so it is not read back.
                DeploymentConfiguration = new DeploymentConfiguration
                {
                    MaximumPercent = 200,
                    MinimumHealthyPercent = 50,
                    DeploymentCircuitBreaker = new DeploymentCircuitBreaker { Enable = true, Rollback = true },
                },
                Tags = new List<Tag> { new Tag { Key = "app", Value = serviceName } },
            });
            Assert.Equal(serviceName, created.Service!.ServiceName);
            Assert.Equal("ACTIVE", created.Service.Status);
            Assert.Equal(2, created.Service.DesiredCount);

            var described = await aws.SendAsync(new DescribeServicesRequest
            {
                Cluster = clusterName,
                Services = new List<string> { serviceName },
                Include = new List<string> { "TAGS" },
            });
            var service = Assert.Single(described.Services!);
            Assert.Equal(created.Service.ServiceArn, service.ServiceArn);
            Assert.Equal(td.TaskDefinitionArn, service.TaskDefinition);
            Assert.EndsWith(":cluster/" + clusterName, service.ClusterArn);
            Assert.Equal("EC2", service.LaunchType);
            Assert.Equal("REPLICA", service.SchedulingStrategy);
            Assert.Equal("SERVICE", service.PropagateTags);
            Assert.Equal("ECS", service.DeploymentController!.Type);
            var primary = Assert.Single(service.Deployments!);
            Assert.Equal("PRIMARY", primary.Status);
            Assert.Equal(td.TaskDefinitionArn, primary.TaskDefinition);
            Assert.Contains(service.Tags!, t => t.Key == "app" && t.Value == serviceName);

            var updated = await aws.SendAsync(new UpdateServiceRequest { Cluster = clusterName, ServiceName = serviceName, DesiredCount = 0 });
            Assert.Equal(0, updated.Service!.DesiredCount);

            var listed = await aws.SendAsync(new ListServicesRequest { Cluster = clusterName });
            Assert.Equal(new[] { service.ServiceArn }, listed.ServiceArns);

            var deleted = await aws.SendAsync(new DeleteServiceRequest { Cluster = clusterName, ServiceName = serviceName });
            Assert.Equal(service.ServiceArn, deleted.Service!.ServiceArn);

            // A deleted service is reported INACTIVE (or MISSING once AWS forgets it). moto keeps listing INACTIVE
            // services in ListServices, so describing is the check that works on both.
            var after = await aws.SendAsync(new DescribeServicesRequest { Cluster = clusterName, Services = new List<string> { serviceName } });
            Assert.DoesNotContain(after.Services ?? new List<Service>(), s => s.Status == "ACTIVE");
            Assert.True((after.Services?.Count ?? 0) + (after.Failures?.Count ?? 0) == 1, "the service is neither INACTIVE nor MISSING");

            await aws.SendAsync(new DeregisterTaskDefinitionRequest { TaskDefinition = td.TaskDefinitionArn });
            await aws.SendAsync(new DeleteClusterRequest { Cluster = clusterName });
            observer.AssertSucceeded("ecs", "CreateService", "DescribeServices", "UpdateService", "ListServices", "DeleteService");
        }

        private static RegisterTaskDefinitionRequest NewTaskDefinition(string family) => new RegisterTaskDefinitionRequest
        {
            Family = family,
            NetworkMode = "bridge",
            RequiresCompatibilities = new List<string> { "EC2" },
            Memory = "256",
            ContainerDefinitions = new List<ContainerDefinition>
            {
                new ContainerDefinition
                {
                    Name = "web",
                    Image = "public.example/web:1.2.3",
                    Essential = true,
                    MemoryReservation = 128,
                    PortMappings = new List<PortMapping> { new PortMapping { ContainerPort = 8080, HostPort = 0, Protocol = "tcp" } },
                    Environment = new List<KeyValuePair> { new KeyValuePair { Name = "MODE", Value = "live test" } },
                    LogConfiguration = new LogConfiguration
                    {
                        LogDriver = "awslogs",
                        Options = new Dictionary<string, string>
                        {
                            ["awslogs-group"] = "/aotech/" + family,
                            ["awslogs-region"] = MotoServerFixture.Region,
                            ["awslogs-stream-prefix"] = "web",
                        },
                    },
                },
            },
            Tags = new List<Tag> { new Tag { Key = "app", Value = family } },
        };
    }
}
