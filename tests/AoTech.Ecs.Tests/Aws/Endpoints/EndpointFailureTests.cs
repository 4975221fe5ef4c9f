using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Endpoints;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Aws.Retry;
using AoTech.Ecs.Aws.Services.Ecs;
using AoTech.Ecs.Errors;
using Xunit;

namespace AoTech.Ecs.Tests.Aws.Endpoints
{
    /// <summary>
    /// Endpoints that give no AWS answer (issue 19 item 6): a refused connection, a TLS failure, a plain web server.
    /// Each ends as a connection error with a stable ErrorId, the endpoint as target and a hint, without the retries a
    /// passing network fault deserves.
    /// </summary>
    public class EndpointFailureTests
    {
        private sealed class Calls : IAwsCallObserver
        {
            public readonly List<AwsCallRecord> Records = new List<AwsCallRecord>();
            public void OnCall(AwsCallRecord record) { lock (Records) Records.Add(record); }
        }

        /// <summary>A web server that is not AWS: answers every request with one fixed HTTP response.</summary>
        private sealed class PlainWebServer : IDisposable
        {
            private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
            private readonly CancellationTokenSource _stop = new CancellationTokenSource();

            public PlainWebServer(int status, string reason, string contentType, string body)
            {
                _listener.Start();
                var response = Encoding.ASCII.GetBytes(
                    $"HTTP/1.1 {status} {reason}\r\nServer: nginx\r\nContent-Type: {contentType}\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n" + body);
                _ = Task.Run(async () =>
                {
                    while (!_stop.IsCancellationRequested)
                    {
                        TcpClient client;
                        try { client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false); }
                        catch (Exception) { return; }
                        _ = Task.Run(async () =>
                        {
                            using (client)
                            {
                                var stream = client.GetStream();
                                var buffer = new byte[65536];
                                try
                                {
                                    await stream.ReadAsync(buffer, 0, buffer.Length).ConfigureAwait(false);
                                    await stream.WriteAsync(response, 0, response.Length).ConfigureAwait(false);
                                }
                                catch (IOException) { }
                            }
                        });
                    }
                });
            }

            public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

            public void Dispose()
            {
                _stop.Cancel();
                _listener.Stop();
            }
        }

        private static int ClosedPort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        private static AwsConnection Connect(string endpoint, Calls calls) => AwsConnection.Create(new AwsConnectionOptions
        {
            AccessKey = "AKID", SecretKey = "secret", Region = "us-east-1", EndpointUrl = endpoint,
            // Retries that a passing fault would get, quickly: a test fails if an endpoint failure used them.
            RetryPolicy = new RetryPolicy(maxAttempts: 3, baseDelay: TimeSpan.FromMilliseconds(1), maxDelay: TimeSpan.FromMilliseconds(5)),
        }, calls);

        private static Task<DescribeClustersResponse> OwnClientCall(AwsConnection aws) =>
            aws.SendAsync(new DescribeClustersRequest { Clusters = new List<string> { "x" } });

        private static Task<Amazon.EC2.Model.DescribeVpcsResponse> SdkClientCall(AwsConnection aws) =>
            aws.CallSdkAsync("ec2", "DescribeVpcs", t => aws.Ec2.DescribeVpcsAsync(new Amazon.EC2.Model.DescribeVpcsRequest(), t));

        [Fact]
        public async Task RefusedConnectionIsEndpointUnreachableAtOnce()
        {
            var calls = new Calls();
            var url = $"http://127.0.0.1:{ClosedPort()}";
            using var aws = Connect(url, calls);
            var e = await Assert.ThrowsAsync<AwsEndpointException>(() => OwnClientCall(aws));
            Assert.Equal(AwsErrorIds.EndpointUnreachable, e.ErrorId);
            Assert.Equal(AoErrorKind.Connection, e.Kind);
            Assert.Equal(EndpointFailureKind.Refused, e.Failure);
            Assert.Equal(url + "/", e.Target);
            Assert.Contains("refused", e.Message);
            Assert.Contains("-EndpointUrl", e.RecommendedAction);
            Assert.Equal(1, Assert.Single(calls.Records).Attempts);
            Assert.Equal(AwsErrorIds.EndpointUnreachable, calls.Records[0].ErrorCode);

            var sdk = await Assert.ThrowsAsync<AwsEndpointException>(() => SdkClientCall(aws));
            Assert.Equal(AwsErrorIds.EndpointUnreachable, sdk.ErrorId);
            Assert.Equal(1, calls.Records[1].Attempts);
        }

        [Theory]
        [InlineData(404, "Not Found", "text/html", "<html><head><title>404 Not Found</title></head><body><hr><center>nginx</center></body></html>")]
        [InlineData(501, "Not Implemented", "text/html", "<!DOCTYPE HTML><html><body><p>Error code: 501</p><p>Message: Unsupported method ('POST').</body></html>")]
        [InlineData(403, "Forbidden", "application/json", "{\"error\": \"forbidden\"}")]
        public async Task PlainWebServerIsEndpointNotAws(int status, string reason, string contentType, string body)
        {
            using var server = new PlainWebServer(status, reason, contentType, body);
            var calls = new Calls();
            using var aws = Connect($"http://127.0.0.1:{server.Port}", calls);
            var e = await Assert.ThrowsAsync<AwsEndpointException>(() => OwnClientCall(aws));
            Assert.Equal(AwsErrorIds.EndpointNotAws, e.ErrorId);
            Assert.Equal(AoErrorKind.Connection, e.Kind);
            Assert.Contains($"HTTP {status}", e.Message);
            Assert.Equal(1, calls.Records[0].Attempts);

            var sdk = await Assert.ThrowsAsync<AwsEndpointException>(() => SdkClientCall(aws));
            Assert.Equal(AwsErrorIds.EndpointNotAws, sdk.ErrorId);
        }

        [Fact]
        public async Task TlsToAPlainServerIsEndpointTlsFailed()
        {
            using var server = new PlainWebServer(400, "Bad Request", "text/plain", "not TLS");
            var calls = new Calls();
            using var aws = Connect($"https://127.0.0.1:{server.Port}", calls);
            var e = await Assert.ThrowsAsync<AwsEndpointException>(() => OwnClientCall(aws));
            Assert.Equal(AwsErrorIds.EndpointTlsFailed, e.ErrorId);
            Assert.Equal(AoErrorKind.Connection, e.Kind);
            Assert.Equal(1, calls.Records[0].Attempts);
        }

        [Fact]
        public async Task AnAwsErrorWithoutBodyStaysAnAwsErrorAndIsRetried()
        {
            // A load balancer's bare 503 in front of AWS: worth retrying, and not "not AWS".
            using var server = new PlainWebServer(503, "Service Unavailable", "text/plain", "service unavailable");
            var calls = new Calls();
            using var aws = Connect($"http://127.0.0.1:{server.Port}", calls);
            var e = await Assert.ThrowsAsync<AwsServiceException>(() => OwnClientCall(aws));
            Assert.Equal(503, e.StatusCode);
            Assert.Equal(3, calls.Records[0].Attempts);
        }

        [Fact]
        public async Task AnAwsErrorCodeIsNeverNotAws()
        {
            using var server = new PlainWebServer(400, "Bad Request", "application/x-amz-json-1.1",
                "{\"__type\":\"ClientException\",\"message\":\"nope\"}");
            using var aws = Connect($"http://127.0.0.1:{server.Port}", new Calls());
            var e = await Assert.ThrowsAsync<AwsServiceException>(() => OwnClientCall(aws));
            Assert.Equal("ClientException", e.ErrorCode);
        }

        [Fact]
        public void TransportFailuresAreClassifiedOnce()
        {
            var none = CancellationToken.None;
            Assert.Equal(EndpointFailureKind.Refused, EndpointFailures.Classify(
                new HttpRequestException("x", new SocketException((int)SocketError.ConnectionRefused)), none));
            Assert.Equal(EndpointFailureKind.HostNotFound, EndpointFailures.Classify(
                new HttpRequestException("x", new SocketException((int)SocketError.HostNotFound)), none));
            Assert.Equal(EndpointFailureKind.Tls, EndpointFailures.Classify(
                new HttpRequestException("x", new System.Security.Authentication.AuthenticationException("bad cert")), none));
            Assert.Equal(EndpointFailureKind.TimedOut, EndpointFailures.Classify(new TaskCanceledException("HTTP timeout"), none));
            Assert.Equal(EndpointFailureKind.Broken, EndpointFailures.Classify(new IOException("reset"), none));
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            Assert.Null(EndpointFailures.Classify(new TaskCanceledException(), cancelled.Token));
            Assert.Null(EndpointFailures.Classify(new InvalidOperationException(), none));

            // Only what may pass is retried; the endpoint being wrong is final.
            Assert.False(RetryPolicy.IsRetryable(new HttpRequestException("x", new SocketException((int)SocketError.ConnectionRefused)), none));
            Assert.False(RetryPolicy.IsRetryable(new HttpRequestException("x", new System.Security.Authentication.AuthenticationException()), none));
            Assert.True(RetryPolicy.IsRetryable(new HttpRequestException("x", new IOException("reset")), none));
        }

        [Fact]
        public void AnSdkClientsTimeoutIsTimedOutRetriedWhenIdempotentAndAmbiguous()
        {
            // What an AWSSDK client (EC2, SSM, STS) throws when no answer comes within its timeout: a TimeoutException
            // around HttpClient's cancellation. An idempotent read is asked again; a create is not (it may have been made).
            var sdkTimeout = new TimeoutException("The operation was canceled.", new TaskCanceledException("HTTP timeout"));
            Assert.Equal(EndpointFailureKind.TimedOut, EndpointFailures.Classify(sdkTimeout, CancellationToken.None));
            Assert.True(RetryPolicy.IsRetryable(sdkTimeout, CancellationToken.None));
            Assert.True(RetryPolicy.IsAmbiguous(sdkTimeout, CancellationToken.None));
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            Assert.Null(EndpointFailures.Classify(sdkTimeout, cancelled.Token));
            var endpoint = EndpointResolver.Resolve(AwsService.Ec2, "us-east-1", "http://127.0.0.1:1");
            Assert.Equal(AwsErrorIds.EndpointTimedOut, EndpointFailures.Explain(sdkTimeout, endpoint, "ec2", "DescribeVpcs", CancellationToken.None)!.ErrorId);
        }

        [Fact]
        public void AnHttpTimeoutIsEndpointTimedOutAndAmbiguous()
        {
            var endpoint = EndpointResolver.Resolve(AwsService.Ecs, "us-east-1", "http://127.0.0.1:1");
            var e = EndpointFailures.Explain(new TaskCanceledException("HTTP timeout"), endpoint, "ecs", "CreateService", CancellationToken.None)!;
            Assert.Equal(AwsErrorIds.EndpointTimedOut, e.ErrorId);
            Assert.Equal(AoErrorKind.Timeout, e.Kind);
            Assert.True(RetryPolicy.IsAmbiguous(e, CancellationToken.None));
            var refused = EndpointFailures.Explain(new HttpRequestException("x", new SocketException((int)SocketError.ConnectionRefused)),
                endpoint, "ecs", "CreateService", CancellationToken.None)!;
            Assert.False(RetryPolicy.IsAmbiguous(refused, CancellationToken.None));
        }
    }
}
