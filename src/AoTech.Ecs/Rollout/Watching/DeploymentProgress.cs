using System.Collections.Generic;
using System.Globalization;

namespace AoTech.Ecs.Rollout
{
    /// <summary>
    /// Figures for a progress bar: the followed deployment's task counts and the target group's health, and, when the
    /// service-deployment API is followed, its status, lifecycle stage and traffic weights.
    /// </summary>
    public sealed class DeploymentProgress
    {
        public int Desired { get; set; }
        public int Running { get; set; }
        public int Pending { get; set; }
        public int Failed { get; set; }
        /// <summary>Deployments the service still has (the old one drains while ours starts).</summary>
        public int Deployments { get; set; }
        public string? RolloutState { get; set; }
        public TargetHealthCounts? TargetHealth { get; set; }
        /// <summary>The service deployment's status (PENDING, IN_PROGRESS, ROLLBACK_IN_PROGRESS, ...).</summary>
        public string? Status { get; set; }
        /// <summary>The lifecycle stage of a blue/green, canary or linear deployment.</summary>
        public string? Stage { get; set; }
        /// <summary>Tasks the source (old) revisions still run.</summary>
        public int OldRunning { get; set; }
        /// <summary>Percent of production traffic ECS gives the new revision, where ECS shifts traffic.</summary>
        public double? ProductionWeight { get; set; }
        public double? TestWeight { get; set; }
        /// <summary>True while the deployment waits at a PAUSE lifecycle hook.</summary>
        public bool Paused { get; set; }

        /// <summary>
        /// Share done, 0..100; 100 only when the wait has actually ended well. A staged deployment counts its lifecycle
        /// stages, a rolling one its running tasks.
        /// </summary>
        public int PercentComplete(bool completed)
        {
            if (completed) return 100;
            int percent;
            var stage = LifecycleStages.IndexOf(Stage);
            if (stage >= 0) percent = (stage + 1) * 100 / (LifecycleStages.InOrder.Count + 1);
            else if (Desired <= 0) return 0;
            else percent = Running * 100 / Desired;
            return percent >= 100 ? 99 : percent < 0 ? 0 : percent;
        }

        public override string ToString()
        {
            var parts = new List<string> { $"{Running}/{Desired} running", $"{Pending} pending" };
            if (Failed > 0) parts.Add($"{Failed} failed");
            if (OldRunning > 0) parts.Add($"{OldRunning} old running");
            else if (Deployments > 1) parts.Add($"{Deployments} deployments");
            var text = string.Join(", ", parts);
            if (ProductionWeight != null)
                text += $"; production traffic {Percent(ProductionWeight.Value)} new, {Percent(100 - ProductionWeight.Value)} old";
            if (TestWeight != null && TestWeight.Value > 0 && TestWeight.Value < 100)
                text += $"; test traffic {Percent(TestWeight.Value)} new";
            if (TargetHealth != null) text += "; " + TargetHealth;
            var where = Stage ?? Status;
            if (where == null) return text;
            return where + (Paused ? " (paused at a PAUSE hook)" : "") + ": " + text;
        }

        private static string Percent(double value) => value.ToString("0.#", CultureInfo.InvariantCulture) + "%";

        internal string Signature =>
            $"{Desired}/{Running}/{Pending}/{Failed}/{Deployments}/{RolloutState}/{TargetHealth?.Signature}/{Status}/{Stage}/{OldRunning}/{ProductionWeight}/{TestWeight}/{Paused}";
    }
}
