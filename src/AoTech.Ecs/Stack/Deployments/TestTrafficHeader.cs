using System;
using System.Linq;
using System.Text.RegularExpressions;
using AoTech.Ecs.Errors;

namespace AoTech.Ecs.Stack.Deployments
{
    /// <summary>
    /// -TestTrafficHeader 'Name: value': the HTTP header that sends a request to the green target group while ECS tests it
    /// (the test listener rule: the app's host/path conditions and this header).
    /// </summary>
    public sealed class TestTrafficHeader : IEquatable<TestTrafficHeader>
    {
        // "Condition types for listener rules", HTTP header conditions: a name of up to 40 characters (an RFC 7230 token; the
        // host header has a condition of its own), values of up to 128 characters with the wildcards * and ?
        // (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html).
        public const int MaxNameLength = 40;
        public const int MaxValueLength = 128;

        public TestTrafficHeader(string name, string value)
        {
            Name = name;
            Value = value;
        }

        public string Name { get; }
        public string Value { get; }

        /// <summary>Parses 'Name: value'; throws InvalidTestTrafficHeader (nothing changed).</summary>
        public static TestTrafficHeader Parse(string text)
        {
            var colon = text.IndexOf(':');
            var name = colon < 0 ? text.Trim() : text.Substring(0, colon).Trim();
            var value = colon < 0 ? "" : text.Substring(colon + 1).Trim();
            if (name.Length == 0 || name.Length > MaxNameLength || !Regex.IsMatch(name, @"^[A-Za-z0-9!#$%&'*+.^_`|~-]+$") ||
                string.Equals(name, "host", StringComparison.OrdinalIgnoreCase))
                throw Invalid(text, $"the header name must be 1-{MaxNameLength} characters of an HTTP token and not Host");
            if (value.Length == 0 || value.Length > MaxValueLength || value.Any(char.IsControl))
                throw Invalid(text, $"the value must be 1-{MaxValueLength} printable characters");
            return new TestTrafficHeader(name, value);
        }

        private static AoEcsException Invalid(string text, string why) =>
            new AoEcsException(DeploymentErrorIds.InvalidTestTrafficHeader, AoErrorKind.InvalidArgument,
                $"-TestTrafficHeader '{text}' must be 'Name: value' ({why}), e.g. 'X-Test: green'.", text);

        // Header names match case-insensitively; values as the load balancer compares them (case-insensitively too).
        public bool Equals(TestTrafficHeader? other) => other != null &&
            string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase) && string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

        public override bool Equals(object? obj) => Equals(obj as TestTrafficHeader);

        public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Name);

        public override string ToString() => Name + ": " + Value;
    }
}
