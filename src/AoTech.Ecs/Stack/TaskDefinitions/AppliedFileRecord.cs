using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;

namespace AoTech.Ecs.Stack.TaskDefinitions
{
    /// <summary>Which fields an <see cref="AppliedFileRecord"/> knows about.</summary>
    public enum AppliedFileCoverage
    {
        /// <summary>Every field (<see cref="TaskDefinitionFields"/>).</summary>
        Full,
        /// <summary>Only the containers' images: what was left when every field did not fit in the tags.</summary>
        Images,
    }

    /// <summary>
    /// What the task definition file said when it was last applied, field by field: the "base" of the three-way merge
    /// (<see cref="TaskDefinitionMerge"/>). It is kept in the tags of every revision the stack registers, and
    /// Update-AoTaskDefinition copies a revision's tags to the revision it derives, so the record travels with the
    /// revision the service runs: there is no second store of state.
    /// <para>Why this representation: ECS allows 50 tags per resource and 256 characters per value, shared with the stack's
    /// and the user's tags. The file itself (often kilobytes, and environment values do not belong in tags) does not fit.
    /// The merge only asks two questions of the base: "does the file still say what it said?" and "is the running value the
    /// one the file had?". A short hash per field answers both: 4 bytes of SHA-256 of the field's path (which field) and
    /// 5 bytes of SHA-256 of path and canonical value (its value), 12 base64url characters a field, 21 fields a tag. A value
    /// clash passes an edit off as unchanged with odds of 2^-40. The tags are aotech:taskdef-applied:1..n; the first value
    /// starts with a header: format "1", coverage ('f' every field, 'i' images only) and n as two digits.</para>
    /// <para>When every field does not fit beside the other tags, the record covers the images only (one field per
    /// container); when not even that fits there is none, and the next change of the file treats the revision like one
    /// registered before records existed (a differing image is kept, with a warning).</para>
    /// </summary>
    public sealed class AppliedFileRecord
    {
        public const string TagKeyPrefix = StackNames.TagPrefix + "taskdef-applied:";
        /// <summary>ECS: at most 256 characters per tag value.</summary>
        public const int MaxTagValueLength = 256;

        private const char Format = '1';
        private const int HeaderLength = 4;
        private const int PathKeyBytes = 4;
        private const int ValueKeyBytes = 5;
        private const int EntryLength = (PathKeyBytes + ValueKeyBytes) / 3 * 4;
        private const int EntriesPerTag = (MaxTagValueLength - HeaderLength) / EntryLength;

        private readonly SortedDictionary<uint, ulong> _entries;

        private AppliedFileRecord(AppliedFileCoverage coverage, SortedDictionary<uint, ulong> entries)
        {
            Coverage = coverage;
            _entries = entries;
        }

        public AppliedFileCoverage Coverage { get; }
        public int FieldCount => _entries.Count;

        /// <summary>The record of <paramref name="request"/> (the file with the stack's defaults, as it is applied).</summary>
        public static AppliedFileRecord Of(JsonObject request, AppliedFileCoverage coverage = AppliedFileCoverage.Full)
        {
            var entries = new SortedDictionary<uint, ulong>();
            foreach (var field in TaskDefinitionFields.All(request))
                if (coverage == AppliedFileCoverage.Full || TaskDefinitionFields.KindOf(field.Key) == TaskDefinitionFieldKind.Image)
                    entries[PathKey(field.Key)] = ValueKey(field.Key, field.Value);
            return new AppliedFileRecord(coverage, entries);
        }

        /// <summary>
        /// The finest record of <paramref name="request"/> that fits in <paramref name="freeTags"/> tags: every field, else
        /// the images only, else null.
        /// </summary>
        public static AppliedFileRecord? Fit(JsonObject request, int freeTags)
        {
            foreach (var coverage in new[] { AppliedFileCoverage.Full, AppliedFileCoverage.Images })
            {
                var record = Of(request, coverage);
                if (record.TagCount <= freeTags) return record;
            }
            return null;
        }

        /// <summary>Whether the record knows this field at all (an Images record knows nothing of the rest).</summary>
        public bool Covers(string path) =>
            Coverage == AppliedFileCoverage.Full || TaskDefinitionFields.KindOf(path) == TaskDefinitionFieldKind.Image;

        /// <summary>The file had this field when it was applied.</summary>
        public bool Has(string path) => _entries.ContainsKey(PathKey(path));

        /// <summary>The file had this field, with this value, when it was applied.</summary>
        public bool Matches(string path, JsonNode? value) =>
            _entries.TryGetValue(PathKey(path), out var recorded) && recorded == ValueKey(path, value);

        public int TagCount => Math.Max(1, (_entries.Count + EntriesPerTag - 1) / EntriesPerTag);

        /// <summary>The tags that hold the record (keys <see cref="TagKeyPrefix"/>1..n).</summary>
        public IDictionary<string, string> ToTags()
        {
            var encoded = _entries.Select(e => Encode(e.Key, e.Value)).ToList();
            var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
            var count = TagCount;
            for (var i = 0; i < count; i++)
            {
                var value = new StringBuilder();
                if (i == 0)
                    value.Append(Format).Append(Coverage == AppliedFileCoverage.Full ? 'f' : 'i')
                        .Append(count.ToString("00", CultureInfo.InvariantCulture));
                foreach (var entry in encoded.Skip(i * EntriesPerTag).Take(EntriesPerTag)) value.Append(entry);
                tags[TagKeyPrefix + (i + 1).ToString(CultureInfo.InvariantCulture)] = value.ToString();
            }
            return tags;
        }

        public static bool IsRecordTag(string key) => key.StartsWith(TagKeyPrefix, StringComparison.Ordinal);

        /// <summary>The record in a revision's tags; null when it has none or it is unreadable (treated alike).</summary>
        public static AppliedFileRecord? FromTags(IDictionary<string, string> tags)
        {
            if (!tags.TryGetValue(TagKeyPrefix + "1", out var first) || first.Length < HeaderLength || first[0] != Format) return null;
            AppliedFileCoverage coverage;
            if (first[1] == 'f') coverage = AppliedFileCoverage.Full;
            else if (first[1] == 'i') coverage = AppliedFileCoverage.Images;
            else return null;
            if (!int.TryParse(first.Substring(2, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1) return null;

            var entries = new SortedDictionary<uint, ulong>();
            for (var i = 1; i <= count; i++)
            {
                if (!tags.TryGetValue(TagKeyPrefix + i.ToString(CultureInfo.InvariantCulture), out var value)) return null;
                var body = i == 1 ? value.Substring(HeaderLength) : value;
                if (body.Length % EntryLength != 0) return null;
                for (var at = 0; at < body.Length; at += EntryLength)
                {
                    var entry = Decode(body.Substring(at, EntryLength));
                    if (entry == null) return null;
                    entries[entry.Value.Path] = entry.Value.Value;
                }
            }
            return new AppliedFileRecord(coverage, entries);
        }

        private static uint PathKey(string path)
        {
            var hash = CanonicalJson.Sha256(Encoding.UTF8.GetBytes(path));
            return (uint)hash[0] << 24 | (uint)hash[1] << 16 | (uint)hash[2] << 8 | hash[3];
        }

        private static ulong ValueKey(string path, JsonNode? value)
        {
            var pathBytes = Encoding.UTF8.GetBytes(path + "\0");
            var hash = CanonicalJson.Sha256(pathBytes.Concat(CanonicalJson.Bytes(value)).ToArray());
            ulong key = 0;
            for (var i = 0; i < ValueKeyBytes; i++) key = key << 8 | hash[i];
            return key;
        }

        private static string Encode(uint path, ulong value)
        {
            var bytes = new byte[PathKeyBytes + ValueKeyBytes];
            for (var i = 0; i < PathKeyBytes; i++) bytes[i] = (byte)(path >> (8 * (PathKeyBytes - 1 - i)));
            for (var i = 0; i < ValueKeyBytes; i++) bytes[PathKeyBytes + i] = (byte)(value >> (8 * (ValueKeyBytes - 1 - i)));
            // base64url: '-' and '_' are among the characters every AWS tagging API accepts.
            return Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');
        }

        private static (uint Path, ulong Value)? Decode(string text)
        {
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/'));
            }
            catch (FormatException)
            {
                return null;
            }
            if (bytes.Length != PathKeyBytes + ValueKeyBytes) return null;
            uint path = 0;
            ulong value = 0;
            for (var i = 0; i < PathKeyBytes; i++) path = path << 8 | bytes[i];
            for (var i = 0; i < ValueKeyBytes; i++) value = value << 8 | bytes[PathKeyBytes + i];
            return (path, value);
        }
    }
}
