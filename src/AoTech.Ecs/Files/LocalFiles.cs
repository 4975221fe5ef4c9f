using System;
using System.Globalization;
using System.IO;
using AoTech.Ecs.Errors;

namespace AoTech.Ecs.Files
{
    /// <summary>
    /// Reading a file or checking a folder that a user named, with errors that say what the path really is. A file is read
    /// only when it is a regular file within the size limit: a directory, a device (/dev/zero) or a pipe without writer
    /// is never opened, so nothing hangs or fills memory.
    /// </summary>
    public static class LocalFiles
    {
        /// <summary>
        /// The whole content of <paramref name="path"/>, at most <paramref name="maxBytes"/> bytes. <paramref name="what"/>
        /// names the file in messages ("Task definition file"); <paramref name="notFoundId"/> is the ErrorId when nothing is
        /// there. An entry of length 0 comes back empty without being opened: .NET cannot tell an empty file from a device
        /// or a pipe, and only reading the latter hangs or never ends.
        /// </summary>
        public static byte[] ReadRegularFile(string path, string what, string notFoundId, long maxBytes)
        {
            try
            {
                if (Directory.Exists(path))
                    throw new AoEcsException(FileErrorIds.NotAFile, AoErrorKind.InvalidArgument,
                        $"{what} '{path}' is a directory, not a file.", path);
                var info = new FileInfo(path);
                if (!info.Exists)
                    throw new AoEcsException(notFoundId, AoErrorKind.ObjectNotFound, $"{what} '{path}' was not found.", path);
                if (info.Length > maxBytes) throw TooLarge(path, what, info.Length, maxBytes);
                if (info.Length == 0) return new byte[0];

                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096))
                {
                    // Read one byte past the limit: a file that grew since it was measured is caught too.
                    var buffer = new byte[Math.Min(info.Length, maxBytes) + 1];
                    var total = 0;
                    int read;
                    while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0) total += read;
                    if (total > maxBytes) throw TooLarge(path, what, total, maxBytes);
                    var content = new byte[total];
                    Array.Copy(buffer, content, total);
                    return content;
                }
            }
            catch (Exception ex) when (!(ex is AoEcsException))
            {
                throw Explain(ex, path, what, notFoundId);
            }
        }

        /// <summary>Checks that <paramref name="path"/> is a directory this user can list.</summary>
        public static void RequireDirectory(string path, string what, string notFoundId)
        {
            if (File.Exists(path))
                throw new AoEcsException(FileErrorIds.NotADirectory, AoErrorKind.InvalidArgument,
                    $"{what} '{path}' is a file, not a directory" +
                    (Path.GetDirectoryName(path) is string parent && parent.Length > 0 ? $" (its folder is '{parent}')." : "."), path);
            if (!Directory.Exists(path))
                throw new AoEcsException(notFoundId, AoErrorKind.ObjectNotFound, $"{what} '{path}' does not exist.", path);
            try
            {
                using (var entries = Directory.EnumerateFileSystemEntries(path).GetEnumerator()) entries.MoveNext();
            }
            catch (Exception ex)
            {
                throw Explain(ex, path, what, notFoundId);
            }
        }

        /// <summary>The error the user sees for a failure to read <paramref name="path"/>.</summary>
        public static AoEcsException Explain(Exception ex, string path, string what, string notFoundId)
        {
            switch (ex)
            {
                case FileNotFoundException _:
                case DirectoryNotFoundException _:
                    return new AoEcsException(notFoundId, AoErrorKind.ObjectNotFound, $"{what} '{path}' was not found.", path, ex);
                case UnauthorizedAccessException _:
                    return new AoEcsException(FileErrorIds.PathAccessDenied, AoErrorKind.PermissionDenied,
                        $"{what} '{path}' exists, but this user may not read it (permission denied).", path, ex);
                default:
                    return new AoEcsException(FileErrorIds.FileUnreadable, AoErrorKind.OperationFailed,
                        $"{what} '{path}' could not be read: {ex.Message}", path, ex);
            }
        }

        private static AoEcsException TooLarge(string path, string what, long size, long maxBytes) =>
            new AoEcsException(FileErrorIds.FileTooLarge, AoErrorKind.InvalidData,
                string.Format(CultureInfo.InvariantCulture, "{0} '{1}' is {2:N0} bytes; it may be at most {3:N0} bytes.", what, path, size, maxBytes), path);
    }
}
