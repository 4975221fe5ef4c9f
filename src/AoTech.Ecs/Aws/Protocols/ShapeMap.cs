using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Protocols
{
    /// <summary>The model shape type a CLR type stands for.</summary>
    public enum ShapeKind { String, Boolean, Integer, Long, Double, Timestamp, Blob, List, Map, Structure }

    /// <summary>One property of a request/response/structure class, seen as a model member.</summary>
    public sealed class ShapeMember
    {
        internal ShapeMember(PropertyInfo property, string modelMemberName, string wireName, AwsLocation location,
            string? listMemberName)
        {
            Property = property;
            ModelMemberName = modelMemberName;
            WireName = wireName;
            Location = location;
            ListMemberName = listMemberName;
            ClrType = property.PropertyType;
            Kind = ShapeMap.KindOf(ClrType);
            ElementType = ShapeMap.ElementTypeOf(ClrType);
        }

        public PropertyInfo Property { get; }
        /// <summary>Member name in the botocore model (casing rule or [AwsMember] name).</summary>
        public string ModelMemberName { get; }
        /// <summary>Name on the wire: the model's locationName when given, else the member name.</summary>
        public string WireName { get; }
        public AwsLocation Location { get; }
        /// <summary>XML element name of list items (rest-xml); null means the protocol default ("member").</summary>
        public string? ListMemberName { get; }
        public Type ClrType { get; }
        public ShapeKind Kind { get; }
        /// <summary>List item type or map value type; null for other kinds.</summary>
        public Type? ElementType { get; }

        public override string ToString() => $"{Property.DeclaringType?.Name}.{Property.Name} -> {WireName} ({Kind}, {Location})";
    }

    /// <summary>
    /// The single place that turns DTO classes into model shapes: member names, wire names, locations, CLR type to
    /// shape type, and the scalar/timestamp formats shared by the protocols. The codecs and the conformance tests
    /// (which compare these against the botocore models) both read it.
    /// </summary>
    public static class ShapeMap
    {
        private static readonly ConcurrentDictionary<(Type, AwsService), IReadOnlyList<ShapeMember>> Cache =
            new ConcurrentDictionary<(Type, AwsService), IReadOnlyList<ShapeMember>>();

        /// <summary>
        /// The members of <paramref name="type"/> for <paramref name="service"/>: every public settable instance
        /// property, in declaration order (base class members first).
        /// </summary>
        public static IReadOnlyList<ShapeMember> GetMembers(Type type, AwsService service) =>
            Cache.GetOrAdd((type, service), key => Build(key.Item1, key.Item2));

        private static IReadOnlyList<ShapeMember> Build(Type type, AwsService service)
        {
            var chain = new List<Type>();
            for (var t = type; t != null && t != typeof(object); t = t.BaseType) chain.Insert(0, t);
            var members = new List<ShapeMember>();
            foreach (var t in chain)
            {
                var props = t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                    .Where(p => p.CanRead && p.CanWrite && p.GetSetMethod() != null && p.GetIndexParameters().Length == 0)
                    .OrderBy(p => p.MetadataToken);
                foreach (var p in props)
                {
                    var attr = p.GetCustomAttribute<AwsMemberAttribute>(true);
                    var modelName = attr?.Name ?? ApplyCasing(p.Name, service.Casing);
                    members.Add(new ShapeMember(p, modelName, attr?.LocationName ?? modelName,
                        attr?.Location ?? AwsLocation.Body, attr?.ListMemberName));
                }
            }
            return members;
        }

        /// <summary>Property name -> model member name by the service's casing rule.</summary>
        public static string ApplyCasing(string propertyName, MemberCasing casing) =>
            casing == MemberCasing.LowerCamel && propertyName.Length > 0
                ? char.ToLowerInvariant(propertyName[0]) + propertyName.Substring(1)
                : propertyName;

        /// <summary>Operation name from [AwsOperation] on the request class.</summary>
        public static AwsOperationAttribute GetOperation(Type requestType) =>
            requestType.GetCustomAttribute<AwsOperationAttribute>(false)
            ?? throw new InvalidOperationException($"{requestType.Name} has no [AwsOperation] attribute.");

        public static ShapeKind KindOf(Type type)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (type == typeof(string) || type.IsEnum) return ShapeKind.String;
            if (type == typeof(bool)) return ShapeKind.Boolean;
            if (type == typeof(int) || type == typeof(short)) return ShapeKind.Integer;
            if (type == typeof(long)) return ShapeKind.Long;
            if (type == typeof(double) || type == typeof(float) || type == typeof(decimal)) return ShapeKind.Double;
            if (type == typeof(DateTime) || type == typeof(DateTimeOffset)) return ShapeKind.Timestamp;
            if (type == typeof(byte[])) return ShapeKind.Blob;
            if (DictionaryValueType(type) != null) return ShapeKind.Map;
            if (ListItemType(type) != null) return ShapeKind.List;
            return ShapeKind.Structure;
        }

        internal static Type? ElementTypeOf(Type type) => DictionaryValueType(type) ?? ListItemType(type);

        private static Type? DictionaryValueType(Type type)
        {
            var dict = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IDictionary<,>)
                ? type
                : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));
            if (dict == null && type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)) dict = type;
            return dict != null && dict.GetGenericArguments()[0] == typeof(string) ? dict.GetGenericArguments()[1] : null;
        }

        private static Type? ListItemType(Type type)
        {
            if (type == typeof(string) || type == typeof(byte[])) return null;
            if (type.IsArray) return type.GetElementType();
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)) return type.GetGenericArguments()[0];
            return type.GetInterfaces()
                .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
                ?.GetGenericArguments()[0];
        }

        /// <summary>Builds an empty list of a property's type (array, List, or an interface List implements).</summary>
        internal static object CreateList(Type listType, IList items)
        {
            var itemType = ListItemType(listType)!;
            if (listType.IsArray)
            {
                var array = Array.CreateInstance(itemType, items.Count);
                items.CopyTo(array, 0);
                return array;
            }
            var list = (IList)Activator.CreateInstance(
                listType.IsInterface || listType.IsAbstract ? typeof(List<>).MakeGenericType(itemType) : listType)!;
            foreach (var item in items) list.Add(item);
            return list;
        }

        internal static IDictionary CreateMap(Type mapType)
        {
            var valueType = DictionaryValueType(mapType)!;
            return (IDictionary)Activator.CreateInstance(
                mapType.IsInterface || mapType.IsAbstract ? typeof(Dictionary<,>).MakeGenericType(typeof(string), valueType) : mapType)!;
        }

        internal static IList NewItemList(Type listType) =>
            (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(ListItemType(listType)!))!;

        // ---- scalars shared by every text-based location (query, XML, URI, header) ----

        /// <summary>Formats a scalar as text: booleans lower-case, numbers invariant, timestamps ISO 8601 UTC, blobs base64.</summary>
        public static string FormatScalar(object value) => value switch
        {
            string s => s,
            bool b => b ? "true" : "false",
            DateTime d => FormatIso8601(d),
            DateTimeOffset d => FormatIso8601(d.UtcDateTime),
            byte[] bytes => Convert.ToBase64String(bytes),
            Enum e => e.ToString(),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };

        /// <summary>Parses text into a scalar of <paramref name="type"/> (the inverse of <see cref="FormatScalar"/>).</summary>
        public static object? ParseScalar(string text, Type type)
        {
            var t = Nullable.GetUnderlyingType(type) ?? type;
            if (t == typeof(string)) return text;
            if (text.Length == 0) return null;
            if (t.IsEnum) return Enum.Parse(t, text, ignoreCase: true);
            if (t == typeof(bool)) return string.Equals(text, "true", StringComparison.OrdinalIgnoreCase);
            if (t == typeof(int)) return int.Parse(text, CultureInfo.InvariantCulture);
            if (t == typeof(short)) return short.Parse(text, CultureInfo.InvariantCulture);
            if (t == typeof(long)) return long.Parse(text, CultureInfo.InvariantCulture);
            if (t == typeof(double)) return double.Parse(text, CultureInfo.InvariantCulture);
            if (t == typeof(float)) return float.Parse(text, CultureInfo.InvariantCulture);
            if (t == typeof(decimal)) return decimal.Parse(text, CultureInfo.InvariantCulture);
            if (t == typeof(DateTime)) return ParseTimestamp(text);
            if (t == typeof(DateTimeOffset)) return new DateTimeOffset(ParseTimestamp(text));
            if (t == typeof(byte[])) return Convert.FromBase64String(text);
            throw new NotSupportedException($"No scalar conversion to {t.Name}.");
        }

        /// <summary>ISO 8601 UTC as botocore sends it: seconds, plus milliseconds only when there are any.</summary>
        public static string FormatIso8601(DateTime value)
        {
            var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
            return utc.ToString(utc.Millisecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fff'Z'",
                CultureInfo.InvariantCulture);
        }

        /// <summary>Reads any timestamp AWS returns: ISO 8601, RFC 1123 (headers) or epoch seconds.</summary>
        public static DateTime ParseTimestamp(string text)
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var epoch))
                return FromEpochSeconds(epoch);
            return DateTime.Parse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        }

        private static readonly DateTime Epoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        public static DateTime FromEpochSeconds(double seconds) => Epoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));

        public static double ToEpochSeconds(DateTime value)
        {
            var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
            return (utc - Epoch).Ticks / (double)TimeSpan.TicksPerSecond;
        }

        /// <summary>Converts a timestamp to the property's CLR type (DateTime or DateTimeOffset).</summary>
        internal static object ToTimestampType(DateTime utc, Type type) =>
            (Nullable.GetUnderlyingType(type) ?? type) == typeof(DateTimeOffset) ? new DateTimeOffset(utc) : (object)utc;

        internal static DateTime AsUtcDateTime(object value) =>
            value is DateTimeOffset o ? o.UtcDateTime : ((DateTime)value).Kind == DateTimeKind.Local ? ((DateTime)value).ToUniversalTime() : (DateTime)value;
    }
}
