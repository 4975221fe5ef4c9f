using System;
using System.Management.Automation;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Errors;

namespace AoTech.Ecs.PowerShell.Infrastructure
{
    /// <summary>Turns core exceptions into ErrorRecords with a stable ErrorId, a precise category and the failed item.</summary>
    public static class ErrorRecordFactory
    {
        /// <param name="ex">The failure.</param>
        /// <param name="target">The app, image, endpoint or deployment the cmdlet was working on.</param>
        public static ErrorRecord Create(Exception ex, object? target)
        {
            switch (ex)
            {
                case AoEcsException ao:
                    // The core names the exact item (a file, a container, a value); an empty name says less than the cmdlet's.
                    var item = ao.Target is string name && name.Length == 0 ? null : ao.Target;
                    return WithAction(new ErrorRecord(ao, ao.ErrorId, CategoryOf(ao.Kind), item ?? target), ao.Message, ao.RecommendedAction);
                case AwsServiceException aws:
                    var kind = AwsErrorKinds.KindOf(aws);
                    return WithAction(new ErrorRecord(aws, "Aws." + aws.ErrorCode, CategoryOf(kind), target ?? aws.Service + ":" + aws.Operation),
                        aws.Message,
                        kind == AoErrorKind.PermissionDenied ? "Check that the credentials in use allow " + aws.Service + ":" + aws.Operation + "; Get-AoIamPolicy writes the policy the cmdlets need."
                        : kind == AoErrorKind.Authentication ? "Check the credentials in use: they are wrong, expired, or for another partition."
                        : null);
                case OperationCanceledException _:
                    // The user's own stop never gets here (it ends the pipeline); this is a timeout inside a library.
                    return new ErrorRecord(ex, CmdletErrorIds.OperationTimedOut, ErrorCategory.OperationTimeout, target);
                case ArgumentException _:
                    return new ErrorRecord(ex, CmdletErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, target);
                default:
                    return new ErrorRecord(ex, CmdletErrorIds.UnexpectedError, ErrorCategory.NotSpecified, target);
            }
        }

        private static ErrorRecord WithAction(ErrorRecord record, string message, string? action)
        {
            if (action != null) record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = action };
            return record;
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
                case AoErrorKind.PermissionDenied: return ErrorCategory.PermissionDenied;
                case AoErrorKind.Configuration: return ErrorCategory.InvalidOperation;
                case AoErrorKind.Connection: return ErrorCategory.ConnectionError;
                case AoErrorKind.Timeout: return ErrorCategory.OperationTimeout;
                case AoErrorKind.OperationStopped: return ErrorCategory.OperationStopped;
                case AoErrorKind.LimitsExceeded: return ErrorCategory.LimitsExceeded;
                case AoErrorKind.ResourceBusy: return ErrorCategory.ResourceBusy;
                case AoErrorKind.ServiceUnavailable: return ErrorCategory.ResourceUnavailable;
                default: return ErrorCategory.InvalidOperation;
            }
        }
    }
}
