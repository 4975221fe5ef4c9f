using System;

namespace AoTech.Ecs.Errors
{
    /// <summary>What kind of failure an <see cref="AoEcsException"/> is; the cmdlet layer maps it to an ErrorCategory.</summary>
    public enum AoErrorKind
    {
        InvalidArgument,
        InvalidData,
        ObjectNotFound,
        ResourceExists,
        Authentication,
        /// <summary>The identity is known but not allowed (an AWS AccessDenied, a file without read permission).</summary>
        PermissionDenied,
        Configuration,
        Connection,
        Timeout,
        OperationFailed,
        OperationStopped,
        LimitsExceeded,
        /// <summary>The service failed on its side (5xx, internal failure); trying again later can succeed.</summary>
        ServiceUnavailable,
        /// <summary>Another run is using the item (e.g. holds the app's lock); trying again later can succeed.</summary>
        ResourceBusy,
    }

    /// <summary>
    /// A failure the core explains to the user: a stable <see cref="ErrorId"/> (scripts match on it), a kind, and the
    /// item that failed. Messages never contain credentials, tokens or passwords.
    /// </summary>
    public class AoEcsException : Exception
    {
        public AoEcsException(string errorId, AoErrorKind kind, string message, object? target = null, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Kind = kind;
            Target = target;
        }

        /// <summary>Stable identifier, e.g. "HostedZoneNotFound". Never changes once released.</summary>
        public string ErrorId { get; }
        public AoErrorKind Kind { get; }
        /// <summary>The item that failed (a file path, a resource name, a parameter value).</summary>
        public object? Target { get; }
        /// <summary>What the user can do about it, when the message alone does not say.</summary>
        public string? RecommendedAction { get; set; }
    }
}
