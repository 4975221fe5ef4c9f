using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Protocols
{
    /// <summary>
    /// Turns an error answer of any of our protocols into an <see cref="AwsServiceException"/>:
    /// JSON {"__type","message"} (+ x-amzn-query-error), query/rest-xml &lt;ErrorResponse&gt;, EC2 &lt;Response&gt;&lt;Errors&gt;,
    /// and Route 53's &lt;InvalidChangeBatch&gt;. When the body says nothing usable the HTTP status is the code.
    /// </summary>
    public static class ErrorParser
    {
        public static AwsServiceException Parse(AwsService service, string operation, AwsHttpResponse response)
        {
            ReadBody(response, out var code, out var message, out var requestId);

            // Services that moved from query to JSON keep their old code in this header ("Code;Sender").
            var queryError = response.GetHeader("x-amzn-query-error");
            if (!string.IsNullOrEmpty(queryError)) code = queryError!.Split(';')[0];
            if (string.IsNullOrEmpty(code)) code = CleanJsonType(response.GetHeader("x-amzn-ErrorType"));
            if (string.IsNullOrEmpty(code)) code = response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);

            requestId ??= response.GetHeader("x-amzn-RequestId") ?? response.GetHeader("x-amz-request-id");
            return new AwsServiceException(service.ModelName, operation, code!, message, response.StatusCode, requestId);
        }

        /// <summary>
        /// True for an error answer no AWS service gives: no error code in the body or headers and no request id, with a
        /// status AWS uses for refusals (4xx) or "not implemented" (501, 505): a plain web server or a captive portal. A
        /// bare 500/502/503/504 stays an AWS error: load balancers in front of AWS answer so, and it is worth a retry.
        /// </summary>
        public static bool IsForeign(AwsHttpResponse response)
        {
            var status = response.StatusCode;
            if (!(status >= 400 && status < 500 || status == 501 || status == 505)) return false;
            if (response.GetHeader("x-amzn-RequestId") != null || response.GetHeader("x-amz-request-id") != null ||
                response.GetHeader("x-amzn-ErrorType") != null || response.GetHeader("x-amzn-query-error") != null)
                return false;
            ReadBody(response, out var code, out _, out var requestId);
            return string.IsNullOrEmpty(code) && string.IsNullOrEmpty(requestId);
        }

        /// <summary>Code, message and request id from a JSON or XML error body; nulls for anything else.</summary>
        private static void ReadBody(AwsHttpResponse response, out string? code, out string? message, out string? requestId)
        {
            code = message = requestId = null;
            try
            {
                var text = System.Text.Encoding.UTF8.GetString(response.Body).TrimStart();
                if (text.StartsWith("{", StringComparison.Ordinal)) ReadJson(response.Body, ref code, ref message);
                else if (text.StartsWith("<", StringComparison.Ordinal)) ReadXml(response.Body, ref code, ref message, ref requestId);
            }
            catch (Exception e) when (e is JsonException || e is XmlException)
            {
                // A proxy or load balancer page, not an AWS error: the caller falls back to the status code.
            }
        }

        private static void ReadJson(byte[] body, ref string? code, ref string? message)
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return;
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.String) continue;
                if (p.Name == "__type" || p.Name == "code" || p.Name == "Code") code ??= CleanJsonType(p.Value.GetString());
                else if (p.Name == "message" || p.Name == "Message" || p.Name == "errorMessage") message ??= p.Value.GetString();
            }
        }

        /// <summary>"com.amazonaws.ecs#ClusterNotFoundException" or "X:http://..." -> the bare code.</summary>
        private static string? CleanJsonType(string? type)
        {
            if (string.IsNullOrEmpty(type)) return null;
            var code = type!.Substring(type.LastIndexOf('#') + 1);
            var colon = code.IndexOf(':');
            return colon > 0 ? code.Substring(0, colon) : code;
        }

        private static void ReadXml(byte[] body, ref string? code, ref string? message, ref string? requestId)
        {
            var root = XDocument.Load(new MemoryStream(body)).Root!;
            // ErrorResponse/Error (query, rest-xml) and Response/Errors/Error (EC2) both have an <Error> element.
            var error = root.Name.LocalName == "Error" ? root : root.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
            var id = root.Descendants().FirstOrDefault(e => e.Name.LocalName == "RequestId" || e.Name.LocalName == "RequestID");
            requestId = id?.Value;
            if (error != null)
            {
                code = XmlShapeReader.Child(error, "Code")?.Value;
                message = XmlShapeReader.Child(error, "Message")?.Value;
                return;
            }
            // Route 53 ChangeResourceRecordSets: <InvalidChangeBatch><Messages><Message>...</Message>...</Messages>.
            // Other roots without <Error> (an HTML page from a proxy) leave the code to the HTTP status.
            var messages = root.Descendants().Where(e => e.Name.LocalName == "Message").Select(e => e.Value).ToList();
            if (messages.Count == 0) return;
            code = root.Name.LocalName;
            message = string.Join(" ", messages);
        }
    }
}
