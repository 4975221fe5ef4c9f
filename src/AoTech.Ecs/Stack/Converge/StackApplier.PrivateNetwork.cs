using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack.Planning;
using Ec2 = Amazon.EC2.Model;

namespace AoTech.Ecs.Stack.Converge
{
    // The private half of the app's own VPC (see Planning.PrivateNetworkRule): private subnets and route tables, NAT
    // gateways with Elastic IPs, or VPC endpoints.
    public sealed partial class StackApplier
    {
        /// <summary>The layout this run converges to.</summary>
        private NetworkChoice Choice => _inputs.Network ??= NetworkChoice.Resolve(_spec, _found);

        /// <summary>Tags of a private subnet or route table: the app's, its Name and the private tier.</summary>
        private IDictionary<string, string> PrivateTierTags() =>
            new Dictionary<string, string>(_endpointTags, StringComparer.Ordinal) { [StackNames.TierTagKey] = StackNames.PrivateTier };

        /// <summary>The VPC's _tags: the app's and the layout it is made with.</summary>
        private IDictionary<string, string> VpcTags() =>
            new Dictionary<string, string>(_endpointTags, StringComparer.Ordinal) { [StackNames.NetworkTagKey] = Choice.TagValue };

        /// <summary>Without changes: the instances use the private subnets there are (all of them, or the plan changes the group).</summary>
        private void UseExistingPrivateSubnets(string? vpcId)
        {
            Outputs.InstanceSubnetIds = vpcId == null ? new List<string>()
                : _inputs.AvailabilityZones.Take(StackDefaults.SubnetCount).Select(z => _found.PrivateNetwork.SubnetIn(vpcId, z)?.SubnetId)
                    .Where(s => s != null).Select(s => s!).ToList();
        }

        /// <summary>
        /// Builds what the plan lacks of the private tier, given the VPC and its public subnets (one per zone, in zone order),
        /// and records the layout on the VPC when it changed.
        /// </summary>
        private async Task PrivateNetworkAsync(DiscoveredNetwork? network, string vpcId, IList<string> publicSubnets, CancellationToken ct)
        {
            var zones = _inputs.AvailabilityZones.Take(StackDefaults.SubnetCount).ToList();
            var own = _found.PrivateNetwork;
            _fresh.Known(own.Subnets.Select(s => s.SubnetId).Concat(own.RouteTables.Select(r => r.RouteTableId))
                .Concat(own.NatGateways.Select(n => n.NatGatewayId)).Concat(own.Endpoints.Select(e => e.EndpointId)));

            var subnetsTask = EnsurePrivateSubnetsAsync(vpcId, zones, ct);
            var natTask = Choice.UsesNatGateways
                ? Task.WhenAll(PrivateNetworkRule.NatZones(zones, Choice).Select(z => EnsureNatGatewayAsync(z, publicSubnets[zones.IndexOf(z)], ct)))
                : Task.FromResult(new string[0]);
            var tablesTask = Task.WhenAll(zones.Select(z => EnsurePrivateRouteTableAsync(vpcId, z, ct)));
            await Task.WhenAll(subnetsTask, natTask, tablesTask).ConfigureAwait(false);
            var subnets = subnetsTask.Result;
            var tables = tablesTask.Result;
            var nats = natTask.Result;
            Outputs.InstanceSubnetIds = subnets.ToList();

            await Task.WhenAll(zones.Select((zone, i) => RoutePrivateZoneAsync(vpcId, zone, tables[i], subnets[i],
                Choice.UsesNatGateways ? nats[PrivateNetworkRule.NatZones(zones, Choice).IndexOf(PrivateNetworkRule.NatZoneFor(zone, zones, Choice))] : null,
                ct))).ConfigureAwait(false);
            if (Choice.UsesEndpoints) await EnsureEndpointsAsync(network, vpcId, subnets, tables, ct).ConfigureAwait(false);
        }

        /// <summary>Records the layout on the VPC when it changed (a VPC without the tag is public: left untagged while it stays so).</summary>
        private async Task RecordLayoutAsync(DiscoveredNetwork? network, string vpcId, CancellationToken ct)
        {
            if (network == null || network.LayoutTag == Choice.TagValue || network.LayoutTag == null && Choice.Network == NetworkPlacement.Public) return;
            await Ec2Async("CreateTags", (c, t) => c.CreateTagsAsync(new Ec2.CreateTagsRequest
            {
                Resources = new List<string> { vpcId },
                Tags = new List<Ec2.Tag> { new Ec2.Tag { Key = StackNames.NetworkTagKey, Value = Choice.TagValue } },
            }, t), ct).ConfigureAwait(false);
            Record($"Network layout of {vpcId} -> {Choice}");
        }

        private async Task<string[]> EnsurePrivateSubnetsAsync(string vpcId, IList<string> zones, CancellationToken ct)
        {
            var own = _found.PrivateNetwork;
            var used = new HashSet<string>(own.Subnets.Where(s => s.VpcId == vpcId).Select(s => s.CidrBlock), StringComparer.Ordinal);
            var free = Enumerable.Range(0, StackDefaults.PublicSubnetRanges).Select(StackDefaults.PrivateSubnetCidr).Where(c => !used.Contains(c)).ToList();
            var newZones = zones.Where(z => own.SubnetIn(vpcId, z) == null).ToList();
            return await Task.WhenAll(zones.Select(async zone =>
            {
                var existing = own.SubnetIn(vpcId, zone);
                var subnetId = existing?.SubnetId;
                if (subnetId == null)
                {
                    var name = _names.PrivateSubnet(zone);
                    subnetId = await AwsCalls.CreateOnceAsync(async () => (await Ec2Async("CreateSubnet", (c, t) => c.CreateSubnetAsync(new Ec2.CreateSubnetRequest
                        {
                            VpcId = vpcId,
                            CidrBlock = free[newZones.IndexOf(zone)],
                            AvailabilityZone = zone,
                            TagSpecifications = AwsCalls.TagSpecifications("subnet", PrivateTierTags(), name),
                        }, t), ct, idempotent: false).ConfigureAwait(false)).Subnet.SubnetId,
                        () => FindTaggedAsync("DescribeSubnets", name, vpcId, async (filters, t) =>
                            (await Ec2Async("DescribeSubnets", (c, t2) => c.DescribeSubnetsAsync(new Ec2.DescribeSubnetsRequest { Filters = filters }, t2), t)
                                .ConfigureAwait(false)).Subnets.OrEmpty().Select(x => x.SubnetId), ct),
                        _reporter, "CreateSubnet " + name, ct, clock: _waiter.Clock).ConfigureAwait(false);
                    _fresh.Created(subnetId);
                    Record($"Created subnet {name} ({subnetId})");
                }
                else if (existing!.MapPublicIpOnLaunch)
                {
                    await Ec2Async("ModifySubnetAttribute", (c, t) => c.ModifySubnetAttributeAsync(new Ec2.ModifySubnetAttributeRequest
                    {
                        SubnetId = subnetId,
                        MapPublicIpOnLaunch = false,
                    }, t), ct).ConfigureAwait(false);
                    Record($"Subnet {subnetId}: no public IPs on launch");
                }
                return subnetId;
            })).ConfigureAwait(false);
        }

        /// <summary>The NAT gateway of <paramref name="zone"/> in its public subnet, with an Elastic IP; returns once it is available.</summary>
        private async Task<string> EnsureNatGatewayAsync(string zone, string publicSubnetId, CancellationToken ct)
        {
            var own = _found.PrivateNetwork;
            var name = _names.NatGateway(zone);
            var natId = own.NatGatewayIn(publicSubnetId)?.NatGatewayId;
            if (natId == null)
            {
                // An address of ours by this name that holds nothing is one a cut-off run allocated: use it, not a second one.
                var allocationId = own.Addresses.Where(a => a.Name == name && a.AssociationId == null)
                    .Select(a => a.AllocationId).OrderBy(a => a, StringComparer.Ordinal).FirstOrDefault();
                if (allocationId == null)
                {
                    allocationId = await AwsCalls.CreateOnceAsync(async () => (await Ec2Async("AllocateAddress", (c, t) => c.AllocateAddressAsync(
                        new Ec2.AllocateAddressRequest
                        {
                            Domain = Amazon.EC2.DomainType.Vpc,
                            TagSpecifications = AwsCalls.TagSpecifications("elastic-ip", _endpointTags, name),
                        }, t), ct, idempotent: false).ConfigureAwait(false)).AllocationId,
                        () => FindTaggedAsync("DescribeAddresses", name, null, async (filters, t) =>
                            (await Ec2Async("DescribeAddresses", (c, t2) => c.DescribeAddressesAsync(new Ec2.DescribeAddressesRequest { Filters = filters }, t2), t)
                                .ConfigureAwait(false)).Addresses.OrEmpty().Where(a => a.AssociationId == null).Select(a => a.AllocationId), ct),
                        _reporter, "AllocateAddress " + name, ct, clock: _waiter.Clock).ConfigureAwait(false);
                    _fresh.Created(allocationId);
                    Record($"Allocated Elastic IP {name} ({allocationId})");
                }
                var token = AwsCalls.ClientToken(_names.App, "nat-gateway", publicSubnetId, allocationId, _runId);
                try
                {
                    var created = await Ec2Async("CreateNatGateway", (c, t) => c.CreateNatGatewayAsync(new Ec2.CreateNatGatewayRequest
                    {
                        SubnetId = publicSubnetId,
                        AllocationId = allocationId,
                        ConnectivityType = Amazon.EC2.ConnectivityType.Public,
                        // AWS answers a repeat of the call (lost answer) with the same gateway.
                        ClientToken = token,
                        TagSpecifications = AwsCalls.TagSpecifications("natgateway", _endpointTags, name),
                    }, t), ct).ConfigureAwait(false);
                    natId = created.NatGateway.NatGatewayId;
                }
                catch (AwsServiceException ex) when (ex.ErrorCode == "Resource.AlreadyAssociated")
                {
                    // The address is taken: by the gateway a call whose answer was lost made (backends that ignore the
                    // token say so). Adopt that gateway.
                    var again = await Ec2Async("DescribeNatGateways", (c, t) => c.DescribeNatGatewaysAsync(new Ec2.DescribeNatGatewaysRequest
                    {
                        Filter = new List<Ec2.Filter> { AwsCalls.Filter("subnet-id", publicSubnetId), AwsCalls.TagFilter(StackNames.AppTagKey, _names.App) },
                    }, t), ct).ConfigureAwait(false);
                    natId = again.NatGateways.OrEmpty().Where(n => n.State?.Value == "pending" || n.State?.Value == "available")
                        .FirstOrDefault(n => n.NatGatewayAddresses.OrEmpty().Any(a => a.AllocationId == allocationId))?.NatGatewayId;
                    if (natId == null) throw;
                }
                _fresh.Created(natId);
                Record($"Created NAT gateway {name} ({natId})");
            }
            await NatGatewayAvailableAsync(natId, ct).ConfigureAwait(false);
            return natId;
        }

        /// <summary>A new NAT gateway is pending for a while: a route to it works, but the instances get out only once it is available.</summary>
        private Task NatGatewayAvailableAsync(string natId, CancellationToken ct) =>
            _waiter.UntilAsync("NAT gateway " + natId, async () =>
                {
                    var response = await Ec2Async("DescribeNatGateways", (c, t) => c.DescribeNatGatewaysAsync(
                        new Ec2.DescribeNatGatewaysRequest { NatGatewayIds = new List<string> { natId } }, t), ct).ConfigureAwait(false);
                    var nat = response.NatGateways.OrEmpty().FirstOrDefault();
                    var state = nat?.State?.Value;
                    if (state == "available") return null;
                    if (state == "failed" || state == "deleted" || state == "deleting")
                        throw new AoEcsException(StackErrorIds.NatGatewayFailed, AoErrorKind.OperationFailed,
                            $"NAT gateway {natId} is {state}: {nat?.FailureCode} {nat?.FailureMessage}".TrimEnd() +
                            ". Run New-AoEcsApp again to replace it.", natId);
                    return "waiting for it to become available (" + (state ?? "not visible yet") + ")";
                },
                _waits.Soon(_waits.NatGatewayAvailable),
                waited => new AoEcsException(StackErrorIds.NatGatewayFailed, AoErrorKind.Timeout,
                    $"NAT gateway {natId} was not available after {waited.TotalMinutes:0} minutes; run New-AoEcsApp again to continue.", natId),
                ct);

        private async Task<string> EnsurePrivateRouteTableAsync(string vpcId, string zone, CancellationToken ct)
        {
            var tableId = _found.PrivateNetwork.RouteTableIn(vpcId, zone)?.RouteTableId;
            if (tableId != null) return tableId;
            var name = _names.PrivateRouteTable(zone);
            var token = AwsCalls.ClientToken(_names.App, "private-route-table", vpcId, zone, _runId);
            tableId = await AwsCalls.CreateOnceAsync(async () => (await Ec2Async("CreateRouteTable", (c, t) => c.CreateRouteTableAsync(new Ec2.CreateRouteTableRequest
                {
                    VpcId = vpcId,
                    ClientToken = token,
                    TagSpecifications = AwsCalls.TagSpecifications("route-table", PrivateTierTags(), name),
                }, t), ct, idempotent: false).ConfigureAwait(false)).RouteTable.RouteTableId,
                () => FindTaggedAsync("DescribeRouteTables", name, vpcId, async (filters, t) =>
                    (await Ec2Async("DescribeRouteTables", (c, t2) => c.DescribeRouteTablesAsync(new Ec2.DescribeRouteTablesRequest { Filters = filters }, t2), t)
                        .ConfigureAwait(false)).RouteTables.OrEmpty().Select(r => r.RouteTableId), ct),
                _reporter, "CreateRouteTable " + name, ct, clock: _waiter.Clock).ConfigureAwait(false);
            _fresh.Created(tableId);
            Record($"Created route table {name} ({tableId})");
            return tableId;
        }

        /// <summary>Associates the zone's private subnet and points 0.0.0.0/0 at <paramref name="natId"/> (or removes that route: endpoints only).</summary>
        private async Task RoutePrivateZoneAsync(string vpcId, string zone, string tableId, string subnetId, string? natId, CancellationToken ct)
        {
            var table = _found.PrivateNetwork.RouteTableIn(vpcId, zone);
            var associate = table == null || !table.AssociatedSubnetIds.Contains(subnetId)
                ? AssociateAsync(tableId, subnetId, ct) : Task.CompletedTask;
            var current = table?.RouteTableId == tableId ? table.DefaultRouteTarget : null;
            Task route = Task.CompletedTask;
            if (natId != null && current != natId)
                route = RouteDefaultAsync(tableId, natId, ct);
            else if (natId == null && current != null)
                route = RemoveDefaultRouteAsync(tableId, current, ct);
            await Task.WhenAll(associate, route).ConfigureAwait(false);
        }

        private async Task RemoveDefaultRouteAsync(string tableId, string target, CancellationToken ct)
        {
            await AwsCalls.Tolerate(() => Ec2Async("DeleteRoute", (c, t) => c.DeleteRouteAsync(new Ec2.DeleteRouteRequest
            {
                RouteTableId = tableId,
                DestinationCidrBlock = "0.0.0.0/0",
            }, t), ct), "InvalidRoute.NotFound").ConfigureAwait(false);
            Record($"Removed route 0.0.0.0/0 -> {target} from {tableId}");
        }

        /// <summary>The interface endpoints (private DNS, in the private subnets, behind a group open to the VPC on 443) and the S3 gateway endpoint.</summary>
        private async Task EnsureEndpointsAsync(DiscoveredNetwork? network, string vpcId, IList<string> subnets, IList<string> tables, CancellationToken ct)
        {
            var own = _found.PrivateNetwork;
            var cidr = network?.CidrBlock ?? StackDefaults.VpcCidr;
            var existingGroup = own.EndpointSecurityGroup?.VpcId == vpcId ? own.EndpointSecurityGroup : null;
            var groupId = await EnsureGroupAsync(existingGroup, _names.EndpointSecurityGroup,
                "VPC endpoints of " + _names.App + ": HTTPS from the VPC", vpcId, ct).ConfigureAwait(false);
            await EnsureRulesAsync(groupId, existingGroup?.Ingress ?? new List<IngressRule>(),
                new List<IngressRule> { PrivateNetworkRule.EndpointIngress(cidr) }, ct).ConfigureAwait(false);

            var services = StackDefaults.InterfaceEndpointServices.Select(s => (Service: s, Existing: own.EndpointFor(vpcId, StackDefaults.EndpointServiceName(_inputs.Region, s)))).ToList();
            // Private DNS _names of interface endpoints need the VPC's DNS hostnames (a new VPC has them off).
            if (services.Any(s => s.Existing == null))
                await Ec2Async("ModifyVpcAttribute", (c, t) => c.ModifyVpcAttributeAsync(new Ec2.ModifyVpcAttributeRequest
                {
                    VpcId = vpcId,
                    EnableDnsHostnames = true,
                }, t), ct).ConfigureAwait(false);

            var interfaces = services.Select(async s =>
            {
                if (s.Existing == null)
                {
                    await CreateEndpointAsync(vpcId, s.Service, r =>
                    {
                        r.VpcEndpointType = Amazon.EC2.VpcEndpointType.Interface;
                        r.SubnetIds = subnets.ToList();
                        r.SecurityGroupIds = new List<string> { groupId };
                        r.PrivateDnsEnabled = true;
                    }, ct).ConfigureAwait(false);
                }
                else if (subnets.Any(id => !s.Existing.SubnetIds.Contains(id)))
                {
                    await Ec2Async("ModifyVpcEndpoint", (c, t) => c.ModifyVpcEndpointAsync(new Ec2.ModifyVpcEndpointRequest
                    {
                        VpcEndpointId = s.Existing.EndpointId,
                        AddSubnetIds = subnets.Where(id => !s.Existing.SubnetIds.Contains(id)).ToList(),
                    }, t), ct).ConfigureAwait(false);
                    Record($"VPC endpoint {s.Existing.EndpointId}: subnets -> the private subnets");
                }
            });

            var s3Name = StackDefaults.EndpointServiceName(_inputs.Region, StackDefaults.GatewayEndpointService);
            var s3 = own.EndpointFor(vpcId, s3Name);
            async Task Gateway()
            {
                if (s3 == null)
                {
                    await CreateEndpointAsync(vpcId, StackDefaults.GatewayEndpointService, r =>
                    {
                        r.VpcEndpointType = Amazon.EC2.VpcEndpointType.Gateway;
                        r.RouteTableIds = tables.ToList();
                    }, ct).ConfigureAwait(false);
                }
                else if (tables.Any(id => !s3.RouteTableIds.Contains(id)))
                {
                    await Ec2Async("ModifyVpcEndpoint", (c, t) => c.ModifyVpcEndpointAsync(new Ec2.ModifyVpcEndpointRequest
                    {
                        VpcEndpointId = s3.EndpointId,
                        AddRouteTableIds = tables.Where(id => !s3.RouteTableIds.Contains(id)).ToList(),
                    }, t), ct).ConfigureAwait(false);
                    Record($"VPC endpoint {s3.EndpointId}: route tables -> the private route tables");
                }
            }
            var gateway = Gateway();
            await Task.WhenAll(interfaces.Concat(new[] { gateway })).ConfigureAwait(false);
        }

        /// <summary>
        /// Creates the endpoint for <paramref name="service"/>; a call whose answer was lost is followed by a look-up by its
        /// _tags (a backend that ignores the client token would otherwise make a second, billed endpoint).
        /// </summary>
        private async Task CreateEndpointAsync(string vpcId, string service, Action<Ec2.CreateVpcEndpointRequest> shape, CancellationToken ct)
        {
            var name = _names.Endpoint(service);
            var request = new Ec2.CreateVpcEndpointRequest
            {
                VpcId = vpcId,
                ServiceName = StackDefaults.EndpointServiceName(_inputs.Region, service),
                ClientToken = AwsCalls.ClientToken(_names.App, "endpoint", vpcId, service, _runId),
                TagSpecifications = AwsCalls.TagSpecifications("vpc-endpoint", _endpointTags, name),
            };
            shape(request);
            var endpointId = await AwsCalls.CreateOnceAsync(async () => (await Ec2Async("CreateVpcEndpoint", (c, t) => c.CreateVpcEndpointAsync(request, t), ct,
                    idempotent: false).ConfigureAwait(false)).VpcEndpoint.VpcEndpointId,
                () => FindTaggedAsync("DescribeVpcEndpoints", name, vpcId, async (filters, t) =>
                    (await Ec2Async("DescribeVpcEndpoints", (c, t2) => c.DescribeVpcEndpointsAsync(new Ec2.DescribeVpcEndpointsRequest { Filters = filters }, t2), t)
                        .ConfigureAwait(false)).VpcEndpoints.OrEmpty()
                    .Where(e => !string.Equals(e.State?.Value, "deleted", StringComparison.OrdinalIgnoreCase)).Select(e => e.VpcEndpointId), ct),
                _reporter, "CreateVpcEndpoint " + service, ct, clock: _waiter.Clock).ConfigureAwait(false);
            _fresh.Created(endpointId);
            Record($"Created VPC endpoint {request.ServiceName} ({endpointId})");
        }
    }
}
