using Amazon.Runtime;
using AoTech.Ecs.Aws.Retry;
using RetryPolicy = AoTech.Ecs.Aws.Retry.RetryPolicy;

namespace AoTech.Ecs.Aws
{
    /// <summary>What the user told us about where and as whom to call AWS. Unset values fall back to the environment.</summary>
    public sealed class AwsConnectionOptions
    {
        public string? Region { get; set; }
        public string? ProfileName { get; set; }
        /// <summary>Ready-made credentials (e.g. from -Credential); wins over everything else.</summary>
        public AWSCredentials? Credentials { get; set; }
        public string? AccessKey { get; set; }
        public string? SecretKey { get; set; }
        public string? SessionToken { get; set; }
        /// <summary>One URL for every service (moto, LocalStack); beats AWS_ENDPOINT_URL*.</summary>
        public string? EndpointUrl { get; set; }
        /// <summary>AWS.Tools' $StoredAWSCredentials: an AWSCredentials instance or a profile name.</summary>
        public object? StoredCredentials { get; set; }
        /// <summary>AWS.Tools' $StoredAWSRegion: a region name or RegionEndpoint.</summary>
        public object? StoredRegion { get; set; }
        /// <summary>Retry behaviour; <see cref="RetryPolicy.Default"/> when null.</summary>
        public RetryPolicy? RetryPolicy { get; set; }
        /// <summary>
        /// How long a stopped run still waits for the answer to a change it has already sent (see
        /// <see cref="AwsConnection.SendAsync{T}"/>); 10 s when null. Reads are abandoned at once.
        /// </summary>
        public System.TimeSpan? StopGracePeriod { get; set; }
        /// <summary>
        /// Who is calling, e.g. "AoTech.Ecs#New-AoEcsApp": sent as <c>app/&lt;id&gt;</c> in the User-Agent of every
        /// call (the AWS SDKs' application id), so CloudTrail shows which cmdlet made a call, and the test suite can
        /// check each call against that cmdlet's IAM policy (see Permissions/CmdletPermissions.cs).
        /// </summary>
        public string? ClientAppId { get; set; }

        /// <summary>The <see cref="ClientAppId"/> of one of the module's commands: "AoTech.Ecs#" and its name.</summary>
        public static string AppIdFor(string command) => "AoTech.Ecs#" + command;
    }
}
