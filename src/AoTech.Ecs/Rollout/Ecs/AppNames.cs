using System.Text.RegularExpressions;
using AoTech.Ecs.Errors;

namespace AoTech.Ecs.Rollout
{
    /// <summary>
    /// The stack's deterministic names of the resources a rollout touches. They must stay identical to
    /// Stack/StackNames (cluster, service and task family "aotech-&lt;app&gt;", Auto Scaling group
    /// "aotech-&lt;app&gt;-asg"); once both live on one branch this delegates to StackNames.
    /// </summary>
    internal sealed class AppNames
    {
        private const string Prefix = "aotech-";

        private AppNames(string app) { App = app; }

        public static AppNames For(string? app)
        {
            if (string.IsNullOrEmpty(app) || !Regex.IsMatch(app, "^[a-z]([a-z0-9]|-(?!-))*$") || app!.EndsWith("-"))
                throw new AoEcsException("InvalidAppName", AoErrorKind.InvalidArgument,
                    $"App name '{app}' must start with a lower-case letter and contain only lower-case letters, digits and single hyphens, not ending with a hyphen.",
                    app);
            return new AppNames(app);
        }

        public string App { get; }
        public string Cluster => Prefix + App;
        public string Service => Prefix + App;
        public string TaskFamily => Prefix + App;
        public string AutoScalingGroup => Prefix + App + "-asg";
    }
}
