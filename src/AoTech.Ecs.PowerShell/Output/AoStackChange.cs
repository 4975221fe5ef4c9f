namespace AoTech.Ecs.PowerShell.Output
{
    /// <summary>What a converge run does to one resource.</summary>
    public enum AoStackChangeAction
    {
        /// <summary>The resource does not exist and is created.</summary>
        Create,
        /// <summary>The resource exists but differs from the spec and is updated in place (or replaced).</summary>
        Change,
        /// <summary>The resource exists and already matches the spec: nothing is sent.</summary>
        Keep,
        /// <summary>The resource is removed.</summary>
        Delete,
    }

    /// <summary>One line of a converge plan or result: which resource, in which group, and what happens to it.</summary>
    public sealed class AoStackChange
    {
        public AoStackChangeAction Action { get; set; }
        /// <summary>The area the resource belongs to, e.g. Network, Certificate, LoadBalancer, Compute, Service.</summary>
        public string ResourceGroup { get; set; } = "";
        /// <summary>The resource, e.g. "AWS::ElasticLoadBalancingV2::TargetGroup shop-tg".</summary>
        public string Resource { get; set; } = "";
        /// <summary>Why, in a few words (e.g. "health check path /healthz -> /ready").</summary>
        public string? Description { get; set; }

        public override string ToString() => Action + " " + Resource;
    }
}
