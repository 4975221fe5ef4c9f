using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AoTech.Ecs.Stack.Converge;
using AoTech.Ecs.Errors;
using EcsApi = AoTech.Ecs.Aws.Services.Ecs;

namespace AoTech.Ecs.Stack.Deployments
{
    /// <summary>How ECS rolls a new revision out (-DeploymentStrategy); ECS's ROLLING, BLUE_GREEN, CANARY, LINEAR.</summary>
    public enum DeploymentStrategy
    {
        Rolling,
        BlueGreen,
        Canary,
        Linear,
    }

    /// <summary>
    /// The deployment parameters a run was given (New-AoEcsApp, Set-AoEcsApp); null: not given, the app keeps what it has.
    /// </summary>
    public sealed class DeploymentRequest
    {
        public DeploymentStrategy? Strategy { get; set; }
        public int? BakeTime { get; set; }
        public double? CanaryPercent { get; set; }
        public int? CanaryBakeTime { get; set; }
        public double? LinearStepPercent { get; set; }
        public int? LinearStepBakeTime { get; set; }
        /// <summary>Null: not given; empty: clears the pauses.</summary>
        public IList<string>? PauseAt { get; set; }
        /// <summary>'Name: value'; null: not given; empty: no test listener rule.</summary>
        public string? TestTrafficHeader { get; set; }

        public bool IsEmpty => Strategy == null && BakeTime == null && CanaryPercent == null && CanaryBakeTime == null &&
                               LinearStepPercent == null && LinearStepBakeTime == null && PauseAt == null && TestTrafficHeader == null;

        /// <summary>
        /// Checks each given value on its own (ranges, stage names, header form), before any AWS call; the combinations with the
        /// strategy the app will have are checked by <see cref="DeploymentSettings.Resolve"/>.
        /// </summary>
        public void Validate()
        {
            Minutes(BakeTime, "-BakeTime");
            Minutes(CanaryBakeTime, "-CanaryBakeTime");
            Minutes(LinearStepBakeTime, "-LinearStepBakeTime");
            Percent(CanaryPercent, "-CanaryPercent", DeploymentSettings.MinCanaryPercent);
            Percent(LinearStepPercent, "-LinearStepPercent", DeploymentSettings.MinLinearStepPercent);
            if (PauseAt != null) PauseAt = DeploymentSettings.NormalizeStages(PauseAt).ToList();
            if (!string.IsNullOrEmpty(TestTrafficHeader)) Deployments.TestTrafficHeader.Parse(TestTrafficHeader!);
            // With the strategy given, the combinations need nothing of the app's either.
            if (Strategy != null) DeploymentSettings.RequireCombination(this, Strategy.Value);
        }

        // ECS: bakeTimeInMinutes, canaryBakeTimeInMinutes and stepBakeTimeInMinutes take 0 to 1440 minutes
        // (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html,
        // API_CanaryConfiguration.html, API_LinearConfiguration.html).
        private static void Minutes(int? value, string parameter)
        {
            if (value is int minutes && (minutes < 0 || minutes > DeploymentSettings.MaxBakeMinutes))
                throw new AoEcsException(DeploymentErrorIds.DeploymentValueOutOfRange, AoErrorKind.InvalidArgument,
                    $"{parameter} {minutes} must be a whole number of minutes from 0 to {DeploymentSettings.MaxBakeMinutes} (24 hours).", minutes);
        }

        // ECS: canaryPercent is a multiple of 0.1 from 0.1 to 100.0; stepPercent a multiple of 0.1 from 3.0 to 100.0
        // (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CanaryConfiguration.html, API_LinearConfiguration.html).
        private static void Percent(double? value, string parameter, double min)
        {
            if (!(value is double percent)) return;
            var tenths = percent * 10;
            if (double.IsNaN(percent) || percent < min || percent > 100 || Math.Abs(tenths - Math.Round(tenths)) > 1e-6)
                throw new AoEcsException(DeploymentErrorIds.DeploymentValueOutOfRange, AoErrorKind.InvalidArgument,
                    $"{parameter} {percent.ToString(CultureInfo.InvariantCulture)} must be a multiple of 0.1 from " +
                    $"{min.ToString("0.0", CultureInfo.InvariantCulture)} to 100.0.", percent);
        }
    }

    /// <summary>
    /// The deployment strategy an app has, with its settings: what ECS's deploymentConfiguration says (strategy, bake times,
    /// canary and linear steps, PAUSE lifecycle hooks) and the test listener rule's header. Made from what the app has and
    /// what a run was given (<see cref="Resolve"/>), written into the service's configuration without losing what else it
    /// holds (<see cref="MergeInto"/>), read back from it (<see cref="Of"/>).
    /// </summary>
    public sealed class DeploymentSettings : IEquatable<DeploymentSettings>
    {
        public const int MaxBakeMinutes = 1440;
        public const double MinCanaryPercent = 0.1;
        public const double MinLinearStepPercent = 3.0;

        /// <summary>
        /// The lifecycle stages ECS takes a PAUSE hook at, in the order a deployment passes them
        /// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/pause-lifecycle-hooks.html). Not TEST_TRAFFIC_SHIFT or
        /// PRODUCTION_TRAFFIC_SHIFT: "PAUSE hooks cannot be configured at TEST_TRAFFIC_SHIFT or PRODUCTION_TRAFFIC_SHIFT stages"
        /// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentLifecycleHook.html).
        /// PRE_PRODUCTION_TRAFFIC_SHIFT comes again before each canary or linear step.
        /// </summary>
        public static readonly IReadOnlyList<string> PauseStages = new[]
        {
            "RECONCILE_SERVICE", "PRE_SCALE_UP", "POST_SCALE_UP", "POST_TEST_TRAFFIC_SHIFT", "PRE_PRODUCTION_TRAFFIC_SHIFT",
            "POST_PRODUCTION_TRAFFIC_SHIFT",
        };

        public static readonly DeploymentSettings Rolling = new DeploymentSettings(DeploymentStrategy.Rolling);

        public DeploymentSettings(DeploymentStrategy strategy, int? bakeTime = null, double? canaryPercent = null, int? canaryBakeTime = null,
            double? linearStepPercent = null, int? linearStepBakeTime = null, IEnumerable<string>? pauseAt = null, TestTrafficHeader? testHeader = null)
        {
            Strategy = strategy;
            BakeTime = bakeTime;
            CanaryPercent = canaryPercent;
            CanaryBakeTime = canaryBakeTime;
            LinearStepPercent = linearStepPercent;
            LinearStepBakeTime = linearStepBakeTime;
            PauseAt = NormalizeStages(pauseAt ?? Enumerable.Empty<string>());
            TestHeader = testHeader;
        }

        public DeploymentStrategy Strategy { get; }
        /// <summary>Minutes both revisions run after production traffic moved (ECS bakeTimeInMinutes); null: ECS's default.</summary>
        public int? BakeTime { get; }
        public double? CanaryPercent { get; }
        public int? CanaryBakeTime { get; }
        public double? LinearStepPercent { get; }
        public int? LinearStepBakeTime { get; }
        /// <summary>The stages a PAUSE hook stops at, in ECS's order.</summary>
        public IReadOnlyList<string> PauseAt { get; }
        /// <summary>The test listener rule's header; null: no test rule.</summary>
        public TestTrafficHeader? TestHeader { get; }

        /// <summary>BLUE_GREEN, CANARY, LINEAR: ECS moves traffic between the app's two target groups.</summary>
        public bool IsBlueGreenFamily => Strategy != DeploymentStrategy.Rolling;

        /// <summary>ECS's name of the strategy.</summary>
        public string EcsStrategy => EcsName(Strategy);

        public static string EcsName(DeploymentStrategy strategy) => strategy switch
        {
            DeploymentStrategy.BlueGreen => "BLUE_GREEN",
            DeploymentStrategy.Canary => "CANARY",
            DeploymentStrategy.Linear => "LINEAR",
            _ => "ROLLING",
        };

        /// <summary>The strategy of ECS's name; null for a name this module does not know (then nothing is compared).</summary>
        public static DeploymentStrategy? FromEcsName(string? name) => name switch
        {
            null => DeploymentStrategy.Rolling,
            "ROLLING" => DeploymentStrategy.Rolling,
            "BLUE_GREEN" => DeploymentStrategy.BlueGreen,
            "CANARY" => DeploymentStrategy.Canary,
            "LINEAR" => DeploymentStrategy.Linear,
            _ => (DeploymentStrategy?)null,
        };

        /// <summary>Stage names upper-cased, checked against <see cref="PauseStages"/>, without repeats, in ECS's order.</summary>
        public static IReadOnlyList<string> NormalizeStages(IEnumerable<string> stages)
        {
            var given = stages.Where(s => s != null).Select(s => s.Trim().ToUpperInvariant()).Where(s => s.Length > 0).ToList();
            foreach (var stage in given.Where(s => !PauseStages.Contains(s)))
                throw new AoEcsException(DeploymentErrorIds.InvalidLifecycleStage, AoErrorKind.InvalidArgument,
                    $"-PauseAt '{stage}' is not a stage ECS pauses a deployment at; use one of {string.Join(", ", PauseStages)}.", stage);
            return PauseStages.Where(given.Contains).ToList();
        }

        /// <summary>
        /// The settings after a run: what was given, else what the app has (<paramref name="current"/>; null for a new app,
        /// which is Rolling). A strategy's own settings go when the strategy changes; given settings that do not go with the
        /// resulting strategy are refused (StrategyOptionMismatch, BlueGreenOptionWithRolling). Pure: no AWS call.
        /// </summary>
        public static DeploymentSettings Resolve(DeploymentRequest given, DeploymentSettings? current)
        {
            given.Validate();
            current ??= Rolling;
            var strategy = given.Strategy ?? current.Strategy;
            var same = strategy == current.Strategy;
            RequireCombination(given, strategy);
            if (strategy == DeploymentStrategy.Rolling) return Rolling;
            var keepFamily = current.IsBlueGreenFamily;
            return new DeploymentSettings(strategy,
                given.BakeTime ?? (keepFamily ? current.BakeTime : null),
                strategy == DeploymentStrategy.Canary ? given.CanaryPercent ?? (same ? current.CanaryPercent : null) : null,
                strategy == DeploymentStrategy.Canary ? given.CanaryBakeTime ?? (same ? current.CanaryBakeTime : null) : null,
                strategy == DeploymentStrategy.Linear ? given.LinearStepPercent ?? (same ? current.LinearStepPercent : null) : null,
                strategy == DeploymentStrategy.Linear ? given.LinearStepBakeTime ?? (same ? current.LinearStepBakeTime : null) : null,
                (IEnumerable<string>?)given.PauseAt ?? (keepFamily ? current.PauseAt : null),
                given.TestTrafficHeader == null ? (keepFamily ? current.TestHeader : null)
                : given.TestTrafficHeader.Length == 0 ? null : Deployments.TestTrafficHeader.Parse(given.TestTrafficHeader));
        }

        /// <summary>Refuses given settings that do not go with <paramref name="strategy"/> (StrategyOptionMismatch, BlueGreenOptionWithRolling).</summary>
        internal static void RequireCombination(DeploymentRequest given, DeploymentStrategy strategy)
        {
            if (strategy != DeploymentStrategy.Canary && (given.CanaryPercent != null || given.CanaryBakeTime != null))
                throw Mismatch("-CanaryPercent and -CanaryBakeTime", "Canary", strategy);
            if (strategy != DeploymentStrategy.Linear && (given.LinearStepPercent != null || given.LinearStepBakeTime != null))
                throw Mismatch("-LinearStepPercent and -LinearStepBakeTime", "Linear", strategy);
            // ECS documents bakeTimeInMinutes, lifecycle hooks and the test listener rule for the blue/green family only
            // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-blue-green.html,
            // deployment-lifecycle-hooks.html).
            if (strategy == DeploymentStrategy.Rolling)
            {
                var extra = new[]
                {
                    given.BakeTime != null ? "-BakeTime" : null,
                    given.PauseAt != null && given.PauseAt.Count > 0 ? "-PauseAt" : null,
                    !string.IsNullOrEmpty(given.TestTrafficHeader) ? "-TestTrafficHeader" : null,
                }.Where(p => p != null).ToList();
                if (extra.Count > 0)
                    throw new AoEcsException(DeploymentErrorIds.BlueGreenOptionWithRolling, AoErrorKind.InvalidArgument,
                        $"{string.Join(", ", extra)} apply to the BlueGreen, Canary and Linear strategies only; the app's strategy is Rolling. " +
                        "Give -DeploymentStrategy BlueGreen, Canary or Linear with them.", string.Join(",", extra));
            }
        }

        private static AoEcsException Mismatch(string parameters, string needs, DeploymentStrategy strategy) =>
            new AoEcsException(DeploymentErrorIds.StrategyOptionMismatch, AoErrorKind.InvalidArgument,
                $"{parameters} apply to the {needs} strategy only; the app's strategy would be {strategy}. " +
                $"Give -DeploymentStrategy {needs} with them, or leave them out.", strategy.ToString());

        /// <summary>
        /// The settings a service has, from its deploymentConfiguration; <paramref name="testHeader"/> is the test rule's (read from
        /// the listener). Null when the service reports none or a strategy this module does not know (nothing is then compared).
        /// </summary>
        public static DeploymentSettings? Of(EcsApi.DeploymentConfiguration? configuration, TestTrafficHeader? testHeader = null)
        {
            if (configuration == null) return null;
            var strategy = FromEcsName(configuration.Strategy);
            if (strategy == null) return null;
            if (strategy == DeploymentStrategy.Rolling) return Rolling;
            var pauses = configuration.LifecycleHooks.OrEmpty().Where(IsPause).SelectMany(h => h.LifecycleStages.OrEmpty());
            return new DeploymentSettings(strategy.Value, configuration.BakeTimeInMinutes,
                strategy == DeploymentStrategy.Canary ? configuration.CanaryConfiguration?.CanaryPercent : null,
                strategy == DeploymentStrategy.Canary ? configuration.CanaryConfiguration?.CanaryBakeTimeInMinutes : null,
                strategy == DeploymentStrategy.Linear ? configuration.LinearConfiguration?.StepPercent : null,
                strategy == DeploymentStrategy.Linear ? configuration.LinearConfiguration?.StepBakeTimeInMinutes : null,
                pauses.Where(PauseStages.Contains), testHeader);
        }

        private static bool IsPause(EcsApi.DeploymentLifecycleHook hook) => hook.TargetType == "PAUSE";

        /// <summary>
        /// The service's deploymentConfiguration with these settings: a copy of <paramref name="current"/> (null for a new
        /// service) in which only the strategy, its bake times and steps, and the PAUSE hooks are set. Everything else it holds
        /// stays: the alarms, the other (Lambda) hooks, the healthy and maximum percents; the circuit breaker is on with
        /// rollback, as the stack always has it.
        /// </summary>
        public EcsApi.DeploymentConfiguration MergeInto(EcsApi.DeploymentConfiguration? current)
        {
            var merged = new EcsApi.DeploymentConfiguration
            {
                DeploymentCircuitBreaker = new EcsApi.DeploymentCircuitBreaker { Enable = true, Rollback = true },
                MaximumPercent = current?.MaximumPercent ?? StackDefaults.DeploymentMaximumPercent,
                MinimumHealthyPercent = current?.MinimumHealthyPercent ?? StackDefaults.DeploymentMinimumHealthyPercent,
                Alarms = current?.Alarms,
                Strategy = EcsStrategy,
                BakeTimeInMinutes = IsBlueGreenFamily ? BakeTime : null,
                CanaryConfiguration = Strategy == DeploymentStrategy.Canary
                    ? new EcsApi.CanaryConfiguration { CanaryPercent = CanaryPercent, CanaryBakeTimeInMinutes = CanaryBakeTime }
                    : null,
                LinearConfiguration = Strategy == DeploymentStrategy.Linear
                    ? new EcsApi.LinearConfiguration { StepPercent = LinearStepPercent, StepBakeTimeInMinutes = LinearStepBakeTime }
                    : null,
            };
            // Lambda hooks are the user's own and stay; the stack's PAUSE hooks are -PauseAt's, with the blue/green family only.
            var hooks = current?.LifecycleHooks.OrEmpty().Where(h => !IsPause(h)).ToList() ?? new List<EcsApi.DeploymentLifecycleHook>();
            if (IsBlueGreenFamily && PauseAt.Count > 0)
                hooks.Add(new EcsApi.DeploymentLifecycleHook { TargetType = "PAUSE", LifecycleStages = PauseAt.ToList() });
            // An empty list clears the hooks the service had; null (none before, none now) leaves the field out.
            merged.LifecycleHooks = hooks.Count > 0 || current?.LifecycleHooks.OrEmpty().Count > 0 ? hooks : null;
            return merged;
        }

        /// <summary>What differs from <paramref name="current"/> (null: unknown, nothing is compared), as the plan shows it.</summary>
        public IReadOnlyList<string> ChangesFrom(DeploymentSettings? current)
        {
            var changes = new List<string>();
            if (current == null) return changes;
            if (current.Strategy != Strategy) changes.Add($"deployment strategy {current.EcsStrategy} -> {EcsStrategy}");
            void Compare<T>(string what, T? from, T? to) where T : struct
            {
                if (!Nullable.Equals(from, to)) changes.Add($"{what} {Text(from)} -> {Text(to)}");
            }
            Compare("bake time", current.BakeTime, BakeTime);
            Compare("canary percent", current.CanaryPercent, CanaryPercent);
            Compare("canary bake time", current.CanaryBakeTime, CanaryBakeTime);
            Compare("linear step percent", current.LinearStepPercent, LinearStepPercent);
            Compare("linear step bake time", current.LinearStepBakeTime, LinearStepBakeTime);
            if (!current.PauseAt.SequenceEqual(PauseAt))
                changes.Add($"pause at {StagesText(current.PauseAt)} -> {StagesText(PauseAt)}");
            return changes;
        }

        private static string Text<T>(T? value) where T : struct =>
            value is T v ? Convert.ToString(v, CultureInfo.InvariantCulture)! : "(ECS default)";

        private static string StagesText(IReadOnlyList<string> stages) => stages.Count == 0 ? "(none)" : string.Join(",", stages);

        /// <summary>"Canary 5% for 10 min, bake 0 min, pause at POST_TEST_TRAFFIC_SHIFT", as Get-AoEcsApp shows it.</summary>
        public override string ToString()
        {
            var parts = new List<string> { Strategy.ToString() };
            if (CanaryPercent != null || CanaryBakeTime != null)
                parts.Add($"canary {Text(CanaryPercent)}% for {Text(CanaryBakeTime)} min");
            if (LinearStepPercent != null || LinearStepBakeTime != null)
                parts.Add($"steps of {Text(LinearStepPercent)}% every {Text(LinearStepBakeTime)} min");
            if (BakeTime != null) parts.Add($"bake {BakeTime} min");
            if (PauseAt.Count > 0) parts.Add("pause at " + string.Join(",", PauseAt));
            if (TestHeader != null) parts.Add("test traffic " + TestHeader);
            return string.Join(", ", parts);
        }

        public bool Equals(DeploymentSettings? other) => other != null && ChangesFrom(other).Count == 0 && Equals(TestHeader, other.TestHeader);

        public override bool Equals(object? obj) => Equals(obj as DeploymentSettings);

        public override int GetHashCode() => Strategy.GetHashCode();
    }
}
