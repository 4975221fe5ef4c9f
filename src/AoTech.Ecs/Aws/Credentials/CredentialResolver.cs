using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using AoTech.Ecs.Errors;

namespace AoTech.Ecs.Aws.Credentials
{
    /// <summary>Credentials that were found, and a description of where (never the secret itself).</summary>
    public sealed class ResolvedCredentials
    {
        public ResolvedCredentials(AWSCredentials credentials, string source, CredentialProfile? profile = null)
        {
            Credentials = credentials;
            Source = source;
            Profile = profile;
        }

        public AWSCredentials Credentials { get; }
        /// <summary>E.g. "profile 'dev'", "environment variables", "-AccessKey/-SecretKey".</summary>
        public string Source { get; }
        /// <summary>The shared-config profile used, when one was (its region is a region fallback).</summary>
        public CredentialProfile? Profile { get; }
    }

    /// <summary>
    /// Finds credentials in a fixed order: explicit (-Credential, then -AccessKey/-SecretKey[/-SessionToken]);
    /// -ProfileName; AWS.Tools' stored credentials; environment (AWS_ACCESS_KEY_ID..., web identity, AWS_PROFILE);
    /// the "default" profile; container credentials; EC2 instance metadata. Profiles come from the shared
    /// credentials/config files through AWSSDK.Core, so SSO, assume-role and credential_process profiles work.
    /// </summary>
    public static class CredentialResolver
    {
        /// <summary>How long we wait for the instance metadata service before deciding we are not on EC2.</summary>
        public static TimeSpan MetadataProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

        public static ResolvedCredentials Resolve(AwsConnectionOptions options, Func<string, string?>? getEnv = null)
        {
            getEnv ??= Environment.GetEnvironmentVariable;
            var tried = new List<string>();

            if (options.Credentials != null)
                return new ResolvedCredentials(options.Credentials, "-Credential");

            if (!string.IsNullOrEmpty(options.AccessKey) || !string.IsNullOrEmpty(options.SecretKey) ||
                !string.IsNullOrEmpty(options.SessionToken))
            {
                if (string.IsNullOrEmpty(options.AccessKey) || string.IsNullOrEmpty(options.SecretKey))
                    throw new AoEcsException(AwsErrorIds.IncompleteCredentials, AoErrorKind.InvalidArgument,
                        "-AccessKey and -SecretKey must be given together (and -SessionToken only with both).");
                return new ResolvedCredentials(
                    string.IsNullOrEmpty(options.SessionToken)
                        ? new BasicAWSCredentials(options.AccessKey, options.SecretKey)
                        : (AWSCredentials)new SessionAWSCredentials(options.AccessKey, options.SecretKey, options.SessionToken),
                    "-AccessKey/-SecretKey");
            }
            tried.Add("-Credential / -AccessKey and -SecretKey (not given)");

            var store = OpenProfileStore(getEnv);
            if (!string.IsNullOrEmpty(options.ProfileName))
            {
                // A profile the user named must exist: falling through to other sources would use the wrong account.
                return FromProfile(store, options.ProfileName!, "-ProfileName", getEnv)
                    ?? throw NoCredentials(tried, $"profile '{options.ProfileName}' from -ProfileName (not found in {ProfileFiles(getEnv)})");
            }
            tried.Add("-ProfileName (not given)");

            var stored = FromStoredCredentials(options.StoredCredentials, store, getEnv);
            if (stored != null) return stored;
            tried.Add("AWS.Tools stored credentials (not set)");

            var accessKey = getEnv("AWS_ACCESS_KEY_ID");
            var secretKey = getEnv("AWS_SECRET_ACCESS_KEY");
            if (!string.IsNullOrEmpty(accessKey) && !string.IsNullOrEmpty(secretKey))
            {
                var token = getEnv("AWS_SESSION_TOKEN");
                return new ResolvedCredentials(
                    string.IsNullOrEmpty(token)
                        ? new BasicAWSCredentials(accessKey, secretKey)
                        : (AWSCredentials)new SessionAWSCredentials(accessKey, secretKey, token),
                    "environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY");
            }
            tried.Add("environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (not set)");

            // OIDC federation in CI (GitHub Actions, Azure DevOps, EKS): a token file plus the role to assume.
            var tokenFile = getEnv("AWS_WEB_IDENTITY_TOKEN_FILE");
            var roleArn = getEnv("AWS_ROLE_ARN");
            if (!string.IsNullOrEmpty(tokenFile) && !string.IsNullOrEmpty(roleArn))
                return new ResolvedCredentials(
                    new AssumeRoleWithWebIdentityCredentials(tokenFile, roleArn, getEnv("AWS_ROLE_SESSION_NAME")),
                    "web identity (AWS_WEB_IDENTITY_TOKEN_FILE/AWS_ROLE_ARN)");
            tried.Add("web identity AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN (not set)");

            var envProfile = getEnv("AWS_PROFILE");
            if (!string.IsNullOrEmpty(envProfile))
            {
                return FromProfile(store, envProfile!, "AWS_PROFILE", getEnv)
                    ?? throw NoCredentials(tried, $"profile '{envProfile}' from AWS_PROFILE (not found in {ProfileFiles(getEnv)})");
            }
            tried.Add("AWS_PROFILE (not set)");

            // Often [default] only sets a region while the keys come from elsewhere: then it is simply skipped.
            if (store.TryGetProfile("default", out var defaultProfile) && defaultProfile.CanCreateAWSCredentials)
                return FromProfile(store, "default", "default profile", getEnv)!;
            tried.Add(defaultProfile == null
                ? $"profile 'default' (not found in {ProfileFiles(getEnv)})"
                : $"profile 'default' (has no credentials in {ProfileFiles(getEnv)})");

            if (!string.IsNullOrEmpty(getEnv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) ||
                !string.IsNullOrEmpty(getEnv("AWS_CONTAINER_CREDENTIALS_FULL_URI")))
                return new ResolvedCredentials(new GenericContainerCredentials(), "container credentials endpoint");
            tried.Add("container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI/FULL_URI not set)");

            if (string.Equals(getEnv("AWS_EC2_METADATA_DISABLED"), "true", StringComparison.OrdinalIgnoreCase))
                tried.Add("EC2 instance metadata (disabled by AWS_EC2_METADATA_DISABLED)");
            else if (MetadataServiceAnswers(getEnv))
            {
                try
                {
                    // Reads the instance profile's role name from IMDS now; credentials are fetched and refreshed later.
                    return new ResolvedCredentials(new InstanceProfileAWSCredentials(), "EC2 instance metadata");
                }
                catch (Exception e) when (!(e is AoEcsException))
                {
                    tried.Add("EC2 instance metadata (answered, but no instance profile role: " + e.GetType().Name + ")");
                }
            }
            else
                tried.Add($"EC2 instance metadata (no answer within {MetadataProbeTimeout.TotalSeconds:0.#} s)");

            throw NoCredentials(tried, null);
        }

        /// <summary>The profile's region, e.g. from "region = eu-west-1" in the config file.</summary>
        public static string? ProfileRegion(string profileName, Func<string, string?>? getEnv = null)
        {
            var store = OpenProfileStore(getEnv ?? Environment.GetEnvironmentVariable);
            return store.TryGetProfile(profileName, out var profile) ? profile.Region?.SystemName : null;
        }

        /// <summary>
        /// The shared credentials/config files. AWSSDK.Core reads AWS_SHARED_CREDENTIALS_FILE only once per process,
        /// so we pass it on each time (a session may set it after loading the module). The config file is then
        /// AWS_CONFIG_FILE as the SDK first saw it, or "config" beside the credentials file.
        /// </summary>
        private static CredentialProfileStoreChain OpenProfileStore(Func<string, string?> getEnv)
        {
            var credentialsFile = getEnv("AWS_SHARED_CREDENTIALS_FILE");
            return string.IsNullOrEmpty(credentialsFile)
                ? new CredentialProfileStoreChain()
                : new CredentialProfileStoreChain(credentialsFile);
        }

        private static ResolvedCredentials? FromProfile(CredentialProfileStoreChain store, string name, string how,
            Func<string, string?> getEnv)
        {
            if (!store.TryGetProfile(name, out var profile)) return null;
            AWSCredentials? credentials;
            try
            {
                AWSCredentialsFactory.TryGetAWSCredentials(profile, store, out credentials);
            }
            catch (Exception e) when (e is AmazonClientException || e is InvalidOperationException || e is ArgumentException)
            {
                throw new AoEcsException(AwsErrorIds.InvalidProfile, AoErrorKind.Configuration,
                    $"Profile '{name}' ({how}) could not be used: {e.Message}", name, e);
            }
            if (credentials == null)
                throw new AoEcsException(AwsErrorIds.InvalidProfile, AoErrorKind.Configuration,
                    $"Profile '{name}' ({how}) exists but does not describe usable credentials " +
                    "(access keys, SSO, assume-role or credential_process).", name);
            return new ResolvedCredentials(credentials, $"profile '{name}' ({how})", profile);
        }

        /// <summary>
        /// $StoredAWSCredentials from AWS.Tools: an AWSCredentials object (used as is), a profile name, or an
        /// AWSCredentials from another load of AWSSDK.Core (type identity differs), called through reflection.
        /// </summary>
        private static ResolvedCredentials? FromStoredCredentials(object? stored, CredentialProfileStoreChain store,
            Func<string, string?> getEnv)
        {
            switch (stored)
            {
                case null: return null;
                case AWSCredentials credentials: return new ResolvedCredentials(credentials, "AWS.Tools stored credentials");
                case string name when name.Length > 0:
                    return FromProfile(store, name, "AWS.Tools stored credentials", getEnv)
                        ?? throw NoCredentials(new List<string>(), $"profile '{name}' from AWS.Tools stored credentials (not found)");
                default:
                    var getCredentials = stored.GetType().GetMethod("GetCredentials", Type.EmptyTypes);
                    if (getCredentials == null)
                        throw new AoEcsException(AwsErrorIds.InvalidStoredCredentials, AoErrorKind.InvalidArgument,
                            $"AWS.Tools stored credentials of type {stored.GetType().Name} are not AWS credentials.");
                    return new ResolvedCredentials(new ForeignCredentials(stored, getCredentials), "AWS.Tools stored credentials");
            }
        }

        private sealed class ForeignCredentials : AWSCredentials
        {
            private readonly object _inner;
            private readonly MethodInfo _getCredentials;

            public ForeignCredentials(object inner, MethodInfo getCredentials)
            {
                _inner = inner;
                _getCredentials = getCredentials;
            }

            public override ImmutableCredentials GetCredentials()
            {
                var immutable = _getCredentials.Invoke(_inner, null)!;
                string? Read(string property) => immutable.GetType().GetProperty(property)?.GetValue(immutable) as string;
                return new ImmutableCredentials(Read("AccessKey"), Read("SecretKey"), Read("Token"));
            }
        }

        private static string ProfileFiles(Func<string, string?> getEnv)
        {
            var credentials = getEnv("AWS_SHARED_CREDENTIALS_FILE");
            var config = getEnv("AWS_CONFIG_FILE");
            return (string.IsNullOrEmpty(credentials) ? "~/.aws/credentials" : credentials) + " and " +
                   (string.IsNullOrEmpty(config) ? "~/.aws/config" : config);
        }

        /// <summary>
        /// A bounded probe for IMDS: PUT the IMDSv2 token URL and accept any HTTP answer. Off EC2 nothing answers and
        /// we give up after <see cref="MetadataProbeTimeout"/> instead of the SDK's longer retries.
        /// </summary>
        private static bool MetadataServiceAnswers(Func<string, string?> getEnv)
        {
            var endpoint = getEnv("AWS_EC2_METADATA_SERVICE_ENDPOINT");
            var baseUrl = string.IsNullOrEmpty(endpoint) ? "http://169.254.169.254" : endpoint!.TrimEnd('/');
            try
            {
                using var http = new HttpClient { Timeout = MetadataProbeTimeout };
                using var request = new HttpRequestMessage(HttpMethod.Put, baseUrl + "/latest/api/token");
                request.Headers.TryAddWithoutValidation("X-aws-ec2-metadata-token-ttl-seconds", "60");
                using var cts = new CancellationTokenSource(MetadataProbeTimeout);
                using var response = Task.Run(() => http.SendAsync(request, cts.Token)).GetAwaiter().GetResult();
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        private static AoEcsException NoCredentials(List<string> tried, string? last)
        {
            if (last != null) tried.Add(last);
            return new AoEcsException(AwsErrorIds.NoCredentials, AoErrorKind.Authentication,
                "No AWS credentials were found. Tried, in order: " + string.Join("; ", tried) +
                ". Pass -ProfileName or -AccessKey/-SecretKey, or set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.");
        }
    }
}
