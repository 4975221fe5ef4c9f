namespace AoTech.Ecs.Stack.Planning
{
    /// <summary>Where an app's container instances sit (-Network).</summary>
    public enum NetworkPlacement
    {
        /// <summary>Private subnets, no public IP; the load balancer alone is in public subnets.</summary>
        Private,
        /// <summary>Public subnets with public IPs, next to the load balancer (the layout before private networks).</summary>
        Public,
    }

    /// <summary>How many NAT gateways a private network with NAT egress has (-NatGateway).</summary>
    public enum NatGatewayMode
    {
        /// <summary>One per Availability Zone: a zone's outage leaves the other zone's instances their way out.</summary>
        PerZone,
        /// <summary>One for all zones: half the hourly NAT cost, but a single zone's outage cuts every instance off.</summary>
        Single,
    }

    /// <summary>How instances in private subnets reach ECS, ECR, CloudWatch Logs and SSM (-Egress).</summary>
    public enum EgressKind
    {
        /// <summary>A default route to a NAT gateway: any outbound HTTPS works.</summary>
        NatGateway,
        /// <summary>No internet route at all: interface endpoints for the AWS APIs and an S3 gateway endpoint.</summary>
        VpcEndpoints,
    }
}
