using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Protocols
{
    /// <summary>
    /// rest-xml (Route 53): method and path template from [AwsOperation]; members go to the path ({Name}), the query
    /// string, headers, or an XML body whose root is &lt;OperationRequest xmlns=service namespace&gt;.
    /// </summary>
    public sealed class RestXmlCodec : IProtocolCodec
    {
        public AwsHttpRequest Encode(AwsRequest request)
        {
            var service = request.Service;
            var op = ShapeMap.GetOperation(request.GetType());
            if (op.HttpMethod == null || op.RequestUri == null)
                throw new InvalidOperationException($"{request.GetType().Name} needs HttpMethod and RequestUri on [AwsOperation].");

            var uri = op.RequestUri;
            var http = new AwsHttpRequest { Method = op.HttpMethod };
            var q = uri.IndexOf('?');
            if (q >= 0)
            {
                // Fixed query parameters in the template, e.g. "/x?tagging" or "/x?a=b".
                foreach (var pair in uri.Substring(q + 1).Split(new[] { '&' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    var eq = pair.IndexOf('=');
                    http.AddQuery(eq < 0 ? pair : pair.Substring(0, eq), eq < 0 ? "" : pair.Substring(eq + 1));
                }
                uri = uri.Substring(0, q);
            }

            var bodyMembers = new System.Collections.Generic.List<(ShapeMember Member, object Value)>();
            foreach (var member in ShapeMap.GetMembers(request.GetType(), service))
            {
                var value = member.Property.GetValue(request);
                if (value == null) continue;
                switch (member.Location)
                {
                    case AwsLocation.Uri:
                        var text = StripIdPrefix(member, ShapeMap.FormatScalar(value));
                        uri = uri.Replace("{" + member.WireName + "+}", text).Replace("{" + member.WireName + "}", text);
                        break;
                    case AwsLocation.QueryString:
                        if (value is IEnumerable list && !(value is string))
                            foreach (var item in list) http.AddQuery(member.WireName, ShapeMap.FormatScalar(item!));
                        else
                            http.AddQuery(member.WireName, StripIdPrefix(member, ShapeMap.FormatScalar(value)));
                        break;
                    case AwsLocation.Header:
                        http.AddHeader(member.WireName, ShapeMap.FormatScalar(value));
                        break;
                    default:
                        bodyMembers.Add((member, value));
                        break;
                }
            }
            if (uri.Contains("{"))
                throw new ArgumentException($"{op.Name}: a path parameter in {op.RequestUri} was not set.");
            http.Path = uri;

            if (bodyMembers.Count > 0)
            {
                XNamespace ns = service.XmlNamespace ?? "";
                var root = new XElement(ns + op.Name + "Request");
                foreach (var (member, value) in bodyMembers)
                    root.Add(WriteElement(ns, member.WireName, value, member.ListMemberName, service));
                http.Body = ToBytes(root);
            }
            return http;
        }

        /// <summary>
        /// Route 53 returns ids as "/hostedzone/Z1"; the path and id query parameters take "Z1". botocore strips the
        /// prefix for ResourceId, ChangeId and DelegationSetId; we do it for every uri/query member named ...Id.
        /// </summary>
        private static string StripIdPrefix(ShapeMember member, string value) =>
            member.ModelMemberName.EndsWith("Id", StringComparison.Ordinal) && value.Contains("/")
                ? value.Substring(value.LastIndexOf('/') + 1)
                : value;

        private static XElement WriteElement(XNamespace ns, string name, object value, string? listMemberName, AwsService service)
        {
            var element = new XElement(ns + name);
            switch (ShapeMap.KindOf(value.GetType()))
            {
                case ShapeKind.List:
                    foreach (var item in (IEnumerable)value)
                        if (item != null) element.Add(WriteElement(ns, listMemberName ?? "member", item, null, service));
                    break;
                case ShapeKind.Map:
                    foreach (DictionaryEntry entry in (IDictionary)value)
                        element.Add(new XElement(ns + "entry", new XElement(ns + "key", entry.Key),
                            WriteElement(ns, "value", entry.Value!, null, service)));
                    break;
                case ShapeKind.Structure:
                    foreach (var member in ShapeMap.GetMembers(value.GetType(), service))
                    {
                        var memberValue = member.Property.GetValue(value);
                        if (memberValue != null)
                            element.Add(WriteElement(ns, member.WireName, memberValue, member.ListMemberName, service));
                    }
                    break;
                default:
                    element.Value = ShapeMap.FormatScalar(value);
                    break;
            }
            return element;
        }

        private static byte[] ToBytes(XElement root)
        {
            // No XML declaration, no whitespace: the same bytes botocore sends.
            var settings = new XmlWriterSettings { OmitXmlDeclaration = true, Indent = false, Encoding = new UTF8Encoding(false) };
            using var stream = new MemoryStream();
            using (var writer = XmlWriter.Create(stream, settings)) root.WriteTo(writer);
            return stream.ToArray();
        }

        public object Decode(Type responseType, AwsService service, string operation, AwsHttpResponse response)
        {
            var result = response.Body.Length == 0
                ? Activator.CreateInstance(responseType)!
                : XmlShapeReader.ReadStructure(XDocument.Load(new MemoryStream(response.Body)).Root!, responseType, service);
            foreach (var member in ShapeMap.GetMembers(responseType, service).Where(m => m.Location == AwsLocation.Header))
            {
                var header = response.GetHeader(member.WireName);
                if (header != null) member.Property.SetValue(result, ShapeMap.ParseScalar(header, member.ClrType));
            }
            return result;
        }
    }
}
