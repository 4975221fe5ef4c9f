using System;

namespace AoTech.Ecs.Aws
{
    /// <summary>One logical AWS call (all its attempts). Deliberately no headers or bodies: they can hold secrets.</summary>
    public sealed class AwsCallRecord
    {
        public AwsCallRecord(string service, string operation, TimeSpan duration, int attempts, int? statusCode,
            string? errorCode, string? requestId)
        {
            Service = service;
            Operation = operation;
            Duration = duration;
            Attempts = attempts;
            StatusCode = statusCode;
            ErrorCode = errorCode;
            RequestId = requestId;
        }

        /// <summary>Model name of the service, e.g. "ecs", "iam", "ec2".</summary>
        public string Service { get; }
        public string Operation { get; }
        /// <summary>Wall time of the whole call including retry waits.</summary>
        public TimeSpan Duration { get; }
        /// <summary>HTTP attempts made (0 when cancelled before the first one).</summary>
        public int Attempts { get; }
        /// <summary>HTTP status of the last attempt; null when no answer came (network error, cancellation).</summary>
        public int? StatusCode { get; }
        /// <summary>AWS error code, our ErrorId (e.g. CredentialsUnavailable), or the exception type name; null on success.</summary>
        public string? ErrorCode { get; }
        public string? RequestId { get; }
        public bool Succeeded => ErrorCode == null;

        public override string ToString() =>
            $"{Service} {Operation}: {(Succeeded ? "OK" : ErrorCode)} HTTP {StatusCode?.ToString() ?? "-"}, " +
            $"{Attempts} attempt(s), {Duration.TotalMilliseconds:0} ms" + (RequestId != null ? ", request id " + RequestId : "");
    }

    /// <summary>Told about every AWS call a connection makes (for -Verbose output, logs, request counting).</summary>
    public interface IAwsCallObserver
    {
        void OnCall(AwsCallRecord record);
    }
}
