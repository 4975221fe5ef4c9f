using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Files;

namespace AoTech.Ecs.Images.BuildContext
{
    /// <summary>
    /// A build context directory as the Docker CLI sends it: a tar of every file .dockerignore keeps (the Dockerfile and
    /// .dockerignore always included), walked in a stable order and written straight to a stream, never held in memory.
    /// </summary>
    public sealed class ContextArchive
    {
        // .NET 6+/7+ expose symlink targets and Unix permissions; on older runtimes (Windows PowerShell) links are
        // followed and permissions default like the Docker CLI on Windows.
        private static readonly PropertyInfo? LinkTargetProperty = typeof(FileSystemInfo).GetProperty("LinkTarget");
        private static readonly PropertyInfo? UnixModeProperty = typeof(FileSystemInfo).GetProperty("UnixFileMode");

        private ContextArchive(string root, DockerIgnore ignore, string dockerfileInContext, string? externalDockerfile, string? inlineDockerfile = null)
        {
            Root = root;
            Ignore = ignore;
            DockerfileInContext = dockerfileInContext;
            ExternalDockerfile = externalDockerfile;
            InlineDockerfile = inlineDockerfile;
        }

        public string Root { get; }
        public DockerIgnore Ignore { get; }
        /// <summary>The Dockerfile's path inside the archive, as the engine's "dockerfile" build parameter.</summary>
        public string DockerfileInContext { get; }
        /// <summary>A Dockerfile outside the context, added to the archive under <see cref="DockerfileInContext"/>.</summary>
        public string? ExternalDockerfile { get; }
        /// <summary>Dockerfile text given inline (compose's dockerfile_inline), added to the archive under <see cref="DockerfileInContext"/>.</summary>
        public string? InlineDockerfile { get; }

        /// <summary>The Dockerfile's text.</summary>
        public string ReadDockerfile() =>
            InlineDockerfile ?? File.ReadAllText(ExternalDockerfile ?? Path.Combine(Root, DockerfileInContext.Replace('/', Path.DirectorySeparatorChar)));

        /// <summary>
        /// Checks the context and Dockerfile exist (BuildContextNotFound, DockerfileNotFound) and reads .dockerignore.
        /// dockerfile may be null (contextDir/Dockerfile), relative to the context, or absolute (inside or outside it);
        /// inlineDockerfile, when given, is the Dockerfile's text and dockerfile is not used.
        /// </summary>
        public static ContextArchive Open(string contextDirectory, string? dockerfile, string? inlineDockerfile = null)
        {
            LocalFiles.RequireDirectory(contextDirectory, "The build context", ImageErrorIds.BuildContextNotFound);
            var root = Path.GetFullPath(contextDirectory);
            if (inlineDockerfile != null)
            {
                return new ContextArchive(root, DockerIgnore.Load(root).KeepAlways(".dockerignore"),
                    DockerfileNameFor(System.Text.Encoding.UTF8.GetBytes(inlineDockerfile)), null, inlineDockerfile);
            }
            var dockerfilePath = string.IsNullOrEmpty(dockerfile)
                ? Path.Combine(root, "Dockerfile")
                : Path.GetFullPath(Path.IsPathRooted(dockerfile) ? dockerfile : Path.Combine(root, dockerfile));
            if (Directory.Exists(dockerfilePath))
            {
                throw new AoEcsException(FileErrorIds.NotAFile, AoErrorKind.InvalidArgument,
                    $"The Dockerfile '{dockerfilePath}' is a directory, not a file.", dockerfilePath);
            }
            if (!File.Exists(dockerfilePath))
            {
                throw new AoEcsException(ImageErrorIds.DockerfileNotFound, AoErrorKind.ObjectNotFound,
                    $"The Dockerfile '{dockerfilePath}' does not exist.", dockerfilePath);
            }

            var ignore = DockerIgnore.Load(root);
            var rootWithSlash = root.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
            if (dockerfilePath.StartsWith(rootWithSlash, PathComparison))
            {
                var relative = dockerfilePath.Substring(rootWithSlash.Length).Replace('\\', '/');
                return new ContextArchive(root, ignore.KeepAlways(".dockerignore", relative), relative, null);
            }
            // Like `docker build -f ../Dockerfile .`: the file travels in the archive under a name nothing else uses.
            return new ContextArchive(root, ignore.KeepAlways(".dockerignore"), DockerfileNameFor(File.ReadAllBytes(dockerfilePath)), dockerfilePath);
        }

        /// <summary>
        /// The archive name of a Dockerfile from outside the context. It ends up in the context the build sees (the
        /// engine does not hide it), so it is named by its content, not at random: the same Dockerfile gives the same
        /// context, and a `COPY . .` keeps its build cache.
        /// </summary>
        private static string DockerfileNameFor(byte[] content)
        {
            using (var sha = System.Security.Cryptography.SHA256.Create())
            {
                var hash = sha.ComputeHash(content);
                return ".dockerfile." + BitConverter.ToString(hash, 0, 6).Replace("-", "").ToLowerInvariant();
            }
        }

        private static StringComparison PathComparison =>
            Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

        /// <summary>Relative paths ('/'-separated) of every entry the archive will hold, in archive order.</summary>
        public IEnumerable<string> EnumerateEntries()
        {
            foreach (var entry in Walk(new DirectoryInfo(Root), ""))
            {
                yield return entry.Path;
            }
            if (ExternalDockerfile != null || InlineDockerfile != null)
            {
                yield return DockerfileInContext;
            }
        }

        /// <summary>Writes the tar to output; reports (files, bytes) sent so far after each file.</summary>
        public async Task<long> WriteAsync(Stream output, IProgress<ContextProgress>? progress, CancellationToken ct)
        {
            var tar = new TarWriter(output);
            var files = 0;
            foreach (var entry in Walk(new DirectoryInfo(Root), ""))
            {
                ct.ThrowIfCancellationRequested();
                var info = entry.Info;
                var mode = ModeOf(info);
                if (entry.LinkTarget != null)
                {
                    await tar.WriteSymlinkAsync(entry.Path, entry.LinkTarget, mode, info.LastWriteTimeUtc, ct).ConfigureAwait(false);
                }
                else if (info is DirectoryInfo)
                {
                    await tar.WriteDirectoryAsync(entry.Path, mode, info.LastWriteTimeUtc, ct).ConfigureAwait(false);
                }
                else
                {
                    await WriteFileAsync(tar, entry.Path, (FileInfo)info, mode, ct).ConfigureAwait(false);
                    files++;
                    progress?.Report(new ContextProgress(files, tar.BytesWritten));
                }
            }
            if (ExternalDockerfile != null)
            {
                var info = new FileInfo(ExternalDockerfile);
                await WriteFileAsync(tar, DockerfileInContext, info, 420, ct).ConfigureAwait(false);
                files++;
            }
            else if (InlineDockerfile != null)
            {
                var text = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(InlineDockerfile));
                // A fixed time: the same text gives the same archive, and the same build cache keys.
                await tar.WriteFileAsync(DockerfileInContext, text, text.Length, 420, new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc), ct).ConfigureAwait(false);
                files++;
            }
            await tar.FinishAsync(ct).ConfigureAwait(false);
            progress?.Report(new ContextProgress(files, tar.BytesWritten));
            return tar.BytesWritten;
        }

        private static async Task WriteFileAsync(TarWriter tar, string name, FileInfo info, int mode, CancellationToken ct)
        {
            using (var stream = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 81920, useAsync: false))
            {
                await tar.WriteFileAsync(name, stream, stream.Length, mode, info.LastWriteTimeUtc, ct).ConfigureAwait(false);
            }
        }

        private sealed class Entry
        {
            public Entry(string path, FileSystemInfo info, string? linkTarget)
            {
                Path = path;
                Info = info;
                LinkTarget = linkTarget;
            }

            public string Path { get; }
            public FileSystemInfo Info { get; }
            public string? LinkTarget { get; }
        }

        private IEnumerable<Entry> Walk(DirectoryInfo directory, string prefix)
        {
            // Ordinal order: the same archive (and so the same build cache keys) on every machine.
            var children = directory.EnumerateFileSystemInfos().OrderBy(c => c.Name, StringComparer.Ordinal);
            foreach (var child in children)
            {
                var relative = prefix + child.Name;
                var excluded = Ignore.IsExcluded(relative);
                var linkTarget = LinkTargetOf(child);
                var isDirectory = child is DirectoryInfo && linkTarget == null;
                if (excluded)
                {
                    // An excluded directory is still walked when a '!' rule names something inside it.
                    if (isDirectory && Ignore.MustDescendInto(relative))
                    {
                        foreach (var inner in Walk((DirectoryInfo)child, relative + "/"))
                        {
                            yield return inner;
                        }
                    }
                    continue;
                }
                yield return new Entry(relative, child, linkTarget);
                if (isDirectory)
                {
                    foreach (var inner in Walk((DirectoryInfo)child, relative + "/"))
                    {
                        yield return inner;
                    }
                }
            }
        }

        private static string? LinkTargetOf(FileSystemInfo info)
        {
            if (LinkTargetProperty == null || (info.Attributes & FileAttributes.ReparsePoint) == 0)
            {
                return null;
            }
            return LinkTargetProperty.GetValue(info) as string;
        }

        private static int ModeOf(FileSystemInfo info)
        {
            if (UnixModeProperty != null && Path.DirectorySeparatorChar == '/')
            {
                var value = UnixModeProperty.GetValue(info);
                if (value != null)
                {
                    return Convert.ToInt32(value);
                }
            }
            // Windows: the Docker CLI marks everything executable (it cannot know better).
            return 493; // 0755
        }
    }

    /// <summary>How much of the build context has been sent.</summary>
    public readonly struct ContextProgress
    {
        public ContextProgress(int files, long bytes)
        {
            Files = files;
            Bytes = bytes;
        }

        public int Files { get; }
        public long Bytes { get; }
    }
}
