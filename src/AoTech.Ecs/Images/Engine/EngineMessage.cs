using System;
using System.Buffers;
using System.IO;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;

namespace AoTech.Ecs.Images.Engine
{
    /// <summary>
    /// One message of the engine's JSON stream (build, push, pull: moby's jsonmessage.JSONMessage), one per line.
    /// Aux is kept as JSON: an object for the image ID or a push's digest, a base64 string for a BuildKit trace.
    /// </summary>
    internal sealed class EngineMessage
    {
        [JsonPropertyName("stream")] public string? Stream { get; set; }
        [JsonPropertyName("status")] public string? Status { get; set; }
        [JsonPropertyName("id")] public string? Id { get; set; }
        [JsonPropertyName("progressDetail")] public EngineProgressDetail? ProgressDetail { get; set; }
        [JsonPropertyName("error")] public string? Error { get; set; }
        [JsonPropertyName("errorDetail")] public EngineErrorDetail? ErrorDetail { get; set; }
        [JsonPropertyName("aux")] public JsonElement Aux { get; set; }

        /// <summary>The failure this message reports, or null.</summary>
        [JsonIgnore]
        public string? ErrorText => !string.IsNullOrEmpty(ErrorDetail?.Message) ? ErrorDetail!.Message : string.IsNullOrEmpty(Error) ? null : Error;

        /// <summary>A string property of an object aux ("ID" of a built image, "Digest" of a push), or null.</summary>
        public string? AuxString(string property) =>
            Aux.ValueKind == JsonValueKind.Object && Aux.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
    }

    internal sealed class EngineProgressDetail
    {
        [JsonPropertyName("current")] public long Current { get; set; }
        [JsonPropertyName("total")] public long Total { get; set; }
    }

    internal sealed class EngineErrorDetail
    {
        [JsonPropertyName("message")] public string? Message { get; set; }
    }

    /// <summary>Reads the engine's newline-delimited JSON messages from a response body as they arrive.</summary>
    internal static class EngineMessageReader
    {
        public static async Task ReadAllAsync(Stream body, Action<EngineMessage> onMessage, CancellationToken ct)
        {
            var reader = PipeReader.Create(body, new StreamPipeReaderOptions(leaveOpen: true));
            try
            {
                while (true)
                {
                    var result = await reader.ReadAsync(ct).ConfigureAwait(false);
                    var buffer = result.Buffer;
                    while (TryReadLine(ref buffer, out var line))
                    {
                        Deliver(line, onMessage);
                    }
                    if (result.IsCompleted)
                    {
                        // The last message may lack its newline.
                        Deliver(buffer, onMessage);
                        reader.AdvanceTo(buffer.End);
                        return;
                    }
                    reader.AdvanceTo(buffer.Start, buffer.End);
                }
            }
            finally
            {
                reader.Complete();
            }
        }

        private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
        {
            var newline = buffer.PositionOf((byte)'\n');
            if (newline == null)
            {
                line = default;
                return false;
            }
            line = buffer.Slice(0, newline.Value);
            buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
            return true;
        }

        private static void Deliver(ReadOnlySequence<byte> line, Action<EngineMessage> onMessage)
        {
            var message = Parse(line);
            if (message != null)
            {
                onMessage(message);
            }
        }

        /// <summary>One line as a message; null for a blank line. A line that is not JSON is kept as output text.</summary>
        internal static EngineMessage? Parse(ReadOnlySequence<byte> line)
        {
            var text = line.IsSingleSegment ? line.First.Span : line.ToArray();
            var start = 0;
            var end = text.Length;
            while (start < end && IsSpace(text[start])) start++;
            while (end > start && IsSpace(text[end - 1])) end--;
            if (start == end)
            {
                return null;
            }
            var json = text.Slice(start, end - start);
            try
            {
                return JsonSerializer.Deserialize<EngineMessage>(json) ?? new EngineMessage();
            }
            catch (JsonException)
            {
                return new EngineMessage { Stream = Encoding.UTF8.GetString(json.ToArray()) + "\n" };
            }
        }

        private static bool IsSpace(byte b) => b == (byte)' ' || b == (byte)'\r' || b == (byte)'\t' || b == (byte)'\n';

        /// <summary>The engine's error body is {"message":"..."}; the message, or the body itself when it is not that.</summary>
        internal static string ErrorBodyMessage(string? body)
        {
            var text = (body ?? "").Trim();
            if (text.StartsWith("{", StringComparison.Ordinal))
            {
                try
                {
                    using (var document = JsonDocument.Parse(text))
                    {
                        if (document.RootElement.ValueKind == JsonValueKind.Object &&
                            document.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                        {
                            return message.GetString() ?? "";
                        }
                    }
                }
                catch (JsonException)
                {
                    // Not the engine's JSON: show it as it came.
                }
            }
            return text;
        }
    }
}
