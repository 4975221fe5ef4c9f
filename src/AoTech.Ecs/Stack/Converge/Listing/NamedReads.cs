using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Model;
using Asg = AoTech.Ecs.Aws.Services.AutoScaling;
using EcsApi = AoTech.Ecs.Aws.Services.Ecs;
using Elb = AoTech.Ecs.Aws.Services.Elb;

namespace AoTech.Ecs.Stack.Converge.Listing
{
    /// <summary>
    /// Resources read by name, as many names a call as AWS takes (Get-AoEcsApp's and Get-AoEcsEndpoint's listings). A batch
    /// refused with one of the <c>splitOn</c> codes is asked again by halves (<see cref="Batches.SplittingAsync"/>), and
    /// <c>refused</c> is told the name at fault.
    /// </summary>
    internal static class NamedReads
    {
        internal const int ClustersPerCall = 100;
        internal const int LoadBalancersPerCall = 20;
        internal const int GroupsPerCall = 100;

        /// <summary>Clusters (with their tags), 100 a call; a name that does not exist is left out (or answered INACTIVE).</summary>
        public static Task<List<EcsApi.Cluster>> ClustersAsync(AwsConnection aws, IEnumerable<string> names, ICollection<string> splitOn,
            Action<string, AwsServiceException> refused, CancellationToken ct) =>
            Batches.SplittingAsync(names, ClustersPerCall, async batch =>
                (await aws.SendAsync(new EcsApi.DescribeClustersRequest { Clusters = batch, Include = new List<string> { "TAGS" } }, ct).ConfigureAwait(false))
                .Clusters.OrEmpty(), splitOn, refused);

        /// <summary>Load balancers by name, 20 a call.</summary>
        public static async Task<Dictionary<string, Elb.LoadBalancer>> LoadBalancersAsync(AwsConnection aws, IEnumerable<string> names, ICollection<string> splitOn,
            Action<string, AwsServiceException> refused, CancellationToken ct)
        {
            var found = await Batches.SplittingAsync(names, LoadBalancersPerCall, async batch =>
                (await aws.SendAsync(new Elb.DescribeLoadBalancersRequest { Names = batch }, ct).ConfigureAwait(false)).LoadBalancers.OrEmpty(),
                splitOn, refused).ConfigureAwait(false);
            return found.Where(lb => lb.LoadBalancerName != null).GroupBy(lb => lb.LoadBalancerName!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        }

        /// <summary>Auto Scaling groups by name, 100 a call (a name that does not exist is left out).</summary>
        public static async Task<Dictionary<string, Asg.AutoScalingGroup>> AutoScalingGroupsAsync(AwsConnection aws, IEnumerable<string> names,
            ICollection<string> splitOn, Action<string, AwsServiceException> refused, CancellationToken ct)
        {
            var found = await Batches.SplittingAsync(names, GroupsPerCall, async batch =>
            {
                var result = new List<Asg.AutoScalingGroup>();
                string? token = null;
                do
                {
                    var page = await aws.SendAsync(new Asg.DescribeAutoScalingGroupsRequest
                    {
                        AutoScalingGroupNames = batch,
                        MaxRecords = GroupsPerCall,
                        NextToken = token,
                    }, ct).ConfigureAwait(false);
                    result.AddRange(page.AutoScalingGroups.OrEmpty());
                    token = page.NextToken;
                } while (!string.IsNullOrEmpty(token));
                return result;
            }, splitOn, refused).ConfigureAwait(false);
            return found.Where(g => g.AutoScalingGroupName != null).GroupBy(g => g.AutoScalingGroupName!)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        }
    }
}
