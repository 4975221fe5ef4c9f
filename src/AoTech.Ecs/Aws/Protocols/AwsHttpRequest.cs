using System;
using System.Collections.Generic;

namespace AoTech.Ecs.Aws.Protocols
{
    /// <summary>
    /// A request as a codec builds it and the signer reads it, before it becomes an HttpRequestMessage.
    /// Path and query are kept decoded; the signer's canonical encoding is also what goes on the wire, so the
    /// signed and the sent URL cannot disagree.
    /// </summary>
    public sealed class AwsHttpRequest
    {
        public string Method { get; set; } = "POST";

        /// <summary>Decoded path, e.g. "/" or "/2013-04-01/hostedzone/Z123".</summary>
        public string Path { get; set; } = "/";

        /// <summary>Decoded query parameters in the order given; keys may repeat.</summary>
        public List<KeyValuePair<string, string>> Query { get; } = new List<KeyValuePair<string, string>>();

        /// <summary>Headers to sign and send (Host included by the connection); names may repeat.</summary>
        public List<KeyValuePair<string, string>> Headers { get; } = new List<KeyValuePair<string, string>>();

        public byte[] Body { get; set; } = Array.Empty<byte>();

        public void AddHeader(string name, string value) => Headers.Add(new KeyValuePair<string, string>(name, value));

        public void AddQuery(string name, string value) => Query.Add(new KeyValuePair<string, string>(name, value));

        public string? GetHeader(string name)
        {
            foreach (var h in Headers)
                if (string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)) return h.Value;
            return null;
        }
    }

    /// <summary>What came back, independent of HttpClient so codecs can be tested with plain values.</summary>
    public sealed class AwsHttpResponse
    {
        public AwsHttpResponse(int statusCode, IReadOnlyDictionary<string, string> headers, byte[] body)
        {
            StatusCode = statusCode;
            Headers = headers;
            Body = body;
        }

        public int StatusCode { get; }

        /// <summary>Response headers, looked up case-insensitively.</summary>
        public IReadOnlyDictionary<string, string> Headers { get; }

        public byte[] Body { get; }

        public bool IsSuccess => StatusCode >= 200 && StatusCode < 300;

        public string? GetHeader(string name) => Headers.TryGetValue(name, out var v) ? v : null;
    }
}
