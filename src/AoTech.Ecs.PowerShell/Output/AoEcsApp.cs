using System;

namespace AoTech.Ecs.PowerShell.Output
{
    /// <summary>
    /// One deployed app as New-AoEcsApp, Get-AoEcsApp and Set-AoEcsApp write it. Property names match the -Name,
    /// -Region, -Cluster and -Service parameters of the other cmdlets so the object binds to them on the pipeline.
    /// The default table (AoTech.Ecs.Format.ps1xml) shows Name, Url, Running/Desired and Rollout.
    /// </summary>
    public sealed class AoEcsApp
    {
        /// <summary>The app name; every resource of the app is tagged aotech:app=Name.</summary>
        public string Name { get; set; } = "";
        /// <summary>The public HTTPS address, e.g. https://shop.example.com/.</summary>
        public string? Url { get; set; }
        public string? Region { get; set; }
        /// <summary>ECS cluster name.</summary>
        public string? Cluster { get; set; }
        /// <summary>ECS service name.</summary>
        public string? Service { get; set; }
        /// <summary>Task definition the service runs, as family:revision.</summary>
        public string? TaskDefinition { get; set; }
        public string? LoadBalancerDnsName { get; set; }
        /// <summary>ACM certificate status (PENDING_VALIDATION, ISSUED, ...).</summary>
        public string? CertificateStatus { get; set; }
        public int DesiredCount { get; set; }
        public int RunningCount { get; set; }
        public int PendingCount { get; set; }
        /// <summary>Rollout state of the primary deployment: IN_PROGRESS, COMPLETED or FAILED.</summary>
        public string? RolloutState { get; set; }
        /// <summary>Id of the primary ECS deployment (binds to Wait-AoDeployment -DeploymentId).</summary>
        public string? DeploymentId { get; set; }
        /// <summary>EC2 instance ids serving the cluster.</summary>
        public string[] Instances { get; set; } = Array.Empty<string>();
        /// <summary>Load balancer target health summary, e.g. "2 healthy, 1 draining".</summary>
        public string? TargetHealth { get; set; }
        /// <summary>What a converge run did or (with -WhatIf) would do, one entry per resource.</summary>
        public AoStackChange[] Changes { get; set; } = Array.Empty<AoStackChange>();

        public override string ToString() => Name;
    }
}
