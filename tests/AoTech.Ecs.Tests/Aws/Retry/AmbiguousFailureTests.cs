using System;
using System.IO;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Aws.Retry;
using Xunit;

namespace AoTech.Ecs.Tests.Aws.Retry
{
    /// <summary>
    /// A failure is ambiguous when the request may have been carried out without an answer saying so; a call that is
    /// not idempotent is then handed back to its caller (which looks before trying again) instead of being repeated.
    /// </summary>
    public class AmbiguousFailureTests
    {
        private static AwsServiceException Aws(string code, int status) => new AwsServiceException("ec2", "CreateVpc", code, "m", status, "r");

        public static TheoryData<string, Exception, bool> Cases() => new TheoryData<string, Exception, bool>
        {
            { "503 (may have acted)", Aws("ServiceUnavailable", 503), true },
            { "500 InternalError", Aws("InternalError", 500), true },
            { "throttled (refused)", Aws("Throttling", 400), false },
            { "throttled with 503 SlowDown (refused)", Aws("SlowDown", 503), false },
            { "client error", Aws("InvalidParameterValue", 400), false },
            { "dropped after sending", new HttpRequestException("The response ended prematurely.", new IOException("eof")), true },
            { "IO error", new IOException("reset"), true },
            { "connection refused (never sent)", new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused)), false },
            { "unrelated", new InvalidOperationException("x"), false },
        };

        [Theory]
        [MemberData(nameof(Cases))]
        public void Classifies(string what, Exception error, bool ambiguous)
        {
            Assert.True(ambiguous == RetryPolicy.IsAmbiguous(error, CancellationToken.None), what);
        }

        [Fact]
        public void TimeoutIsAmbiguousButTheCallersCancelIsNot()
        {
            Assert.True(RetryPolicy.IsAmbiguous(new TaskCanceledException("timeout"), CancellationToken.None));
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            Assert.False(RetryPolicy.IsAmbiguous(new TaskCanceledException("cancel"), cancelled.Token));
        }

        private static RetryPolicy Policy() => new RetryPolicy(6, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1),
            delay: (d, ct) => Task.CompletedTask);

        [Fact]
        public async Task NotIdempotentCallIsNotRepeatedAfterAnAmbiguousFailure()
        {
            var calls = 0;
            var error = await Assert.ThrowsAsync<HttpRequestException>(() => Policy().ExecuteAsync<string>((n, ct) =>
            {
                calls++;
                throw new HttpRequestException("The response ended prematurely.", new IOException("eof"));
            }, CancellationToken.None, idempotent: false));
            Assert.Equal(1, calls);
            Assert.Contains("prematurely", error.Message);
        }

        [Fact]
        public async Task NotIdempotentCallIsStillRetriedWhenRefused()
        {
            var calls = 0;
            var result = await Policy().ExecuteAsync((n, ct) =>
            {
                calls++;
                if (calls < 3) throw Aws("RequestLimitExceeded", 503);
                return Task.FromResult("made");
            }, CancellationToken.None, idempotent: false);
            Assert.Equal("made", result);
            Assert.Equal(3, calls);
        }

        [Fact]
        public async Task IdempotentCallIsRetriedAfterAnAmbiguousFailure()
        {
            var calls = 0;
            var result = await Policy().ExecuteAsync((n, ct) =>
            {
                calls++;
                if (calls == 1) throw new IOException("reset");
                return Task.FromResult("ok");
            }, CancellationToken.None);
            Assert.Equal("ok", result);
            Assert.Equal(2, calls);
        }
    }
}
