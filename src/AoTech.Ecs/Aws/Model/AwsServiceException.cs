using System;

namespace AoTech.Ecs.Aws.Model
{
    /// <summary>
    /// The one error type for a call AWS answered with an error, whatever the protocol (or AWSSDK client) it came through.
    /// </summary>
    public sealed class AwsServiceException : Exception
    {
        public AwsServiceException(string service, string operation, string errorCode, string? awsMessage,
            int statusCode, string? requestId, Exception? inner = null)
            : base(Format(service, operation, errorCode, awsMessage, statusCode, requestId), inner)
        {
            Service = service;
            Operation = operation;
            ErrorCode = errorCode;
            AwsMessage = awsMessage;
            StatusCode = statusCode;
            RequestId = requestId;
        }

        public string Service { get; }
        public string Operation { get; }
        /// <summary>The AWS error code as sent on the wire, without any namespace prefix (e.g. "NoSuchEntity").</summary>
        public string ErrorCode { get; }
        public string? AwsMessage { get; }
        public int StatusCode { get; }
        public string? RequestId { get; }

        private static string Format(string service, string operation, string code, string? message, int status, string? requestId)
        {
            var text = $"{service} {operation} failed: {code}";
            if (!string.IsNullOrEmpty(message)) text += ": " + message;
            text += $" (HTTP {status}";
            if (!string.IsNullOrEmpty(requestId)) text += ", request id " + requestId;
            return text + ")";
        }
    }
}
