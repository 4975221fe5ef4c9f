using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Aws.Services.Ecs;
using AoTech.Ecs.Tests.Infrastructure;
using Xunit;

namespace AoTech.Ecs.Tests.Aws.Live
{
    /// <summary>Connection behaviour against a real AWS-compatible server: errors, secrets, cancellation, endpoints.
    /// Each service client's round trip is in its own *LiveTests class.</summary>
    [Collection(MotoCollection.Name)]
    public class MotoSmokeTests
    {
        private readonly MotoServerFixture _moto;

        public MotoSmokeTests(MotoServerFixture moto) => _moto = moto;

        [Fact]
        public async Task EcsJsonErrorBecomesAwsServiceException()
        {
            var observer = new RecordingObserver();
            using var aws = _moto.Connect(observer);
            var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
                aws.SendAsync(new DeleteClusterRequest { Cluster = Names.Unique("missing") }, default));
            Assert.Equal("ClusterNotFoundException", error.ErrorCode);
            Assert.Equal("ecs", error.Service);
            Assert.Equal("DeleteCluster", error.Operation);
            Assert.Equal(400, error.StatusCode);
            var record = Assert.Single(observer.Records);
            Assert.Equal("ClusterNotFoundException", record.ErrorCode);
            Assert.Equal(1, record.Attempts); // a client error is not retried
        }

        [Fact]
        public async Task SecretsNeverReachTheObserver()
        {
            var observer = new RecordingObserver();
            const string secret = "Sup3r-Secret-Value/xyz";
            using var aws = _moto.Connect(observer, accessKey: "AKIDOBSERVED", secretKey: secret);
            await aws.SendAsync(new DescribeClustersRequest { Clusters = new List<string> { "default" } }, default);
            var record = Assert.Single(observer.Records);
            Assert.Equal("DescribeClusters", record.Operation);
            Assert.NotNull(record.RequestId);
            var everything = string.Join("|", typeof(AwsCallRecord).GetProperties().Select(p => p.GetValue(record)?.ToString())) + record;
            Assert.DoesNotContain(secret, everything);
            Assert.DoesNotContain("AKIDOBSERVED", everything);
        }

        [Fact]
        public async Task CancelledCallIsRecordedAndNotRetried()
        {
            var observer = new RecordingObserver();
            using var aws = _moto.Connect(observer);
            using var cts = new System.Threading.CancellationTokenSource();
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                aws.SendAsync(new DescribeClustersRequest { Clusters = new List<string> { "default" } }, cts.Token));
            var record = Assert.Single(observer.Records);
            Assert.Null(record.StatusCode);
            Assert.Equal(0, record.Attempts); // cancelled before the first attempt
            Assert.False(record.Succeeded);
        }

        [Fact]
        public async Task EndpointWithTrailingSlashWorks()
        {
            using var aws = AoTech.Ecs.Aws.AwsConnection.Create(new AwsConnectionOptions
            {
                EndpointUrl = _moto.EndpointUrl + "/",
                Region = "eu-west-1",
                AccessKey = MotoServerFixture.AccessKey,
                SecretKey = MotoServerFixture.SecretKey,
            });
            var result = await aws.SendAsync(new DescribeClustersRequest { Clusters = new List<string> { "nope-" + Guid.NewGuid().ToString("N") } });
            Assert.Empty(result.Clusters!);
            Assert.Single(result.Failures!);
        }
    }
}
