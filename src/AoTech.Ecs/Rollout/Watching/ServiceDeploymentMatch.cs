using System;
using System.Collections.Generic;
using System.Linq;

namespace AoTech.Ecs.Rollout
{
    /// <summary>One entry of ListServiceDeployments, with the task definition its target service revision runs.</summary>
    public sealed class ServiceDeploymentCandidate
    {
        public string Arn { get; set; } = "";
        public DateTimeOffset? CreatedAt { get; set; }
        public DateTimeOffset? StartedAt { get; set; }
        public string? Status { get; set; }
        public string? TargetRevisionArn { get; set; }
        /// <summary>From DescribeServiceRevisions; null when the revision could not be read.</summary>
        public string? TargetTaskDefinition { get; set; }
    }

    /// <summary>
    /// Which service deployment is the one our UpdateService started. Not "the newest": someone may have deployed
    /// since. It is the one whose target revision runs our task definition and that was created closest to our
    /// deployment's creation (both times are ECS's own clock).
    /// </summary>
    public static class ServiceDeploymentMatch
    {
        /// <summary>How far apart ECS may stamp the deployment (DescribeServices) and the service deployment.</summary>
        public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(2);

        public static ServiceDeploymentCandidate? Find(IEnumerable<ServiceDeploymentCandidate> candidates, string taskDefinition,
            DateTimeOffset? deploymentCreatedAt)
        {
            if (string.IsNullOrEmpty(taskDefinition)) return null;
            var matching = candidates.Where(c => SameTaskDefinition(c.TargetTaskDefinition, taskDefinition)).ToList();
            if (deploymentCreatedAt == null)
                return matching.Count == 1 ? matching[0] : null;
            var at = deploymentCreatedAt.Value;
            return matching
                .Where(c => c.CreatedAt != null && (c.CreatedAt.Value - at).Duration() <= Tolerance)
                .OrderBy(c => (c.CreatedAt!.Value - at).Duration())
                .FirstOrDefault();
        }

        /// <summary>Task definitions compare as ARNs, or by family:revision when one side is short.</summary>
        internal static bool SameTaskDefinition(string? a, string? b)
        {
            if (a == null || b == null) return false;
            if (string.Equals(a, b, StringComparison.OrdinalIgnoreCase)) return true;
            return string.Equals(DeploymentFailures.TaskDefinitionName(a), DeploymentFailures.TaskDefinitionName(b), StringComparison.OrdinalIgnoreCase);
        }
    }
}
