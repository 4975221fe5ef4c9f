using System.Collections.Generic;
using AoTech.Ecs.Aws;

namespace AoTech.Ecs.Stack
{
    /// <summary>
    /// An app stack as New-AoEcsApp and Get-AoEcsApp output it. New-AoEcsApp fills the identity and <see cref="Changes"/>;
    /// Get-AoEcsApp fills the live status (tasks, deployment, instances, target health).
    /// </summary>
    public sealed class AoEcsApp : IConnectionDetails
    {
        public string Name { get; set; } = "";
        /// <summary>https://&lt;domain&gt;/</summary>
        public string? Url { get; set; }
        public string? DomainName { get; set; }
        public string? Region { get; set; } = "";
        /// <summary>The -EndpointUrl the app was read or made through (LocalStack, moto), or null for AWS itself.</summary>
        public string? EndpointUrl { get; set; }
        /// <summary>The -ProfileName given, or null.</summary>
        public string? ProfileName { get; set; }
        public string? Cluster { get; set; }
        /// <summary>The shared endpoint the app runs on (-Endpoint); null: a stack of its own.</summary>
        public string? Endpoint { get; set; }
        /// <summary>The paths of DomainName the app answers on its endpoint (-PathPattern); null or empty: the whole host.</summary>
        public IReadOnlyList<string>? PathPattern { get; set; }
        public string? Service { get; set; }
        /// <summary>family:revision the service runs.</summary>
        public string? TaskDefinition { get; set; }
        public string? LoadBalancerDnsName { get; set; }
        /// <summary>ISSUED, PENDING_VALIDATION, ... or null when there is no certificate.</summary>
        public string? CertificateStatus { get; set; }
        /// <summary>What this run created or changed (New-AoEcsApp), one line per resource; empty for a no-op.</summary>
        public IReadOnlyList<string> Changes { get; set; } = new List<string>();

        // Live status (Get-AoEcsApp).
        public int? DesiredCount { get; set; }
        public int? RunningCount { get; set; }
        public int? PendingCount { get; set; }
        /// <summary>The primary deployment's rollout state: IN_PROGRESS, COMPLETED, FAILED.</summary>
        public string? RolloutState { get; set; }
        public string? RolloutStateReason { get; set; }
        /// <summary>Number of deployments (more than one while a rollout runs).</summary>
        public int? Deployments { get; set; }
        /// <summary>Instances in the Auto Scaling group, and how many registered with the cluster.</summary>
        public int? Instances { get; set; }
        public int? RegisteredInstances { get; set; }
        /// <summary>Target health counts, e.g. "healthy=2, unhealthy=0".</summary>
        public string? TargetHealth { get; set; }

        // Task auto scaling (null: the app has none; DesiredCount is then what -DesiredCount set).
        public int? MinCount { get; set; }
        public int? MaxCount { get; set; }
        /// <summary>Average CPU percent the tasks are kept at (null: no CPU policy).</summary>
        public int? TargetCpuPercent { get; set; }
        /// <summary>Requests per task per minute the tasks are kept at (null: no request-count policy).</summary>
        public int? TargetRequestsPerTask { get; set; }
        /// <summary>"1-10 tasks, CPU 60%", or null without auto scaling.</summary>
        public string? Scaling { get; set; }

        // Deployment strategy (Stack/Deployments).
        /// <summary>Rolling, BlueGreen, Canary or Linear.</summary>
        public string? DeploymentStrategy { get; set; }
        /// <summary>The strategy with its settings, e.g. "Canary, canary 5% for 10 min, bake 0 min".</summary>
        public string? Deployment { get; set; }
        public int? BakeTime { get; set; }
        public double? CanaryPercent { get; set; }
        public int? CanaryBakeTime { get; set; }
        public double? LinearStepPercent { get; set; }
        public int? LinearStepBakeTime { get; set; }
        public IReadOnlyList<string>? PauseAt { get; set; }
        /// <summary>'Name: value' of the test listener rule, or null.</summary>
        public string? TestTrafficHeader { get; set; }
        /// <summary>The name of the target group that serves production traffic (either of the app's two with a blue/green-family strategy).</summary>
        public string? LiveTargetGroup { get; set; }

        /// <summary>Fills the deployment properties from <paramref name="settings"/> (null: unknown) and the live target group's ARN.</summary>
        public AoEcsApp WithDeployment(Deployments.DeploymentSettings? settings, string? liveTargetGroupArn)
        {
            DeploymentStrategy = settings?.Strategy.ToString();
            Deployment = settings?.ToString();
            BakeTime = settings?.BakeTime;
            CanaryPercent = settings?.CanaryPercent;
            CanaryBakeTime = settings?.CanaryBakeTime;
            LinearStepPercent = settings?.LinearStepPercent;
            LinearStepBakeTime = settings?.LinearStepBakeTime;
            PauseAt = settings?.PauseAt;
            TestTrafficHeader = settings?.TestHeader?.ToString();
            LiveTargetGroup = liveTargetGroupArn == null ? null : Endpoints.ListenerRoutes.TargetGroupName(liveTargetGroupArn);
            return this;
        }

        /// <summary>Fills the scaling properties from <paramref name="scaling"/> (null: none).</summary>
        public AoEcsApp WithScaling(Scaling.TaskScaling? scaling)
        {
            MinCount = scaling?.MinCount;
            MaxCount = scaling?.MaxCount;
            TargetCpuPercent = scaling?.TargetCpuPercent;
            TargetRequestsPerTask = scaling?.TargetRequestsPerTask;
            Scaling = scaling?.ToString();
            return this;
        }

        public override string ToString() => Name + (Url != null ? " " + Url : "");
    }
}
