using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Errors;
using Xunit;

namespace AoTech.Ecs.Tests.Aws
{
    /// <summary>AWS error codes become kinds through one table (issue 12 item 3), not by guessing from parts of the code.</summary>
    public class AwsErrorKindsTests
    {
        [Theory]
        [InlineData("AccessDeniedException", 400, AoErrorKind.PermissionDenied)]
        [InlineData("UnauthorizedOperation", 403, AoErrorKind.PermissionDenied)]
        [InlineData("InvalidClientTokenId", 403, AoErrorKind.Authentication)]
        [InlineData("ExpiredTokenException", 400, AoErrorKind.Authentication)]
        [InlineData("ClusterNotFoundException", 400, AoErrorKind.ObjectNotFound)]
        [InlineData("NoSuchEntity", 404, AoErrorKind.ObjectNotFound)]
        [InlineData("InvalidVpcID.NotFound", 400, AoErrorKind.ObjectNotFound)]
        [InlineData("EntityAlreadyExists", 409, AoErrorKind.ResourceExists)]
        [InlineData("DependencyViolation", 400, AoErrorKind.ResourceBusy)]
        [InlineData("LimitExceededException", 400, AoErrorKind.LimitsExceeded)]
        [InlineData("ThrottlingException", 400, AoErrorKind.LimitsExceeded)]
        [InlineData("ValidationError", 400, AoErrorKind.InvalidArgument)]
        [InlineData("ServerException", 500, AoErrorKind.ServiceUnavailable)]
        public void KnownCodesHaveTheirKind(string code, int status, AoErrorKind kind) =>
            Assert.Equal(kind, AwsErrorKinds.KindOf(code, status));

        [Theory]
        // A code a substring guess got wrong: "Conflict" inside is not a busy resource.
        [InlineData("ConflictingDomainExists", 400, AoErrorKind.OperationFailed)]
        [InlineData("SomethingNew", 404, AoErrorKind.ObjectNotFound)]
        [InlineData("SomethingNew", 403, AoErrorKind.PermissionDenied)]
        [InlineData("SomethingNew", 503, AoErrorKind.ServiceUnavailable)]
        public void UnknownCodesFallBackToTheHttpStatus(string code, int status, AoErrorKind kind) =>
            Assert.Equal(kind, AwsErrorKinds.KindOf(code, status));

        [Fact]
        public void RefusedCredentialsAreNotAMissingPermission()
        {
            Assert.True(AwsErrorKinds.IsCredentialsRefused(new AwsServiceException("sts", "GetCallerIdentity", "InvalidClientTokenId", null, 403, null)));
            Assert.False(AwsErrorKinds.IsCredentialsRefused(new AwsServiceException("ecs", "ListClusters", "AccessDeniedException", null, 400, null)));
        }
    }
}
