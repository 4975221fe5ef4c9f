using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Elb
{
    /// <summary>Creates a target group.</summary>
    [AwsOperation("CreateTargetGroup")]
    public sealed class CreateTargetGroupRequest : ElbRequest<CreateTargetGroupResponse>
    {
        public string? Name { get; set; }
        public string? Protocol { get; set; }
        public string? ProtocolVersion { get; set; }
        public int? Port { get; set; }
        public string? VpcId { get; set; }
        public string? HealthCheckProtocol { get; set; }
        public string? HealthCheckPort { get; set; }
        public bool? HealthCheckEnabled { get; set; }
        public string? HealthCheckPath { get; set; }
        public int? HealthCheckIntervalSeconds { get; set; }
        public int? HealthCheckTimeoutSeconds { get; set; }
        public int? HealthyThresholdCount { get; set; }
        public int? UnhealthyThresholdCount { get; set; }
        public Matcher? Matcher { get; set; }
        public string? TargetType { get; set; } // instance | ip | lambda | alb
        public List<Tag>? Tags { get; set; }
        public string? IpAddressType { get; set; } // ipv4 | ipv6
        public int? TargetControlPort { get; set; }
    }

    public sealed class CreateTargetGroupResponse
    {
        public List<TargetGroup>? TargetGroups { get; set; }
    }

    /// <summary>Describes the specified target groups or all of your target groups.</summary>
    [AwsOperation("DescribeTargetGroups")]
    public sealed class DescribeTargetGroupsRequest : ElbRequest<DescribeTargetGroupsResponse>
    {
        public string? LoadBalancerArn { get; set; }
        public List<string>? TargetGroupArns { get; set; }
        public List<string>? Names { get; set; }
        public string? Marker { get; set; }
        public int? PageSize { get; set; }
    }

    public sealed class DescribeTargetGroupsResponse
    {
        public List<TargetGroup>? TargetGroups { get; set; }
        public string? NextMarker { get; set; }
    }

    /// <summary>Modifies the specified attributes of the specified target group.</summary>
    [AwsOperation("ModifyTargetGroupAttributes")]
    public sealed class ModifyTargetGroupAttributesRequest : ElbRequest<ModifyTargetGroupAttributesResponse>
    {
        public string? TargetGroupArn { get; set; }
        public List<TargetGroupAttribute>? Attributes { get; set; }
    }

    public sealed class ModifyTargetGroupAttributesResponse
    {
        public List<TargetGroupAttribute>? Attributes { get; set; }
    }

    /// <summary>Deletes the specified target group.</summary>
    [AwsOperation("DeleteTargetGroup")]
    public sealed class DeleteTargetGroupRequest : ElbRequest<AwsEmptyResponse>
    {
        public string? TargetGroupArn { get; set; }
    }

    /// <summary>Describes the health of the specified targets or all of your targets.</summary>
    [AwsOperation("DescribeTargetHealth")]
    public sealed class DescribeTargetHealthRequest : ElbRequest<DescribeTargetHealthResponse>
    {
        public string? TargetGroupArn { get; set; }
        public List<TargetDescription>? Targets { get; set; }
        public List<string>? Include { get; set; }
    }

    public sealed class DescribeTargetHealthResponse
    {
        public List<TargetHealthDescription>? TargetHealthDescriptions { get; set; }
    }

    public sealed class Matcher
    {
        public string? HttpCode { get; set; }
        public string? GrpcCode { get; set; }
    }

    public sealed class TargetGroup
    {
        public string? TargetGroupArn { get; set; }
        public string? TargetGroupName { get; set; }
        public string? Protocol { get; set; }
        public int? Port { get; set; }
        public string? VpcId { get; set; }
        public string? HealthCheckProtocol { get; set; }
        public string? HealthCheckPort { get; set; }
        public bool? HealthCheckEnabled { get; set; }
        public int? HealthCheckIntervalSeconds { get; set; }
        public int? HealthCheckTimeoutSeconds { get; set; }
        public int? HealthyThresholdCount { get; set; }
        public int? UnhealthyThresholdCount { get; set; }
        public string? HealthCheckPath { get; set; }
        public Matcher? Matcher { get; set; }
        public List<string>? LoadBalancerArns { get; set; }
        public string? TargetType { get; set; } // instance | ip | lambda | alb
        public string? ProtocolVersion { get; set; }
        public string? IpAddressType { get; set; } // ipv4 | ipv6
        public int? TargetControlPort { get; set; }
    }

    public sealed class TargetGroupAttribute
    {
        public string? Key { get; set; }
        public string? Value { get; set; }
    }

    public sealed class TargetDescription
    {
        public string? Id { get; set; }
        public int? Port { get; set; }
        public string? AvailabilityZone { get; set; }
        public string? QuicServerId { get; set; }
    }

    public sealed class TargetHealthDescription
    {
        public TargetDescription? Target { get; set; }
        public string? HealthCheckPort { get; set; }
        public TargetHealth? TargetHealth { get; set; }
        public AnomalyDetection? AnomalyDetection { get; set; }
        public AdministrativeOverride? AdministrativeOverride { get; set; }
    }

    public sealed class TargetHealth
    {
        public string? State { get; set; }
        public string? Reason { get; set; }
        public string? Description { get; set; }
    }

    public sealed class AnomalyDetection
    {
        public string? Result { get; set; } // anomalous | normal
        public string? MitigationInEffect { get; set; } // yes | no
    }

    public sealed class AdministrativeOverride
    {
        public string? State { get; set; }
        public string? Reason { get; set; }
        public string? Description { get; set; }
    }
}
