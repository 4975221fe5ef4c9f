using System;
using System.IO;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading;
using AoTech.Ecs.Errors;

namespace AoTech.Ecs.Aws.Endpoints
{
    /// <summary>How a call failed to get an AWS answer.</summary>
    public enum EndpointFailureKind
    {
        /// <summary>The connection was refused: the request never left.</summary>
        Refused,
        /// <summary>The host name does not resolve: the request never left.</summary>
        HostNotFound,
        /// <summary>The TLS handshake failed (untrusted certificate, not a TLS server): the request never left.</summary>
        Tls,
        /// <summary>Something answered, without an AWS error code or request id: a web server that is not AWS.</summary>
        NotAws,
        /// <summary>No answer within the HTTP timeout: the request may have been carried out.</summary>
        TimedOut,
        /// <summary>The connection broke during the exchange: the request may have been carried out.</summary>
        Broken,
    }

    /// <summary>
    /// A call that got no AWS answer from its endpoint, after the retries that made sense: ErrorId EndpointUnreachable,
    /// EndpointTlsFailed, EndpointNotAws or EndpointTimedOut, the endpoint as target, a hint, and the transport error
    /// as InnerException.
    /// </summary>
    public sealed class AwsEndpointException : AoEcsException
    {
        internal AwsEndpointException(EndpointFailureKind failure, string errorId, AoErrorKind kind, string message, Uri endpoint,
            string hint, Exception? inner)
            : base(errorId, kind, message, endpoint.ToString(), inner)
        {
            Failure = failure;
            Endpoint = endpoint;
            RecommendedAction = hint;
        }

        public EndpointFailureKind Failure { get; }
        public Uri Endpoint { get; }
    }

    /// <summary>Recognises transport failures (one classification for retries and for messages) and explains them.</summary>
    public static class EndpointFailures
    {
        /// <summary>What kind of transport failure <paramref name="error"/> is, or null when it is none (an AWS answer, a bug).</summary>
        public static EndpointFailureKind? Classify(Exception error, CancellationToken callerToken)
        {
            switch (error)
            {
                case AwsEndpointException known:
                    return known.Failure;
                case OperationCanceledException _:
                    // HttpClient's timeout surfaces as a cancellation nobody asked for.
                    return callerToken.IsCancellationRequested ? (EndpointFailureKind?)null : EndpointFailureKind.TimedOut;
                case TimeoutException _:
                    // The AWSSDK clients (EC2, SSM, STS) turn that same timeout into a TimeoutException of their own.
                    return callerToken.IsCancellationRequested ? (EndpointFailureKind?)null : EndpointFailureKind.TimedOut;
                case HttpRequestException _:
                case IOException _:
                    for (var e = error; e != null; e = e.InnerException)
                    {
                        if (e is AuthenticationException) return EndpointFailureKind.Tls;
                        if (e is SocketException socket)
                        {
                            switch (socket.SocketErrorCode)
                            {
                                case SocketError.ConnectionRefused: return EndpointFailureKind.Refused;
                                case SocketError.HostNotFound:
                                case SocketError.NoData: return EndpointFailureKind.HostNotFound;
                            }
                        }
                    }
                    return EndpointFailureKind.Broken;
                default:
                    return null;
            }
        }

        /// <summary>The failure as the error the user sees, or null when <paramref name="error"/> is not a transport failure.</summary>
        public static AwsEndpointException? Explain(Exception error, ResolvedEndpoint endpoint, string service, string operation,
            CancellationToken callerToken)
        {
            if (error is AwsEndpointException already) return already;
            var failure = Classify(error, callerToken);
            if (failure == null) return null;
            var url = endpoint.Url;
            var call = $"{service} {operation}";
            switch (failure.Value)
            {
                case EndpointFailureKind.Refused:
                    return new AwsEndpointException(failure.Value, AwsErrorIds.EndpointUnreachable, AoErrorKind.Connection,
                        $"Nothing answered at {url} ({call}): the connection was refused.", url, Hint(endpoint, "is running and listens on that port"), error);
                case EndpointFailureKind.HostNotFound:
                    return new AwsEndpointException(failure.Value, AwsErrorIds.EndpointUnreachable, AoErrorKind.Connection,
                        $"The host {url.Host} of {url} ({call}) does not resolve: no such host.", url, Hint(endpoint, "names a real host"), error);
                case EndpointFailureKind.Tls:
                    return new AwsEndpointException(failure.Value, AwsErrorIds.EndpointTlsFailed, AoErrorKind.Connection,
                        $"The TLS handshake with {url} ({call}) failed: {Innermost(error).Message}", url,
                        endpoint.IsOverride
                            ? "Check that the endpoint speaks https with a certificate this machine trusts; an emulator without TLS takes an http:// URL."
                            : "Check for a proxy or firewall that intercepts TLS, and that this machine trusts its certificate authority.",
                        error);
                case EndpointFailureKind.TimedOut:
                    return new AwsEndpointException(failure.Value, AwsErrorIds.EndpointTimedOut, AoErrorKind.Timeout,
                        $"{url} did not answer {call} in time (HTTP timeout).", url, Hint(endpoint, "is up and not overloaded"), error);
                default:
                    return new AwsEndpointException(failure.Value, AwsErrorIds.EndpointUnreachable, AoErrorKind.Connection,
                        $"The connection to {url} broke during {call}: {Innermost(error).Message}", url, Hint(endpoint, "is up"), error);
            }
        }

        /// <summary>An HTTP answer from something that is not AWS (see <see cref="Protocols.ErrorParser.IsForeign"/>).</summary>
        public static AwsEndpointException NotAws(ResolvedEndpoint endpoint, string service, string operation, int statusCode) =>
            new AwsEndpointException(EndpointFailureKind.NotAws, AwsErrorIds.EndpointNotAws, AoErrorKind.Connection,
                $"{endpoint.Url} answered {service} {operation} with HTTP {statusCode} and neither an AWS error code nor a request id: " +
                "it is not an AWS endpoint.", endpoint.Url,
                endpoint.IsOverride
                    ? "Check -EndpointUrl (or AWS_ENDPOINT_URL): it must be the base URL of an AWS-compatible endpoint such as LocalStack or moto_server."
                    : "Check for a proxy between this machine and AWS that answers in its place.",
                null);

        private static string Hint(ResolvedEndpoint endpoint, string what) => endpoint.IsOverride
            ? $"Check that the endpoint given by -EndpointUrl (or AWS_ENDPOINT_URL) {what}."
            : "Check the network between this machine and AWS (DNS, proxy, firewall) and that the region offers the service.";

        private static Exception Innermost(Exception error)
        {
            var e = error;
            while (e.InnerException != null) e = e.InnerException;
            return e;
        }
    }
}
