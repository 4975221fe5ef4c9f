using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Images;
using Xunit;

namespace AoTech.Ecs.Tests.Images
{
    public class DockerEndpointTests
    {
        [Fact]
        public void Unix_and_tcp_hosts_resolve()
        {
            Assert.Equal("unix", DockerEndpoint.Resolve("unix:///var/run/docker.sock").Uri.Scheme);
            var tcp = DockerEndpoint.Resolve("tcp://10.0.0.5:2375", tlsVerify: false);
            Assert.False(tcp.UsesTls);
            Assert.Equal(2375, tcp.Uri.Port);
        }

        [Fact]
        public void Tls_needs_the_client_certificate_files()
        {
            var dir = Directory.CreateTempSubdirectory("aotech-certs").FullName;
            try
            {
                var ex = Assert.Throws<AoEcsException>(() => DockerEndpoint.Resolve("tcp://10.0.0.5:2376", dir, tlsVerify: true));
                Assert.Equal("DockerHostUnreachable", ex.ErrorId);
                Assert.Contains("cert.pem", ex.Message);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Theory]
        [InlineData("ssh://user@host")]
        [InlineData("not a uri")]
        public void Unsupported_hosts_are_rejected(string host)
        {
            var ex = Assert.Throws<AoEcsException>(() => DockerEndpoint.Resolve(host));
            Assert.Equal("DockerHostUnreachable", ex.ErrorId);
        }

        [Fact]
        public async Task A_host_that_does_not_answer_is_DockerHostUnreachable()
        {
            // A port that was free a moment ago: nothing listens there.
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();

            using var publisher = new ImagePublisher(DockerEndpoint.Resolve($"tcp://127.0.0.1:{port}", tlsVerify: false));
            var ex = await Assert.ThrowsAsync<AoEcsException>(() => publisher.PingAsync(CancellationToken.None));
            Assert.Equal("DockerHostUnreachable", ex.ErrorId);
            Assert.Equal(AoErrorKind.Connection, ex.Kind);
            Assert.Contains($"127.0.0.1:{port}", ex.Message);
        }
    }
}
