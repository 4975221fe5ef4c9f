using System;
using System.IO;
using System.IO.Pipelines;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace AoTech.Ecs.Images.BuildContext
{
    /// <summary>
    /// A request body written while it is sent: a producer writes into a System.IO.Pipelines pipe that the HTTP request
    /// reads, so at most about a megabyte is in memory however big the body is (the writer waits while the pipe is
    /// full). A producer failure reaches the reader as that failure, so the request fails with the real cause; disposing
    /// stops a producer the request no longer reads from.
    /// </summary>
    internal sealed class PipedRequestBody : IDisposable
    {
        private const long PauseWriterAt = 1024 * 1024;
        private const long ResumeWriterAt = 512 * 1024;
        private readonly Pipe _pipe;
        private readonly CancellationTokenSource _stop;

        private PipedRequestBody(Func<Stream, CancellationToken, Task> produce, string contentType, CancellationToken ct, long pauseWriterAt)
        {
            _pipe = new Pipe(new PipeOptions(pauseWriterThreshold: pauseWriterAt, resumeWriterThreshold: Math.Min(ResumeWriterAt, pauseWriterAt / 2),
                useSynchronizationContext: false));
            _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            Content = new StreamContent(_pipe.Reader.AsStream());
            Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            Producer = Task.Run(() => ProduceAsync(produce, _stop.Token));
        }

        /// <summary>Starts the producer; it writes to the stream it is given, which it need not close.</summary>
        public static PipedRequestBody Start(Func<Stream, CancellationToken, Task> produce, string contentType, CancellationToken ct,
            long pauseWriterAt = PauseWriterAt) =>
            new PipedRequestBody(produce, contentType, ct, pauseWriterAt);

        /// <summary>The request body (its length is unknown: it is sent chunked).</summary>
        public HttpContent Content { get; }

        /// <summary>The producer; faulted with its own failure.</summary>
        public Task Producer { get; }

        private async Task ProduceAsync(Func<Stream, CancellationToken, Task> produce, CancellationToken ct)
        {
            try
            {
                // Few large writes instead of many 512-byte tar headers: the pipe flushes on every stream write.
                using (var stream = new BufferedStream(_pipe.Writer.AsStream(leaveOpen: true), 64 * 1024))
                {
                    await produce(stream, ct).ConfigureAwait(false);
                    await stream.FlushAsync(ct).ConfigureAwait(false);
                }
                await _pipe.Writer.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                await _pipe.Writer.CompleteAsync(ex).ConfigureAwait(false);
                throw;
            }
        }

        public void Dispose()
        {
            // A producer still waiting for room in the pipe stops here: nothing will read what it writes.
            _stop.Cancel();
            Content.Dispose();
            try
            {
                Producer.Wait(TimeSpan.FromSeconds(10));
            }
            catch (AggregateException)
            {
                // Its failure (or cancellation) was reported through the request, or does not matter any more.
            }
            _stop.Dispose();
        }
    }
}
