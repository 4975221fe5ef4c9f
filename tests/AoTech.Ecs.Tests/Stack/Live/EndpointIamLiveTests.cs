using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.Converge;
using AoTech.Ecs.Stack.Planning;
using Xunit;
using static AoTech.Ecs.Tests.Stack.Live.StackLiveKit;
using Iam = AoTech.Ecs.Aws.Services.Iam;

namespace AoTech.Ecs.Tests.Stack.Live
{
    /// <summary>
    /// An app and a shared endpoint may bear the same name. Against moto: the endpoint's instance role and profile are
    /// never the app's, neither as its own nor as an extra to delete, whether the app stands on another endpoint or
    /// Remove-AoEcsApp is given the name of what is only an endpoint.
    /// </summary>
    public sealed class EndpointIamLiveTests : IClassFixture<StackMotoFixture>, System.IDisposable
    {
        private readonly StackMotoFixture moto;
        private readonly string file = WriteTaskDefinition();

        public EndpointIamLiveTests(StackMotoFixture moto) => this.moto = moto;

        public void Dispose() => File.Delete(file);

        private AppSpec Spec(string app, string endpoint, string host) => new AppSpec
        {
            Name = app,
            DomainName = host,
            TaskDefinitionPath = file,
            Endpoint = endpoint,
            GivenParameters = new List<string> { "Name", "DomainName", "TaskDefinitionPath", "Endpoint" },
        };

        private static async Task<Iam.Role?> RoleAsync(AwsConnection aws, string name) =>
            (await AwsCalls.OrNull(() => aws.SendAsync(new Iam.GetRoleRequest { RoleName = name }, default), "NoSuchEntity"))?.Role;

        private static async Task<Iam.InstanceProfile?> ProfileAsync(AwsConnection aws, string name) =>
            (await AwsCalls.OrNull(() => aws.SendAsync(new Iam.GetInstanceProfileRequest { InstanceProfileName = name }, default), "NoSuchEntity"))
            ?.InstanceProfile;

        [Fact]
        public async Task An_app_named_like_an_endpoint_never_takes_the_endpoints_instance_role_or_profile()
        {
            using var aws = moto.Connect();
            var stack = new EcsAppStack(aws);
            var zone = await ZoneAsync(aws);
            var endpoint = Unique("m");
            var app = Unique("a");
            await DeployAsync(stack, Spec(app, endpoint, "a." + zone));
            var shared = StackNames.For(app, endpoint);
            Assert.Equal("/aotech-endpoint/" + endpoint + "/", (await RoleAsync(aws, shared.InstanceRole))!.Path);
            Assert.Equal("/aotech-endpoint/" + endpoint + "/", (await ProfileAsync(aws, shared.InstanceProfile))!.Path);

            // Under the path of an app named like the endpoint: a role of that app (its tag) and one of nobody's.
            var namesake = StackNames.For(endpoint, Unique("o"));
            var leftover = "aotech-" + endpoint + "-old";
            var untagged = "aotech-" + endpoint + "-user";
            foreach (var (role, tags) in new[]
                     {
                         (leftover, new List<Iam.Tag> { new Iam.Tag { Key = StackNames.AppTagKey, Value = endpoint } }),
                         (untagged, new List<Iam.Tag>()),
                     })
                await aws.SendAsync(new Iam.CreateRoleRequest
                {
                    RoleName = role,
                    Path = namesake.IamPath,
                    AssumeRolePolicyDocument = StackDefaults.TrustPolicy(StackDefaults.EcsTasksPrincipal),
                    Tags = tags,
                });

            // F1: that app, on another endpoint, plans to delete its own leftover role, reports the untagged one, and never
            // names the endpoint's.
            var prepared = await stack.PrepareAsync(Spec(endpoint, namesake.EndpointName, "n." + zone), default);
            var roleExtras = prepared.Found.Extras.Where(e => e.Kind == ExtraKind.Role).Select(e => (e.Id, Left: e.LeftBecause != null)).ToList();
            Assert.Equal(new[] { (leftover, false), (untagged, true) }, roleExtras);
            Assert.DoesNotContain(prepared.Plan.Changes, c => c.Name.Contains(shared.InstanceRole) || c.Name.Contains(shared.InstanceProfile));
            Assert.Null(prepared.Found.InstanceRole);
            Assert.Null(prepared.Found.InstanceProfile);

            // F6: Remove-AoEcsApp with the name of what is only an endpoint (nothing tagged aotech:app with it) leaves the
            // endpoint's instance role and profile, and its app keeps its stack: a re-run of it plans nothing.
            // Nothing of the endpoint (cluster, load balancer, instances, network, roles) is taken: only the namesake's own role.
            var removal = await stack.PlanRemovalAsync(endpoint, default);
            Assert.DoesNotContain(removal.Items, i => i.Name.Contains(shared.InstanceRole) || i.Name.Contains(shared.InstanceProfile));
            Assert.Equal(new[] { "Delete IAM role " + leftover }, removal.Items.Select(i => i.ToString()));
            await stack.RemoveAsync(removal, default);
            Assert.NotNull(await RoleAsync(aws, shared.InstanceRole));
            var profile = await ProfileAsync(aws, shared.InstanceProfile);
            Assert.Equal(new[] { shared.InstanceRole }, profile!.Roles!.Select(r => r.RoleName));
            Assert.NotNull(await RoleAsync(aws, untagged));
            var again = await stack.PrepareAsync(Spec(app, endpoint, "a." + zone), default);
            Assert.True(again.Plan.IsNoOp, again.Plan.Format());
        }
    }
}
