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
    /// <summary>What joining (or re-running) one app does to the endpoint's HTTPS listener. Empty <see cref="Steps"/>: nothing.</summary>
    public sealed class RoutePlan
    {
        internal RoutePlan(AppRoute route, string targetGroupArn, string? otherTargetGroupArn, string certificateArn, AppRule? existing,
            RulePlacement placement, bool conditionsChange, bool addCertificate, IReadOnlyList<(string RuleArn, string App, int From, int To)> moves)
        {
            Route = route;
            TargetGroupArn = targetGroupArn;
            OtherTargetGroupArn = otherTargetGroupArn;
            CertificateArn = certificateArn;
            Existing = existing;
            Placement = placement;
            ConditionsChange = conditionsChange;
            AddCertificate = addCertificate;
            Moves = moves;
        }

        public AppRoute Route { get; }
        /// <summary>Where a new rule sends the traffic (the live target group).</summary>
        public string TargetGroupArn { get; }
        /// <summary>
        /// A blue/green-family app's other target group, which its production rule carries at weight 0 (null: Rolling). ECS
        /// rolls a deployment back when the rules do not carry both ("Both targetGroup and alternateTargetGroup must be
        /// associated with the productionListenerRule or testListenerRule",
        /// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/migrate-code-deploy-to-ecs-blue-green.html).
        /// </summary>
        public string? OtherTargetGroupArn { get; }
        /// <summary>
        /// The app's target group an existing rule that forwards to the app does not carry yet: added at weight 0, the weights
        /// ECS set left as they are. Null when the rule carries both (or there is no other group, or the rule is pointed anew).
        /// </summary>
        public string? MissingTargetGroupArn => Existing == null || OtherTargetGroupArn == null || !Existing.ForwardsOnlyTo(Route.App, TargetGroupArn)
            ? null
            : new[] { TargetGroupArn, OtherTargetGroupArn }.FirstOrDefault(arn => Existing.Forwards.All(f => f.Arn != arn));
        public string CertificateArn { get; }
        public AppRule? Existing { get; }
        public RulePlacement Placement { get; }
        public bool ConditionsChange { get; }
        public bool AddCertificate { get; }
        public IReadOnlyList<(string RuleArn, string App, int From, int To)> Moves { get; }

        public PlanAction RuleAction => Existing == null ? PlanAction.Create
            : ConditionsChange || MissingTargetGroupArn != null || Existing.Placed.Priority != Placement.Priority ? PlanAction.Change : PlanAction.Keep;

        /// <summary>The changes in the order they are made, as -WhatIf shows them; empty when the listener is as asked.</summary>
        public IReadOnlyList<string> Steps
        {
            get
            {
                var steps = new List<string>();
                if (AddCertificate) steps.Add($"Add certificate {CertificateArn} to the HTTPS listener (SNI)");
                foreach (var move in Moves) steps.Add($"Move app '{move.App}' rule priority {move.From} -> {move.To}");
                if (Existing != null && Existing.Placed.Priority != Placement.Priority)
                    steps.Add($"Move app '{Route.App}' rule priority {Existing.Placed.Priority} -> {Placement.Priority}");
                if (Existing == null) steps.Add($"Create listener rule {Route} at priority {Placement.Priority}");
                else if (ConditionsChange) steps.Add($"Change listener rule {Existing.Placed.Route} -> {Route}");
                if (Existing != null && !ConditionsChange && MissingTargetGroupArn != null)
                    steps.Add($"Add target group {ListenerRoutes.TargetGroupName(MissingTargetGroupArn)} to listener rule {Route} at weight 0");
                return steps;
            }
        }
    }

    /// <summary>
    /// Routes one app on an endpoint's HTTPS listener: its rule (host, paths, forward to its target group) in the order
    /// <see cref="RulePriorities"/> keeps, and its certificate served by SNI; and takes them away again. Plans are pure (made
    /// from <see cref="ListenerRoutes"/>), so a re-run that finds everything in place makes no call that changes anything.
    /// The caller holds the endpoint's lock from reading the routes until the plan is applied.
    /// </summary>
    public sealed class RouteConverger
    {
        private readonly AwsConnection _aws;

        public RouteConverger(AwsConnection connection) => _aws = connection;

        /// <summary>
        /// The changes for <paramref name="route"/>; checks the quotas and shadowing first (throws with the ErrorId, nothing changed).
        /// </summary>
        public static RoutePlan Plan(string endpoint, ListenerRoutes current, AppRoute route, string targetGroupArn, string certificateArn,
            string? otherTargetGroupArn = null)
        {
            current.Apps.TryGetValue(route.App, out var existing);
            var addCertificate = !current.Serves(certificateArn);
            var targetGroups = current.TargetGroupArns.Append(targetGroupArn).Concat(otherTargetGroupArn == null ? new string[0] : new[] { otherTargetGroupArn })
                .Distinct(StringComparer.Ordinal).Count();
            EndpointQuotas.Check(endpoint, route.App, new EndpointUsage
            {
                Rules = current.RuleCount + (existing == null ? 1 : 0),
                Certificates = current.ExtraCertificateArns.Count + (addCertificate ? 1 : 0),
                ConditionValues = route.ConditionValues,
                TargetGroups = targetGroups,
            });
            var placement = RulePriorities.Place(route, current.Placed, current.OtherPriorities);
            var moves = placement.Moves.Select(m => (current.Apps[m.App].RuleArn, m.App, m.From, m.To)).ToList();
            // ECS moves traffic, the stack never does: a rule that forwards to either of the app's target groups, or to both
            // (weighted, mid-deployment), is as asked; only a rule forwarding elsewhere is pointed back at the app.
            var conditionsChange = existing != null && (!existing.ForwardsOnlyTo(route.App, targetGroupArn) ||
                existing.Placed.Route.Host != route.Host || !existing.Placed.Route.Paths.SequenceEqual(route.Paths, StringComparer.Ordinal));
            return new RoutePlan(route, targetGroupArn, otherTargetGroupArn, certificateArn, existing, placement, conditionsChange, addCertificate, moves);
        }

        /// <summary>
        /// The app's certificates of a domain it moved away from that the listener still serves: taken off it (under the lock,
        /// after the app's rule no longer routes their host) before cleanup deletes them, which AWS refuses while they are in use.
        /// </summary>
        public static IReadOnlyList<DiscoveredExtra> CertificatesLeft(ListenerRoutes routes, IEnumerable<DiscoveredExtra> extras) =>
            extras.Where(e => e.Kind == ExtraKind.Certificate && e.LeftBecause == null && routes.Serves(e.Id)).ToList();

        /// <summary>Carries out <paramref name="plan"/>: certificate, room for the rule, then the rule. Returns what was done.</summary>
        public async Task<IReadOnlyList<string>> ApplyAsync(string listenerArn, RoutePlan plan, IDictionary<string, string> tags, CancellationToken ct)
        {
            var done = new List<string>();
            // The certificate first: the rule must not send a host to the listener before its certificate is served.
            if (plan.AddCertificate)
            {
                await _aws.SendAsync(new Elb.AddListenerCertificatesRequest
                {
                    ListenerArn = listenerArn,
                    Certificates = new List<Elb.Certificate> { new Elb.Certificate { CertificateArn = plan.CertificateArn } },
                }, ct).ConfigureAwait(false);
                done.Add("Added the certificate to the HTTPS listener");
            }
            var priorities = plan.Moves.Select(m => new Elb.RulePriorityPair { RuleArn = m.RuleArn, Priority = m.To }).ToList();
            if (plan.Existing != null && plan.Existing.Placed.Priority != plan.Placement.Priority)
                priorities.Add(new Elb.RulePriorityPair { RuleArn = plan.Existing.RuleArn, Priority = plan.Placement.Priority });
            if (priorities.Count > 0)
            {
                // One call: AWS checks the new order as a whole, so rules can swap places.
                await _aws.SendAsync(new Elb.SetRulePrioritiesRequest { RulePriorities = priorities }, ct).ConfigureAwait(false);
                done.Add($"Listener rule priorities: {string.Join(", ", priorities.Select(p => p.Priority))}");
            }
            if (plan.Existing == null)
            {
                await _aws.SendAsync(new Elb.CreateRuleRequest
                {
                    ListenerArn = listenerArn,
                    Priority = plan.Placement.Priority,
                    Conditions = Conditions(plan.Route),
                    Actions = Forward(plan.TargetGroupArn, plan.OtherTargetGroupArn),
                    Tags = tags.Select(t => new Elb.Tag { Key = t.Key, Value = t.Value }).ToList(),
                }, ct).ConfigureAwait(false);
                done.Add($"Created listener rule {plan.Route} (priority {plan.Placement.Priority})");
            }
            else if (plan.ConditionsChange || plan.MissingTargetGroupArn != null)
            {
                var missing = plan.MissingTargetGroupArn;
                await _aws.SendAsync(new Elb.ModifyRuleRequest
                {
                    RuleArn = plan.Existing.RuleArn,
                    Conditions = plan.ConditionsChange ? Conditions(plan.Route) : null,
                    // Left out, the actions stay as ECS set them (ModifyRule replaces only what it is given); a missing group of
                    // the app's joins at weight 0 beside ECS's weights.
                    Actions = !plan.Existing.ForwardsOnlyTo(plan.Route.App, plan.TargetGroupArn) ? Forward(plan.TargetGroupArn, plan.OtherTargetGroupArn)
                        : missing != null ? Weighted((plan.Existing.Forwards.Count == 1 ? new[] { (plan.Existing.TargetGroupArn, 100) } : plan.Existing.Forwards).Append((missing, 0)))
                        : null,
                }, ct).ConfigureAwait(false);
                done.Add(plan.ConditionsChange ? $"Listener rule: {plan.Route}"
                    : $"Listener rule {plan.Route}: added target group {ListenerRoutes.TargetGroupName(missing!)} at weight 0");
            }
            return done;
        }

        /// <summary>
        /// Takes <paramref name="app"/> off the listener: its rules (production and test), and its certificate when no other app is served by it
        /// (<paramref name="certificateInUse"/>). A default certificate is handed over to another app's served certificate, since
        /// a listener always has one (that certificate stays in the SNI list too); the last app's default certificate stays
        /// with the listener. Returns what was done.
        /// </summary>
        public async Task<IReadOnlyList<string>> RemoveAsync(ListenerRoutes current, string app, string? certificateArn, bool certificateInUse,
            CancellationToken ct)
        {
            var done = new List<string>();
            // The test rule first (it sends some requests to the app's target groups too), then the production rule.
            if (current.TestRules.TryGetValue(app, out var test))
            {
                await AwsCalls.Tolerate(() => _aws.SendAsync(new Elb.DeleteRuleRequest { RuleArn = test.RuleArn }, ct), "RuleNotFound").ConfigureAwait(false);
                done.Add($"Deleted test listener rule {test.Placed.Route} ({test.Header})");
            }
            if (current.Apps.TryGetValue(app, out var rule))
            {
                await AwsCalls.Tolerate(() => _aws.SendAsync(new Elb.DeleteRuleRequest { RuleArn = rule.RuleArn }, ct), "RuleNotFound").ConfigureAwait(false);
                done.Add($"Deleted listener rule {rule.Placed.Route}");
            }
            if (certificateArn == null || certificateInUse) return done;
            done.AddRange(await RemoveCertificateAsync(current, certificateArn, ct).ConfigureAwait(false));
            return done;
        }

        /// <summary>
        /// Stops serving one of the app's certificates (as it leaves, or of a domain it moved away from), so that it can be
        /// deleted: an SNI certificate is removed; the default one is handed over to another served certificate (the last
        /// one stays with the listener). Returns what was done.
        /// </summary>
        public async Task<IReadOnlyList<string>> RemoveCertificateAsync(ListenerRoutes current, string certificateArn, CancellationToken ct)
        {
            var done = new List<string>();
            if (current.ExtraCertificateArns.Contains(certificateArn))
            {
                await _aws.SendAsync(new Elb.RemoveListenerCertificatesRequest
                {
                    ListenerArn = current.ListenerArn,
                    Certificates = new List<Elb.Certificate> { new Elb.Certificate { CertificateArn = certificateArn } },
                }, ct).ConfigureAwait(false);
                done.Add("Removed the certificate from the HTTPS listener");
            }
            else if (certificateArn == current.DefaultCertificateArn)
            {
                var successor = current.ExtraCertificateArns.FirstOrDefault();
                if (successor == null) return done;
                await _aws.SendAsync(new Elb.ModifyListenerRequest
                {
                    ListenerArn = current.ListenerArn,
                    Certificates = new List<Elb.Certificate> { new Elb.Certificate { CertificateArn = successor } },
                }, ct).ConfigureAwait(false);
                done.Add("The HTTPS listener's default certificate is now " + successor);
                // AWS keeps the SNI list apart from the default certificate (ModifyListener replaces the default only);
                // moto replaces the whole list. Read it back and serve again whatever the other apps still need.
                var now = await ListenerRoutes.ReadAsync(_aws, current.ListenerArn, ct).ConfigureAwait(false);
                var lost = current.ExtraCertificateArns.Where(a => a != successor && !now.Serves(a)).ToList();
                if (lost.Count > 0)
                    await _aws.SendAsync(new Elb.AddListenerCertificatesRequest
                    {
                        ListenerArn = current.ListenerArn,
                        Certificates = lost.Select(a => new Elb.Certificate { CertificateArn = a }).ToList(),
                    }, ct).ConfigureAwait(false);
            }
            return done;
        }

        internal static List<Elb.RuleCondition> Conditions(AppRoute route)
        {
            var conditions = new List<Elb.RuleCondition>
            {
                new Elb.RuleCondition { Field = "host-header", HostHeaderConfig = new Elb.HostHeaderConditionConfig { Values = new List<string> { route.Host } } },
            };
            if (route.Paths.Count > 0)
                conditions.Add(new Elb.RuleCondition { Field = "path-pattern", PathPatternConfig = new Elb.PathPatternConditionConfig { Values = route.Paths.ToList() } });
            return conditions;
        }

        /// <summary>
        /// A forward to <paramref name="targetGroupArn"/>; with <paramref name="otherTargetGroupArn"/> (a blue/green-family app's
        /// other group) a forward config carrying both, all traffic to the first (weights 100 and 0), for ECS to shift.
        /// </summary>
        internal static List<Elb.ListenerAction> Forward(string targetGroupArn, string? otherTargetGroupArn = null) =>
            otherTargetGroupArn == null || otherTargetGroupArn == targetGroupArn
                ? new List<Elb.ListenerAction> { new Elb.ListenerAction { Type = "forward", TargetGroupArn = targetGroupArn } }
                : Weighted(new[] { (targetGroupArn, 100), (otherTargetGroupArn, 0) });

        private static List<Elb.ListenerAction> Weighted(IEnumerable<(string Arn, int Weight)> groups) =>
            new List<Elb.ListenerAction>
            {
                new Elb.ListenerAction
                {
                    Type = "forward",
                    ForwardConfig = new Elb.ForwardActionConfig
                    {
                        TargetGroups = groups.Select(g => new Elb.TargetGroupTuple { TargetGroupArn = g.Arn, Weight = g.Weight }).ToList(),
                    },
                },
            };
    }
}
