using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Permissions;
using Xunit;

namespace AoTech.Ecs.Tests.Permissions
{
    public class CmdletPermissionsTests
    {
        private static readonly PolicyTarget Anywhere = new PolicyTarget();

        private static IEnumerable<JsonElement> Statements(IEnumerable<AoIamPolicy> policies) =>
            policies.SelectMany(p => JsonDocument.Parse(p.PolicyDocument).RootElement.GetProperty("Statement").EnumerateArray().ToList());

        private static IEnumerable<string> Strings(JsonElement e) =>
            e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().Select(x => x.GetString()!) : new[] { e.GetString()! };

        private static JsonElement StatementWith(IEnumerable<AoIamPolicy> policies, string action) =>
            Statements(policies).Single(s => Strings(s.GetProperty("Action")).Contains(action));

        [Fact]
        public void EveryRowNamesAnActionOfAKnownServiceAndOnlyKnownCommands()
        {
            // CloudWatch is called by no client of ours: a target-tracking policy makes and deletes its alarms with the caller's rights.
            var prefixes = AwsService.All.Select(s => s.IamPrefix).Concat(new[] { "cloudwatch" }).ToList();
            foreach (var row in CmdletPermissions.Rows)
            {
                Assert.Matches("^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$", row.Action);
                Assert.Contains(row.Action.Split(':')[0], prefixes);
                Assert.NotEmpty(row.Commands);
                Assert.All(row.Commands, c => Assert.Contains(c, CmdletPermissions.Commands));
            }
            // Every command the table knows has at least one action.
            Assert.All(CmdletPermissions.Commands, c => Assert.Contains(CmdletPermissions.Rows, r => r.Commands.Contains(c)));
        }

        [Fact]
        public void EachDocumentFitsTheManagedPolicyLimitAndAllTogetherHoldEveryAction()
        {
            var policies = IamPolicyWriter.Write(null, Anywhere);
            foreach (var p in policies)
            {
                Assert.True(p.Size <= IamPolicyWriter.MaxManagedPolicySize, $"{p.PolicyName} has {p.Size} characters");
                Assert.Equal(p.PolicyDocument.Count(c => !char.IsWhiteSpace(c)), p.Size);
            }
            var allowed = Statements(policies).SelectMany(s => Strings(s.GetProperty("Action"))).ToHashSet();
            Assert.Equal(CmdletPermissions.Rows.Select(r => r.Action).ToHashSet(), allowed);
        }

        [Fact]
        public void ALimitTooSmallForOneDocumentSplitsIntoSeveralThatEachFitAndLoseNothing()
        {
            var policies = IamPolicyWriter.Write(CmdletPermissions.Rows, null, Anywhere, maxSize: 1500);
            Assert.True(policies.Count > 3);
            Assert.All(policies, p => Assert.True(p.Size <= 1500, $"{p.PolicyName}: {p.Size}"));
            Assert.Equal(policies.Select((_, i) => "AoTech.Ecs-" + (i + 1)), policies.Select(p => p.PolicyName));
            var allowed = Statements(policies).SelectMany(s => Strings(s.GetProperty("Action"))).ToHashSet();
            Assert.Equal(CmdletPermissions.Rows.Select(r => r.Action).ToHashSet(), allowed);
            // Sids stay unique within a document (IAM requires it).
            foreach (var p in policies)
            {
                var sids = JsonDocument.Parse(p.PolicyDocument).RootElement.GetProperty("Statement").EnumerateArray()
                    .Select(s => s.GetProperty("Sid").GetString()).ToList();
                Assert.Equal(sids.Count, sids.Distinct().Count());
            }
        }

        [Fact]
        public void ACommandGetsOnlyItsOwnActions()
        {
            var wait = IamPolicyWriter.Write(new[] { CmdletPermissions.WaitDeployment }, Anywhere);
            var actions = Statements(wait).SelectMany(s => Strings(s.GetProperty("Action"))).ToList();
            Assert.Contains("ecs:DescribeServices", actions);
            Assert.DoesNotContain(actions, a => a.Contains(":Create") || a.Contains(":Delete") || a == "iam:PassRole");
            Assert.Equal("AoTech.Ecs-Wait-AoDeployment", Assert.Single(wait).PolicyName);
        }

        [Fact]
        public void ScopesFollowTheStackNamesTheAppTagAndTheDocumentedConditionKeys()
        {
            var policies = IamPolicyWriter.Write(null, new PolicyTarget("web", "eu-west-1", "123456789012"));
            Assert.StartsWith("AoTech.Ecs-web", policies[0].PolicyName);

            var cluster = StatementWith(policies, "ecs:CreateCluster");
            Assert.Contains("arn:aws:ecs:eu-west-1:123456789012:cluster/aotech-web", Strings(cluster.GetProperty("Resource")));

            var roles = StatementWith(policies, "iam:CreateRole");
            Assert.Contains("arn:aws:iam::123456789012:role/aotech/web/*", Strings(roles.GetProperty("Resource")));

            var delete = StatementWith(policies, "ec2:DeleteVpc");
            Assert.Equal("web", delete.GetProperty("Condition").GetProperty("StringLike").GetProperty("aws:ResourceTag/aotech:app").GetString());

            var pass = StatementWith(policies, "iam:PassRole");
            Assert.Equal(new[] { "iam:PassRole" }, Strings(pass.GetProperty("Action")));
            // The deployment role of a blue/green-family strategy goes to ECS itself (the service's advanced configuration).
            Assert.Equal(new[] { "ec2.amazonaws.com", "ecs-tasks.amazonaws.com", "ecs.amazonaws.com" },
                Strings(pass.GetProperty("Condition").GetProperty("StringEquals").GetProperty("iam:PassedToService")));

            var linked = StatementWith(policies, "iam:CreateServiceLinkedRole");
            Assert.Contains("autoscaling.amazonaws.com",
                Strings(linked.GetProperty("Condition").GetProperty("StringEquals").GetProperty("iam:AWSServiceName")));

            // Releasing an address cannot be undone: only the app's own (tagged when allocated) may go.
            var release = StatementWith(policies, "ec2:ReleaseAddress");
            Assert.Equal("web", release.GetProperty("Condition").GetProperty("StringLike").GetProperty("aws:ResourceTag/aotech:app").GetString());

            // DeregisterContainerInstance is authorised on the cluster (Service Authorization Reference, Amazon ECS).
            var deregister = StatementWith(policies, "ecs:DeregisterContainerInstance");
            Assert.Contains("arn:aws:ecs:eu-west-1:123456789012:cluster/aotech-web", Strings(deregister.GetProperty("Resource")));

            // Describe and List actions only work with Resource "*".
            var reads = StatementWith(policies, "ec2:DescribeVpcs");
            Assert.Equal("*", reads.GetProperty("Resource").GetString());
        }

        [Fact]
        public void WithAnEndpointThePolicyReachesTheEndpointsResourcesBesideTheApps()
        {
            // An app on the shared endpoint main (New-AoEcsApp -Name api -Endpoint main) changes main's listener, rules and
            // certificates, runs in main's cluster, takes main's lock and, as main's first app, makes its instances and roles.
            var policies = IamPolicyWriter.Write(null, PolicyTarget.Create("api", "eu-west-1", "123456789012", "main"));
            List<string> Resources(string action) => Strings(StatementWith(policies, action).GetProperty("Resource")).ToList();
            const string Region = "eu-west-1:123456789012";

            Assert.Contains($"arn:aws:elasticloadbalancing:{Region}:listener-rule/app/aotech-main-alb/*", Resources("elasticloadbalancing:SetRulePriorities"));
            Assert.Contains($"arn:aws:elasticloadbalancing:{Region}:listener/app/aotech-main-alb/*", Resources("elasticloadbalancing:AddListenerCertificates"));
            Assert.Contains($"arn:aws:elasticloadbalancing:{Region}:targetgroup/aotech-api-tg/*", Resources("elasticloadbalancing:CreateTargetGroup"));
            Assert.Contains($"arn:aws:elasticloadbalancing:{Region}:targetgroup/aotech-api-tg2/*", Resources("elasticloadbalancing:CreateTargetGroup"));
            Assert.Contains($"arn:aws:ecs:{Region}:cluster/aotech-main", Resources("ecs:PutClusterCapacityProviders"));
            Assert.Contains($"arn:aws:ecs:{Region}:capacity-provider/aotech-main-cp", Resources("ecs:CreateCapacityProvider"));
            Assert.Contains($"arn:aws:ecs:{Region}:service/aotech-main/aotech-api", Resources("ecs:CreateService"));
            Assert.Contains($"arn:aws:ecs:{Region}:service-deployment/aotech-main/aotech-api/*", Resources("ecs:StopServiceDeployment"));
            Assert.Contains($"arn:aws:autoscaling:{Region}:autoScalingGroup:*:autoScalingGroupName/aotech-main-asg", Resources("autoscaling:UpdateAutoScalingGroup"));
            Assert.Contains("arn:aws:iam::123456789012:role/aotech-endpoint/main/*", Resources("iam:CreateRole"));
            Assert.Contains("arn:aws:iam::123456789012:instance-profile/aotech-endpoint/main/*", Resources("iam:CreateInstanceProfile"));
            Assert.Contains("arn:aws:iam::123456789012:role/aotech-endpoint/main/*", Resources("iam:PassRole"));
            Assert.Contains($"arn:aws:ssm:{Region}:parameter/aotech/main/endpoint-lock", Resources("ssm:PutParameter"));
            // The app's own stay: its roles, its lock.
            Assert.Contains("arn:aws:iam::123456789012:role/aotech/api/*", Resources("iam:CreateRole"));
            Assert.Contains($"arn:aws:ssm:{Region}:parameter/aotech/api/*", Resources("ssm:PutParameter"));

            // EC2 deletes: on what carries the app's tag, or (a statement of its own: IAM ANDs the keys of one condition) the endpoint's.
            var deletes = Statements(policies).Where(s => Strings(s.GetProperty("Action")).Contains("ec2:DeleteVpc")).ToList();
            Assert.Equal(new[] { "Ec2TaggedByApp", "Ec2TaggedByEndpoint" }, deletes.Select(s => s.GetProperty("Sid").GetString()));
            Assert.Equal("api", deletes[0].GetProperty("Condition").GetProperty("StringLike").GetProperty("aws:ResourceTag/aotech:app").GetString());
            Assert.Equal("main", deletes[1].GetProperty("Condition").GetProperty("StringLike").GetProperty("aws:ResourceTag/aotech:endpoint").GetString());

            // Without -Endpoint: the app's resources only, every one of them also in the endpoint app's policy.
            var alone = Statements(IamPolicyWriter.Write(null, PolicyTarget.Create("api", "eu-west-1", "123456789012")))
                .SelectMany(s => Strings(s.GetProperty("Resource"))).Distinct().ToList();
            Assert.DoesNotContain(alone, r => r.Contains("main") || r.Contains("aotech-endpoint"));
            Assert.Subset(Statements(policies).SelectMany(s => Strings(s.GetProperty("Resource"))).ToHashSet(), alone.ToHashSet());
        }

        [Theory]
        [InlineData("Main")]
        [InlineData("main endpoint")]
        [InlineData("an-endpoint-name-too-long")]
        public void ABadEndpointPatternIsRefusedWithItsErrorId(string endpoint)
        {
            var e = Assert.Throws<AoEcsException>(() => PolicyTarget.Create("web", "*", "*", endpoint));
            Assert.Equal(PermissionErrorIds.InvalidEndpointNamePattern, e.ErrorId);
        }

        [Fact]
        public void ARecordedCallTheTableLacksIsReportedByNameWithTheFileToEdit()
        {
            var calls = new[]
            {
                new RecordedCall("ecs", "CreateCluster", CmdletPermissions.NewApp),
                new RecordedCall("tagging", "GetResources", CmdletPermissions.GetApp),
            };
            Assert.Empty(PolicyCoverage.FindGaps(calls));

            // The table without its ecs:CreateCluster line: the check names the action, the command and the table.
            var without = CmdletPermissions.Rows.Where(r => r.Action != "ecs:CreateCluster").ToList();
            var gap = Assert.Single(PolicyCoverage.FindGaps(calls, without));
            Assert.Equal("ecs:CreateCluster", gap.Action);
            Assert.Equal(CmdletPermissions.NewApp, gap.Command);
            Assert.Contains("New-AoEcsApp called ecs:CreateCluster", gap.Message);
            Assert.Contains("src/AoTech.Ecs/Permissions/CmdletPermissions.cs", gap.Message);
        }

        [Fact]
        public void ACallAllowedOnlyToAnotherCommandIsAGapForTheOneThatMadeIt()
        {
            var gap = Assert.Single(PolicyCoverage.FindGaps(new[] { new RecordedCall("ecs", "DeleteCluster", CmdletPermissions.GetApp) }));
            Assert.Equal("Get-AoEcsApp", gap.Command);
            Assert.Equal("ecs:DeleteCluster", gap.Action);
        }

        [Fact]
        public void ACallWithoutACommandIsCheckedAgainstEveryCommandsPolicyAndAnUnknownCommandIsReported()
        {
            Assert.Empty(PolicyCoverage.FindGaps(new[] { new RecordedCall("ecs", "DeleteCluster", null) }));
            Assert.Single(PolicyCoverage.FindGaps(new[] { new RecordedCall("ec2", "CreateTransitGateway", "") }));
            var unknown = Assert.Single(PolicyCoverage.FindGaps(new[] { new RecordedCall("ecs", "DescribeServices", "Get-Nothing") }));
            Assert.Contains("not a command", unknown.Message);
        }

        [Theory]
        [InlineData("ec2:Describe*", "ec2:DescribeVpcs", true)]
        [InlineData("ec2:describevpcs", "ec2:DescribeVpcs", true)]
        [InlineData("ec2:DescribeVpc?", "ec2:DescribeVpcs", true)]
        [InlineData("ec2:DescribeVpcs", "ec2:DescribeVpcsX", false)]
        public void ActionsMatchAsIamMatchesThem(string pattern, string action, bool allowed)
        {
            var doc = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + pattern + "\",\"Resource\":\"*\"}]}";
            Assert.Equal(allowed, PolicyCoverage.Allows(doc, action));
        }

        [Fact]
        public void TheTaggingApiIsNamedByItsIamPrefix()
        {
            Assert.Equal("tag:GetResources", new RecordedCall("tagging", "GetResources", null).Action);
            Assert.Equal("elasticloadbalancing:AddTags", new RecordedCall("elasticloadbalancing", "AddTags", null).Action);
        }

        [Theory]
        [InlineData("Web", "*", "*", PermissionErrorIds.InvalidAppNamePattern)]
        [InlineData("web app", "*", "*", PermissionErrorIds.InvalidAppNamePattern)]
        [InlineData("web", "mars-1", "*", "InvalidRegion")]
        [InlineData("web", "*", "12345", PermissionErrorIds.InvalidAccountId)]
        public void ABadTargetIsRefusedWithItsErrorId(string app, string region, string account, string errorId)
        {
            var e = Assert.Throws<AoEcsException>(() => PolicyTarget.Create(app, region, account));
            Assert.Equal(errorId, e.ErrorId);
        }

        [Theory]
        [InlineData("us-east-1", "aws")]
        [InlineData("eu-west-1", "aws")]
        [InlineData("cn-north-1", "aws-cn")]
        [InlineData("us-gov-west-1", "aws-us-gov")]
        [InlineData("*", "aws")]
        public void ResourceArnsNameThePartitionOfTheRegion(string region, string partition)
        {
            var target = PolicyTarget.Create("web", region, "123456789012");
            var resources = Statements(IamPolicyWriter.Write(null, target)).SelectMany(s => Strings(s.GetProperty("Resource"))).Distinct().ToList();
            Assert.Contains(resources, r => r.StartsWith("arn:" + partition + ":iam::123456789012:role/aotech/web/", StringComparison.Ordinal));
            Assert.All(resources.Where(r => r != "*"), r => Assert.StartsWith("arn:" + partition + ":", r));
        }

        [Fact]
        public void RouteDeletionsAreScopedByTheAppTag()
        {
            var policies = IamPolicyWriter.Write(null, PolicyTarget.Create("web", "eu-west-1", "123456789012"));
            foreach (var action in new[] { "ec2:DeleteRoute", "ec2:DisassociateRouteTable" })
            {
                var statement = StatementWith(policies, action);
                Assert.Equal("web", statement.GetProperty("Condition").GetProperty("StringLike").GetProperty("aws:ResourceTag/aotech:app").GetString());
            }
        }

        [Fact]
        public void CommandsResolveInTheTablesSpellingAndAnUnknownOneIsRefused()
        {
            Assert.Null(CmdletPermissions.Resolve(null));
            Assert.Equal(new[] { "New-AoEcsApp" }, CmdletPermissions.Resolve(new[] { "new-aoecsapp" }));
            var e = Assert.Throws<AoEcsException>(() => CmdletPermissions.Resolve(new[] { "Get-AoIamPolicy" }));
            Assert.Equal(PermissionErrorIds.UnknownCommand, e.ErrorId);
        }
    }
}
