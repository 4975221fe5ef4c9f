using System;
using System.Net;

namespace AoTech.Ecs.Images
{
    /// <summary>
    /// Credentials for one registry. The secret is only ever turned into the engine's X-Registry-Auth header; ToString
    /// and every message name the user and registry, never the password or token.
    /// </summary>
    public sealed class RegistryCredential
    {
        public RegistryCredential(string serverAddress, string userName, string password)
        {
            ServerAddress = serverAddress ?? throw new ArgumentNullException(nameof(serverAddress));
            UserName = userName ?? throw new ArgumentNullException(nameof(userName));
            Password = password ?? throw new ArgumentNullException(nameof(password));
        }

        public static RegistryCredential FromNetworkCredential(string serverAddress, NetworkCredential credential) =>
            new RegistryCredential(serverAddress, credential.UserName, credential.Password);

        public string ServerAddress { get; }
        public string UserName { get; }
        internal string Password { get; }

        public override string ToString() => UserName + "@" + ServerAddress;
    }
}
