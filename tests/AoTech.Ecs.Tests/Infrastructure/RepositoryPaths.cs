using System;
using System.IO;

namespace AoTech.Ecs.Tests.Infrastructure
{
    /// <summary>Files of the repository the tests read (the compose file, the test proxy, the source).</summary>
    internal static class RepositoryPaths
    {
        /// <summary>The repository's root: the first directory above the test binaries that holds AoTech.Ecs.slnx.</summary>
        public static string Root()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "AoTech.Ecs.slnx"))) return dir.FullName;
            throw new InvalidOperationException("AoTech.Ecs.slnx not found above the test directory " + AppContext.BaseDirectory);
        }
    }
}
