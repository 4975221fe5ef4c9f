using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Images.BuildContext;
using Xunit;

namespace AoTech.Ecs.Tests.Images
{
    public class PipedRequestBodyTests
    {
        [Fact]
        public async Task Carries_every_byte_in_order()
        {
            var data = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
            using var body = PipedRequestBody.Start(async (stream, ct) =>
            {
                for (var offset = 0; offset < data.Length; offset += 10000)
                {
                    await stream.WriteAsync(data.AsMemory(offset, Math.Min(10000, data.Length - offset)), ct);
                }
            }, "application/x-tar", CancellationToken.None);
            var received = new MemoryStream();
            await (await body.Content.ReadAsStreamAsync()).CopyToAsync(received);
            await body.Producer;
            Assert.Equal(data, received.ToArray());
            Assert.Equal("application/x-tar", body.Content.Headers.ContentType!.MediaType);
        }

        [Fact]
        public async Task The_producer_waits_while_nobody_reads_so_memory_stays_bounded()
        {
            long written = 0;
            using var body = PipedRequestBody.Start(async (stream, ct) =>
            {
                var chunk = new byte[16 * 1024];
                while (true)
                {
                    await stream.WriteAsync(chunk, ct);
                    Interlocked.Add(ref written, chunk.Length);
                }
            }, "application/x-tar", CancellationToken.None, pauseWriterAt: 256 * 1024);
            // The producer runs on the thread pool, which a full parallel test run can keep busy for longer than any fixed
            // sleep: wait for its first write, then until what it has written stops growing (or passes the bound).
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (Interlocked.Read(ref written) == 0 && DateTime.UtcNow < deadline) await Task.Delay(20);
            long before;
            do
            {
                before = Interlocked.Read(ref written);
                await Task.Delay(250);
            } while (Interlocked.Read(ref written) != before && Interlocked.Read(ref written) <= 512 * 1024 && DateTime.UtcNow < deadline);
            // Nothing reads: the producer stops after about the pipe's limit (plus the write buffer in front of it).
            Assert.False(body.Producer.IsCompleted);
            Assert.InRange(Interlocked.Read(ref written), 1, 512 * 1024);
        }

        [Fact]
        public async Task A_producer_failure_reaches_the_reader_as_that_failure()
        {
            using var body = PipedRequestBody.Start(async (stream, ct) =>
            {
                await stream.WriteAsync(new byte[10], ct);
                throw new UnauthorizedAccessException("secret.txt is not readable");
            }, "application/x-tar", CancellationToken.None);
            var reader = await body.Content.ReadAsStreamAsync();
            var ex = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => reader.CopyToAsync(Stream.Null));
            Assert.Contains("secret.txt is not readable", ex.Message);
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => body.Producer);
        }

        [Fact]
        public async Task Disposing_stops_a_producer_nobody_reads_any_more()
        {
            var body = PipedRequestBody.Start(async (stream, ct) =>
            {
                var chunk = new byte[64 * 1024];
                while (true)
                {
                    await stream.WriteAsync(chunk, ct);
                }
            }, "application/x-tar", CancellationToken.None, pauseWriterAt: 128 * 1024);
            await Task.Delay(200);
            Assert.False(body.Producer.IsCompleted);
            body.Dispose();
            Assert.True(body.Producer.IsCompleted);
            Assert.True(body.Producer.IsCanceled || body.Producer.IsFaulted);
        }
    }
}
