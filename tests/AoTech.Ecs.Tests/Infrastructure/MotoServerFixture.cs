using System;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using AoTech.Ecs.Aws;
using Xunit;

namespace AoTech.Ecs.Tests.Infrastructure
{
    /// <summary>
    /// A real AWS-compatible backend for the live tests: moto_server from PATH on a free 127.0.0.1 port (killed on
    /// dispose), or the endpoint named by AOTECH_TEST_ENDPOINT (e.g. a LocalStack) when that is set. In front of it, on
    /// by default, the layer of documented AWS behaviour (tests/tools/aws_behaviour.py, catalogued in
    /// tests/AwsBehaviour.Catalogue.md); AOTECH_TEST_AWS_BEHAVIOUR=off turns it off for a whole run.
    /// </summary>
    public class MotoServerFixture : IDisposable
    {
        /// <summary>False when AOTECH_TEST_AWS_BEHAVIOUR=off: the live tests then talk to moto as it is.</summary>
        public static bool BehaviourOn =>
            !string.Equals(Environment.GetEnvironmentVariable("AOTECH_TEST_AWS_BEHAVIOUR"), "off", StringComparison.OrdinalIgnoreCase);

        public const string AccessKey = "testing";
        public const string SecretKey = "testing";
        public const string Region = "us-east-1";

        private Process? _process;

        public MotoServerFixture() : this(null) { }

        /// <param name="environment">Extra moto settings (e.g. INITIAL_NO_AUTH_ACTION_COUNT); ignored for AOTECH_TEST_ENDPOINT.</param>
        /// <param name="behaviour">Put the layer of documented AWS behaviour in front (unless AOTECH_TEST_AWS_BEHAVIOUR=off).</param>
        protected MotoServerFixture(System.Collections.Generic.IDictionary<string, string>? environment, bool behaviour = true)
        {
            StartBackend(environment);
            if (!behaviour || !BehaviourOn) return;
            try
            {
                Layer = new LoggingProxy(UpstreamUrl, behaviour: true);
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        /// <summary>The layer of documented AWS behaviour in front of the backend, or null when it is off.</summary>
        public LoggingProxy? Layer { get; }

        /// <summary>The backend itself (moto), without the layer: for setting up state as another tool would.</summary>
        public string UpstreamUrl { get; private set; } = "";

        private void StartBackend(System.Collections.Generic.IDictionary<string, string>? environment)
        {
            // A fixture with its own moto settings always starts its own server; those settings mean nothing elsewhere.
            var external = environment == null ? Environment.GetEnvironmentVariable("AOTECH_TEST_ENDPOINT") : null;
            if (!string.IsNullOrWhiteSpace(external))
            {
                UpstreamUrl = external!.TrimEnd('/');
                WaitUntilAnswering(TimeSpan.FromSeconds(30));
                return;
            }

            var port = FreePort();
            UpstreamUrl = $"http://127.0.0.1:{port}";
            var start = new ProcessStartInfo("moto_server", $"-H 127.0.0.1 -p {port}")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true";
            if (environment != null)
                foreach (var pair in environment) start.Environment[pair.Key] = pair.Value;
            try
            {
                _process = Process.Start(start) ?? throw new InvalidOperationException("moto_server did not start.");
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException("moto_server was not found on PATH (install moto[server]).", e);
            }
            // Drain its logs so a full pipe never blocks the server.
            _process.OutputDataReceived += (_, __) => { };
            _process.ErrorDataReceived += (_, __) => { };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            try
            {
                WaitUntilAnswering(TimeSpan.FromSeconds(60));
                // With request authentication on, every call counts; the warm-up would spend one of them.
                if (environment == null || !environment.ContainsKey("INITIAL_NO_AUTH_ACTION_COUNT")) WarmUp();
            }
            catch
            {
                Dispose(); // a fixture whose constructor throws is never disposed by xunit
                throw;
            }
        }

        /// <summary>Base URL to pass as -EndpointUrl / AwsConnectionOptions.EndpointUrl: the layer when on, else the backend.</summary>
        public string EndpointUrl => Layer?.EndpointUrl ?? UpstreamUrl;

        /// <summary>True when the tests run against AOTECH_TEST_ENDPOINT instead of a moto_server of their own.</summary>
        public bool IsExternal => _process == null;

        /// <summary>A connection straight to the backend, past the layer (setting up state as another tool would).</summary>
        public AwsConnection ConnectUpstream(IAwsCallObserver? observer = null) => AwsConnection.Create(new AwsConnectionOptions
        {
            EndpointUrl = UpstreamUrl,
            Region = Region,
            AccessKey = AccessKey,
            SecretKey = SecretKey,
        }, observer);

        /// <summary>A connection to the backend with the conventional test credentials (or the given ones).</summary>
        public AwsConnection Connect(IAwsCallObserver? observer = null, string accessKey = AccessKey, string secretKey = SecretKey,
            string region = Region) => AwsConnection.Create(new AwsConnectionOptions
        {
            EndpointUrl = EndpointUrl,
            Region = region,
            AccessKey = accessKey,
            SecretKey = secretKey,
        }, observer);

        private void WaitUntilAnswering(TimeSpan limit)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var deadline = DateTime.UtcNow + limit;
            while (true)
            {
                if (_process != null && _process.HasExited)
                    throw new InvalidOperationException($"moto_server exited with code {_process.ExitCode} while starting.");
                try
                {
                    // Any HTTP answer means the server is up; moto's root answers 200, LocalStack's /_localstack/health too.
                    using var response = http.GetAsync(UpstreamUrl + "/").GetAwaiter().GetResult();
                    return;
                }
                catch (Exception e) when (e is HttpRequestException || e is System.Threading.Tasks.TaskCanceledException)
                {
                    if (DateTime.UtcNow > deadline)
                        throw new InvalidOperationException($"The test backend at {UpstreamUrl} did not answer within {limit.TotalSeconds} s.", e);
                    Thread.Sleep(200);
                }
            }
        }

        /// <summary>
        /// moto loads its SSM backend (AWS's public parameters with it) on the first SSM call: seconds, and over ten on a
        /// loaded machine. That one-off cost is paid here, so it never lands inside a test's lock lease or grace period.
        /// </summary>
        private void WarmUp()
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(120) };
            using var request = new HttpRequestMessage(HttpMethod.Post, UpstreamUrl + "/")
            {
                Content = new StringContent("{\"MaxResults\": 1}", System.Text.Encoding.UTF8, "application/x-amz-json-1.1"),
            };
            request.Headers.Add("X-Amz-Target", "AmazonSSM.DescribeParameters");
            request.Headers.TryAddWithoutValidation("Authorization",
                $"AWS4-HMAC-SHA256 Credential={AccessKey}/20260101/{Region}/ssm/aws4_request, SignedHeaders=host, Signature=0");
            using var response = http.SendAsync(request).GetAwaiter().GetResult();
        }

        private static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        public virtual void Dispose()
        {
            Layer?.Dispose();
            if (_process == null) return;
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(10_000);
                }
            }
            finally
            {
                _process.Dispose();
            }
        }
    }

    /// <summary>Live tests share one backend per collection.</summary>
    [CollectionDefinition(Name)]
    public sealed class MotoCollection : ICollectionFixture<MotoServerFixture>
    {
        public const string Name = "moto";
    }
}
