using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace AoTech.Ecs.Images.BuildContext
{
    /// <summary>
    /// An in-process pipe with a bounded buffer: a producer writes the build context tar into <see cref="Writer"/> while
    /// the HTTP request reads <see cref="Reader"/>, so at most a few chunks are in memory however big the context is.
    /// A producer failure surfaces in the reader (the request fails with the real cause); a reader that stops reading
    /// unblocks the producer.
    /// </summary>
    internal sealed class StreamPipe
    {
        private readonly object _gate = new object();
        private readonly Queue<byte[]> _chunks = new Queue<byte[]>();
        private readonly SemaphoreSlim _available = new SemaphoreSlim(0);
        private readonly SemaphoreSlim _space;
        private bool _writerDone;
        private bool _readerClosed;
        private Exception? _failure;

        public StreamPipe(int maxChunks = 16)
        {
            _space = new SemaphoreSlim(maxChunks);
            Reader = new ReaderStream(this);
            Writer = new WriterStream(this);
        }

        public Stream Reader { get; }
        public Stream Writer { get; }

        /// <summary>Ends the stream; with an error, the reader's next read throws it.</summary>
        public void Complete(Exception? error = null)
        {
            lock (_gate)
            {
                if (_writerDone)
                {
                    return;
                }
                _writerDone = true;
                _failure = error;
            }
            _available.Release();
        }

        private async Task WriteChunkAsync(byte[] buffer, int offset, int count, CancellationToken ct)
        {
            if (count == 0)
            {
                return;
            }
            var chunk = new byte[count];
            Buffer.BlockCopy(buffer, offset, chunk, 0, count);
            await _space.WaitAsync(ct).ConfigureAwait(false);
            lock (_gate)
            {
                if (_readerClosed)
                {
                    throw new IOException("The build context stream was closed by its reader.");
                }
                if (_writerDone)
                {
                    throw new InvalidOperationException("The pipe was already completed.");
                }
                _chunks.Enqueue(chunk);
            }
            _available.Release();
        }

        private byte[]? _current;
        private int _currentOffset;

        private async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct)
        {
            if (_current == null || _currentOffset >= _current.Length)
            {
                await _available.WaitAsync(ct).ConfigureAwait(false);
                lock (_gate)
                {
                    if (_chunks.Count == 0)
                    {
                        // Only Complete releases without a chunk: keep the signal for later reads.
                        _available.Release();
                        if (_failure != null)
                        {
                            throw new IOException("Writing the build context failed: " + _failure.Message, _failure);
                        }
                        return 0;
                    }
                    _current = _chunks.Dequeue();
                    _currentOffset = 0;
                }
                _space.Release();
            }
            var n = Math.Min(count, _current.Length - _currentOffset);
            Buffer.BlockCopy(_current, _currentOffset, buffer, offset, n);
            _currentOffset += n;
            return n;
        }

        private void CloseReader()
        {
            lock (_gate)
            {
                _readerClosed = true;
                _chunks.Clear();
            }
            // Wake a producer waiting for space so it sees the closed reader.
            _space.Release(1);
        }

        private sealed class ReaderStream : Stream
        {
            private readonly StreamPipe _pipe;
            public ReaderStream(StreamPipe pipe) => _pipe = pipe;
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override int Read(byte[] buffer, int offset, int count) => _pipe.ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();
            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _pipe.ReadAsync(buffer, offset, count, cancellationToken);
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    _pipe.CloseReader();
                }
                base.Dispose(disposing);
            }
        }

        private sealed class WriterStream : Stream
        {
            private readonly StreamPipe _pipe;
            public WriterStream(StreamPipe pipe) => _pipe = pipe;
            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => _pipe.WriteChunkAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _pipe.WriteChunkAsync(buffer, offset, count, cancellationToken);
        }
    }
}
