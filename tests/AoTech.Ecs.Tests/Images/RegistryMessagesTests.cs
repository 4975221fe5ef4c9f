using AoTech.Ecs.Images;
using Xunit;

namespace AoTech.Ecs.Tests.Images
{
    /// <summary>
    /// The engine reports a registry it cannot reach in Go's words (issue 19 item 7): those are RegistryUnreachable,
    /// not a refused credential.
    /// </summary>
    public class RegistryMessagesTests
    {
        [Theory]
        [InlineData("Get \"https://127.0.0.1:5999/v2/\": dial tcp 127.0.0.1:5999: connect: connection refused")]
        [InlineData("Get \"https://registry.invalid/v2/\": dial tcp: lookup registry.invalid on 127.0.0.11:53: no such host")]
        [InlineData("Get \"https://10.0.0.9/v2/\": dial tcp 10.0.0.9:443: i/o timeout")]
        [InlineData("Get \"https://r.example/v2/\": net/http: TLS handshake timeout")]
        [InlineData("Get \"https://r.example/v2/\": x509: certificate signed by unknown authority")]
        [InlineData("Get \"https://127.0.0.1:5000/v2/\": http: server gave HTTP response to HTTPS client")]
        public void Unreachable_registries(string message) => Assert.True(AoTech.Ecs.Images.Registry.RegistryAuthorizer.LooksUnreachable(message));

        [Theory]
        [InlineData("Get \"https://r.example/v2/\": unauthorized: incorrect username or password")]
        [InlineData("denied: requested access to the resource is denied")]
        [InlineData("manifest invalid")]
        public void Answers_of_a_registry_that_is_there(string message) => Assert.False(AoTech.Ecs.Images.Registry.RegistryAuthorizer.LooksUnreachable(message));
    }
}
