using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using AoTech.Ecs.Errors;

namespace AoTech.Ecs.Stack.Endpoints
{
    /// <summary>
    /// What one app on an endpoint answers: its host (-DomainName) and, optionally, path patterns (-PathPattern). No path
    /// pattern, or a pattern that matches every path ("/*", "*"), means the whole host.
    /// </summary>
    public sealed class AppRoute
    {
        /// <summary>The load balancer's limit on one path pattern (CreateRule, PathPatternConditionConfig).</summary>
        public const int MaxPathPatternLength = 128;

        public AppRoute(string app, string host, IEnumerable<string>? paths = null)
        {
            App = app;
            Host = host.TrimEnd('.').ToLowerInvariant();
            Paths = (paths ?? Enumerable.Empty<string>()).Distinct(StringComparer.Ordinal).ToList();
        }

        public string App { get; }
        /// <summary>Lower case, no trailing dot: host headers match case-insensitively.</summary>
        public string Host { get; }
        /// <summary>Case-sensitive, as the load balancer matches them.</summary>
        public IReadOnlyList<string> Paths { get; }

        /// <summary>Whether the rule takes every path of its host.</summary>
        public bool IsWholeHost => Paths.Count == 0 || Paths.Any(IsCatchAll);

        /// <summary>Host and path values of the rule (the quota counts them per rule).</summary>
        public int ConditionValues => 1 + Paths.Count;

        /// <summary>
        /// How specific the rule is, where no path of one rule covers a path of the other (see RulePriorities): the least
        /// specific of its paths decides (a rule is tried as a whole), and a path is more
        /// specific the more literal characters it has, then the fewer wildcards. A whole-host rule is least specific.
        /// </summary>
        public (int Literals, int Wildcards) Specificity =>
            IsWholeHost ? (-1, 0) : Paths.Select(PathSpecificity).OrderBy(s => s.Literals).ThenByDescending(s => s.Wildcards).First();

        private static (int Literals, int Wildcards) PathSpecificity(string path)
        {
            var wildcards = path.Count(c => c == '*' || c == '?');
            return (path.Length - wildcards, wildcards);
        }

        private static bool IsCatchAll(string path) => path.Trim('/', '*').Length == 0 && path.Contains("*");

        /// <summary>
        /// Path values one path-pattern condition takes, and wildcards one rule takes ("Condition types for listener rules",
        /// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html: up to three match
        /// evaluations per condition, five per rule, five wildcards per rule). The host is one more value, without wildcards.
        /// </summary>
        public const int MaxPathPatterns = 3;
        public const int MaxWildcardsPerRule = 5;

        /// <summary>
        /// Checks -PathPattern values as the load balancer takes them (same page, "Path conditions"): each starting with '/',
        /// at most 128 characters of A-Z a-z 0-9 _ - . $ / ~ " ' @ : + &amp; and the wildcards * and ?; throws InvalidPathPattern.
        /// At most <see cref="MaxPathPatterns"/> different values with <see cref="MaxWildcardsPerRule"/> wildcards in all, so the
        /// rule stays within its quota of condition values; throws TooManyConditionValues. Nothing is changed before this.
        /// </summary>
        public static void ValidatePaths(IEnumerable<string>? paths)
        {
            var distinct = (paths ?? Enumerable.Empty<string>()).Distinct(StringComparer.Ordinal).ToList();
            foreach (var path in distinct)
            {
                if (string.IsNullOrEmpty(path) || path[0] != '/' || path.Length > MaxPathPatternLength ||
                    !Regex.IsMatch(path, @"^[A-Za-z0-9_\-.$/~""'@:+&*?]+$"))
                    throw new AoEcsException(EndpointErrorIds.InvalidPathPattern, AoErrorKind.InvalidArgument,
                        $"-PathPattern '{path}' must start with '/' and have at most {MaxPathPatternLength} characters of " +
                        "A-Z a-z 0-9 _ - . $ / ~ \" ' @ : + & and the wildcards * and ?.", path);
            }
            var wildcards = distinct.Sum(p => p.Count(c => c == '*' || c == '?'));
            if (distinct.Count > MaxPathPatterns || wildcards > MaxWildcardsPerRule)
                throw new AoEcsException(EndpointErrorIds.TooManyConditionValues, AoErrorKind.InvalidArgument,
                    $"-PathPattern has {distinct.Count} values with {wildcards} wildcards; a listener rule takes at most {MaxPathPatterns} " +
                    $"path values (besides its host: {EndpointQuotas.ConditionValuesPerRule} values in all) and {MaxWildcardsPerRule} wildcards. " +
                    "Route fewer paths, or put the app's paths under one prefix ('/api/*').", string.Join(",", distinct));
        }

        public override string ToString() => Paths.Count == 0 ? Host : Host + " " + string.Join(",", Paths);
    }

    /// <summary>A listener rule that exists on the endpoint's HTTPS listener: whose, what it routes, at which priority.</summary>
    public sealed class PlacedRule
    {
        public PlacedRule(AppRoute route, int priority)
        {
            Route = route;
            Priority = priority;
        }

        public AppRoute Route { get; }
        public int Priority { get; }
    }
}
