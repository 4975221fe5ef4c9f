using System;
using System.Collections.Generic;
using System.Formats.Tar;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Images.BuildContext;
using Xunit;

namespace AoTech.Ecs.Tests.Images
{
    public sealed class ContextArchiveTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "aotech-ctx-" + Guid.NewGuid().ToString("N"));

        public ContextArchiveTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private void Write(string relative, string content)
        {
            var path = Path.Combine(_dir, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
        }

        // Reads the archive back with the BCL's own tar reader: an independent check of the format.
        private static async Task<Dictionary<string, (TarEntryType Type, string? Content, string? Link)>> ReadBack(ContextArchive archive)
        {
            var buffer = new MemoryStream();
            await archive.WriteAsync(buffer, null, CancellationToken.None);
            buffer.Position = 0;
            var entries = new Dictionary<string, (TarEntryType, string?, string?)>();
            using var reader = new System.Formats.Tar.TarReader(buffer);
            while (reader.GetNextEntry() is { } entry)
            {
                string? content = null;
                if (entry.DataStream != null)
                {
                    content = new StreamReader(entry.DataStream, Encoding.UTF8).ReadToEnd();
                }
                entries[entry.Name] = (entry.EntryType, content, string.IsNullOrEmpty(entry.LinkName) ? null : entry.LinkName);
            }
            return entries;
        }

        [Fact]
        public async Task Honours_dockerignore_and_always_sends_the_dockerfile_and_dockerignore()
        {
            Write("Dockerfile", "FROM scratch\n");
            Write(".dockerignore", "**/bin\nobj\n*.md\n!README.md\nDockerfile\n.dockerignore\nsecrets\n!secrets/public.txt\n");
            Write("src/app.cs", "class A {}");
            Write("src/bin/app.dll", "binary");
            Write("obj/x.json", "{}");
            Write("README.md", "readme");
            Write("NOTES.md", "notes");
            Write("secrets/key.pem", "private");
            Write("secrets/public.txt", "public");

            var archive = ContextArchive.Open(_dir, null);
            var entries = await ReadBack(archive);

            Assert.Equal("Dockerfile", archive.DockerfileInContext);
            Assert.Equal(new[] { ".dockerignore", "Dockerfile", "README.md", "secrets/public.txt", "src/", "src/app.cs" },
                entries.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray());
            Assert.Equal("class A {}", entries["src/app.cs"].Content);
            Assert.Equal(TarEntryType.Directory, entries["src/"].Type);
            Assert.Equal(entries.Keys.Where(k => !k.EndsWith("/")).OrderBy(k => k, StringComparer.Ordinal),
                archive.EnumerateEntries().Where(k => !Directory.Exists(Path.Combine(_dir, k))).OrderBy(k => k, StringComparer.Ordinal));
        }

        [Fact]
        public async Task Long_and_non_ascii_names_and_symlinks_survive()
        {
            Write("Dockerfile", "FROM scratch\n");
            var longName = string.Join("/", Enumerable.Repeat("a-rather-long-directory-name", 6)) + "/file.txt";
            Write(longName, "deep");
            Write("données/été.txt", "accents");
            File.CreateSymbolicLink(Path.Combine(_dir, "link.txt"), "données/été.txt");

            var entries = await ReadBack(ContextArchive.Open(_dir, null));

            Assert.Equal("deep", entries[longName].Content);
            Assert.Equal("accents", entries["données/été.txt"].Content);
            Assert.Equal(TarEntryType.SymbolicLink, entries["link.txt"].Type);
            Assert.Equal("données/été.txt", entries["link.txt"].Link);
        }

        [Fact]
        public async Task A_dockerfile_outside_the_context_travels_under_a_private_name()
        {
            Write("ctx/app.txt", "app");
            Write("build/Custom.Dockerfile", "FROM scratch\nCOPY app.txt /\n");

            var archive = ContextArchive.Open(Path.Combine(_dir, "ctx"), Path.Combine(_dir, "build", "Custom.Dockerfile"));
            var entries = await ReadBack(archive);

            Assert.StartsWith(".dockerfile.", archive.DockerfileInContext);
            Assert.Equal("FROM scratch\nCOPY app.txt /\n", entries[archive.DockerfileInContext].Content);
            Assert.Equal("app", entries["app.txt"].Content);
        }

        [Fact]
        public void Relative_dockerfile_is_resolved_inside_the_context()
        {
            Write("docker/Dockerfile.prod", "FROM scratch\n");
            Assert.Equal("docker/Dockerfile.prod", ContextArchive.Open(_dir, "docker/Dockerfile.prod").DockerfileInContext);
        }

        [Fact]
        public void Missing_context_and_dockerfile_have_their_error_ids()
        {
            var missing = Path.Combine(_dir, "nope");
            var ctx = Assert.Throws<AoEcsException>(() => ContextArchive.Open(missing, null));
            Assert.Equal("BuildContextNotFound", ctx.ErrorId);
            Assert.Equal(missing, ctx.Target);

            var file = Assert.Throws<AoEcsException>(() => ContextArchive.Open(_dir, "Dockerfile.missing"));
            Assert.Equal("DockerfileNotFound", file.ErrorId);
            Assert.Equal(Path.Combine(_dir, "Dockerfile.missing"), file.Target);
        }

        [Fact]
        public async Task Unix_permissions_are_kept()
        {
            if (OperatingSystem.IsWindows())
            {
                return;
            }
            Write("Dockerfile", "FROM scratch\n");
            Write("run.sh", "#!/bin/sh\n");
            File.SetUnixFileMode(Path.Combine(_dir, "run.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
            var buffer = new MemoryStream();
            await ContextArchive.Open(_dir, null).WriteAsync(buffer, null, CancellationToken.None);
            buffer.Position = 0;
            using var reader = new System.Formats.Tar.TarReader(buffer);
            TarEntry? entry;
            while ((entry = reader.GetNextEntry()) != null && entry.Name != "run.sh") { }
            Assert.NotNull(entry);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute, entry!.Mode);
            Assert.Equal(0, entry.Uid);
        }
    }
}
