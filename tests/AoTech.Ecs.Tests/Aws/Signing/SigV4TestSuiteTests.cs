using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using AoTech.Ecs.Aws.Protocols;
using AoTech.Ecs.Aws.Signing;
using Xunit;

namespace AoTech.Ecs.Tests.Aws.Signing
{
    /// <summary>Runs every header-signing case of the official SigV4 test suite (TestData/sigv4-testsuite/v4).</summary>
    public class SigV4TestSuiteTests
    {
        private static readonly string SuiteDir = Path.Combine(AppContext.BaseDirectory, "TestData", "sigv4-testsuite", "v4");

        public static IEnumerable<object[]> Cases() =>
            Directory.GetDirectories(SuiteDir).Select(Path.GetFileName).OrderBy(n => n).Select(n => new object[] { n! });

        [Fact]
        public void SuiteIsComplete() => Assert.Equal(38, Cases().Count());

        [Theory]
        [MemberData(nameof(Cases))]
        public void HeaderSigningMatchesVector(string caseName)
        {
            var dir = Path.Combine(SuiteDir, caseName);
            using var context = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "context.json")));
            var root = context.RootElement;
            var creds = root.GetProperty("credentials");
            var credentials = new SigningCredentials(
                creds.GetProperty("access_key_id").GetString()!,
                creds.GetProperty("secret_access_key").GetString()!,
                creds.TryGetProperty("token", out var token) ? token.GetString() : null);
            var options = new SigV4Options
            {
                NormalizePath = root.GetProperty("normalize").GetBoolean(),
                AddContentSha256Header = root.GetProperty("sign_body").GetBoolean(),
                OmitSessionTokenFromSignature = root.TryGetProperty("omit_session_token", out var omit) && omit.GetBoolean(),
            };
            var time = DateTime.Parse(root.GetProperty("timestamp").GetString()!, null,
                System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);

            var request = ParseRequest(File.ReadAllBytes(Path.Combine(dir, "request.txt")));
            var result = SigV4Signer.Sign(request, credentials, root.GetProperty("region").GetString()!,
                root.GetProperty("service").GetString()!, time, options);

            Assert.Equal(Read(dir, "header-canonical-request.txt"), result.CanonicalRequest);
            Assert.Equal(Read(dir, "header-string-to-sign.txt"), result.StringToSign);
            Assert.Equal(Read(dir, "header-signature.txt").Trim(), result.Signature);
            var expectedAuthorization = Read(dir, "header-signed-request.txt").Split('\n')
                .Single(l => l.StartsWith("Authorization:", StringComparison.Ordinal)).Substring("Authorization:".Length);
            Assert.Equal(expectedAuthorization, result.Authorization);
        }

        private static string Read(string dir, string file) => File.ReadAllText(Path.Combine(dir, file), Encoding.UTF8);

        /// <summary>
        /// Parses the suite's raw HTTP request: request line, headers (indented lines continue the previous value),
        /// blank line, body. The query in the request line is percent-encoded or raw UTF-8; both decode the same.
        /// </summary>
        internal static AwsHttpRequest ParseRequest(byte[] raw)
        {
            var text = Encoding.UTF8.GetString(raw);
            var split = text.IndexOf("\n\n", StringComparison.Ordinal);
            var head = split < 0 ? text : text.Substring(0, split);
            var body = split < 0 ? "" : text.Substring(split + 2);
            var lines = head.Split('\n');

            var requestLine = lines[0];
            var method = requestLine.Substring(0, requestLine.IndexOf(' '));
            var target = requestLine.Substring(method.Length + 1, requestLine.LastIndexOf(" HTTP/", StringComparison.Ordinal) - method.Length - 1);
            var request = new AwsHttpRequest { Method = method, Body = Encoding.UTF8.GetBytes(body) };
            var q = target.IndexOf('?');
            request.Path = q < 0 ? target : target.Substring(0, q);
            if (q >= 0)
            {
                foreach (var pair in target.Substring(q + 1).Split('&'))
                {
                    var eq = pair.IndexOf('=');
                    var name = eq < 0 ? pair : pair.Substring(0, eq);
                    var value = eq < 0 ? "" : pair.Substring(eq + 1);
                    request.AddQuery(Uri.UnescapeDataString(name), Uri.UnescapeDataString(value));
                }
            }

            var headers = new List<(string Name, string Value)>();
            foreach (var line in lines.Skip(1))
            {
                if (line.Length > 0 && char.IsWhiteSpace(line[0]))
                    headers[headers.Count - 1] = (headers[^1].Name, headers[^1].Value + " " + line.Trim());
                else if (line.Length > 0)
                {
                    var colon = line.IndexOf(':');
                    headers.Add((line.Substring(0, colon), line.Substring(colon + 1)));
                }
            }
            foreach (var (name, value) in headers) request.AddHeader(name, value);
            return request;
        }
    }
}
