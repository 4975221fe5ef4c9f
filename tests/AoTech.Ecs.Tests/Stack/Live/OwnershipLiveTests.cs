using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.Converge;
using AoTech.Ecs.Stack.Converge.Discovery;
using AoTech.Ecs.Stack.Planning;
using AoTech.Ecs.Tests.Aws.Live.Dtos;
using Xunit;
using static AoTech.Ecs.Tests.Stack.Live.StackLiveKit;
using Acm = AoTech.Ecs.Aws.Services.Acm;
using EcsApi = AoTech.Ecs.Aws.Services.Ecs;
using Elb = AoTech.Ecs.Aws.Services.Elb;
using Iam = AoTech.Ecs.Aws.Services.Iam;
using Logs = AoTech.Ecs.Aws.Services.Logs;
using R53 = AoTech.Ecs.Aws.Services.Route53;

namespace AoTech.Ecs.Tests.Stack.Live
{
    /// <summary>
    /// What the app owns, against moto: what discovery finds besides what the app uses goes (or is reported), and a
    /// domain someone else holds is refused before any change (issues 18 and 19, issue 11 item 8).
    /// </summary>
    public sealed class OwnershipLiveTests : IClassFixture<StackMotoFixture>, IDisposable
    {
        private readonly StackMotoFixture moto;
        private readonly string file = StackLiveKit.WriteTaskDefinition();

        public OwnershipLiveTests(StackMotoFixture moto) => this.moto = moto;

        public void Dispose() => File.Delete(file);

        private sealed class Warnings : IStackReporter
        {
            public ConcurrentQueue<string> Lines { get; } = new ConcurrentQueue<string>();
            public void Warning(string message) => Lines.Enqueue(message);
            public void Verbose(string message) { }
            public void Progress(string activity, string status, int percent, bool completed) { }
        }

        private AppSpec Spec(string app, string domain) => new AppSpec { Name = app, DomainName = domain, TaskDefinitionPath = file };

        /// <summary>A certificate for the domain with the app's tag and no user: what a cut-off run leaves (issue 18).</summary>
        private static async Task<string> PlantCertificateAsync(AwsConnection aws, string app, string domain) =>
            (await aws.SendAsync(new Acm.RequestCertificateRequest
            {
                DomainName = domain,
                ValidationMethod = "DNS",
                IdempotencyToken = Guid.NewGuid().ToString("N").Substring(0, 16),
                Tags = new List<Acm.Tag> { new Acm.Tag { Key = StackNames.AppTagKey, Value = app } },
            })).CertificateArn!;

        private static async Task<string> ZoneIdAsync(EcsAppStack stack, string zone) =>
            (await stack.HostedZonesAsync(default)).Single(z => z.Name == zone).Id;

        private static Task UpsertAsync(AwsConnection aws, string zoneId, R53.ResourceRecordSet set) =>
            aws.SendAsync(new R53.ChangeResourceRecordSetsRequest
            {
                HostedZoneId = zoneId,
                ChangeBatch = new R53.ChangeBatch { Changes = new List<R53.Change> { new R53.Change { Action = "UPSERT", ResourceRecordSet = set } } },
            });

        [Fact]
        public async Task An_orphan_certificate_is_deleted_by_a_rerun_which_then_changes_nothing_and_remove_deletes_every_copy()
        {
            var calls = new CallLog();
            using var aws = moto.Connect(calls);
            var zone = await ZoneAsync(aws);
            var app = Unique("o");
            var domain = "www." + zone;
            var stack = new EcsAppStack(aws);
            await DeployAsync(stack, Spec(app, domain));
            var certificates = new CertificateDiscovery(aws);
            var inUse = Assert.Single(await certificates.AllAsync(StackNames.For(app), default)).Arn;

            var orphan = await PlantCertificateAsync(aws, app, domain);
            var prepared = await stack.PrepareAsync(Spec(app, domain), default);
            var delete = Assert.Single(prepared.Plan.Changes);
            Assert.Equal(ResourceGroup.Cleanup, delete.Group);
            Assert.Equal(PlanAction.Delete, delete.Action);
            Assert.Equal("certificate", delete.Resource);
            Assert.Equal($"{domain} ({orphan})", delete.Name);
            Assert.Contains("not on the listener", delete.Description);
            Assert.Equal(inUse, prepared.Found.Certificate!.Arn);

            calls.Clear();
            var result = await stack.ApplyAsync(prepared, new HashSet<ResourceGroup>(prepared.Plan.Groups), default);
            Assert.Equal(new[] { "acm:DeleteCertificate" }, calls.Mutating());
            Assert.Contains(result.Changes, c => c.StartsWith("Deleted certificate") && c.Contains(orphan));
            Assert.Equal(inUse, Assert.Single(await certificates.AllAsync(StackNames.For(app), default)).Arn);

            // Healed: the next run plans nothing and makes no mutating call.
            calls.Clear();
            var again = await stack.PrepareAsync(Spec(app, domain), default);
            Assert.True(again.Plan.IsNoOp, again.Plan.Format());
            await stack.ApplyAsync(again, new HashSet<ResourceGroup>(), default);
            Assert.Empty(calls.Mutating());

            // Remove-AoEcsApp deletes every copy.
            var copies = new[] { await PlantCertificateAsync(aws, app, domain), await PlantCertificateAsync(aws, app, domain) };
            var removal = await stack.PlanRemovalAsync(app, default);
            Assert.Equal(new[] { inUse }.Concat(copies).OrderBy(a => a), removal.Certificates.Select(c => c.Arn).OrderBy(a => a));
            Assert.Equal(3, removal.Items.Count(i => i.Resource == "certificate"));
            await stack.RemoveAsync(removal, default);
            Assert.Empty(await certificates.AllAsync(StackNames.For(app), default));
            Assert.True((await stack.PlanRemovalAsync(app, default)).IsEmpty);
        }

        /// <summary>
        /// Issue 12: Remove-AoEcsApp finds the app's certificates through the one listing discovery uses (the tagging API),
        /// not by listing every certificate of the account and asking ACM for each one's tags.
        /// </summary>
        [Fact]
        public async Task Remove_finds_the_apps_certificates_without_a_call_per_certificate_of_the_account()
        {
            var calls = new CallLog();
            using var aws = moto.Connect(calls);
            var zone = await ZoneAsync(aws);
            var app = Unique("c");
            var ours = new[] { await PlantCertificateAsync(aws, app, "www." + zone), await PlantCertificateAsync(aws, app, "old." + zone) };
            var others = Unique("s");
            for (var i = 0; i < 3; i++) await PlantCertificateAsync(aws, others, $"x{i}." + zone);

            calls.Clear();
            var removal = await new EcsAppStack(aws).PlanRemovalAsync(app, default);
            Assert.Equal(ours.OrderBy(a => a), removal.Certificates.Select(c => c.Arn).OrderBy(a => a));
            var acm = calls.All().Where(c => c.StartsWith("acm:")).ToList();
            Assert.DoesNotContain("acm:ListCertificates", acm);
            Assert.DoesNotContain("acm:ListTagsForCertificate", acm);
            Assert.Contains("resourcegroupstaggingapi:GetResources", calls.All());
        }

        [Fact]
        public async Task A_domain_another_app_serves_is_refused_before_any_change()
        {
            var calls = new CallLog();
            using var aws = moto.Connect(calls);
            var zone = await ZoneAsync(aws);
            var owner = Unique("w");
            var domain = "www." + zone;
            var stack = new EcsAppStack(aws);
            await DeployAsync(stack, Spec(owner, domain));

            calls.Clear();
            var other = Unique("t");
            var error = await Assert.ThrowsAsync<AoEcsException>(() => stack.PrepareAsync(Spec(other, domain), default));
            Assert.Equal(StackErrorIds.DomainInUse, error.ErrorId);
            Assert.Contains($"app '{owner}'", error.Message);
            Assert.Contains($"A record {domain} -> load balancer aotech-{owner}-alb", error.Message);
            Assert.Empty(calls.Mutating());
            // The owner's record is untouched and the owner's re-run still changes nothing.
            var mine = await stack.PrepareAsync(Spec(owner, domain), default);
            Assert.True(mine.Plan.IsNoOp, mine.Plan.Format());
            await stack.RemoveAsync(await stack.PlanRemovalAsync(owner, default), default);
        }

        [Theory]
        [InlineData("CNAME", "shop.example.net")]
        [InlineData("A", "192.0.2.10")]
        public async Task A_record_the_module_did_not_create_holds_the_name_and_is_refused(string type, string value)
        {
            var calls = new CallLog();
            using var aws = moto.Connect(calls);
            var zone = await ZoneAsync(aws);
            var stack = new EcsAppStack(aws);
            var domain = "app." + zone;
            var zoneId = await ZoneIdAsync(stack, zone);
            await UpsertAsync(aws, zoneId, new R53.ResourceRecordSet
            {
                Name = domain, Type = type, TTL = 300, ResourceRecords = new List<R53.ResourceRecord> { new R53.ResourceRecord { Value = value } },
            });

            calls.Clear();
            var error = await Assert.ThrowsAsync<AoEcsException>(() => stack.PrepareAsync(Spec(Unique("c"), domain), default));
            Assert.Equal(StackErrorIds.DomainInUse, error.ErrorId);
            Assert.Contains($"{type} record {domain} -> {value}", error.Message);
            Assert.Empty(calls.Mutating());
            var kept = await new RecordDiscovery(aws).RecordAsync(zoneId, domain, type, default);
            Assert.Equal(value, Assert.Single(kept!.Values));
        }

        [Fact]
        public async Task Roles_listeners_and_log_groups_the_app_does_not_use_are_deleted_or_reported()
        {
            var calls = new CallLog();
            using var aws = moto.Connect(calls);
            var zone = await ZoneAsync(aws);
            var app = Unique("r");
            var names = StackNames.For(app);
            var domain = "www." + zone;
            var warnings = new Warnings();
            var stack = new EcsAppStack(aws, warnings);
            await DeployAsync(stack, Spec(app, domain));
            var converged = await stack.PrepareAsync(Spec(app, domain), default);

            // A role of the app (its tag) under its IAM path with a policy on it, one there without its tag, a listener of
            // ours on another port, one without our tag, a log group under the app's name.
            var oldRole = names.InstanceRole + "-old";
            var userRole = names.InstanceRole + "-user";
            foreach (var (role, tagged) in new[] { (oldRole, true), (userRole, false) })
                await aws.SendAsync(new Iam.CreateRoleRequest
                {
                    RoleName = role, Path = names.IamPath,
                    AssumeRolePolicyDocument = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}",
                    Tags = tagged ? new List<Iam.Tag> { new Iam.Tag { Key = StackNames.AppTagKey, Value = app } } : null,
                });
            await aws.SendAsync(new Iam.AttachRolePolicyRequest { RoleName = oldRole, PolicyArn = StackDefaults.InstancePolicyArn(aws.Region) });
            Task<Elb.CreateListenerResponse> Listener(int port, bool tagged) => aws.SendAsync(new Elb.CreateListenerRequest
            {
                LoadBalancerArn = converged.Found.LoadBalancer!.Arn, Protocol = "HTTP", Port = port,
                DefaultActions = new List<Elb.ListenerAction> { new Elb.ListenerAction { Type = "forward", TargetGroupArn = converged.Found.TargetGroup!.Arn } },
                Tags = tagged ? new List<Elb.Tag> { new Elb.Tag { Key = StackNames.AppTagKey, Value = app } } : null,
            });
            var ours = (await Listener(8080, true)).Listeners!.Single().ListenerArn!;
            var foreign = (await Listener(8081, false)).Listeners!.Single().ListenerArn!;
            var logGroup = names.LogGroup + "/old";
            await aws.SendAsync(new Logs.CreateLogGroupRequest { LogGroupName = logGroup });

            var prepared = await stack.PrepareAsync(Spec(app, domain), default);
            Assert.Equal(new[]
                {
                    $"Delete listener {names.LoadBalancer}:8080 ({ours})",
                    $"Keep listener {names.LoadBalancer}:8081 ({foreign})",
                    $"Delete IAM role {oldRole}",
                    $"Keep IAM role {userRole}",
                    $"Keep log group {logGroup}",
                },
                prepared.Plan.ItemsOf(ResourceGroup.Cleanup).Select(i => $"{i.Action} {i.Resource} {i.Name}"));
            Assert.All(prepared.Plan.Changes, i => Assert.Equal(ResourceGroup.Cleanup, i.Group));
            Assert.Contains("left in place", prepared.Plan.ItemsOf(ResourceGroup.Cleanup).Last().Description);

            await stack.ApplyAsync(prepared, new HashSet<ResourceGroup>(prepared.Plan.Groups), default);
            Assert.Null(await AwsCalls.OrNull(() => aws.SendAsync(new Iam.GetRoleRequest { RoleName = oldRole }), "NoSuchEntity"));
            var listeners = await aws.SendAsync(new Elb.DescribeListenersRequest { LoadBalancerArn = converged.Found.LoadBalancer!.Arn });
            Assert.Equal(new[] { 80, 443, 8081 }, listeners.Listeners!.Select(l => l.Port ?? 0).OrderBy(p => p));
            Assert.Contains(warnings.Lines, w => w.Contains(foreign) && w.Contains("left in place"));
            Assert.Contains(warnings.Lines, w => w.Contains(logGroup) && w.Contains("left in place"));
            Assert.Contains(warnings.Lines, w => w.Contains(userRole) && w.Contains("does not carry the tag aotech:app=" + app));

            // What is reported stays reported, and a re-run changes nothing.
            calls.Clear();
            var again = await stack.PrepareAsync(Spec(app, domain), default);
            Assert.True(again.Plan.IsNoOp, again.Plan.Format());
            await stack.ApplyAsync(again, new HashSet<ResourceGroup>(), default);
            Assert.Empty(calls.Mutating());

            // Remove-AoEcsApp takes the app's namespace with it.
            var removal = await stack.PlanRemovalAsync(app, default);
            Assert.Contains(removal.Items, i => i.Resource == "log group" && i.Name == logGroup);
            await stack.RemoveAsync(removal, default);
            var groups = await aws.SendAsync(new Logs.DescribeLogGroupsRequest { LogGroupNamePrefix = names.LogGroup });
            Assert.Empty(groups.LogGroups ?? new List<Logs.LogGroup>());
            Assert.True((await stack.PlanRemovalAsync(app, default)).IsEmpty);
            // A role without the app's tag is not the app's, even under its IAM path.
            Assert.NotNull(await AwsCalls.OrNull(() => aws.SendAsync(new Iam.GetRoleRequest { RoleName = userRole }), "NoSuchEntity"));
        }

        [Fact]
        public async Task A_copy_of_the_running_revision_is_deregistered_when_discovery_lists_revisions()
        {
            using var aws = moto.Connect();
            var zone = await ZoneAsync(aws);
            var app = Unique("d");
            var names = StackNames.For(app);
            var domain = "www." + zone;
            var stack = new EcsAppStack(aws);
            await DeployAsync(stack, Spec(app, domain));
            var converged = await stack.PrepareAsync(Spec(app, domain), default);

            // A second registration of the same file (its answer lost), and a service whose record of the applied file is
            // stale, as a run stopped between the two leaves it: that run's successor lists the revisions.
            var running = await aws.SendAsync(new EcsApi.DescribeTaskDefinitionRequest
            {
                TaskDefinition = converged.Found.Service!.TaskDefinitionArn, Include = new List<string> { "TAGS" },
            });
            var again = AoTech.Ecs.Rollout.TaskDefinitionUpdater.ToRegisterRequest(running.TaskDefinition!, null);
            again.Tags = running.Tags;
            var copy = (await aws.SendAsync(again)).TaskDefinition!.TaskDefinitionArn!;
            await aws.SendAsync(new EcsApi.TagResourceRequest
            {
                ResourceArn = converged.Found.Service!.Arn,
                Tags = new List<EcsApi.Tag> { new EcsApi.Tag { Key = StackNames.TaskDefinitionFileHashTagKey, Value = "stale" } },
            });

            var prepared = await stack.PrepareAsync(Spec(app, domain), default);
            Assert.Equal(new[] { "Change ECS service", "Delete task definition" }, prepared.Plan.Changes.Select(i => $"{i.Action} {i.Resource}"));
            Assert.Equal($"{names.TaskFamily}:2 ({copy})", prepared.Plan.ItemsOf(ResourceGroup.Cleanup).Single().Name);
            await stack.ApplyAsync(prepared, new HashSet<ResourceGroup>(prepared.Plan.Groups), default);
            Assert.Equal(new[] { $"{names.TaskFamily}:1" },
                (await new EcsDiscovery(aws, names).TaskDefinitionArnsAsync("ACTIVE", default)).Select(StackPlanner.ShortArn));
            Assert.True((await stack.PrepareAsync(Spec(app, domain), default)).Plan.IsNoOp);
            await stack.RemoveAsync(await stack.PlanRemovalAsync(app, default), default);
        }
    }
}
