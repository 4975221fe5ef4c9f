using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Rollout;
using Xunit;

namespace AoTech.Ecs.Tests.Rollout
{
    public class TaskDefinitionEditorTests
    {
        private const string Ecr = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
        private const string Digest = "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945";

        private static List<ContainerSpec> WebAndProxy() => new List<ContainerSpec>
        {
            new ContainerSpec("aspnetapp", Ecr + "/aspnetapp:1.1.0", new[] { Pair("ASPNETCORE_ENVIRONMENT", "Production"), Pair("FEATURE_X", "off") }),
            new ContainerSpec("nginx", Ecr + "/nginx:1.27"),
        };

        private static KeyValuePair<string, string> Pair(string k, string v) => new KeyValuePair<string, string>(k, v);

        [Fact]
        public void ImageByContainerNameChangesOnlyThatContainer()
        {
            var current = WebAndProxy();
            var edit = TaskDefinitionEditor.Plan(current, new[] { new ContainerImageUpdate("aspnetapp", Ecr + "/aspnetapp:1.2.0") });

            Assert.True(edit.HasChanges);
            Assert.Equal(Ecr + "/aspnetapp:1.2.0", edit["aspnetapp"].Image);
            Assert.Equal(Ecr + "/nginx:1.27", edit["nginx"].Image);
            var change = Assert.Single(edit.Changes);
            Assert.Equal(ContainerChangeKind.Image, change.Kind);
            Assert.Equal(Ecr + "/aspnetapp:1.1.0", change.OldImage);
            // The input is not modified: the caller may still need the current definition.
            Assert.Equal(Ecr + "/aspnetapp:1.1.0", current[0].Image);
            Assert.Equal(current[0].Environment, edit["aspnetapp"].Environment);
        }

        [Fact]
        public void ContainerNamesMatchCaseInsensitivelyWhenUnambiguous()
        {
            var edit = TaskDefinitionEditor.Plan(WebAndProxy(), new[] { new ContainerImageUpdate("AspNetApp", Ecr + "/aspnetapp:1.2.0") });
            Assert.Equal(Ecr + "/aspnetapp:1.2.0", edit["aspnetapp"].Image);
        }

        [Fact]
        public void ImageWithoutContainerNameMatchesByRepositoryByDigest()
        {
            var edit = TaskDefinitionEditor.Plan(WebAndProxy(), new[] { new ContainerImageUpdate(null, Ecr + "/nginx@" + Digest) });
            Assert.Equal(Ecr + "/nginx@" + Digest, edit["nginx"].Image);
            Assert.Equal("nginx", Assert.Single(edit.Changes).Container);
        }

        [Fact]
        public void SeveralPublishedImagesMatchTheirContainers()
        {
            var edit = TaskDefinitionEditor.Plan(WebAndProxy(), new[]
            {
                new ContainerImageUpdate(null, Ecr + "/aspnetapp:1.2.0"),
                new ContainerImageUpdate(null, Ecr + "/nginx:1.28"),
            });
            Assert.Equal(2, edit.Changes.Count);
            Assert.Equal(Ecr + "/aspnetapp:1.2.0", edit["aspnetapp"].Image);
            Assert.Equal(Ecr + "/nginx:1.28", edit["nginx"].Image);
        }

        [Fact]
        public void DockerHubShortNamesMatchTheirLongForm()
        {
            var current = new List<ContainerSpec> { new ContainerSpec("proxy", "nginx:1.27"), new ContainerSpec("app", "team/app:1") };
            var edit = TaskDefinitionEditor.Plan(current, new[] { new ContainerImageUpdate(null, "docker.io/library/nginx:1.28") });
            Assert.Equal("docker.io/library/nginx:1.28", edit["proxy"].Image);
        }

        [Fact]
        public void SameImageAgainIsNoChange()
        {
            var edit = TaskDefinitionEditor.Plan(WebAndProxy(),
                new[] { new ContainerImageUpdate(null, Ecr + "/aspnetapp:1.1.0") },
                new[] { new EnvironmentChange("aspnetapp", "ASPNETCORE_ENVIRONMENT", "Production"), new EnvironmentChange("aspnetapp", "NOT_THERE", null) });
            Assert.False(edit.HasChanges);
            Assert.Empty(edit.Changes);
        }

        [Fact]
        public void RegistryWithPortIsPartOfTheRepository()
        {
            // Two containers of the same name in different registries: the exact repository wins over the name.
            var current = new List<ContainerSpec> { new ContainerSpec("a", "localhost:5000/web:1"), new ContainerSpec("b", "localhost:5001/web:1") };
            var edit = TaskDefinitionEditor.Plan(current, new[] { new ContainerImageUpdate(null, "localhost:5001/web:2") });
            Assert.Equal("localhost:5001/web:2", edit["b"].Image);
            Assert.Equal("localhost:5000/web:1", edit["a"].Image);
        }

        // Issue 16: the README's flow (Publish-AoImage to <registry>/aspnetapp | Update-AoTaskDefinition) on an app made
        // from examples/taskdef.json, whose image is aotech/aspnetapp, stopped with ContainerNotFound.
        [Theory]
        [InlineData("aotech/aspnetapp:1.0.0", Ecr + "/aspnetapp@" + Digest)]
        [InlineData("aotech/aspnetapp:1.0.0", "127.0.0.1:5000/team/aspnetapp:1.2.0")]
        [InlineData("public.ecr.aws/x/aspnetapp:1", Ecr + "/aspnetapp:2")]
        public void AnImageFromAnotherRegistryMatchesTheContainerRunningTheSameRepositoryName(string running, string published)
        {
            var current = new List<ContainerSpec> { new ContainerSpec("aspnetapp", running), new ContainerSpec("proxy", "nginx:1.27") };
            var edit = TaskDefinitionEditor.Plan(current, new[] { new ContainerImageUpdate(null, published) });
            Assert.Equal(published, edit["aspnetapp"].Image);
            Assert.Equal("nginx:1.27", edit["proxy"].Image);
        }

        [Fact]
        public void AnImageMatchesTheContainerNamedAfterItsRepository()
        {
            var current = new List<ContainerSpec> { new ContainerSpec("api", "busybox:1"), new ContainerSpec("proxy", "nginx:1.27") };
            var edit = TaskDefinitionEditor.Plan(current, new[] { new ContainerImageUpdate(null, Ecr + "/team/api:7") });
            Assert.Equal(Ecr + "/team/api:7", edit["api"].Image);
        }

        [Fact]
        public void TheOnlyContainerTakesAnyImage()
        {
            var current = new List<ContainerSpec> { new ContainerSpec("web", "aotech/sample:1.0.0") };
            var edit = TaskDefinitionEditor.Plan(current, new[] { new ContainerImageUpdate(null, "localhost:5001/other:2") });
            Assert.Equal("localhost:5001/other:2", edit["web"].Image);
        }

        [Fact]
        public void TheSameRepositoryWinsOverTheSameName()
        {
            var current = new List<ContainerSpec> { new ContainerSpec("aspnetapp", "aotech/aspnetapp:1"), new ContainerSpec("canary", Ecr + "/aspnetapp:1") };
            var edit = TaskDefinitionEditor.Plan(current, new[] { new ContainerImageUpdate(null, Ecr + "/aspnetapp:2") });
            Assert.Equal(Ecr + "/aspnetapp:2", edit["canary"].Image);
            Assert.Equal("aotech/aspnetapp:1", edit["aspnetapp"].Image);
        }

        [Fact]
        public void TwoContainersOfTheSameRepositoryNameAreAmbiguous()
        {
            var current = new List<ContainerSpec> { new ContainerSpec("blue", "a.example.com/web:1"), new ContainerSpec("green", "b.example.com/web:1") };
            var ex = Assert.Throws<AoEcsException>(() => TaskDefinitionEditor.Plan(current, new[] { new ContainerImageUpdate(null, Ecr + "/web:2") }));
            Assert.Equal(RolloutErrorIds.AmbiguousContainer, ex.ErrorId);
            Assert.Contains("'blue'", ex.Message);
            Assert.Contains("'green'", ex.Message);
        }

        [Fact]
        public void NoMatchAmongSeveralContainersIsContainerNotFound()
        {
            var current = new List<ContainerSpec> { new ContainerSpec("web", "localhost:5000/web:1"), new ContainerSpec("proxy", "nginx:1.27") };
            var ex = Assert.Throws<AoEcsException>(() => TaskDefinitionEditor.Plan(current, new[] { new ContainerImageUpdate(null, "localhost:5001/other:2") }));
            Assert.Equal(RolloutErrorIds.ContainerNotFound, ex.ErrorId);
            Assert.Equal(AoErrorKind.ObjectNotFound, ex.Kind);
            Assert.Contains("localhost:5001/other", ex.Message);
            Assert.Contains("web (localhost:5000/web:1)", ex.Message);
        }

        [Fact]
        public void UnknownContainerNameIsContainerNotFound()
        {
            var ex = Assert.Throws<AoEcsException>(() => TaskDefinitionEditor.Plan(WebAndProxy(), new[] { new ContainerImageUpdate("api", Ecr + "/api:1") }));
            Assert.Equal(RolloutErrorIds.ContainerNotFound, ex.ErrorId);
            Assert.Equal("api", ex.Target);
            Assert.Contains("aspnetapp", ex.Message);
        }

        [Fact]
        public void TwoContainersOfTheSameRepositoryAreAmbiguous()
        {
            var current = new List<ContainerSpec> { new ContainerSpec("worker", Ecr + "/app:1"), new ContainerSpec("web", Ecr + "/app:1") };
            var ex = Assert.Throws<AoEcsException>(() => TaskDefinitionEditor.Plan(current, new[] { new ContainerImageUpdate(null, Ecr + "/app:2") }));
            Assert.Equal(RolloutErrorIds.AmbiguousContainer, ex.ErrorId);
            Assert.Contains("'worker'", ex.Message);
            Assert.Contains("'web'", ex.Message);
            // Naming them resolves it.
            var edit = TaskDefinitionEditor.Plan(current, new[] { new ContainerImageUpdate("web", Ecr + "/app:2"), new ContainerImageUpdate("worker", Ecr + "/app:2") });
            Assert.Equal(2, edit.Changes.Count);
        }

        [Fact]
        public void InvalidImageIsRejectedBeforeAnythingElse()
        {
            var ex = Assert.Throws<AoEcsException>(() => TaskDefinitionEditor.Plan(WebAndProxy(), new[] { new ContainerImageUpdate("aspnetapp", "Bad Image") }));
            Assert.Equal(RolloutErrorIds.InvalidImageReference, ex.ErrorId);
        }

        [Fact]
        public void TwoDifferentImagesForOneContainerConflict()
        {
            var ex = Assert.Throws<AoEcsException>(() => TaskDefinitionEditor.Plan(WebAndProxy(), new[]
            {
                new ContainerImageUpdate("aspnetapp", Ecr + "/aspnetapp:1.2.0"),
                new ContainerImageUpdate(null, Ecr + "/aspnetapp:1.3.0"),
            }));
            Assert.Equal(RolloutErrorIds.ConflictingUpdate, ex.ErrorId);
        }

        [Fact]
        public void EnvironmentIsSetReplacedAndRemovedInPlace()
        {
            var edit = TaskDefinitionEditor.Plan(WebAndProxy(), null, new[]
            {
                new EnvironmentChange("aspnetapp", "FEATURE_X", "on"),
                new EnvironmentChange("aspnetapp", "NEW_VAR", "1"),
                new EnvironmentChange("aspnetapp", "ASPNETCORE_ENVIRONMENT", null),
            });
            Assert.Equal(new[] { Pair("FEATURE_X", "on"), Pair("NEW_VAR", "1") }, edit["aspnetapp"].Environment);
            Assert.Empty(edit["nginx"].Environment);
            Assert.Equal(new[] { ContainerChangeKind.EnvironmentSet, ContainerChangeKind.EnvironmentSet, ContainerChangeKind.EnvironmentRemoved },
                edit.Changes.Select(c => c.Kind));
        }

        [Fact]
        public void EnvironmentChangesNeverShowValues()
        {
            var edit = TaskDefinitionEditor.Plan(WebAndProxy(), null, new[] { new EnvironmentChange("aspnetapp", "API_KEY", "s3cr3t-value") });
            Assert.DoesNotContain("s3cr3t-value", string.Join("\n", edit.Changes.Select(c => c.ToString())));
        }

        [Fact]
        public void EnvironmentWithoutContainerNeedsASingleContainer()
        {
            var single = new List<ContainerSpec> { new ContainerSpec("web", "web:1") };
            Assert.Equal(Pair("A", "1"), Assert.Single(TaskDefinitionEditor.Plan(single, null, new[] { new EnvironmentChange(null, "A", "1") })["web"].Environment));

            var ex = Assert.Throws<AoEcsException>(() => TaskDefinitionEditor.Plan(WebAndProxy(), null, new[] { new EnvironmentChange(null, "A", "1") }));
            Assert.Equal(RolloutErrorIds.AmbiguousContainer, ex.ErrorId);
        }

        [Theory]
        [InlineData("")]
        [InlineData(" A")]
        [InlineData("A=B")]
        public void InvalidEnvironmentNamesAreRejected(string name)
        {
            var ex = Assert.Throws<AoEcsException>(() => TaskDefinitionEditor.Plan(WebAndProxy(), null, new[] { new EnvironmentChange("nginx", name, "1") }));
            Assert.Equal(RolloutErrorIds.InvalidEnvironmentName, ex.ErrorId);
        }

        [Fact]
        public void DuplicateVariablesCollapseIntoOne()
        {
            var current = new List<ContainerSpec> { new ContainerSpec("web", "web:1", new[] { Pair("A", "1"), Pair("B", "2"), Pair("A", "1") }) };
            var edit = TaskDefinitionEditor.Plan(current, null, new[] { new EnvironmentChange(null, "A", "1") });
            Assert.True(edit.HasChanges);
            Assert.Equal(new[] { Pair("A", "1"), Pair("B", "2") }, edit["web"].Environment);
        }
    }
}
