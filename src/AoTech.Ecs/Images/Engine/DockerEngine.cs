using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Errors;
using Docker.DotNet;

namespace AoTech.Ecs.Images.Engine
{
    /// <summary>
    /// The Docker Engine API calls the images need, over the endpoint's transport (unix socket, named pipe, TCP, TLS with
    /// client certificates). Docker.DotNet supplies the transport; requests and the engine's JSON message streams are
    /// made and read here, because its typed API has no BuildKit build (builder version 2), drops /_ping's headers and
    /// cannot read BuildKit's trace messages. Every call is told to <see cref="CallLog"/> with its outcome and duration.
    /// </summary>
    internal sealed class DockerEngine : IDisposable
    {
        private readonly DockerEndpoint _endpoint;
        private readonly DockerClient _transport; // owns the message handler both clients use
        private readonly HttpClient _http;
        private readonly Uri _base;

        public DockerEngine(DockerEndpoint endpoint)
        {
            _endpoint = endpoint;
            var capture = new TransportCapture(endpoint.CreateCredentials());
            _transport = new DockerClientConfiguration(endpoint.Uri, capture).CreateClient();
            _http = new HttpClient(capture.Handler ?? throw new InvalidOperationException("Docker.DotNet did not create a message handler."), disposeHandler: false)
            {
                // Builds and pushes take as long as they take; the caller's cancellation bounds them.
                Timeout = Timeout.InfiniteTimeSpan,
            };
            _base = BaseUri(endpoint);
        }

        public void Dispose()
        {
            _http.Dispose();
            _transport.Dispose();
        }

        /// <summary>Told about each call: operation, outcome and duration (for -Verbose). Never auth data.</summary>
        public Action<string>? CallLog { get; set; }

        public override string ToString() => _endpoint.ToString();

        // The handlers ignore the host for sockets and pipes; for TCP the URI is the engine's own, https with TLS.
        private static Uri BaseUri(DockerEndpoint endpoint)
        {
            switch (endpoint.Uri.Scheme)
            {
                case "tcp":
                case "http":
                case "https":
                    var scheme = endpoint.UsesTls || endpoint.Uri.Scheme == "https" ? "https" : "http";
                    return new UriBuilder(scheme, endpoint.Uri.Host, endpoint.Uri.Port, "/").Uri;
                default:
                    return new Uri("http://docker/");
            }
        }

        /// <summary>Asks for the engine's identity (/_ping); DockerHostUnreachable when it does not answer within 15 seconds.</summary>
        public async Task<EngineInfo> PingAsync(CancellationToken ct)
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                timeout.CancelAfter(TimeSpan.FromSeconds(15));
                try
                {
                    return await CallAsync("Ping", async () =>
                    {
                        using (var response = await SendAsync(HttpMethod.Get, "_ping", null, null, timeout.Token).ConfigureAwait(false))
                        {
                            return EngineInfo.FromHeaders(response.Headers);
                        }
                    }, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (!ct.IsCancellationRequested && IsConnectionFailure(ex))
                {
                    throw new AoEcsException(ImageErrorIds.DockerHostUnreachable, AoErrorKind.Connection,
                        $"No Docker engine answers at {_endpoint}: {Describe(ex)}", _endpoint.ToString(), ex);
                }
            }
        }

        /// <summary>Logs the engine in to a registry (as `docker login` does); EngineApiException when refused.</summary>
        public Task AuthenticateAsync(RegistryAuth auth, CancellationToken ct) =>
            CallAsync("Authenticate " + auth.ServerAddress, async () =>
            {
                var body = new ByteArrayContent(auth.ToJson());
                body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using (await SendAsync(HttpMethod.Post, "auth", body, null, ct).ConfigureAwait(false))
                {
                    return true;
                }
            }, ct);

        /// <summary>The full ID of a local image, or null when the engine has no image of that name.</summary>
        public Task<string?> InspectImageIdAsync(string name, CancellationToken ct) =>
            CallAsync("InspectImage " + name, async () =>
            {
                try
                {
                    using (var response = await SendAsync(HttpMethod.Get, "images/" + name + "/json", null, null, ct).ConfigureAwait(false))
                    using (var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync().ConfigureAwait(false), default, ct).ConfigureAwait(false))
                    {
                        return document.RootElement.TryGetProperty("Id", out var id) ? id.GetString() : null;
                    }
                }
                catch (EngineApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
                {
                    return null;
                }
            }, ct);

        /// <summary>
        /// A call whose answer is a stream of JSON messages (build, push, pull): every message goes to onMessage as it
        /// arrives; the call ends when the stream does. A refusal before the stream starts is an EngineApiException.
        /// </summary>
        public Task StreamAsync(string operation, HttpMethod method, string pathAndQuery, HttpContent? content, IDictionary<string, string>? headers,
            Action<EngineMessage> onMessage, CancellationToken ct) =>
            CallAsync(operation, async () =>
            {
                using (var response = await SendAsync(method, pathAndQuery, content, headers, ct).ConfigureAwait(false))
                using (var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
                using (ct.Register(() => body.Dispose()))
                {
                    await EngineMessageReader.ReadAllAsync(body, onMessage, ct).ConfigureAwait(false);
                    return true;
                }
            }, ct);

        /// <summary>A call with no answer worth reading (e.g. cancelling a build).</summary>
        public Task PostAsync(string operation, string pathAndQuery, CancellationToken ct) =>
            CallAsync(operation, async () =>
            {
                using (await SendAsync(HttpMethod.Post, pathAndQuery, null, null, ct).ConfigureAwait(false))
                {
                    return true;
                }
            }, ct);

        /// <summary>Sends a request and returns the response once its headers are in; a non-2xx status is an EngineApiException.</summary>
        private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, HttpContent? content,
            IDictionary<string, string>? headers, CancellationToken ct)
        {
            var request = new HttpRequestMessage(method, new Uri(_base, pathAndQuery)) { Content = content };
            if (headers != null)
            {
                foreach (var header in headers)
                {
                    request.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }
            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }
            using (response)
            {
                var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                throw new EngineApiException(response.StatusCode, EngineMessageReader.ErrorBodyMessage(body));
            }
        }

        // Docker calls are not retried: the engine is local or a single remote host, and a build is not idempotent.
        private async Task<T> CallAsync<T>(string operation, Func<Task<T>> call, CancellationToken ct)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                var result = await call().ConfigureAwait(false);
                CallLog?.Invoke(string.Format(CultureInfo.InvariantCulture, "Docker {0}: OK in {1:N0} ms (1 attempt)", operation, watch.Elapsed.TotalMilliseconds));
                return result;
            }
            catch (Exception ex)
            {
                var code = ex is EngineApiException api ? "HTTP " + (int)api.StatusCode : ex.GetType().Name;
                CallLog?.Invoke(string.Format(CultureInfo.InvariantCulture, "Docker {0}: {1} in {2:N0} ms (1 attempt)", operation, code, watch.Elapsed.TotalMilliseconds));
                if (ct.IsCancellationRequested && !(ex is OperationCanceledException))
                {
                    // Cancelling closes the response stream under the reader: what that throws is the cancellation.
                    throw new OperationCanceledException(operation + " was cancelled.", ex, ct);
                }
                throw;
            }
        }

        internal static bool IsConnectionFailure(Exception ex) =>
            ex is HttpRequestException || ex is SocketException || ex is IOException || ex is TimeoutException ||
            ex is System.Security.Authentication.AuthenticationException ||
            ex is OperationCanceledException || ex is EngineApiException ||
            (ex.InnerException != null && IsConnectionFailure(ex.InnerException));

        private static string Describe(Exception ex)
        {
            while (ex.InnerException != null && (ex is HttpRequestException || ex is AggregateException))
            {
                ex = ex.InnerException;
            }
            return ex is OperationCanceledException ? "no answer within 15 seconds." : ex.Message;
        }

        /// <summary>
        /// Credentials that hand on the endpoint's own (TLS client certificate or none) and keep the message handler
        /// Docker.DotNet builds for the endpoint, so this class's requests travel the same way as Docker.DotNet's.
        /// </summary>
        private sealed class TransportCapture : Credentials
        {
            private readonly Credentials _inner;

            public TransportCapture(Credentials inner) => _inner = inner;

            public HttpMessageHandler? Handler { get; private set; }

            public override bool IsTlsCredentials() => _inner.IsTlsCredentials();

            public override HttpMessageHandler GetHandler(HttpMessageHandler innerHandler) => Handler = _inner.GetHandler(innerHandler);

            public override void Dispose() => _inner.Dispose();
        }
    }

    /// <summary>The engine refused a request: its HTTP status and the message of its error body.</summary>
    internal sealed class EngineApiException : Exception
    {
        public EngineApiException(HttpStatusCode statusCode, string message) : base(message) => StatusCode = statusCode;

        public HttpStatusCode StatusCode { get; }
    }
}
