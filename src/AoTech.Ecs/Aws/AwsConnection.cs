using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.EC2;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SimpleSystemsManagement;
using AoTech.Ecs.Aws.Credentials;
using AoTech.Ecs.Aws.Endpoints;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Aws.Protocols;
using AoTech.Ecs.Aws.Retry;
using RetryPolicy = AoTech.Ecs.Aws.Retry.RetryPolicy;
using AoTech.Ecs.Aws.Signing;
using AoTech.Ecs.Errors;

namespace AoTech.Ecs.Aws
{
    /// <summary>
    /// The way into AWS: resolved credentials, region and endpoints, our own signed HTTP clients for the services
    /// without an AWSSDK package (<see cref="SendAsync{T}"/>), and AWSSDK clients for EC2, SSM and STS
    /// (<see cref="CallSdkAsync{T}"/>). Both paths share the retry policy, the error type and the call observer.
    /// </summary>
    public sealed class AwsConnection : IDisposable
    {
        // One HttpClient per connection, for our own clients and the AWSSDK ones alike, disposed with the connection.
        // Not shared with other connections: a run stopped mid-call (Ctrl+C) leaves its sockets in whatever state the
        // cancellation left them, and a process-wide pool (ours, or the AWSSDK's default HttpClient cache) would hand
        // such a socket to the next run, whose request could then wait for the HTTP timeout. Disposing closes them all.
        private readonly HttpClient _http = new HttpClient { Timeout = TimeSpan.FromSeconds(100) };
        private readonly SdkHttpClientFactory _sdkHttp;
        private int _disposed;

        private readonly AwsConnectionOptions _options;
        private readonly IAwsCallObserver? _observer;
        private readonly RetryPolicy _retry;
        private readonly ConcurrentDictionary<AwsService, ResolvedEndpoint> _endpoints = new ConcurrentDictionary<AwsService, ResolvedEndpoint>();
        private readonly Func<string, string?> _getEnv;
        private readonly Lazy<AmazonEC2Client> _ec2;
        private readonly Lazy<AmazonSimpleSystemsManagementClient> _ssm;
        private readonly Lazy<AmazonSecurityTokenServiceClient> _sts;

        private AwsConnection(AwsConnectionOptions options, IAwsCallObserver? observer, ResolvedCredentials credentials,
            string region, Func<string, string?> getEnv)
        {
            _options = options;
            _observer = observer;
            _retry = options.RetryPolicy ?? RetryPolicy.Default;
            _getEnv = getEnv;
            Credentials = credentials.Credentials;
            CredentialSource = credentials.Source;
            Region = region;
            _sdkHttp = new SdkHttpClientFactory(_http);
            _ec2 = new Lazy<AmazonEC2Client>(() => new AmazonEC2Client(Credentials, Configure(new AmazonEC2Config(), AwsService.Ec2)));
            _ssm = new Lazy<AmazonSimpleSystemsManagementClient>(() =>
                new AmazonSimpleSystemsManagementClient(Credentials, Configure(new AmazonSimpleSystemsManagementConfig(), AwsService.Ssm)));
            _sts = new Lazy<AmazonSecurityTokenServiceClient>(() =>
                new AmazonSecurityTokenServiceClient(Credentials, Configure(new AmazonSecurityTokenServiceConfig(), AwsService.Sts)));
        }

        /// <summary>
        /// Resolves credentials, region and endpoint settings. Throws AoEcsException "NoCredentials" / "NoRegion"
        /// (listing what was tried) or "InvalidEndpointUrl". Makes no AWS call.
        /// </summary>
        public static AwsConnection Create(AwsConnectionOptions options, IAwsCallObserver? observer = null) =>
            Create(options, observer, null);

        internal static AwsConnection Create(AwsConnectionOptions options, IAwsCallObserver? observer, Func<string, string?>? getEnv)
        {
            getEnv ??= Environment.GetEnvironmentVariable;
            var credentials = CredentialResolver.Resolve(options, getEnv);
            var region = RegionResolver.Resolve(options, credentials, getEnv);
            var connection = new AwsConnection(options, observer, credentials, region, getEnv);
            connection.GetEndpoint(AwsService.Ecs); // validates an -EndpointUrl early
            return connection;
        }

        public string Region { get; }
        public AWSCredentials Credentials { get; }
        /// <summary>Where the credentials came from, for -Verbose (e.g. "profile 'dev' (-ProfileName)").</summary>
        public string CredentialSource { get; }

        public AmazonEC2Client Ec2 => _ec2.Value;
        public AmazonSimpleSystemsManagementClient Ssm => _ssm.Value;
        public AmazonSecurityTokenServiceClient Sts => _sts.Value;

        public ResolvedEndpoint GetEndpoint(AwsService service) =>
            _endpoints.GetOrAdd(service, s => EndpointResolver.Resolve(s, Region, _options.EndpointUrl, _getEnv));

        /// <summary>
        /// Encodes, signs, sends (with retries) and decodes one call; AWS errors become AwsServiceException.
        /// <paramref name="idempotent"/> false: a call that may have been carried out without an answer (dropped
        /// connection, timeout, 5xx) is not repeated blindly; its error is thrown for the caller to look first.
        /// Cancelling <paramref name="ct"/> abandons a read at once, but a change already sent is given
        /// <see cref="AwsConnectionOptions.StopGracePeriod"/> to be answered (see <see cref="InFlight"/>); nothing is
        /// sent once <paramref name="ct"/> is cancelled.
        /// </summary>
        public async Task<T> SendAsync<T>(AwsRequest<T> request, CancellationToken ct = default, bool idempotent = true) where T : new()
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var service = request.Service;
            var operation = ShapeMap.GetOperation(request.GetType()).Name;
            var codec = ProtocolCodecs.For(service);
            var endpoint = GetEndpoint(service);

            var http = codec.Encode(request);
            // A base path in the endpoint (a proxy prefix) goes before the operation's path.
            var basePath = endpoint.Url.AbsolutePath.TrimEnd('/');
            if (basePath.Length > 0) http.Path = Uri.UnescapeDataString(basePath) + http.Path;
            http.Headers.Insert(0, new KeyValuePair<string, string>("Host", endpoint.Url.IsDefaultPort
                ? endpoint.Url.Host
                : endpoint.Url.Host + ":" + endpoint.Url.Port));

            var call = new CallState();
            return await ObserveAsync(service.ModelName, operation, call, endpoint, ct, () => _retry.ExecuteAsync(async (attempt, token) =>
            {
                call.Attempts = attempt;
                call.StatusCode = null;
                var immutable = await GetCredentialsAsync().ConfigureAwait(false);
                var signature = SigV4Signer.Sign(http,
                    new SigningCredentials(immutable.AccessKey, immutable.SecretKey, immutable.Token),
                    endpoint.SigningRegion, service.SigningName, DateTime.UtcNow);

                using var message = ToHttpRequestMessage(http, endpoint.Url, signature, UserAgent);
                using var inFlight = new InFlight(operation, token, StopGracePeriod);
                using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, inFlight.Token).ConfigureAwait(false);
                var answer = await ReadResponseAsync(response).ConfigureAwait(false);
                call.StatusCode = answer.StatusCode;
                call.RequestId = answer.GetHeader("x-amzn-RequestId") ?? answer.GetHeader("x-amz-request-id");
                if (!answer.IsSuccess)
                    throw ErrorParser.IsForeign(answer)
                        ? EndpointFailures.NotAws(endpoint, service.ModelName, operation, answer.StatusCode)
                        : (Exception)ErrorParser.Parse(service, operation, answer);
                try
                {
                    return (T)codec.Decode(typeof(T), service, operation, answer);
                }
                catch (Exception e) when (e is System.Text.Json.JsonException || e is System.Xml.XmlException ||
                                          e is FormatException || e is InvalidOperationException || e is OverflowException)
                {
                    throw new AoEcsException(AwsErrorIds.InvalidAwsResponse, AoErrorKind.InvalidData,
                        $"{service} {operation} answered HTTP {answer.StatusCode} with a body that could not be read: {e.Message}",
                        operation, e);
                }
            }, ct, idempotent)).ConfigureAwait(false);
        }

        /// <summary>
        /// Calls an AWSSDK client (Ec2, Ssm, Sts) under our retry policy and observer; AmazonServiceException becomes
        /// AwsServiceException. E.g. <c>CallSdkAsync("ec2", "CreateVpc", t => c.Ec2.CreateVpcAsync(req, t), ct)</c>.
        /// <paramref name="idempotent"/> as for <see cref="SendAsync{T}"/>.
        /// </summary>
        public Task<T> CallSdkAsync<T>(string service, string operation, Func<CancellationToken, Task<T>> call,
            CancellationToken ct = default, bool idempotent = true)
        {
            var state = new CallState();
            var endpoint = GetEndpoint(SdkService(service));
            return ObserveAsync(service, operation, state, endpoint, ct, () => _retry.ExecuteAsync(async (attempt, token) =>
            {
                state.Attempts = attempt;
                state.StatusCode = null;
                try
                {
                    using var inFlight = new InFlight(operation, token, StopGracePeriod);
                    var result = await call(inFlight.Token).ConfigureAwait(false);
                    if (result is AmazonWebServiceResponse sdkResponse)
                    {
                        state.StatusCode = (int)sdkResponse.HttpStatusCode;
                        state.RequestId = sdkResponse.ResponseMetadata?.RequestId;
                    }
                    return result;
                }
                catch (AmazonServiceException e) when (e.StatusCode != 0 || !string.IsNullOrEmpty(e.ErrorCode))
                {
                    state.StatusCode = (int)e.StatusCode;
                    // The SDK's view of an answer without an AWS error code or request id: not an AWS endpoint.
                    if (string.IsNullOrEmpty(e.ErrorCode) && string.IsNullOrEmpty(e.RequestId) &&
                        ((int)e.StatusCode >= 400 && (int)e.StatusCode < 500 || (int)e.StatusCode == 501 || (int)e.StatusCode == 505))
                        throw EndpointFailures.NotAws(endpoint, service, operation, (int)e.StatusCode);
                    throw new AwsServiceException(service, operation, e.ErrorCode ?? ((int)e.StatusCode).ToString(),
                        e.Message, (int)e.StatusCode, e.RequestId, e);
                }
                catch (AmazonClientException e) when (e.InnerException is HttpRequestException || e.InnerException is System.IO.IOException)
                {
                    // The SDK wraps dropped connections; rethrow the network error so the retry policy sees it.
                    throw e.InnerException;
                }
            }, ct, idempotent));
        }

        /// <summary>
        /// Current keys (refreshing SSO, assume-role and instance credentials as needed). A source that cannot deliver
        /// (expired SSO login, unreachable metadata) becomes AoEcsException "CredentialsUnavailable".
        /// </summary>
        private async Task<ImmutableCredentials> GetCredentialsAsync()
        {
            try
            {
                return await Credentials.GetCredentialsAsync().ConfigureAwait(false);
            }
            catch (Exception e) when ((e is AmazonClientException && !(e is AmazonServiceException)) || e is InvalidOperationException)
            {
                throw new AoEcsException(AwsErrorIds.CredentialsUnavailable, AoErrorKind.Authentication,
                    $"Could not get AWS credentials from {CredentialSource}: {e.Message}", CredentialSource, e);
            }
        }

        /// <summary>How long a stopped run waits for the answer to a change it has already sent.</summary>
        private TimeSpan StopGracePeriod => _options.StopGracePeriod ?? TimeSpan.FromSeconds(10);

        /// <summary>Describe*, List*, Get*, ...: calls that change nothing, so abandoning them mid-flight loses nothing.</summary>
        internal static bool IsReadOnly(string operation) =>
            operation.StartsWith("Describe", StringComparison.Ordinal) || operation.StartsWith("List", StringComparison.Ordinal) ||
            operation.StartsWith("Get", StringComparison.Ordinal) || operation.StartsWith("BatchGet", StringComparison.Ordinal) ||
            operation.StartsWith("Lookup", StringComparison.Ordinal);

        /// <summary>
        /// The token one HTTP attempt travels with. A read follows the run's token and is abandoned as soon as the run
        /// stops. A change already on its way is not: AWS carries it out whether or not anyone waits for the answer, and
        /// a run that returned while its request was still being worked on let the next run race it. That run's discovery
        /// did not see the certificate being made yet and requested another one, which the backend made too (issue 18).
        /// So a change is given a grace period after the stop to be answered: when a stopped run returns (and releases
        /// the app lock), everything it sent has been done or refused. Nothing new is sent after the stop.
        /// </summary>
        private sealed class InFlight : IDisposable
        {
            private readonly CancellationTokenSource? _grace;
            private readonly CancellationTokenRegistration _registration;

            public InFlight(string operation, CancellationToken stop, TimeSpan grace)
            {
                stop.ThrowIfCancellationRequested();
                if (IsReadOnly(operation) || !stop.CanBeCanceled)
                {
                    Token = stop;
                    return;
                }
                _grace = new CancellationTokenSource();
                var source = _grace;
                _registration = stop.Register(() =>
                {
                    try
                    {
                        source.CancelAfter(grace);
                    }
                    catch (ObjectDisposedException)
                    {
                        // The answer came first.
                    }
                });
                Token = _grace.Token;
            }

            public CancellationToken Token { get; }

            public void Dispose()
            {
                _registration.Dispose();
                _grace?.Dispose();
            }
        }

        private sealed class CallState
        {
            public int Attempts;
            public int? StatusCode;
            public string? RequestId;
        }

        /// <summary>The AwsService of an AWSSDK client's service name ("ec2", "ssm", "sts").</summary>
        private static AwsService SdkService(string service) =>
            AwsService.All.First(s => string.Equals(s.ModelName, service, StringComparison.Ordinal));

        /// <summary>
        /// Runs a call (with its retries), tells the observer about it, and turns a transport failure the retries could
        /// not mend into an <see cref="AwsEndpointException"/> that names the endpoint and what to check.
        /// </summary>
        private async Task<T> ObserveAsync<T>(string service, string operation, CallState state, ResolvedEndpoint endpoint,
            CancellationToken ct, Func<Task<T>> run)
        {
            var clock = Stopwatch.StartNew();
            string? errorCode = null;
            try
            {
                try
                {
                    return await run().ConfigureAwait(false);
                }
                catch (Exception e) when (EndpointFailures.Explain(e, endpoint, service, operation, ct) is AwsEndpointException failure
                                          && !ReferenceEquals(failure, e))
                {
                    throw failure;
                }
            }
            catch (AwsServiceException e)
            {
                errorCode = e.ErrorCode;
                state.RequestId = e.RequestId ?? state.RequestId;
                throw;
            }
            catch (AoEcsException e)
            {
                errorCode = e.ErrorId;
                throw;
            }
            catch (Exception e)
            {
                errorCode = e.GetType().Name;
                throw;
            }
            finally
            {
                if (_observer != null)
                {
                    try
                    {
                        _observer.OnCall(new AwsCallRecord(service, operation, clock.Elapsed, state.Attempts,
                            state.StatusCode, errorCode, state.RequestId));
                    }
                    catch (Exception)
                    {
                        // An observer (logging) must never change the outcome of the call.
                    }
                }
            }
        }

        /// <summary>
        /// This module and version, then the caller's application id in the AWS SDKs' form (<c>app/&lt;id&gt;</c>), as the
        /// AWSSDK clients send it too (<see cref="AwsConnectionOptions.ClientAppId"/>).
        /// </summary>
        internal string UserAgent => "AoTech.Ecs/" + ModuleVersion +
                                     (string.IsNullOrEmpty(_options.ClientAppId) ? "" : " app/" + _options.ClientAppId);

        private static readonly string ModuleVersion =
            typeof(AwsConnection).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

        private static HttpRequestMessage ToHttpRequestMessage(AwsHttpRequest http, Uri baseUrl, SigV4Result signature, string userAgent)
        {
            // The wire path and query are the canonical ones, so what was signed is exactly what is sent.
            var query = SigV4Signer.CanonicalQueryString(http.Query);
            var url = baseUrl.GetLeftPart(UriPartial.Authority) + SigV4Signer.CanonicalPath(http.Path, normalize: true)
                      + (query.Length > 0 ? "?" + query : "");
            var message = new HttpRequestMessage(new HttpMethod(http.Method), new Uri(url));
            // Not signed (a proxy may rewrite it), as the AWS SDKs do.
            message.Headers.TryAddWithoutValidation("User-Agent", userAgent);
            if (http.Body.Length > 0 || http.Method == "POST" || http.Method == "PUT")
                message.Content = new ByteArrayContent(http.Body);
            foreach (var header in http.Headers.Concat(signature.HeadersToAdd))
            {
                if (string.Equals(header.Key, "Host", StringComparison.OrdinalIgnoreCase))
                    message.Headers.Host = header.Value;
                else if (header.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
                    message.Content?.Headers.TryAddWithoutValidation(header.Key, header.Value);
                else
                    message.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
            return message;
        }

        private static async Task<AwsHttpResponse> ReadResponseAsync(HttpResponseMessage response)
        {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var h in response.Headers.Concat(response.Content.Headers))
                headers[h.Key] = string.Join(",", h.Value);
            var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            return new AwsHttpResponse((int)response.StatusCode, headers, body);
        }

        private TConfig Configure<TConfig>(TConfig config, AwsService service) where TConfig : ClientConfig
        {
            var endpoint = GetEndpoint(service);
            if (endpoint.IsOverride)
            {
                config.ServiceURL = endpoint.Url.ToString();
                config.AuthenticationRegion = endpoint.SigningRegion;
            }
            else
            {
                config.RegionEndpoint = RegionEndpoint.GetBySystemName(Region);
            }
            if (!string.IsNullOrEmpty(_options.ClientAppId)) config.ClientAppId = _options.ClientAppId;
            // Our RetryPolicy does the retrying, so the SDK makes exactly one attempt per call.
            config.MaxErrorRetry = 0;
            // The SDK also repeats, up to 10 times and outside MaxErrorRetry, a call whose pooled connection closed
            // before an answer ("stale connection"): that is exactly a lost answer, and repeating a create then makes
            // duplicates. Our policy decides (see RetryPolicy.IsAmbiguous).
            config.MaxStaleConnectionRetries = 0;
            // The SDK clients use this connection's HttpClient, not the SDK's process-wide cache (see _http).
            config.HttpClientFactory = _sdkHttp;
            return config;
        }

        /// <summary>
        /// Closes every socket this connection opened (the AWSSDK clients' too). Cmdlets dispose their connection when
        /// the invocation ends, stopped or not, so no later call can be given a socket a cancelled call left behind.
        /// </summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            if (_ec2.IsValueCreated) _ec2.Value.Dispose();
            if (_ssm.IsValueCreated) _ssm.Value.Dispose();
            if (_sts.IsValueCreated) _sts.Value.Dispose();
            _http.Dispose();
        }

        /// <summary>Hands the AWSSDK clients the connection's own HttpClient; the connection owns and disposes it.</summary>
        private sealed class SdkHttpClientFactory : HttpClientFactory
        {
            private readonly HttpClient _client;
            public SdkHttpClientFactory(HttpClient client) => _client = client;
            public override HttpClient CreateHttpClient(IClientConfig clientConfig) => _client;
            public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;
            public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
            public override string GetConfigUniqueString(IClientConfig clientConfig) => "aotech-connection";
        }
    }
}
