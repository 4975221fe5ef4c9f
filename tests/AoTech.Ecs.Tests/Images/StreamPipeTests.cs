using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Images.BuildContext;
using Xunit;

namespace AoTech.Ecs.Tests.Images
{
    public class StreamPipeTests
    {
        [Fact]
        public async Task Carries_every_byte_in_order()
        {
            var data = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
            var pipe = new StreamPipe(maxChunks: 4);
            var producer = Task.Run(async () =>
            {
                for (var offset = 0; offset < data.Length; offset += 10000)
                {
                    await pipe.Writer.WriteAsync(data, offset, Math.Min(10000, data.Length - offset));
                }
                pipe.Complete();
            });
            var received = new MemoryStream();
            await pipe.Reader.CopyToAsync(received);
            await producer;
            Assert.Equal(data, received.ToArray());
        }

        [Fact]
        public async Task Writer_waits_while_the_buffer_is_full()
        {
            var pipe = new StreamPipe(maxChunks: 2);
            var chunk = new byte[1000];
            await pipe.Writer.WriteAsync(chunk, 0, chunk.Length);
            await pipe.Writer.WriteAsync(chunk, 0, chunk.Length);
            var third = pipe.Writer.WriteAsync(chunk, 0, chunk.Length);
            // Nothing has been read, so the third chunk cannot be accepted yet: memory stays bounded.
            Assert.False(third.IsCompleted);
            var buffer = new byte[1000];
            Assert.Equal(1000, await pipe.Reader.ReadAsync(buffer, 0, buffer.Length));
            await third.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(third.IsCompletedSuccessfully);
        }

        [Fact]
        public async Task Producer_failure_reaches_the_reader()
        {
            var pipe = new StreamPipe();
            await pipe.Writer.WriteAsync(new byte[10], 0, 10);
            pipe.Complete(new UnauthorizedAccessException("secret.txt is not readable"));
            var buffer = new byte[100];
            Assert.Equal(10, await pipe.Reader.ReadAsync(buffer, 0, 100));
            var ex = await Assert.ThrowsAsync<IOException>(() => pipe.Reader.ReadAsync(buffer, 0, 100));
            Assert.Contains("secret.txt is not readable", ex.Message);
        }

        [Fact]
        public async Task Closing_the_reader_releases_a_waiting_writer()
        {
            var pipe = new StreamPipe(maxChunks: 1);
            await pipe.Writer.WriteAsync(new byte[10], 0, 10);
            var blocked = pipe.Writer.WriteAsync(new byte[10], 0, 10);
            pipe.Reader.Dispose();
            await Assert.ThrowsAsync<IOException>(() => blocked.WaitAsync(TimeSpan.FromSeconds(30)));
        }
    }
}
