using AoTech.Ecs.Errors;
using AoTech.Ecs.Images;
using Xunit;

namespace AoTech.Ecs.Tests.Images
{
    public class ImageReferenceTests
    {
        [Theory]
        [InlineData("aotech/aspnetapp", "1.0.0", null, "aotech/aspnetapp")]
        [InlineData("127.0.0.1:5000/team/app", "v2_rc.1", "127.0.0.1:5000", "team/app")]
        [InlineData("123456789012.dkr.ecr.eu-west-1.amazonaws.com/web", "latest", "123456789012.dkr.ecr.eu-west-1.amazonaws.com", "web")]
        [InlineData("localhost/app", "a", "localhost", "app")]
        [InlineData("app", "Feature-X", null, "app")]
        public void Accepts_valid_references(string repository, string tag, string? registry, string path)
        {
            var reference = ImageReference.Create(repository, tag);
            Assert.Equal(registry, reference.Registry);
            Assert.Equal(path, reference.Path);
            Assert.Equal(repository + ":" + tag, reference.ToString());
        }

        [Theory]
        [InlineData("aotech/App", "1.0")]
        [InlineData("aotech/app", "-bad")]
        [InlineData("aotech/app", ".bad")]
        [InlineData("aotech/app", "has space")]
        [InlineData("aotech/app", "")]
        [InlineData("aotech//app", "1")]
        [InlineData("aotech/app-", "1")]
        [InlineData("", "1")]
        public void Rejects_invalid_references_with_InvalidImageTag(string repository, string tag)
        {
            var ex = Assert.Throws<AoEcsException>(() => ImageReference.Create(repository, tag));
            Assert.Equal("InvalidImageTag", ex.ErrorId);
            Assert.Equal(AoErrorKind.InvalidArgument, ex.Kind);
        }

        [Fact]
        public void Rejects_a_tag_longer_than_128_characters()
        {
            Assert.Throws<AoEcsException>(() => ImageReference.Create("app", new string('a', 129)));
            Assert.Equal(128, ImageReference.Create("app", new string('a', 128)).Tag.Length);
        }

        [Theory]
        [InlineData("127.0.0.1:5000/app:1.2", "127.0.0.1:5000/app", "1.2")]
        [InlineData("127.0.0.1:5000/app", "127.0.0.1:5000/app", "latest")]
        [InlineData("aotech/nginx:1.0.0", "aotech/nginx", "1.0.0")]
        public void Parses_image_values(string text, string repository, string tag)
        {
            var reference = ImageReference.Parse(text);
            Assert.Equal(repository, reference.Repository);
            Assert.Equal(tag, reference.Tag);
        }
    }
}
