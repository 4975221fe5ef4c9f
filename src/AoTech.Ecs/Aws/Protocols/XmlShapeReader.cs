using System;
using System.Linq;
using System.Xml.Linq;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Protocols
{
    /// <summary>
    /// Reads XML responses (query and rest-xml) into DTOs. Elements are matched by local name only, because AWS
    /// namespaces are inconsistent. A list is the element's children whatever their name ("member", "item" or the
    /// model's list member name); a map is its "entry" children with "key"/"value".
    /// </summary>
    public static class XmlShapeReader
    {
        public static object? ReadValue(XElement element, Type type, AwsService service)
        {
            var target = Nullable.GetUnderlyingType(type) ?? type;
            switch (ShapeMap.KindOf(target))
            {
                case ShapeKind.List:
                    var items = ShapeMap.NewItemList(target);
                    var itemType = ShapeMap.ElementTypeOf(target)!;
                    foreach (var child in element.Elements()) items.Add(ReadValue(child, itemType, service));
                    return ShapeMap.CreateList(target, items);
                case ShapeKind.Map:
                    var map = ShapeMap.CreateMap(target);
                    var valueType = ShapeMap.ElementTypeOf(target)!;
                    foreach (var entry in element.Elements().Where(e => e.Name.LocalName == "entry"))
                    {
                        var key = Child(entry, "key")?.Value;
                        var value = Child(entry, "value");
                        if (key != null && value != null) map[key] = ReadValue(value, valueType, service);
                    }
                    return map;
                case ShapeKind.Structure:
                    return ReadStructure(element, target, service);
                default:
                    return ShapeMap.ParseScalar(element.Value, target);
            }
        }

        /// <summary>Fills a new <paramref name="type"/> from the children of <paramref name="element"/>.</summary>
        public static object ReadStructure(XElement element, Type type, AwsService service)
        {
            var result = Activator.CreateInstance(type)!;
            foreach (var member in ShapeMap.GetMembers(type, service))
            {
                if (member.Location != AwsLocation.Body) continue;
                var child = Child(element, member.WireName);
                if (child == null) continue;
                var value = ReadValue(child, member.ClrType, service);
                if (value is string s && IsUrlEncodedPolicy(service, member)) value = Uri.UnescapeDataString(s);
                member.Property.SetValue(result, value);
            }
            return result;
        }

        public static XElement? Child(XElement parent, string localName) =>
            parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

        /// <summary>
        /// IAM returns policy documents (members of shape policyDocumentType: AssumeRolePolicyDocument, PolicyDocument,
        /// PolicyVersion.Document) URL-encoded; botocore decodes them in its json_decode_policies hook.
        /// </summary>
        private static bool IsUrlEncodedPolicy(AwsService service, ShapeMember member) =>
            service == AwsService.Iam &&
            (member.ModelMemberName == "AssumeRolePolicyDocument" || member.ModelMemberName == "PolicyDocument" ||
             member.ModelMemberName == "Document");
    }
}
