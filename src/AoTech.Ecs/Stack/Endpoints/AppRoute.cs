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
        /// How specific the rule is: the least specific of its paths decides (a rule is tried as a whole), and a path is more
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
        /// Checks -PathPattern values as the load balancer takes them: starting with '/', at most 128 characters of
        /// A-Z a-z 0-9 _ - . $ / ~ " ' @ : + &amp; and the wildcards * and ? (PathPatternConditionConfig). Throws InvalidPathPattern.
        /// </summary>
        public static void ValidatePaths(IEnumerable<string>? paths)
        {
            foreach (var path in paths ?? Enumerable.Empty<string>())
            {
                if (string.IsNullOrEmpty(path) || path[0] != '/' || path.Length > MaxPathPatternLength ||
                    !Regex.IsMatch(path, @"^[A-Za-z0-9_\-.$/~""'@:+&*?]+$"))
                    throw new AoEcsException(EndpointErrorIds.InvalidPathPattern, AoErrorKind.InvalidArgument,
                        $"-PathPattern '{path}' must start with '/' and have at most {MaxPathPatternLength} characters of " +
                        "A-Z a-z 0-9 _ - . $ / ~ \" ' @ : + & and the wildcards * and ?.", path);
            }
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
