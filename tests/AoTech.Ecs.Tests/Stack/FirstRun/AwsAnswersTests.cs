using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Stack.Converge;
using AoTech.Ecs.Tests.Waiting;
using AoTech.Ecs.Waiting;
using Xunit;

namespace AoTech.Ecs.Tests.Stack.FirstRun
{
    /// <summary>The AWS answers the stack acts on: exact codes and message fragments, nothing looser.</summary>
    public sealed class AwsAnswersTests
    {
        private static AwsServiceException Answer(string code, string message) => new AwsServiceException("ecs", "Op", code, message, 400, "r");

        [Fact]
        public void A_missing_service_linked_role_is_not_an_existing_capacity_provider()
        {
            var missing = Answer("ClientException", "ECS Service Linked Role does not exist. Please create a Service linked role for ECS and try again.");
            Assert.True(AwsAnswers.IsServiceLinkedRoleMissing(missing));
            Assert.False(AwsAnswers.IsCapacityProviderTaken(missing));
            var taken = Answer("ClientException", "The specified capacity provider already exists. To change the configuration of an existing capacity provider, update the capacity provider.");
            Assert.True(AwsAnswers.IsCapacityProviderTaken(taken));
            Assert.False(AwsAnswers.IsServiceLinkedRoleMissing(taken));
            // Another ClientException that mentions existence is neither.
            var other = Answer("ClientException", "The specified Auto Scaling group does not exist.");
            Assert.False(AwsAnswers.IsCapacityProviderTaken(other));
            Assert.False(AwsAnswers.IsServiceLinkedRoleMissing(other));
        }

        [Fact]
        public void The_service_linked_role_answers()
        {
            Assert.True(AwsAnswers.IsServiceLinkedRoleNotAssumable(Answer("InvalidParameterException",
                "Unable to assume the service linked role. Please verify that the ECS service linked role exists.")));
            Assert.True(AwsAnswers.IsServiceLinkedRoleTaken(Answer("InvalidInput",
                "Service role name AWSServiceRoleForECS has been taken in this account, please try a different suffix.")));
            Assert.False(AwsAnswers.IsServiceLinkedRoleTaken(Answer("InvalidInput", "Invalid service name")));
            Assert.False(AwsAnswers.IsServiceLinkedRoleTaken(Answer("EntityAlreadyExists", "has been taken")));
        }

        [Theory]
        [InlineData("ClientException", "Role is not valid", true)]
        [InlineData("InvalidParameterException", "Unable to assume role and validate the specified targetGroupArn.", true)]
        [InlineData("AccessDeniedException", "User: arn:aws:iam::1:user/x is not authorized to perform: iam:PassRole on resource: arn:aws:iam::1:role/r", true)]
        [InlineData("ValidationError", "You must use a valid fully-formed launch template. Value (p) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name", true)]
        [InlineData("InvalidParameterValue", "Value (p) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name", true)]
        [InlineData("AccessDeniedException", "User is not authorized to perform: ecs:CreateService", false)]
        [InlineData("ValidationError", "Max bound, 5, must be greater than or equal to min bound, 6", false)]
        [InlineData("ClientException", "The specified capacity provider already exists.", false)]
        [InlineData("InvalidParameterValue", "instance profile is fine but the AMI is not", false)]
        public void IAM_propagation_is_exactly_the_documented_answers(string code, string message, bool propagating) =>
            Assert.Equal(propagating, AwsAnswers.IsIamPropagation(Answer(code, message)));

        [Fact]
        public void EC2_not_found_is_waited_out_only_for_a_kind_this_run_made_moments_ago()
        {
            var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
            var fresh = new FreshEc2Resources(clock, TimeSpan.FromSeconds(30));
            var vpcMissing = Answer("InvalidVpcID.NotFound", "The vpc ID 'vpc-1' does not exist");
            var groupMissing = Answer("InvalidGroup.NotFound", "The security group 'sg-1' does not exist");
            Assert.False(fresh.Rule.Matches(vpcMissing)); // nothing made: a real "not found"
            fresh.Created("vpc-0123");
            Assert.True(fresh.Rule.Matches(vpcMissing));
            Assert.False(fresh.Rule.Matches(groupMissing));
            Assert.False(fresh.Rule.Matches(Answer("InvalidVpcID.Malformed", "x")));
            clock.UtcNow += TimeSpan.FromSeconds(31);
            Assert.False(fresh.Rule.Matches(vpcMissing));
            fresh.Known(new string?[] { "sg-9", null, "subnet-7" });
            Assert.True(fresh.Rule.Matches(groupMissing));
            Assert.True(fresh.Rule.Matches(Answer("InvalidSubnetID.NotFound", "x")));
        }

        [Fact]
        public async Task A_certificate_still_in_use_is_retried_well_past_ten_minutes_then_given_up()
        {
            var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            var clock = new ManualClock(start);
            var waits = new StackWaits { Clock = clock };
            var waiter = new Waiter(clock, NullStackReporter.Instance);
            // ACM lets go 12 minutes after the load balancer went.
            var deleted = await waiter.RetryAsync("DeleteCertificate", () =>
            {
                if (clock.UtcNow - start < TimeSpan.FromMinutes(12)) throw Answer("ResourceInUseException", "Certificate arn:x is in use.");
                return Task.FromResult(true);
            }, default, waits.CertificateInUseRule);
            Assert.True(deleted);
            // Polls calmly meanwhile (at most every 30 s once settled).
            Assert.True(clock.Delays.Count < 40, clock.Delays.Count.ToString());
            // Not forever: past the limit the answer is the caller's.
            clock.UtcNow = start;
            await Assert.ThrowsAsync<AwsServiceException>(() => waiter.RetryAsync<bool>("DeleteCertificate",
                () => throw Answer("ResourceInUseException", "in use"), default, waits.CertificateInUseRule));
            Assert.InRange(clock.UtcNow - start, TimeSpan.FromMinutes(12), waits.CertificateRelease);
        }

        [Fact]
        public void A_dependency_of_a_deleted_load_balancer_is_waited_for_and_nothing_else()
        {
            var rule = new StackWaits().DependencyRule;
            Assert.True(rule.Matches(new AwsServiceException("ec2", "DeleteSecurityGroup", "DependencyViolation", "resource sg-1 has a dependent object", 400, "r")));
            Assert.True(rule.Matches(new AwsServiceException("ec2", "DeleteSecurityGroup", "InvalidGroup.InUse", "in use", 400, "r")));
            Assert.False(rule.Matches(new AwsServiceException("ec2", "DeleteSecurityGroup", "InvalidGroup.NotFound", "gone", 400, "r")));
        }
    }
}
