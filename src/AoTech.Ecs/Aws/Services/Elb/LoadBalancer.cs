using System;
using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Elb
{
    /// <summary>Creates an Application Load Balancer, Network Load Balancer, or Gateway Load Balancer.</summary>
    [AwsOperation("CreateLoadBalancer")]
    public sealed class CreateLoadBalancerRequest : ElbRequest<CreateLoadBalancerResponse>
    {
        public string? Name { get; set; }
        public List<string>? Subnets { get; set; }
        public List<SubnetMapping>? SubnetMappings { get; set; }
        public List<string>? SecurityGroups { get; set; }
        public string? Scheme { get; set; } // internet-facing | internal
        public List<Tag>? Tags { get; set; }
        public string? Type { get; set; } // application | network | gateway
        public string? IpAddressType { get; set; } // ipv4 | dualstack | dualstack-without-public-ipv4
        public string? CustomerOwnedIpv4Pool { get; set; }
        public string? EnablePrefixForIpv6SourceNat { get; set; } // on | off
        public IpamPools? IpamPools { get; set; }
    }

    public sealed class CreateLoadBalancerResponse
    {
        public List<LoadBalancer>? LoadBalancers { get; set; }
    }

    /// <summary>Describes the specified load balancers or all of your load balancers.</summary>
    [AwsOperation("DescribeLoadBalancers")]
    public sealed class DescribeLoadBalancersRequest : ElbRequest<DescribeLoadBalancersResponse>
    {
        public List<string>? LoadBalancerArns { get; set; }
        public List<string>? Names { get; set; }
        public string? Marker { get; set; }
        public int? PageSize { get; set; }
    }

    public sealed class DescribeLoadBalancersResponse
    {
        public List<LoadBalancer>? LoadBalancers { get; set; }
        public string? NextMarker { get; set; }
    }

    /// <summary>Deletes the specified Application Load Balancer, Network Load Balancer, or Gateway Load Balancer.</summary>
    [AwsOperation("DeleteLoadBalancer")]
    public sealed class DeleteLoadBalancerRequest : ElbRequest<AwsEmptyResponse>
    {
        public string? LoadBalancerArn { get; set; }
    }

    public sealed class SubnetMapping
    {
        public string? SubnetId { get; set; }
        public string? AllocationId { get; set; }
        public string? PrivateIPv4Address { get; set; }
        public string? IPv6Address { get; set; }
        public string? SourceNatIpv6Prefix { get; set; }
    }

    public sealed class IpamPools
    {
        public string? Ipv4IpamPoolId { get; set; }
    }

    public sealed class LoadBalancer
    {
        public string? LoadBalancerArn { get; set; }
        public string? DNSName { get; set; }
        public string? CanonicalHostedZoneId { get; set; }
        public DateTime? CreatedTime { get; set; }
        public string? LoadBalancerName { get; set; }
        public string? Scheme { get; set; } // internet-facing | internal
        public string? VpcId { get; set; }
        public LoadBalancerState? State { get; set; }
        public string? Type { get; set; } // application | network | gateway
        public List<AvailabilityZone>? AvailabilityZones { get; set; }
        public List<string>? SecurityGroups { get; set; }
        public string? IpAddressType { get; set; } // ipv4 | dualstack | dualstack-without-public-ipv4
        public string? CustomerOwnedIpv4Pool { get; set; }
        public string? EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic { get; set; }
        public string? EnablePrefixForIpv6SourceNat { get; set; } // on | off
        public IpamPools? IpamPools { get; set; }
    }

    public sealed class LoadBalancerState
    {
        public string? Code { get; set; } // active | provisioning | active_impaired | failed
        public string? Reason { get; set; }
    }

    public sealed class AvailabilityZone
    {
        public string? ZoneName { get; set; }
        public string? SubnetId { get; set; }
        public string? OutpostId { get; set; }
        public List<LoadBalancerAddress>? LoadBalancerAddresses { get; set; }
        public List<string>? SourceNatIpv6Prefixes { get; set; }
    }

    public sealed class LoadBalancerAddress
    {
        public string? IpAddress { get; set; }
        public string? AllocationId { get; set; }
        public string? PrivateIPv4Address { get; set; }
        public string? IPv6Address { get; set; }
    }
}
