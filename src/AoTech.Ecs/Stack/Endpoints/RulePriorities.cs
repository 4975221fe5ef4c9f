using System;
using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Errors;

namespace AoTech.Ecs.Stack.Endpoints
{
    /// <summary>Where an app's listener rule goes, and which other rules move to make room (one SetRulePriorities call).</summary>
    public sealed class RulePlacement
    {
        internal RulePlacement(int priority, IReadOnlyList<(string App, int From, int To)> moves)
        {
            Priority = priority;
            Moves = moves;
        }

        /// <summary>The app's rule priority (its current one when it need not move).</summary>
        public int Priority { get; }
        /// <summary>Other apps' rules whose priority changes; empty in the usual case.</summary>
        public IReadOnlyList<(string App, int From, int To)> Moves { get; }
    }

    /// <summary>
    /// The order of the apps' listener rules on an endpoint. The load balancer tries rules by ascending priority and takes the
    /// first match, so a more specific path must come first: rules are kept in order of <see cref="AppRoute.Specificity"/>
    /// (most specific first, then by app name), with gaps of <see cref="Step"/> so that a new rule usually fits between
    /// two others without moving them. Rules that would shadow each other are refused. Pure: the caller holds the
    /// endpoint's lock while it reads the rules and applies the placement, so priorities never collide.
    /// </summary>
    public static class RulePriorities
    {
        public const int Step = 100;

        /// <summary>
        /// Places <paramref name="route"/> among <paramref name="rules"/> (every app rule on the listener, the app's own
        /// included when it exists); <paramref name="otherPriorities"/> are priorities of rules not made by AoTech.Ecs,
        /// which are left where they are. Throws RouteConflict or NoRulePriorityLeft.
        /// </summary>
        public static RulePlacement Place(AppRoute route, IReadOnlyList<PlacedRule> rules, IEnumerable<int>? otherPriorities = null)
        {
            RequireNoConflict(route, rules);
            var own = rules.FirstOrDefault(r => r.Route.App == route.App);
            var others = rules.Where(r => r.Route.App != route.App).ToList();
            var byApp = others.ToDictionary(r => r.Route.App, r => r.Priority, StringComparer.Ordinal);
            // Only rules of one host can match the same request, so only their order matters.
            var sameHost = others.Where(r => r.Route.Host == route.Host).Select(r => r.Route).Append(route).OrderBy(r => r, Ordering).ToList();
            var index = sameHost.IndexOf(route);
            if (IsIncreasing(sameHost.Where(r => r != route).Select(r => byApp[r.App]).ToList()))
            {
                var before = sameHost.Take(index).Select(r => byApp[r.App]).DefaultIfEmpty(EndpointQuotas.MinPriority - 1).Max();
                var after = sameHost.Skip(index + 1).Select(r => byApp[r.App]).DefaultIfEmpty(EndpointQuotas.MaxPriority + 1).Min();
                if (own != null && own.Priority > before && own.Priority < after)
                    return new RulePlacement(own.Priority, new List<(string, int, int)>());
                var taken = new HashSet<int>((otherPriorities ?? Enumerable.Empty<int>()).Concat(byApp.Values));
                // A new rule goes after every rule when it can (the usual case: a step after the last one).
                var last = taken.DefaultIfEmpty(EndpointQuotas.MinPriority - 1).Max();
                var gap = last >= before && last < after ? Gap(last, after, taken) : null;
                gap ??= Gap(before, after, taken);
                if (gap != null) return new RulePlacement(gap.Value, new List<(string, int, int)>());
            }
            var order = others.Select(r => r.Route).Append(route).OrderBy(r => r, Ordering).ToList();
            // New priorities avoid every current one too: moto checks each new priority against the rules as they are,
            // though AWS checks only the new order (SetRulePriorities), and a renumbering is rare enough to move all.
            var avoid = (otherPriorities ?? Enumerable.Empty<int>()).Concat(byApp.Values);
            if (own != null) avoid = avoid.Append(own.Priority);
            return Renumber(route, order, byApp, new HashSet<int>(avoid));
        }

        /// <summary>Most specific first; equal specificity by app name, so every run computes the same order.</summary>
        private static readonly IComparer<AppRoute> Ordering = Comparer<AppRoute>.Create((a, b) =>
        {
            var sa = a.Specificity;
            var sb = b.Specificity;
            if (sa.Literals != sb.Literals) return sb.Literals.CompareTo(sa.Literals);
            if (sa.Wildcards != sb.Wildcards) return sa.Wildcards.CompareTo(sb.Wildcards);
            return string.CompareOrdinal(a.App, b.App);
        });

        /// <summary>
        /// Refuses a route that another app's rule would shadow or be shadowed by: the same host with the same path, or
        /// both taking the whole host.
        /// </summary>
        public static void RequireNoConflict(AppRoute route, IEnumerable<PlacedRule> rules)
        {
            foreach (var other in rules.Select(r => r.Route).Where(r => r.App != route.App && r.Host == route.Host))
            {
                string? why = null;
                if (route.IsWholeHost && other.IsWholeHost) why = "both take every path of the host";
                else
                {
                    var shared = route.Paths.Intersect(other.Paths, StringComparer.Ordinal).FirstOrDefault();
                    if (shared != null) why = $"both route path '{shared}'";
                }
                if (why != null)
                    throw new AoEcsException(EndpointErrorIds.RouteConflict, AoErrorKind.ResourceExists,
                        $"App '{route.App}' ({route}) would shadow app '{other.App}' ({other}) on the endpoint: {why}. " +
                        "Give one of them a different -PathPattern or -DomainName.", route.App);
            }
        }

        private static bool IsIncreasing(IReadOnlyList<int> priorities)
        {
            for (var i = 1; i < priorities.Count; i++)
                if (priorities[i] <= priorities[i - 1]) return false;
            return true;
        }

        /// <summary>A free priority strictly between two: a step after the last rule, else the middle of the gap.</summary>
        private static int? Gap(int before, int after, ISet<int> taken)
        {
            var candidates = new List<int>();
            if (after > EndpointQuotas.MaxPriority) candidates.Add(before + Step);
            candidates.Add(before + (after - before) / 2);
            for (var p = before + 1; p < after && candidates.Count < 8; p++) candidates.Add(p);
            foreach (var p in candidates)
                if (p > before && p < after && p >= EndpointQuotas.MinPriority && p <= EndpointQuotas.MaxPriority && !taken.Contains(p))
                    return p;
            return null;
        }

        /// <summary>Every app rule anew at multiples of <see cref="Step"/> (or of 1 when they do not fit), skipping others' priorities.</summary>
        private static RulePlacement Renumber(AppRoute route, IReadOnlyList<AppRoute> order, IDictionary<string, int> byApp, ISet<int> taken)
        {
            var step = (order.Count + taken.Count + 1) * Step <= EndpointQuotas.MaxPriority ? Step : 1;
            var moves = new List<(string, int, int)>();
            var next = 0;
            var mine = 0;
            foreach (var r in order)
            {
                do next += step; while (taken.Contains(next));
                if (next > EndpointQuotas.MaxPriority)
                    throw new AoEcsException(EndpointErrorIds.NoRulePriorityLeft, AoErrorKind.LimitsExceeded,
                        $"No listener rule priority between {EndpointQuotas.MinPriority} and {EndpointQuotas.MaxPriority} is left for app '{route.App}'.", route.App);
                if (r == route) mine = next;
                else if (byApp[r.App] != next) moves.Add((r.App, byApp[r.App], next));
            }
            return new RulePlacement(mine, moves);
        }
    }
}
