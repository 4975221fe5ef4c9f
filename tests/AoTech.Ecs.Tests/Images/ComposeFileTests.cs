using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Images.Compose;
using Xunit;

namespace AoTech.Ecs.Tests.Images
{
    public sealed class ComposeFileTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "aotech-compose-" + Guid.NewGuid().ToString("N"));

        public ComposeFileTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        [Fact]
        public void Reads_the_repository_compose_file_with_variables()
        {
            var root = Infrastructure.RepositoryPaths.Root();
            var env = new Dictionary<string, string>
            {
                ["REGISTRY"] = "127.0.0.1:5000/ci",
                ["APP_VERSION"] = "2.3.4",
                ["SDK_IMAGE"] = "local/sdk:1",
            };
            var compose = ComposeFile.Load(Path.Combine(root, "docker-compose.yml"), env);

            Assert.Equal(new[] { "aspnetapp", "nginx" }, compose.BuildServices.Select(s => s.Name).ToArray());
            var app = compose.BuildServices[0];
            Assert.Equal(Path.Combine(root, "app", "aspnetapp"), app.Context);
            Assert.Equal("Dockerfile", app.Dockerfile);
            Assert.Equal("127.0.0.1:5000/ci/aspnetapp:2.3.4", app.Image.ToString());
            Assert.Equal("local/sdk:1", app.Args["SDK_IMAGE"]);
            Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", app.Args["RUNTIME_IMAGE"]); // the default after :-
            Assert.Equal("2.3.4", app.Args["APP_VERSION"]);
            Assert.Equal("127.0.0.1:5000/ci/nginx:2.3.4", compose.BuildServices[1].Image.ToString());

            var requests = compose.ToBuildRequests(new[] { "latest" });
            Assert.Equal(new[] { "2.3.4", "latest" }, requests[0].Tags);
            Assert.Empty(requests[0].DependsOn);
            Assert.Empty(requests[1].DependsOn);
        }

        [Fact]
        public void Parses_build_forms_args_lists_flow_values_and_dependencies()
        {
            File.WriteAllText(Path.Combine(_dir, ".env"), "BASE_TAG=7\n# comment\nQUOTED=\"q v\"\n");
            Directory.CreateDirectory(Path.Combine(_dir, "base"));
            File.WriteAllText(Path.Combine(_dir, "base", "Dockerfile"), "FROM scratch\n");
            Directory.CreateDirectory(Path.Combine(_dir, "web"));
            File.WriteAllText(Path.Combine(_dir, "web", "web.Dockerfile"), "ARG BASE_TAG=0\nARG BASE=example/base:${BASE_TAG}\nFROM ${BASE} AS build\nFROM build\n");
            var yaml = @"
version: '2.4'   # trailing comment
services:
  base:
    build: ./base
    image: ""example/base:${BASE_TAG}""
  web:
    build:
      context: web
      dockerfile: web.Dockerfile
      target: build
      args:
        - BASE_TAG=${BASE_TAG}
        - QUOTED
        - UNSET_ONE
    image: example/web
    healthcheck:
      test: [""CMD"", ""curl"", ""-f"", 'http://x/#not-a-comment']
    environment: { A: 1, B: 'two' }
  db:
    image: postgres
  tool:
    build:
      context: base
";
            var path = Path.Combine(_dir, "docker-compose.yml");
            File.WriteAllText(path, yaml);
            var env = ComposeFile.ReadEnvironment(_dir);
            env.Remove("UNSET_ONE");
            env.Remove("COMPOSE_PROJECT_NAME");
            var compose = ComposeFile.Load(path, env);

            Assert.Equal(new[] { "base", "web", "tool" }, compose.BuildServices.Select(s => s.Name).ToArray());
            var web = compose.BuildServices[1];
            Assert.Equal("build", web.Target);
            Assert.Equal("7", web.Args["BASE_TAG"]);
            Assert.Equal("q v", web.Args["QUOTED"]);
            Assert.False(web.Args.ContainsKey("UNSET_ONE"));
            Assert.Equal("example/web:latest", web.Image.ToString());
            var tool = compose.BuildServices[2];
            Assert.False(tool.HasImageKey);
            Assert.EndsWith("_tool", tool.Image.Repository);

            var requests = compose.ToBuildRequests();
            Assert.Equal(new[] { "example/base:7" }, requests[1].DependsOn);
            Assert.Empty(requests[0].DependsOn);
            Assert.False(requests[2].Push);
        }

        [Theory]
        [InlineData("services:\n  a:\n    build: .\n  a:\n    build: .\n", "line 4")]
        [InlineData("services: [unclosed\n", "line 2")]
        [InlineData("x: *undefined\n", "line 1")]
        [InlineData("version: '2'\n", "no services")]
        [InlineData("services:\n  a:\n    build:\n      context: .\n      args: 5\n", "services.a.build.args must be a mapping or a list")]
        [InlineData("services:\n  a:\n    build:\n      context: .\n      dockerfile: A\n      dockerfile_inline: FROM x\n", "both dockerfile and dockerfile_inline")]
        [InlineData("services:\n  a:\n    image: ${TAG:?TAG must name the release}\n", "services.a.image: required variable TAG is missing a value: TAG must name the release")]
        [InlineData("services:\n  a:\n    image: ${TAG/x/y}\n", "Invalid interpolation format")]
        [InlineData("services:\n  a:\n    build:\n      context: .\n      no_cache: maybe\n", "must be true or false")]
        public void Malformed_files_get_InvalidComposeFile(string yaml, string expected)
        {
            var path = Path.Combine(_dir, "bad.yml");
            File.WriteAllText(path, yaml);
            var ex = Assert.Throws<AoEcsException>(() => ComposeFile.Load(path, new Dictionary<string, string>()));
            Assert.Equal("InvalidComposeFile", ex.ErrorId);
            Assert.Contains(expected, ex.Message);
        }

        [Fact]
        public void Missing_file_is_ComposeFileNotFound()
        {
            var ex = Assert.Throws<AoEcsException>(() => ComposeFile.Load(Path.Combine(_dir, "none.yml")));
            Assert.Equal("ComposeFileNotFound", ex.ErrorId);
        }
    }
}
