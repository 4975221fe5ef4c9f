using System;
using System.Globalization;
using System.Linq;
using System.Net.Http.Headers;

namespace AoTech.Ecs.Images.Engine
{
    /// <summary>What the engine says about itself in /_ping's headers: API version, OS, and the builder it prefers.</summary>
    public sealed class EngineInfo
    {
        /// <summary>The Engine API version that brought BuildKit (Docker 18.09).</summary>
        private static readonly Version FirstBuildKitApi = new Version(1, 39);

        public EngineInfo(string? apiVersion, string? osType, string? builderVersion)
        {
            ApiVersion = apiVersion;
            OSType = osType;
            BuilderVersion = builderVersion;
        }

        public string? ApiVersion { get; }
        /// <summary>"linux" or "windows".</summary>
        public string? OSType { get; }
        /// <summary>The Builder-Version header: "2" (BuildKit) or "1" (legacy) when the engine states a default, else null (engines before 23 state none).</summary>
        public string? BuilderVersion { get; }

        /// <summary>The engine can build with BuildKit when asked: a Linux engine of API 1.39 or newer, or one whose default is BuildKit.</summary>
        public bool SupportsBuildKit =>
            BuilderVersion == "2" ||
            (!string.Equals(OSType, "windows", StringComparison.OrdinalIgnoreCase) &&
             Version.TryParse(ApiVersion, out var api) && api >= FirstBuildKitApi);

        /// <summary>The builder to use when none is asked for: the engine's stated default, else BuildKit wherever it can build with it (as the docker CLI decides).</summary>
        public ImageBuilderKind DefaultBuilder =>
            BuilderVersion == "1" ? ImageBuilderKind.Legacy :
            SupportsBuildKit ? ImageBuilderKind.BuildKit : ImageBuilderKind.Legacy;

        public static EngineInfo FromHeaders(HttpResponseHeaders headers) =>
            new EngineInfo(Header(headers, "Api-Version"), Header(headers, "OSType"), Header(headers, "Builder-Version"));

        private static string? Header(HttpResponseHeaders headers, string name) =>
            headers.TryGetValues(name, out var values) ? values.FirstOrDefault()?.Trim() : null;

        public override string ToString() => string.Format(CultureInfo.InvariantCulture, "API {0}, {1}, builder version {2}",
            ApiVersion ?? "?", OSType ?? "?", BuilderVersion ?? "not stated");
    }
}
