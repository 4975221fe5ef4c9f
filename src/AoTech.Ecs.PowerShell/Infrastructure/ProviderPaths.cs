using System;
using System.Linq;
using System.Management.Automation;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Files;

namespace AoTech.Ecs.PowerShell.Infrastructure
{
    /// <summary>
    /// Path parameters (-Path, -ComposeFile, -Dockerfile, -TaskDefinitionPath, -DockerCertPath) resolved the way
    /// PowerShell's own cmdlets resolve them: through the provider, so relative paths follow the current location, '~' is
    /// the home folder and PSDrives work. Literal paths: no wildcards. Call on the pipeline thread.
    /// </summary>
    internal static class ProviderPaths
    {
        /// <summary>The file-system path <paramref name="path"/> names; <paramref name="parameter"/> names it in errors.</summary>
        public static string Resolve(PSCmdlet cmdlet, string path, string parameter)
        {
            ProviderInfo provider;
            string resolved;
            try
            {
                resolved = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
            }
            catch (Exception ex) when (ex is DriveNotFoundException || ex is ProviderNotFoundException || ex is NotSupportedException ||
                                       ex is ArgumentException || ex is PSInvalidOperationException)
            {
                throw NotAFileSystemPath(path, parameter, ex.Message, ex);
            }
            if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
                throw NotAFileSystemPath(path, parameter, $"it is a path of the {provider.Name} provider", null);
            return resolved;
        }

        /// <summary>
        /// Resolves a path that must name a file, and refuses at once one that is a device, a pipe or a socket (which
        /// .NET cannot tell from an empty file): PowerShell 7 on Unix knows, through the item's UnixStat.
        /// </summary>
        public static string ResolveFile(PSCmdlet cmdlet, string path, string parameter)
        {
            var resolved = Resolve(cmdlet, path, parameter);
            var kind = SpecialFileKind(cmdlet, resolved);
            if (kind != null)
                throw new AoEcsException(FileErrorIds.NotAFile, AoErrorKind.InvalidArgument,
                    $"-{parameter} '{path}' is {kind}, not a regular file.", resolved);
            return resolved;
        }

        /// <summary>"a character device", "a named pipe (FIFO)", ... or null for a file, a folder, or nothing there.</summary>
        private static string? SpecialFileKind(PSCmdlet cmdlet, string path)
        {
            for (var hops = 0; hops < 8; hops++) // follows symbolic links, as opening the file would
            {
                PSObject? item;
                try
                {
                    item = cmdlet.InvokeProvider.Item.Get(new[] { path }, true, true).FirstOrDefault();
                }
                catch (Exception ex) when (ex is ItemNotFoundException || ex is ProviderInvocationException || ex is UnauthorizedAccessException ||
                                           ex is System.IO.IOException || ex is PSNotSupportedException)
                {
                    return null; // the core says what is wrong with it
                }
                var stat = item?.Properties["UnixStat"]?.Value;
                var type = stat == null ? null : PSObject.AsPSObject(stat).Properties["ItemType"]?.Value?.ToString();
                switch (type)
                {
                    case "CharacterDevice": return "a character device";
                    case "BlockDevice": return "a block device";
                    case "NamedPipe": return "a named pipe (FIFO)";
                    case "Socket": return "a socket";
                    case "SymbolicLink":
                        var target = item!.Properties["ResolvedTarget"]?.Value as string;
                        if (string.IsNullOrEmpty(target) || target == path) return null;
                        path = target!;
                        continue;
                    default:
                        return null;
                }
            }
            return null;
        }

        private static AoEcsException NotAFileSystemPath(string path, string parameter, string why, Exception? inner) =>
            new AoEcsException(CmdletErrorIds.NotAFileSystemPath, AoErrorKind.InvalidArgument,
                $"-{parameter} '{path}' is not a file system path: {why}.", path, inner);
    }
}
