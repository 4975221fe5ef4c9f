using System;
using System.IO;
using System.Linq;
using AoTech.Ecs.Images;
using AoTech.Ecs.Images.Building;
using AoTech.Ecs.Images.Engine;
using AoTech.Ecs.Images.Registry;
using Xunit;

namespace AoTech.Ecs.Tests.Images
{
    public sealed class ImageBuilderQueryTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("aotech-query").FullName;
        private readonly DockerEngine _engine = new DockerEngine(DockerEndpoint.Resolve("tcp://127.0.0.1:1", tlsVerify: false));

        public ImageBuilderQueryTests() => File.WriteAllText(Path.Combine(_dir, "Dockerfile"), "FROM scratch\n");

        public void Dispose()
        {
            _engine.Dispose();
            Directory.Delete(_dir, true);
        }

        private ILookup<string, string> Query(ImageBuilderKind kind, ImageBuildRequest request)
        {
            var builder = new ImageBuilder(_engine, kind, new RegistryAuthorizer(_engine, new ImagePublishOptions(), Array.Empty<string>()), null);
            return builder.Query(BuildPlan.Create(request), "build-1").Split('&')
                .Select(p => p.Split('=', 2)).ToLookup(p => p[0], p => Uri.UnescapeDataString(p[1]));
        }

        private ImageBuildRequest Request()
        {
            var request = new ImageBuildRequest(_dir, "registry.example.com/shop", new[] { "1.0", "latest" })
            {
                Target = "runtime", NoCache = true, Pull = true, Network = "host", ShmSize = 2L << 30, Platform = "linux/amd64",
            };
            request.BuildArgs["VERSION"] = "1.0";
            request.Labels["org.opencontainers.image.version"] = "1.0";
            request.ExtraHosts.Add("db:10.0.0.5");
            request.CacheFrom.Add("registry.example.com/shop:cache");
            request.AdditionalImages.Add("other.example.com/mirror/shop:1.0");
            return request;
        }

        [Fact]
        public void BuildKit_gets_builder_version_2_every_option_and_an_id_to_cancel_it_by()
        {
            var query = Query(ImageBuilderKind.BuildKit, Request());
            Assert.Equal("2", query["version"].Single());
            Assert.Equal(new[] { "registry.example.com/shop:1.0", "registry.example.com/shop:latest", "other.example.com/mirror/shop:1.0" }, query["t"]);
            Assert.Equal("Dockerfile", query["dockerfile"].Single());
            Assert.Equal("{\"VERSION\":\"1.0\"}", query["buildargs"].Single());
            Assert.Equal("{\"org.opencontainers.image.version\":\"1.0\"}", query["labels"].Single());
            Assert.Equal("runtime", query["target"].Single());
            Assert.Equal("1", query["nocache"].Single());
            Assert.Equal("host", query["networkmode"].Single());
            Assert.Equal((2L << 30).ToString(), query["shmsize"].Single());
            Assert.Equal("db:10.0.0.5", query["extrahosts"].Single());
            Assert.Equal("[\"registry.example.com/shop:cache\"]", query["cachefrom"].Single());
            Assert.Equal("linux/amd64", query["platform"].Single());
            Assert.Equal("build-1", query["buildid"].Single());
            // -Pull: the base images were pulled through the Engine API (with credentials); BuildKit's own pull would be anonymous.
            Assert.False(query.Contains("pull"));
        }

        [Fact]
        public void The_legacy_builder_gets_version_1_and_pulls_itself()
        {
            var query = Query(ImageBuilderKind.Legacy, Request());
            Assert.Equal("1", query["version"].Single());
            Assert.Equal("1", query["pull"].Single());
            Assert.False(query.Contains("buildid"));
        }
    }
}
