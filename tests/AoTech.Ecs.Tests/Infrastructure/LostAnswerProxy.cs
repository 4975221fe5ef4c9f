using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AoTech.Ecs.Tests.Infrastructure
{
    /// <summary>
    /// A minimal HTTP/1.1 keep-alive proxy in front of a test backend that can lose answers: the request is forwarded
    /// and carried out, then the connection is closed without a response (what a timeout after the fact looks like to
    /// the client). Counts the requests it forwarded per operation (the form's Action).
    /// </summary>
    public sealed class LostAnswerProxy : IDisposable
    {
        private static readonly HttpClient Upstream = new HttpClient();
        private readonly TcpListener listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly string upstream;
        private readonly CancellationTokenSource stop = new CancellationTokenSource();
        private int lose;

        public LostAnswerProxy(string upstreamUrl)
        {
            upstream = upstreamUrl.TrimEnd('/');
            listener.Start();
            _ = Task.Run(AcceptAsync);
        }

        public string EndpointUrl => "http://127.0.0.1:" + ((IPEndPoint)listener.LocalEndpoint).Port;

        /// <summary>Operations forwarded so far, in order.</summary>
        public List<string> Forwarded { get; } = new List<string>();

        /// <summary>Loses the answers of the next <paramref name="count"/> requests.</summary>
        public void LoseNext(int count) => Interlocked.Exchange(ref lose, count);

        private async Task AcceptAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await listener.AcceptTcpClientAsync(); }
                catch (Exception) { return; }
                _ = Task.Run(() => ServeAsync(client));
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            using (client)
            using (var stream = client.GetStream())
            {
                while (true)
                {
                    var head = await ReadHeadAsync(stream);
                    if (head == null) return;
                    var lines = head.Split(new[] { "\r\n" }, StringSplitOptions.None);
                    var start = lines[0].Split(' ');
                    var headers = lines.Skip(1).Where(l => l.Contains(':'))
                        .Select(l => new KeyValuePair<string, string>(l.Substring(0, l.IndexOf(':')).Trim(), l.Substring(l.IndexOf(':') + 1).Trim())).ToList();
                    var length = int.Parse(headers.FirstOrDefault(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value ?? "0");
                    var body = new byte[length];
                    for (var read = 0; read < length;) read += await stream.ReadAsync(body, read, length - read);

                    var request = new HttpRequestMessage(new HttpMethod(start[0]), upstream + start[1]) { Content = new ByteArrayContent(body) };
                    foreach (var h in headers)
                    {
                        if (h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase) || h.Key.Equals("Connection", StringComparison.OrdinalIgnoreCase)) continue;
                        if (h.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase)) request.Content.Headers.TryAddWithoutValidation(h.Key, h.Value);
                        else request.Headers.TryAddWithoutValidation(h.Key, h.Value);
                    }
                    var form = Encoding.UTF8.GetString(body);
                    var action = form.Split('&').FirstOrDefault(p => p.StartsWith("Action=", StringComparison.Ordinal))?.Substring(7) ?? start[1];
                    lock (Forwarded) Forwarded.Add(action);
                    using var response = await Upstream.SendAsync(request);
                    var answer = await response.Content.ReadAsByteArrayAsync();
                    if (Interlocked.Decrement(ref lose) >= 0) return; // carried out, never answered: the connection just closes
                    var text = new StringBuilder($"HTTP/1.1 {(int)response.StatusCode} {response.ReasonPhrase}\r\n");
                    foreach (var h in response.Content.Headers.Where(h => h.Key.StartsWith("Content-Type", StringComparison.OrdinalIgnoreCase)))
                        text.Append(h.Key).Append(": ").Append(string.Join(",", h.Value)).Append("\r\n");
                    text.Append("Content-Length: ").Append(answer.Length).Append("\r\n\r\n");
                    var bytes = Encoding.ASCII.GetBytes(text.ToString());
                    await stream.WriteAsync(bytes, 0, bytes.Length);
                    await stream.WriteAsync(answer, 0, answer.Length);
                }
            }
        }

        private static async Task<string?> ReadHeadAsync(Stream stream)
        {
            var buffer = new List<byte>();
            var one = new byte[1];
            while (true)
            {
                if (await stream.ReadAsync(one, 0, 1) == 0) return null;
                buffer.Add(one[0]);
                var n = buffer.Count;
                if (n >= 4 && buffer[n - 4] == '\r' && buffer[n - 3] == '\n' && buffer[n - 2] == '\r' && buffer[n - 1] == '\n')
                    return Encoding.ASCII.GetString(buffer.ToArray(), 0, n - 4);
            }
        }

        public void Dispose()
        {
            stop.Cancel();
            listener.Stop();
        }
    }
}
