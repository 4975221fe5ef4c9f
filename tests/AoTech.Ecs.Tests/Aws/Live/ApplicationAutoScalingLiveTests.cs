using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Services.ApplicationAutoScaling;
using AoTech.Ecs.Aws.Services.Ecs;
using AoTech.Ecs.Stack.Scaling;
using AoTech.Ecs.Tests.Infrastructure;
using Xunit;

namespace AoTech.Ecs.Tests.Aws.Live
{
    /// <summary>Application Auto Scaling (JSON 1.1, PascalCase) through the real DTOs, and the stack's scaling steps on them.</summary>
    public class ApplicationAutoScalingLiveTests : IClassFixture<MotoServerFixture>
    {
        private readonly MotoServerFixture _moto;

        public ApplicationAutoScalingLiveTests(MotoServerFixture moto) => _moto = moto;

        /// <summary>An ECS service to scale (Application Auto Scaling refuses a target for a service that does not exist).</summary>
        private static async Task<(string Cluster, string Service)> ServiceAsync(AwsConnection aws)
        {
            var cluster = Names.Unique("aas");
            var service = cluster + "-svc";
            await aws.SendAsync(new CreateClusterRequest { ClusterName = cluster });
            var td = (await aws.SendAsync(new RegisterTaskDefinitionRequest
            {
                Family = cluster,
                ContainerDefinitions = new List<ContainerDefinition>
                {
                    new ContainerDefinition { Name = "web", Image = "public.example/web:1", Memory = 64, Essential = true },
                },
            })).TaskDefinition!;
            await aws.SendAsync(new CreateServiceRequest
            {
                Cluster = cluster, ServiceName = service, TaskDefinition = td.TaskDefinitionArn, DesiredCount = 1, LaunchType = "EC2",
            });
            return (cluster, service);
        }

        [Fact]
        public async Task ScalableTargetAndPoliciesAreRegisteredDescribedPagedAndRemoved()
        {
            var observer = new RecordingObserver();
            using var aws = _moto.Connect(observer);
            var (cluster, service) = await ServiceAsync(aws);
            var resourceId = $"service/{cluster}/{service}";

            var registered = await aws.SendAsync(new RegisterScalableTargetRequest
            {
                ServiceNamespace = "ecs", ResourceId = resourceId, ScalableDimension = "ecs:service:DesiredCount", MinCapacity = 2, MaxCapacity = 7,
            });
            Assert.StartsWith("arn:aws:application-autoscaling:", registered.ScalableTargetARN);
            foreach (var (name, target) in new[] { ("cpu", 55.0), ("cpu2", 65.0), ("cpu3", 75.0) })
                await aws.SendAsync(new PutScalingPolicyRequest
                {
                    PolicyName = name, ServiceNamespace = "ecs", ResourceId = resourceId, ScalableDimension = "ecs:service:DesiredCount",
                    PolicyType = "TargetTrackingScaling",
                    TargetTrackingScalingPolicyConfiguration = new TargetTrackingScalingPolicyConfiguration
                    {
                        TargetValue = target,
                        PredefinedMetricSpecification = new PredefinedMetricSpecification { PredefinedMetricType = "ECSServiceAverageCPUUtilization" },
                        ScaleOutCooldown = 60,
                        ScaleInCooldown = 300,
                    },
                });

            var targets = await aws.SendAsync(new DescribeScalableTargetsRequest
            {
                ServiceNamespace = "ecs", ResourceIds = new List<string> { resourceId }, ScalableDimension = "ecs:service:DesiredCount",
            });
            var found = Assert.Single(targets.ScalableTargets!);
            Assert.Equal(2, found.MinCapacity);
            Assert.Equal(7, found.MaxCapacity);
            Assert.Equal("ecs:service:DesiredCount", found.ScalableDimension);
            Assert.NotNull(found.CreationTime);

            // Pagination: one policy a page, NextToken carries on until all three came back.
            var names = new List<string>();
            string? next = null;
            var pages = 0;
            do
            {
                var page = await aws.SendAsync(new DescribeScalingPoliciesRequest
                {
                    ServiceNamespace = "ecs", ResourceId = resourceId, MaxResults = 1, NextToken = next,
                });
                pages++;
                names.AddRange(page.ScalingPolicies!.Select(p => p.PolicyName!));
                next = page.NextToken;
            } while (next != null && pages < 10);
            Assert.Equal(new[] { "cpu", "cpu2", "cpu3" }, names.OrderBy(n => n));
            Assert.Equal(3, pages);
            var all = await aws.SendAsync(new DescribeScalingPoliciesRequest { ServiceNamespace = "ecs", ResourceId = resourceId });
            var cpu = all.ScalingPolicies!.Single(p => p.PolicyName == "cpu");
            Assert.Equal("TargetTrackingScaling", cpu.PolicyType);
            Assert.Equal(55.0, cpu.TargetTrackingScalingPolicyConfiguration!.TargetValue);
            Assert.Equal("ECSServiceAverageCPUUtilization", cpu.TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification!.PredefinedMetricType);
            Assert.Equal(300, cpu.TargetTrackingScalingPolicyConfiguration.ScaleInCooldown);

            foreach (var name in names)
                await aws.SendAsync(new DeleteScalingPolicyRequest
                {
                    PolicyName = name, ServiceNamespace = "ecs", ResourceId = resourceId, ScalableDimension = "ecs:service:DesiredCount",
                });
            await aws.SendAsync(new DeregisterScalableTargetRequest
            {
                ServiceNamespace = "ecs", ResourceId = resourceId, ScalableDimension = "ecs:service:DesiredCount",
            });
            var after = await aws.SendAsync(new DescribeScalableTargetsRequest { ServiceNamespace = "ecs", ResourceIds = new List<string> { resourceId } });
            Assert.Empty(after.ScalableTargets ?? new List<ScalableTarget>());

            observer.AssertSucceeded("application-autoscaling", "RegisterScalableTarget", "PutScalingPolicy", "DescribeScalableTargets",
                "DescribeScalingPolicies", "DeleteScalingPolicy", "DeregisterScalableTarget");
        }

        /// <summary>The stack's own steps: discover nothing, converge to a range with both targets, change, then remove.</summary>
        [Fact]
        public async Task StackScalingStepsConvergeChangeAndRemove()
        {
            var observer = new RecordingObserver();
            using var aws = _moto.Connect(observer);
            var (cluster, service) = await ServiceAsync(aws);
            var names = new TaskScalingNames(cluster, service);
            var discovery = new TaskScalingDiscovery(aws, names);
            var done = new List<string>();
            var applier = new TaskScalingApplier(aws, names, done.Add);
            const string label = "app/shop-alb/0123456789abcdef/targetgroup/shop-tg/fedcba9876543210";

            Assert.Null(await discovery.FindAsync(default));
            Assert.Single(observer.Operations("application-autoscaling")); // no policy look-up without a target

            var wanted = new TaskScaling(1, 6, 60, 500);
            await applier.ApplyAsync(wanted, null, label, default);
            var found = await discovery.FindAsync(default);
            Assert.NotNull(found);
            Assert.Equal(wanted, found!.AsScaling(names));
            Assert.Equal(label, found.Policy(names.RequestsPolicy)!.ResourceLabel);
            Assert.Equal(TaskScalingNames.RequestsMetric, found.Policy(names.RequestsPolicy)!.MetricType);

            // Converged: the same scaling again makes no call but the reads.
            var before = observer.Records.Count;
            await applier.ApplyAsync(wanted, found, label, default);
            Assert.Equal(before, observer.Records.Count);

            // A new range and the CPU policy removed (target 0): one registration, one delete.
            var changed = TaskScalingRule.Desired(new TaskScalingRequest { MaxCount = 8, TargetCpuPercent = 0 }, found.AsScaling(names), null);
            await applier.ApplyAsync(changed, found, label, default);
            var now = await discovery.FindAsync(default);
            Assert.Equal(new TaskScaling(1, 8, null, 500), now!.AsScaling(names));
            Assert.Null(now.Policy(names.CpuPolicy));

            await applier.ApplyAsync(null, now, label, default);
            Assert.Null(await discovery.FindAsync(default));
            var policies = await aws.SendAsync(new DescribeScalingPoliciesRequest { ServiceNamespace = "ecs", ResourceId = names.ResourceId });
            Assert.Empty(policies.ScalingPolicies ?? new List<ScalingPolicy>());
            Assert.Contains(done, d => d.StartsWith("Deregistered scalable target " + names.ResourceId));
        }
    }
}
