using System.Collections.Generic;

namespace AoTech.Ecs.Rollout
{
    /// <summary>Figures for a progress bar: the followed deployment's task counts and the target group's health.</summary>
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

        /// <summary>Share of desired tasks running, 0..100; 100 only when the rollout has actually completed.</summary>
        public int PercentComplete(bool completed)
        {
            if (completed) return 100;
            if (Desired <= 0) return 0;
            var percent = Running * 100 / Desired;
            return percent >= 100 ? 99 : percent < 0 ? 0 : percent;
        }

        public override string ToString()
        {
            var parts = new List<string> { $"{Running}/{Desired} running", $"{Pending} pending" };
            if (Failed > 0) parts.Add($"{Failed} failed");
            if (Deployments > 1) parts.Add($"{Deployments} deployments");
            var text = string.Join(", ", parts);
            if (TargetHealth != null) text += "; " + TargetHealth;
            return text;
        }

        internal string Signature =>
            $"{Desired}/{Running}/{Pending}/{Failed}/{Deployments}/{RolloutState}/{TargetHealth?.Signature}";
    }
}
