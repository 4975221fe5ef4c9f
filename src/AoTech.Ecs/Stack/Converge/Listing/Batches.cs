using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Stack.Converge.Listing
{
    /// <summary>Calls that take many names at once: in batches of the size AWS allows, and per name where a batch is refused.</summary>
    internal static class Batches
    {
        public static IEnumerable<List<T>> Of<T>(IEnumerable<T> items, int size)
        {
            var batch = new List<T>(size);
            foreach (var item in items)
            {
                batch.Add(item);
                if (batch.Count == size)
                {
                    yield return batch;
                    batch = new List<T>(size);
                }
            }
            if (batch.Count > 0) yield return batch;
        }

        /// <summary>
        /// <paramref name="call"/> for each batch of <paramref name="size"/> items. AWS refuses a whole batch for one of
        /// its names (DescribeLoadBalancers: LoadBalancerNotFound when one name does not exist; AccessDenied when a
        /// policy scoped to some apps does not cover one): a batch refused with one of <paramref name="splitOn"/> is asked
        /// again by halves, so only the name at fault is left out, and <paramref name="refused"/> is told about it.
        /// </summary>
        public static async Task<List<TResult>> SplittingAsync<T, TResult>(IEnumerable<T> items, int size, Func<List<T>, Task<List<TResult>>> call,
            ICollection<string> splitOn, Action<T, AwsServiceException> refused)
        {
            async Task<List<TResult>> AskAsync(List<T> batch)
            {
                try
                {
                    return await call(batch).ConfigureAwait(false);
                }
                catch (AwsServiceException ex) when (splitOn.Contains(ex.ErrorCode))
                {
                    if (batch.Count == 1)
                    {
                        refused(batch[0], ex);
                        return new List<TResult>();
                    }
                    var half = batch.Count / 2;
                    var first = AskAsync(batch.Take(half).ToList());
                    var second = AskAsync(batch.Skip(half).ToList());
                    return (await first.ConfigureAwait(false)).Concat(await second.ConfigureAwait(false)).ToList();
                }
            }

            var all = await Task.WhenAll(Of(items, size).Select(AskAsync)).ConfigureAwait(false);
            return all.SelectMany(r => r).ToList();
        }

        /// <summary>One call per item (what AWS offers no batch for), at most <paramref name="parallel"/> at once.</summary>
        public static async Task<TResult[]> EachAsync<T, TResult>(IEnumerable<T> items, int parallel, Func<T, Task<TResult>> call, CancellationToken ct)
        {
            using (var throttle = new SemaphoreSlim(parallel))
            {
                return await Task.WhenAll(items.Select(async item =>
                {
                    await throttle.WaitAsync(ct).ConfigureAwait(false);
                    try
                    {
                        return await call(item).ConfigureAwait(false);
                    }
                    finally
                    {
                        throttle.Release();
                    }
                })).ConfigureAwait(false);
            }
        }
    }
}
