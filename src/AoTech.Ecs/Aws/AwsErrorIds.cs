namespace AoTech.Ecs.Aws
{
    /// <summary>
    /// Stable ErrorIds of the way into AWS: credentials, region, endpoint and the connection itself. Scripts match on
    /// these strings: never rename. Errors AWS answers with keep AWS's own code (ErrorId "Aws.&lt;code&gt;").
    /// </summary>
    public static class AwsErrorIds
    {
        public const string NoCredentials = "NoCredentials";
        public const string IncompleteCredentials = "IncompleteCredentials";
        public const string InvalidStoredCredentials = "InvalidStoredCredentials";
        public const string InvalidProfile = "InvalidProfile";
        /// <summary>A credential source that cannot deliver now (expired SSO login, unreachable metadata).</summary>
        public const string CredentialsUnavailable = "CredentialsUnavailable";
        public const string NoRegion = "NoRegion";
        /// <summary>Not a region name, or a region no AWS partition has (mars-1).</summary>
        public const string InvalidRegion = "InvalidRegion";
        public const string InvalidEndpointUrl = "InvalidEndpointUrl";
        /// <summary>Nothing answered at the endpoint: connection refused, no such host, network unreachable.</summary>
        public const string EndpointUnreachable = "EndpointUnreachable";
        /// <summary>The TLS handshake with the endpoint failed (untrusted certificate, or not a TLS server).</summary>
        public const string EndpointTlsFailed = "EndpointTlsFailed";
        /// <summary>Something answered, but not as an AWS service does (a plain web server's 404 or 501).</summary>
        public const string EndpointNotAws = "EndpointNotAws";
        /// <summary>The endpoint took longer than the HTTP timeout to answer.</summary>
        public const string EndpointTimedOut = "EndpointTimedOut";
        /// <summary>A success answer whose body could not be read as the operation's output.</summary>
        public const string InvalidAwsResponse = "InvalidAwsResponse";
    }
}
