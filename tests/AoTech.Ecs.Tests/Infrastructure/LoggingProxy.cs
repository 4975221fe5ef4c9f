using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;

namespace AoTech.Ecs.Tests.Infrastructure
{
    /// <summary>
    /// The request-logging (and fault-injecting) proxy of the Pester suites, tests/tools/aws_proxy.py, in front of a
    /// backend: tests see which TCP connection carried each request and can make the backend answer slowly. With
    /// <c>behaviour</c> on it is also the layer of documented AWS behaviour (tests/tools/aws_behaviour.py).
    /// </summary>
    public sealed class LoggingProxy : IDisposable
    {
        /// <summary>Seconds each documented behaviour lasts in tests (a new role refused, a change PENDING, ...).</summary>
        public const double DefaultWindow = 1.0;

        private readonly Process _process;
        private readonly HttpClient _control = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        /// <param name="behaviour">Put the layer of documented AWS behaviour in front of the backend (the fixtures do).</param>
        public LoggingProxy(string upstreamUrl, bool behaviour = false, double window = DefaultWindow)
        {
            var start = new ProcessStartInfo("python3") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root(), "tests", "tools", "aws_proxy.py"));
            start.ArgumentList.Add("--upstream");
            start.ArgumentList.Add(upstreamUrl);
            start.ArgumentList.Add("--behaviour");
            start.ArgumentList.Add(behaviour ? "on" : "off");
            start.ArgumentList.Add("--window");
            start.ArgumentList.Add(window.ToString(System.Globalization.CultureInfo.InvariantCulture));
            _process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start.");
            _process.ErrorDataReceived += (_, __) => { };
            _process.BeginErrorReadLine();
            var line = _process.StandardOutput.ReadLine() ?? "";
            if (!line.StartsWith("listening ", StringComparison.Ordinal))
                throw new InvalidOperationException("The logging proxy did not start: " + line);
            EndpointUrl = "http://127.0.0.1:" + line.Substring("listening ".Length).Trim();
        }

        public string EndpointUrl { get; }

        /// <summary>One logged request: the operation, its HTTP status (null while unanswered) and the client's TCP port.</summary>
        public sealed class Entry
        {
            public string Operation { get; set; } = "";
            public int? Status { get; set; }
            public int Peer { get; set; }
        }

        public IReadOnlyList<Entry> Requests()
        {
            using var doc = JsonDocument.Parse(_control.GetStringAsync(EndpointUrl + "/__aotech/requests").GetAwaiter().GetResult());
            var list = new List<Entry>();
            foreach (var e in doc.RootElement.EnumerateArray())
                list.Add(new Entry
                {
                    Operation = e.GetProperty("operation").GetString() ?? "",
                    Status = e.GetProperty("status").ValueKind == JsonValueKind.Number ? e.GetProperty("status").GetInt32() : (int?)null,
                    Peer = e.GetProperty("peer").GetInt32(),
                });
            return list;
        }

        /// <summary>Every request from now on is held for <paramref name="seconds"/> before it is forwarded.</summary>
        public void DelayEveryRequest(double seconds) =>
            PutFaults("{\"rate\": 1, \"kinds\": [\"slow\"], \"slowSeconds\": " + seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}");

        public void ClearFaults() => PutFaults("{}");

        /// <summary>How often each documented behaviour acted since the last reset (refused or rewrote an answer).</summary>
        public IReadOnlyDictionary<string, int> BehaviourActed()
        {
            var acted = new Dictionary<string, int>();
            foreach (var p in BehaviourState().GetProperty("acted").EnumerateObject()) acted[p.Name] = p.Value.GetInt32();
            return acted;
        }

        /// <summary>The layer's state: enabled, windows, acted, and the Route 53 changes it made PENDING ("insyncSeen": a GetChange saw INSYNC).</summary>
        public JsonElement BehaviourState()
        {
            using var doc = JsonDocument.Parse(_control.GetStringAsync(EndpointUrl + "/__aotech/behaviour").GetAwaiter().GetResult());
            return doc.RootElement.Clone();
        }

        /// <summary>A fresh account: moto wiped (through the proxy, so the layer forgets what it saw too).</summary>
        public void ResetBackend()
        {
            using var response = _control.PostAsync(EndpointUrl + "/moto-api/reset", new StringContent("")).GetAwaiter().GetResult();
            response.EnsureSuccessStatusCode();
        }

        /// <summary>Changes the layer: {"enabled": bool, "window": s, "windows": {name: s}, "off": [name]}.</summary>
        public void ConfigureBehaviour(string json)
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = _control.PutAsync(EndpointUrl + "/__aotech/behaviour", content).GetAwaiter().GetResult();
            response.EnsureSuccessStatusCode();
        }

        private void PutFaults(string json)
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = _control.PutAsync(EndpointUrl + "/__aotech/faults", content).GetAwaiter().GetResult();
            response.EnsureSuccessStatusCode();
        }

        public void Dispose()
        {
            _control.Dispose();
            try { if (!_process.HasExited) _process.Kill(true); } catch (InvalidOperationException) { }
            _process.Dispose();
        }
    }
}
