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
        // Region, ProfileName and EndpointUrl bind by property name from the objects the module writes
        // (IConnectionDetails), so a pipeline stays in one region and endpoint. Those objects hold null where nothing
        // was given: null means "not given", an empty string is refused.

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotEmpty]
        [ArgumentCompleter(typeof(RegionCompleter))]
        [PSDefaultValue(Help = "The piped object's Region; else the AWS.Tools default region, AWS_REGION, AWS_DEFAULT_REGION, the profile's region")]
        public string? Region { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotEmpty]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        [PSDefaultValue(Help = "The piped object's ProfileName; else the credential chain (Get-Help about_AoTech.Ecs)")]
        public string? ProfileName { get; set; }

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

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotEmpty]
        [PSDefaultValue(Help = "The piped object's EndpointUrl; else AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS itself")]
        public string? EndpointUrl { get; set; }

        private AwsConnection? _connection;
        private (string?, string?, string?) _connectionFor;
        private readonly object _connectionLock = new object();

        /// <summary>
        /// The AWS connection for this invocation, resolved on first use, and again when a piped object brings
        /// another region, profile or endpoint.
        /// </summary>
        protected AwsConnection Connection
        {
            get
            {
                lock (_connectionLock)
                {
                    var wanted = (Region, ProfileName, EndpointUrl);
                    if (_connection != null && !_connectionFor.Equals(wanted))
                    {
                        _connection.Dispose();
                        _connection = null;
                    }
                    if (_connection == null)
                    {
                        _connection = AwsConnection.Create(BuildOptions(), this);
                        _connectionFor = wanted;
                    }
                    return _connection;
                }
            }
        }

        /// <summary>
        /// Fills an output object's Region (the region this invocation's calls went to), EndpointUrl and ProfileName,
        /// so the next cmdlet on the pipeline binds them.
        /// </summary>
        protected T WithConnectionDetails<T>(T output) where T : IConnectionDetails => WithConnectionDetails(output, Connection.Region);

        /// <summary>The same with a region of the caller's choosing (null for an object no AWS call made).</summary>
        protected T WithConnectionDetails<T>(T output, string? region) where T : IConnectionDetails
        {
            output.Region = region;
            output.EndpointUrl = EndpointUrl;
            output.ProfileName = ProfileName;
            return output;
        }

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
            _commandName = MyInvocation.MyCommand.Name;
        }

        private string? _commandName;

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
                ClientAppId = _commandName == null ? null : AwsConnectionOptions.AppIdFor(_commandName),
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
