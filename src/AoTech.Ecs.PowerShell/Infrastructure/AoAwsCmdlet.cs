using System;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using AoTech.Ecs.Aws;
using AoTech.Ecs.PowerShell.Completion;

namespace AoTech.Ecs.PowerShell.Infrastructure
{
    /// <summary>
    /// Base of every cmdlet that calls AWS: the common connection parameters, and a connection resolved once per
    /// invocation the way AWS users expect (parameters, then AWS.Tools session defaults, then the environment).
    /// </summary>
    public abstract class AoAwsCmdlet : AoAsyncCmdlet, IAwsCallObserver
    {
        /// <summary>AWS region, e.g. eu-west-1. Defaults to $StoredAWSRegion, AWS_REGION, AWS_DEFAULT_REGION or the profile's.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RegionCompleter))]
        public string? Region { get; set; }

        /// <summary>Named profile from the shared config/credentials files (SSO and assume-role profiles work).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string? ProfileName { get; set; }

        /// <summary>An AWSCredentials object (e.g. from AWS.Tools' Get-AWSCredential) or a PSCredential holding access key and secret key.</summary>
        [Parameter]
        [ValidateNotNull]
        public object? Credential { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? AccessKey { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SecretKey { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SessionToken { get; set; }

        /// <summary>Send every AWS call to this endpoint instead of AWS (LocalStack, moto_server).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? EndpointUrl { get; set; }

        private AwsConnection? _connection;
        private readonly object _connectionLock = new object();

        /// <summary>The AWS connection for this invocation, resolved on first use.</summary>
        protected AwsConnection Connection
        {
            get
            {
                lock (_connectionLock)
                {
                    try
                    {
                        return _connection ??= AwsConnection.Create(BuildOptions(), this);
                    }
                    catch (Exception ex)
                    {
                        _connectionFailure = ex;
                        throw;
                    }
                }
            }
        }

        private Exception? _connectionFailure;

        /// <summary>No credentials, no region, a bad -EndpointUrl: every input item would fail the same way.</summary>
        protected override bool IsInvocationWide(Exception ex) => ReferenceEquals(ex, _connectionFailure);

        /// <summary>
        /// Closes the invocation's connection (and its sockets): a stopped run must not leave sockets for the next one.
        /// </summary>
        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                AwsConnection? connection;
                lock (_connectionLock) { connection = _connection; _connection = null; }
                connection?.Dispose();
            }
            base.Dispose(disposing);
        }

        protected override void OnPipelineThreadStart()
        {
            // Session variables can only be read on the pipeline thread, so capture them before the work starts.
            _storedCredentials = SessionState.PSVariable.GetValue("StoredAWSCredentials");
            _storedRegion = SessionState.PSVariable.GetValue("StoredAWSRegion");
        }

        private object? _storedCredentials;
        private object? _storedRegion;

        private AwsConnectionOptions BuildOptions()
        {
            var options = new AwsConnectionOptions
            {
                Region = Region,
                ProfileName = ProfileName,
                AccessKey = AccessKey,
                SecretKey = SecretKey,
                SessionToken = SessionToken,
                EndpointUrl = EndpointUrl,
                StoredRegion = _storedRegion,
                StoredCredentials = _storedCredentials,
            };
            switch (Credential)
            {
                case null:
                    break;
                case PSObject wrapped when !(wrapped.BaseObject is PSObject):
                    ApplyCredential(wrapped.BaseObject, options);
                    break;
                default:
                    ApplyCredential(Credential, options);
                    break;
            }
            return options;
        }

        private static void ApplyCredential(object credential, AwsConnectionOptions options)
        {
            switch (credential)
            {
                case Amazon.Runtime.AWSCredentials aws:
                    options.Credentials = aws;
                    break;
                case PSCredential ps:
                    // A PSCredential carries the access key as user name and the secret key as password.
                    options.AccessKey = ps.UserName;
                    options.SecretKey = ps.GetNetworkCredential().Password;
                    break;
                default:
                    // AWSCredentials from another copy of AWSSDK.Core (e.g. AWS.Tools): the resolver reads them by
                    // their GetCredentials() method, as it does AWS.Tools' stored credentials.
                    options.StoredCredentials = credential;
                    break;
            }
        }

        void IAwsCallObserver.OnCall(AwsCallRecord r)
        {
            var text = string.Format(CultureInfo.InvariantCulture, "AWS {0} {1}: {2} in {3:N0} ms", r.Service, r.Operation,
                r.ErrorCode ?? (r.StatusCode.HasValue ? "HTTP " + r.StatusCode.Value.ToString(CultureInfo.InvariantCulture) : "no answer"), r.Duration.TotalMilliseconds);
            if (r.Attempts > 1) text += string.Format(CultureInfo.InvariantCulture, " after {0} attempts", r.Attempts);
            if (!string.IsNullOrEmpty(r.RequestId)) text += ", request id " + r.RequestId;
            PostVerbose(text);
        }
    }
}
