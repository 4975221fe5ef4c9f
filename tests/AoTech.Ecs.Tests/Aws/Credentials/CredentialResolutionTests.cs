using System;
using Amazon.Runtime;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Credentials;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Tests.Infrastructure;
using Xunit;

namespace AoTech.Ecs.Tests.Aws.Credentials
{
    [Collection(ProcessEnvironmentCollection.Name)]
    public class CredentialResolutionTests
    {
        private const string Files =
            "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = default-secret\n\n" +
            "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = dev-secret\n";
        private const string Config = "[default]\nregion = ap-southeast-2\n\n[profile dev]\nregion = eu-west-2\n";

        private static ImmutableCredentials Keys(ResolvedCredentials r) => r.Credentials.GetCredentials();

        [Fact]
        public void ExplicitKeysBeatEnvironmentAndProfiles()
        {
            using var env = new ScopedAwsEnvironment(Files, Config);
            env.Set("AWS_ACCESS_KEY_ID", "AKIDENV");
            env.Set("AWS_SECRET_ACCESS_KEY", "env-secret");
            var resolved = CredentialResolver.Resolve(new AwsConnectionOptions { AccessKey = "AKIDOPT", SecretKey = "opt-secret", SessionToken = "tok", ProfileName = "dev" });
            Assert.Equal("AKIDOPT", Keys(resolved).AccessKey);
            Assert.Equal("tok", Keys(resolved).Token);
            Assert.Equal("-AccessKey/-SecretKey", resolved.Source);
        }

        [Fact]
        public void ExplicitCredentialsObjectIsUsedAsIs()
        {
            using var env = new ScopedAwsEnvironment(Files, Config);
            var credentials = new BasicAWSCredentials("AKIDOBJ", "obj-secret");
            var resolved = CredentialResolver.Resolve(new AwsConnectionOptions { Credentials = credentials, AccessKey = "AKIDOPT", SecretKey = "x" });
            Assert.Same(credentials, resolved.Credentials);
        }

        [Fact]
        public void AccessKeyWithoutSecretIsRejected()
        {
            using var env = new ScopedAwsEnvironment();
            var e = Assert.Throws<AoEcsException>(() => CredentialResolver.Resolve(new AwsConnectionOptions { AccessKey = "AKID" }));
            Assert.Equal("IncompleteCredentials", e.ErrorId);
        }

        [Fact]
        public void NamedProfileFromTheSharedFiles()
        {
            using var env = new ScopedAwsEnvironment(Files, Config);
            env.Set("AWS_ACCESS_KEY_ID", "AKIDENV");
            env.Set("AWS_SECRET_ACCESS_KEY", "env-secret");
            var resolved = CredentialResolver.Resolve(new AwsConnectionOptions { ProfileName = "dev" });
            Assert.Equal("AKIDDEV", Keys(resolved).AccessKey);
            Assert.Contains("profile 'dev'", resolved.Source);
            Assert.Equal("eu-west-2", RegionResolver.Resolve(new AwsConnectionOptions { ProfileName = "dev" }, resolved));
        }

        [Theory]
        [InlineData("not a region")]
        [InlineData("Not_A_Region")]
        [InlineData("useast1")]
        public void MalformedRegionIsInvalidRegion(string region)
        {
            var e = Assert.Throws<AoEcsException>(() => RegionResolver.Resolve(new AwsConnectionOptions { Region = region }, null));
            Assert.Equal("InvalidRegion", e.ErrorId);
        }

        [Theory]
        [InlineData("mars-1")]
        [InlineData("moon-base-1")]
        [InlineData("eu-west")]
        public void UnknownRegionIsInvalidRegionBeforeAnyCall(string region)
        {
            var e = Assert.Throws<AoEcsException>(() => RegionResolver.Resolve(new AwsConnectionOptions { Region = region }, null));
            Assert.Equal(AwsErrorIds.InvalidRegion, e.ErrorId);
            Assert.Contains("partition", e.Message);
            Assert.Equal(region, e.Target);
        }

        [Theory]
        [InlineData("us-gov-west-1")]
        [InlineData("eusc-de-east-1")]
        [InlineData("cn-northwest-1")]
        // Not (yet) in the SDK's region list, but in the aws partition's pattern: a region opened after this release.
        [InlineData("eu-north-9")]
        [InlineData("ap-southeast-12")]
        public void RealRegionNamesPass(string region) =>
            Assert.Equal(region, RegionResolver.Resolve(new AwsConnectionOptions { Region = region }, null));

        [Fact]
        public void StoredCredentialsComeBeforeEnvironment()
        {
            using var env = new ScopedAwsEnvironment(Files, Config);
            env.Set("AWS_ACCESS_KEY_ID", "AKIDENV");
            env.Set("AWS_SECRET_ACCESS_KEY", "env-secret");
            var stored = new BasicAWSCredentials("AKIDSTORED", "stored-secret");
            var resolved = CredentialResolver.Resolve(new AwsConnectionOptions { StoredCredentials = stored });
            Assert.Same(stored, resolved.Credentials);
        }

        /// <summary>Stands in for an AWSCredentials from another load of AWSSDK.Core (AWS.Tools): same shape, other type.</summary>
        private sealed class ForeignCredentials
        {
            public ForeignImmutable GetCredentials() => new ForeignImmutable();
            public sealed class ForeignImmutable
            {
                public string AccessKey => "AKIDFOREIGN";
                public string SecretKey => "foreign-secret";
                public string Token => "foreign-token";
            }
        }

        [Fact]
        public void StoredCredentialsFromAnotherSdkLoadAreReadThroughReflection()
        {
            using var env = new ScopedAwsEnvironment();
            var resolved = CredentialResolver.Resolve(new AwsConnectionOptions { StoredCredentials = new ForeignCredentials() });
            Assert.Equal("AKIDFOREIGN", Keys(resolved).AccessKey);
            Assert.Equal("foreign-token", Keys(resolved).Token);
        }

        [Fact]
        public void EnvironmentVariablesWithSessionToken()
        {
            using var env = new ScopedAwsEnvironment(Files, Config);
            env.Set("AWS_ACCESS_KEY_ID", "AKIDENV");
            env.Set("AWS_SECRET_ACCESS_KEY", "env-secret");
            env.Set("AWS_SESSION_TOKEN", "env-token");
            var resolved = CredentialResolver.Resolve(new AwsConnectionOptions());
            Assert.Equal("AKIDENV", Keys(resolved).AccessKey);
            Assert.Equal("env-token", Keys(resolved).Token);
            Assert.Contains("environment", resolved.Source);
        }

        [Fact]
        public void WebIdentityFromEnvironment()
        {
            using var env = new ScopedAwsEnvironment(Files, Config);
            var tokenFile = System.IO.Path.Combine(env.Directory, "token");
            System.IO.File.WriteAllText(tokenFile, "eyJ.fake.jwt");
            env.Set("AWS_WEB_IDENTITY_TOKEN_FILE", tokenFile);
            env.Set("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/ci");
            var resolved = CredentialResolver.Resolve(new AwsConnectionOptions());
            Assert.IsType<AssumeRoleWithWebIdentityCredentials>(resolved.Credentials);
            Assert.Contains("web identity", resolved.Source);
        }

        [Fact]
        public void AwsProfileVariableSelectsTheProfile()
        {
            using var env = new ScopedAwsEnvironment(Files, Config);
            env.Set("AWS_PROFILE", "dev");
            var resolved = CredentialResolver.Resolve(new AwsConnectionOptions());
            Assert.Equal("AKIDDEV", Keys(resolved).AccessKey);
        }

        [Fact]
        public void DefaultProfileIsTheLastFileSource()
        {
            using var env = new ScopedAwsEnvironment(Files, Config);
            var resolved = CredentialResolver.Resolve(new AwsConnectionOptions());
            Assert.Equal("AKIDDEFAULT", Keys(resolved).AccessKey);
            Assert.Equal("ap-southeast-2", RegionResolver.Resolve(new AwsConnectionOptions(), resolved));
        }

        [Fact]
        public void DefaultProfileWithOnlyARegionIsSkippedButGivesTheRegion()
        {
            using var env = new ScopedAwsEnvironment("", "[default]\nregion = eu-west-1\n");
            var e = Assert.Throws<AoEcsException>(() => CredentialResolver.Resolve(new AwsConnectionOptions()));
            Assert.Equal("NoCredentials", e.ErrorId);
            Assert.Contains("profile 'default' (has no credentials", e.Message);

            var resolved = CredentialResolver.Resolve(new AwsConnectionOptions { AccessKey = "a", SecretKey = "b" });
            Assert.Equal("eu-west-1", RegionResolver.Resolve(new AwsConnectionOptions(), resolved));
        }

        [Fact]
        public void NamedProfileWithoutCredentialsIsAnError()
        {
            using var env = new ScopedAwsEnvironment("", "[profile regiononly]\nregion = eu-west-1\n");
            var e = Assert.Throws<AoEcsException>(() => CredentialResolver.Resolve(new AwsConnectionOptions { ProfileName = "regiononly" }));
            Assert.Equal("InvalidProfile", e.ErrorId);
        }

        [Fact]
        public void SessionTokenAloneIsRejected()
        {
            using var env = new ScopedAwsEnvironment();
            var e = Assert.Throws<AoEcsException>(() => CredentialResolver.Resolve(new AwsConnectionOptions { SessionToken = "t" }));
            Assert.Equal("IncompleteCredentials", e.ErrorId);
            Assert.DoesNotContain("t'", e.Message);
        }

        [Fact]
        public void AssumeRoleProfileResolvesToAssumeRoleCredentials()
        {
            // Resolution only: the STS call happens when the credentials are first used.
            using var env = new ScopedAwsEnvironment(Files, Config + "\n[profile deployer]\nrole_arn = arn:aws:iam::123456789012:role/deploy\nsource_profile = dev\nregion = us-west-1\n");
            var resolved = CredentialResolver.Resolve(new AwsConnectionOptions { ProfileName = "deployer" });
            Assert.IsType<AssumeRoleAWSCredentials>(resolved.Credentials);
            Assert.Equal("us-west-1", RegionResolver.Resolve(new AwsConnectionOptions(), resolved));
        }

        private const string SsoConfig =
            "[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Deployer\nregion = eu-west-1\n\n" +
            "[sso-session corp]\nsso_start_url = https://example.awsapps.com/start\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n";

        [Fact]
        public void SsoProfileResolvesToSsoCredentials()
        {
            using var env = new ScopedAwsEnvironment("", SsoConfig);
            var resolved = CredentialResolver.Resolve(new AwsConnectionOptions { ProfileName = "sso" });
            Assert.IsType<SSOAWSCredentials>(resolved.Credentials);
            Assert.Equal("eu-west-1", RegionResolver.Resolve(new AwsConnectionOptions(), resolved));
        }

        [Fact]
        public async System.Threading.Tasks.Task SsoProfileWithoutLoginFailsClearlyOnFirstCall()
        {
            using var env = new ScopedAwsEnvironment("", SsoConfig);
            env.Set("HOME", env.Directory); // no SSO token cache here
            var observer = new RecordingObserver();
            using var aws = AwsConnection.Create(new AwsConnectionOptions { ProfileName = "sso", EndpointUrl = "http://127.0.0.1:9" }, observer);
            var e = await Assert.ThrowsAsync<AoEcsException>(() => aws.SendAsync(new AoTech.Ecs.Aws.Services.Iam.GetRoleRequest { RoleName = "x" }));
            Assert.Equal("CredentialsUnavailable", e.ErrorId);
            Assert.Equal(AoErrorKind.Authentication, e.Kind);
            Assert.Contains("profile 'sso'", e.Message);
            // Not retried, and the call log says why it failed.
            var record = Assert.Single(observer.Records);
            Assert.Equal("CredentialsUnavailable", record.ErrorCode);
            Assert.Equal(1, record.Attempts);
            Assert.Null(record.StatusCode);
        }

        private sealed class RecordingObserver : IAwsCallObserver
        {
            public System.Collections.Generic.List<AwsCallRecord> Records { get; } = new System.Collections.Generic.List<AwsCallRecord>();
            public void OnCall(AwsCallRecord record) => Records.Add(record);
        }

        [Fact]
        public void MissingNamedProfileIsNoCredentials()
        {
            using var env = new ScopedAwsEnvironment(Files, Config);
            var e = Assert.Throws<AoEcsException>(() => CredentialResolver.Resolve(new AwsConnectionOptions { ProfileName = "nope" }));
            Assert.Equal("NoCredentials", e.ErrorId);
            Assert.Contains("'nope'", e.Message);
        }

        [Fact]
        public void NothingFoundListsEverythingTried()
        {
            using var env = new ScopedAwsEnvironment();
            var e = Assert.Throws<AoEcsException>(() => AwsConnection.Create(new AwsConnectionOptions { Region = "eu-west-1" }));
            Assert.Equal("NoCredentials", e.ErrorId);
            Assert.Equal(AoErrorKind.Authentication, e.Kind);
            foreach (var source in new[] { "-AccessKey", "-ProfileName", "stored credentials", "AWS_ACCESS_KEY_ID", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_PROFILE",
                         "profile 'default'", "container credentials", "AWS_EC2_METADATA_DISABLED" })
                Assert.Contains(source, e.Message);
            Assert.Contains(env.CredentialsPath, e.Message);
        }

        [Fact]
        public void UnreachableInstanceMetadataIsReportedNotAwaitedForever()
        {
            using var env = new ScopedAwsEnvironment();
            env.Set("AWS_EC2_METADATA_DISABLED", null);
            // Port 9 on loopback refuses connections, like a machine that is not on EC2.
            env.Set("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9");
            var e = Assert.Throws<AoEcsException>(() => CredentialResolver.Resolve(new AwsConnectionOptions()));
            Assert.Equal("NoCredentials", e.ErrorId);
            Assert.Contains("EC2 instance metadata (no answer", e.Message);
        }

        [Fact]
        public void SecretsNeverAppearInErrors()
        {
            using var env = new ScopedAwsEnvironment(Files, Config);
            env.Set("AWS_ACCESS_KEY_ID", "AKIDENV");
            env.Set("AWS_SECRET_ACCESS_KEY", "super-secret-env");
            var e = Assert.Throws<AoEcsException>(() => CredentialResolver.Resolve(new AwsConnectionOptions { ProfileName = "nope", SessionToken = "tok-secret" }));
            Assert.DoesNotContain("super-secret-env", e.Message);
            Assert.DoesNotContain("dev-secret", e.Message);
            Assert.DoesNotContain("tok-secret", e.Message);
        }
    }

    [Collection(ProcessEnvironmentCollection.Name)]
    public class RegionResolutionTests
    {
        private static readonly ResolvedCredentials NoProfile = new ResolvedCredentials(new BasicAWSCredentials("a", "b"), "test");

        [Fact]
        public void OrderIsOptionStoredEnvDefaultEnvProfile()
        {
            using var env = new ScopedAwsEnvironment("", "[default]\nregion = sa-east-1\n");
            env.Set("AWS_REGION", "eu-central-1");
            env.Set("AWS_DEFAULT_REGION", "eu-north-1");
            Assert.Equal("us-west-2", RegionResolver.Resolve(new AwsConnectionOptions { Region = "us-west-2", StoredRegion = "ca-central-1" }, NoProfile));
            Assert.Equal("ca-central-1", RegionResolver.Resolve(new AwsConnectionOptions { StoredRegion = "ca-central-1" }, NoProfile));
            Assert.Equal("eu-central-1", RegionResolver.Resolve(new AwsConnectionOptions(), NoProfile));
            env.Set("AWS_REGION", null);
            Assert.Equal("eu-north-1", RegionResolver.Resolve(new AwsConnectionOptions(), NoProfile));
            env.Set("AWS_DEFAULT_REGION", null);
            Assert.Equal("sa-east-1", RegionResolver.Resolve(new AwsConnectionOptions(), NoProfile));
        }

        [Fact]
        public void StoredRegionMayBeARegionEndpoint()
        {
            using var env = new ScopedAwsEnvironment();
            Assert.Equal("eu-west-3", RegionResolver.Resolve(new AwsConnectionOptions { StoredRegion = Amazon.RegionEndpoint.EUWest3 }, NoProfile));
        }

        [Fact]
        public void NoRegionListsWhatWasTried()
        {
            using var env = new ScopedAwsEnvironment();
            var e = Assert.Throws<AoEcsException>(() =>
                AwsConnection.Create(new AwsConnectionOptions { AccessKey = "a", SecretKey = "b" }));
            Assert.Equal("NoRegion", e.ErrorId);
            Assert.Equal(AoErrorKind.Configuration, e.Kind);
            foreach (var source in new[] { "-Region", "stored region", "AWS_REGION", "AWS_DEFAULT_REGION", "profile 'default'" })
                Assert.Contains(source, e.Message);
        }
    }
}
