using System;
using System.Collections.Generic;
using AoTech.Ecs.Images.Building;
using AoTech.Ecs.Images.Engine;

namespace AoTech.Ecs.Images.Pushing
{
    /// <summary>
    /// Follows one push's messages: layer byte counts become progress, and the aux message gives the registry's
    /// manifest digest. A layer is done when the engine says "Pushed", "Layer already exists", or "Mounted from
    /// &lt;repository&gt;" (the registry linked it from another repository, nothing uploaded).
    /// </summary>
    internal sealed class PushMonitor
    {
        private readonly string _name;
        private readonly IProgress<ImageProgress>? _progress;
        private readonly Dictionary<string, Layer> _layers = new Dictionary<string, Layer>(StringComparer.Ordinal);

        public PushMonitor(string name, IProgress<ImageProgress>? progress)
        {
            _name = name;
            _progress = progress;
        }

        public string? Error { get; private set; }
        public string? Digest { get; private set; }
        public int LayersDone { get; private set; }
        public int Layers => _layers.Count;

        public void Handle(EngineMessage message)
        {
            if (message.ErrorText != null)
            {
                Error = message.ErrorText;
                return;
            }
            Digest = message.AuxString("Digest") ?? Digest;
            if (string.IsNullOrEmpty(message.Id) || string.IsNullOrEmpty(message.Status))
            {
                return;
            }
            if (!_layers.TryGetValue(message.Id!, out var layer))
            {
                layer = new Layer();
                _layers[message.Id!] = layer;
            }
            if (IsLayerDone(message.Status!))
            {
                layer.Done = true;
                layer.Current = layer.Total;
            }
            else if (message.ProgressDetail != null && message.ProgressDetail.Total > 0)
            {
                layer.Total = message.ProgressDetail.Total;
                layer.Current = Math.Min(message.ProgressDetail.Current, layer.Total);
            }
            long current = 0, total = 0;
            var done = 0;
            foreach (var l in _layers.Values)
            {
                current += l.Current;
                total += l.Total;
                done += l.Done ? 1 : 0;
            }
            LayersDone = done;
            // Layers count equally until byte totals are known.
            var percent = total > 0 ? (int)Math.Min(99, current * 100 / total) : (int)Math.Min(99, done * 100L / _layers.Count);
            _progress?.Report(new ImageProgress(_name, ImageStage.Push,
                $"Pushing: {done}/{_layers.Count} layers done, {ImageBuilder.FormatBytes(current)} of {ImageBuilder.FormatBytes(total)} uploaded", percent));
        }

        /// <summary>The engine's statuses for a layer the registry has: its distribution code sends them as these exact texts.</summary>
        internal static bool IsLayerDone(string status) =>
            status == "Pushed" || status == "Layer already exists" || status.StartsWith("Mounted from ", StringComparison.Ordinal);

        private sealed class Layer
        {
            public long Current;
            public long Total;
            public bool Done;
        }
    }
}
