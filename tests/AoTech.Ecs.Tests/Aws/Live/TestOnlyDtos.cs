using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Aws.Services.Route53;

// Operations the module never calls but the live tests need to set up their world: the module uses hosted zones the
// user already has (so it has no CreateHostedZone), and it never manages IAM users (the signature-checking fixture
// needs one with an access key). Everything the module does call is tested through the real DTOs in Aws/Services.
namespace AoTech.Ecs.Tests.Aws.Live.Dtos
{
    // ---- Route 53: a zone to put records into ----
    [AwsOperation("CreateHostedZone", HttpMethod = "POST", RequestUri = "/2013-04-01/hostedzone")]
    public sealed class CreateHostedZoneRequest : Route53Request<CreateHostedZoneResponse>
    {
        public string? Name { get; set; }
        public string? CallerReference { get; set; }
        public HostedZoneConfig? HostedZoneConfig { get; set; }
    }

    public sealed class CreateHostedZoneResponse
    {
        public HostedZone? HostedZone { get; set; }
        public ChangeInfo? ChangeInfo { get; set; }
        public DelegationSet? DelegationSet { get; set; }
        [AwsMember(Location = AwsLocation.Header)] public string? Location { get; set; }
    }

    [AwsOperation("DeleteHostedZone", HttpMethod = "DELETE", RequestUri = "/2013-04-01/hostedzone/{Id}")]
    public sealed class DeleteHostedZoneRequest : Route53Request<DeleteHostedZoneResponse>
    {
        [AwsMember(Location = AwsLocation.Uri)] public string? Id { get; set; }
    }

    public sealed class DeleteHostedZoneResponse { public ChangeInfo? ChangeInfo { get; set; } }

    // ---- IAM users and keys, to give moto's signature checking a key of its own ----
    [AwsOperation("CreateUser")]
    public sealed class CreateUserRequest : IamRequest<CreateUserResponse>
    {
        public string? UserName { get; set; }
    }

    public sealed class CreateUserResponse { public User? User { get; set; } }

    public sealed class User
    {
        public string? UserName { get; set; }
        public string? Arn { get; set; }
    }

    [AwsOperation("GetUser")]
    public sealed class GetUserRequest : IamRequest<GetUserResponse>
    {
        public string? UserName { get; set; }
    }

    public sealed class GetUserResponse { public User? User { get; set; } }

    [AwsOperation("CreateAccessKey")]
    public sealed class CreateAccessKeyRequest : IamRequest<CreateAccessKeyResponse>
    {
        public string? UserName { get; set; }
    }

    public sealed class CreateAccessKeyResponse { public AccessKey? AccessKey { get; set; } }

    public sealed class AccessKey
    {
        public string? UserName { get; set; }
        public string? AccessKeyId { get; set; }
        public string? Status { get; set; }
        public string? SecretAccessKey { get; set; }
    }

    [AwsOperation("AttachUserPolicy")]
    public sealed class AttachUserPolicyRequest : IamRequest<AwsEmptyResponse>
    {
        public string? UserName { get; set; }
        public string? PolicyArn { get; set; }
    }
}
