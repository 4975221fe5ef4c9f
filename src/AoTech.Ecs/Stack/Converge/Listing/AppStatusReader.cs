using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Stack.Converge.Discovery;
using AoTech.Ecs.Stack.Planning;
using Acm = AoTech.Ecs.Aws.Services.Acm;
using Asg = AoTech.Ecs.Aws.Services.AutoScaling;
using EcsApi = AoTech.Ecs.Aws.Services.Ecs;
using Elb = AoTech.Ecs.Aws.Services.Elb;

namespace AoTech.Ecs.Stack.Converge.Listing
{
    /// <summary>One app as Get-AoEcsApp read it: its status, null when it has no cluster, or the error that stopped its reading.</summary>
    public sealed class AppReading
    {
        public AppReading(string app, AoEcsApp? status, Exception? error)
        {
            App = app;
            Status = status;
            Error = error;
        }

        public string App { get; }
        public AoEcsApp? Status { get; }
        public Exception? Error { get; }
    }

    /// <summary>
    /// The live status of many apps at once (Get-AoEcsApp), read-only. Every read takes as many names as AWS allows in one
    /// call: clusters 100, load balancers and target groups 20, Auto Scaling groups 100, and certificates come from one
    /// ListCertificates (DescribeCertificate only for one the listing does not show). Two reads have no batch form in AWS
    /// and stay one per app: DescribeServices (up to 10 services, but of one cluster, and each app has its own) and
    /// DescribeTargetHealth (one target group); they run side by side. Task auto scaling is read 50 services a call (see
    /// TaskScalingDiscovery.ForManyAsync). Apps on a shared endpoint share its cluster, load balancer and Auto Scaling group
    /// (one read each) and add, per endpoint, its HTTPS listener's rules, which name each app's domain and paths.
    /// </summary>
    internal sealed class AppStatusReader
    {
        internal const int ServicesPerCall = 10;
        /// <summary>ListCertificates' largest page.</summary>
        internal const int CertificatesPerPage = 1000;
        /// <summary>Per-app reads in flight at once.</summary>
        private const int Parallel = 8;

        /// <summary>Refusals of one name in a batch: a policy scoped to some apps (Get-AoIamPolicy -AppName) covers only theirs.</summary>
        private static readonly string[] Denied = { "AccessDenied", "AccessDeniedException", "UnauthorizedOperation" };

        private readonly AwsConnection _aws;
        private readonly ConcurrentDictionary<string, Exception> _errors = new ConcurrentDictionary<string, Exception>(StringComparer.Ordinal);
        /// <summary>The HTTPS listener of each app on a shared endpoint, as RoutesAsync read it (its certificates serve the app).</summary>
        private readonly ConcurrentDictionary<string, Endpoints.ListenerRoutes> _listeners = new ConcurrentDictionary<string, Endpoints.ListenerRoutes>(StringComparer.Ordinal);

        public AppStatusReader(AwsConnection connection) => _aws = connection;

        /// <summary>
        /// The status of each of <paramref name="apps"/> (valid names), in their order. <paramref name="listing"/>, when the
        /// apps came from the region's listing, already names their certificates.
        /// </summary>
        public async Task<IReadOnlyList<AppReading>> ReadAsync(IReadOnlyList<string> apps, RegionApps? listing, CancellationToken ct)
        {
            // Where each app runs (its own stack, or a shared endpoint) and its certificates: the listing's, or one listing per 20 apps.
            var tagged = listing ?? await RegionApps.OfAppsAsync(_aws, apps, ct).ConfigureAwait(false);
            var names = apps.Distinct(StringComparer.Ordinal).Select(tagged.NamesOf).ToList();
            var clusters = await ClustersAsync(names, ct).ConfigureAwait(false);
            var live = names.Where(n => clusters.ContainsKey(n.App)).ToList();

            var services = ServicesAsync(live, ct);
            var loadBalancers = LoadBalancersAsync(live, ct);
            var routes = RoutesAsync(live.Where(n => n.IsOnSharedEndpoint).ToList(), loadBalancers, ct);
            var domains = DomainsAsync(live, clusters, routes);
            var certificates = CertificatesAfterAsync(domains, tagged, ct);
            var groups = GroupsAsync(live, ct);
            var scaling = ScalingAsync(live, ct);
            var productionRules = ProductionRulesAsync(live, services, ct);
            var targetHealth = TargetHealthAsync(live, services, productionRules, routes, ct);
            await Task.WhenAll(services, certificates, loadBalancers, targetHealth, groups, scaling, productionRules).ConfigureAwait(false);

            var readings = new List<AppReading>();
            foreach (var n in names)
            {
                if (_errors.TryGetValue(n.App, out var error)) readings.Add(new AppReading(n.App, null, error));
                else if (!clusters.TryGetValue(n.App, out var cluster)) readings.Add(new AppReading(n.App, null, null));
                // The endpoint's cluster stays when an app leaves it: an app on it is there while its service or target group is.
                else if (n.IsOnSharedEndpoint && !services.Result.ContainsKey(n.App) && !targetHealth.Result.ContainsKey(n.App))
                    readings.Add(new AppReading(n.App, null, null));
                else
                {
                    var domain = domains.Result.TryGetValue(n.App, out var d) ? d : null;
                    var route = routes.Result.TryGetValue(n.App, out var r) ? r : null;
                    var result = new AoEcsApp
                    {
                        Name = n.App,
                        DomainName = domain,
                        Url = domain == null ? null : "https://" + domain + "/",
                        Region = _aws.Region,
                        Cluster = n.Cluster,
                        Endpoint = n.IsOnSharedEndpoint ? n.EndpointName : null,
                        PathPattern = route?.Paths,
                        RegisteredInstances = cluster.RegisteredContainerInstancesCount,
                    };
                    if (services.Result.TryGetValue(n.App, out var s))
                    {
                        Fill(result, s);
                        // The strategy as the service has it; the live target group is what the app's rule forwards most to
                        // (ECS moves it between the app's two), else the service's.
                        _listeners.TryGetValue(n.App, out var listener);
                        result.WithDeployment(Deployments.DeploymentSettings.Of(s.DeploymentConfiguration, listener?.TestRuleOf(n.App)?.Header),
                            LiveTargetGroup(n.App, s, productionRules.Result));
                    }
                    result.CertificateStatus = certificates.Result.TryGetValue(n.App, out var certificate) ? certificate : null;
                    result.LoadBalancerDnsName = loadBalancers.Result.TryGetValue(n.LoadBalancer, out var lb) ? lb.DNSName : null;
                    result.Instances = groups.Result.TryGetValue(n.AutoScalingGroup, out var group) ? group.Instances.OrEmpty().Count : (int?)null;
                    result.TargetHealth = targetHealth.Result.TryGetValue(n.App, out var health) ? health : null;
                    var scalingNames = Scaling.TaskScalingNames.For(n);
                    result.WithScaling(scaling.Result.TryGetValue(scalingNames.ResourceId, out var found) ? found.AsScaling(scalingNames) : null);
                    readings.Add(new AppReading(n.App, result, null));
                }
            }
            return readings;
        }

        /// <summary>
        /// The live target group of each standalone app with a blue/green-family strategy: what its production rule (the service's
        /// advanced configuration names it) forwards most to; one DescribeRules call for them all, none without such apps.
        /// (An app on a shared endpoint has its rule read with the endpoint's routes.)
        /// </summary>
        private async Task<Dictionary<string, string>> ProductionRulesAsync(List<StackNames> live, Task<Dictionary<string, EcsApi.Service>> services,
            CancellationToken ct)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            var byService = await services.ConfigureAwait(false);
            var rules = live.Where(n => !n.IsOnSharedEndpoint)
                .Select(n => (n.App, Rule: byService.TryGetValue(n.App, out var s) ? s?.LoadBalancers.OrEmpty().FirstOrDefault()?.AdvancedConfiguration?.ProductionListenerRule : null))
                .Where(r => r.Rule != null).ToList();
            if (rules.Count == 0) return result;
            try
            {
                var answer = await _aws.SendAsync(new Elb.DescribeRulesRequest { RuleArns = rules.Select(r => r.Rule!).Distinct().ToList() }, ct).ConfigureAwait(false);
                foreach (var (app, ruleArn) in rules)
                {
                    var rule = answer.Rules.OrEmpty().FirstOrDefault(r => r.RuleArn == ruleArn);
                    var heaviest = rule == null ? null : Endpoints.ListenerRoutes.Live(Endpoints.ListenerRoutes.Forwards(rule));
                    if (heaviest != null) result[app] = heaviest;
                }
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "RuleNotFound")
            {
                // A rule gone since the service named it: the service's target group stands in.
            }
            return result;
        }

        /// <summary>
        /// The target group production traffic goes to: what the app's rule forwards most to (on a shared endpoint, from its
        /// routes; a standalone app's from <paramref name="standaloneLive"/>), else the service's.
        /// </summary>
        private string? LiveTargetGroup(string app, EcsApi.Service? service, IReadOnlyDictionary<string, string> standaloneLive)
        {
            _listeners.TryGetValue(app, out var listener);
            return listener?.ProductionRuleOf(app)?.TargetGroupArn ?? (standaloneLive.TryGetValue(app, out var live) ? live : null) ??
                   service?.LoadBalancers.OrEmpty().FirstOrDefault()?.TargetGroupArn;
        }

        private static void Fill(AoEcsApp result, EcsApi.Service s)
        {
            result.Service = s.ServiceName;
            result.TaskDefinition = StackPlanner.ShortArn(s.TaskDefinition ?? "");
            result.DesiredCount = s.DesiredCount ?? 0;
            result.RunningCount = s.RunningCount ?? 0;
            result.PendingCount = s.PendingCount ?? 0;
            result.Deployments = s.Deployments.OrEmpty().Count;
            var primary = s.Deployments.OrEmpty().FirstOrDefault(d => d.Status == "PRIMARY");
            result.RolloutState = primary?.RolloutState;
            result.RolloutStateReason = primary?.RolloutStateReason;
        }

        /// <summary>
        /// Each app's ACTIVE cluster tagged for it: an app's own (aotech:app), or its endpoint's (aotech:endpoint), which
        /// several apps share.
        /// </summary>
        private async Task<Dictionary<string, EcsApi.Cluster>> ClustersAsync(List<StackNames> names, CancellationToken ct)
        {
            var byCluster = ByName(names, n => n.Cluster);
            var found = await NamedReads.ClustersAsync(_aws, byCluster.Keys, Denied, (cluster, ex) => Each(byCluster[cluster], n => _errors[n.App] = ex), ct)
                .ConfigureAwait(false);
            var result = new Dictionary<string, EcsApi.Cluster>(StringComparer.Ordinal);
            foreach (var c in found)
                if (c.ClusterName != null && byCluster.TryGetValue(c.ClusterName, out var owners) && c.Status == "ACTIVE")
                    foreach (var n in owners.Where(n => c.Tags.OrEmpty().Any(t => t.Key == n.EndpointOwnerTagKey && t.Value == n.EndpointName)))
                        result[n.App] = c;
            return result;
        }

        /// <summary>The apps by the name of a resource of theirs; a resource of an endpoint is every app's on it.</summary>
        private static Dictionary<string, List<StackNames>> ByName(IEnumerable<StackNames> names, Func<StackNames, string> name) =>
            names.GroupBy(name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        private static void Each(IEnumerable<StackNames> names, Action<StackNames> action)
        {
            foreach (var n in names) action(n);
        }

        /// <summary>
        /// The routes of the apps on shared endpoints: per endpoint, its HTTPS listener's rules (the app's host and paths).
        /// An app whose rule is not there yet is missing.
        /// </summary>
        private async Task<Dictionary<string, Endpoints.AppRoute>> RoutesAsync(List<StackNames> shared, Task<Dictionary<string, Elb.LoadBalancer>> loadBalancers,
            CancellationToken ct)
        {
            var result = new Dictionary<string, Endpoints.AppRoute>(StringComparer.Ordinal);
            if (shared.Count == 0) return result;
            var byLoadBalancer = await loadBalancers.ConfigureAwait(false);
            var endpoints = ByName(shared, n => n.LoadBalancer).Where(e => byLoadBalancer.ContainsKey(e.Key)).ToList();
            var read = await Batches.EachAsync(endpoints, Parallel, async endpoint =>
            {
                try
                {
                    return await Endpoints.ListenerRoutes.OfLoadBalancerAsync(_aws, byLoadBalancer[endpoint.Key].LoadBalancerArn!, ct).ConfigureAwait(false);
                }
                catch (AwsServiceException ex)
                {
                    Each(endpoint.Value, n => _errors[n.App] = ex);
                    return null;
                }
            }, ct).ConfigureAwait(false);
            foreach (var routes in read.Where(r => r != null))
                foreach (var app in routes!.Apps)
                {
                    result[app.Key] = app.Value.Placed.Route;
                    _listeners[app.Key] = routes;
                }
            return result;
        }

        /// <summary>Each app's domain: an app of its own has it on its cluster (aotech:domain), an app on an endpoint in its listener rule.</summary>
        private static async Task<Dictionary<string, string>> DomainsAsync(List<StackNames> live, Dictionary<string, EcsApi.Cluster> clusters,
            Task<Dictionary<string, Endpoints.AppRoute>> routes)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var n in live.Where(n => !n.IsOnSharedEndpoint))
                if (clusters[n.App].Tags.OrEmpty().FirstOrDefault(t => t.Key == StackNames.DomainTagKey)?.Value is string domain) result[n.App] = domain;
            foreach (var route in await routes.ConfigureAwait(false)) result[route.Key] = route.Value.Host;
            return result;
        }

        private async Task<Dictionary<string, string?>> CertificatesAfterAsync(Task<Dictionary<string, string>> domains, RegionApps tagged, CancellationToken ct) =>
            await CertificatesAsync(await domains.ConfigureAwait(false), tagged, ct).ConfigureAwait(false);

        /// <summary>Each app's service (not INACTIVE): per cluster, up to 10 services a call.</summary>
        private async Task<Dictionary<string, EcsApi.Service>> ServicesAsync(List<StackNames> live, CancellationToken ct)
        {
            var calls = live.GroupBy(n => n.Cluster, StringComparer.Ordinal)
                .SelectMany(cluster => Batches.Of(cluster, ServicesPerCall).Select(batch => (Cluster: cluster.Key, Apps: batch)));
            var answers = await Batches.EachAsync(calls, Parallel, async call =>
            {
                try
                {
                    var response = await _aws.SendAsync(new EcsApi.DescribeServicesRequest
                    {
                        Cluster = call.Cluster,
                        Services = call.Apps.Select(n => n.Service).ToList(),
                    }, ct).ConfigureAwait(false);
                    return call.Apps.Select(n => (n.App, Service: (EcsApi.Service?)response.Services.OrEmpty()
                        .FirstOrDefault(s => s.ServiceName == n.Service && s.Status != "INACTIVE"))).ToList();
                }
                catch (AwsServiceException ex)
                {
                    foreach (var n in call.Apps) _errors[n.App] = ex;
                    return new List<(string App, EcsApi.Service? Service)>();
                }
            }, ct).ConfigureAwait(false);
            return answers.SelectMany(a => a).Where(a => a.Service != null).ToDictionary(a => a.App, a => a.Service!, StringComparer.Ordinal);
        }

        /// <summary>The status of the certificate each app uses or waits for at its domain (<see cref="CertificateDiscovery.Choose"/>).</summary>
        private async Task<Dictionary<string, string?>> CertificatesAsync(Dictionary<string, string> domains, RegionApps listing, CancellationToken ct)
        {
            var result = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (domains.Count == 0) return result;
            var tagged = listing.Certificates;
            var arns = new HashSet<string>(domains.Keys.SelectMany(app => tagged.TryGetValue(app, out var a) ? a : new List<string>()), StringComparer.Ordinal);
            var known = new Dictionary<string, DiscoveredCertificate>(StringComparer.Ordinal);
            // One certificate is one DescribeCertificate; more are one listing of the region's certificates, page by page.
            if (arns.Count > 1)
                foreach (var summary in await ListCertificatesAsync(ct).ConfigureAwait(false))
                    if (summary.CertificateArn != null && arns.Contains(summary.CertificateArn))
                        known[summary.CertificateArn] = new DiscoveredCertificate
                        {
                            Arn = summary.CertificateArn,
                            DomainName = summary.DomainName ?? "",
                            Status = summary.Status ?? "",
                        };
            // ListCertificates leaves out some key types unless asked for them; those are described one by one.
            var describer = new CertificateDiscovery(_aws);
            var described = await Batches.EachAsync(arns.Where(a => !known.ContainsKey(a)), Parallel, a => describer.DescribeAsync(a, ct), ct).ConfigureAwait(false);
            foreach (var c in described)
                if (c != null) known[c.Arn] = c;
            foreach (var pair in domains)
            {
                var ours = (tagged.TryGetValue(pair.Key, out var a) ? a : new List<string>())
                    .Where(known.ContainsKey).Select(arn => known[arn]).ToList();
                result[pair.Key] = CertificateDiscovery.Choose(pair.Value, null, ours)?.Status;
            }
            await ReusedCertificatesAsync(domains, result, ct).ConfigureAwait(false);
            return result;
        }

        /// <summary>
        /// An app on a shared endpoint without a certificate of its own uses one its listener serves that covers its host (see
        /// ListenerCertificates.CoveringAsync): it shows that one's status. One DescribeCertificate per such listener certificate.
        /// </summary>
        private async Task ReusedCertificatesAsync(Dictionary<string, string> domains, Dictionary<string, string?> result, CancellationToken ct)
        {
            var reusing = domains.Where(d => result[d.Key] == null && _listeners.ContainsKey(d.Key)).ToList();
            if (reusing.Count == 0) return;
            IReadOnlyList<string> Served(string app) => _listeners[app].ServedCertificateArns;
            var describer = new CertificateDiscovery(_aws);
            var arns = reusing.SelectMany(d => Served(d.Key)).Distinct(StringComparer.Ordinal).ToList();
            var described = (await Batches.EachAsync(arns, Parallel, a => describer.DescribeAsync(a, ct), ct).ConfigureAwait(false))
                .Where(c => c != null).ToDictionary(c => c!.Arn, c => c!, StringComparer.Ordinal);
            foreach (var pair in reusing)
                result[pair.Key] = Served(pair.Key).Where(described.ContainsKey).Select(arn => described[arn])
                    .FirstOrDefault(c => c.Status == "ISSUED" && Endpoints.ListenerCertificates.Covers(c, pair.Value))
                    ?.Status;
        }

        private async Task<List<Acm.CertificateSummary>> ListCertificatesAsync(CancellationToken ct)
        {
            var result = new List<Acm.CertificateSummary>();
            string? token = null;
            do
            {
                var page = await _aws.SendAsync(new Acm.ListCertificatesRequest { MaxItems = CertificatesPerPage, NextToken = token }, ct).ConfigureAwait(false);
                result.AddRange(page.CertificateSummaryList.OrEmpty());
                token = page.NextToken;
            } while (!string.IsNullOrEmpty(token));
            return result;
        }

        /// <summary>The apps' load balancers by name, 20 a call (a name that does not exist is left out).</summary>
        private async Task<Dictionary<string, Elb.LoadBalancer>> LoadBalancersAsync(List<StackNames> live, CancellationToken ct)
        {
            var byName = ByName(live, n => n.LoadBalancer);
            return await NamedReads.LoadBalancersAsync(_aws, byName.Keys, Denied.Concat(new[] { "LoadBalancerNotFound" }).ToList(),
                (name, ex) => Each(byName[name], n => Refused(n.App, ex, "LoadBalancerNotFound")), ct).ConfigureAwait(false);
        }

        /// <summary>
        /// Each app's target health ("healthy=2, unhealthy=1", "no targets"), where its target group exists: the live one (see
        /// <see cref="LiveTargetGroup"/>), which after a blue/green-family deployment may be its alternate one (Stack/Deployments).
        /// </summary>
        private async Task<Dictionary<string, string>> TargetHealthAsync(List<StackNames> live, Task<Dictionary<string, EcsApi.Service>> services,
            Task<Dictionary<string, string>> productionRules, Task<Dictionary<string, Endpoints.AppRoute>> routes, CancellationToken ct)
        {
            var byName = live.ToDictionary(n => n.TargetGroup, n => n.App, StringComparer.Ordinal);
            var groups = await Batches.SplittingAsync(byName.Keys, NamedReads.LoadBalancersPerCall, async batch =>
                    (await _aws.SendAsync(new Elb.DescribeTargetGroupsRequest { Names = batch }, ct).ConfigureAwait(false)).TargetGroups.OrEmpty(),
                Denied.Concat(new[] { "TargetGroupNotFound" }).ToList(), (name, ex) => Refused(byName[name], ex, "TargetGroupNotFound")).ConfigureAwait(false);
            var byService = await services.ConfigureAwait(false);
            var standaloneLive = await productionRules.ConfigureAwait(false);
            await routes.ConfigureAwait(false);
            // The live group's health (after a blue/green-family deployment ECS sends production to the app's other group).
            string ServiceGroup(string app, string arn)
            {
                var own = LiveTargetGroup(app, byService.TryGetValue(app, out var service) ? service : null, standaloneLive);
                return own != null && StackNames.AppOfTargetGroup(Endpoints.ListenerRoutes.TargetGroupName(own)) == app ? own : arn;
            }
            var ours = groups.Where(g => g.TargetGroupArn != null && g.TargetGroupName != null && byName.ContainsKey(g.TargetGroupName))
                .GroupBy(g => g.TargetGroupName!).Select(g => (App: byName[g.Key], Arn: ServiceGroup(byName[g.Key], g.First().TargetGroupArn!)));
            var health = await Batches.EachAsync(ours, Parallel, async group =>
            {
                try
                {
                    var answer = await _aws.SendAsync(new Elb.DescribeTargetHealthRequest { TargetGroupArn = group.Arn }, ct).ConfigureAwait(false);
                    var counts = answer.TargetHealthDescriptions.OrEmpty().GroupBy(h => h.TargetHealth?.State ?? "unknown")
                        .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}={g.Count()}").ToList();
                    return (group.App, Health: counts.Count == 0 ? "no targets" : string.Join(", ", counts));
                }
                catch (AwsServiceException ex)
                {
                    _errors[group.App] = ex;
                    return (group.App, Health: (string?)null);
                }
            }, ct).ConfigureAwait(false);
            return health.Where(h => h.Health != null).ToDictionary(h => h.App, h => h.Health!, StringComparer.Ordinal);
        }

        /// <summary>The apps' Auto Scaling groups by name, 100 a call (a name that does not exist is left out).</summary>
        private async Task<Dictionary<string, Asg.AutoScalingGroup>> GroupsAsync(List<StackNames> live, CancellationToken ct)
        {
            var byName = ByName(live, n => n.AutoScalingGroup);
            return await NamedReads.AutoScalingGroupsAsync(_aws, byName.Keys, Denied, (name, ex) => Each(byName[name], n => _errors[n.App] = ex), ct)
                .ConfigureAwait(false);
        }

        /// <summary>
        /// The apps' task auto scaling (Stack/Scaling), by resource id: batched there. A refusal is every app's error (the
        /// reads are not per app: a policy that allows Get-AoEcsApp allows them, Resource "*").
        /// </summary>
        private async Task<Dictionary<string, Scaling.DiscoveredTaskScaling>> ScalingAsync(List<StackNames> live, CancellationToken ct)
        {
            if (live.Count == 0) return new Dictionary<string, Scaling.DiscoveredTaskScaling>(StringComparer.Ordinal);
            try
            {
                return await Scaling.TaskScalingDiscovery.ForManyAsync(_aws, live.Select(Scaling.TaskScalingNames.For), ct).ConfigureAwait(false);
            }
            catch (AwsServiceException ex)
            {
                foreach (var n in live) _errors[n.App] = ex;
                return new Dictionary<string, Scaling.DiscoveredTaskScaling>(StringComparer.Ordinal);
            }
        }

        /// <summary>A name refused alone: "not found" means the app has none; anything else is the app's error.</summary>
        private void Refused(string app, AwsServiceException ex, string notFound)
        {
            if (ex.ErrorCode != notFound) _errors[app] = ex;
        }
    }
}
