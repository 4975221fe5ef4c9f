using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AoTech.Ecs.Images.BuildContext
{
    /// <summary>
    /// Minimal streaming tar writer (ustar, with PAX records for long or non-ASCII names and huge files): what the
    /// Docker engine expects as a build context. netstandard2.0 has no System.Formats.Tar.
    /// </summary>
    internal sealed class TarWriter
    {
        private const int Block = 512;
        private static readonly DateTime Epoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        private readonly Stream _output;
        private readonly byte[] _copyBuffer = new byte[81920];

        public TarWriter(Stream output) => _output = output;

        public long BytesWritten { get; private set; }

        public Task WriteDirectoryAsync(string name, int mode, DateTime modified, CancellationToken ct) =>
            WriteHeaderAsync(name.TrimEnd('/') + "/", '5', mode, 0, modified, null, ct);

        public Task WriteSymlinkAsync(string name, string target, int mode, DateTime modified, CancellationToken ct) =>
            WriteHeaderAsync(name, '2', mode, 0, modified, target, ct);

        public async Task WriteFileAsync(string name, Stream content, long length, int mode, DateTime modified, CancellationToken ct)
        {
            await WriteHeaderAsync(name, '0', mode, length, modified, null, ct).ConfigureAwait(false);
            var remaining = length;
            while (remaining > 0)
            {
                var read = await content.ReadAsync(_copyBuffer, 0, (int)Math.Min(_copyBuffer.Length, remaining), ct).ConfigureAwait(false);
                if (read <= 0)
                {
                    throw new IOException($"'{name}' changed size while the build context was being sent.");
                }
                await WriteRawAsync(_copyBuffer, read, ct).ConfigureAwait(false);
                remaining -= read;
            }
            await PadAsync(length, ct).ConfigureAwait(false);
        }

        /// <summary>Two zero blocks end the archive.</summary>
        public Task FinishAsync(CancellationToken ct) => WriteRawAsync(new byte[Block * 2], Block * 2, ct);

        private async Task WriteHeaderAsync(string name, char type, int mode, long size, DateTime modified, string? linkTarget, CancellationToken ct)
        {
            var needsPax = !FitsUstar(name, 100) || (linkTarget != null && !FitsUstar(linkTarget, 100)) || size > 077777777777L;
            if (needsPax)
            {
                var records = new StringBuilder();
                AppendPax(records, "path", name);
                if (linkTarget != null)
                {
                    AppendPax(records, "linkpath", linkTarget);
                }
                if (size > 077777777777L)
                {
                    AppendPax(records, "size", size.ToString(CultureInfo.InvariantCulture));
                }
                var data = Encoding.UTF8.GetBytes(records.ToString());
                var paxHeader = BuildHeader("PaxHeaders/" + Truncate(name, 80), 'x', 420, data.Length, modified, null);
                await WriteRawAsync(paxHeader, Block, ct).ConfigureAwait(false);
                await WriteRawAsync(data, data.Length, ct).ConfigureAwait(false);
                await PadAsync(data.Length, ct).ConfigureAwait(false);
            }
            var header = BuildHeader(Truncate(name, 100), type, mode, size > 077777777777L ? 0 : size, modified,
                linkTarget == null ? null : Truncate(linkTarget, 100));
            await WriteRawAsync(header, Block, ct).ConfigureAwait(false);
        }

        private static byte[] BuildHeader(string name, char type, int mode, long size, DateTime modified, string? linkTarget)
        {
            var h = new byte[Block];
            PutString(h, 0, 100, name);
            PutOctal(h, 100, 8, mode & 0xFFF);
            PutOctal(h, 108, 8, 0);           // uid: root, as the Docker CLI sends it
            PutOctal(h, 116, 8, 0);           // gid
            PutOctal(h, 124, 12, size);
            var seconds = (long)Math.Max(0, (modified.ToUniversalTime() - Epoch).TotalSeconds);
            PutOctal(h, 136, 12, seconds);
            h[156] = (byte)type;
            if (linkTarget != null)
            {
                PutString(h, 157, 100, linkTarget);
            }
            PutString(h, 257, 6, "ustar");    // magic "ustar\0"
            h[263] = (byte)'0';
            h[264] = (byte)'0';
            // Checksum: sum of all bytes with the checksum field read as spaces.
            for (var i = 148; i < 156; i++)
            {
                h[i] = (byte)' ';
            }
            long sum = 0;
            foreach (var b in h)
            {
                sum += b;
            }
            var checksum = Convert.ToString(sum, 8).PadLeft(6, '0');
            Encoding.ASCII.GetBytes(checksum, 0, 6, h, 148);
            h[154] = 0;
            h[155] = (byte)' ';
            return h;
        }

        private static bool FitsUstar(string value, int max)
        {
            if (value.Length > max)
            {
                return false;
            }
            foreach (var c in value)
            {
                if (c > 127)
                {
                    return false;
                }
            }
            return true;
        }

        private static string Truncate(string value, int max)
        {
            var ascii = new StringBuilder(value.Length);
            foreach (var c in value)
            {
                ascii.Append(c > 127 ? '_' : c);
            }
            return ascii.Length > max ? ascii.ToString(0, max) : ascii.ToString();
        }

        private static void AppendPax(StringBuilder records, string key, string value)
        {
            // "%d %s=%s\n" where %d counts the whole record, its own digits included.
            var body = " " + key + "=" + value + "\n";
            var bodyLength = Encoding.UTF8.GetByteCount(body);
            var length = bodyLength + 1;
            while (length != bodyLength + length.ToString(CultureInfo.InvariantCulture).Length)
            {
                length = bodyLength + length.ToString(CultureInfo.InvariantCulture).Length;
            }
            records.Append(length.ToString(CultureInfo.InvariantCulture)).Append(body);
        }

        private static void PutString(byte[] header, int offset, int length, string value)
        {
            var bytes = Encoding.ASCII.GetBytes(value);
            Array.Copy(bytes, 0, header, offset, Math.Min(bytes.Length, length));
        }

        private static void PutOctal(byte[] header, int offset, int length, long value)
        {
            var text = Convert.ToString(value, 8).PadLeft(length - 1, '0');
            Encoding.ASCII.GetBytes(text, 0, length - 1, header, offset);
            header[offset + length - 1] = 0;
        }

        private Task PadAsync(long length, CancellationToken ct)
        {
            var pad = (int)((Block - length % Block) % Block);
            return pad == 0 ? Task.CompletedTask : WriteRawAsync(new byte[pad], pad, ct);
        }

        private async Task WriteRawAsync(byte[] data, int count, CancellationToken ct)
        {
            await _output.WriteAsync(data, 0, count, ct).ConfigureAwait(false);
            BytesWritten += count;
        }
    }
}
