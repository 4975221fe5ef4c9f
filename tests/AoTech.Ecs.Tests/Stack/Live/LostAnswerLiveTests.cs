using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Stack.Converge;
using AoTech.Ecs.Tests.Infrastructure;
using Xunit;
using Ec2 = Amazon.EC2.Model;

namespace AoTech.Ecs.Tests.Stack.Live
{
    /// <summary>
    /// A create whose answer is lost: moto carries out CreateVpc, then the answer is thrown away (as a dropped
    /// connection after the request was sent). A blind retry makes a second VPC; the look-up-then-retry adopts the one made.
    /// </summary>
    public class LostAnswerLiveTests : IClassFixture<MotoServerFixture>
    {
        private readonly MotoServerFixture _moto;

        public LostAnswerLiveTests(MotoServerFixture moto) => _moto = moto;

        private static string Unique() => "lost" + Guid.NewGuid().ToString("N").Substring(0, 8);

        /// <summary>CreateVpc tagged for <paramref name="app"/>; the answer of the first <paramref name="lose"/> attempts is lost.</summary>
        private static Func<CancellationToken, Task<Ec2.CreateVpcResponse>> CreateVpc(AoTech.Ecs.Aws.AwsConnection aws, string app, int lose, Func<int> attempt) =>
            async t =>
            {
                var response = await aws.Ec2.CreateVpcAsync(new Ec2.CreateVpcRequest
                {
                    CidrBlock = "10.77.0.0/16",
                    TagSpecifications = AwsCalls.TagSpecifications("vpc", new Dictionary<string, string> { ["aotech:app"] = app }, "aotech-" + app),
                }, t);
                if (attempt() <= lose) throw new IOException("answer lost after the request was carried out");
                return response;
            };

        private static async Task<List<string>> TaggedVpcs(AoTech.Ecs.Aws.AwsConnection aws, string app)
        {
            var vpcs = await aws.Ec2.DescribeVpcsAsync(new Ec2.DescribeVpcsRequest
            {
                Filters = new List<Ec2.Filter> { AwsCalls.TagFilter("aotech:app", app) },
            });
            return (vpcs.Vpcs ?? new List<Ec2.Vpc>()).Select(v => v.VpcId).ToList();
        }

        [Fact]
        public async Task BlindRetryOfALostCreateMakesTwo()
        {
            using var aws = _moto.Connect();
            var app = Unique();
            var attempts = 0;
            await aws.CallSdkAsync("ec2", "CreateVpc", CreateVpc(aws, app, 1, () => ++attempts));
            Assert.Equal(2, attempts);
            Assert.Equal(2, (await TaggedVpcs(aws, app)).Count);
        }

        [Fact]
        public async Task LookUpThenRetryAdoptsTheOneTheLostCallMade()
        {
            using var aws = _moto.Connect();
            var app = Unique();
            var attempts = 0;
            var lookups = 0;
            var id = await AwsCalls.CreateOnceAsync(
                async () => (await aws.CallSdkAsync("ec2", "CreateVpc", CreateVpc(aws, app, 1, () => ++attempts), default, idempotent: false)).Vpc.VpcId,
                async () => { lookups++; return (await TaggedVpcs(aws, app)).FirstOrDefault(); },
                NullStackReporter.Instance, "CreateVpc", CancellationToken.None, firstDelay: TimeSpan.FromMilliseconds(10));
            Assert.Equal(1, attempts);
            Assert.Equal(1, lookups);
            Assert.Equal(new[] { id }, await TaggedVpcs(aws, app));
        }

        [Fact]
        public async Task LookUpFindsNothingWhenTheCallNeverActedThenTriesAgain()
        {
            using var aws = _moto.Connect();
            var app = Unique();
            var attempts = 0;
            var id = await AwsCalls.CreateOnceAsync(async () =>
                {
                    // The first attempt fails before reaching the backend (as a 503 from a proxy): nothing is made.
                    if (++attempts == 1) throw new IOException("connection reset before the backend saw the request");
                    return (await aws.CallSdkAsync("ec2", "CreateVpc", CreateVpc(aws, app, 0, () => attempts), default, idempotent: false)).Vpc.VpcId;
                },
                async () => (await TaggedVpcs(aws, app)).FirstOrDefault(),
                NullStackReporter.Instance, "CreateVpc", CancellationToken.None, firstDelay: TimeSpan.FromMilliseconds(10));
            Assert.Equal(2, attempts);
            Assert.Equal(new[] { id }, await TaggedVpcs(aws, app));
        }

        /// <summary>
        /// Through a proxy that really closes the connection unanswered after moto acted: the AWSSDK client must not
        /// repeat the call on its own (it does, up to 10 times, for a "stale" pooled connection unless told not to).
        /// </summary>
        [Fact]
        public async Task AnswerLostOnTheWireIsNotRepeatedBelowOurPolicyAndIsAdopted()
        {
            using var proxy = new LostAnswerProxy(_moto.EndpointUrl);
            using var aws = AoTech.Ecs.Aws.AwsConnection.Create(new AoTech.Ecs.Aws.AwsConnectionOptions
            {
                EndpointUrl = proxy.EndpointUrl, Region = MotoServerFixture.Region,
                AccessKey = MotoServerFixture.AccessKey, SecretKey = MotoServerFixture.SecretKey,
            });
            var app = Unique();
            using var direct = _moto.Connect();
            // A first call leaves a pooled keep-alive connection, the case the SDK calls stale when it closes.
            await aws.CallSdkAsync("ec2", "DescribeVpcs", t => aws.Ec2.DescribeVpcsAsync(new Ec2.DescribeVpcsRequest(), t));
            proxy.LoseNext(1);
            var id = await AwsCalls.CreateOnceAsync(
                async () => (await aws.CallSdkAsync("ec2", "CreateVpc", CreateVpc(aws, app, 0, () => 1), default, idempotent: false)).Vpc.VpcId,
                async () => (await TaggedVpcs(direct, app)).FirstOrDefault(),
                NullStackReporter.Instance, "CreateVpc", CancellationToken.None, firstDelay: TimeSpan.FromMilliseconds(10));
            Assert.Equal(1, proxy.Forwarded.Count(o => o == "CreateVpc"));
            Assert.Equal(new[] { id }, await TaggedVpcs(direct, app));
        }

        [Fact]
        public async Task AFinalErrorIsNotFollowedByALookUp()
        {
            using var aws = _moto.Connect();
            var lookups = 0;
            var error = await Assert.ThrowsAsync<AoTech.Ecs.Aws.Model.AwsServiceException>(() => AwsCalls.CreateOnceAsync(
                async () => (await aws.CallSdkAsync("ec2", "CreateVpc",
                    t => aws.Ec2.CreateVpcAsync(new Ec2.CreateVpcRequest { CidrBlock = "not-a-cidr" }, t), default, idempotent: false)).Vpc.VpcId,
                () => { lookups++; return Task.FromResult<string?>(null); },
                NullStackReporter.Instance, "CreateVpc", CancellationToken.None));
            Assert.Equal(0, lookups);
            Assert.Equal(400, error.StatusCode);
        }
    }
}
