using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace AoTech.Ecs.Images.Engine
{
    /// <summary>
    /// Credentials for one registry as the engine takes them: the X-Registry-Auth header (push, pull) or one entry of
    /// X-Registry-Config (build). ToString names the user and registry only.
    /// </summary>
    internal sealed class RegistryAuth
    {
        public RegistryAuth(string serverAddress, string? userName = null, string? password = null)
        {
            ServerAddress = serverAddress;
            UserName = userName;
            Password = password;
        }

        public string ServerAddress { get; }
        public string? UserName { get; }
        public string? Password { get; }
        public bool IsAnonymous => UserName == null;

        public static RegistryAuth From(RegistryCredential credential, string registry) =>
            new RegistryAuth(registry, credential.UserName, credential.Password);

        public override string ToString() => IsAnonymous ? "anonymous@" + ServerAddress : UserName + "@" + ServerAddress;

        /// <summary>X-Registry-Auth: base64url JSON, as the docker CLI encodes it (the engine decodes base64url).</summary>
        public string ToHeader() => Base64Url(Json(w => WriteFields(w)));

        /// <summary>X-Registry-Config: base64url JSON mapping each registry to its credentials.</summary>
        public static string ToConfigHeader(IEnumerable<RegistryAuth> auths) => Base64Url(Json(w =>
        {
            foreach (var auth in auths)
            {
                if (auth.IsAnonymous) continue;
                w.WritePropertyName(auth.ServerAddress);
                w.WriteStartObject();
                auth.WriteFields(w);
                w.WriteEndObject();
            }
        }));

        /// <summary>The body of POST /auth.</summary>
        public byte[] ToJson() => Json(w => WriteFields(w));

        private void WriteFields(Utf8JsonWriter w)
        {
            if (UserName != null) w.WriteString("username", UserName);
            if (Password != null) w.WriteString("password", Password);
            w.WriteString("serveraddress", ServerAddress);
        }

        private static byte[] Json(Action<Utf8JsonWriter> fields)
        {
            using (var buffer = new System.IO.MemoryStream())
            {
                using (var w = new Utf8JsonWriter(buffer))
                {
                    w.WriteStartObject();
                    fields(w);
                    w.WriteEndObject();
                }
                return buffer.ToArray();
            }
        }

        private static string Base64Url(byte[] data) => Convert.ToBase64String(data).Replace('+', '-').Replace('/', '_');
    }
}
