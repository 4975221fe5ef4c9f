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
    /// first (both are deleted asynchronously; their network interfaces keep the subnets busy until they are gone, which
    /// is waited for with progress), then the Elastic IPs, the private route tables, the endpoints' security group and
    /// the private subnets. Everything was found by the app's tag, so what a cut-off run left goes too. Every step
    /// tolerates "already gone".
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

        public async Task RemoveAsync(DiscoveredPrivateNetwork own, CancellationToken ct)
        {
            if (own.IsEmpty) return;
            await Task.WhenAll(RemoveEndpointsAsync(own, ct), RemoveNatGatewaysAsync(own, ct)).ConfigureAwait(false);
            await Task.WhenAll(own.Addresses.Select(a => ReleaseAsync(a.AllocationId, ct))
                .Concat(own.RouteTables.Select(r => RemoveRouteTableAsync(r, ct)))).ConfigureAwait(false);
            if (own.EndpointSecurityGroup != null)
            {
                var groupId = own.EndpointSecurityGroup.GroupId;
                await waiter.RetryAsync("Deleting security group " + groupId, () => AwsCalls.Tolerate(
                    () => aws.Ec2("DeleteSecurityGroup", (c, t) => c.DeleteSecurityGroupAsync(new Ec2.DeleteSecurityGroupRequest { GroupId = groupId }, t), ct),
                    "InvalidGroup.NotFound"), ct, waits.DependencyRule).ConfigureAwait(false);
                record($"Deleted security group {groupId}");
            }
            await Task.WhenAll(own.Subnets.Select(async subnet =>
            {
                await waiter.RetryAsync("Deleting subnet " + subnet.SubnetId, () => AwsCalls.Tolerate(
                    () => aws.Ec2("DeleteSubnet", (c, t) => c.DeleteSubnetAsync(new Ec2.DeleteSubnetRequest { SubnetId = subnet.SubnetId }, t), ct),
                    "InvalidSubnetID.NotFound"), ct, waits.DependencyRule).ConfigureAwait(false);
                record($"Deleted subnet {subnet.SubnetId}");
            })).ConfigureAwait(false);
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

        private async Task RemoveRouteTableAsync(DiscoveredPrivateRouteTable table, CancellationToken ct)
        {
            await Task.WhenAll(table.AssociationIds.Select(id => AwsCalls.Tolerate(() => aws.Ec2("DisassociateRouteTable", (c, t) =>
                c.DisassociateRouteTableAsync(new Ec2.DisassociateRouteTableRequest { AssociationId = id }, t), ct), "InvalidAssociationID.NotFound")))
                .ConfigureAwait(false);
            await waiter.RetryAsync("Deleting route table " + table.RouteTableId, () => AwsCalls.Tolerate(
                () => aws.Ec2("DeleteRouteTable", (c, t) => c.DeleteRouteTableAsync(new Ec2.DeleteRouteTableRequest { RouteTableId = table.RouteTableId }, t), ct),
                "InvalidRouteTableID.NotFound"), ct, waits.DependencyRule).ConfigureAwait(false);
            record($"Deleted route table {table.RouteTableId}");
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
