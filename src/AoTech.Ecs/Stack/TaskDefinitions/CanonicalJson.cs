using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AoTech.Ecs.Stack.TaskDefinitions
{
    /// <summary>
    /// JSON in one spelling per value: object members sorted by name, no whitespace. Hashes and comparisons of it see
    /// content, not formatting or member order (array order still counts).
    /// </summary>
    internal static class CanonicalJson
    {
        /// <summary>The canonical UTF-8 bytes of <paramref name="node"/>; <paramref name="skipRootMember"/> is left out of the root object.</summary>
        public static byte[] Bytes(JsonNode? node, string? skipRootMember = null)
        {
            var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
                Write(writer, node, skipRootMember);
            return buffer.ToArray();
        }

        public static bool Equal(JsonNode? a, JsonNode? b) => Bytes(a).SequenceEqual(Bytes(b));

        public static byte[] Sha256(byte[] data)
        {
            using (var sha = SHA256.Create())
                return sha.ComputeHash(data);
        }

        public static string Hex(byte[] bytes) => string.Concat(bytes.Select(b => b.ToString("x2")));

        private static void Write(Utf8JsonWriter writer, JsonNode? node, string? skipMember)
        {
            switch (node)
            {
                case null:
                    writer.WriteNullValue();
                    break;
                case JsonObject obj:
                    writer.WriteStartObject();
                    foreach (var pair in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                    {
                        if (pair.Key == skipMember) continue;
                        writer.WritePropertyName(pair.Key);
                        Write(writer, pair.Value, null);
                    }
                    writer.WriteEndObject();
                    break;
                case JsonArray array:
                    writer.WriteStartArray();
                    foreach (var item in array) Write(writer, item, null);
                    writer.WriteEndArray();
                    break;
                default:
                    node.WriteTo(writer);
                    break;
            }
        }
    }
}
