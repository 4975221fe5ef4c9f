using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws.Endpoints;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Retry
{
    /// <summary>
    /// Which failures are worth another attempt, and how long to wait: capped exponential backoff with full jitter
    /// (delay before retry n = random(0, min(MaxDelay, BaseDelay * 2^(n-1)))). Quotas and client errors are final.
    /// </summary>
    public sealed class RetryPolicy
    {
        /// <summary>Throttling and "try again" codes (botocore's standard-mode union plus EC2 and Route 53 extras).</summary>
        private static readonly HashSet<string> RetryableCodeSet = new HashSet<string>(StringComparer.Ordinal)
        {
            "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
            "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
            "BandwidthLimitExceeded", "RequestThrottled", "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
            "RequestTimeout", "RequestTimeoutException", "IDPCommunicationError",
        };

        /// <summary>
        /// Never retried although they sound transient: quota errors (IAM/Auto Scaling "LimitExceeded", and
        /// "LimitExceededException", which in ECS/ACM/ECR/Logs means a hard resource limit).
        /// </summary>
        private static readonly HashSet<string> QuotaCodeSet = new HashSet<string>(StringComparer.Ordinal)
        {
            "LimitExceeded", "LimitExceededException",
        };

        public RetryPolicy(int maxAttempts = 6, TimeSpan? baseDelay = null, TimeSpan? maxDelay = null,
            Func<TimeSpan, CancellationToken, Task>? delay = null, Func<double>? random = null)
        {
            if (maxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(maxAttempts));
            MaxAttempts = maxAttempts;
            BaseDelay = baseDelay ?? TimeSpan.FromMilliseconds(500);
            MaxDelay = maxDelay ?? TimeSpan.FromSeconds(20);
            _delay = delay ?? ((d, ct) => Task.Delay(d, ct));
            var rng = new Random();
            _random = random ?? (() => { lock (rng) return rng.NextDouble(); });
        }

        public static RetryPolicy Default { get; } = new RetryPolicy();

        /// <summary>Total attempts including the first.</summary>
        public int MaxAttempts { get; }
        public TimeSpan BaseDelay { get; }
        public TimeSpan MaxDelay { get; }

        private readonly Func<TimeSpan, CancellationToken, Task> _delay;
        private readonly Func<double> _random;

        /// <summary>True when another attempt may succeed where <paramref name="error"/> failed.</summary>
        public static bool IsRetryable(Exception error, CancellationToken callerToken)
        {
            switch (error)
            {
                case AwsServiceException aws:
                    if (QuotaCodeSet.Contains(aws.ErrorCode)) return false;
                    if (RetryableCodeSet.Contains(aws.ErrorCode)) return true;
                    return aws.StatusCode == 500 || aws.StatusCode == 502 || aws.StatusCode == 503 || aws.StatusCode == 504;
                default:
                    // Network trouble passes, except where the endpoint itself is wrong (refused, no such host, TLS) or
                    // answers like no AWS endpoint does; the caller's own cancel must stop us.
                    return IsLostInTransit(error, callerToken);
            }
        }

        /// <summary>
        /// True when the request may have reached AWS and been carried out although no answer says so: the connection
        /// dropped or timed out after the request was sent, or AWS answered 5xx (it can fail after acting). Retrying a
        /// call that is not idempotent after such a failure can do it twice (a second VPC); throttling and other 4xx
        /// answers say the request was refused, and a refused connection says it never left.
        /// </summary>
        public static bool IsAmbiguous(Exception error, CancellationToken callerToken)
        {
            switch (error)
            {
                case AwsServiceException aws:
                    return aws.StatusCode >= 500 && !RetryableCodeSet.Contains(aws.ErrorCode);
                default:
                    // A dropped connection or a timeout after sending; a refused connection says the request never left.
                    return IsLostInTransit(error, callerToken);
            }
        }

        /// <summary>The connection broke or timed out during the exchange (not a refused connection, not the caller's cancel).</summary>
        private static bool IsLostInTransit(Exception error, CancellationToken callerToken)
        {
            var failure = EndpointFailures.Classify(error, callerToken);
            return failure == EndpointFailureKind.TimedOut || failure == EndpointFailureKind.Broken;
        }

        /// <summary>Full-jitter delay before retry number <paramref name="retry"/> (1 = first retry).</summary>
        public TimeSpan GetDelay(int retry)
        {
            var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry - 1, 30)));
            return TimeSpan.FromMilliseconds(_random() * ceiling);
        }

        /// <summary>
        /// Runs <paramref name="attempt"/> until it succeeds, fails for good, or attempts run out; the last error is
        /// rethrown. <paramref name="attempt"/> is told the attempt count. When <paramref name="idempotent"/> is false,
        /// an ambiguous failure (<see cref="IsAmbiguous"/>) is not retried but rethrown at once: the caller looks for
        /// what the lost call may have made before trying again (see Stack/Converge/AwsCalls.CreateOnceAsync).
        /// </summary>
        public async Task<T> ExecuteAsync<T>(Func<int, CancellationToken, Task<T>> attempt, CancellationToken ct, bool idempotent = true)
        {
            for (var n = 1; ; n++)
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    return await attempt(n, ct).ConfigureAwait(false);
                }
                catch (Exception e) when (n < MaxAttempts && IsRetryable(e, ct) && (idempotent || !IsAmbiguous(e, ct)))
                {
                    // Cancelling during the wait ends the call at once (the delay throws OperationCanceledException).
                    await _delay(GetDelay(n), ct).ConfigureAwait(false);
                }
            }
        }
    }
}
