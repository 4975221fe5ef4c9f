using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack.Converge;
using AoTech.Ecs.Stack.Endpoints;
using AoTech.Ecs.Stack.Planning;
using Elb = AoTech.Ecs.Aws.Services.Elb;

namespace AoTech.Ecs.Stack.Deployments
{
    /// <summary>
    /// The optional test listener rule (-TestTrafficHeader): the app's host/path conditions and the header, at a priority just
    /// before the production rule, so a request with the header reaches the green target group while ECS tests it
    /// (TEST_TRAFFIC_SHIFT) and every other request the production rule. ECS moves its forward action as it moves the
    /// production rule's; the stack sets it only when it makes the rule. Plans are pure.
    /// </summary>
    public sealed class TestRulePlan
    {
        internal TestRulePlan(AppRoute route, TestTrafficHeader? header, AppRule? existing, int? priority, string targetGroupArn)
        {
            Route = route;
            Header = header;
            Existing = existing;
            Priority = priority;
            TargetGroupArn = targetGroupArn;
        }

        public AppRoute Route { get; }
        /// <summary>The header asked for; null: no test rule (an existing one goes).</summary>
        public TestTrafficHeader? Header { get; }
        public AppRule? Existing { get; }
        /// <summary>Where the rule goes (null when it goes away or stays where it is).</summary>
        public int? Priority { get; }
        public string TargetGroupArn { get; }

        public bool ConditionsChange => Existing != null && Header != null && (!Equals(Existing.Header, Header) ||
            Existing.Placed.Route.Host != Route.Host || !Existing.Placed.Route.Paths.SequenceEqual(Route.Paths, StringComparer.Ordinal));

        public PlanAction Action => Header == null ? (Existing == null ? PlanAction.Keep : PlanAction.Delete)
            : Existing == null ? PlanAction.Create
            : ConditionsChange || Priority != null && Priority != Existing.Placed.Priority ? PlanAction.Change : PlanAction.Keep;

        /// <summary>What -WhatIf shows; empty when the rule is as asked.</summary>
        public IReadOnlyList<string> Steps
        {
            get
            {
                var steps = new List<string>();
                if (Action == PlanAction.Delete) steps.Add($"Delete test listener rule {Existing!.Placed.Route} ({Existing.Header})");
                else if (Action == PlanAction.Create) steps.Add($"Create test listener rule {Route} with header {Header} at priority {Priority}");
                else if (Action == PlanAction.Change)
                {
                    if (ConditionsChange) steps.Add($"Change test listener rule -> {Route} with header {Header}");
                    if (Priority != null && Priority != Existing!.Placed.Priority) steps.Add($"Move test listener rule priority {Existing.Placed.Priority} -> {Priority}");
                }
                return steps;
            }
        }

        /// <summary>
        /// The plan for the app's test rule: <paramref name="productionPriority"/> is where the production rule is (or goes);
        /// null when it is not known yet (a new listener), then the rule goes just before the first free priority after every rule.
        /// </summary>
        public static TestRulePlan Plan(ListenerRoutes current, AppRoute route, TestTrafficHeader? header, int productionPriority, string targetGroupArn)
        {
            var existing = current.TestRuleOf(route.App);
            if (header == null) return new TestRulePlan(route, null, existing, null, targetGroupArn);
            // A rule before the production rule stays where it is.
            if (existing != null && existing.Placed.Priority < productionPriority)
                return new TestRulePlan(route, header, existing, existing.Placed.Priority, targetGroupArn);
            var priority = FreePriorityBefore(current, existing, productionPriority) ?? throw new AoEcsException(EndpointErrorIds.NoRulePriorityLeft, AoErrorKind.LimitsExceeded,
                $"There is no free listener rule priority just before app '{route.App}''s rule ({productionPriority}) for its test listener rule; " +
                "remove -TestTrafficHeader, or free a priority below the app's rule.", route.App);
            return new TestRulePlan(route, header, existing, priority, targetGroupArn);
        }

        /// <summary>The highest priority below the production rule that no other rule takes, above every other rule below it.</summary>
        private static int? FreePriorityBefore(ListenerRoutes current, AppRule? own, int productionPriority)
        {
            var taken = new HashSet<int>(current.Apps.Values.Select(a => a.Placed.Priority).Concat(current.OtherPriorities));
            if (own != null) taken.Remove(own.Placed.Priority);
            var below = taken.Where(p => p < productionPriority).DefaultIfEmpty(EndpointQuotas.MinPriority - 1).Max();
            return productionPriority - 1 > below ? productionPriority - 1 : (int?)null;
        }

        /// <summary>Carries the plan out on <paramref name="listenerArn"/>; returns the test rule's ARN (null when there is none) and what was done.</summary>
        public async Task<(string? RuleArn, IReadOnlyList<string> Done)> ApplyAsync(AwsConnection aws, string listenerArn, IDictionary<string, string> tags,
            CancellationToken ct)
        {
            var done = new List<string>();
            switch (Action)
            {
                case PlanAction.Delete:
                    await AwsCalls.Tolerate(() => aws.SendAsync(new Elb.DeleteRuleRequest { RuleArn = Existing!.RuleArn }, ct), "RuleNotFound").ConfigureAwait(false);
                    done.Add($"Deleted test listener rule {Existing!.Placed.Route}");
                    return (null, done);
                case PlanAction.Create:
                    var created = await aws.SendAsync(new Elb.CreateRuleRequest
                    {
                        ListenerArn = listenerArn,
                        Priority = Priority,
                        Conditions = Conditions(),
                        Actions = RouteConverger.Forward(TargetGroupArn),
                        Tags = tags.Select(t => new Elb.Tag { Key = t.Key, Value = t.Value }).ToList(),
                    }, ct).ConfigureAwait(false);
                    done.Add($"Created test listener rule {Route} with header {Header} (priority {Priority})");
                    return (created.Rules.OrEmpty().FirstOrDefault()?.RuleArn, done);
                case PlanAction.Change:
                    if (Priority != null && Priority != Existing!.Placed.Priority)
                    {
                        await aws.SendAsync(new Elb.SetRulePrioritiesRequest
                        {
                            RulePriorities = new List<Elb.RulePriorityPair> { new Elb.RulePriorityPair { RuleArn = Existing.RuleArn, Priority = Priority } },
                        }, ct).ConfigureAwait(false);
                        done.Add($"Test listener rule priority {Existing.Placed.Priority} -> {Priority}");
                    }
                    if (ConditionsChange)
                    {
                        // Only the conditions: the forward action is ECS's to move.
                        await aws.SendAsync(new Elb.ModifyRuleRequest { RuleArn = Existing!.RuleArn, Conditions = Conditions() }, ct).ConfigureAwait(false);
                        done.Add($"Test listener rule: {Route} with header {Header}");
                    }
                    return (Existing!.RuleArn, done);
                default:
                    return (Existing?.RuleArn, done);
            }
        }

        private List<Elb.RuleCondition> Conditions()
        {
            var conditions = RouteConverger.Conditions(Route);
            conditions.Add(new Elb.RuleCondition
            {
                Field = "http-header",
                HttpHeaderConfig = new Elb.HttpHeaderConditionConfig { HttpHeaderName = Header!.Name, Values = new List<string> { Header.Value } },
            });
            return conditions;
        }
    }
}
