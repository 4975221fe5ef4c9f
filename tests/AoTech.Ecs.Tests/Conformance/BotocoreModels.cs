using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Tests.Conformance
{
    /// <summary>
    /// Finds the botocore package through the python on PATH and loads its service models
    /// (data/&lt;service&gt;/&lt;apiVersion&gt;/service-2.json, gzipped in recent releases).
    /// </summary>
    internal static class BotocoreModels
    {
        /// <summary>
        /// The DTOs follow the models of this botocore release (full shapes, newer ECS deployment calls); older models
        /// lack some of their members and operations.
        /// </summary>
        public static readonly Version MinimumVersion = new Version(1, 43, 11);

        private static readonly Lazy<(string? DataDir, Version? Version, string Diagnostic)> Located =
            new Lazy<(string?, Version?, string)>(Locate);
        private static readonly ConcurrentDictionary<string, JsonElement> Cache = new ConcurrentDictionary<string, JsonElement>();

        /// <summary>botocore's data directory, or null when python3/botocore is not installed.</summary>
        public static string? DataDirectory => Located.Value.DataDir;

        /// <summary>botocore.__version__ of the package found.</summary>
        public static Version? BotocoreVersion => Located.Value.Version;

        /// <summary>What was tried, for failure messages.</summary>
        public static string Diagnostic => Located.Value.Diagnostic;

        /// <summary>CI runs must never pass these tests without models to check against.</summary>
        public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

        /// <summary>The model's root object (metadata, operations, shapes) for <paramref name="service"/>.</summary>
        public static JsonElement Load(AwsService service)
        {
            var dataDir = DataDirectory ?? throw new InvalidOperationException("botocore not found: " + Diagnostic);
            return Cache.GetOrAdd(service.ModelName, _ =>
            {
                var dir = Path.Combine(dataDir, service.ModelName, service.ApiVersion);
                var gz = Path.Combine(dir, "service-2.json.gz");
                var plain = Path.Combine(dir, "service-2.json");
                using Stream stream = File.Exists(gz)
                    ? new GZipStream(File.OpenRead(gz), CompressionMode.Decompress)
                    : File.Exists(plain)
                        ? File.OpenRead(plain)
                        : throw new FileNotFoundException($"No model for {service.ModelName} {service.ApiVersion} in {dataDir}");
                using var doc = JsonDocument.Parse(stream);
                return doc.RootElement.Clone();
            });
        }

        private static (string?, Version?, string) Locate()
        {
            var tried = "";
            foreach (var python in new[] { "python3", "python" })
            {
                try
                {
                    var psi = new ProcessStartInfo(python, "-c \"import botocore,os;print(os.path.dirname(botocore.__file__));print(botocore.__version__)\"")
                    {
                        RedirectStandardOutput = true,
                        RedirectStandardError = true,
                        UseShellExecute = false,
                    };
                    using var p = Process.Start(psi)!;
                    var stdout = p.StandardOutput.ReadToEnd();
                    var stderr = p.StandardError.ReadToEnd();
                    p.WaitForExit();
                    var lines = stdout.Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToArray();
                    if (p.ExitCode == 0 && lines.Length == 2 && Directory.Exists(Path.Combine(lines[0], "data")))
                    {
                        Version.TryParse(lines[1], out var version);
                        return (Path.Combine(lines[0], "data"), version, $"botocore {lines[1]} found with {python}");
                    }
                    var lastLine = stderr.Trim().Split('\n').LastOrDefault()?.Trim();
                    tried += $"{python}: exit {p.ExitCode} {lastLine}; ";
                }
                catch (Exception ex)
                {
                    tried += $"{python}: {ex.Message}; ";
                }
            }
            return (null, null, "python3/python with botocore not found on PATH (" + tried.Trim() + ")");
        }
    }
}
