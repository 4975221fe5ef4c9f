using System;
using System.Linq;
using AoTech.Ecs.Aws.Protocols;
using AoTech.Ecs.Aws.Signing;
using Xunit;

namespace AoTech.Ecs.Tests.Aws.Signing
{
    /// <summary>Cases the official suite does not cover: repeated and empty query keys/values, our token handling.</summary>
    public class SigV4SignerTests
    {
        private static readonly DateTime Time = new DateTime(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc);
        private static readonly SigningCredentials Creds = new SigningCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

        private static AwsHttpRequest Get(params (string, string)[] query)
        {
            var r = new AwsHttpRequest { Method = "GET", Path = "/" };
            r.AddHeader("Host", "example.amazonaws.com");
            foreach (var (k, v) in query) r.AddQuery(k, v);
            return r;
        }

        private static string QueryLine(SigV4Result r) => r.CanonicalRequest.Split('\n')[2];

        [Fact]
        public void RepeatedQueryKeysSortByValueAfterName()
        {
            var result = SigV4Signer.Sign(Get(("b", "2"), ("a", "z"), ("a", "y"), ("a", "a b")), Creds, "us-east-1", "service", Time);
            Assert.Equal("a=a%20b&a=y&a=z&b=2", QueryLine(result));
        }

        [Fact]
        public void EmptyQueryValueAndEmptyKeyKeepTheirEqualsSign()
        {
            var result = SigV4Signer.Sign(Get(("Tags", ""), ("", "v"), ("Action", "X")), Creds, "us-east-1", "service", Time);
            Assert.Equal("=v&Action=X&Tags=", QueryLine(result));
        }

        [Fact]
        public void SessionTokenIsSignedAndAdded()
        {
            var creds = new SigningCredentials("AKID", "secret", "token/with+chars=");
            var result = SigV4Signer.Sign(Get(), creds, "eu-west-1", "iam", Time);
            Assert.Contains("x-amz-security-token:token/with+chars=\n", result.CanonicalRequest);
            Assert.Contains("SignedHeaders=host;x-amz-date;x-amz-security-token,", result.Authorization);
            Assert.Contains(result.HeadersToAdd, h => h.Key == "X-Amz-Security-Token" && h.Value == "token/with+chars=");
            Assert.Contains("Credential=AKID/20150830/eu-west-1/iam/aws4_request", result.Authorization);
        }

        [Fact]
        public void WithoutTokenNoTokenHeader()
        {
            var result = SigV4Signer.Sign(Get(), Creds, "us-east-1", "service", Time);
            Assert.DoesNotContain(result.HeadersToAdd, h => h.Key == "X-Amz-Security-Token");
            Assert.Equal(new[] { "X-Amz-Date", "Authorization" }, result.HeadersToAdd.Select(h => h.Key));
        }

        [Fact]
        public void SigningTwiceReplacesOldDateRatherThanDuplicatingIt()
        {
            var request = Get();
            request.AddHeader("X-Amz-Date", "19990101T000000Z");
            var result = SigV4Signer.Sign(request, Creds, "us-east-1", "service", Time);
            Assert.Contains("x-amz-date:20150830T123600Z\n", result.CanonicalRequest);
            Assert.DoesNotContain("1999", result.CanonicalRequest);
        }

        [Fact]
        public void CredentialsToStringHidesSecret()
        {
            var creds = new SigningCredentials("AKID", "supersecret", "tok");
            Assert.DoesNotContain("supersecret", creds.ToString());
            Assert.DoesNotContain("tok)", creds.ToString());
        }
    }
}
