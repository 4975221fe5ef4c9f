using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.SimpleSystemsManagement.Model;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Services.Logs;
using AoTech.Ecs.Tests.Infrastructure;
using Xunit;

namespace AoTech.Ecs.Tests.Aws.Live
{
    /// <summary>
    /// Issue 18: a run stopped (Ctrl+C, a cut-off) while its RequestCertificate was on its way returned at once; the
    /// backend went on making the certificate, the next run's discovery did not see it yet and requested another, and
    /// the backend made that one too. A stopped call that changes something now waits (a bounded grace period) for its
    /// answer; reads are still abandoned at once. The logging proxy holds every request for a while before forwarding
    /// it, as a busy backend does, and the tests look at the backend directly, not through the proxy.
    /// </summary>
    public sealed class StopLiveTests : IClassFixture<MotoServerFixture>, IDisposable
    {
        private readonly MotoServerFixture _moto;
        private readonly LoggingProxy _proxy;

        public StopLiveTests(MotoServerFixture moto)
        {
            _moto = moto;
            _proxy = new LoggingProxy(moto.EndpointUrl);
        }

        public void Dispose() => _proxy.Dispose();

        private AwsConnection ViaProxy(TimeSpan? grace = null) => AwsConnection.Create(new AwsConnectionOptions
        {
            EndpointUrl = _proxy.EndpointUrl,
            Region = MotoServerFixture.Region,
            AccessKey = MotoServerFixture.AccessKey,
            SecretKey = MotoServerFixture.SecretKey,
            StopGracePeriod = grace,
        });

        private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N").Substring(0, 8);

        private async Task<bool> LogGroupExistsAsync(string name)
        {
            using var direct = _moto.Connect();
            var groups = await direct.SendAsync(new DescribeLogGroupsRequest { LogGroupNamePrefix = name });
            return groups.LogGroups?.Any(g => g.LogGroupName == name) == true;
        }

        /// <summary>Cancels <paramref name="stop"/> once the proxy holds <paramref name="count"/> requests: they are on their way.</summary>
        private async Task StopWhenSentAsync(CancellationTokenSource stop, int count = 1)
        {
            while (_proxy.Requests().Count < count) await Task.Delay(10);
            stop.Cancel();
        }

        [Fact]
        public async Task A_change_already_sent_is_answered_before_the_stopped_call_returns()
        {
            var name = "/aotech-test/" + Unique("stop");
            _proxy.DelayEveryRequest(1);
            using var aws = ViaProxy();
            using var stop = new CancellationTokenSource();
            var call = aws.SendAsync(new CreateLogGroupRequest { LogGroupName = name }, stop.Token);
            await StopWhenSentAsync(stop);
            await call;

            // The backend has made it by the time the call returns: a next run's discovery finds it.
            Assert.True(await LogGroupExistsAsync(name));
            Assert.Equal(200, _proxy.Requests().Single().Status);
        }

        [Fact]
        public async Task A_change_through_the_sdk_is_answered_before_the_stopped_call_returns()
        {
            var name = "/aotech-test/" + Unique("stop");
            using var direct = _moto.Connect();
            // moto loads its SSM backend (with AWS's public parameters) on the first SSM call, which takes seconds, and
            // more than the 10 s grace period on a loaded machine: that first call is made here, not inside the stop.
            await direct.CallSdkAsync("ssm", "DescribeParameters", t => direct.Ssm.DescribeParametersAsync(new DescribeParametersRequest { MaxResults = 1 }, t));
            _proxy.DelayEveryRequest(1);
            using var aws = ViaProxy();
            using var stop = new CancellationTokenSource();
            var call = aws.CallSdkAsync("ssm", "PutParameter", t => aws.Ssm.PutParameterAsync(new PutParameterRequest
            {
                Name = name, Value = "v", Type = Amazon.SimpleSystemsManagement.ParameterType.String,
            }, t), stop.Token, idempotent: false);
            await StopWhenSentAsync(stop);
            await call;

            var parameter = await direct.CallSdkAsync("ssm", "GetParameter", t => direct.Ssm.GetParameterAsync(new GetParameterRequest { Name = name }, t));
            Assert.Equal("v", parameter.Parameter.Value);
        }

        [Fact]
        public async Task A_read_is_abandoned_as_soon_as_the_run_stops()
        {
            _proxy.DelayEveryRequest(2);
            using var aws = ViaProxy();
            using var stop = new CancellationTokenSource();
            var call = aws.SendAsync(new DescribeLogGroupsRequest { LogGroupNamePrefix = "/aotech-test/" }, stop.Token);
            await StopWhenSentAsync(stop);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
            // The backend has not answered yet: the stop did not wait for it.
            Assert.Null(_proxy.Requests().Single().Status);
        }

        [Fact]
        public async Task A_change_is_given_up_when_its_answer_takes_longer_than_the_grace_period()
        {
            var name = "/aotech-test/" + Unique("stop");
            _proxy.DelayEveryRequest(3);
            using var aws = ViaProxy(TimeSpan.FromMilliseconds(300));
            using var stop = new CancellationTokenSource();
            var call = aws.SendAsync(new CreateLogGroupRequest { LogGroupName = name }, stop.Token);
            await StopWhenSentAsync(stop);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
            Assert.Null(_proxy.Requests().Single().Status);
        }

        [Fact]
        public async Task Nothing_is_sent_once_the_run_has_stopped()
        {
            using var aws = ViaProxy();
            using var stop = new CancellationTokenSource();
            stop.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                aws.SendAsync(new CreateLogGroupRequest { LogGroupName = "/aotech-test/" + Unique("never") }, stop.Token));
            Assert.Empty(_proxy.Requests());
        }
    }
}
