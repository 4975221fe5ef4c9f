using System;
using System.Collections.Generic;
using AoTech.Ecs.Errors;

namespace AoTech.Ecs.Aws.Model
{
    /// <summary>
    /// What kind of failure an AWS error code is: one table for the codes of the services the module calls (from each
    /// service's API reference, "Errors" and "Common Errors"), and the HTTP status for a code not in it. The cmdlets turn
    /// the kind into an ErrorCategory; the stack asks it whether the credentials themselves were refused.
    /// </summary>
    public static class AwsErrorKinds
    {
        private static readonly Dictionary<string, AoErrorKind> ByCode = Build(
            (AoErrorKind.Authentication, new[]
            {
                // The credentials themselves are refused: wrong, expired, or not signed right (Common Errors).
                "InvalidClientTokenId", "UnrecognizedClientException", "InvalidAccessKeyId", "AuthFailure",
                "SignatureDoesNotMatch", "IncompleteSignature", "InvalidSignatureException", "MissingAuthenticationToken",
                "MissingAuthenticationTokenException", "ExpiredToken", "ExpiredTokenException", "RequestExpired",
            }),
            (AoErrorKind.PermissionDenied, new[]
            {
                "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "OptInRequired", "NotAuthorized",
            }),
            (AoErrorKind.ObjectNotFound, new[]
            {
                // ECS, CloudWatch Logs, ACM, ECR, SSM
                "ClusterNotFoundException", "ServiceNotFoundException", "ResourceNotFoundException", "TargetNotFoundException",
                "RepositoryNotFoundException", "ImageNotFoundException", "ParameterNotFound", "ParameterVersionNotFound",
                // ELBv2, IAM, Route 53
                "LoadBalancerNotFound", "TargetGroupNotFound", "ListenerNotFound", "RuleNotFound", "CertificateNotFound",
                "NoSuchEntity", "NoSuchHostedZone", "NoSuchChange", "NoSuchHealthCheck",
                // EC2 (Invalid<Resource>.NotFound)
                "InvalidVpcID.NotFound", "InvalidSubnetID.NotFound", "InvalidGroup.NotFound", "InvalidGroupId.NotFound",
                "InvalidInternetGatewayID.NotFound", "InvalidRouteTableID.NotFound", "InvalidAssociationID.NotFound",
                "InvalidLaunchTemplateId.NotFound", "InvalidLaunchTemplateName.NotFoundException", "InvalidAMIID.NotFound",
                "InvalidInstanceID.NotFound", "InvalidNetworkInterfaceID.NotFound", "InvalidPermission.NotFound",
                "InvalidAllocationID.NotFound", "InvalidNatGatewayID.NotFound",
            }),
            (AoErrorKind.ResourceExists, new[]
            {
                "EntityAlreadyExists", "AlreadyExists", "AlreadyExistsException", "DuplicateLoadBalancerName",
                "DuplicateTargetGroupName", "DuplicateListener", "RepositoryAlreadyExistsException",
                "ResourceAlreadyExistsException", "ParameterAlreadyExists", "HostedZoneAlreadyExists",
                "InvalidGroup.Duplicate", "InvalidPermission.Duplicate", "InvalidLaunchTemplateName.AlreadyExistsException",
            }),
            (AoErrorKind.ResourceBusy, new[]
            {
                "ResourceInUse", "ResourceInUseException", "DeleteConflict", "DependencyViolation", "InvalidGroup.InUse",
                "ConcurrentModification", "ConcurrentModificationException", "PriorRequestNotComplete",
                "ClusterContainsServicesException", "ClusterContainsContainerInstancesException", "ClusterContainsTasksException",
                "ScalingActivityInProgress", "UpdateInProgressException", "ConflictException", "IncorrectState",
            }),
            (AoErrorKind.InvalidArgument, new[]
            {
                "ValidationError", "ValidationException", "InvalidParameterException", "InvalidParameterValue",
                "InvalidParameterValueException", "InvalidParameterCombination", "InvalidParameter", "MissingParameter",
                "InvalidInput", "MalformedPolicyDocument", "InvalidRequestException", "InvalidArnException", "ClientException",
                "InvalidConfigurationRequest", "InvalidChangeBatch", "InvalidDomainName", "InvalidDomainValidationOptionsException",
                "UnsupportedOperation", "UnsupportedProtocol", "InvalidAction",
            }),
            (AoErrorKind.LimitsExceeded, new[]
            {
                // Quotas, and the rate limits that outlasted every retry.
                "LimitExceeded", "LimitExceededException", "TooManyLoadBalancers", "TooManyTargetGroups", "TooManyTargets",
                "TooManyListeners", "TooManyRules", "TooManyCertificates", "TooManyTags", "TooManyTagsException",
                "VpcLimitExceeded", "InstanceLimitExceeded", "AddressLimitExceeded", "ServiceLimitExceeded",
                "Throttling", "ThrottlingException", "ThrottledException", "RequestLimitExceeded", "TooManyRequestsException",
                "RequestThrottled", "RequestThrottledException", "EC2ThrottledException", "SlowDown",
            }),
            (AoErrorKind.ServiceUnavailable, new[]
            {
                "ServiceUnavailable", "ServiceUnavailableException", "InternalFailure", "InternalError", "InternalServerError",
                "ServerException", "ServiceFailure", "Unavailable", "RequestTimeout", "RequestTimeoutException",
            }));

        /// <summary>The kind of <paramref name="error"/>: by its code when the table has it, else by its HTTP status.</summary>
        public static AoErrorKind KindOf(AwsServiceException error) => KindOf(error.ErrorCode, error.StatusCode);

        public static AoErrorKind KindOf(string code, int statusCode)
        {
            if (ByCode.TryGetValue(code, out var kind)) return kind;
            switch (statusCode)
            {
                case 401: return AoErrorKind.Authentication;
                case 403: return AoErrorKind.PermissionDenied;
                case 404: return AoErrorKind.ObjectNotFound;
                case 409: return AoErrorKind.ResourceBusy;
                case 429: return AoErrorKind.LimitsExceeded;
                default: return statusCode >= 500 ? AoErrorKind.ServiceUnavailable : AoErrorKind.OperationFailed;
            }
        }

        /// <summary>True when AWS refused the credentials themselves (not a missing permission).</summary>
        public static bool IsCredentialsRefused(AwsServiceException error) =>
            ByCode.TryGetValue(error.ErrorCode, out var kind) && kind == AoErrorKind.Authentication;

        private static Dictionary<string, AoErrorKind> Build(params (AoErrorKind Kind, string[] Codes)[] groups)
        {
            var table = new Dictionary<string, AoErrorKind>(StringComparer.Ordinal);
            foreach (var group in groups)
                foreach (var code in group.Codes)
                    table.Add(code, group.Kind); // Add: a code listed under two kinds fails at once
            return table;
        }
    }
}
