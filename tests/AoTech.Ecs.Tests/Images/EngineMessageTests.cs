using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Images.Engine;
using Xunit;

namespace AoTech.Ecs.Tests.Images
{
    public class EngineMessageTests
    {
        /// <summary>A body that arrives a few bytes at a time, as a slow engine's would.</summary>
        private sealed class TrickleStream : MemoryStream
        {
            private readonly int _chunk;
            public TrickleStream(byte[] data, int chunk) : base(data) => _chunk = chunk;
            public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, _chunk));
            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
                Task.FromResult(Read(buffer, offset, count));
            public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
                new ValueTask<int>(base.Read(buffer.Span.Slice(0, Math.Min(buffer.Length, _chunk))));
        }

        internal static async Task<List<EngineMessage>> ReadAll(string text, int chunk = 7)
        {
            var messages = new List<EngineMessage>();
            await EngineMessageReader.ReadAllAsync(new TrickleStream(Encoding.UTF8.GetBytes(text), chunk), messages.Add, CancellationToken.None);
            return messages;
        }

        [Fact]
        public async Task Reads_each_line_as_it_comes_whatever_the_chunks()
        {
            var messages = await ReadAll(
                "{\"stream\":\"Step 1/2 : FROM x\\n\"}\r\n" +
                "{\"status\":\"Pushing\",\"id\":\"abc\",\"progressDetail\":{\"current\":5,\"total\":10}}\r\n\r\n" +
                "{\"aux\":{\"ID\":\"sha256:0123\"}}");
            Assert.Equal(3, messages.Count);
            Assert.Equal("Step 1/2 : FROM x\n", messages[0].Stream);
            Assert.Equal("abc", messages[1].Id);
            Assert.Equal(10, messages[1].ProgressDetail!.Total);
            Assert.Equal("sha256:0123", messages[2].AuxString("ID"));
        }

        [Fact]
        public async Task An_error_message_gives_its_detail()
        {
            var messages = await ReadAll("{\"errorDetail\":{\"message\":\"exit code: 3\"},\"error\":\"short\"}\n");
            Assert.Equal("exit code: 3", messages.Single().ErrorText);
        }

        [Fact]
        public async Task A_line_that_is_not_json_is_kept_as_output()
        {
            var messages = await ReadAll("plain text from a proxy\n{\"stream\":\"ok\"}\n");
            Assert.Equal("plain text from a proxy\n", messages[0].Stream);
            Assert.Equal("ok", messages[1].Stream);
        }

        [Theory]
        // The engine's error body; the message may hold quotes, escapes, or follow another object with a message.
        [InlineData("{\"message\":\"pull access denied for \\\"x\\\" \\u0026 more\"}", "pull access denied for \"x\" & more")]
        [InlineData("{\"cause\":{\"message\":\"inner\"},\"message\":\"outer\"}", "outer")]
        [InlineData("  {\"message\":\"spaced\"}\n", "spaced")]
        [InlineData("404 page not found\n", "404 page not found")]
        [InlineData("{\"message\": 42}", "{\"message\": 42}")]
        public void The_error_body_gives_the_engine_message(string body, string expected)
        {
            Assert.Equal(expected, EngineMessageReader.ErrorBodyMessage(body));
        }

        [Fact]
        public void Registry_auth_is_base64url_json_and_never_shows_the_password()
        {
            // A password whose base64 has '+' and '/' in standard encoding: the engine reads base64url only.
            var auth = new RegistryAuth("registry.example.com", "user", "p>>?w~~~d?");
            var header = auth.ToHeader();
            Assert.DoesNotContain('+', header);
            Assert.DoesNotContain('/', header);
            var json = Encoding.UTF8.GetString(Convert.FromBase64String(header.Replace('-', '+').Replace('_', '/')));
            using var document = System.Text.Json.JsonDocument.Parse(json);
            Assert.Equal("user", document.RootElement.GetProperty("username").GetString());
            Assert.Equal("p>>?w~~~d?", document.RootElement.GetProperty("password").GetString());
            Assert.Equal("registry.example.com", document.RootElement.GetProperty("serveraddress").GetString());
            Assert.DoesNotContain("p>>?w~~~d?", auth.ToString());

            var config = Encoding.UTF8.GetString(Convert.FromBase64String(
                RegistryAuth.ToConfigHeader(new[] { auth, new RegistryAuth("anonymous.example.com") }).Replace('-', '+').Replace('_', '/')));
            using var map = System.Text.Json.JsonDocument.Parse(config);
            Assert.Equal("user", map.RootElement.GetProperty("registry.example.com").GetProperty("username").GetString());
            Assert.False(map.RootElement.TryGetProperty("anonymous.example.com", out _));
        }
    }
}
