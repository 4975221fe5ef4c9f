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
        // character classes: '^' negates, '!' is a character like any other (as in moby's patternmatcher)
        [InlineData("[abc].txt", "b.txt", true)]
        [InlineData("[^abc].txt", "b.txt", false)]
        [InlineData("[^abc].txt", "d.txt", true)]
        [InlineData("[!abc].txt", "b.txt", true)]
        [InlineData("[!abc].txt", "!.txt", true)]
        [InlineData("[!abc].txt", "d.txt", false)]
        [InlineData("v[^0-9].txt", "vx.txt", true)]
        [InlineData("v[^0-9].txt", "v1.txt", false)]
        [InlineData("[[]x", "[x", true)]
        [InlineData("a[.]b", "a.b", true)]
        [InlineData("a[.]b", "axb", false)]
        // escapes and regular-expression characters taken literally
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

        /// <summary>
        /// moby/patternmatcher's TestMatch table (the cases for Unix): pattern, path, whether it matches, and whether
        /// the pattern is malformed (filepath.ErrBadPattern there; InvalidDockerignore here).
        /// </summary>
        [Theory]
        [InlineData("abc", "abc", true, false)]
        [InlineData("*", "abc", true, false)]
        [InlineData("*c", "abc", true, false)]
        [InlineData("a*", "a", true, false)]
        [InlineData("a*", "abc", true, false)]
        [InlineData("a*", "ab/c", true, false)]
        [InlineData("a*/b", "abc/b", true, false)]
        [InlineData("a*/b", "a/c/b", false, false)]
        [InlineData("a*b*c*d*e*/f", "axbxcxdxe/f", true, false)]
        [InlineData("a*b*c*d*e*/f", "axbxcxdxexxx/f", true, false)]
        [InlineData("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false, false)]
        [InlineData("a*b*c*d*e*/f", "axbxcxdxexxx/fff", false, false)]
        [InlineData("a*b?c*x", "abxbbxdbxebxczzx", true, false)]
        [InlineData("a*b?c*x", "abxbbxdbxebxczzy", false, false)]
        [InlineData("ab[c]", "abc", true, false)]
        [InlineData("ab[b-d]", "abc", true, false)]
        [InlineData("ab[e-g]", "abc", false, false)]
        [InlineData("ab[^c]", "abc", false, false)]
        [InlineData("ab[^b-d]", "abc", false, false)]
        [InlineData("ab[^e-g]", "abc", true, false)]
        [InlineData(@"a\*b", "a*b", true, false)]
        [InlineData(@"a\*b", "ab", false, false)]
        [InlineData("a?b", "a\u263Ab", true, false)]
        [InlineData("a[^a]b", "a\u263Ab", true, false)]
        [InlineData("a???b", "a\u263Ab", false, false)]
        [InlineData("a[^a][^a][^a]b", "a\u263Ab", false, false)]
        [InlineData("[a-\u03B6]*", "\u03B1", true, false)]
        [InlineData("*[a-\u03B6]", "A", false, false)]
        [InlineData("a?b", "a/b", false, false)]
        [InlineData("a*b", "a/b", false, false)]
        [InlineData(@"[\]a]", "]", true, false)]
        [InlineData(@"[\-]", "-", true, false)]
        [InlineData(@"[x\-]", "x", true, false)]
        [InlineData(@"[x\-]", "-", true, false)]
        [InlineData(@"[x\-]", "z", false, false)]
        [InlineData(@"[\-x]", "x", true, false)]
        [InlineData(@"[\-x]", "-", true, false)]
        [InlineData(@"[\-x]", "a", false, false)]
        [InlineData("[]a]", "]", false, true)]
        [InlineData("[-]", "-", false, true)]
        [InlineData("[x-]", "x", false, true)]
        [InlineData("[x-]", "-", false, true)]
        [InlineData("[x-]", "z", false, true)]
        [InlineData("[-x]", "x", false, true)]
        [InlineData("[-x]", "-", false, true)]
        [InlineData("[-x]", "a", false, true)]
        [InlineData(@"\", "a", false, true)]
        [InlineData("[a-b-c]", "a", false, true)]
        [InlineData("[", "a", false, true)]
        [InlineData("[^", "a", false, true)]
        [InlineData("[^bc", "a", false, true)]
        [InlineData("a[", "a", false, true)]
        [InlineData("a[", "ab", false, true)]
        [InlineData("*x", "xxx", true, false)]
        public void Matches_moby_patternmatchers_match_table(string pattern, string path, bool match, bool malformed)
        {
            if (malformed)
            {
                var ex = Assert.Throws<AoEcsException>(() => DockerIgnore.Parse(pattern));
                Assert.Equal("InvalidDockerignore", ex.ErrorId);
                return;
            }
            Assert.Equal(match, DockerIgnore.Parse(pattern).IsExcluded(path));
        }

        /// <summary>moby/patternmatcher's TestMatches table (patterns with ** and literal regular-expression characters).</summary>
        [Theory]
        [InlineData("**", "file", true)]
        [InlineData("**", "file/", true)]
        [InlineData("**/", "file", true)]
        [InlineData("**/", "file/", true)]
        [InlineData("**", "/", true)]
        [InlineData("**/", "/", true)]
        [InlineData("**", "dir/file", true)]
        [InlineData("**/", "dir/file", true)]
        [InlineData("**", "dir/file/", true)]
        [InlineData("**/", "dir/file/", true)]
        [InlineData("**/**", "dir/file", true)]
        [InlineData("**/**", "dir/file/", true)]
        [InlineData("dir/**", "dir/file", true)]
        [InlineData("dir/**", "dir/file/", true)]
        [InlineData("dir/**", "dir/dir2/file", true)]
        [InlineData("dir/**", "dir/dir2/file/", true)]
        [InlineData("**/dir", "dir", true)]
        [InlineData("**/dir", "dir/file", true)]
        [InlineData("**/dir2/*", "dir/dir2/file", true)]
        [InlineData("**/dir2/*", "dir/dir2/file/", true)]
        [InlineData("**/dir2/**", "dir/dir2/dir3/file", true)]
        [InlineData("**/dir2/**", "dir/dir2/dir3/file/", true)]
        [InlineData("**file", "file", true)]
        [InlineData("**file", "dir/file", true)]
        [InlineData("**/file", "dir/file", true)]
        [InlineData("**file", "dir/dir/file", true)]
        [InlineData("**/file", "dir/dir/file", true)]
        [InlineData("**/file*", "dir/dir/file", true)]
        [InlineData("**/file*", "dir/dir/file.txt", true)]
        [InlineData("**/file*txt", "dir/dir/file.txt", true)]
        [InlineData("**/file*.txt", "dir/dir/file.txt", true)]
        [InlineData("**/file*.txt*", "dir/dir/file.txt", true)]
        [InlineData("**/**/*.txt", "dir/dir/file.txt", true)]
        [InlineData("**/**/*.txt2", "dir/dir/file.txt", false)]
        [InlineData("**/*.txt", "file.txt", true)]
        [InlineData("**/**/*.txt", "file.txt", true)]
        [InlineData("a**/*.txt", "a/file.txt", true)]
        [InlineData("a**/*.txt", "a/dir/file.txt", true)]
        [InlineData("a**/*.txt", "a/dir/dir/file.txt", true)]
        [InlineData("a/*.txt", "a/dir/file.txt", false)]
        [InlineData("a/*.txt", "a/file.txt", true)]
        [InlineData("a/*.txt**", "a/file.txt", true)]
        [InlineData("a[b-d]e", "ae", false)]
        [InlineData("a[b-d]e", "ace", true)]
        [InlineData("a[b-d]e", "aae", false)]
        [InlineData("a[^b-d]e", "aze", true)]
        [InlineData(".*", ".foo", true)]
        [InlineData(".*", "foo", false)]
        [InlineData("abc.def", "abcdef", false)]
        [InlineData("abc.def", "abc.def", true)]
        [InlineData("abc.def", "abcZdef", false)]
        [InlineData("abc?def", "abcZdef", true)]
        [InlineData("abc?def", "abcdef", false)]
        [InlineData(@"a\\", @"a\", true)]
        [InlineData("**/foo/bar", "foo/bar", true)]
        [InlineData("**/foo/bar", "dir/foo/bar", true)]
        [InlineData("**/foo/bar", "dir/dir2/foo/bar", true)]
        [InlineData("abc/**", "abc", false)]
        [InlineData("abc/**", "abc/def", true)]
        [InlineData("abc/**", "abc/def/ghi", true)]
        [InlineData("**/.foo", ".foo", true)]
        [InlineData("**/.foo", "bar.foo", false)]
        [InlineData("a(b)c/def", "a(b)c/def", true)]
        [InlineData("a(b)c/def", "a(b)c/xyz", false)]
        [InlineData("a.|)$(}+{bc", "a.|)$(}+{bc", true)]
        [InlineData("dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true)]
        [InlineData("dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true)]
        [InlineData(@"a\*b", "a*b", true)]
        public void Matches_moby_patternmatchers_matches_table(string pattern, string path, bool match)
        {
            Assert.Equal(match, DockerIgnore.Parse(pattern).IsExcluded(path));
        }

        /// <summary>moby/patternmatcher's multi-pattern table and its named cases.</summary>
        [Theory]
        [InlineData("**\n!util/docker/web", "util/docker/web/foo", false)]
        [InlineData("**\n!util/docker/web\nutil/docker/web/foo", "util/docker/web/foo", true)]
        [InlineData("**\n!dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", false)]
        [InlineData("**\n!dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", false)]
        [InlineData("*", "fileutils.go", true)]
        [InlineData("*.go", "fileutils.go", true)]
        [InlineData("!fileutils.go\n*.go", "fileutils.go", true)]
        [InlineData("docs\n!docs/README.md", "docs/README.md", false)]
        [InlineData("docs/\n!docs/README.md", "docs/README.md", false)]
        [InlineData("docs/*\n!docs/README.md", "docs/README.md", false)]
        [InlineData("*.go\n!fileutils.go", "fileutils.go", false)]
        public void Matches_moby_patternmatchers_multi_pattern_cases(string patterns, string path, bool match)
        {
            Assert.Equal(match, DockerIgnore.Parse(patterns).IsExcluded(path));
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
