namespace AoTech.Ecs.Rollout
{
    /// <summary>
    /// The stack's deterministic names of the resources a rollout touches. They must stay identical to
    /// Stack/StackNames (cluster, service and task family "aotech-&lt;app&gt;", Auto Scaling group
    /// "aotech-&lt;app&gt;-asg"); app names are checked by StackNames.ValidateAppName.
    /// </summary>
    internal sealed class AppNames
    {
        private const string Prefix = "aotech-";

        private AppNames(string app) { App = app; }

        public static AppNames For(string? app)
        {
            // The stack's rule (pattern and length): a name the stack cannot build is NameTooLong here too, not a
            // "service not found" after a round of calls.
            Stack.StackNames.ValidateAppName(app);
            return new AppNames(app!);
        }

        public string App { get; }
        public string Cluster => Prefix + App;
        public string Service => Prefix + App;
        public string TaskFamily => Prefix + App;
        public string AutoScalingGroup => Prefix + App + "-asg";
    }
}
