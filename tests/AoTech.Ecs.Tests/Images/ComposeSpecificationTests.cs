using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Images.Compose;
using Xunit;

namespace AoTech.Ecs.Tests.Images
{
    /// <summary>The Compose Specification's own examples (TestData/compose-spec), read as the specification says they read.</summary>
    public sealed class ComposeSpecificationTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("aotech-compose-spec").FullName;

        public void Dispose() => Directory.Delete(_dir, true);

        private static ComposeDocument Example(string name, IDictionary<string, string>? env = null)
        {
            var path = Path.Combine("TestData", "compose-spec", name);
            var vars = env ?? new Dictionary<string, string>();
            return ComposeDocument.Parse(File.ReadAllText(path), path, v => vars.TryGetValue(v, out var value) ? value : null);
        }

        private static Dictionary<string, object?> Map(object? node) => Assert.IsType<Dictionary<string, object?>>(node);
        private static Dictionary<string, object?> At(ComposeDocument doc, params string[] keys) =>
            keys.Aggregate(doc.Root, (map, key) => Map(map[key]));

        [Fact]
        public void Fragments_1_an_alias_repeats_the_anchored_mapping()
        {
            var doc = Example("fragments-1.yml");
            Assert.Equal("default", At(doc, "volumes", "db-data")["driver"]);
            Assert.Equal("default", At(doc, "volumes", "metrics")["driver"]);
        }

        [Fact]
        public void Fragments_2_an_alias_repeats_a_sequence()
        {
            var doc = Example("fragments-2.yml");
            var expected = new object?[] { "CONFIG_KEY", "EXAMPLE_KEY", "DEMO_VAR" };
            Assert.Equal(expected, Assert.IsType<List<object?>>(At(doc, "services", "first")["environment"]));
            Assert.Equal(expected, Assert.IsType<List<object?>>(At(doc, "services", "second")["environment"]));
        }

        [Fact]
        public void Fragments_3_a_merge_key_takes_the_anchor_and_local_keys_override_it()
        {
            var metrics = At(Example("fragments-3.yml"), "volumes", "metrics");
            Assert.Equal("default", metrics["driver"]);
            Assert.Equal("metrics", metrics["name"]);
            Assert.False(metrics.ContainsKey("<<"));
            Assert.Equal("data", At(Example("fragments-3.yml"), "volumes", "db-data")["name"]);
        }

        [Fact]
        public void Fragments_4_a_merge_key_extends_an_anchored_mapping()
        {
            var env = At(Example("fragments-4.yml"), "services", "second", "environment");
            Assert.Equal(new Dictionary<string, object?> { ["FOO"] = "BAR", ["ZOT"] = "QUIX", ["YET_ANOTHER"] = "VARIABLE" }, env);
        }

        [Fact]
        public void Extension_1_x_fields_are_read_and_leave_the_service_alone()
        {
            var doc = Example("extension-1.yml");
            Assert.Equal(new object?[] { "bar", "zot" }, Assert.IsType<List<object?>>(At(doc, "x-custom")["foo"]));
            Assert.Equal("example/webapp", At(doc, "services", "webapp")["image"]);
        }

        [Fact]
        public void Extension_2_an_extension_field_merged_into_services()
        {
            var doc = Example("extension-2.yml");
            foreach (var service in new[] { "first", "second" })
            {
                Assert.Equal(new object?[] { "CONFIG_KEY", "EXAMPLE_KEY" }, Assert.IsType<List<object?>>(At(doc, "services", service)["environment"]));
            }
            Assert.Equal("another-image:latest", At(doc, "services", "second")["image"]);
        }

        [Fact]
        public void Extension_3_merged_fields_and_interpolated_values()
        {
            var doc = Example("extension-3.yml", new Dictionary<string, string> { ["https_proxy"] = "http://proxy:3128" });
            var nodeinfo = At(doc, "services", "nodeinfo");
            Assert.Equal("true", Map(nodeinfo["labels"])["function"]);
            Assert.Equal(new object?[] { "gateway" }, Assert.IsType<List<object?>>(nodeinfo["depends_on"]));
            Assert.Equal("http://proxy:3128", Map(nodeinfo["environment"])["https_proxy"]);
            Assert.Equal("cat", At(doc, "services", "echoit", "environment")["fprocess"]);
            Assert.Empty(doc.Warnings);
        }

        [Fact]
        public void Extension_3_an_unset_variable_is_blank_with_one_warning()
        {
            var doc = Example("extension-3.yml");
            Assert.Equal("", At(doc, "services", "nodeinfo", "environment")["https_proxy"]);
            Assert.Equal(new[] { "The \"https_proxy\" variable is not set. Defaulting to a blank string." }, doc.Warnings);
        }

        [Fact]
        public void Extension_4_a_merge_key_takes_several_anchors()
        {
            var env = At(Example("extension-4.yml"), "services", "frontend", "environment");
            Assert.Equal(new Dictionary<string, object?> { ["FOO"] = "BAR", ["ZOT"] = "QUIX", ["KEY"] = "VALUE", ["YET_ANOTHER"] = "VARIABLE" }, env);
        }

        [Fact]
        public void Interpolation_double_dollar_is_a_literal_dollar()
        {
            var doc = Example("interpolation-escape.yml", new Dictionary<string, string> { ["VAR_NOT_INTERPOLATED_BY_COMPOSE"] = "x" });
            Assert.Equal("$VAR_NOT_INTERPOLATED_BY_COMPOSE", At(doc, "web")["command"]);
        }

        [Fact]
        public void Interpolation_applies_to_values_not_keys()
        {
            var env = new Dictionary<string, string> { ["VAR_NOT_INTERPOLATED_BY_COMPOSE"] = "x", ["VAR_INTERPOLATED_BY_COMPOSE"] = "com.example.tier" };
            Assert.Equal("BAR", At(Example("interpolation-label-key.yml", env), "services", "foo", "labels")["$VAR_NOT_INTERPOLATED_BY_COMPOSE"]);
            Assert.Equal(new object?[] { "com.example.tier=BAR" },
                Assert.IsType<List<object?>>(At(Example("interpolation-label-list.yml", env), "services", "foo")["labels"]));
        }

        [Theory]
        // 12-interpolation.md: defaults, errors, nesting; and compose's :+ / + replacement.
        [InlineData("${VARIABLE:-default}", "default")]
        [InlineData("${EMPTY:-default}", "default")]
        [InlineData("${EMPTY-default}", "")]
        [InlineData("${VARIABLE-default}", "default")]
        [InlineData("${SET:-default}", "set")]
        [InlineData("${VARIABLE:-${FOO}}", "foo")]
        [InlineData("${VARIABLE:-${MISSING:-default}}", "default")]
        [InlineData("${SET:-${MISSING}}", "set")]
        [InlineData("${SET:+replacement}", "replacement")]
        [InlineData("${EMPTY:+replacement}", "")]
        [InlineData("${EMPTY+replacement}", "replacement")]
        [InlineData("$SET-$FOO", "set-foo")]
        [InlineData("a $ b, 50$, $1, ${SET}$$", "a $ b, 50$, $1, set$")]
        public void Interpolation_follows_the_specification(string text, string expected)
        {
            var env = new Dictionary<string, string> { ["SET"] = "set", ["FOO"] = "foo", ["EMPTY"] = "" };
            var unset = new List<string>();
            Assert.Equal(expected, ComposeInterpolation.Expand(text, v => env.TryGetValue(v, out var value) ? value : null, unset.Add));
            // A default means no warning: only a variable used bare may warn.
            Assert.DoesNotContain("VARIABLE", unset);
        }

        [Theory]
        [InlineData("${VARIABLE:?err}", "required variable VARIABLE is missing a value: err")]
        [InlineData("${EMPTY:?err}", "required variable EMPTY is missing a value: err")]
        [InlineData("${VARIABLE?$FOO}", "required variable VARIABLE is missing a value: foo")]
        public void Interpolation_errors_on_missing_required_variables(string text, string message)
        {
            var env = new Dictionary<string, string> { ["FOO"] = "foo", ["EMPTY"] = "" };
            var ex = Assert.Throws<ComposeInterpolationException>(() => ComposeInterpolation.Expand(text, v => env.TryGetValue(v, out var value) ? value : null, null));
            Assert.Equal(message, ex.Message);
            Assert.Equal("", ComposeInterpolation.Expand("${EMPTY?err}", v => env.TryGetValue(v, out var value) ? value : null, null));
        }

        [Fact]
        public void Build_illustrative_example_gives_three_builds_and_pushes_two()
        {
            var path = Path.Combine(_dir, "compose.yaml");
            File.Copy(Path.Combine("TestData", "compose-spec", "build-illustrative.yml"), path);
            var compose = ComposeFile.Load(path, new Dictionary<string, string>());
            var frontend = compose.BuildServices.Single(s => s.Name == "frontend");
            Assert.Equal(Path.Combine(_dir, "webapp"), frontend.Context);
            Assert.Equal("example/webapp:latest", frontend.Image.ToString());
            var backend = compose.BuildServices.Single(s => s.Name == "backend");
            Assert.Equal(Path.Combine(_dir, "backend"), backend.Context);
            Assert.Equal("../backend.Dockerfile", backend.Dockerfile);
            var custom = compose.BuildServices.Single(s => s.Name == "custom");
            Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "custom"), custom.Context);
            Assert.False(custom.HasImageKey);
            Assert.Equal(new[] { true, true, false }, compose.ToBuildRequests().Select(r => r.Push));
        }

        [Fact]
        public void Build_keys_of_the_specification_reach_the_build_request()
        {
            var yaml = @"
services:
  web:
    image: example/web:1
    build:
      context: .
      dockerfile_inline: |
        FROM example/base:1
        RUN make
      args:
        - GIT_COMMIT=cdc3b19
      labels:
        - ""com.example.description=Accounting webapp""
        - ""com.example.label-with-empty-value""
      no_cache: true
      pull: true
      network: none
      shm_size: '2gb'
      extra_hosts:
        - ""somehost=162.242.195.82""
        - ""otherhost:50.31.209.229""
        - ""myhostv6=[::1]""
      cache_from:
        - alpine:latest
        - type=registry,ref=example/web:cache
        - type=local,src=path/to/cache
      tags:
        - ""myimage:mytag""
        - ""registry/username/myrepos:my-other-tag""
      platforms:
        - ""linux/amd64""
      target: prod
      x-note: extensions are ignored
  base:
    image: example/base:1
    build:
      context: .
      dockerfile_inline: FROM scratch
";
            var path = Path.Combine(_dir, "compose.yaml");
            File.WriteAllText(path, yaml);
            var compose = ComposeFile.Load(path, new Dictionary<string, string>());
            var request = compose.ToBuildRequests().Single(r => r.Service == "web");
            Assert.Equal("FROM example/base:1\nRUN make\n", request.DockerfileInline);
            Assert.Equal("cdc3b19", request.BuildArgs["GIT_COMMIT"]);
            Assert.Equal("Accounting webapp", request.Labels["com.example.description"]);
            Assert.Equal("", request.Labels["com.example.label-with-empty-value"]);
            Assert.True(request.NoCache);
            Assert.True(request.Pull);
            Assert.Equal("none", request.Network);
            Assert.Equal(2L << 30, request.ShmSize);
            Assert.Equal(new[] { "somehost:162.242.195.82", "otherhost:50.31.209.229", "myhostv6:::1" }, request.ExtraHosts);
            Assert.Equal(new[] { "alpine:latest", "example/web:cache" }, request.CacheFrom);
            Assert.Single(compose.Warnings, w => w.Contains("type=local,src=path/to/cache"));
            Assert.Equal(new[] { "myimage:mytag", "registry/username/myrepos:my-other-tag" }, request.AdditionalImages);
            Assert.Equal("linux/amd64", request.Platform);
            Assert.Equal("prod", request.Target);
            // Its inline Dockerfile starts FROM the other service's image: built after it.
            Assert.Equal(new[] { "example/base:1" }, request.DependsOn);
        }

        [Theory]
        [InlineData("secrets:\n        - server-certificate", "secrets")]
        [InlineData("ssh:\n        - default", "ssh")]
        [InlineData("cache_to:\n        - user/app:cache", "cache_to")]
        [InlineData("additional_contexts:\n        resources: /path/to/resources", "additional_contexts")]
        [InlineData("privileged: true", "privileged")]
        [InlineData("entitlements:\n        - network.host", "entitlements")]
        [InlineData("provenance: true", "provenance")]
        [InlineData("sbom: true", "sbom")]
        [InlineData("ulimits:\n        nproc: 65535", "ulimits")]
        [InlineData("platforms:\n        - linux/amd64\n        - linux/arm64", "platforms")]
        [InlineData("contxt: typo", "contxt")]
        public void Build_keys_the_Engine_API_cannot_honour_are_rejected_never_dropped(string keyYaml, string key)
        {
            var path = Path.Combine(_dir, "compose.yaml");
            File.WriteAllText(path, "services:\n  web:\n    image: example/web\n    build:\n      context: .\n      " + keyYaml + "\n");
            var ex = Assert.Throws<AoEcsException>(() => ComposeFile.Load(path, new Dictionary<string, string>()));
            Assert.Equal("ComposeBuildKeyNotSupported", ex.ErrorId);
            Assert.Contains("services.web.build." + key, ex.Message);
        }

        [Fact]
        public void A_git_context_is_rejected()
        {
            var path = Path.Combine(_dir, "compose.yaml");
            File.WriteAllText(path, "services:\n  webapp:\n    build: https://github.com/mycompany/example.git#branch_or_tag:subdirectory\n");
            var ex = Assert.Throws<AoEcsException>(() => ComposeFile.Load(path, new Dictionary<string, string>()));
            Assert.Equal("ComposeBuildKeyNotSupported", ex.ErrorId);
            Assert.Contains("remote context", ex.Message);
        }

        [Fact]
        public void Multi_line_scalars_and_the_top_level_name_are_read()
        {
            var path = Path.Combine(_dir, "compose.yaml");
            File.WriteAllText(path, "name: My_Shop\nservices:\n  web:\n    build:\n      context: .\n      labels:\n        folded: >\n          one\n          two\n        literal: |\n          a\n          b\n");
            var web = ComposeFile.Load(path, new Dictionary<string, string>()).BuildServices.Single();
            Assert.Equal("one two\n", web.Labels["folded"]);
            Assert.Equal("a\nb\n", web.Labels["literal"]);
            Assert.Equal("myshop_web:latest", web.Image.ToString());
        }
    }
}
