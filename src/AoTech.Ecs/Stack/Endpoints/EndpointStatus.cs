using System.Collections.Generic;
using AoTech.Ecs.Aws;

namespace AoTech.Ecs.Stack.Endpoints
{
    /// <summary>
    /// A shared endpoint as Get-AoEcsEndpoint shows it (and Set-AoEcsEndpoint -PassThru returns it): its load balancer,
    /// instances, network, the apps it routes, and what its load balancer holds against the ALB quotas (EndpointQuotas).
    /// </summary>
    public sealed class EndpointStatus : IConnectionDetails
    {
        public string Name { get; set; } = "";
        public string? Region { get; set; }
        /// <summary>The -EndpointUrl the endpoint was read through (LocalStack, moto), or null for AWS itself.</summary>
        public string? EndpointUrl { get; set; }
        public string? ProfileName { get; set; }
        public string? LoadBalancerDnsName { get; set; }
        /// <summary>The ECS cluster every app on the endpoint runs in (null: none yet, or gone).</summary>
        public string? Cluster { get; set; }
        public string? InstanceType { get; set; }
        public int? MinSize { get; set; }
        public int? MaxSize { get; set; }
        /// <summary>The Auto Scaling group's desired capacity.</summary>
        public int? DesiredCapacity { get; set; }
        /// <summary>Instances of the Auto Scaling group that are InService.</summary>
        public int? RunningInstances { get; set; }
        /// <summary>Instances registered with the cluster.</summary>
        public int? RegisteredInstances { get; set; }
        /// <summary>Who may reach the load balancer on 443.</summary>
        public IReadOnlyList<string> AllowedCidr { get; set; } = new List<string>();
        public string? VpcId { get; set; }
        /// <summary>The network layout: public, private-nat-single, private-nat-per-zone, private-endpoints; "given" for a -VpcId/-SubnetId VPC.</summary>
        public string? Network { get; set; }
        /// <summary>The apps on the endpoint, by name, with their host, paths and rule priority.</summary>
        public IReadOnlyList<EndpointApp> Apps { get; set; } = new List<EndpointApp>();
        /// <summary>Listener rules besides the default ones (quota: <see cref="RuleQuota"/>).</summary>
        public int Rules { get; set; }
        /// <summary>Certificates on the HTTPS listener besides its default one (quota: <see cref="CertificateQuota"/>).</summary>
        public int Certificates { get; set; }
        /// <summary>Target groups the listener's rules forward to (quota: <see cref="TargetGroupQuota"/>).</summary>
        public int TargetGroups { get; set; }

        /// <summary>What Set-AoEcsEndpoint changed on this run, one line each (empty for Get-AoEcsEndpoint and for a run that changed nothing).</summary>
        public IReadOnlyList<string> Changes { get; set; } = new List<string>();
        public int RuleQuota => EndpointQuotas.RulesPerLoadBalancer;
        public int CertificateQuota => EndpointQuotas.CertificatesPerLoadBalancer;
        public int TargetGroupQuota => EndpointQuotas.TargetGroupsPerLoadBalancer;
    }

    /// <summary>One app on an endpoint: its host and paths and its rule's priority (null: it has no rule on the listener yet, or any more).</summary>
    public sealed class EndpointApp
    {
        public string Name { get; set; } = "";
        public string? Host { get; set; }
        public IReadOnlyList<string> PathPattern { get; set; } = new List<string>();
        public int? Priority { get; set; }

        public override string ToString() => Host == null ? Name
            : $"{Name} ({Host}{(PathPattern.Count == 0 ? "" : " " + string.Join(",", PathPattern))}{(Priority == null ? "" : ", priority " + Priority)})";
    }
}
