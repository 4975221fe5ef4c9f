using AoTech.Ecs.Errors;
using AoTech.Ecs.Images.BuildContext;
using Xunit;

namespace AoTech.Ecs.Tests.Images
{
    public class DockerIgnoreTests
    {
        [Theory]
        // plain names exclude the path and everything under it
        [InlineData("bin", "bin", true)]
        [InlineData("bin", "bin/x.dll", true)]
        [InlineData("bin", "src/bin", false)]
        [InlineData("/bin/", "bin/x.dll", true)]
        // * and ? stay within one path segment
        [InlineData("*.md", "README.md", true)]
        [InlineData("*.md", "docs/README.md", false)]
        [InlineData("*/*.md", "docs/README.md", true)]
        [InlineData("file?.txt", "file1.txt", true)]
        [InlineData("file?.txt", "file10.txt", false)]
        // ** crosses directories, including none
        [InlineData("**/bin", "bin", true)]
        [InlineData("**/bin", "src/app/bin/Debug/x.dll", true)]
        [InlineData("**/*.user", "a/b/c.user", true)]
        [InlineData("**.txt", "deep/dir/notes.txt", true)]
        [InlineData("a/**/z", "a/z", true)]
        [InlineData("a/**/z", "a/b/c/z", true)]
        [InlineData("a/**/z", "b/z", false)]
        [InlineData("logs/**", "logs/today.log", true)]
        // character classes, Go's [!x] negation, escapes and regex metacharacters taken literally
        [InlineData("[abc].txt", "b.txt", true)]
        [InlineData("[!abc].txt", "b.txt", false)]
        [InlineData("[!abc].txt", "d.txt", true)]
        [InlineData("a+b(1).txt", "a+b(1).txt", true)]
        [InlineData("a.b", "axb", false)]
        [InlineData(@"\*.txt", "*.txt", true)]
        [InlineData(@"\*.txt", "a.txt", false)]
        public void Matches_like_the_docker_cli(string pattern, string path, bool excluded)
        {
            Assert.Equal(excluded, DockerIgnore.Parse(pattern).IsExcluded(path));
        }

        [Fact]
        public void Later_exception_brings_a_file_back_and_later_rules_win()
        {
            var ignore = DockerIgnore.Parse("*.md\n!README.md\n# comment line\n\n  docs  \n!docs/keep.md\nREADME.md.bak\n");
            Assert.True(ignore.IsExcluded("CHANGELOG.md"));
            Assert.False(ignore.IsExcluded("README.md"));
            Assert.True(ignore.IsExcluded("docs/other.md"));
            Assert.False(ignore.IsExcluded("docs/keep.md"));
            Assert.True(ignore.IsExcluded("README.md.bak"));
            Assert.True(ignore.HasExceptions);
            Assert.True(ignore.MustDescendInto("docs"));
            Assert.False(ignore.MustDescendInto("bin"));
        }

        [Fact]
        public void Exception_then_exclusion_excludes_again()
        {
            var ignore = DockerIgnore.Parse("!a.txt\n*.txt");
            Assert.True(ignore.IsExcluded("a.txt"));
        }

        [Fact]
        public void Comments_only_at_line_start_and_whitespace_trimmed()
        {
            var ignore = DockerIgnore.Parse("# bin\n   obj   \r\n");
            Assert.False(ignore.IsExcluded("bin"));
            Assert.True(ignore.IsExcluded("obj/x"));
        }

        [Fact]
        public void Patterns_are_cleaned_like_go_filepath_clean()
        {
            var ignore = DockerIgnore.Parse("./a/../b//c/\n");
            Assert.Equal(new[] { "b/c" }, ignore.Patterns);
            Assert.True(ignore.IsExcluded("b/c/d"));
        }

        [Fact]
        public void KeepAlways_adds_exceptions_only_for_excluded_files()
        {
            var ignore = DockerIgnore.Parse("*\n").KeepAlways(".dockerignore", "Dockerfile");
            Assert.False(ignore.IsExcluded("Dockerfile"));
            Assert.False(ignore.IsExcluded(".dockerignore"));
            Assert.True(ignore.IsExcluded("src"));
            var untouched = DockerIgnore.Parse("bin\n");
            Assert.Same(untouched, untouched.KeepAlways("Dockerfile"));
        }

        [Fact]
        public void Bad_patterns_get_an_error_id()
        {
            var ex = Assert.Throws<AoEcsException>(() => DockerIgnore.Parse("!\n"));
            Assert.Equal("InvalidDockerignore", ex.ErrorId);
            var bad = Assert.Throws<AoEcsException>(() => DockerIgnore.Parse("[unclosed\n"));
            Assert.Equal("InvalidDockerignore", bad.ErrorId);
        }
    }
}
