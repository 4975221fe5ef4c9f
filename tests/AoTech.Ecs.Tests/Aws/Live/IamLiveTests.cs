using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Aws.Services.Iam;
using AoTech.Ecs.Tests.Infrastructure;
using Xunit;

namespace AoTech.Ecs.Tests.Aws.Live
{
    /// <summary>IAM (query protocol, global service) through the real DTOs.</summary>
    public class IamLiveTests : IClassFixture<MotoServerFixture>
    {
        private const string Ec2Trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

        private readonly MotoServerFixture _moto;

        public IamLiveTests(MotoServerFixture moto) => _moto = moto;

        [Fact]
        public async Task RoleIsCreatedReadAndDeleted()
        {
            var observer = new RecordingObserver();
            using var aws = _moto.Connect(observer);
            var name = Names.Unique("role");

            var created = await aws.SendAsync(new CreateRoleRequest
            {
                RoleName = name,
                Path = "/live/",
                AssumeRolePolicyDocument = Ec2Trust,
                Description = "live test role & more",
                MaxSessionDuration = 7200,
                Tags = new List<Tag> { new Tag { Key = "app", Value = "live test" } },
            });
            Assert.Equal(name, created.Role!.RoleName);
            Assert.Equal("/live/", created.Role.Path);
            Assert.StartsWith("arn:aws:iam::", created.Role.Arn);

            var got = await aws.SendAsync(new GetRoleRequest { RoleName = name });
            Assert.Equal(created.Role.RoleId, got.Role!.RoleId);
            Assert.Equal("live test role & more", got.Role.Description);
            Assert.Equal(7200, got.Role.MaxSessionDuration);
            Assert.NotNull(got.Role.CreateDate);
            // The trust policy comes back as the same JSON (IAM URL-encodes it on the wire; the codec decodes it).
            using (var sent = JsonDocument.Parse(Ec2Trust))
            using (var back = JsonDocument.Parse(got.Role.AssumeRolePolicyDocument!))
                Assert.Equal(sent.RootElement.GetRawText(), back.RootElement.GetRawText());

            await aws.SendAsync(new TagRoleRequest { RoleName = name, Tags = new List<Tag> { new Tag { Key = "stage", Value = "two" } } });
            var tags = await aws.SendAsync(new ListRoleTagsRequest { RoleName = name });
            Assert.Contains(tags.Tags!, t => t.Key == "app" && t.Value == "live test");
            Assert.Contains(tags.Tags!, t => t.Key == "stage" && t.Value == "two");

            var listed = await aws.SendAsync(new ListRolesRequest { PathPrefix = "/live/" });
            Assert.Contains(listed.Roles!, r => r.RoleName == name);

            await aws.SendAsync(new DeleteRoleRequest { RoleName = name });
            var missing = await Assert.ThrowsAsync<AwsServiceException>(() => aws.SendAsync(new GetRoleRequest { RoleName = name }));
            Assert.Equal("NoSuchEntity", missing.ErrorCode);
            Assert.Equal(404, missing.StatusCode);
            Assert.Equal("iam", missing.Service);

            observer.AssertSucceeded("iam", "CreateRole", "GetRole", "TagRole", "ListRoleTags", "ListRoles", "DeleteRole");
            observer.AssertLastFailed("iam", "GetRole", "NoSuchEntity");
        }
    }
}
