namespace AoTech.Ecs.Files
{
    /// <summary>
    /// Stable ErrorIds for local files and folders given by path, whatever they are for (what is missing keeps the ErrorId
    /// of its parameter, e.g. TaskDefinitionNotFound). Scripts match on these strings: never rename.
    /// </summary>
    public static class FileErrorIds
    {
        /// <summary>The path is a directory, a device, a pipe or a socket where a file was expected.</summary>
        public const string NotAFile = "NotAFile";
        /// <summary>The path is a file where a directory was expected.</summary>
        public const string NotADirectory = "NotADirectory";
        public const string FileTooLarge = "FileTooLarge";
        /// <summary>The file or folder exists, and this user may not read it.</summary>
        public const string PathAccessDenied = "PathAccessDenied";
        /// <summary>Reading failed for another reason (an I/O error).</summary>
        public const string FileUnreadable = "FileUnreadable";
    }
}
