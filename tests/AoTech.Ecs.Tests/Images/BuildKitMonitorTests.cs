using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AoTech.Ecs.Images;
using AoTech.Ecs.Images.Building.BuildKit;
using AoTech.Ecs.Images.Engine;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Xunit;

namespace AoTech.Ecs.Tests.Images
{
    public class BuildKitMonitorTests
    {
        /// <summary>
        /// Recorded from Docker Engine 20.10's POST /build?version=2 for TestData/engine/buildkit-failing-run.Dockerfile: an
        /// unused stage, a step from the cache, and a step that writes two lines, a line without its newline and a line
        /// on stderr, then exits 3.
        /// </summary>
        private static async Task<(BuildKitMonitor Monitor, ProgressRecorder Progress)> Replay()
        {
            var text = await File.ReadAllTextAsync(Path.Combine("TestData", "engine", "buildkit-failing-run.jsonl"));
            var progress = new ProgressRecorder();
            var monitor = new BuildKitMonitor("shop:1", progress);
            foreach (var message in await EngineMessageTests.ReadAll(text, chunk: 101))
            {
                monitor.Handle(message);
            }
            return (monitor, progress);
        }

        [Fact]
        public async Task The_engines_trace_records_decode_into_the_steps_docker_build_shows()
        {
            var (monitor, progress) = await Replay();
            var names = monitor.Steps.Select(s => s.Name).ToList();
            Assert.Contains("[internal] load remote build context", names);
            Assert.Contains("[stage-1 2/3] RUN echo cached-step > /c", names);
            Assert.DoesNotContain(names, n => n.Contains("exit 1"));   // the unused stage was never built
            Assert.Equal(Enumerable.Range(1, names.Count), monitor.Steps.Select(s => s.Number));

            var lines = progress.Lines;
            Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^#\d+ \[stage-1 2/3\] RUN echo cached-step > /c: CACHED$"));
            Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^#\d+ \[internal\] load remote build context: DONE \d+\.\ds$"));
            // Output lines carry the seconds since their step started, as docker build prints them.
            Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^#\d+ \d+\.\d{3} second line$"));
            Assert.All(progress.Reports, r => Assert.Equal(ImageStage.Build, r.Stage));
            Assert.InRange(progress.Reports.Max(r => r.PercentComplete), 1, 99);
        }

        [Fact]
        public async Task A_failed_step_gives_the_error_and_its_output_framed_as_docker_build_frames_it()
        {
            var (monitor, _) = await Replay();
            Assert.Equal("executor failed running [/bin/sh -c printf 'first line\\nsecond line\\npartial' && echo && echo about-to-fail >&2 && exit 3]: exit code: 3",
                monitor.Error);
            var failed = monitor.Steps.Single(s => s.Error != null);
            var detail = monitor.FailureDetail().Split(Environment.NewLine);
            Assert.Equal(new[]
            {
                "",
                "------",
                " > [stage-1 3/3] RUN printf 'first line\\nsecond line\\npartial' && echo && echo about-to-fail >&2 && exit 3:",
                $"#{failed.Number} first line",
                $"#{failed.Number} second line",
                $"#{failed.Number} partial",
                $"#{failed.Number} about-to-fail",
                "------",
            }, detail);
        }

        [Fact]
        public void Output_split_across_records_is_joined_into_lines_and_the_duration_is_the_steps()
        {
            var progress = new ProgressRecorder();
            var monitor = new BuildKitMonitor("shop:1", progress);
            var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            var vertex = new Vertex { Digest = "sha256:a", Name = "[build 2/3] RUN make", Started = Timestamp.FromDateTime(start) };
            monitor.Apply(new StatusResponse { Vertexes = { vertex } });
            monitor.Apply(new StatusResponse
            {
                Logs =
                {
                    new VertexLog { Vertex = "sha256:a", Stream = 1, Msg = ByteString.CopyFromUtf8("compil"), Timestamp = Timestamp.FromDateTime(start.AddSeconds(0.5)) },
                    new VertexLog { Vertex = "sha256:a", Stream = 1, Msg = ByteString.CopyFromUtf8("ing\nlinking"), Timestamp = Timestamp.FromDateTime(start.AddSeconds(1)) },
                },
            });
            var done = vertex.Clone();
            done.Completed = Timestamp.FromDateTime(start.AddSeconds(2.25));
            monitor.Apply(new StatusResponse { Vertexes = { done } });

            Assert.Equal(new[] { "#1 [build 2/3] RUN make", "#1 1.000 compiling", "#1 2.250 linking", "#1 [build 2/3] RUN make: DONE 2.3s" }, progress.Lines);
            Assert.Equal("#1 [build 2/3] RUN make: DONE 2.3s", progress.Reports.Last().Status);
            Assert.Equal(99, progress.Reports.Last().PercentComplete);
            Assert.Null(monitor.Error);
            Assert.Equal("", monitor.FailureDetail());
        }

        [Fact]
        public void The_image_id_comes_from_the_engines_aux_message()
        {
            var monitor = new BuildKitMonitor("shop:1", null);
            var message = System.Text.Json.JsonSerializer.Deserialize<EngineMessage>(
                "{\"id\":\"moby.image.id\",\"aux\":{\"ID\":\"sha256:fb51fe08034798a1570fe0fd678f22a5cbb8442d5f2c0a3fb477f7f909ea5eef\"}}")!;
            monitor.Handle(message);
            Assert.Equal("sha256:fb51fe08034798a1570fe0fd678f22a5cbb8442d5f2c0a3fb477f7f909ea5eef", monitor.ImageId);
        }

        [Fact]
        public void A_trace_record_that_cannot_be_read_is_skipped_not_fatal()
        {
            var monitor = new BuildKitMonitor("shop:1", null);
            monitor.Handle(System.Text.Json.JsonSerializer.Deserialize<EngineMessage>("{\"id\":\"moby.buildkit.trace\",\"aux\":\"/////w==\"}")!);
            Assert.Null(monitor.Error);
            Assert.Empty(monitor.Steps);
        }
    }
}
