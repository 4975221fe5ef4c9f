using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Aws.Services.Ecr;
using AoTech.Ecs.Tests.Infrastructure;
using Xunit;

namespace AoTech.Ecs.Tests.Aws.Live
{
    /// <summary>ECR (JSON 1.1, lowerCamel) through the real DTOs.</summary>
    public class EcrLiveTests : IClassFixture<MotoServerFixture>
    {
        private readonly MotoServerFixture _moto;

        public EcrLiveTests(MotoServerFixture moto) => _moto = moto;

        [Fact]
        public async Task RepositoryIsCreatedDescribedAndDeleted()
        {
            var observer = new RecordingObserver();
            using var aws = _moto.Connect(observer);
            var name = "aotech/" + Names.Unique("repo");

            var created = await aws.SendAsync(new CreateRepositoryRequest
            {
                RepositoryName = name,
                ImageTagMutability = "IMMUTABLE",
                ImageScanningConfiguration = new ImageScanningConfiguration { ScanOnPush = true },
                Tags = new List<Tag> { new Tag { Key = "app", Value = "live" } },
            });
            var repo = created.Repository!;
            Assert.Equal(name, repo.RepositoryName);
            Assert.EndsWith("/" + name, repo.RepositoryUri);

            var described = await aws.SendAsync(new DescribeRepositoriesRequest { RepositoryNames = new List<string> { name } });
            var back = Assert.Single(described.Repositories!);
            Assert.Equal(repo.RepositoryArn, back.RepositoryArn);
            Assert.Equal("IMMUTABLE", back.ImageTagMutability);
            Assert.True(back.ImageScanningConfiguration!.ScanOnPush);
            Assert.Matches("^[0-9]{12}$", back.RegistryId);
            Assert.NotNull(back.CreatedAt);

            var tags = await aws.SendAsync(new ListTagsForResourceRequest { ResourceArn = repo.RepositoryArn });
            Assert.Contains(tags.Tags!, t => t.Key == "app" && t.Value == "live");

            await aws.SendAsync(new DeleteRepositoryRequest { RepositoryName = name, Force = true });
            var missing = await Assert.ThrowsAsync<AwsServiceException>(() =>
                aws.SendAsync(new DescribeRepositoriesRequest { RepositoryNames = new List<string> { name } }));
            Assert.Equal("RepositoryNotFoundException", missing.ErrorCode);

            observer.AssertSucceeded("ecr", "CreateRepository", "DescribeRepositories", "ListTagsForResource", "DeleteRepository");
            observer.AssertLastFailed("ecr", "DescribeRepositories", "RepositoryNotFoundException");
        }

        [Fact]
        public async Task AuthorizationTokenDecodesToAwsUserAndPassword()
        {
            var observer = new RecordingObserver();
            using var aws = _moto.Connect(observer);
            var result = await aws.SendAsync(new GetAuthorizationTokenRequest());
            var data = Assert.Single(result.AuthorizationData!);
            Assert.NotNull(data.ExpiresAt);
            Assert.StartsWith("https://", data.ProxyEndpoint);

            // Only shape assertions: the token is a credential and must never appear in test output.
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(data.AuthorizationToken!));
            var colon = decoded.IndexOf(':');
            Assert.True(colon > 0, "the decoded token has no user:password separator");
            Assert.True(decoded.Substring(0, colon) == "AWS", "the token's user name is not AWS");
            Assert.True(decoded.Length > colon + 1, "the token's password is empty");

            observer.AssertSucceeded("ecr", "GetAuthorizationToken");
        }
    }
}
