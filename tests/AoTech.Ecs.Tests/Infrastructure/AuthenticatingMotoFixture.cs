using System;
using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Tests.Aws.Live.Dtos;
using Xunit;

namespace AoTech.Ecs.Tests.Infrastructure
{
    /// <summary>
    /// A moto_server that checks every signature (it recomputes it with botocore and answers SignatureDoesNotMatch
    /// on a mismatch). Its first few calls are unauthenticated; the fixture spends them on an admin user and an
    /// access key, which the tests then sign with.
    /// </summary>
    public sealed class AuthenticatingMotoFixture : MotoServerFixture
    {
        public AuthenticatingMotoFixture() : base(new Dictionary<string, string> { ["INITIAL_NO_AUTH_ACTION_COUNT"] = FreeCalls.ToString() })
        {
            try
            {
                (UserAccessKey, UserSecretKey) = CreateSigningUser();
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

            // moto's count of free calls is not exactly the number of API calls made, so use up whatever is left
            // with a key it does not know until it starts refusing: from then on every signature is checked.
            using var stranger = Connect(accessKey: "AKIDUNKNOWN000000000", secretKey: "nope");
            for (var i = 0; ; i++)
            {
                try
                {
                    stranger.SendAsync(new GetUserRequest { UserName = "signer" }).GetAwaiter().GetResult();
                }
                catch (AwsServiceException e) when (e.StatusCode == 403)
                {
                    break;
                }
                if (i > FreeCalls) throw new InvalidOperationException("moto_server never started checking signatures.");
            }
            return (key.AccessKeyId!, key.SecretAccessKey!);
        }

        private const int FreeCalls = 5;

        public string UserAccessKey { get; }
        public string UserSecretKey { get; }
    }

    [CollectionDefinition(Name)]
    public sealed class AuthenticatingMotoCollection : ICollectionFixture<AuthenticatingMotoFixture>
    {
        public const string Name = "moto with signature checks";
    }
}
