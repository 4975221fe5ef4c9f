using System;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Protocols
{
    /// <summary>Turns a request DTO into an HTTP request and an HTTP response into a response DTO, for one protocol.</summary>
    public interface IProtocolCodec
    {
        /// <summary>Builds method, path, query, protocol headers and body (no Host, no signature).</summary>
        AwsHttpRequest Encode(AwsRequest request);

        /// <summary>Reads a successful response into a new <paramref name="responseType"/>.</summary>
        object Decode(Type responseType, AwsService service, string operation, AwsHttpResponse response);
    }

    /// <summary>Picks the codec for a service's protocol.</summary>
    public static class ProtocolCodecs
    {
        public static readonly IProtocolCodec Json = new JsonCodec();
        public static readonly IProtocolCodec Query = new QueryCodec();
        public static readonly IProtocolCodec RestXml = new RestXmlCodec();

        public static IProtocolCodec For(AwsService service) => service.Protocol switch
        {
            AwsProtocol.Json => Json,
            AwsProtocol.Query => Query,
            AwsProtocol.RestXml => RestXml,
            _ => throw new NotSupportedException(
                $"{service} uses the {service.Protocol} protocol, which is served by its AWSSDK client (CallSdkAsync)."),
        };
    }
}
