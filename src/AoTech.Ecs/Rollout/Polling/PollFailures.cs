using System;
using System.IO;
using System.Net.Http;
using System.Threading.Tasks;
using AoTech.Ecs.Aws.Endpoints;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Waiting;

namespace AoTech.Ecs.Rollout
{
    /// <summary>Which failed polls a wait rides out and which end it.</summary>
    public static class PollFailures
    {
        private static readonly string[] ThrottlingCodes =
        {
            "Throttling", "ThrottlingException", "ThrottledException", "RequestLimitExceeded", "TooManyRequestsException",
            "RequestThrottled", "RequestThrottledException", "SlowDown", "ProvisionedThroughputExceededException",
        };

        /// <summary>Throttled, Failed (passing: network or server side) or null when the error should end the wait.</summary>
        public static PollResult? Classify(Exception ex)
        {
            switch (ex)
            {
                case AwsServiceException aws:
                    if (aws.StatusCode == 429 || Array.Exists(ThrottlingCodes, c => string.Equals(c, aws.ErrorCode, StringComparison.OrdinalIgnoreCase)))
                        return PollResult.Throttled;
                    if (aws.StatusCode >= 500 || aws.StatusCode == 0) return PollResult.Failed;
                    return null;
                case AwsEndpointException endpoint:
                    // Network trouble passes; an endpoint that is not AWS, or refuses TLS, stays so.
                    return endpoint.Failure == EndpointFailureKind.NotAws || endpoint.Failure == EndpointFailureKind.Tls
                        ? (PollResult?)null
                        : PollResult.Failed;
                case HttpRequestException _:
                case IOException _:
                case TimeoutException _:
                    return PollResult.Failed;
                case TaskCanceledException _:
                    // An HTTP timeout surfaces as a cancellation that nobody asked for; the caller checks its own token first.
                    return PollResult.Failed;
                default:
                    return null;
            }
        }
    }
}
