using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Rollout;
using Xunit;
using static AoTech.Ecs.Tests.Rollout.Ecs;

namespace AoTech.Ecs.Tests.Rollout
{
    /// <summary>Which service deployment our UpdateService started: by target revision and start time, not the newest.</summary>
    public class ServiceDeploymentMatchTests
    {
        [Fact]
        public void Ours_is_the_one_of_our_task_definition_created_closest_to_our_deployment_not_the_newest()
        {
            var before = Sd.Candidate("earlier-same-revision", 8, -100);
            var ours = Sd.Candidate("ours", 8, 1);
            var someoneElse = Sd.Candidate("later-other-revision", 9, 30);
            var forcedLater = Sd.Candidate("later-same-revision", 8, 60);

            var found = ServiceDeploymentMatch.Find(new[] { someoneElse, forcedLater, before, ours }, TaskDef(8), T0);

            Assert.Equal(ours.Arn, found!.Arn);
        }

        [Fact]
        public void Nothing_matches_another_task_definition_or_a_deployment_far_from_ours()
        {
            Assert.Null(ServiceDeploymentMatch.Find(new[] { Sd.Candidate("other", 9, 1) }, TaskDef(8), T0));
            Assert.Null(ServiceDeploymentMatch.Find(new[] { Sd.Candidate("old", 8, -3600) }, TaskDef(8), T0));
        }

        [Fact]
        public void Without_our_start_time_only_a_single_candidate_of_our_task_definition_is_taken()
        {
            Assert.NotNull(ServiceDeploymentMatch.Find(new[] { Sd.Candidate("one", 8, 1), Sd.Candidate("other", 9, 2) }, TaskDef(8), null));
            Assert.Null(ServiceDeploymentMatch.Find(new[] { Sd.Candidate("one", 8, 1), Sd.Candidate("two", 8, 2) }, TaskDef(8), null));
        }

        [Fact]
        public void A_short_task_definition_name_matches_its_ARN()
        {
            Assert.NotNull(ServiceDeploymentMatch.Find(new[] { Sd.Candidate("one", 8, 1) }, "web:8", T0));
        }

        [Theory]
        [InlineData("UnknownOperationException", 400, null, true)]
        [InlineData("AccessDeniedException", 400, null, true)]
        [InlineData("InternalError", 501, null, true)]
        [InlineData("InternalError", 500, "The list_service_deployments action has not been implemented", true)]
        [InlineData("ClusterNotFoundException", 400, "Cluster not found.", false)]
        [InlineData("ThrottlingException", 400, "Rate exceeded", false)]
        [InlineData("UnrecognizedClientException", 400, "The security token included in the request is invalid.", false)]
        [InlineData("ExpiredTokenException", 400, "The security token included in the request is expired", false)]
        public void An_endpoint_without_the_service_deployment_API_is_told_from_other_errors(string code, int status, string? message, bool unsupported)
        {
            Assert.Equal(unsupported, ServiceDeployments.IsUnsupported(new AwsServiceException("ecs", "ListServiceDeployments", code, message, status, null)));
        }

        [Theory]
        [InlineData("arn:aws:ecs:eu-west-1:123456789012:service-deployment/web/web/NCWGC2ZR-taawPAYrIaU5", true)]
        [InlineData("arn:aws-cn:ecs:cn-north-1:123456789012:service-deployment/c/s/x_y", true)]
        [InlineData("ecs-svc/1234567890", false)]
        [InlineData("arn:aws:ecs:eu-west-1:123456789012:service/web/web", false)]
        [InlineData("", false)]
        public void Only_a_service_deployment_ARN_is_one(string arn, bool valid)
        {
            Assert.Equal(valid, ServiceDeploymentArns.IsValid(arn));
        }
    }
}
