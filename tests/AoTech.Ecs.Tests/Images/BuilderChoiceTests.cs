using AoTech.Ecs.Errors;
using AoTech.Ecs.Images;
using AoTech.Ecs.Images.Engine;
using Xunit;

namespace AoTech.Ecs.Tests.Images
{
    public class BuilderChoiceTests
    {
        [Theory]
        // The engine's stated default wins (Engine 23+ sends Builder-Version).
        [InlineData("1.45", "linux", "2", ImageBuilderKind.BuildKit)]
        [InlineData("1.45", "linux", "1", ImageBuilderKind.Legacy)]
        // Engines before 23 state none: BuildKit wherever the engine has it (Linux, API 1.39 and newer), as the docker CLI does.
        [InlineData("1.41", "linux", null, ImageBuilderKind.BuildKit)]
        [InlineData("1.39", "linux", null, ImageBuilderKind.BuildKit)]
        [InlineData("1.38", "linux", null, ImageBuilderKind.Legacy)]
        [InlineData("1.41", "windows", null, ImageBuilderKind.Legacy)]
        [InlineData(null, null, null, ImageBuilderKind.Legacy)]
        public void Auto_takes_BuildKit_wherever_the_engine_offers_it(string? api, string? os, string? builderVersion, ImageBuilderKind expected)
        {
            Assert.Equal(expected, ImagePublisher.ChooseBuilder(ImageBuilderKind.Auto, new EngineInfo(api, os, builderVersion)));
        }

        [Fact]
        public void Legacy_is_used_when_asked_even_where_BuildKit_is_the_default()
        {
            Assert.Equal(ImageBuilderKind.Legacy, ImagePublisher.ChooseBuilder(ImageBuilderKind.Legacy, new EngineInfo("1.45", "linux", "2")));
        }

        [Fact]
        public void BuildKit_when_asked_works_even_where_the_engine_prefers_legacy()
        {
            Assert.Equal(ImageBuilderKind.BuildKit, ImagePublisher.ChooseBuilder(ImageBuilderKind.BuildKit, new EngineInfo("1.45", "linux", "1")));
        }

        [Fact]
        public void BuildKit_asked_of_an_engine_without_it_is_BuildKitUnavailable()
        {
            var ex = Assert.Throws<AoEcsException>(() => ImagePublisher.ChooseBuilder(ImageBuilderKind.BuildKit, new EngineInfo("1.41", "windows", null)));
            Assert.Equal("BuildKitUnavailable", ex.ErrorId);
            Assert.Equal(AoErrorKind.Configuration, ex.Kind);
            Assert.Contains("-Builder Legacy", ex.Message);
        }
    }
}
