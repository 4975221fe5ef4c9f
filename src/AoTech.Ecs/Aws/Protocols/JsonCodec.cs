using System;
using System.Collections;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Protocols
{
    /// <summary>
    /// AWS JSON 1.1 (ECS, ECR, Logs, ACM, Tagging): POST / with X-Amz-Target, a JSON object of the set members
    /// (nulls left out, "{}" when nothing is set), epoch-second timestamps, base64 blobs.
    /// </summary>
    public sealed class JsonCodec : IProtocolCodec
    {
        public const string ContentType = "application/x-amz-json-1.1";

        public AwsHttpRequest Encode(AwsRequest request)
        {
            var service = request.Service;
            var operation = ShapeMap.GetOperation(request.GetType()).Name;
            var http = new AwsHttpRequest { Method = "POST", Path = "/" };
            http.AddHeader("Content-Type", ContentType);
            http.AddHeader("X-Amz-Target", service.TargetPrefix + "." + operation);
            http.Body = Serialize(request, service);
            return http;
        }

        /// <summary>The JSON body for a request (or any structure) as bytes.</summary>
        public static byte[] Serialize(object structure, AwsService service)
        {
            using var stream = new MemoryStream();
            // Relaxed escaping: the body is not HTML, so '+', '<', '&' and non-ASCII text stay as they are.
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                WriteStructure(writer, structure, service);
            return stream.ToArray();
        }

        private static void WriteStructure(Utf8JsonWriter writer, object value, AwsService service)
        {
            writer.WriteStartObject();
            foreach (var member in ShapeMap.GetMembers(value.GetType(), service))
            {
                var memberValue = member.Property.GetValue(value);
                if (memberValue == null) continue;
                writer.WritePropertyName(member.WireName);
                WriteValue(writer, memberValue, service);
            }
            writer.WriteEndObject();
        }

        private static void WriteValue(Utf8JsonWriter writer, object value, AwsService service)
        {
            switch (ShapeMap.KindOf(value.GetType()))
            {
                case ShapeKind.String: writer.WriteStringValue(ShapeMap.FormatScalar(value)); break;
                case ShapeKind.Boolean: writer.WriteBooleanValue((bool)value); break;
                case ShapeKind.Integer:
                case ShapeKind.Long: writer.WriteNumberValue(Convert.ToInt64(value)); break;
                case ShapeKind.Double: writer.WriteNumberValue(Convert.ToDouble(value)); break;
                case ShapeKind.Timestamp:
                    var seconds = ShapeMap.ToEpochSeconds(ShapeMap.AsUtcDateTime(value));
                    if (seconds == Math.Floor(seconds)) writer.WriteNumberValue((long)seconds);
                    else writer.WriteNumberValue(seconds);
                    break;
                case ShapeKind.Blob: writer.WriteStringValue(Convert.ToBase64String((byte[])value)); break;
                case ShapeKind.List:
                    writer.WriteStartArray();
                    foreach (var item in (IEnumerable)value)
                        if (item != null) WriteValue(writer, item, service);
                    writer.WriteEndArray();
                    break;
                case ShapeKind.Map:
                    writer.WriteStartObject();
                    foreach (DictionaryEntry entry in (IDictionary)value)
                    {
                        if (entry.Value == null) continue;
                        writer.WritePropertyName((string)entry.Key);
                        WriteValue(writer, entry.Value, service);
                    }
                    writer.WriteEndObject();
                    break;
                default: WriteStructure(writer, value, service); break;
            }
        }

        public object Decode(Type responseType, AwsService service, string operation, AwsHttpResponse response)
        {
            if (response.Body.Length == 0) return Activator.CreateInstance(responseType)!;
            using var doc = JsonDocument.Parse(response.Body);
            return ReadValue(doc.RootElement, responseType, service)!;
        }

        /// <summary>Reads a JSON value into <paramref name="type"/>; unknown members are ignored.</summary>
        public static object? ReadValue(JsonElement element, Type type, AwsService service)
        {
            if (element.ValueKind == JsonValueKind.Null) return null;
            var target = Nullable.GetUnderlyingType(type) ?? type;
            switch (ShapeMap.KindOf(target))
            {
                case ShapeKind.String:
                    return element.ValueKind == JsonValueKind.String
                        ? ShapeMap.ParseScalar(element.GetString()!, target)
                        : ShapeMap.ParseScalar(element.GetRawText(), target);
                case ShapeKind.Boolean: return element.GetBoolean();
                case ShapeKind.Integer: return Convert.ChangeType(element.GetInt64(), target);
                case ShapeKind.Long: return element.GetInt64();
                case ShapeKind.Double: return Convert.ChangeType(element.GetDouble(), target);
                case ShapeKind.Timestamp:
                    var utc = element.ValueKind == JsonValueKind.Number
                        ? ShapeMap.FromEpochSeconds(element.GetDouble())
                        : ShapeMap.ParseTimestamp(element.GetString()!);
                    return ShapeMap.ToTimestampType(utc, target);
                case ShapeKind.Blob: return Convert.FromBase64String(element.GetString()!);
                case ShapeKind.List:
                    var items = ShapeMap.NewItemList(target);
                    var itemType = ShapeMap.ElementTypeOf(target)!;
                    foreach (var item in element.EnumerateArray()) items.Add(ReadValue(item, itemType, service));
                    return ShapeMap.CreateList(target, items);
                case ShapeKind.Map:
                    var map = ShapeMap.CreateMap(target);
                    var valueType = ShapeMap.ElementTypeOf(target)!;
                    foreach (var p in element.EnumerateObject()) map[p.Name] = ReadValue(p.Value, valueType, service);
                    return map;
                default:
                    var result = Activator.CreateInstance(target)!;
                    foreach (var member in ShapeMap.GetMembers(target, service))
                        if (element.TryGetProperty(member.WireName, out var value))
                            member.Property.SetValue(result, ReadValue(value, member.ClrType, service));
                    return result;
            }
        }
    }
}
