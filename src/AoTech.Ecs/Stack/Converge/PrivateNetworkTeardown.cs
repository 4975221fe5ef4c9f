using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Stack.Planning;
using AoTech.Ecs.Waiting;
using Ec2 = Amazon.EC2.Model;

namespace AoTech.Ecs.Stack.Converge
{
    /// <summary>
    /// Removes the private half of an app's own VPC (<see cref="DiscoveredPrivateNetwork"/>): VPC endpoints and NAT gateways
    /// (both deleted asynchronously: waited for, with progress), then the Elastic IPs. Its subnets, route tables and
    /// security group go with the rest of the network through <see cref="NetworkTeardown"/> (<see cref="NetworkResources"/>),
    /// which retries them while the endpoints and NAT gateways still hold them. Everything was found by the app's tag,
    /// so what a cut-off run left goes too. Every step tolerates "already gone".
    /// </summary>
    internal sealed class PrivateNetworkTeardown
    {
        private readonly AwsConnection aws;
        private readonly StackNames names;
        private readonly StackWaits waits;
        private readonly Waiter waiter;
        private readonly Action<string> record;

        public PrivateNetworkTeardown(AwsConnection aws, StackNames names, StackWaits waits, Waiter waiter, Action<string> record)
        {
            this.aws = aws;
            this.names = names;
            this.waits = waits;
            this.waiter = waiter;
            this.record = record;
        }

        /// <summary>What <see cref="RemoveAsync"/> removes, for the teardown plan (-WhatIf).</summary>
        public static IEnumerable<TeardownItem> Items(DiscoveredPrivateNetwork own)
        {
            foreach (var e in own.Endpoints) yield return new TeardownItem("VPC endpoint", $"{e.ServiceName} ({e.EndpointId})");
            foreach (var n in own.NatGateways) yield return new TeardownItem("NAT gateway", n.NatGatewayId);
            foreach (var a in own.Addresses) yield return new TeardownItem("Elastic IP", $"{a.Name} ({a.AllocationId})");
            foreach (var r in own.RouteTables) yield return new TeardownItem("route table", r.RouteTableId);
            if (own.EndpointSecurityGroup != null) yield return new TeardownItem("security group", own.EndpointSecurityGroup.GroupId);
            foreach (var s in own.Subnets) yield return new TeardownItem("subnet", $"{s.SubnetId} ({s.AvailabilityZone}, private)");
        }

        /// <summary>
        /// The private subnets, their route tables and the endpoints' security group, for the one network deleter
        /// (<see cref="NetworkTeardown"/>): it deletes them in its pass, retrying while the endpoints and NAT gateways that
        /// <see cref="RemoveAsync"/> removes meanwhile still hold them.
        /// </summary>
        public static IEnumerable<NetworkResource> NetworkResources(DiscoveredPrivateNetwork own)
        {
            if (own.EndpointSecurityGroup != null)
                yield return new NetworkResource(NetworkKind.SecurityGroup, own.EndpointSecurityGroup.GroupId,
                    "security group " + own.EndpointSecurityGroup.GroupId, "Deleted security group " + own.EndpointSecurityGroup.GroupId);
            foreach (var table in own.RouteTables)
                yield return new NetworkResource(NetworkKind.RouteTable, table.RouteTableId, "route table " + table.RouteTableId,
                    "Deleted route table " + table.RouteTableId) { AssociationIds = table.AssociationIds.ToList() };
            foreach (var subnet in own.Subnets)
                yield return new NetworkResource(NetworkKind.Subnet, subnet.SubnetId, $"private subnet {subnet.SubnetId}",
                    "Deleted subnet " + subnet.SubnetId);
        }

        /// <summary>VPC endpoints and NAT gateways, waited for until deleted; then the Elastic IPs the NAT gateways let go.</summary>
        public async Task RemoveAsync(DiscoveredPrivateNetwork own, CancellationToken ct)
        {
            await Task.WhenAll(RemoveEndpointsAsync(own, ct), RemoveNatGatewaysAsync(own, ct)).ConfigureAwait(false);
            await Task.WhenAll(own.Addresses.Select(a => ReleaseAsync(a.AllocationId, ct))).ConfigureAwait(false);
        }

        private async Task RemoveEndpointsAsync(DiscoveredPrivateNetwork own, CancellationToken ct)
        {
            var ids = own.Endpoints.Select(e => e.EndpointId).ToList();
            if (ids.Count == 0) return;
            // One call for all; an id already gone comes back in Unsuccessful, which is fine.
            await aws.Ec2("DeleteVpcEndpoints", (c, t) => c.DeleteVpcEndpointsAsync(new Ec2.DeleteVpcEndpointsRequest { VpcEndpointIds = ids }, t), ct)
                .ConfigureAwait(false);
            await WaitGoneAsync("VPC endpoints", async () =>
            {
                // By the app's tag (an id filter would answer "not found" once an endpoint is gone).
                var left = await aws.Ec2("DescribeVpcEndpoints", (c, t) => c.DescribeVpcEndpointsAsync(new Ec2.DescribeVpcEndpointsRequest
                {
                    Filters = new List<Ec2.Filter> { AwsCalls.TagFilter(StackNames.AppTagKey, names.App) },
                }, t), ct).ConfigureAwait(false);
                return left.VpcEndpoints.OrEmpty().Count(e => ids.Contains(e.VpcEndpointId) &&
                                                              !string.Equals(e.State?.Value, "deleted", StringComparison.OrdinalIgnoreCase));
            }, ct).ConfigureAwait(false);
            foreach (var id in ids) record($"Deleted VPC endpoint {id}");
        }

        private async Task RemoveNatGatewaysAsync(DiscoveredPrivateNetwork own, CancellationToken ct)
        {
            var ids = own.NatGateways.Select(n => n.NatGatewayId).ToList();
            if (ids.Count == 0) return;
            await Task.WhenAll(own.NatGateways.Where(n => n.State != "deleting").Select(n => AwsCalls.Tolerate(() => aws.Ec2("DeleteNatGateway",
                (c, t) => c.DeleteNatGatewayAsync(new Ec2.DeleteNatGatewayRequest { NatGatewayId = n.NatGatewayId }, t), ct), "NatGatewayNotFound")))
                .ConfigureAwait(false);
            // A NAT gateway stays "deleting" for a while; its Elastic IP and its subnet are held until it is "deleted".
            await WaitGoneAsync("NAT gateways", async () =>
            {
                var left = await aws.Ec2("DescribeNatGateways", (c, t) => c.DescribeNatGatewaysAsync(new Ec2.DescribeNatGatewaysRequest
                {
                    Filter = new List<Ec2.Filter> { AwsCalls.Filter("nat-gateway-id", ids.ToArray()) },
                }, t), ct).ConfigureAwait(false);
                return left.NatGateways.OrEmpty().Count(n => n.State?.Value != "deleted");
            }, ct).ConfigureAwait(false);
            foreach (var id in ids) record($"Deleted NAT gateway {id}");
        }

        private async Task ReleaseAsync(string allocationId, CancellationToken ct)
        {
            await waiter.RetryAsync("Releasing Elastic IP " + allocationId, () => AwsCalls.Tolerate(
                () => aws.Ec2("ReleaseAddress", (c, t) => c.ReleaseAddressAsync(new Ec2.ReleaseAddressRequest { AllocationId = allocationId }, t), ct),
                "InvalidAllocationID.NotFound"), ct, waits.Busy("its NAT gateway still holds it", "InvalidIPAddress.InUse")).ConfigureAwait(false);
            record($"Released Elastic IP {allocationId}");
        }

        /// <summary>Polls <paramref name="left"/> (how many are not gone yet) with progress, up to <see cref="StackWaits.Deletion"/>.</summary>
        private Task WaitGoneAsync(string what, Func<Task<int>> left, CancellationToken ct) =>
            waiter.UntilAsync("Deleting " + what, async () =>
                {
                    var count = await left().ConfigureAwait(false);
                    return count == 0 ? null : $"waiting for {count} {what} to be deleted";
                },
                waits.Soon(waits.Deletion),
                waited => new Errors.AoEcsException(StackErrorIds.TeardownTimeout, Errors.AoErrorKind.Timeout,
                    $"{what} were still being deleted after {waited.TotalMinutes:0} minutes; run Remove-AoEcsApp again to continue.", what),
                ct);
    }
}
