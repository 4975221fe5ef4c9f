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
    /// first match, so a more specific path must come first: a rule with a path that a path of another rule on the host covers
    /// (matches every request it matches) goes before that rule; apart from that, rules are kept in order of
    /// <see cref="AppRoute.Specificity"/> (most specific first, then by app name). Gaps of <see cref="Step"/> let a new rule
    /// usually fit between two others without moving them. Rules that no order serves (each covers a path of the other) are
    /// refused. Pure: the caller holds the endpoint's lock while it reads the rules and applies the placement, so priorities
    /// never collide.
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
            var sameHost = InOrder(others.Where(r => r.Route.Host == route.Host).Select(r => r.Route).Append(route).ToList(), route);
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
            var order = InOrder(others.Select(r => r.Route).Append(route).ToList(), route);
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
        /// <paramref name="routes"/> in the order the listener must try them: a rule goes after every rule of its host with a
        /// path that one of its paths covers; otherwise by <see cref="Ordering"/>. Throws RouteConflict when no order puts
        /// <paramref name="route"/> right with every rule of its host.
        /// </summary>
        private static List<AppRoute> InOrder(IReadOnlyList<AppRoute> routes, AppRoute route)
        {
            var left = routes.OrderBy(r => r, Ordering).ToList();
            // Only rules of one host can match the same request.
            var before = left.ToDictionary(r => r, r => left.Where(o => o != r && o.Host == r.Host && MustPrecede(o, r)).ToList());
            var order = new List<AppRoute>();
            while (left.Count > 0)
            {
                // A cycle among the other rules alone is broken by Ordering; one through the route is refused below.
                var next = left.FirstOrDefault(r => before[r].All(order.Contains)) ?? left[0];
                order.Add(next);
                left.Remove(next);
            }
            // A cycle through the route (it must come before a rule that must, through others, come before it): no order serves it.
            var reached = new HashSet<AppRoute>();
            var queue = new Queue<AppRoute>(new[] { route });
            while (queue.Count > 0)
            {
                var r = queue.Dequeue();
                foreach (var later in routes.Where(x => before[x].Contains(r) && reached.Add(x))) queue.Enqueue(later);
            }
            var wrong = before[route].FirstOrDefault(reached.Contains);
            if (wrong != null) throw Conflict(route, wrong, "with the other rules of the host, no order lets every more specific path win");
            return order;
        }

        /// <summary>Whether rule <paramref name="a"/> must be tried before <paramref name="b"/>: one of b's paths covers one of a's.</summary>
        private static bool MustPrecede(AppRoute a, AppRoute b) => Shadowed(a, b) != null;

        /// <summary>A path of <paramref name="a"/> and the path of <paramref name="b"/> that covers it, or null.</summary>
        private static (string Path, string By)? Shadowed(AppRoute a, AppRoute b)
        {
            foreach (var path in EffectivePaths(a))
                foreach (var by in EffectivePaths(b))
                    if (Covers(by, path)) return (path, by);
            return null;
        }

        /// <summary>A whole-host rule matches every path.</summary>
        private static IReadOnlyList<string> EffectivePaths(AppRoute route) => route.IsWholeHost ? new[] { "*" } : route.Paths;

        /// <summary>
        /// Whether the path pattern <paramref name="pattern"/> matches every path <paramref name="other"/> matches (* any
        /// characters, ? one character, as the load balancer matches them).
        /// </summary>
        internal static bool Covers(string pattern, string other)
        {
            var memo = new Dictionary<(int, int), bool>();
            bool From(int i, int j)
            {
                if (memo.TryGetValue((i, j), out var known)) return known;
                bool result;
                if (i == pattern.Length) result = j == other.Length;
                else if (pattern[i] == '*') result = From(i + 1, j) || j < other.Length && From(i, j + 1);
                else if (j == other.Length) result = false;
                else if (pattern[i] == '?') result = other[j] != '*' && From(i + 1, j + 1);
                else result = other[j] == pattern[i] && From(i + 1, j + 1);
                return memo[(i, j)] = result;
            }
            return From(0, 0);
        }

        /// <summary>
        /// Refuses a route that no order of rules serves together with another app's rule on its host: the same path, both
        /// taking the whole host, or each covering a path of the other (['/a/b/*','/z*'] beside ['/a/*','/z/y/*']), since
        /// whichever comes first hides a more specific path of the other.
        /// </summary>
        public static void RequireNoConflict(AppRoute route, IEnumerable<PlacedRule> rules)
        {
            foreach (var other in rules.Select(r => r.Route).Where(r => r.App != route.App && r.Host == route.Host))
            {
                var mine = Shadowed(route, other);
                var theirs = Shadowed(other, route);
                if (mine == null || theirs == null) continue;
                var shared = route.Paths.Intersect(other.Paths, StringComparer.Ordinal).FirstOrDefault();
                var why = route.IsWholeHost && other.IsWholeHost ? "both take every path of the host"
                    : shared != null ? $"both route path '{shared}'"
                    : $"'{other.App}' covers '{mine.Value.Path}' with '{mine.Value.By}' and '{route.App}' covers '{theirs.Value.Path}' " +
                      $"with '{theirs.Value.By}', so whichever is tried first hides a more specific path of the other";
                throw Conflict(route, other, why);
            }
        }

        private static AoEcsException Conflict(AppRoute route, AppRoute other, string why) =>
            new AoEcsException(EndpointErrorIds.RouteConflict, AoErrorKind.ResourceExists,
                $"App '{route.App}' ({route}) would shadow app '{other.App}' ({other}) on the endpoint: {why}. " +
                "Give one of them a different -PathPattern or -DomainName.", route.App);

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
