using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Aws.Protocols;
using Xunit;
using static AoTech.Ecs.Tests.Aws.Protocols.CodecTestHelpers;

namespace AoTech.Ecs.Tests.Aws.Protocols
{
    public class ErrorParserTests
    {
        [Fact]
        public void JsonTypeLosesNamespacePrefixAndReadsLowerCaseMessage()
        {
            var e = ErrorParser.Parse(AwsService.Ecs, "DescribeServices", Response(400,
                "{\"__type\":\"com.amazonaws.ecs#ClusterNotFoundException\",\"message\":\"Cluster not found.\"}",
                ("x-amzn-RequestId", "req-1")));
            Assert.Equal("ClusterNotFoundException", e.ErrorCode);
            Assert.Equal("Cluster not found.", e.AwsMessage);
            Assert.Equal(400, e.StatusCode);
            Assert.Equal("req-1", e.RequestId);
            Assert.Equal("ecs", e.Service);
            Assert.Equal("DescribeServices", e.Operation);
            Assert.Contains("ClusterNotFoundException", e.Message);
            Assert.Contains("req-1", e.Message);
        }

        [Fact]
        public void JsonReadsUpperCaseMessage()
        {
            var e = ErrorParser.Parse(AwsService.Acm, "DescribeCertificate", Response(400,
                "{\"__type\":\"ResourceNotFoundException\",\"Message\":\"Certificate arn:x not found\"}"));
            Assert.Equal("ResourceNotFoundException", e.ErrorCode);
            Assert.Equal("Certificate arn:x not found", e.AwsMessage);
        }

        [Fact]
        public void QueryErrorHeaderWinsOverJsonType()
        {
            var e = ErrorParser.Parse(AwsService.Logs, "CreateLogGroup", Response(400,
                "{\"__type\":\"com.amazonaws#SomethingModern\",\"message\":\"m\"}", ("x-amzn-query-error", "LegacyCode;Sender")));
            Assert.Equal("LegacyCode", e.ErrorCode);
        }

        [Fact]
        public void JsonWithoutTypeFallsBackToStatusCode()
        {
            var e = ErrorParser.Parse(AwsService.Ecs, "ListClusters", Response(503, "{}"));
            Assert.Equal("503", e.ErrorCode);
            Assert.Equal(503, e.StatusCode);
        }

        [Fact]
        public void QueryErrorResponse()
        {
            var e = ErrorParser.Parse(AwsService.Iam, "GetRole", Response(404,
                "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type><Code>NoSuchEntity</Code>" +
                "<Message>The role with name x cannot be found.</Message></Error><RequestId>4a5b</RequestId></ErrorResponse>"));
            Assert.Equal("NoSuchEntity", e.ErrorCode);
            Assert.Equal("The role with name x cannot be found.", e.AwsMessage);
            Assert.Equal("4a5b", e.RequestId);
            Assert.Equal(404, e.StatusCode);
        }

        [Fact]
        public void RestXmlErrorResponse()
        {
            var e = ErrorParser.Parse(AwsService.Route53, "GetHostedZone", Response(404,
                "<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><Error><Type>Sender</Type>" +
                "<Code>NoSuchHostedZone</Code><Message>No hosted zone found with ID: Z1</Message></Error><RequestId>r53-1</RequestId></ErrorResponse>"));
            Assert.Equal("NoSuchHostedZone", e.ErrorCode);
            Assert.Equal("No hosted zone found with ID: Z1", e.AwsMessage);
            Assert.Equal("r53-1", e.RequestId);
        }

        [Fact]
        public void Route53InvalidChangeBatchCollectsEveryMessage()
        {
            var e = ErrorParser.Parse(AwsService.Route53, "ChangeResourceRecordSets", Response(400,
                "<InvalidChangeBatch xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><Messages>" +
                "<Message>Tried to create resource record set [name='a.example.com.', type='A'] but it already exists</Message>" +
                "<Message>Second problem</Message></Messages></InvalidChangeBatch>", ("x-amzn-RequestId", "r2")));
            Assert.Equal("InvalidChangeBatch", e.ErrorCode);
            Assert.Contains("already exists", e.AwsMessage);
            Assert.Contains("Second problem", e.AwsMessage);
            Assert.Equal("r2", e.RequestId);
        }

        [Fact]
        public void Ec2ResponseErrorsWithCapitalRequestId()
        {
            var e = ErrorParser.Parse(AwsService.Ec2, "DeleteSecurityGroup", Response(400,
                "<Response><Errors><Error><Code>InvalidGroup.NotFound</Code><Message>The security group 'sg-1' does not exist</Message>" +
                "</Error></Errors><RequestID>ec2-req</RequestID></Response>"));
            Assert.Equal("InvalidGroup.NotFound", e.ErrorCode);
            Assert.Equal("The security group 'sg-1' does not exist", e.AwsMessage);
            Assert.Equal("ec2-req", e.RequestId);
        }

        [Fact]
        public void HtmlFromAProxyFallsBackToStatus()
        {
            var e = ErrorParser.Parse(AwsService.Ecs, "ListClusters", Response(502, "<html><body>Bad Gateway</body>"));
            Assert.Equal(502, e.StatusCode);
            Assert.Equal("502", e.ErrorCode);
        }

        [Fact]
        public void WellFormedHtmlIsNotMistakenForAnErrorCode()
        {
            var e = ErrorParser.Parse(AwsService.Ecs, "ListClusters", Response(504, "<html><body><h1>Gateway Timeout</h1></body></html>"));
            Assert.Equal("504", e.ErrorCode);
        }

        [Fact]
        public void NonXmlNonJsonBodyFallsBackToStatus()
        {
            var e = ErrorParser.Parse(AwsService.Iam, "GetRole", Response(500, "Internal Server Error"));
            Assert.Equal("500", e.ErrorCode);
        }
    }
}
