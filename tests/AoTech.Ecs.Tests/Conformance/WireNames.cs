using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Tests.Conformance
{
    /// <summary>How one C# property appears in the model and on the wire.</summary>
    internal sealed class WireMember
    {
        public WireMember(PropertyInfo property, string modelName, string wireName, AwsLocation location, string? listMemberName)
        {
            Property = property;
            ModelName = modelName;
            WireName = wireName;
            Location = location;
            ListMemberName = listMemberName;
        }

        public PropertyInfo Property { get; }
        /// <summary>Member name in the model's structure shape.</summary>
        public string ModelName { get; }
        /// <summary>Name on the wire: the locationName if one is given, else the member name.</summary>
        public string WireName { get; }
        public AwsLocation Location { get; }
        /// <summary>Item element name of an XML/query list, when it is not the default "member".</summary>
        public string? ListMemberName { get; }
    }

    /// <summary>
    /// The property-to-member rules the codecs follow (casing rule, [AwsMember] overrides).
    /// TODO: switch to ShapeMap.GetMembers(Type, AwsService) from src/AoTech.Ecs/Aws/Protocols/ShapeMap.cs once the
    /// aws-core branch is merged, so this test checks the mapping the real codecs use rather than a copy of it.
    /// </summary>
    internal static class WireNames
    {
        public static IReadOnlyList<WireMember> GetMembers(Type type, AwsService service)
        {
            // Only read/write properties are model members; AwsRequest.Service is get-only and describes the call.
            return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanRead && p.CanWrite && p.GetSetMethod() != null)
                .Select(p =>
                {
                    var attr = p.GetCustomAttribute<AwsMemberAttribute>();
                    var modelName = attr?.Name ?? ApplyCasing(p.Name, service.Casing);
                    return new WireMember(p, modelName, attr?.LocationName ?? modelName,
                        attr?.Location ?? AwsLocation.Body, attr?.ListMemberName);
                })
                .ToList();
        }

        public static string ApplyCasing(string propertyName, MemberCasing casing) =>
            casing == MemberCasing.LowerCamel && propertyName.Length > 0
                ? char.ToLowerInvariant(propertyName[0]) + propertyName.Substring(1)
                : propertyName;
    }
}
