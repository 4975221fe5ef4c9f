using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Stack.Converge.Listing;
using Xunit;

namespace AoTech.Ecs.Tests.Stack.Listing
{
    /// <summary>Batched reads for Get-AoEcsApp over many apps: batch sizes, and a batch AWS refuses for one of its names.</summary>
    public class BatchesTests
    {
        [Fact]
        public void Of_cuts_into_batches_of_the_size_given_and_keeps_the_order()
        {
            var batches = Batches.Of(Enumerable.Range(1, 45), 20).ToList();
            Assert.Equal(new[] { 20, 20, 5 }, batches.Select(b => b.Count));
            Assert.Equal(Enumerable.Range(1, 45), batches.SelectMany(b => b));
            Assert.Empty(Batches.Of(new int[0], 20));
        }

        [Fact]
        public async Task SplittingAsync_asks_once_per_batch_when_nothing_is_refused()
        {
            var calls = new ConcurrentBag<int>();
            var found = await Batches.SplittingAsync(Enumerable.Range(1, 50), 20, batch =>
            {
                calls.Add(batch.Count);
                return Task.FromResult(batch.Select(i => i * 10).ToList());
            }, new[] { "NotFound" }, (_, __) => Assert.Fail("nothing is refused"));
            Assert.Equal(3, calls.Count);
            Assert.Equal(Enumerable.Range(1, 50).Select(i => i * 10), found.OrderBy(i => i));
        }

        [Fact]
        public async Task SplittingAsync_leaves_out_only_the_name_a_batch_is_refused_for()
        {
            // As DescribeLoadBalancers does: one name that does not exist fails the whole call.
            var refused = new ConcurrentDictionary<int, string>();
            var calls = 0;
            var found = await Batches.SplittingAsync(Enumerable.Range(1, 20), 20, batch =>
            {
                Interlocked.Increment(ref calls);
                if (batch.Contains(7)) throw new AwsServiceException("elasticloadbalancing", "DescribeLoadBalancers", "LoadBalancerNotFound", "no 7", 400, null);
                return Task.FromResult(batch.ToList());
            }, new[] { "LoadBalancerNotFound" }, (item, ex) => refused[item] = ex.ErrorCode);
            Assert.Equal(Enumerable.Range(1, 20).Where(i => i != 7), found.OrderBy(i => i));
            Assert.Equal(new[] { 7 }, refused.Keys);
            // Halving: 20 -> 10 -> 5 -> 3 -> 2 -> 1 along the refused name, one more call for each other half.
            Assert.True(calls <= 1 + 2 * 5, $"{calls} calls");
        }

        [Fact]
        public async Task SplittingAsync_passes_on_a_refusal_it_is_not_told_to_split_on()
        {
            await Assert.ThrowsAsync<AwsServiceException>(() => Batches.SplittingAsync<int, int>(Enumerable.Range(1, 5), 20,
                batch => throw new AwsServiceException("ecs", "DescribeClusters", "ThrottlingException", "slow down", 400, null),
                new[] { "AccessDeniedException" }, (_, __) => { }));
        }
    }
}
