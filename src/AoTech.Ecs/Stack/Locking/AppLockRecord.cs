using System;
using System.Globalization;
using System.Text.Json;

namespace AoTech.Ecs.Stack.Locking
{
    /// <summary>
    /// Who holds an app's lock: the value of its SSM parameter, as small JSON. Enough to tell a live holder from a
    /// stale one (lease end, host and process) and to tell the user who is busy with the app.
    /// </summary>
    public sealed class AppLockRecord
    {
        public AppLockRecord(string runId, string host, int processId, DateTime? processStart, string operation,
            DateTime acquired, DateTime expires)
        {
            RunId = runId;
            Host = host;
            ProcessId = processId;
            ProcessStart = processStart;
            Operation = operation;
            Acquired = acquired;
            Expires = expires;
        }

        /// <summary>A fresh id per run: what tells two runs of one process apart.</summary>
        public string RunId { get; }
        public string Host { get; }
        public int ProcessId { get; }
        /// <summary>When the holder's process started (UTC): a reused process id is not mistaken for the holder.</summary>
        public DateTime? ProcessStart { get; }
        /// <summary>What the holder is doing, e.g. "New-AoEcsApp".</summary>
        public string Operation { get; }
        public DateTime Acquired { get; }
        /// <summary>End of the lease (UTC); the holder pushes it out while it works.</summary>
        public DateTime Expires { get; }
        /// <summary>False when the parameter held something this version cannot read (counts as stale).</summary>
        public bool IsReadable => RunId.Length > 0;

        public AppLockRecord Renewed(DateTime expires) =>
            new AppLockRecord(RunId, Host, ProcessId, ProcessStart, Operation, Acquired, expires);

        /// <summary>"New-AoEcsApp on host build-7 (pid 4242) since 2026-11-28 10:31:05Z".</summary>
        public string Describe() => IsReadable
            ? $"{Operation} on host {Host} (pid {ProcessId}) since {Acquired.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}Z"
            : "an unknown holder (unreadable lock value)";

        public override string ToString() => Describe();

        public string ToJson()
        {
            using var stream = new System.IO.MemoryStream();
            using (var json = new Utf8JsonWriter(stream))
            {
                json.WriteStartObject();
                json.WriteString("runId", RunId);
                json.WriteString("host", Host);
                json.WriteNumber("pid", ProcessId);
                if (ProcessStart != null) json.WriteString("processStart", Format(ProcessStart.Value));
                json.WriteString("operation", Operation);
                json.WriteString("acquired", Format(Acquired));
                json.WriteString("expires", Format(Expires));
                json.WriteEndObject();
            }
            return System.Text.Encoding.UTF8.GetString(stream.ToArray());
        }

        /// <summary>Reads a lock value; anything unreadable becomes a record with an empty run id (stale).</summary>
        public static AppLockRecord Parse(string? value)
        {
            try
            {
                using var document = JsonDocument.Parse(value ?? "");
                var root = document.RootElement;
                var start = Text(root, "processStart");
                return new AppLockRecord(
                    Text(root, "runId") ?? "",
                    Text(root, "host") ?? "",
                    root.TryGetProperty("pid", out var pid) && pid.ValueKind == JsonValueKind.Number ? pid.GetInt32() : 0,
                    start == null ? (DateTime?)null : Time(start),
                    Text(root, "operation") ?? "",
                    Time(Text(root, "acquired")),
                    Time(Text(root, "expires")));
            }
            catch (Exception ex) when (ex is JsonException || ex is FormatException || ex is InvalidOperationException || ex is ArgumentException)
            {
                return new AppLockRecord("", "", 0, null, "", DateTime.MinValue, DateTime.MinValue);
            }
        }

        private static string? Text(JsonElement root, string name) =>
            root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;

        private static string Format(DateTime utc) => utc.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture);

        private static DateTime Time(string? text) =>
            text == null
                ? throw new FormatException("missing time")
                : DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
    }
}
