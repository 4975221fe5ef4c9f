using System;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Errors;

namespace AoTech.Ecs.Aws.Endpoints
{
    /// <summary>Where to send a service's calls and which region to put in the signature.</summary>
    public sealed class ResolvedEndpoint
    {
        public ResolvedEndpoint(Uri url, string signingRegion, bool isOverride)
        {
            Url = url;
            SigningRegion = signingRegion;
            IsOverride = isOverride;
        }

        /// <summary>Base URL (scheme, host, optional port, optional base path).</summary>
        public Uri Url { get; }
        /// <summary>Region in the credential scope: us-east-1 for global services, else the connection's region.</summary>
        public string SigningRegion { get; }
        /// <summary>True when an -EndpointUrl or AWS_ENDPOINT_URL* override chose the URL.</summary>
        public bool IsOverride { get; }

        public override string ToString() => Url.ToString();
    }

    /// <summary>
    /// Endpoint order: the explicit -EndpointUrl, then AWS_ENDPOINT_URL_&lt;SERVICE&gt;, then AWS_ENDPOINT_URL, then the
    /// public host (https://{prefix}.{region}.amazonaws.com, or the global host for IAM/Route 53).
    /// </summary>
    public static class EndpointResolver
    {
        public const string GlobalSigningRegion = "us-east-1";

        public static ResolvedEndpoint Resolve(AwsService service, string region, string? endpointUrl = null,
            Func<string, string?>? getEnv = null)
        {
            getEnv ??= Environment.GetEnvironmentVariable;
            var signingRegion = service.IsGlobal ? GlobalSigningRegion : region;

            var (url, source) = !string.IsNullOrWhiteSpace(endpointUrl) ? (endpointUrl, "-EndpointUrl")
                : !string.IsNullOrWhiteSpace(getEnv("AWS_ENDPOINT_URL_" + service.EndpointEnvName))
                    ? (getEnv("AWS_ENDPOINT_URL_" + service.EndpointEnvName), "AWS_ENDPOINT_URL_" + service.EndpointEnvName)
                : !string.IsNullOrWhiteSpace(getEnv("AWS_ENDPOINT_URL")) ? (getEnv("AWS_ENDPOINT_URL"), "AWS_ENDPOINT_URL")
                : (null, null);

            if (url != null)
            {
                if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var parsed) || (parsed.Scheme != "http" && parsed.Scheme != "https"))
                    throw new AoEcsException(AwsErrorIds.InvalidEndpointUrl, AoErrorKind.InvalidArgument,
                        $"The endpoint URL from {source} is not an absolute http(s) URL: '{url}'.", url);
                return new ResolvedEndpoint(parsed, signingRegion, isOverride: true);
            }

            var host = service.GlobalHost ?? $"{service.EndpointPrefix}.{region}.amazonaws.com";
            return new ResolvedEndpoint(new Uri("https://" + host + "/"), signingRegion, isOverride: false);
        }
    }
}
