using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Elb
{
    /// <summary>Describes the attributes for the specified target group.</summary>
    [AwsOperation("DescribeTargetGroupAttributes")]
    public sealed class DescribeTargetGroupAttributesRequest : ElbRequest<DescribeTargetGroupAttributesResponse>
    {
        public string? TargetGroupArn { get; set; }
    }

    public sealed class DescribeTargetGroupAttributesResponse
    {
        public List<TargetGroupAttribute>? Attributes { get; set; }
    }

    /// <summary>Modifies the health checks used when evaluating the health state of the targets in the target group.</summary>
    [AwsOperation("ModifyTargetGroup")]
    public sealed class ModifyTargetGroupRequest : ElbRequest<ModifyTargetGroupResponse>
    {
        public string? TargetGroupArn { get; set; }
        public string? HealthCheckProtocol { get; set; }
        public string? HealthCheckPort { get; set; }
        public string? HealthCheckPath { get; set; }
        public bool? HealthCheckEnabled { get; set; }
        public int? HealthCheckIntervalSeconds { get; set; }
        public int? HealthCheckTimeoutSeconds { get; set; }
        public int? HealthyThresholdCount { get; set; }
        public int? UnhealthyThresholdCount { get; set; }
        public Matcher? Matcher { get; set; }
    }

    public sealed class ModifyTargetGroupResponse
    {
        public List<TargetGroup>? TargetGroups { get; set; }
    }

    /// <summary>Replaces the specified properties of the specified listener.</summary>
    [AwsOperation("ModifyListener")]
    public sealed class ModifyListenerRequest : ElbRequest<ModifyListenerResponse>
    {
        public string? ListenerArn { get; set; }
        public int? Port { get; set; }
        public string? Protocol { get; set; }
        public string? SslPolicy { get; set; }
        public List<Certificate>? Certificates { get; set; }
        public List<ListenerAction>? DefaultActions { get; set; }
        public List<string>? AlpnPolicy { get; set; }
        public MutualAuthenticationAttributes? MutualAuthentication { get; set; }
    }

    public sealed class ModifyListenerResponse
    {
        public List<Listener>? Listeners { get; set; }
    }
}
