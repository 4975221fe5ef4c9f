using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.SimpleSystemsManagement.Model;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Services.Iam;
using AoTech.Ecs.Tests.Infrastructure;
using Xunit;
using Ec2Model = Amazon.EC2.Model;

namespace AoTech.Ecs.Tests.Aws.Live
{
    /// <summary>
    /// Issue 7: a New-AoEcsApp stopped by Ctrl+C during an AWS call could stall the next run in the same process until
    /// the 100 s HTTP timeout. The next run's request went out on a pooled socket the stopped run had used (the AWSSDK
    /// clients of every connection shared one process-wide HttpClient), and its answer never reached it. Each
    /// connection now owns its sockets and closes them when disposed, as cmdlets do at the end of every invocation.
    /// These tests watch the sockets through the logging proxy, which records the client port of every request.
    /// </summary>
    public class ConnectionIsolationLiveTests : IClassFixture<MotoServerFixture>, IDisposable
    {
        private readonly LoggingProxy _proxy;

        public ConnectionIsolationLiveTests(MotoServerFixture moto) => _proxy = new LoggingProxy(moto.EndpointUrl);

        public void Dispose() => _proxy.Dispose();

        private AwsConnection Connect() => AwsConnection.Create(new AwsConnectionOptions
        {
            EndpointUrl = _proxy.EndpointUrl,
            Region = MotoServerFixture.Region,
            AccessKey = MotoServerFixture.AccessKey,
            SecretKey = MotoServerFixture.SecretKey,
        });

        private static Task<Ec2Model.DescribeAvailabilityZonesResponse> DescribeZones(AwsConnection aws, CancellationToken ct) =>
            aws.CallSdkAsync("ec2", "DescribeAvailabilityZones",
                t => aws.Ec2.DescribeAvailabilityZonesAsync(new Ec2Model.DescribeAvailabilityZonesRequest(), t), ct);

        [Fact]
        public async Task A_later_connection_never_sends_on_a_socket_an_earlier_one_opened()
        {
            // Two invocations one after the other, as a stopped run and its re-run are: SDK calls (EC2, SSM) and our
            // own clients (IAM). None of the second's requests may travel on a socket of the first.
            using (var first = Connect())
            {
                await DescribeZones(first, default);
                await first.CallSdkAsync("ssm", "DescribeParameters", t => first.Ssm.DescribeParametersAsync(new DescribeParametersRequest(), t));
                await first.SendAsync(new ListRolesRequest());
            }
            var firstPorts = _proxy.Requests().Select(r => r.Peer).ToHashSet();

            using (var second = Connect())
            {
                await DescribeZones(second, default);
                await second.CallSdkAsync("ssm", "DescribeParameters", t => second.Ssm.DescribeParametersAsync(new DescribeParametersRequest(), t));
                await second.SendAsync(new ListRolesRequest());
            }
            var log = _proxy.Requests();
            Assert.Equal(6, log.Count);
            var reused = log.Skip(3).Where(r => firstPorts.Contains(r.Peer)).Select(r => r.Operation).ToList();
            Assert.True(reused.Count == 0, "sent on a socket of the earlier connection: " + string.Join(", ", reused));
        }

        [Fact]
        public async Task Within_one_connection_sockets_are_reused()
        {
            // The other side of the isolation: one invocation still keeps its connections alive between calls.
            using var aws = Connect();
            for (var i = 0; i < 3; i++) await DescribeZones(aws, default);
            for (var i = 0; i < 3; i++) await aws.SendAsync(new ListRolesRequest());
            var log = _proxy.Requests();
            Assert.Equal(6, log.Count);
            Assert.Single(log.Take(3).Select(r => r.Peer).Distinct());
            Assert.Single(log.Skip(3).Select(r => r.Peer).Distinct());
        }

        [Fact]
        public async Task A_call_cancelled_in_flight_leaves_the_next_connection_working()
        {
            // As Ctrl+C does: calls (SDK and ours) are cancelled while the backend holds their answers, the invocation
            // ends (its connection is disposed), then a new invocation calls again. The guard token is generous: the
            // assertion is that the calls complete, not how fast.
            _proxy.DelayEveryRequest(3);
            using (var stopped = Connect())
            using (var stop = new CancellationTokenSource())
            {
                var inFlight = new Task[]
                {
                    DescribeZones(stopped, stop.Token),
                    stopped.CallSdkAsync("ssm", "DescribeParameters", t => stopped.Ssm.DescribeParametersAsync(new DescribeParametersRequest(), t), stop.Token),
                    stopped.SendAsync(new ListRolesRequest(), stop.Token),
                };
                while (_proxy.Requests().Count < inFlight.Length) await Task.Delay(20);
                stop.Cancel();
                foreach (var call in inFlight)
                    await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
            }
            _proxy.ClearFaults();

            using var next = Connect();
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var zones = await DescribeZones(next, guard.Token);
            Assert.NotEmpty(zones.AvailabilityZones);
            var parameters = await next.CallSdkAsync("ssm", "DescribeParameters",
                t => next.Ssm.DescribeParametersAsync(new DescribeParametersRequest(), t), guard.Token);
            Assert.NotNull(parameters.Parameters);
            var roles = await next.SendAsync(new ListRolesRequest(), guard.Token);
            Assert.NotNull(roles.Roles);
        }

        [Fact]
        public async Task A_disposed_connection_refuses_further_calls()
        {
            // Disposing really closes the connection's HttpClient: nothing can quietly keep using its sockets.
            var aws = Connect();
            await DescribeZones(aws, default);
            aws.Dispose();
            await Assert.ThrowsAsync<ObjectDisposedException>(() => aws.SendAsync(new ListRolesRequest()));
        }
    }
}
