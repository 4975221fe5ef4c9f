using System;
using System.Collections.Generic;
using System.Net.Http;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Tests.Aws.Live.Dtos;
using Xunit;

namespace AoTech.Ecs.Tests.Infrastructure
{
    /// <summary>
    /// A moto_server that checks every signature (it recomputes it with botocore and answers SignatureDoesNotMatch
    /// on a mismatch). The fixture creates an admin user and access key while checks are off, then switches them on
    /// through moto's /moto-api/reset-auth; the tests sign with that key.
    /// </summary>
    public sealed class AuthenticatingMotoFixture : MotoServerFixture
    {
        // A settings dictionary of our own makes the base class start a private moto_server even when
        // AOTECH_TEST_ENDPOINT is set: signature checking is a moto feature.
        public AuthenticatingMotoFixture() : base(new Dictionary<string, string> { ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true" })
        {
            try
            {
                (UserAccessKey, UserSecretKey) = CreateSigningUser();
                EnableSignatureChecks();
            }
            catch
            {
                Dispose(); // xunit does not dispose a fixture whose constructor failed: stop the server here
                throw;
            }
        }

        private (string AccessKey, string SecretKey) CreateSigningUser()
        {
            using var bootstrap = Connect();
            bootstrap.SendAsync(new CreateUserRequest { UserName = "signer" }).GetAwaiter().GetResult();
            var key = bootstrap.SendAsync(new CreateAccessKeyRequest { UserName = "signer" }).GetAwaiter().GetResult().AccessKey!;
            bootstrap.SendAsync(new AttachUserPolicyRequest
            {
                UserName = "signer",
                PolicyArn = "arn:aws:iam::aws:policy/AdministratorAccess",
            }).GetAwaiter().GetResult();
            return (key.AccessKeyId!, key.SecretAccessKey!);
        }

        private void EnableSignatureChecks()
        {
            using var http = new HttpClient();
            using var response = http.PostAsync(EndpointUrl + "/moto-api/reset-auth", new StringContent("0")).GetAwaiter().GetResult();
            response.EnsureSuccessStatusCode();

            // Prove the switch took: a key moto does not know is refused from now on.
            using var stranger = Connect(accessKey: "AKIDUNKNOWN000000000", secretKey: "nope");
            try
            {
                stranger.SendAsync(new GetUserRequest { UserName = "signer" }).GetAwaiter().GetResult();
            }
            catch (AwsServiceException e) when (e.StatusCode == 403)
            {
                return;
            }
            throw new InvalidOperationException("moto_server did not start checking signatures.");
        }

        public string UserAccessKey { get; }
        public string UserSecretKey { get; }
    }

    [CollectionDefinition(Name)]
    public sealed class AuthenticatingMotoCollection : ICollectionFixture<AuthenticatingMotoFixture>
    {
        public const string Name = "moto with signature checks";
    }
}
