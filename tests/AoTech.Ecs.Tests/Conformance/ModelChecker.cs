using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Aws.Protocols;

namespace AoTech.Ecs.Tests.Conformance
{
    /// <summary>One request class of the AoTech.Ecs assembly, with what it declares about its operation.</summary>
    internal sealed class OperationType
    {
        public OperationType(Type requestType)
        {
            RequestType = requestType;
            Attribute = requestType.GetCustomAttribute<AwsOperationAttribute>()!;
            Service = ((AwsRequest)Activator.CreateInstance(requestType)!).Service;
            var b = requestType.BaseType;
            while (b != null && !(b.IsGenericType && b.GetGenericTypeDefinition() == typeof(AwsRequest<>))) b = b.BaseType;
            ResponseType = b?.GetGenericArguments()[0]
                ?? throw new InvalidOperationException(requestType.Name + " does not derive from AwsRequest<T>");
        }

        public Type RequestType { get; }
        public Type ResponseType { get; }
        public AwsOperationAttribute Attribute { get; }
        public AwsService Service { get; }
        public string Key => Service.ModelName + ":" + Attribute.Name;

        public static IReadOnlyList<OperationType> All() =>
            typeof(AwsRequest).Assembly.GetTypes()
                .Where(t => t.GetCustomAttribute<AwsOperationAttribute>() != null)
                .Select(t => new OperationType(t))
                .OrderBy(o => o.Key, StringComparer.Ordinal)
                .ToList();
    }

    /// <summary>Compares DTOs with a botocore model and collects every difference as a readable line.</summary>
    internal sealed class ModelChecker
    {
        private readonly AwsService _service;
        private readonly JsonElement _model;
        private readonly JsonElement _shapes;
        private readonly HashSet<(Type, string)> _visited = new HashSet<(Type, string)>();

        public List<string> Problems { get; } = new List<string>();

        public ModelChecker(AwsService service, JsonElement model)
        {
            _service = service;
            _model = model;
            _shapes = model.GetProperty("shapes");
        }

        /// <summary>The descriptor's addressing and signing facts against the model's metadata.</summary>
        public void CheckMetadata()
        {
            var md = _model.GetProperty("metadata");
            Expect("apiVersion", Str(md, "apiVersion"), _service.ApiVersion);
            Expect("protocol", Str(md, "protocol"), ProtocolName(_service.Protocol));
            Expect("signing name", Str(md, "signingName") ?? Str(md, "endpointPrefix"), _service.SigningName);
            Expect("endpointPrefix", Str(md, "endpointPrefix"), _service.EndpointPrefix);
            Expect("targetPrefix", Str(md, "targetPrefix"), _service.TargetPrefix);
            Expect("endpoint variable name", Str(md, "serviceId")?.ToUpperInvariant().Replace(' ', '_'), _service.EndpointEnvName);
            // STS has a legacy global endpoint in its model but is called regionally, so only declared globals are checked.
            if (_service.GlobalHost != null) Expect("globalEndpoint", Str(md, "globalEndpoint"), _service.GlobalHost);
        }

        public void CheckOperation(OperationType op)
        {
            var name = op.Attribute.Name;
            if (!_model.GetProperty("operations").TryGetProperty(name, out var model))
            {
                Problems.Add($"operation {name} is not in the {_service.ModelName} model");
                return;
            }
            Expect("request class name", op.RequestType.Name, name + "Request");

            var isRestXml = _service.Protocol == AwsProtocol.RestXml;
            var http = model.GetProperty("http");
            Expect("http method", isRestXml ? Str(http, "method") : null, op.Attribute.HttpMethod);
            Expect("request uri", isRestXml ? Str(http, "requestUri") : null, op.Attribute.RequestUri);

            if (model.TryGetProperty("input", out var input))
            {
                if (isRestXml)
                {
                    // Route 53 keeps the namespace on each body-carrying input instead of in the metadata.
                    if (input.TryGetProperty("xmlNamespace", out var x))
                        Expect("input xmlNamespace", Str(x, "uri"), _service.XmlNamespace);
                    var root = Str(input, "locationName");
                    if (root != null) Expect("input root element", root, name + "Request");
                }
                CheckStructure(op.RequestType, input.GetProperty("shape").GetString()!, op.RequestType.Name);
            }
            else
            {
                foreach (var m in ShapeMap.GetMembers(op.RequestType, _service))
                    Problems.Add($"{op.RequestType.Name}.{m.Property.Name}: operation {name} has no input");
            }

            var hasOutput = model.TryGetProperty("output", out var output);
            if (hasOutput && _service.Protocol == AwsProtocol.Query)
                Expect("output resultWrapper", Str(output, "resultWrapper"), name + "Result");
            if (op.ResponseType == typeof(AwsEmptyResponse))
            {
                if (hasOutput)
                {
                    var outShape = output.GetProperty("shape").GetString()!;
                    var count = _shapes.GetProperty(outShape).GetProperty("members").EnumerateObject().Count();
                    if (count > 0) Problems.Add($"{name} returns AwsEmptyResponse but output shape {outShape} has {count} members");
                }
            }
            else if (!hasOutput)
            {
                Problems.Add($"{op.ResponseType.Name}: operation {name} has no output; use AwsEmptyResponse");
            }
            else
            {
                Expect("response class name", op.ResponseType.Name, name + "Response");
                CheckStructure(op.ResponseType, output.GetProperty("shape").GetString()!, op.ResponseType.Name);
            }
        }

        /// <summary>True when every member of the shape (recursively) has a property; lists what is missing.</summary>
        public void CheckComplete(Type type, string shapeName, string path, HashSet<(Type, string)>? seen = null)
        {
            seen ??= new HashSet<(Type, string)>();
            if (!seen.Add((type, shapeName))) return;
            var members = ShapeMap.GetMembers(type, _service).ToDictionary(m => m.ModelMemberName, m => m);
            foreach (var member in _shapes.GetProperty(shapeName).GetProperty("members").EnumerateObject())
            {
                if (!members.TryGetValue(member.Name, out var wm))
                {
                    Problems.Add($"{path}: no property for model member '{member.Name}' of {shapeName}");
                    continue;
                }
                var target = member.Value.GetProperty("shape").GetString()!;
                var t = wm.Property.PropertyType;
                while (true)
                {
                    var s = _shapes.GetProperty(target);
                    var kind = s.GetProperty("type").GetString();
                    if (kind == "list" && t.IsGenericType) { target = s.GetProperty("member").GetProperty("shape").GetString()!; t = t.GetGenericArguments()[0]; }
                    else if (kind == "map" && t.IsGenericType) { target = s.GetProperty("value").GetProperty("shape").GetString()!; t = t.GetGenericArguments()[1]; }
                    else break;
                }
                if (_shapes.GetProperty(target).GetProperty("type").GetString() == "structure")
                    CheckComplete(t, target, path + "." + wm.Property.Name, seen);
            }
        }

        private void CheckStructure(Type type, string shapeName, string path)
        {
            if (!_visited.Add((type, shapeName))) return;
            var shape = _shapes.GetProperty(shapeName);
            if (shape.GetProperty("type").GetString() != "structure")
            {
                Problems.Add($"{path}: {type.Name} is a class but model shape {shapeName} is not a structure");
                return;
            }
            var members = shape.GetProperty("members");
            var seen = new Dictionary<string, string>();
            foreach (var wm in ShapeMap.GetMembers(type, _service))
            {
                var where = $"{path}.{wm.Property.Name}";
                if (seen.TryGetValue(wm.ModelMemberName, out var other))
                    Problems.Add($"{where}: maps to model member '{wm.ModelMemberName}' like {other}");
                seen[wm.ModelMemberName] = wm.Property.Name;

                if (!members.TryGetProperty(wm.ModelMemberName, out var member))
                {
                    var names = string.Join(", ", members.EnumerateObject().Select(m => m.Name));
                    Problems.Add($"{where}: no member '{wm.ModelMemberName}' in shape {shapeName} (members: {names})");
                    continue;
                }
                var expectedLocation = Str(member, "location") switch
                {
                    null => AwsLocation.Body,
                    "uri" => AwsLocation.Uri,
                    "querystring" => AwsLocation.QueryString,
                    "header" => AwsLocation.Header,
                    var other2 => (AwsLocation)(-1),
                };
                if (wm.Location != expectedLocation)
                    Problems.Add($"{where}: location is {wm.Location}, model says {Str(member, "location") ?? "body"}");
                Expect(where + " wire name", Str(member, "locationName") ?? wm.ModelMemberName, wm.WireName);
                if (member.TryGetProperty("flattened", out var f) && f.GetBoolean())
                    Problems.Add($"{where}: flattened members are not supported by the codecs");

                var memberShapeName = member.GetProperty("shape").GetString()!;
                var memberShape = _shapes.GetProperty(memberShapeName);
                if (memberShape.GetProperty("type").GetString() == "list")
                {
                    if (memberShape.TryGetProperty("flattened", out var lf) && lf.GetBoolean())
                        Problems.Add($"{where}: list shape {memberShapeName} is flattened, not supported by the codecs");
                    var itemName = Str(memberShape.GetProperty("member"), "locationName") ?? "member";
                    Expect(where + " list member name", itemName, wm.ListMemberName ?? "member");
                }
                else if (wm.ListMemberName != null)
                {
                    Problems.Add($"{where}: ListMemberName set but {memberShapeName} is not a list");
                }
                CheckType(wm.Property.PropertyType, memberShapeName, where);
            }
        }

        private void CheckType(Type clr, string shapeName, string where)
        {
            var t = Nullable.GetUnderlyingType(clr) ?? clr;
            var shape = _shapes.GetProperty(shapeName);
            var kind = shape.GetProperty("type").GetString();
            Type? expected = kind switch
            {
                "string" => typeof(string),
                "integer" => typeof(int),
                "long" => typeof(long),
                "boolean" => typeof(bool),
                "double" => typeof(double),
                "float" => typeof(double),
                "timestamp" => typeof(DateTime),
                "blob" => typeof(byte[]),
                _ => null,
            };
            if (expected != null)
            {
                if (t != expected) Problems.Add($"{where}: is {Describe(clr)}, model {shapeName} ({kind}) needs {Describe(expected)}");
                return;
            }
            switch (kind)
            {
                case "list":
                    if (!t.IsGenericType || t.GetGenericTypeDefinition() != typeof(List<>))
                        Problems.Add($"{where}: is {Describe(clr)}, model {shapeName} is a list");
                    else
                        CheckType(t.GetGenericArguments()[0], shape.GetProperty("member").GetProperty("shape").GetString()!, where + "[]");
                    return;
                case "map":
                    if (!t.IsGenericType || t.GetGenericTypeDefinition() != typeof(Dictionary<,>))
                    {
                        Problems.Add($"{where}: is {Describe(clr)}, model {shapeName} is a map");
                        return;
                    }
                    CheckType(t.GetGenericArguments()[0], shape.GetProperty("key").GetProperty("shape").GetString()!, where + ".Key");
                    CheckType(t.GetGenericArguments()[1], shape.GetProperty("value").GetProperty("shape").GetString()!, where + ".Value");
                    return;
                case "structure":
                    if (!t.IsClass || t == typeof(string) || t.IsGenericType || t.IsArray)
                        Problems.Add($"{where}: is {Describe(clr)}, model {shapeName} is a structure");
                    else
                        CheckStructure(t, shapeName, where);
                    return;
                default:
                    Problems.Add($"{where}: model type {kind} of {shapeName} has no C# mapping");
                    return;
            }
        }

        private void Expect(string what, string? model, string? ours)
        {
            if (!string.Equals(model, ours, StringComparison.Ordinal))
                Problems.Add($"{what}: model says '{model ?? "(none)"}', C# says '{ours ?? "(none)"}'");
        }

        private static string? Str(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
                ? v.GetString()
                : null;

        private static string ProtocolName(AwsProtocol p) => p switch
        {
            AwsProtocol.Json => "json",
            AwsProtocol.Query => "query",
            AwsProtocol.RestXml => "rest-xml",
            AwsProtocol.Ec2 => "ec2",
            _ => p.ToString(),
        };

        private static string Describe(Type t) =>
            t.IsGenericType
                ? t.Name.Substring(0, t.Name.IndexOf('`')) + "<" + string.Join(", ", t.GetGenericArguments().Select(Describe)) + ">"
                : t.Name;
    }
}
