using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using AoTech.Ecs.Images.Engine;
using Google.Protobuf;

namespace AoTech.Ecs.Images.Building.BuildKit
{
    /// <summary>
    /// A BuildKit build's messages, shown as `docker build --progress=plain` shows them: each step ("vertex") gets a
    /// number when it first appears; its start, cache hit, duration, output and error become -Verbose lines and the
    /// Write-Progress status. The engine sends them as "moby.buildkit.trace" messages whose aux is a base64
    /// protobuf StatusResponse (buildkit_status.proto).
    /// </summary>
    internal sealed class BuildKitMonitor : IBuildMonitor
    {
        internal const string TraceId = "moby.buildkit.trace";
        private const int TailLines = 12;
        private const int StatusLength = 120;

        private readonly string _name;
        private readonly IProgress<ImageProgress>? _progress;
        private readonly Dictionary<string, Step> _steps = new Dictionary<string, Step>(StringComparer.Ordinal);
        private int _percent = -1;
        private string _status = "Building";

        public BuildKitMonitor(string name, IProgress<ImageProgress>? progress)
        {
            _name = name;
            _progress = progress;
        }

        public string? Error { get; private set; }
        public string? ImageId { get; private set; }

        /// <summary>Steps in the order they appeared (their numbers).</summary>
        internal IReadOnlyList<Step> Steps => _steps.Values.OrderBy(s => s.Number).ToList();

        public void Handle(EngineMessage message)
        {
            if (message.ErrorText != null)
            {
                Error = message.ErrorText;
                return;
            }
            if (message.Id == TraceId && message.Aux.ValueKind == JsonValueKind.String)
            {
                StatusResponse status;
                try
                {
                    status = StatusResponse.Parser.ParseFrom(message.Aux.GetBytesFromBase64());
                }
                catch (Exception ex) when (ex is InvalidProtocolBufferException || ex is FormatException || ex is InvalidOperationException)
                {
                    return; // progress only: a record this version cannot read must not fail the build
                }
                Apply(status);
                return;
            }
            ImageId = message.AuxString("ID") ?? ImageId;
            if (!string.IsNullOrWhiteSpace(message.Stream))
            {
                Report(message.Stream!.TrimEnd('\r', '\n'));
            }
        }

        internal void Apply(StatusResponse status)
        {
            foreach (var vertex in status.Vertexes)
            {
                var step = StepFor(vertex.Digest);
                if (vertex.Name.Length > 0)
                {
                    step.Name = vertex.Name;
                }
                if (vertex.Cached && !step.Cached)
                {
                    step.Cached = true;
                    Report($"#{step.Number} {step.Name}: CACHED");
                }
                if (vertex.Started != null && step.Started == null)
                {
                    step.Started = vertex.Started.ToDateTime();
                    if (!step.Cached && vertex.Completed == null)
                    {
                        Report($"#{step.Number} {step.Name}");
                    }
                }
                if (vertex.Completed != null && step.Completed == null)
                {
                    step.Completed = vertex.Completed.ToDateTime();
                    FlushLog(step);
                    if (vertex.Error.Length > 0)
                    {
                        step.Error = vertex.Error;
                        Report($"#{step.Number} {step.Name}: ERROR: {vertex.Error}");
                    }
                    else if (!step.Cached)
                    {
                        Report($"#{step.Number} {step.Name}: DONE {Seconds(step.Duration)}");
                    }
                }
            }
            foreach (var log in status.Logs)
            {
                var step = StepFor(log.Vertex);
                foreach (var line in step.AppendLog(log.Msg.ToStringUtf8()))
                {
                    ReportLog(step, log.Timestamp?.ToDateTime(), line);
                }
            }
            foreach (var warning in status.Warnings)
            {
                var step = StepFor(warning.Vertex);
                Report($"#{step.Number} WARNING: {warning.Short.ToStringUtf8()}" + (warning.Url.Length > 0 ? " (" + warning.Url + ")" : ""));
            }
        }

        private Step StepFor(string digest)
        {
            if (!_steps.TryGetValue(digest, out var step))
            {
                step = new Step(_steps.Count + 1);
                _steps[digest] = step;
            }
            return step;
        }

        private void FlushLog(Step step)
        {
            var rest = step.TakePartialLine();
            if (rest != null)
            {
                ReportLog(step, step.Completed, rest);
            }
        }

        private void ReportLog(Step step, DateTime? at, string line)
        {
            var offset = at != null && step.Started != null ? " " + (at.Value - step.Started.Value).TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) : "";
            Report($"#{step.Number}{offset} {line}", isStatus: false);
        }

        private void Report(string line, bool isStatus = true)
        {
            if (isStatus)
            {
                _status = line.Length > StatusLength ? line.Substring(0, StatusLength - 3) + "..." : line;
                // Steps done of steps known; never backwards when the engine reveals more of the graph.
                var done = _steps.Values.Count(s => s.Cached || s.Completed != null);
                _percent = Math.Max(_percent, Math.Min(99, done * 100 / Math.Max(1, _steps.Count)));
            }
            _progress?.Report(new ImageProgress(_name, ImageStage.Build, _status, _percent, line));
        }

        /// <summary>The failed step and the end of its output, framed as `docker build` frames them.</summary>
        public string FailureDetail()
        {
            var failed = _steps.Values.Where(s => s.Error != null).OrderBy(s => s.Completed).LastOrDefault();
            if (failed == null)
            {
                return "";
            }
            var text = new StringBuilder();
            text.AppendLine().Append("------").AppendLine().Append(" > ").Append(failed.Name).Append(':');
            foreach (var line in failed.Tail)
            {
                text.AppendLine().Append(line);
            }
            text.AppendLine().Append("------");
            return text.ToString();
        }

        private static string Seconds(TimeSpan? duration) =>
            (duration ?? TimeSpan.Zero).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s";

        /// <summary>One vertex of the build graph as far as the messages have told.</summary>
        internal sealed class Step
        {
            private readonly Queue<string> _tail = new Queue<string>();
            private readonly StringBuilder _partial = new StringBuilder();

            public Step(int number) => Number = number;

            public int Number { get; }
            public string Name { get; set; } = "";
            public bool Cached { get; set; }
            public DateTime? Started { get; set; }
            public DateTime? Completed { get; set; }
            public string? Error { get; set; }
            public TimeSpan? Duration => Started != null && Completed != null ? Completed - Started : null;
            /// <summary>The last lines of output, numbered as `docker build` shows them.</summary>
            public IEnumerable<string> Tail => _tail;

            /// <summary>Adds output; returns the lines it completes (output arrives in pieces that need not end a line).</summary>
            public List<string> AppendLog(string text)
            {
                var lines = new List<string>();
                _partial.Append(text);
                var all = _partial.ToString();
                var newline = all.LastIndexOf('\n');
                if (newline < 0)
                {
                    return lines;
                }
                foreach (var raw in all.Substring(0, newline).Split('\n'))
                {
                    var line = raw.TrimEnd('\r');
                    Keep(line);
                    lines.Add(line);
                }
                _partial.Clear().Append(all.Substring(newline + 1));
                return lines;
            }

            public string? TakePartialLine()
            {
                if (_partial.Length == 0)
                {
                    return null;
                }
                var line = _partial.ToString().TrimEnd('\r');
                _partial.Clear();
                Keep(line);
                return line;
            }

            private void Keep(string line)
            {
                _tail.Enqueue($"#{Number} {line}");
                while (_tail.Count > TailLines)
                {
                    _tail.Dequeue();
                }
            }
        }
    }
}
