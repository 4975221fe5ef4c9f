using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Rollout;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.Converge;
using AoTech.Ecs.Stack.Planning;
using AoTech.Ecs.Tests.Infrastructure;
using Xunit;
using static AoTech.Ecs.Tests.Stack.Live.StackLiveKit;

namespace AoTech.Ecs.Tests.Stack.Live
{
    /// <summary>
    /// Apps on a shared endpoint against moto, through the engine behind New-, Get-, Set- and Remove-AoEcsApp: a joining app
    /// takes the endpoint's instances, is shown and scaled by its name alone, and moving off a host another app routes leaves
    /// that host's records to the other app.
    /// </summary>
    public sealed class EndpointAppLiveTests : IClassFixture<StackMotoFixture>, System.IDisposable
    {
        private readonly StackMotoFixture moto;
        private readonly string file = WriteTaskDefinition();

        public EndpointAppLiveTests(StackMotoFixture moto) => this.moto = moto;

        public void Dispose() => File.Delete(file);

        /// <summary>An app on <paramref name="endpoint"/> as New-AoEcsApp passes it, with only these parameters bound.</summary>
        private AppSpec Spec(string app, string endpoint, string host, params string[] paths) => new AppSpec
        {
            Name = app,
            DomainName = host,
            TaskDefinitionPath = file,
            Endpoint = endpoint,
            PathPattern = paths.ToList(),
            GivenParameters = new List<string> { "Name", "DomainName", "TaskDefinitionPath", "Endpoint", "PathPattern" },
        };

        [Fact]
        public async Task A_joining_app_takes_the_endpoints_instances_and_is_shown_and_scaled_by_its_name()
        {
            var calls = new CallLog();
            using var aws = moto.Connect(calls);
            var stack = new EcsAppStack(aws);
            var zone = await ZoneAsync(aws);
            var endpoint = Unique("ep");
            var (a, b) = (Unique("a"), Unique("b"));
            var first = Spec(a, endpoint, "a." + zone);
            first.AllowPrivileged = true;
            first.GivenParameters!.Add("AllowPrivileged");
            await DeployAsync(stack, first);

            // B gives no instance-level value: it takes the endpoint's (privileged containers) and plans nothing shared, in
            // both plans New-AoEcsApp makes (before and under the lock).
            var shared = StackNames.For(b, endpoint);
            var plans = new List<StackPlan>();
            await stack.ConvergeAsync(Spec(b, endpoint, "b." + zone, "/b/*"), "New-AoEcsApp", plan =>
            {
                plans.Add(plan);
                return Task.FromResult<ISet<ResourceGroup>?>(new HashSet<ResourceGroup>(plan.Groups));
            }, default);
            Assert.Equal(2, plans.Count);
            foreach (var plan in plans)
                Assert.DoesNotContain(plan.Changes, i => i.Resource == "launch template" || i.Resource == "instance refresh" ||
                    i.Name == shared.InstanceRole || i.Name == shared.AutoScalingGroup);

            // One that asks for other instances is refused, naming both values, before any change.
            var other = Spec(Unique("c"), endpoint, "c." + zone);
            other.GivenParameters!.Add("AllowPrivileged");
            calls.Clear();
            var mismatch = await Assert.ThrowsAsync<AoEcsException>(() => stack.PrepareAsync(other, default));
            Assert.Equal("EndpointSettingMismatch", mismatch.ErrorId);
            Assert.Contains("-AllowPrivileged $false (the endpoint has $true)", mismatch.Message);
            Assert.Empty(calls.Mutating());

            // Get-AoEcsApp by name: the endpoint's cluster and load balancer, the app's domain (from its rule) and certificate.
            var shown = await stack.GetAppsAsync(new[] { a, b }, null, default);
            foreach (var (reading, host) in new[] { (shown[0], "a." + zone), (shown[1], "b." + zone) })
            {
                Assert.Null(reading.Error);
                var app = reading.Status!;
                Assert.Equal(endpoint, app.Endpoint);
                Assert.Equal("aotech-" + endpoint, app.Cluster);
                Assert.Equal(host, app.DomainName);
                Assert.Equal("ISSUED", app.CertificateStatus);
                Assert.NotNull(app.LoadBalancerDnsName);
                Assert.Equal(2, app.DesiredCount);
                Assert.Equal("no targets", app.TargetHealth);
            }
            Assert.Equal(new[] { "/b/*" }, shown[1].Status!.PathPattern);
            // ... and in the region's listing, as alone.
            var listing = await stack.ListAppsAsync(default);
            Assert.Contains(a, listing.Names);
            Assert.Contains(b, listing.Names);
            var listed = (await stack.GetAppsAsync(new[] { b }, listing, default)).Single().Status!;
            Assert.Equal(shown[1].Status!.DomainName, listed.DomainName);
            Assert.Equal(shown[1].Status!.CertificateStatus, listed.CertificateStatus);

            // Set-AoEcsApp: the app's service in the endpoint's cluster; the endpoint's size bounds are not one app's.
            var location = await ServiceLocation.ForAppAsync(aws, b, default);
            Assert.Equal("aotech-" + endpoint, location.Cluster);
            Assert.Equal(endpoint, location.Endpoint);
            var scaler = new AppScaler(aws);
            calls.Clear();
            var bounds = await Assert.ThrowsAsync<AoEcsException>(() => scaler.PlanAsync(location, null, 1, 3, default));
            Assert.Equal("EndpointLevelParameter", bounds.ErrorId);
            Assert.Empty(calls.All());
            await scaler.ApplyAsync(await scaler.PlanAsync(location, 3, null, null, default), default);
            Assert.Equal(3, (await stack.GetAppAsync(b, default))!.DesiredCount);
            Assert.Equal(2, (await stack.GetAppAsync(a, default))!.DesiredCount);

            // The endpoint's cluster stays for A: B is gone all the same. (A, the endpoint's last app, stays: moto keeps a deleted
            // listener's certificate in use, so its removal would wait out the certificate release.)
            await RemoveAsync(stack, b);
            Assert.Null(await stack.GetAppAsync(b, default));
            Assert.NotNull(await stack.GetAppAsync(a, default));
        }

        [Fact]
        public async Task A_second_app_on_the_same_host_without_a_path_is_refused_before_any_change()
        {
            var calls = new CallLog();
            using var aws = moto.Connect(calls);
            var stack = new EcsAppStack(aws);
            var zone = await ZoneAsync(aws);
            var endpoint = Unique("ep");
            var host = "site." + zone;
            await DeployAsync(stack, Spec(Unique("a"), endpoint, host));

            // The second app's target group and certificate do not exist yet: the conflict is found all the same, at planning.
            calls.Clear();
            var ex = await Assert.ThrowsAsync<AoEcsException>(() => stack.ConvergeAsync(Spec(Unique("b"), endpoint, host), "New-AoEcsApp",
                plan => Task.FromResult<ISet<ResourceGroup>?>(new HashSet<ResourceGroup>(plan.Groups)), default));
            Assert.Equal("RouteConflict", ex.ErrorId);
            Assert.Empty(calls.Mutating());
        }

        [Fact]
        public async Task An_app_with_a_fixed_host_port_joining_keeps_the_other_apps_ports_and_reruns_change_nothing()
        {
            var calls = new CallLog();
            using var aws = moto.Connect(calls);
            var stack = new EcsAppStack(aws);
            var zone = await ZoneAsync(aws);
            var endpoint = Unique("ep");
            var (a, b) = (Unique("a"), Unique("b"));
            var fixedPort = Path.Combine(Path.GetTempPath(), Path.GetRandomFileName() + ".json");
            File.WriteAllText(fixedPort, File.ReadAllText(file).Replace("{ \"containerPort\": 8080 }", "{ \"containerPort\": 8080, \"hostPort\": 8081 }"));
            try
            {
                await DeployAsync(stack, Spec(a, endpoint, "a." + zone));
                var bSpec = Spec(b, endpoint, "b." + zone);
                bSpec.TaskDefinitionPath = fixedPort;
                await DeployAsync(stack, bSpec);

                // The instances take both: A's dynamic range and B's fixed port, from the load balancer.
                var prepared = await stack.PrepareAsync(Spec(a, endpoint, "a." + zone), default);
                var ports = prepared.Found.InstanceSecurityGroup!.Ingress.Select(r => (r.FromPort, r.ToPort)).OrderBy(p => p.FromPort).ToList();
                Assert.Equal(new[] { (8081, 8081), (StackDefaults.DynamicPortFrom, StackDefaults.DynamicPortTo) }, ports);
                // Re-runs of either plan nothing and change nothing.
                Assert.True(prepared.Plan.IsNoOp, prepared.Plan.Format());
                var bAgain = Spec(b, endpoint, "b." + zone);
                bAgain.TaskDefinitionPath = fixedPort;
                calls.Clear();
                Assert.True((await stack.PrepareAsync(bAgain, default)).Plan.IsNoOp);
                Assert.Empty(calls.Mutating());
            }
            finally
            {
                File.Delete(fixedPort);
            }
        }

        [Fact]
        public async Task A_domain_move_takes_the_old_certificate_off_the_listener_before_deleting_it()
        {
            using var aws = moto.Connect();
            var stack = new EcsAppStack(aws);
            var zone = await ZoneAsync(aws);
            var endpoint = Unique("ep");
            var (a, b) = (Unique("a"), Unique("b"));
            // A is first: its certificate is the listener's default; B's is served by SNI.
            await DeployAsync(stack, Spec(a, endpoint, "old." + zone));
            await DeployAsync(stack, Spec(b, endpoint, "b." + zone));
            var listenerArn = (await stack.PrepareAsync(Spec(a, endpoint, "old." + zone), default)).Found.HttpsListener!.Arn;
            var before = await AoTech.Ecs.Stack.Endpoints.ListenerRoutes.ReadAsync(aws, listenerArn, default);
            var old = before.DefaultCertificateArn!;

            var moving = await stack.PrepareAsync(Spec(a, endpoint, "new." + zone), default);
            var rule = Assert.Single(moving.Plan.Items, i => i.Resource == "listener rule");
            Assert.Contains(rule.Changes, c => c.StartsWith("Remove certificate " + old));
            await stack.ApplyAsync(moving, new HashSet<ResourceGroup>(moving.Plan.Groups), default);

            var after = await AoTech.Ecs.Stack.Endpoints.ListenerRoutes.ReadAsync(aws, listenerArn, default);
            Assert.False(after.Serves(old), "the old certificate is still on the listener");
            Assert.Equal(2, after.ExtraCertificateArns.Count + 1);
            Assert.Contains(before.ExtraCertificateArns.Single(), new[] { after.DefaultCertificateArn }.Concat(after.ExtraCertificateArns));
            var gone = await AwsCalls.OrNull(() => aws.SendAsync(new AoTech.Ecs.Aws.Services.Acm.DescribeCertificateRequest { CertificateArn = old }, default),
                "ResourceNotFoundException");
            Assert.Null(gone);
            // A re-run of the moved app changes nothing.
            Assert.True((await stack.PrepareAsync(Spec(a, endpoint, "new." + zone), default)).Plan.IsNoOp);
        }

        [Fact]
        public async Task Two_apps_creating_one_new_endpoint_at_once_build_one_network_and_one_load_balancer()
        {
            using var aws = moto.Connect();
            using var other = moto.Connect();
            var zone = await ZoneAsync(aws);
            var endpoint = Unique("ep");
            var options = new AoTech.Ecs.Stack.Locking.AppLockOptions { PollInterval = System.TimeSpan.FromMilliseconds(200) };
            Task<ISet<ResourceGroup>?> All(StackPlan plan) => Task.FromResult<ISet<ResourceGroup>?>(new HashSet<ResourceGroup>(plan.Groups));

            var runs = new[] { (aws, Unique("a")), (other, Unique("b")) }.Select(r => Task.Run(() =>
                new EcsAppStack(r.Item1) { LockOptions = options }.ConvergeAsync(Spec(r.Item2, endpoint, r.Item2 + "." + zone), "New-AoEcsApp", All, default)))
                .ToList();
            var apps = await Task.WhenAll(runs);

            var vpcs = await aws.Ec2.DescribeVpcsAsync(new Amazon.EC2.Model.DescribeVpcsRequest
            {
                Filters = new List<Amazon.EC2.Model.Filter> { AwsCalls.TagFilter(StackNames.EndpointTagKey, endpoint) },
            });
            Assert.Single(vpcs.Vpcs);
            var loadBalancers = await aws.SendAsync(new AoTech.Ecs.Aws.Services.Elb.DescribeLoadBalancersRequest(), default);
            Assert.Single(loadBalancers.LoadBalancers!, l => l.LoadBalancerName == StackNames.For(apps[0]!.Name, endpoint).LoadBalancer);
            Assert.Equal(apps[0]!.LoadBalancerDnsName, apps[1]!.LoadBalancerDnsName);
        }

        [Fact]
        public async Task An_app_moving_off_a_host_another_app_routes_leaves_that_hosts_alias_and_validation_record()
        {
            using var aws = moto.Connect();
            var stack = new EcsAppStack(aws);
            var zone = await ZoneAsync(aws);
            var endpoint = Unique("ep");
            var (a, b) = (Unique("a"), Unique("b"));
            var host = "shared." + zone;
            await DeployAsync(stack, Spec(a, endpoint, host, "/a/*"));
            await DeployAsync(stack, Spec(b, endpoint, host, "/b/*"));

            // A moves to a host of its own; B still routes the shared one.
            var moved = await DeployAsync(stack, Spec(a, endpoint, "a." + zone, "/a/*"));
            Assert.Equal("https://a." + zone + "/", moved.Url);

            // B, now alone on the host, would remove its alias and its validation record: both are still there.
            var removal = await stack.PlanRemovalAsync(b, default);
            Assert.Contains(removal.Items, i => i.Resource == "alias record" && i.Name == host);
            Assert.Contains(removal.Items, i => i.Resource == "DNS validation record" && i.Name.EndsWith("." + host));
            Assert.Equal("ISSUED", (await stack.GetAppAsync(b, default))!.CertificateStatus);
            Assert.Equal(host, (await stack.GetAppAsync(b, default))!.DomainName);
        }
    }
}
