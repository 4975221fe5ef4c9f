using System;
using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Ecr
{
    /// <summary>Retrieves an authorization token.</summary>
    [AwsOperation("GetAuthorizationToken")]
    public sealed class GetAuthorizationTokenRequest : EcrRequest<GetAuthorizationTokenResponse>
    {
        public List<string>? RegistryIds { get; set; }
    }

    public sealed class GetAuthorizationTokenResponse
    {
        public List<AuthorizationData>? AuthorizationData { get; set; }
    }

    public sealed class AuthorizationData
    {
        public string? AuthorizationToken { get; set; }
        public DateTime? ExpiresAt { get; set; }
        public string? ProxyEndpoint { get; set; }
    }
}
