using AoTech.Ecs.Errors;
using AoTech.Ecs.Images;
using AoTech.Ecs.Rollout;
using Xunit;

namespace AoTech.Ecs.Tests.Images
{
    /// <summary>The one Docker reference grammar; the expectations are what Docker Engine 28 answers for each text.</summary>
    public class DockerReferenceTests
    {
        private const string Digest = "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945";
        private const string Sha384Hex = "4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b9454f53cda18c2baa0c0354bb5f9a3ecbe5";

        [Theory]
        [InlineData("nginx", null, "nginx", null, null)]
        [InlineData("nginx:1.27", null, "nginx", "1.27", null)]
        [InlineData("team/web:2.0.1", null, "team/web", "2.0.1", null)]
        [InlineData("localhost/web", "localhost", "web", null, null)]
        [InlineData("localhost:5000/web:dev", "localhost:5000", "web", "dev", null)]
        [InlineData("127.0.0.1:5000/a/b/c:v1", "127.0.0.1:5000", "a/b/c", "v1", null)]
        [InlineData("123456789012.dkr.ecr.eu-west-1.amazonaws.com/aspnetapp:1.2.0", "123456789012.dkr.ecr.eu-west-1.amazonaws.com", "aspnetapp", "1.2.0", null)]
        [InlineData("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app/web@" + Digest, "123456789012.dkr.ecr.eu-west-1.amazonaws.com", "app/web", null, Digest)]
        [InlineData("registry.example.com:8443/web:1.0@" + Digest, "registry.example.com:8443", "web", "1.0", Digest)]
        [InlineData("Registry.Example.com/web", "Registry.Example.com", "web", null, null)]
        [InlineData("team/aspnetapp", null, "team/aspnetapp", null, null)]
        [InlineData("my_org/web-app__x.y:Tag_1.0-rc.1", null, "my_org/web-app__x.y", "Tag_1.0-rc.1", null)]
        [InlineData("[::1]:5000/web", "[::1]:5000", "web", null, null)]
        [InlineData("x@sha384:" + Sha384Hex, null, "x", null, "sha384:" + Sha384Hex)]
        [InlineData("UPPER:5000/case", "UPPER:5000", "case", null, null)]
        public void ParsesEveryPart(string text, string? registry, string repository, string? tag, string? digest)
        {
            var r = TaskDefinitionEditor.ParseImage(text);
            Assert.Equal(registry, r.Registry);
            Assert.Equal(repository, r.Path);
            Assert.Equal(tag, r.Tag);
            Assert.Equal(digest, r.Digest);
            Assert.Equal(text, r.ToString());
        }

        [Theory]
        [InlineData("", "empty")]
        [InlineData("   ", "empty")]
        [InlineData("web app:1", "white space")]
        [InlineData("Web:1", "lower case")]
        [InlineData("web:", "tag")]
        [InlineData("web:-bad", "tag")]
        [InlineData("web@sha256:abc", "digest")]
        [InlineData("web@sha256:4F53CDA18C2BAA0C0354BB5F9A3ECBE5ED12AB4D8E11BA873C2F11161202B945", "64 lower-case")]
        [InlineData("web@" + "md5", "digest")]
        [InlineData("example.com/", "missing")]
        [InlineData("example.com/web//x", "not valid")]
        [InlineData("-example.com/web", "registry")]
        [InlineData("exa_mple.com/web", "registry")]
        [InlineData("web/", "not valid")]
        [InlineData("web..x", "not valid")]
        // Issue 19: both were registered. Docker reads "UPPER/case" as a Docker Hub name (the first component has no
        // '.' or ':' and is not "localhost"), which must be lower case; it knows only sha256, sha384 and sha512.
        [InlineData("UPPER/case", "lower case")]
        [InlineData("LOCALHOST/web", "lower case")]
        [InlineData("web@md5:d41d8cd98f00b204e9800998ecf8427e", "'md5' is not one Docker accepts")]
        [InlineData("web@sha384:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945", "exactly 96")]
        public void RejectsInvalidReferencesSayingWhy(string text, string problemPart)
        {
            Assert.False(DockerReference.TryParse(text, out var r, out var problem));
            Assert.Null(r);
            Assert.Contains(problemPart, problem);
            var ex = Assert.Throws<AoEcsException>(() => TaskDefinitionEditor.ParseImage(text));
            Assert.Equal(RolloutErrorIds.InvalidImageReference, ex.ErrorId);
            Assert.Equal(AoErrorKind.InvalidArgument, ex.Kind);
            Assert.Equal(text, ex.Target);
        }

        [Fact]
        public void TagsAreAtMost128Characters()
        {
            Assert.True(DockerReference.TryParse("web:" + new string('a', 128), out _, out _));
            Assert.False(DockerReference.TryParse("web:" + new string('a', 129), out _, out var problem));
            Assert.Contains("tag", problem);
        }

        [Fact]
        public void NameLongerThan255CharactersIsRejected()
        {
            var text = "example.com/" + new string('a', 250);
            Assert.False(DockerReference.TryParse(text, out _, out var problem));
            Assert.Contains("255", problem);
        }

        [Theory]
        [InlineData("nginx", "docker.io/library/nginx:1.27", true)]
        [InlineData("nginx", "index.docker.io/library/nginx", true)]
        [InlineData("team/web:1", "docker.io/team/web@" + Digest, true)]
        [InlineData("REGISTRY.example.com/web:1", "registry.example.com/web:2", true)]
        [InlineData("registry.example.com/web:1", "registry.example.com:5000/web:1", false)]
        [InlineData("registry.example.com/web", "other.example.com/web", false)]
        [InlineData("registry.example.com/team/web", "registry.example.com/web", false)]
        [InlineData("nginx", "team/nginx", false)]
        public void ComparesRepositoriesIgnoringVersion(string a, string b, bool same)
        {
            Assert.Equal(same, TaskDefinitionEditor.ParseImage(a).SameRepository(TaskDefinitionEditor.ParseImage(b)));
            Assert.Equal(same, TaskDefinitionEditor.ParseImage(b).SameRepository(TaskDefinitionEditor.ParseImage(a)));
        }

        [Fact]
        public void NameIsRegistryAndRepositoryAsWritten()
        {
            Assert.Equal("localhost:5000/web", TaskDefinitionEditor.ParseImage("localhost:5000/web:dev@" + Digest).Name);
            Assert.Equal("docker.io/library/nginx", TaskDefinitionEditor.ParseImage("nginx:1").RepositoryKey);
        }

        [Theory]
        [InlineData("aspnetapp", "aspnetapp")]
        [InlineData("aotech/aspnetapp:1.0.0", "aspnetapp")]
        [InlineData("127.0.0.1:5000/a/b/aspnetapp@" + Digest, "aspnetapp")]
        public void ShortNameIsTheLastPathSegment(string text, string shortName)
        {
            Assert.Equal(shortName, TaskDefinitionEditor.ParseImage(text).ShortName);
        }

        [Theory]
        [InlineData("UPPER/case")]
        [InlineData("web@md5:d41d8cd98f00b204e9800998ecf8427e")]
        [InlineData("team/App:1")]
        public void PublishAoImageUsesTheSameGrammar(string text)
        {
            // Publish-AoImage's build targets (InvalidImageTag) refuse what Update-AoTaskDefinition refuses.
            var ex = Assert.Throws<AoEcsException>(() => ImageReference.Parse(text));
            Assert.Equal("InvalidImageTag", ex.ErrorId);
            Assert.False(DockerReference.TryParse(text, out _, out _));
        }
    }
}
