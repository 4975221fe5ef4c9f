using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Stack.Converge;
using AoTech.Ecs.Stack.Planning;
using Elb = AoTech.Ecs.Aws.Services.Elb;

namespace AoTech.Ecs.Stack.Endpoints
{
    /// <summary>One app's listener rule as the endpoint's HTTPS listener has it.</summary>
    public sealed class AppRule
    {
        public AppRule(string ruleArn, PlacedRule placed, string targetGroupArn, IReadOnlyList<(string Arn, int Weight)>? forwards = null,
            Deployments.TestTrafficHeader? header = null)
        {
            RuleArn = ruleArn;
            Placed = placed;
            TargetGroupArn = targetGroupArn;
            Forwards = forwards ?? new[] { (targetGroupArn, 1) };
            Header = header;
        }

        public string RuleArn { get; }
        public PlacedRule Placed { get; }
        /// <summary>The target group the rule sends most of the traffic to: the live one (the first of equal weights).</summary>
        public string TargetGroupArn { get; }
        /// <summary>
        /// Every target group the rule forwards to, with its weight. After a blue/green-family deployment ECS has moved it to the
        /// app's other target group, and mid-deployment it forwards to both, weighted: the stack accepts either or both.
        /// </summary>
        public IReadOnlyList<(string Arn, int Weight)> Forwards { get; }
        /// <summary>The http-header condition of a test listener rule (Stack/Deployments); null for the production rule.</summary>
        public Deployments.TestTrafficHeader? Header { get; }

        /// <summary>
        /// Whether the rule forwards only to target groups of <paramref name="app"/> (either of its two, or both, told by their
        /// names), or only to <paramref name="targetGroupArn"/>.
        /// </summary>
        public bool ForwardsOnlyTo(string app, string? targetGroupArn = null) =>
            Forwards.Count > 0 && Forwards.All(f => f.Arn == targetGroupArn || StackNames.AppOfTargetGroup(ListenerRoutes.TargetGroupName(f.Arn)) == app);
    }

    /// <summary>
    /// What the endpoint's HTTPS listener routes: the apps' rules (an app's rule is the one that forwards to its target
    /// group, named from the app: see <see cref="StackNames.AppOfTargetGroup"/>), the priorities of rules AoTech.Ecs did not
    /// make, and the listener's certificates. Read with two listings (DescribeRules, DescribeListenerCertificates).
    /// </summary>
    public sealed class ListenerRoutes
    {
        public string ListenerArn { get; set; } = "";
        public IDictionary<string, AppRule> Apps { get; } = new SortedDictionary<string, AppRule>(StringComparer.Ordinal);
        /// <summary>
        /// The apps' test listener rules (an app's conditions and an HTTP header, forwarding to its target groups, tagged with
        /// the app: see Stack/Deployments). Their priorities are in <see cref="OtherPriorities"/> too: the production rules never take them.
        /// </summary>
        public IDictionary<string, AppRule> TestRules { get; } = new SortedDictionary<string, AppRule>(StringComparer.Ordinal);
        /// <summary>The app's production rule on this listener, or null.</summary>
        public AppRule? ProductionRuleOf(string app) => Apps.TryGetValue(app, out var rule) ? rule : null;
        /// <summary>The app's test listener rule on this listener, or null.</summary>
        public AppRule? TestRuleOf(string app) => TestRules.TryGetValue(app, out var rule) ? rule : null;
        /// <summary>Priorities of rules that are not an app's production rule (the user's own, the test rules): never taken, never moved.</summary>
        public IList<int> OtherPriorities { get; } = new List<int>();
        public string? DefaultCertificateArn { get; set; }
        /// <summary>The certificates served by SNI besides the default one.</summary>
        public ISet<string> ExtraCertificateArns { get; } = new SortedSet<string>(StringComparer.Ordinal);

        public IReadOnlyList<PlacedRule> Placed => Apps.Values.Select(a => a.Placed).ToList();

        /// <summary>
        /// Every target group the apps' rules forward to: an app with a blue/green-family strategy has two, and the load
        /// balancer's quota counts both.
        /// </summary>
        public ISet<string> TargetGroupArns => new HashSet<string>(Apps.Values.Concat(TestRules.Values)
            .SelectMany(a => a.Forwards.Select(f => f.Arn)), StringComparer.Ordinal);

        /// <summary>
        /// The hosts the other apps' rules route. A host one of them routes keeps its alias record (it points at the shared load
        /// balancer) and its certificate validation record (ACM asks for the same record for the same name in one account)
        /// when <paramref name="app"/> leaves that host, by a domain move or by being removed.
        /// </summary>
        public ISet<string> HostsOfOtherApps(string app) => new HashSet<string>(
            Apps.Where(a => a.Key != app).Select(a => StackPlanner.TrimDot(a.Value.Placed.Route.Host)), StringComparer.OrdinalIgnoreCase);
        public int RuleCount => Apps.Count + OtherPriorities.Count;
        /// <summary>Every certificate the listener serves, the default one first.</summary>
        public IReadOnlyList<string> ServedCertificateArns =>
            new[] { DefaultCertificateArn }.Concat(ExtraCertificateArns).Where(a => a != null).Select(a => a!).ToList();
        public bool Serves(string certificateArn) =>
            certificateArn == DefaultCertificateArn || ExtraCertificateArns.Contains(certificateArn);

        /// <summary>The routes of <paramref name="loadBalancerArn"/>'s HTTPS listener (port 443); null when it has none.</summary>
        public static async Task<ListenerRoutes?> OfLoadBalancerAsync(AwsConnection aws, string loadBalancerArn, CancellationToken ct)
        {
            var listeners = await aws.SendAsync(new Elb.DescribeListenersRequest { LoadBalancerArn = loadBalancerArn }, ct).ConfigureAwait(false);
            var https = listeners.Listeners.OrEmpty().FirstOrDefault(l => l.Port == StackDefaults.HttpsPort && l.Protocol == "HTTPS");
            return https?.ListenerArn == null ? null : await ReadAsync(aws, https.ListenerArn, ct).ConfigureAwait(false);
        }

        /// <summary>Reads the listener's rules and certificates, page by page.</summary>
        public static async Task<ListenerRoutes> ReadAsync(AwsConnection aws, string listenerArn, CancellationToken ct)
        {
            var routes = new ListenerRoutes { ListenerArn = listenerArn };
            var testCandidates = new List<AppRule>();
            string? marker = null;
            do
            {
                var page = await aws.SendAsync(new Elb.DescribeRulesRequest { ListenerArn = listenerArn, Marker = marker }, ct).ConfigureAwait(false);
                foreach (var rule in page.Rules.OrEmpty().Where(r => r.IsDefault != true && r.RuleArn != null))
                {
                    if (!int.TryParse(rule.Priority, out var priority)) continue;
                    var forwards = Forwards(rule);
                    var targetGroup = Live(forwards);
                    var app = targetGroup == null ? null : StackNames.AppOfTargetGroup(TargetGroupName(targetGroup));
                    var host = Values(rule, "host-header").FirstOrDefault();
                    var header = Header(rule);
                    if (header != null || app == null || host == null || routes.Apps.ContainsKey(app)) routes.OtherPriorities.Add(priority);
                    if (app == null || host == null) continue;
                    var found = new AppRule(rule.RuleArn!, new PlacedRule(new AppRoute(app, host, Values(rule, "path-pattern")), priority), targetGroup!,
                        forwards, header);
                    if (header != null) testCandidates.Add(found);
                    else if (!routes.Apps.ContainsKey(app)) routes.Apps[app] = found;
                }
                marker = page.NextMarker;
            } while (!string.IsNullOrEmpty(marker));
            await OwnTestRulesAsync(aws, routes, testCandidates, ct).ConfigureAwait(false);

            marker = null;
            do
            {
                var page = await aws.SendAsync(new Elb.DescribeListenerCertificatesRequest { ListenerArn = listenerArn, Marker = marker }, ct).ConfigureAwait(false);
                foreach (var certificate in page.Certificates.OrEmpty().Where(c => c.CertificateArn != null))
                {
                    if (certificate.IsDefault == true) routes.DefaultCertificateArn = certificate.CertificateArn;
                    else routes.ExtraCertificateArns.Add(certificate.CertificateArn!);
                }
                marker = page.NextMarker;
            } while (!string.IsNullOrEmpty(marker));
            return routes;
        }

        /// <summary>
        /// An app's test rule is a header rule the stack made for it: tagged with the app (StackNames.AppTagKey), so a user's own
        /// header rule that forwards to the app's target groups is never taken for it (deleted on a Rolling re-run, or named as
        /// the service's testListenerRule). One DescribeTags per 20 header rules, none when the listener has none.
        /// </summary>
        private static async Task OwnTestRulesAsync(AwsConnection aws, ListenerRoutes routes, List<AppRule> candidates, CancellationToken ct)
        {
            const int tagsPerCall = 20; // DescribeTags takes at most 20 resource ARNs
            for (var i = 0; i < candidates.Count; i += tagsPerCall)
            {
                var batch = candidates.Skip(i).Take(tagsPerCall).ToList();
                var tags = await aws.SendAsync(new Elb.DescribeTagsRequest { ResourceArns = batch.Select(r => r.RuleArn).ToList() }, ct).ConfigureAwait(false);
                var owners = tags.TagDescriptions.OrEmpty().Where(d => d.ResourceArn != null).ToDictionary(
                    d => d.ResourceArn!, d => d.Tags.OrEmpty().FirstOrDefault(t => t.Key == StackNames.AppTagKey)?.Value, StringComparer.Ordinal);
                foreach (var rule in batch)
                    if (owners.TryGetValue(rule.RuleArn, out var owner) && owner == rule.Placed.Route.App && !routes.TestRules.ContainsKey(owner))
                        routes.TestRules[owner] = rule;
            }
        }

        /// <summary>
        /// The target groups a rule forwards to with their weights: a plain forward (TargetGroupArn) or a forward config, as ECS
        /// writes it while it shifts traffic (ForwardConfig.TargetGroups with weights; a weight left out counts 1).
        /// </summary>
        internal static IReadOnlyList<(string Arn, int Weight)> Forwards(Elb.Rule rule)
        {
            var forward = rule.Actions.OrEmpty().FirstOrDefault(a => a.Type == "forward");
            if (forward == null) return new (string, int)[0];
            var weighted = forward.ForwardConfig?.TargetGroups.OrEmpty().Where(t => t.TargetGroupArn != null)
                .Select(t => (t.TargetGroupArn!, t.Weight ?? 1)).ToList() ?? new List<(string, int)>();
            if (weighted.Count > 0) return weighted;
            return forward.TargetGroupArn == null ? new (string, int)[0] : new[] { (forward.TargetGroupArn, 1) };
        }

        /// <summary>
        /// The live target group of a rule's forwards: the heaviest weight (ECS moves the weights during a deployment), the
        /// first of equals; null when it forwards nowhere.
        /// </summary>
        public static string? Live(IEnumerable<(string Arn, int Weight)> forwards) =>
            forwards.OrderByDescending(f => f.Weight).Select(f => f.Arn).FirstOrDefault();

        /// <summary>The http-header condition of a test listener rule, or null.</summary>
        private static Deployments.TestTrafficHeader? Header(Elb.Rule rule)
        {
            var condition = rule.Conditions.OrEmpty().FirstOrDefault(c => c.Field == "http-header");
            var name = condition?.HttpHeaderConfig?.HttpHeaderName;
            var value = condition?.HttpHeaderConfig?.Values.OrEmpty().FirstOrDefault();
            return name == null || value == null ? null : new Deployments.TestTrafficHeader(name, value);
        }

        /// <summary>The values of a condition, from its typed config or (as older rules have them) its plain Values.</summary>
        private static List<string> Values(Elb.Rule rule, string field)
        {
            var condition = rule.Conditions.OrEmpty().FirstOrDefault(c => c.Field == field);
            if (condition == null) return new List<string>();
            var typed = field == "host-header" ? condition.HostHeaderConfig?.Values : condition.PathPatternConfig?.Values;
            return (typed != null && typed.Count > 0 ? typed : condition.Values).OrEmpty().ToList();
        }

        /// <summary>The name in a target group ARN (…:targetgroup/&lt;name&gt;/&lt;id&gt;).</summary>
        public static string TargetGroupName(string arn)
        {
            var parts = arn.Split('/');
            return parts.Length >= 3 ? parts[parts.Length - 2] : "";
        }
    }
}
