using System;
using System.Management.Automation;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Errors;

namespace AoTech.Ecs.PowerShell.Infrastructure
{
    /// <summary>Turns core exceptions into ErrorRecords with a stable ErrorId, a precise category and the failed item.</summary>
    public static class ErrorRecordFactory
    {
        public static ErrorRecord Create(Exception ex, object? target)
        {
            switch (ex)
            {
                case AoEcsException ao:
                    return new ErrorRecord(ao, ao.ErrorId, CategoryOf(ao.Kind), ao.Target ?? target);
                case AwsServiceException aws:
                    var record = new ErrorRecord(aws, "Aws." + aws.ErrorCode, CategoryOf(aws), target ?? aws.Service + ":" + aws.Operation);
                    record.ErrorDetails = new ErrorDetails(aws.Message)
                    {
                        RecommendedAction = aws.StatusCode == 403 || aws.ErrorCode.IndexOf("AccessDenied", StringComparison.OrdinalIgnoreCase) >= 0
                            ? "Check that the credentials in use allow " + aws.Service + ":" + aws.Operation + "."
                            : null,
                    };
                    return record;
                case OperationCanceledException _:
                    return new ErrorRecord(ex, "OperationStopped", ErrorCategory.OperationStopped, target);
                case ArgumentException _:
                    return new ErrorRecord(ex, "InvalidArgument", ErrorCategory.InvalidArgument, target);
                default:
                    return new ErrorRecord(ex, "UnexpectedError", ErrorCategory.NotSpecified, target);
            }
        }

        public static ErrorCategory CategoryOf(AoErrorKind kind)
        {
            switch (kind)
            {
                case AoErrorKind.InvalidArgument: return ErrorCategory.InvalidArgument;
                case AoErrorKind.InvalidData: return ErrorCategory.InvalidData;
                case AoErrorKind.ObjectNotFound: return ErrorCategory.ObjectNotFound;
                case AoErrorKind.ResourceExists: return ErrorCategory.ResourceExists;
                case AoErrorKind.Authentication: return ErrorCategory.AuthenticationError;
                case AoErrorKind.Configuration: return ErrorCategory.InvalidOperation;
                case AoErrorKind.Connection: return ErrorCategory.ConnectionError;
                case AoErrorKind.Timeout: return ErrorCategory.OperationTimeout;
                case AoErrorKind.OperationStopped: return ErrorCategory.OperationStopped;
                case AoErrorKind.LimitsExceeded: return ErrorCategory.LimitsExceeded;
                case AoErrorKind.ResourceBusy: return ErrorCategory.ResourceBusy;
                default: return ErrorCategory.InvalidOperation;
            }
        }

        private static ErrorCategory CategoryOf(AwsServiceException aws)
        {
            var code = aws.ErrorCode;
            if (aws.StatusCode == 403 || code.Contains("AccessDenied") || code.Contains("UnrecognizedClient") ||
                code.Contains("InvalidClientTokenId") || code.Contains("SignatureDoesNotMatch") || code.Contains("ExpiredToken"))
                return ErrorCategory.PermissionDenied;
            if (code.Contains("NotFound") || code.Contains("NoSuch")) return ErrorCategory.ObjectNotFound;
            if (code.Contains("AlreadyExists") || code.Contains("Duplicate")) return ErrorCategory.ResourceExists;
            if (code.Contains("LimitExceeded")) return ErrorCategory.LimitsExceeded;
            if (code.Contains("Validation") || code.Contains("InvalidParameter")) return ErrorCategory.InvalidArgument;
            if (code.Contains("InUse") || code.Contains("Conflict")) return ErrorCategory.ResourceBusy;
            return aws.StatusCode >= 500 ? ErrorCategory.ResourceUnavailable : ErrorCategory.InvalidOperation;
        }
    }
}
