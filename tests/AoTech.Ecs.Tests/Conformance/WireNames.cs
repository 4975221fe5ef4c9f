using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Tests.Conformance
{
    /// <summary>How one C# property appears in the model and on the wire (same members as ShapeMember).</summary>
    internal sealed class WireMember
    {
        public WireMember(PropertyInfo property, string modelMemberName, string wireName, AwsLocation location,
            string? listMemberName)
        {
            Property = property;
            ModelMemberName = modelMemberName;
            WireName = wireName;
            Location = location;
            ListMemberName = listMemberName;
        }

        public PropertyInfo Property { get; }
        /// <summary>Member name in the model's structure shape.</summary>
        public string ModelMemberName { get; }
        /// <summary>Name on the wire: the locationName if one is given, else the member name.</summary>
        public string WireName { get; }
        public AwsLocation Location { get; }
        /// <summary>Item element name of an XML/query list; null means the protocol default ("member").</summary>
        public string? ListMemberName { get; }
    }

    /// <summary>
    /// The property-to-member rules the codecs follow (casing rule, [AwsMember] overrides).
    /// TODO: replace WireNames.GetMembers with ShapeMap.GetMembers(Type, AwsService) from
    /// src/AoTech.Ecs/Aws/Protocols/ShapeMap.cs once the aws-core branch is merged (same signature; ShapeMember has
    /// the same Property/ModelMemberName/WireName/Location/ListMemberName), so this test checks the mapping the real
    /// codecs use rather than a copy of it. Then delete this file.
    /// </summary>
    internal static class WireNames
    {
        public static IReadOnlyList<WireMember> GetMembers(Type type, AwsService service)
        {
            // Only read/write properties are model members; AwsRequest.Service is get-only and describes the call.
            return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanRead && p.CanWrite && p.GetSetMethod() != null && p.GetIndexParameters().Length == 0)
                .OrderBy(p => p.MetadataToken)
                .Select(p =>
                {
                    var attr = p.GetCustomAttribute<AwsMemberAttribute>(true);
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
