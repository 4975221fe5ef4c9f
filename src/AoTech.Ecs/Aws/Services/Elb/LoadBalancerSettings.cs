using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Elb
{
    /// <summary>Describes the attributes for the specified load balancer.</summary>
    [AwsOperation("DescribeLoadBalancerAttributes")]
    public sealed class DescribeLoadBalancerAttributesRequest : ElbRequest<DescribeLoadBalancerAttributesResponse>
    {
        public string? LoadBalancerArn { get; set; }
    }

    /// <summary>Modifies the specified attributes of the specified load balancer.</summary>
    [AwsOperation("ModifyLoadBalancerAttributes")]
    public sealed class ModifyLoadBalancerAttributesRequest : ElbRequest<ModifyLoadBalancerAttributesResponse>
    {
        public string? LoadBalancerArn { get; set; }
        public List<LoadBalancerAttribute>? Attributes { get; set; }
    }

    public sealed class DescribeLoadBalancerAttributesResponse
    {
        public List<LoadBalancerAttribute>? Attributes { get; set; }
    }

    public sealed class ModifyLoadBalancerAttributesResponse
    {
        public List<LoadBalancerAttribute>? Attributes { get; set; }
    }

    public sealed class LoadBalancerAttribute
    {
        public string? Key { get; set; }
        public string? Value { get; set; }
    }

    /// <summary>Enables the Availability Zones for the specified public subnets.</summary>
    [AwsOperation("SetSubnets")]
    public sealed class SetSubnetsRequest : ElbRequest<SetSubnetsResponse>
    {
        public string? LoadBalancerArn { get; set; }
        public List<string>? Subnets { get; set; }
        public List<SubnetMapping>? SubnetMappings { get; set; }
        public string? IpAddressType { get; set; } // ipv4 | dualstack | dualstack-without-public-ipv4
        public string? EnablePrefixForIpv6SourceNat { get; set; } // on | off
    }

    public sealed class SetSubnetsResponse
    {
        public List<AvailabilityZone>? AvailabilityZones { get; set; }
        public string? IpAddressType { get; set; }
        public string? EnablePrefixForIpv6SourceNat { get; set; }
    }

    /// <summary>Associates the specified security groups with the specified load balancer.</summary>
    [AwsOperation("SetSecurityGroups")]
    public sealed class SetSecurityGroupsRequest : ElbRequest<SetSecurityGroupsResponse>
    {
        public string? LoadBalancerArn { get; set; }
        public List<string>? SecurityGroups { get; set; }
        public string? EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic { get; set; } // on | off
    }

    public sealed class SetSecurityGroupsResponse
    {
        public List<string>? SecurityGroupIds { get; set; }
        public string? EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic { get; set; }
    }
}
