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
        public AppRule(string ruleArn, PlacedRule placed, string targetGroupArn)
        {
            RuleArn = ruleArn;
            Placed = placed;
            TargetGroupArn = targetGroupArn;
        }

        public string RuleArn { get; }
        public PlacedRule Placed { get; }
        public string TargetGroupArn { get; }
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
        /// <summary>Priorities of rules that are not an app's (the user's own): never taken, never moved.</summary>
        public IList<int> OtherPriorities { get; } = new List<int>();
        public string? DefaultCertificateArn { get; set; }
        /// <summary>The certificates served by SNI besides the default one.</summary>
        public ISet<string> ExtraCertificateArns { get; } = new SortedSet<string>(StringComparer.Ordinal);

        public IReadOnlyList<PlacedRule> Placed => Apps.Values.Select(a => a.Placed).ToList();

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
            string? marker = null;
            do
            {
                var page = await aws.SendAsync(new Elb.DescribeRulesRequest { ListenerArn = listenerArn, Marker = marker }, ct).ConfigureAwait(false);
                foreach (var rule in page.Rules.OrEmpty().Where(r => r.IsDefault != true && r.RuleArn != null))
                {
                    if (!int.TryParse(rule.Priority, out var priority)) continue;
                    var forward = rule.Actions.OrEmpty().FirstOrDefault(a => a.Type == "forward");
                    var targetGroup = forward?.TargetGroupArn ?? forward?.ForwardConfig?.TargetGroups.OrEmpty().FirstOrDefault()?.TargetGroupArn;
                    var app = targetGroup == null ? null : StackNames.AppOfTargetGroup(TargetGroupName(targetGroup));
                    var host = Values(rule, "host-header").FirstOrDefault();
                    if (app == null || host == null || routes.Apps.ContainsKey(app))
                    {
                        routes.OtherPriorities.Add(priority);
                        continue;
                    }
                    routes.Apps[app] = new AppRule(rule.RuleArn!, new PlacedRule(new AppRoute(app, host, Values(rule, "path-pattern")), priority), targetGroup!);
                }
                marker = page.NextMarker;
            } while (!string.IsNullOrEmpty(marker));

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

        /// <summary>The values of a condition, from its typed config or (as older rules have them) its plain Values.</summary>
        private static List<string> Values(Elb.Rule rule, string field)
        {
            var condition = rule.Conditions.OrEmpty().FirstOrDefault(c => c.Field == field);
            if (condition == null) return new List<string>();
            var typed = field == "host-header" ? condition.HostHeaderConfig?.Values : condition.PathPatternConfig?.Values;
            return (typed != null && typed.Count > 0 ? typed : condition.Values).OrEmpty().ToList();
        }

        /// <summary>The name in a target group ARN (…:targetgroup/&lt;name&gt;/&lt;id&gt;).</summary>
        internal static string TargetGroupName(string arn)
        {
            var parts = arn.Split('/');
            return parts.Length >= 3 ? parts[parts.Length - 2] : "";
        }
    }
}
