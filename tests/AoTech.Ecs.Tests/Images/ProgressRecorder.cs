using System;
using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Images;

namespace AoTech.Ecs.Tests.Images
{
    /// <summary>Keeps every progress report a monitor makes, for tests to read back.</summary>
    internal sealed class ProgressRecorder : IProgress<ImageProgress>
    {
        public List<ImageProgress> Reports { get; } = new();
        public void Report(ImageProgress value) => Reports.Add(value);
        /// <summary>The -Verbose lines among the reports.</summary>
        public List<string> Lines => Reports.Where(r => r.Line != null).Select(r => r.Line!).ToList();
    }
}
