using System;
using System.Collections.Generic;
using System.Text;
using AoTech.Ecs.Aws.Protocols;

namespace AoTech.Ecs.Tests.Aws.Protocols
{
    internal static class CodecTestHelpers
    {
        public static string BodyText(AwsHttpRequest request) => Encoding.UTF8.GetString(request.Body);

        public static AwsHttpResponse Response(int status, string body, params (string Name, string Value)[] headers)
        {
            var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, value) in headers) map[name] = value;
            return new AwsHttpResponse(status, map, Encoding.UTF8.GetBytes(body));
        }
    }
}
