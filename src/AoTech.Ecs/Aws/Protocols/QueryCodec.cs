using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml.Linq;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Aws.Signing;

namespace AoTech.Ecs.Aws.Protocols
{
    /// <summary>
    /// AWS query protocol (ELBv2, Auto Scaling, IAM): form-encoded POST of Action, Version and the members flattened
    /// to dotted names (lists as Name.member.N, maps as Name.entry.N.key/value, an empty list as "Name=");
    /// the XML answer is read from the &lt;OperationResult&gt; element.
    /// </summary>
    public sealed class QueryCodec : IProtocolCodec
    {
        public const string ContentType = "application/x-www-form-urlencoded; charset=utf-8";

        public AwsHttpRequest Encode(AwsRequest request)
        {
            var http = new AwsHttpRequest { Method = "POST", Path = "/" };
            http.AddHeader("Content-Type", ContentType);
            http.Body = Encoding.UTF8.GetBytes(FormEncode(Flatten(request)));
            return http;
        }

        /// <summary>The ordered form parameters of a request: Action, Version, then members in declaration order.</summary>
        public static List<KeyValuePair<string, string>> Flatten(AwsRequest request)
        {
            var service = request.Service;
            var parameters = new List<KeyValuePair<string, string>>
            {
                new KeyValuePair<string, string>("Action", ShapeMap.GetOperation(request.GetType()).Name),
                new KeyValuePair<string, string>("Version", service.ApiVersion),
            };
            AddStructure(parameters, "", request, service);
            return parameters;
        }

        /// <summary>
        /// name=value pairs joined with '&amp;', byte-for-byte as botocore's urlencode writes them: everything but
        /// A-Z a-z 0-9 - _ . ~ percent-encoded, space as '+'. AWS accepts %20 too, but servers that check the
        /// signature over a re-encoded form (moto does) only agree with the botocore bytes.
        /// </summary>
        public static string FormEncode(IEnumerable<KeyValuePair<string, string>> parameters) =>
            string.Join("&", parameters.Select(p => FormEscape(p.Key) + "=" + FormEscape(p.Value)));

        private static string FormEscape(string value) => SigV4Signer.UriEncode(value).Replace("%20", "+");

        private static void AddStructure(List<KeyValuePair<string, string>> into, string prefix, object value, AwsService service)
        {
            foreach (var member in ShapeMap.GetMembers(value.GetType(), service))
            {
                var memberValue = member.Property.GetValue(value);
                if (memberValue == null) continue;
                AddValue(into, prefix + member.WireName, memberValue, member.ListMemberName, service);
            }
        }

        private static void AddValue(List<KeyValuePair<string, string>> into, string name, object value,
            string? listMemberName, AwsService service)
        {
            switch (ShapeMap.KindOf(value.GetType()))
            {
                case ShapeKind.List:
                    var items = ((IEnumerable)value).Cast<object?>().Where(i => i != null).ToList();
                    // An empty list is sent as a bare "Name=" so the service clears it (botocore does the same).
                    if (items.Count == 0) into.Add(new KeyValuePair<string, string>(name, ""));
                    for (var i = 0; i < items.Count; i++)
                        AddValue(into, $"{name}.{listMemberName ?? "member"}.{i + 1}", items[i]!, null, service);
                    break;
                case ShapeKind.Map:
                    var n = 0;
                    foreach (DictionaryEntry entry in (IDictionary)value)
                    {
                        if (entry.Value == null) continue;
                        n++;
                        into.Add(new KeyValuePair<string, string>($"{name}.entry.{n}.key", (string)entry.Key));
                        AddValue(into, $"{name}.entry.{n}.value", entry.Value, null, service);
                    }
                    break;
                case ShapeKind.Structure:
                    AddStructure(into, name + ".", value, service);
                    break;
                default:
                    into.Add(new KeyValuePair<string, string>(name, ShapeMap.FormatScalar(value)));
                    break;
            }
        }

        public object Decode(Type responseType, AwsService service, string operation, AwsHttpResponse response)
        {
            if (response.Body.Length == 0) return Activator.CreateInstance(responseType)!;
            var root = XDocument.Load(new MemoryStream(response.Body)).Root!;
            // Operations without output carry only ResponseMetadata: no Result element, an empty response.
            var result = XmlShapeReader.Child(root, operation + "Result");
            return result == null
                ? Activator.CreateInstance(responseType)!
                : XmlShapeReader.ReadStructure(result, responseType, service);
        }
    }
}
