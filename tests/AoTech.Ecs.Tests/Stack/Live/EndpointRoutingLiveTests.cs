using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.Endpoints;
using AoTech.Ecs.Tests.Infrastructure;
using Xunit;
using Acm = AoTech.Ecs.Aws.Services.Acm;
using Ec2 = Amazon.EC2.Model;
using Elb = AoTech.Ecs.Aws.Services.Elb;

namespace AoTech.Ecs.Tests.Stack.Live
{
    /// <summary>
    /// Three apps routed on one HTTPS listener against moto: two hosts, one of them with two paths; re-runs change nothing;
    /// taking the middle app off leaves the other two routed with their certificates and rules.
    /// </summary>
    public sealed class EndpointRoutingLiveTests : IClassFixture<MotoServerFixture>, IDisposable
    {
        private readonly CallLog calls = new CallLog();
        private readonly AwsConnection aws;

        /// <summary>Sets the scene past the layer of documented AWS behaviour (whose EC2 eventual consistency is not under test here).</summary>
        private readonly AwsConnection upstream;

        public EndpointRoutingLiveTests(MotoServerFixture moto)
        {
            aws = moto.Connect(calls);
            upstream = moto.ConnectUpstream();
        }

        public void Dispose()
        {
            aws.Dispose();
            upstream.Dispose();
        }

        private async Task<string> ListenerAsync(string certificateArn)
        {
            var vpc = (await upstream.Ec2.CreateVpcAsync(new Ec2.CreateVpcRequest { CidrBlock = "10.81.0.0/16" })).Vpc.VpcId;
            var subnets = new List<string>();
            foreach (var (zone, cidr) in new[] { ("us-east-1a", "10.81.0.0/20"), ("us-east-1b", "10.81.16.0/20") })
                subnets.Add((await upstream.Ec2.CreateSubnetAsync(new Ec2.CreateSubnetRequest
                {
                    VpcId = vpc, CidrBlock = cidr, AvailabilityZone = zone,
                })).Subnet.SubnetId);
            var lb = (await aws.SendAsync(new Elb.CreateLoadBalancerRequest { Name = StackLiveKit.Unique("ep"), Subnets = subnets }, default)).LoadBalancers![0];
            vpcId = vpc;
            return (await aws.SendAsync(new Elb.CreateListenerRequest
            {
                LoadBalancerArn = lb.LoadBalancerArn, Protocol = "HTTPS", Port = 443,
                Certificates = new List<Elb.Certificate> { new Elb.Certificate { CertificateArn = certificateArn } },
                DefaultActions = new List<Elb.ListenerAction>
                {
                    new Elb.ListenerAction { Type = "fixed-response", FixedResponseConfig = new Elb.FixedResponseActionConfig { StatusCode = "404" } },
                },
            }, default)).Listeners![0].ListenerArn!;
        }

        private string vpcId = "";

        private async Task<string> TargetGroupAsync(string app) =>
            (await aws.SendAsync(new Elb.CreateTargetGroupRequest
            {
                Name = StackNames.For(app).TargetGroup, Protocol = "HTTP", Port = 80, VpcId = vpcId, TargetType = "instance",
            }, default)).TargetGroups![0].TargetGroupArn!;

        private async Task<string> CertificateAsync(string domain) =>
            (await aws.SendAsync(new Acm.RequestCertificateRequest { DomainName = domain, ValidationMethod = "DNS" }, default)).CertificateArn!;

        private async Task<IReadOnlyList<string>> RouteAsync(string listener, AppRoute route, string tg, string cert)
        {
            var current = await ListenerRoutes.ReadAsync(aws, listener, CancellationToken.None);
            var plan = RouteConverger.Plan("main", current, route, tg, cert);
            return await new RouteConverger(aws).ApplyAsync(listener, plan, StackNames.For(route.App).Tags(null), CancellationToken.None);
        }

        [Fact]
        public async Task Three_apps_share_a_listener_and_the_middle_one_leaves_cleanly()
        {
            var suffix = Guid.NewGuid().ToString("N").Substring(0, 6);
            string App(string name) => name + suffix;
            var shopHost = $"shop{suffix}.example.com";
            var blogHost = $"blog{suffix}.example.com";
            var shopCert = await CertificateAsync(shopHost);
            var blogCert = await CertificateAsync(blogHost);
            var listener = await ListenerAsync(shopCert);

            var site = new AppRoute(App("site"), shopHost);
            var api = new AppRoute(App("api"), shopHost, new[] { "/api/*", "/v2/api/*" });
            var blog = new AppRoute(App("blog"), blogHost);
            var tgs = new Dictionary<string, string>();
            foreach (var r in new[] { site, api, blog }) tgs[r.App] = await TargetGroupAsync(r.App);
            var certs = new Dictionary<string, string> { [site.App] = shopCert, [api.App] = shopCert, [blog.App] = blogCert };

            // Whole-host app first, then the path app on the same host: it must come before, without moving the first.
            foreach (var r in new[] { site, api, blog }) await RouteAsync(listener, r, tgs[r.App], certs[r.App]);

            var routes = await ListenerRoutes.ReadAsync(aws, listener, CancellationToken.None);
            Assert.Equal(new[] { api.App, blog.App, site.App }, routes.Apps.Keys.ToArray());
            Assert.True(routes.Apps[api.App].Placed.Priority < routes.Apps[site.App].Placed.Priority, "the /api/* rule is tried after the whole-host rule");
            Assert.Equal(new[] { "/api/*", "/v2/api/*" }, routes.Apps[api.App].Placed.Route.Paths);
            Assert.Equal(3, routes.Apps.Values.Select(a => a.Placed.Priority).Distinct().Count());
            Assert.Equal(tgs[blog.App], routes.Apps[blog.App].TargetGroupArn);
            Assert.Equal(shopCert, routes.DefaultCertificateArn);
            Assert.Equal(new[] { blogCert }, routes.ExtraCertificateArns.ToArray());
            // moto's certificates stay pending validation here (a minute): a pending certificate is never reused for a new host.
            Assert.Null(await ListenerCertificates.CoveringAsync(aws, routes, shopHost, CancellationToken.None));

            // A re-run of each app plans nothing and makes no call that changes anything.
            calls.Clear();
            foreach (var r in new[] { site, api, blog })
                Assert.Empty(await RouteAsync(listener, r, tgs[r.App], certs[r.App]));
            Assert.Empty(calls.Mutating());

            // A fourth app shadowing the whole-host app is refused before any change.
            calls.Clear();
            var current = await ListenerRoutes.ReadAsync(aws, listener, CancellationToken.None);
            var ex = Assert.Throws<AoTech.Ecs.Errors.AoEcsException>(() =>
                RouteConverger.Plan("main", current, new AppRoute(App("dup"), shopHost.ToUpperInvariant()), tgs[site.App], shopCert));
            Assert.Equal(EndpointErrorIds.RouteConflict, ex.ErrorId);
            Assert.Empty(calls.Mutating());

            // The middle app (blog, with a certificate of its own) leaves; the others keep rules and certificate.
            var before = await ListenerRoutes.ReadAsync(aws, listener, CancellationToken.None);
            await new RouteConverger(aws).RemoveAsync(before, blog.App, blogCert, certificateInUse: false, CancellationToken.None);
            var after = await ListenerRoutes.ReadAsync(aws, listener, CancellationToken.None);
            Assert.Equal(new[] { api.App, site.App }, after.Apps.Keys.ToArray());
            Assert.Equal(before.Apps[api.App].Placed.Priority, after.Apps[api.App].Placed.Priority);
            Assert.Equal(before.Apps[site.App].Placed.Priority, after.Apps[site.App].Placed.Priority);
            Assert.Equal(shopCert, after.DefaultCertificateArn);
            Assert.Empty(after.ExtraCertificateArns);
        }

        [Fact]
        public async Task A_path_app_joining_between_two_adjacent_rules_moves_them_in_one_call()
        {
            var suffix = Guid.NewGuid().ToString("N").Substring(0, 6);
            var host = $"adj{suffix}.example.com";
            var cert = await CertificateAsync(host);
            var listener = await ListenerAsync(cert);
            var a = new AppRoute("a" + suffix, host, new[] { "/a/*" });
            var b = new AppRoute("b" + suffix, host);
            var tgA = await TargetGroupAsync(a.App);
            var tgB = await TargetGroupAsync(b.App);
            // Rules left at adjacent priorities (as a user could set them): no gap for a more specific path.
            foreach (var (r, tg, p) in new[] { (a, tgA, 1), (b, tgB, 2) })
                await aws.SendAsync(new Elb.CreateRuleRequest
                {
                    ListenerArn = listener, Priority = p,
                    Conditions = new List<Elb.RuleCondition>
                    {
                        new Elb.RuleCondition { Field = "host-header", HostHeaderConfig = new Elb.HostHeaderConditionConfig { Values = new List<string> { host } } },
                    }.Concat(r.Paths.Count == 0 ? new Elb.RuleCondition[0] : new[]
                    {
                        new Elb.RuleCondition { Field = "path-pattern", PathPatternConfig = new Elb.PathPatternConditionConfig { Values = r.Paths.ToList() } },
                    }).ToList(),
                    Actions = new List<Elb.ListenerAction> { new Elb.ListenerAction { Type = "forward", TargetGroupArn = tg } },
                }, default);
            var c = new AppRoute("c" + suffix, host, new[] { "/a/deeper/*" });
            var tgC = await TargetGroupAsync(c.App);
            calls.Clear();
            await RouteAsync(listener, c, tgC, cert);
            Assert.Equal(1, calls.Mutating().Count(m => m.EndsWith("SetRulePriorities")));
            var routes = await ListenerRoutes.ReadAsync(aws, listener, CancellationToken.None);
            var order = routes.Apps.Values.OrderBy(r => r.Placed.Priority).Select(r => r.Placed.Route.App).ToArray();
            Assert.Equal(new[] { c.App, a.App, b.App }, order);
        }
            [Fact]
        public async Task Two_apps_joining_at_once_take_the_endpoint_lock_and_get_different_priorities()
        {
            var suffix = Guid.NewGuid().ToString("N").Substring(0, 6);
            var host = $"race{suffix}.example.com";
            var cert = await CertificateAsync(host);
            var listener = await ListenerAsync(cert);
            var endpoint = "ep" + suffix;
            var routes = new[] { new AppRoute("x" + suffix, host, new[] { "/x/*" }), new AppRoute("y" + suffix, host, new[] { "/y/*" }) };
            var tgs = new Dictionary<string, string>();
            foreach (var r in routes) tgs[r.App] = await TargetGroupAsync(r.App);
            var options = new AoTech.Ecs.Stack.Locking.AppLockOptions { PollInterval = TimeSpan.FromMilliseconds(100), WaitTimeout = TimeSpan.FromMinutes(1) };

            // Both read the listener, plan and apply under the endpoint's lock, started together: without the lock both
            // would read an empty listener and pick the same priority.
            using var start = new SemaphoreSlim(0);
            var joins = routes.Select(r => Task.Run(async () =>
            {
                await start.WaitAsync();
                return await AoTech.Ecs.Stack.Locking.AppLock.ForEndpoint(aws, endpoint, null, options).RunAsync("New-AoEcsApp", t =>
                    RouteAsync(listener, r, tgs[r.App], cert), CancellationToken.None);
            })).ToList();
            start.Release(2);
            await Task.WhenAll(joins);

            var placed = await ListenerRoutes.ReadAsync(aws, listener, CancellationToken.None);
            Assert.Equal(routes.Select(r => r.App).OrderBy(a => a, StringComparer.Ordinal), placed.Apps.Keys);
            Assert.NotEqual(placed.Apps[routes[0].App].Placed.Priority, placed.Apps[routes[1].App].Placed.Priority);
            Assert.Contains(calls.Records, c => c.Operation == "PutParameter");
        }
            [Fact]
        public async Task The_app_holding_the_default_certificate_leaves_and_another_app_s_certificate_becomes_the_default()
        {
            var suffix = Guid.NewGuid().ToString("N").Substring(0, 6);
            var first = new AppRoute("f" + suffix, $"f{suffix}.example.com");
            var second = new AppRoute("s" + suffix, $"s{suffix}.example.com");
            var third = new AppRoute("t" + suffix, $"t{suffix}.example.com");
            var firstCert = await CertificateAsync(first.Host);
            var secondCert = await CertificateAsync(second.Host);
            var thirdCert = await CertificateAsync(third.Host);
            var listener = await ListenerAsync(firstCert);
            await RouteAsync(listener, first, await TargetGroupAsync(first.App), firstCert);
            await RouteAsync(listener, second, await TargetGroupAsync(second.App), secondCert);
            await RouteAsync(listener, third, await TargetGroupAsync(third.App), thirdCert);

            var before = await ListenerRoutes.ReadAsync(aws, listener, CancellationToken.None);
            Assert.Equal(firstCert, before.DefaultCertificateArn);
            await new RouteConverger(aws).RemoveAsync(before, first.App, firstCert, certificateInUse: false, CancellationToken.None);

            var after = await ListenerRoutes.ReadAsync(aws, listener, CancellationToken.None);
            Assert.Equal(new[] { second.App, third.App }.OrderBy(a => a, StringComparer.Ordinal), after.Apps.Keys);
            Assert.Contains(after.DefaultCertificateArn, new[] { secondCert, thirdCert });
            Assert.True(after.Serves(secondCert) && after.Serves(thirdCert), "another app's certificate left the listener with the first app's");
            Assert.DoesNotContain(firstCert, after.ExtraCertificateArns);
            Assert.False(after.Serves(firstCert), "the leaving app's certificate is still on the listener, so it cannot be deleted");
        }
    }
}
