using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws.Services.Ecr;
using AoTech.Ecs.Images;
using AoTech.Ecs.Tests.Aws.Live;
using AoTech.Ecs.Tests.Infrastructure;
using Xunit;

namespace AoTech.Ecs.Tests.Images
{
    public class EcrRegistryTests : IClassFixture<MotoServerFixture>
    {
        private readonly MotoServerFixture _moto;

        public EcrRegistryTests(MotoServerFixture moto) => _moto = moto;

        [Theory]
        [InlineData("123456789012.dkr.ecr.eu-west-1.amazonaws.com", true, "123456789012", "eu-west-1")]
        [InlineData("123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com", true, "123456789012", "us-gov-west-1")]
        [InlineData("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", true, "123456789012", "cn-north-1")]
        [InlineData("public.ecr.aws", false, "", "")]
        [InlineData("127.0.0.1:5000", false, "", "")]
        [InlineData("12345.dkr.ecr.eu-west-1.amazonaws.com", false, "", "")]
        public void Recognises_ecr_hosts(string host, bool isEcr, string account, string region)
        {
            Assert.Equal(isEcr, EcrRegistry.TryParseHost(host, out var a, out var r));
            Assert.Equal(account, a);
            Assert.Equal(region, r);
        }

        [Fact]
        public async Task Creates_a_missing_repository_once_and_gets_registry_credentials()
        {
            var observer = new RecordingObserver();
            using var aws = _moto.Connect(observer);
            var ecr = new EcrRegistry(aws);
            var path = "aotech/" + Names.Unique("img");
            var reference = ImageReference.Create($"123456789012.dkr.ecr.{aws.Region}.amazonaws.com/{path}", "1.0");

            await ecr.EnsureRepositoryAsync(reference, CancellationToken.None);
            await ecr.EnsureRepositoryAsync(reference, CancellationToken.None);

            var described = await aws.SendAsync(new DescribeRepositoriesRequest { RepositoryNames = new List<string> { path } });
            Assert.Equal(path, Assert.Single(described.Repositories!).RepositoryName);
            // First call: describe (missing) then create; second call: describe finds it and creates nothing.
            Assert.Single(observer.Operations("ecr"), "CreateRepository");

            var credential = await ecr.GetCredentialAsync(reference.Registry!, CancellationToken.None);
            Assert.Equal("AWS", credential.UserName);
            Assert.Equal(reference.Registry, credential.ServerAddress);
            Assert.DoesNotContain("AWS:", credential.ToString());
        }

        [Fact]
        public void Token_decoding_splits_user_and_password()
        {
            var token = System.Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("AWS:abc:def"));
            Assert.Equal(("AWS", "abc:def"), EcrRegistry.DecodeToken(token));
            Assert.Null(EcrRegistry.DecodeToken("not base64!"));
        }
    }
}
