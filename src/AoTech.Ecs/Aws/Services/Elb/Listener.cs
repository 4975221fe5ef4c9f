using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Elb
{
    /// <summary>Creates a listener for the specified Application Load Balancer, Network Load Balancer, or Gateway Load Balancer.</summary>
    [AwsOperation("CreateListener")]
    public sealed class CreateListenerRequest : ElbRequest<CreateListenerResponse>
    {
        public string? LoadBalancerArn { get; set; }
        public string? Protocol { get; set; }
        public int? Port { get; set; }
        public string? SslPolicy { get; set; }
        public List<Certificate>? Certificates { get; set; }
        public List<ListenerAction>? DefaultActions { get; set; }
        public List<string>? AlpnPolicy { get; set; }
        public List<Tag>? Tags { get; set; }
        public MutualAuthenticationAttributes? MutualAuthentication { get; set; }
    }

    public sealed class CreateListenerResponse
    {
        public List<Listener>? Listeners { get; set; }
    }

    /// <summary>Describes the given listeners, or the listeners of a load balancer.</summary>
    [AwsOperation("DescribeListeners")]
    public sealed class DescribeListenersRequest : ElbRequest<DescribeListenersResponse>
    {
        public string? LoadBalancerArn { get; set; }
        public List<string>? ListenerArns { get; set; }
        public string? Marker { get; set; }
        public int? PageSize { get; set; }
    }

    public sealed class DescribeListenersResponse
    {
        public List<Listener>? Listeners { get; set; }
        public string? NextMarker { get; set; }
    }

    /// <summary>Deletes the specified listener.</summary>
    [AwsOperation("DeleteListener")]
    public sealed class DeleteListenerRequest : ElbRequest<AwsEmptyResponse>
    {
        public string? ListenerArn { get; set; }
    }

    public sealed class Certificate
    {
        public string? CertificateArn { get; set; }
        public bool? IsDefault { get; set; }
    }

    public sealed class ListenerAction
    {
        public string? Type { get; set; }
        public string? TargetGroupArn { get; set; }
        public AuthenticateOidcActionConfig? AuthenticateOidcConfig { get; set; }
        public AuthenticateCognitoActionConfig? AuthenticateCognitoConfig { get; set; }
        public int? Order { get; set; }
        public RedirectActionConfig? RedirectConfig { get; set; }
        public FixedResponseActionConfig? FixedResponseConfig { get; set; }
        public ForwardActionConfig? ForwardConfig { get; set; }
        public JwtValidationActionConfig? JwtValidationConfig { get; set; }
    }

    public sealed class AuthenticateOidcActionConfig
    {
        public string? Issuer { get; set; }
        public string? AuthorizationEndpoint { get; set; }
        public string? TokenEndpoint { get; set; }
        public string? UserInfoEndpoint { get; set; }
        public string? ClientId { get; set; }
        public string? ClientSecret { get; set; }
        public string? SessionCookieName { get; set; }
        public string? Scope { get; set; }
        public long? SessionTimeout { get; set; }
        public Dictionary<string, string>? AuthenticationRequestExtraParams { get; set; }
        public string? OnUnauthenticatedRequest { get; set; } // deny | allow | authenticate
        public bool? UseExistingClientSecret { get; set; }
    }

    public sealed class AuthenticateCognitoActionConfig
    {
        public string? UserPoolArn { get; set; }
        public string? UserPoolClientId { get; set; }
        public string? UserPoolDomain { get; set; }
        public string? SessionCookieName { get; set; }
        public string? Scope { get; set; }
        public long? SessionTimeout { get; set; }
        public Dictionary<string, string>? AuthenticationRequestExtraParams { get; set; }
        public string? OnUnauthenticatedRequest { get; set; } // deny | allow | authenticate
    }

    public sealed class RedirectActionConfig
    {
        public string? Protocol { get; set; }
        public string? Port { get; set; }
        public string? Host { get; set; }
        public string? Path { get; set; }
        public string? Query { get; set; }
        public string? StatusCode { get; set; } // HTTP_301 | HTTP_302
    }

    public sealed class FixedResponseActionConfig
    {
        public string? MessageBody { get; set; }
        public string? StatusCode { get; set; }
        public string? ContentType { get; set; }
    }

    public sealed class ForwardActionConfig
    {
        public List<TargetGroupTuple>? TargetGroups { get; set; }
        public TargetGroupStickinessConfig? TargetGroupStickinessConfig { get; set; }
    }

    public sealed class TargetGroupTuple
    {
        public string? TargetGroupArn { get; set; }
        public int? Weight { get; set; }
    }

    public sealed class TargetGroupStickinessConfig
    {
        public bool? Enabled { get; set; }
        public int? DurationSeconds { get; set; }
    }

    public sealed class JwtValidationActionConfig
    {
        public string? JwksEndpoint { get; set; }
        public string? Issuer { get; set; }
        public List<JwtValidationActionAdditionalClaim>? AdditionalClaims { get; set; }
    }

    public sealed class JwtValidationActionAdditionalClaim
    {
        public string? Format { get; set; } // single-string | string-array | space-separated-values
        public string? Name { get; set; }
        public List<string>? Values { get; set; }
    }

    public sealed class MutualAuthenticationAttributes
    {
        public string? Mode { get; set; }
        public string? TrustStoreArn { get; set; }
        public bool? IgnoreClientCertificateExpiry { get; set; }
        public string? TrustStoreAssociationStatus { get; set; } // active | removed
        public string? AdvertiseTrustStoreCaNames { get; set; } // on | off
    }

    public sealed class Listener
    {
        public string? ListenerArn { get; set; }
        public string? LoadBalancerArn { get; set; }
        public int? Port { get; set; }
        public string? Protocol { get; set; }
        public List<Certificate>? Certificates { get; set; }
        public string? SslPolicy { get; set; }
        public List<ListenerAction>? DefaultActions { get; set; }
        public List<string>? AlpnPolicy { get; set; }
        public MutualAuthenticationAttributes? MutualAuthentication { get; set; }
    }
}
