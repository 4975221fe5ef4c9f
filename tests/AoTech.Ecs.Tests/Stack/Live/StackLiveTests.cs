using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.Converge;
using AoTech.Ecs.Stack.Converge.Discovery;
using AoTech.Ecs.Stack.Planning;
using AoTech.Ecs.Tests.Aws.Live.Dtos;
using AoTech.Ecs.Tests.Infrastructure;
using Xunit;
using static AoTech.Ecs.Tests.Stack.Live.StackLiveKit;

namespace AoTech.Ecs.Tests.Stack.Live
{
    /// <summary>A moto_server whose certificates are issued after one second and whose services report running tasks.</summary>
    public sealed class StackMotoFixture : MotoServerFixture
    {
        public StackMotoFixture() : base(new Dictionary<string, string>
        {
            ["MOTO_ACM_VALIDATION_WAIT"] = "1",
            ["MOTO_ECS_SERVICE_RUNNING"] = "2",
        })
        {
        }
    }

    /// <summary>The engine behind New-/Get-/Remove-AoEcsApp against a real AWS-compatible backend.</summary>
    public sealed class StackLiveTests : IClassFixture<StackMotoFixture>, IDisposable
    {
        private readonly StackMotoFixture moto;
        private readonly string file = StackLiveKit.WriteTaskDefinition();

        public StackLiveTests(StackMotoFixture moto) => this.moto = moto;

        public void Dispose() => File.Delete(file);

        private AppSpec Spec(string app, string zone) => new AppSpec
        {
            Name = app,
            DomainName = "www." + zone,
            TaskDefinitionPath = file,
        };

        [Fact]
        public async Task Create_rerun_change_get_and_remove()
        {
            var calls = new CallLog();
            using var aws = moto.Connect(calls);
            var stack = new EcsAppStack(aws);
            var zone = await ZoneAsync(aws);
            var app = Unique("a");
            var spec = Spec(app, zone);

            var created = await DeployAsync(stack, spec);
            Assert.Equal(app, created.Name);
            Assert.Equal($"https://www.{zone}/", created.Url);
            Assert.Equal("ISSUED", created.CertificateStatus);
            Assert.NotNull(created.LoadBalancerDnsName);
            Assert.Equal("aotech-" + app + ":1", created.TaskDefinition);
            Assert.Contains(created.Changes, c => c.StartsWith("Created ECS service"));

            // Same inputs: the plan keeps everything and the run makes no mutating call.
            calls.Clear();
            var again = await stack.PrepareAsync(Spec(app, zone), default);
            Assert.True(again.Plan.IsNoOp, again.Plan.Format());
            var rerun = await stack.ApplyAsync(again, new HashSet<ResourceGroup>(), default);
            Assert.Empty(calls.Mutating());
            Assert.Empty(rerun.Changes);

            // DesiredCount changes the service only.
            var more = Spec(app, zone);
            more.DesiredCount = 3;
            var changed = await stack.PrepareAsync(more, default);
            Assert.Equal(new[] { ResourceGroup.Service }, changed.Plan.Changes.Select(i => i.Group));
            calls.Clear();
            await stack.ApplyAsync(changed, new HashSet<ResourceGroup> { ResourceGroup.Service }, default);
            Assert.Equal(new[] { "ecs:UpdateService" }, calls.Mutating());

            var status = await stack.GetAppAsync(app, default);
            Assert.NotNull(status);
            Assert.Equal(3, status!.DesiredCount);
            Assert.Equal("ISSUED", status.CertificateStatus);
            Assert.Contains(app, (await stack.ListAppsAsync(default)).Names);

            var removal = await stack.PlanRemovalAsync(app, default);
            Assert.Contains(removal.Items, i => i.Resource == "VPC");
            Assert.Contains(removal.Items, i => i.Resource == "alias record");
            Assert.Contains(removal.Items, i => i.Resource == "DNS validation record");
            await stack.RemoveAsync(removal, default);
            Assert.True((await stack.PlanRemovalAsync(app, default)).IsEmpty);
            Assert.Null(await stack.GetAppAsync(app, default));
        }

        /// <summary>Cancels the run after a number of mutating calls, as Ctrl+C or a killed runner would.</summary>
        private sealed class CutOff : IAwsCallObserver
        {
            private readonly CancellationTokenSource cts;
            private int remaining;

            public CutOff(CancellationTokenSource cts, int afterMutatingCalls)
            {
                this.cts = cts;
                remaining = afterMutatingCalls;
            }

            public void OnCall(AwsCallRecord record)
            {
                var read = record.Operation.StartsWith("Describe") || record.Operation.StartsWith("List") || record.Operation.StartsWith("Get");
                if (!read && Interlocked.Decrement(ref remaining) == 0) cts.Cancel();
            }
        }

        /// <summary>
        /// Issue 7, as New-AoEcsApp meets it: a run cancelled midway (Ctrl+C) through the logging proxy, its connection
        /// disposed as the cmdlet does, then the next run in the same process. Its first AWSSDK call (the AMI lookup)
        /// used to get a socket of the cancelled run from the SDK's process-wide pool and wait there for the 100 s HTTP
        /// timeout. The guard is generous: the assertion is that the next run's calls are answered at all.
        /// </summary>
        [Theory]
        [InlineData(1)]
        [InlineData(4)]
        [InlineData(9)]
        [InlineData(15)]
        [InlineData(21)]
        public async Task A_run_cancelled_midway_does_not_hold_up_the_next_runs_calls(int cutAfter)
        {
            using var proxy = new LoggingProxy(moto.EndpointUrl);
            AwsConnection ViaProxy(IAwsCallObserver? observer = null) => AwsConnection.Create(new AwsConnectionOptions
            {
                EndpointUrl = proxy.EndpointUrl,
                Region = MotoServerFixture.Region,
                AccessKey = MotoServerFixture.AccessKey,
                SecretKey = MotoServerFixture.SecretKey,
            }, observer);

            using var setup = moto.Connect();
            var zone = await ZoneAsync(setup);
            for (var round = 0; round < 2; round++)
            {
                var app = Unique("s");
                using (var cts = new CancellationTokenSource())
                using (var stopped = ViaProxy(new CutOff(cts, cutAfter)))
                {
                    var first = new EcsAppStack(stopped);
                    var prepared = await first.PrepareAsync(Spec(app, zone), cts.Token);
                    await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                        first.ApplyAsync(prepared, new HashSet<ResourceGroup>(prepared.Plan.Groups), cts.Token));
                }

                using var next = ViaProxy();
                using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                var again = await new EcsAppStack(next).PrepareAsync(Spec(app, zone), guard.Token);
                Assert.False(again.Plan.IsNoOp, "the cancelled run cannot have finished the stack");
                // Every request is answered: the cancelled run's last ones may still be on their way back (a certificate
                // request takes moto a moment, longer on a loaded machine), so they get up to a minute, still short of the
                // 100 s of a stuck socket; the wait ends as soon as the last one is answered.
                var settle = DateTime.UtcNow.AddSeconds(60);
                while (proxy.Requests().Any(r => r.Status == null) && DateTime.UtcNow < settle) await Task.Delay(200);
                Assert.All(proxy.Requests(), r => Assert.NotNull(r.Status));
            }
        }

        [Theory]
        [InlineData(3)]
        [InlineData(12)]
        [InlineData(25)]
        public async Task A_run_cut_off_midway_is_completed_by_the_next_without_duplicates(int cutAfter)
        {
            using var setup = moto.Connect();
            var zone = await ZoneAsync(setup);
            var app = Unique("i");
            var stack = new EcsAppStack(setup);

            using (var cts = new CancellationTokenSource())
            using (var interrupted = moto.Connect(new CutOff(cts, cutAfter)))
            {
                var first = new EcsAppStack(interrupted);
                var prepared = await first.PrepareAsync(Spec(app, zone), cts.Token);
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                    first.ApplyAsync(prepared, new HashSet<ResourceGroup>(prepared.Plan.Groups), cts.Token));
            }

            var resumed = await DeployAsync(stack, Spec(app, zone));
            Assert.Equal("aotech-" + app + ":1", resumed.TaskDefinition);
            var again = await stack.PrepareAsync(Spec(app, zone), default);
            Assert.True(again.Plan.IsNoOp, again.Plan.Format());

            // Exactly one of each, found by the app tag in each service's own listing.
            var vpcs = await setup.CallSdkAsync("ec2", "DescribeVpcs", t => setup.Ec2.DescribeVpcsAsync(new Amazon.EC2.Model.DescribeVpcsRequest
            {
                Filters = new List<Amazon.EC2.Model.Filter> { new Amazon.EC2.Model.Filter { Name = "tag:" + StackNames.AppTagKey, Values = new List<string> { app } } },
            }, t), default);
            Assert.Single(vpcs.Vpcs);
            var subnets = await setup.CallSdkAsync("ec2", "DescribeSubnets", t => setup.Ec2.DescribeSubnetsAsync(new Amazon.EC2.Model.DescribeSubnetsRequest
            {
                Filters = new List<Amazon.EC2.Model.Filter> { new Amazon.EC2.Model.Filter { Name = "tag:" + StackNames.AppTagKey, Values = new List<string> { app } } },
            }, t), default);
            // Two public subnets (the load balancer) and two private ones (the instances).
            Assert.Equal(4, subnets.Subnets.Count);
            var groups = await setup.CallSdkAsync("ec2", "DescribeSecurityGroups", t => setup.Ec2.DescribeSecurityGroupsAsync(new Amazon.EC2.Model.DescribeSecurityGroupsRequest
            {
                Filters = new List<Amazon.EC2.Model.Filter> { new Amazon.EC2.Model.Filter { Name = "tag:" + StackNames.AppTagKey, Values = new List<string> { app } } },
            }, t), default);
            Assert.Equal(2, groups.SecurityGroups.Count);
            var gateways = await setup.CallSdkAsync("ec2", "DescribeInternetGateways", t => setup.Ec2.DescribeInternetGatewaysAsync(new Amazon.EC2.Model.DescribeInternetGatewaysRequest
            {
                Filters = new List<Amazon.EC2.Model.Filter> { new Amazon.EC2.Model.Filter { Name = "tag:" + StackNames.AppTagKey, Values = new List<string> { app } } },
            }, t), default);
            Assert.Single(gateways.InternetGateways);
            var certificates = await new CertificateDiscovery(setup).AllAsync(StackNames.For(app), default);
            Assert.Single(certificates);
            var revisions = await new EcsDiscovery(setup, StackNames.For(app)).TaskDefinitionArnsAsync("ACTIVE", default);
            Assert.Single(revisions);

            await stack.RemoveAsync(await stack.PlanRemovalAsync(app, default), default);
            Assert.True((await stack.PlanRemovalAsync(app, default)).IsEmpty);
        }

        [Fact]
        public async Task A_declined_group_and_its_dependents_are_left_alone()
        {
            var calls = new CallLog();
            using var aws = moto.Connect(calls);
            var zone = await ZoneAsync(aws);
            var app = Unique("d");
            var stack = new EcsAppStack(aws);
            var prepared = await stack.PrepareAsync(Spec(app, zone), default);
            var approved = new HashSet<ResourceGroup>(prepared.Plan.Groups);
            approved.Remove(ResourceGroup.Compute);
            await stack.ApplyAsync(prepared, approved, default);
            Assert.DoesNotContain(calls.Mutating(), c => c.Contains("AutoScalingGroup") || c.Contains("LaunchTemplate") || c.Contains("CapacityProvider"));
            Assert.DoesNotContain("ecs:CreateService", calls.Mutating());
            Assert.DoesNotContain("ecs:CreateCluster", calls.Mutating());
            Assert.Contains("elbv2:CreateLoadBalancer", calls.Mutating());

            var rest = await stack.PrepareAsync(Spec(app, zone), default);
            Assert.Equal(PlanAction.Create, rest.Plan.ActionOf(ResourceGroup.Compute));
            Assert.Equal(PlanAction.Keep, rest.Plan.ActionOf(ResourceGroup.LoadBalancer));
            await stack.RemoveAsync(await stack.PlanRemovalAsync(app, default), default);
        }

        /// <summary>
        /// Issue 19 item 2: moving an app to a new domain. The plan shows the move; once the new name serves (its alias is
        /// written and the listener has its certificate), the old alias, the old certificate and its validation record go.
        /// </summary>
        [Fact]
        public async Task A_domain_move_serves_the_new_name_then_removes_the_old_alias_and_certificate()
        {
            var calls = new CallLog();
            using var aws = moto.Connect(calls);
            var zone = await ZoneAsync(aws);
            var app = Unique("m");
            var stack = new EcsAppStack(aws);
            await DeployAsync(stack, Spec(app, zone));
            var certificates = new CertificateDiscovery(aws);
            var records = new RecordDiscovery(aws);
            var oldCertificate = Assert.Single(await certificates.AllAsync(StackNames.For(app), default));
            var zoneId = (await stack.HostedZonesAsync(default)).Single(z => z.Name == zone).Id;
            var oldValidation = oldCertificate.ValidationOptions.Single().RecordName!;
            Assert.NotNull(await records.RecordAsync(zoneId, oldValidation, "CNAME", default));

            var moved = Spec(app, zone);
            moved.DomainName = "api." + zone;
            var prepared = await stack.PrepareAsync(moved, default);
            Assert.Equal(new[] { "certificate", "DNS validation record", "HTTPS listener", "alias record", "ECS cluster", "alias record", "certificate" },
                prepared.Plan.Changes.Select(i => i.Resource));
            var cleanup = prepared.Plan.ItemsOf(ResourceGroup.Cleanup).ToList();
            Assert.All(cleanup, i => Assert.Equal(PlanAction.Delete, i.Action));
            Assert.Equal("www." + zone, cleanup[0].Name);
            Assert.Contains("the app moves to api." + zone, cleanup[0].Description);
            Assert.Contains(oldCertificate.Arn, cleanup[1].Name);

            var result = await stack.ApplyAsync(prepared, new HashSet<ResourceGroup>(prepared.Plan.Groups), default);
            Assert.Equal("https://api." + zone + "/", result.Url);
            Assert.Equal("api." + zone, (await stack.GetAppAsync(app, default))!.DomainName);
            // The old name goes only once the new one serves.
            var changes = result.Changes.ToList();
            int At(string prefix) => changes.FindIndex(c => c.StartsWith(prefix, StringComparison.Ordinal));
            Assert.True(At("Alias api.") >= 0 && At("Alias api.") < At("Deleted alias record www."), string.Join("\n", changes));
            Assert.True(At("Updated HTTPS listener") >= 0 && At("Updated HTTPS listener") < At("Deleted certificate www."), string.Join("\n", changes));

            Assert.Null(await records.RecordAsync(zoneId, "www." + zone, "A", default));
            Assert.NotNull(await records.RecordAsync(zoneId, "api." + zone, "A", default));
            Assert.Null(await records.RecordAsync(zoneId, oldValidation, "CNAME", default));
            Assert.Equal("api." + zone, Assert.Single(await certificates.AllAsync(StackNames.For(app), default)).DomainName);

            // Moved: a re-run changes nothing.
            var again = await stack.PrepareAsync(moved, default);
            Assert.True(again.Plan.IsNoOp, again.Plan.Format());
            calls.Clear();
            await stack.ApplyAsync(again, new HashSet<ResourceGroup>(), default);
            Assert.Empty(calls.Mutating());

            var removal = await stack.PlanRemovalAsync(app, default);
            Assert.Single(removal.AliasRecords);
            Assert.Single(removal.Certificates);
            await stack.RemoveAsync(removal, default);
            Assert.Null(await records.RecordAsync(zoneId, "api." + zone, "A", default));
            Assert.True((await stack.PlanRemovalAsync(app, default)).IsEmpty);
        }

        /// <summary>Makes a resource tagged for <paramref name="app"/> straight through the SDK (as an older version would have).</summary>
        private static List<Amazon.EC2.Model.TagSpecification> Tagged(string type, string app, string name) =>
            AwsCalls.TagSpecifications(type, new Dictionary<string, string> { [StackNames.AppTagKey] = app }, name);

        [Fact]
        public async Task Extra_copies_are_found_without_extra_calls_deleted_by_a_rerun_and_by_remove()
        {
            var calls = new CallLog();
            using var aws = moto.Connect(calls);
            var zone = await ZoneAsync(aws);
            var app = Unique("x");
            var names = StackNames.For(app);
            var stack = new EcsAppStack(aws);
            await DeployAsync(stack, Spec(app, zone));
            calls.Clear();
            var clean = await stack.PrepareAsync(Spec(app, zone), default);
            Assert.True(clean.Plan.IsNoOp);
            var cleanCalls = calls.Records.Count;
            var network = clean.Found.Network!;

            // Planted straight in the backend, as an older version (long ago) would have left them.
            using var planter = moto.ConnectUpstream();

            async Task<List<string>> PlantAsync()
            {
                var igw = await planter.Ec2.CreateInternetGatewayAsync(new Amazon.EC2.Model.CreateInternetGatewayRequest
                {
                    TagSpecifications = Tagged("internet-gateway", app, names.InternetGateway),
                });
                var vpc = await planter.Ec2.CreateVpcAsync(new Amazon.EC2.Model.CreateVpcRequest { CidrBlock = "10.98.0.0/16", TagSpecifications = Tagged("vpc", app, names.Vpc) });
                var zoneOfFirst = network.Subnets[0].AvailabilityZone;
                // A second subnet in a zone of the VPC in use, and a second route table there.
                var subnet = await planter.Ec2.CreateSubnetAsync(new Amazon.EC2.Model.CreateSubnetRequest
                {
                    VpcId = network.VpcId, CidrBlock = StackDefaults.SubnetCidr(StackDefaults.PublicSubnetRanges - 1), AvailabilityZone = zoneOfFirst,
                    TagSpecifications = Tagged("subnet", app, names.Subnet(zoneOfFirst)),
                });
                var table = await planter.Ec2.CreateRouteTableAsync(new Amazon.EC2.Model.CreateRouteTableRequest
                {
                    VpcId = network.VpcId, TagSpecifications = Tagged("route-table", app, names.RouteTable),
                });
                await planter.Ec2.AttachInternetGatewayAsync(new Amazon.EC2.Model.AttachInternetGatewayRequest
                {
                    InternetGatewayId = igw.InternetGateway.InternetGatewayId, VpcId = vpc.Vpc.VpcId,
                });
                return new List<string> { igw.InternetGateway.InternetGatewayId, vpc.Vpc.VpcId, subnet.Subnet.SubnetId, table.RouteTable.RouteTableId };
            }

            var planted = await PlantAsync();
            calls.Clear();
            var prepared = await stack.PrepareAsync(Spec(app, zone), default);
            Assert.Equal(cleanCalls, calls.Records.Count);
            Assert.Empty(calls.Mutating());
            // The copies in use are kept; exactly the planted ones are planned as deletes.
            Assert.Equal(network.VpcId, prepared.Found.Network!.VpcId);
            Assert.Equal(network.InternetGatewayId, prepared.Found.Network.InternetGatewayId);
            Assert.Equal(network.RouteTableId, prepared.Found.Network.RouteTableId);
            Assert.Equal(network.Subnets.Select(x => x.SubnetId), prepared.Found.Network.Subnets.Select(x => x.SubnetId));
            var deletes = prepared.Plan.Changes.ToList();
            Assert.All(deletes, i => Assert.Equal(PlanAction.Delete, i.Action));
            Assert.Equal(planted.OrderBy(x => x), prepared.Found.Extras.Select(e => e.Id).OrderBy(x => x));
            Assert.Equal(new[] { "route table", "internet gateway", "subnet", "VPC" }, deletes.Select(i => i.Resource));

            var result = await stack.ApplyAsync(prepared, new HashSet<ResourceGroup>(prepared.Plan.Groups), default);
            Assert.Equal(4, result.Changes.Count(c => c.StartsWith("Deleted extra")));
            var after = await stack.PrepareAsync(Spec(app, zone), default);
            Assert.True(after.Plan.IsNoOp);
            Assert.Empty(after.Found.Extras);

            // Remove-AoEcsApp: every tagged copy goes, not only those in use.
            planted = await PlantAsync();
            var removal = await stack.PlanRemovalAsync(app, default);
            Assert.Equal(planted.OrderBy(x => x), removal.Found.Extras.Select(e => e.Id).OrderBy(x => x));
            Assert.Contains(removal.Items, i => i.Resource == "VPC" && i.Name.Contains(planted[1]));
            await stack.RemoveAsync(removal, default);
            Assert.True((await stack.PlanRemovalAsync(app, default)).IsEmpty);
            var left = await aws.Ec2.DescribeVpcsAsync(new Amazon.EC2.Model.DescribeVpcsRequest
            {
                Filters = new List<Amazon.EC2.Model.Filter> { AwsCalls.TagFilter(StackNames.AppTagKey, app) },
            });
            Assert.Empty(left.Vpcs ?? new List<Amazon.EC2.Model.Vpc>());
            var gateways = await aws.Ec2.DescribeInternetGatewaysAsync(new Amazon.EC2.Model.DescribeInternetGatewaysRequest
            {
                Filters = new List<Amazon.EC2.Model.Filter> { AwsCalls.TagFilter(StackNames.AppTagKey, app) },
            });
            Assert.Empty(gateways.InternetGateways ?? new List<Amazon.EC2.Model.InternetGateway>());
        }

        [Fact]
        public async Task Missing_hosted_zone_fails_preflight_and_creates_nothing()
        {
            var calls = new CallLog();
            using var aws = moto.Connect(calls);
            var spec = Spec(Unique("a"), Unique("nozone") + ".example");
            var ex = await Assert.ThrowsAsync<AoEcsException>(() => new EcsAppStack(aws).PrepareAsync(spec, default));
            Assert.Equal(StackErrorIds.HostedZoneNotFound, ex.ErrorId);
            Assert.Empty(calls.Mutating());
        }
    }
}
