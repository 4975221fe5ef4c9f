using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using AoTech.Ecs.Aws.Protocols;

namespace AoTech.Ecs.Aws.Signing
{
    /// <summary>The access key, secret and optional session token used for one signature.</summary>
    public sealed class SigningCredentials
    {
        public SigningCredentials(string accessKey, string secretKey, string? sessionToken = null)
        {
            AccessKey = accessKey;
            SecretKey = secretKey;
            SessionToken = string.IsNullOrEmpty(sessionToken) ? null : sessionToken;
        }

        public string AccessKey { get; }
        public string SecretKey { get; }
        public string? SessionToken { get; }

        // Never let a secret reach a log through ToString().
        public override string ToString() => "SigningCredentials(" + AccessKey + ")";
    }

    /// <summary>Knobs the official test suite varies; the defaults are what every service we call expects.</summary>
    public sealed class SigV4Options
    {
        /// <summary>Remove "." and ".." segments and duplicate slashes before encoding the path (all services but S3).</summary>
        public bool NormalizePath { get; set; } = true;

        /// <summary>Add and sign an x-amz-content-sha256 header (S3 style; none of our services need it).</summary>
        public bool AddContentSha256Header { get; set; }

        /// <summary>Add X-Amz-Security-Token after signing instead of signing it (old STS behaviour; do not use).</summary>
        public bool OmitSessionTokenFromSignature { get; set; }
    }

    /// <summary>Everything a signature produced, including the intermediate strings the test vectors check.</summary>
    public sealed class SigV4Result
    {
        internal SigV4Result(string canonicalRequest, string stringToSign, string signature, string authorization,
            IReadOnlyList<KeyValuePair<string, string>> headersToAdd)
        {
            CanonicalRequest = canonicalRequest;
            StringToSign = stringToSign;
            Signature = signature;
            Authorization = authorization;
            HeadersToAdd = headersToAdd;
        }

        public string CanonicalRequest { get; }
        public string StringToSign { get; }
        public string Signature { get; }
        /// <summary>Value of the Authorization header.</summary>
        public string Authorization { get; }
        /// <summary>Headers the request must carry besides its own: X-Amz-Date, the token, Authorization.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> HeadersToAdd { get; }
    }

    /// <summary>
    /// AWS Signature Version 4 with an Authorization header
    /// (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html). Pure: no clock, no I/O.
    /// </summary>
    public static class SigV4Signer
    {
        public const string Algorithm = "AWS4-HMAC-SHA256";

        /// <summary>Signs <paramref name="request"/> (which must carry a Host header) without changing it.</summary>
        public static SigV4Result Sign(AwsHttpRequest request, SigningCredentials credentials, string region,
            string service, DateTime utcNow, SigV4Options? options = null)
        {
            options ??= new SigV4Options();
            var amzDate = utcNow.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            var date = amzDate.Substring(0, 8);
            var payloadHash = Hex(Sha256(request.Body));

            // Headers we add take part in the signature, except a token the caller asked to append afterwards.
            var signedHeaders = request.Headers
                .Where(h => !IsOneOf(h.Key, "x-amz-date", "authorization", "x-amz-security-token", "x-amz-content-sha256"))
                .ToList();
            var added = new List<KeyValuePair<string, string>>();
            void Add(string name, string value, bool signed)
            {
                added.Add(new KeyValuePair<string, string>(name, value));
                if (signed) signedHeaders.Add(new KeyValuePair<string, string>(name, value));
            }
            Add("X-Amz-Date", amzDate, true);
            if (options.AddContentSha256Header) Add("x-amz-content-sha256", payloadHash, true);
            if (credentials.SessionToken != null && !options.OmitSessionTokenFromSignature)
                Add("X-Amz-Security-Token", credentials.SessionToken, true);

            var (canonicalHeaders, signedHeaderNames) = CanonicalHeaders(signedHeaders);
            var canonicalRequest = string.Join("\n",
                request.Method.ToUpperInvariant(),
                CanonicalPath(request.Path, options.NormalizePath),
                CanonicalQueryString(request.Query),
                canonicalHeaders,
                signedHeaderNames,
                payloadHash);

            var scope = $"{date}/{region}/{service}/aws4_request";
            var stringToSign = string.Join("\n", Algorithm, amzDate, scope, Hex(Sha256(Encoding.UTF8.GetBytes(canonicalRequest))));

            var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + credentials.SecretKey), date);
            key = Hmac(key, region);
            key = Hmac(key, service);
            key = Hmac(key, "aws4_request");
            var signature = Hex(Hmac(key, stringToSign));

            var authorization = $"{Algorithm} Credential={credentials.AccessKey}/{scope}, SignedHeaders={signedHeaderNames}, Signature={signature}";
            if (credentials.SessionToken != null && options.OmitSessionTokenFromSignature)
                Add("X-Amz-Security-Token", credentials.SessionToken, false);
            Add("Authorization", authorization, false);
            return new SigV4Result(canonicalRequest, stringToSign, signature, authorization, added);
        }

        /// <summary>
        /// Canonical query: every name and value RFC 3986-encoded, sorted by encoded name then value, "name=" when
        /// the value is empty. The same string is used as the query on the wire.
        /// </summary>
        public static string CanonicalQueryString(IEnumerable<KeyValuePair<string, string>> query) =>
            string.Join("&", query
                .Select(p => (Key: UriEncode(p.Key), Value: UriEncode(p.Value ?? "")))
                .OrderBy(p => p.Key, StringComparer.Ordinal)
                .ThenBy(p => p.Value, StringComparer.Ordinal)
                .Select(p => p.Key + "=" + p.Value));

        /// <summary>Canonical (and wire) path: optionally normalised, each segment RFC 3986-encoded.</summary>
        public static string CanonicalPath(string path, bool normalize)
        {
            if (string.IsNullOrEmpty(path)) return "/";
            var segments = path.Split('/');
            if (normalize)
            {
                var kept = new List<string>();
                foreach (var s in segments)
                {
                    if (s.Length == 0 || s == ".") continue;
                    if (s == "..") { if (kept.Count > 0) kept.RemoveAt(kept.Count - 1); continue; }
                    kept.Add(s);
                }
                var trailing = path.EndsWith("/", StringComparison.Ordinal) && kept.Count > 0;
                return "/" + string.Join("/", kept.Select(UriEncode)) + (trailing ? "/" : "");
            }
            return string.Join("/", segments.Select(UriEncode));
        }

        /// <summary>Percent-encodes everything but A-Z a-z 0-9 - _ . ~ (UTF-8, upper-case hex).</summary>
        public static string UriEncode(string value)
        {
            var sb = new StringBuilder(value.Length);
            foreach (var b in Encoding.UTF8.GetBytes(value))
            {
                var c = (char)b;
                if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~')
                    sb.Append(c);
                else
                    sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
            return sb.ToString();
        }

        private static (string Canonical, string SignedNames) CanonicalHeaders(IEnumerable<KeyValuePair<string, string>> headers)
        {
            // Repeated names join with commas in the order sent; values are trimmed and inner whitespace runs
            // (including folded continuation lines) squeezed to one space.
            var groups = headers
                .GroupBy(h => h.Key.Trim().ToLowerInvariant())
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (Name: g.Key, Value: string.Join(",", g.Select(h => SqueezeSpaces(h.Value)))))
                .ToList();
            var canonical = string.Concat(groups.Select(g => g.Name + ":" + g.Value + "\n"));
            return (canonical, string.Join(";", groups.Select(g => g.Name)));
        }

        private static string SqueezeSpaces(string value)
        {
            var sb = new StringBuilder(value.Length);
            var pendingSpace = false;
            foreach (var c in value.Trim())
            {
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n') { pendingSpace = true; continue; }
                if (pendingSpace) { sb.Append(' '); pendingSpace = false; }
                sb.Append(c);
            }
            return sb.ToString();
        }

        private static bool IsOneOf(string name, params string[] names) =>
            names.Any(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));

        internal static byte[] Sha256(byte[] data)
        {
            using var sha = SHA256.Create();
            return sha.ComputeHash(data);
        }

        private static byte[] Hmac(byte[] key, string data)
        {
            using var hmac = new HMACSHA256(key);
            return hmac.ComputeHash(Encoding.UTF8.GetBytes(data));
        }

        private static string Hex(byte[] bytes)
        {
            var sb = new StringBuilder(bytes.Length * 2);
            foreach (var b in bytes) sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            return sb.ToString();
        }
    }
}
