using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Images.Building;
using Xunit;

namespace AoTech.Ecs.Tests.Images
{
    public class DockerfileStagesTests
    {
        private const string MultiStage = @"# syntax=docker/dockerfile:1
ARG SDK=mcr.microsoft.com/dotnet/sdk:10.0
ARG VERSION
ARG RUNTIME=mcr.microsoft.com/dotnet/aspnet:${VERSION:-10.0}
FROM ${SDK} AS build
RUN --mount=type=cache,target=/nuget dotnet publish -o /app

FROM alpine:3 AS unused
RUN exit 1

FROM build AS test
RUN dotnet test

FROM ${RUNTIME}
COPY --from=build /app /app
COPY --from=registry.example.com/tools/busybox:1 /bin/busybox /bin/busybox
RUN --mount=type=bind,from=test,source=/results,target=/r true
";

        [Fact]
        public void The_target_needs_only_the_images_of_the_stages_it_builds_on_or_copies_from()
        {
            var stages = DockerfileStages.Parse(MultiStage);
            Assert.Equal(new[] { "mcr.microsoft.com/dotnet/aspnet:10.0", "registry.example.com/tools/busybox:1", "mcr.microsoft.com/dotnet/sdk:10.0" },
                stages.ImagesFor(null).OrderBy(i => i == "mcr.microsoft.com/dotnet/sdk:10.0").ToArray());
            Assert.DoesNotContain("alpine:3", stages.ImagesFor(null));
            Assert.Equal(new[] { "alpine:3" }, stages.ImagesFor("UNUSED"));
            Assert.Equal(new[] { "mcr.microsoft.com/dotnet/sdk:10.0" }, stages.ImagesFor("test"));
        }

        [Fact]
        public void Every_image_counts_when_all_stages_may_be_built()
        {
            var all = DockerfileStages.Parse(MultiStage).AllImages().ToList();
            Assert.Equal(4, all.Count);
            Assert.Contains("alpine:3", all);
        }

        [Fact]
        public void Build_args_replace_the_global_ARG_defaults()
        {
            // Only declared ARGs take build args: an undeclared VERSION would leave the default.
            Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0",
                DockerfileStages.Parse(MultiStage.Replace("ARG VERSION\n", ""), new Dictionary<string, string> { ["VERSION"] = "9.0" }).Stages[3].Base);
            var stages = DockerfileStages.Parse(MultiStage, new Dictionary<string, string> { ["SDK"] = "local/sdk:1", ["VERSION"] = "9.0" });
            Assert.Equal("local/sdk:1", stages.Stages[0].Base);
            Assert.Equal("mcr.microsoft.com/dotnet/aspnet:9.0", stages.Stages[3].Base);
        }

        [Fact]
        public void Continuations_comments_escape_directive_and_heredocs_are_read_as_the_builder_reads_them()
        {
            var text = "# escape=`\r\nFROM `\r\n  # a comment inside the instruction\r\n  base/image:1 `\r\n  AS one\r\n" +
                       "RUN <<EOF\r\nFROM not/an-instruction\r\nEOF\r\n" +
                       "FROM --platform=linux/amd64 one\r\nCOPY --from=0 /a /a\r\n";
            var stages = DockerfileStages.Parse(text);
            Assert.Equal(2, stages.Stages.Count);
            Assert.Equal("base/image:1", stages.Stages[0].Base);
            Assert.Equal("one", stages.Stages[0].Name);
            Assert.Equal(new[] { "base/image:1" }, stages.ImagesFor(null));
        }

        [Fact]
        public void Scratch_is_no_image()
        {
            Assert.Empty(DockerfileStages.Parse("FROM scratch\nCOPY app /\n").ImagesFor(null));
        }
    }
}
