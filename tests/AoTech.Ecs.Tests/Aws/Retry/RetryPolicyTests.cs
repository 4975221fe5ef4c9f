using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Aws.Retry;
using Xunit;

namespace AoTech.Ecs.Tests.Aws.Retry
{
    public class RetryPolicyTests
    {
        private readonly List<TimeSpan> _waits = new List<TimeSpan>();

        /// <summary>A policy that records its waits instead of sleeping; jitter fixed at the top of the range.</summary>
        private RetryPolicy Policy(int maxAttempts = 6, double random = 1.0) => new RetryPolicy(maxAttempts,
            TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1),
            delay: (d, ct) => { _waits.Add(d); return Task.CompletedTask; }, random: () => random);

        private static AwsServiceException Aws(string code, int status) =>
            new AwsServiceException("ecs", "Op", code, "m", status, "r");

        [Fact]
        public async Task ThrottleThenSuccess()
        {
            var calls = 0;
            var result = await Policy().ExecuteAsync((attempt, ct) =>
            {
                calls++;
                Assert.Equal(calls, attempt);
                if (calls < 3) throw Aws("ThrottlingException", 400);
                return Task.FromResult("ok");
            }, CancellationToken.None);
            Assert.Equal("ok", result);
            Assert.Equal(3, calls);
            Assert.Equal(new[] { TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200) }, _waits);
        }

        [Theory]
        [InlineData("LimitExceeded", 409)]
        [InlineData("LimitExceededException", 400)]
        [InlineData("NoSuchEntity", 404)]
        [InlineData("ValidationError", 400)]
        [InlineData("AccessDenied", 403)]
        public async Task QuotaAndClientErrorsAreNotRetried(string code, int status)
        {
            var calls = 0;
            var e = await Assert.ThrowsAsync<AwsServiceException>(() => Policy().ExecuteAsync<string>((a, ct) =>
            {
                calls++;
                throw Aws(code, status);
            }, CancellationToken.None));
            Assert.Equal(code, e.ErrorCode);
            Assert.Equal(1, calls);
            Assert.Empty(_waits);
        }

        [Theory]
        [InlineData("Throttling", 400)]
        [InlineData("RequestLimitExceeded", 503)]
        [InlineData("PriorRequestNotComplete", 400)]
        [InlineData("TooManyRequestsException", 429)]
        [InlineData("ThrottledException", 400)]
        [InlineData("RequestThrottled", 400)]
        [InlineData("InternalFailure", 500)]
        [InlineData("ServiceUnavailable", 503)]
        [InlineData("504", 504)]
        public void RetryableServiceErrors(string code, int status) =>
            Assert.True(RetryPolicy.IsRetryable(Aws(code, status), CancellationToken.None));

        [Fact]
        public void NetworkErrorsAndTimeoutsAreRetryable()
        {
            Assert.True(RetryPolicy.IsRetryable(new HttpRequestException("reset"), CancellationToken.None));
            Assert.True(RetryPolicy.IsRetryable(new IOException("broken pipe"), CancellationToken.None));
            Assert.True(RetryPolicy.IsRetryable(new TaskCanceledException("HttpClient timeout"), CancellationToken.None));
            Assert.False(RetryPolicy.IsRetryable(new InvalidOperationException(), CancellationToken.None));
        }

        [Fact]
        public void OurOwnCancellationIsNotRetried()
        {
            using var cts = new CancellationTokenSource();
            cts.Cancel();
            Assert.False(RetryPolicy.IsRetryable(new TaskCanceledException(), cts.Token));
        }

        [Fact]
        public async Task AttemptsAreBoundedAndTheLastErrorSurfaces()
        {
            var calls = 0;
            var e = await Assert.ThrowsAsync<AwsServiceException>(() => Policy(maxAttempts: 4).ExecuteAsync<int>((a, ct) =>
            {
                calls++;
                throw Aws("Throttling", 400);
            }, CancellationToken.None));
            Assert.Equal(4, calls);
            Assert.Equal(3, _waits.Count);
            Assert.Equal("Throttling", e.ErrorCode);
        }

        [Fact]
        public void DelaysGrowExponentiallyUpToTheCap()
        {
            var policy = Policy();
            Assert.Equal(TimeSpan.FromMilliseconds(100), policy.GetDelay(1));
            Assert.Equal(TimeSpan.FromMilliseconds(800), policy.GetDelay(4));
            Assert.Equal(TimeSpan.FromSeconds(1), policy.GetDelay(5));
            Assert.Equal(TimeSpan.FromSeconds(1), policy.GetDelay(60));
        }

        [Fact]
        public void FullJitterScalesTheDelay()
        {
            var policy = Policy(random: 0.25);
            Assert.Equal(TimeSpan.FromMilliseconds(100), policy.GetDelay(3)); // 0.25 * 400 ms
            Assert.Equal(TimeSpan.Zero, Policy(random: 0).GetDelay(3));
        }

        [Fact]
        public async Task CancellationDuringTheDelayStopsRetrying()
        {
            using var cts = new CancellationTokenSource();
            var calls = 0;
            // The real Task.Delay, cancelled while waiting for the second attempt.
            var policy = new RetryPolicy(6, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10), random: () => 1.0);
            var run = policy.ExecuteAsync<int>((a, ct) =>
            {
                calls++;
                cts.Cancel();
                throw Aws("Throttling", 400);
            }, cts.Token);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
            Assert.Equal(1, calls);
        }

        [Fact]
        public async Task AlreadyCancelledTokenMakesNoAttempt()
        {
            using var cts = new CancellationTokenSource();
            cts.Cancel();
            var calls = 0;
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                Policy().ExecuteAsync((a, ct) => { calls++; return Task.FromResult(1); }, cts.Token));
            Assert.Equal(0, calls);
        }
    }
}
