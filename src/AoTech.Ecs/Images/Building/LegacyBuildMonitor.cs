using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using AoTech.Ecs.Images.Engine;

namespace AoTech.Ecs.Images.Building
{
    /// <summary>The legacy builder's messages: "Step n/m" lines become progress, every output line a -Verbose line.</summary>
    internal sealed class LegacyBuildMonitor : IBuildMonitor
    {
        private const int TailLines = 12;
        private static readonly Regex StepPattern = new Regex(@"^Step (\d+)/(\d+) : (.*)$", RegexOptions.CultureInvariant);
        private static readonly Regex BuiltPattern = new Regex(@"^Successfully built ([0-9a-f]+)\s*$", RegexOptions.CultureInvariant);

        private readonly string _name;
        private readonly IProgress<ImageProgress>? _progress;
        private readonly Queue<string> _tail = new Queue<string>();
        private int _percent = -1;
        private string _step = "Building";

        public LegacyBuildMonitor(string name, IProgress<ImageProgress>? progress)
        {
            _name = name;
            _progress = progress;
        }

        public string? Error { get; private set; }
        public string? ImageId { get; private set; }

        public void Handle(EngineMessage message)
        {
            if (message.ErrorText != null)
            {
                Error = message.ErrorText;
                return;
            }
            ImageId = message.AuxString("ID") ?? ImageId;
            var text = message.Stream ?? message.Status;
            if (string.IsNullOrEmpty(text))
            {
                return;
            }
            foreach (var raw in text!.Split('\n'))
            {
                var line = raw.TrimEnd('\r');
                if (line.Trim().Length == 0)
                {
                    continue;
                }
                _tail.Enqueue(line);
                while (_tail.Count > TailLines)
                {
                    _tail.Dequeue();
                }
                var step = StepPattern.Match(line);
                if (step.Success)
                {
                    var n = int.Parse(step.Groups[1].Value, CultureInfo.InvariantCulture);
                    var total = int.Parse(step.Groups[2].Value, CultureInfo.InvariantCulture);
                    _percent = total > 0 ? Math.Min(99, (n - 1) * 100 / total) : -1;
                    _step = line.Length > 120 ? line.Substring(0, 117) + "..." : line;
                }
                var built = BuiltPattern.Match(line);
                if (built.Success && ImageId == null)
                {
                    ImageId = built.Groups[1].Value;
                }
                _progress?.Report(new ImageProgress(_name, ImageStage.Build, _step, _percent, line));
            }
        }

        public string FailureDetail() =>
            _tail.Count == 0 ? "" : Environment.NewLine + "Last build output:" + Environment.NewLine + string.Join(Environment.NewLine, _tail);
    }
}
