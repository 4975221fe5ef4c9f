using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack.Planning;
using Acm = AoTech.Ecs.Aws.Services.Acm;
using Asg = AoTech.Ecs.Aws.Services.AutoScaling;
using Ec2 = Amazon.EC2.Model;
using EcsApi = AoTech.Ecs.Aws.Services.Ecs;
using Elb = AoTech.Ecs.Aws.Services.Elb;
using Iam = AoTech.Ecs.Aws.Services.Iam;
using Logs = AoTech.Ecs.Aws.Services.Logs;
using R53 = AoTech.Ecs.Aws.Services.Route53;

namespace AoTech.Ecs.Stack.Converge
{
    // The network and security groups.
    public sealed partial class StackApplier
    {
        // ---------------------------------------------------------------- network

        private async Task NetworkAsync(bool mutate, CancellationToken ct)
        {
            var network = _found.Network;
            if (!_spec.UsesDedicatedNetwork)
            {
                // A given network is used as it is: the load balancer in one public subnet per zone, the instances where
                // they can reach out (preflight refused a network where either is missing).
                Outputs.VpcId = network?.VpcId;
                var layout = network == null ? null : NetworkLayout.Choose(network, _found.LoadBalancer?.SubnetIds, Choice.Network == NetworkPlacement.Public);
                Outputs.LoadBalancerSubnetIds = layout?.LoadBalancerSubnetIds.ToList() ?? new List<string>();
                Outputs.InstanceSubnetIds = layout?.InstanceSubnetIds.ToList() ?? new List<string>();
                return;
            }
            if (!mutate)
            {
                Outputs.VpcId = network?.VpcId;
                UseDedicatedSubnets(network == null ? new List<string>()
                    : _inputs.AvailabilityZones.Take(StackDefaults.SubnetCount)
                        .Select(z => network.Subnets.FirstOrDefault(s => s.AvailabilityZone == z)?.SubnetId).Where(s => s != null).Select(s => s!).ToList());
                if (Choice.IsPrivate) UseExistingPrivateSubnets(network?.VpcId);
                return;
            }

            // Steps that do not depend on each other run side by side: EC2 shows a new id to other calls only after a
            // while, so each chain of "create, then use" costs that while once, not once per resource.
            var vpcTask = EnsureVpcAsync(network, ct);
            var gatewayTask = EnsureInternetGatewayAsync(network, ct);
            await Task.WhenAll(vpcTask, gatewayTask).ConfigureAwait(false);
            var vpcId = Outputs.VpcId = vpcTask.Result;
            var gatewayId = gatewayTask.Result;
            var subnetsTask = EnsureSubnetsAsync(network, vpcId, ct);
            var tableTask = EnsureRouteTableAsync(network, vpcId, ct);
            var attachTask = AttachInternetGatewayAsync(network, gatewayId, vpcId, ct);
            await Task.WhenAll(subnetsTask, tableTask, attachTask).ConfigureAwait(false);
            var subnets = subnetsTask.Result;
            var tableId = tableTask.Result;
            UseDedicatedSubnets(subnets.ToList());
            await Task.WhenAll(subnets.Where(s => network?.RouteTableId == null || !network.AssociatedSubnetIds.Contains(s))
                .Select(subnetId => AssociateAsync(tableId, subnetId, ct))
                .Concat(new[] { EnsureDefaultRouteAsync(network, tableId, gatewayId, ct) })).ConfigureAwait(false);
            // The private tier needs the internet gateway attached and routed: a NAT gateway gets out through it.
            if (Choice.IsPrivate) await PrivateNetworkAsync(network, vpcId, subnets, ct).ConfigureAwait(false);
            await RecordLayoutAsync(network, vpcId, ct).ConfigureAwait(false);
        }

        private async Task<string> EnsureVpcAsync(DiscoveredNetwork? network, CancellationToken ct)
        {
            var vpcId = network?.VpcId;
            if (vpcId == null)
            {
                // CreateVpc takes no client token: a lost answer is followed by a look-up by our tags, never a blind retry.
                vpcId = await AwsCalls.CreateOnceAsync(async () => (await Ec2Async("CreateVpc", (c, t) => c.CreateVpcAsync(new Ec2.CreateVpcRequest
                    {
                        CidrBlock = StackDefaults.VpcCidr,
                        TagSpecifications = AwsCalls.TagSpecifications("vpc", VpcTags(), _names.Vpc),
                    }, t), ct, idempotent: false).ConfigureAwait(false)).Vpc.VpcId,
                    () => FindTaggedAsync("DescribeVpcs", _names.Vpc, null, async (filters, t) =>
                        (await Ec2Async("DescribeVpcs", (c, t2) => c.DescribeVpcsAsync(new Ec2.DescribeVpcsRequest { Filters = filters }, t2), t)
                            .ConfigureAwait(false)).Vpcs.OrEmpty().Select(v => v.VpcId), ct),
                    _reporter, "CreateVpc", ct, clock: _waiter.Clock).ConfigureAwait(false);
                _fresh.Created(vpcId);
                Record($"Created VPC {_names.Vpc} ({vpcId})");
            }
            return vpcId;
        }

        private async Task<string[]> EnsureSubnetsAsync(DiscoveredNetwork? network, string vpcId, CancellationToken ct)
        {
            // A re-run lists the zones holding our subnets first, so a zone's position no longer names a free range:
            // new subnets take the ranges no existing subnet uses (a run cut off between its two CreateSubnet calls
            // otherwise asked for a taken range: InvalidSubnet.Conflict).
            var zonesUsed = _inputs.AvailabilityZones.Take(StackDefaults.SubnetCount).ToList();
            var usedCidrs = new HashSet<string>(network?.Subnets.Select(s => s.CidrBlock) ?? Enumerable.Empty<string>());
            var freeCidrs = Enumerable.Range(0, StackDefaults.PublicSubnetRanges).Select(StackDefaults.SubnetCidr).Where(c => !usedCidrs.Contains(c)).ToList();
            var newZones = zonesUsed.Where(z => network?.Subnets.Any(s => s.AvailabilityZone == z) != true).ToList();
            return await Task.WhenAll(zonesUsed.Select(async zone =>
            {
                var existing = network?.Subnets.FirstOrDefault(s => s.AvailabilityZone == zone);
                var subnetId = existing?.SubnetId;
                if (subnetId == null)
                {
                    subnetId = await AwsCalls.CreateOnceAsync(async () => (await Ec2Async("CreateSubnet", (c, t) => c.CreateSubnetAsync(new Ec2.CreateSubnetRequest
                        {
                            VpcId = vpcId,
                            CidrBlock = freeCidrs[newZones.IndexOf(zone)],
                            AvailabilityZone = zone,
                            TagSpecifications = AwsCalls.TagSpecifications("subnet", _endpointTags, _names.Subnet(zone)),
                        }, t), ct, idempotent: false).ConfigureAwait(false)).Subnet.SubnetId,
                        () => FindTaggedAsync("DescribeSubnets", _names.Subnet(zone), vpcId, async (filters, t) =>
                            (await Ec2Async("DescribeSubnets", (c, t2) => c.DescribeSubnetsAsync(new Ec2.DescribeSubnetsRequest { Filters = filters }, t2), t)
                                .ConfigureAwait(false)).Subnets.OrEmpty().Select(x => x.SubnetId), ct),
                        _reporter, "CreateSubnet " + zone, ct, clock: _waiter.Clock).ConfigureAwait(false);
                    _fresh.Created(subnetId);
                    Record($"Created subnet {_names.Subnet(zone)} ({subnetId})");
                }
                if (existing == null || !existing.MapPublicIpOnLaunch)
                    await Ec2Async("ModifySubnetAttribute", (c, t) => c.ModifySubnetAttributeAsync(new Ec2.ModifySubnetAttributeRequest
                    {
                        SubnetId = subnetId,
                        MapPublicIpOnLaunch = true,
                    }, t), ct).ConfigureAwait(false);
                return subnetId;
            })).ConfigureAwait(false);
        }

        private async Task<string> EnsureInternetGatewayAsync(DiscoveredNetwork? network, CancellationToken ct)
        {
            var gatewayId = network?.InternetGatewayId;
            if (gatewayId == null)
            {
                gatewayId = await AwsCalls.CreateOnceAsync(async () => (await Ec2Async("CreateInternetGateway", (c, t) => c.CreateInternetGatewayAsync(
                    new Ec2.CreateInternetGatewayRequest
                    {
                        TagSpecifications = AwsCalls.TagSpecifications("internet-gateway", _endpointTags, _names.InternetGateway),
                    }, t), ct, idempotent: false).ConfigureAwait(false)).InternetGateway.InternetGatewayId,
                    () => FindTaggedAsync("DescribeInternetGateways", _names.InternetGateway, null, async (filters, t) =>
                        (await Ec2Async("DescribeInternetGateways", (c, t2) => c.DescribeInternetGatewaysAsync(new Ec2.DescribeInternetGatewaysRequest { Filters = filters }, t2), t)
                            .ConfigureAwait(false)).InternetGateways.OrEmpty().Select(g => g.InternetGatewayId), ct),
                    _reporter, "CreateInternetGateway", ct, clock: _waiter.Clock).ConfigureAwait(false);
                _fresh.Created(gatewayId);
                Record($"Created internet gateway {_names.InternetGateway} ({gatewayId})");
            }
            return gatewayId;
        }

        private async Task AttachInternetGatewayAsync(DiscoveredNetwork? network, string gatewayId, string vpcId, CancellationToken ct)
        {
            if (network?.InternetGatewayId == null || !network.InternetGatewayAttached)
            {
                await AwsCalls.Tolerate(() => Ec2Async("AttachInternetGateway", (c, t) => c.AttachInternetGatewayAsync(
                    new Ec2.AttachInternetGatewayRequest { InternetGatewayId = gatewayId, VpcId = vpcId }, t), ct),
                    "Resource.AlreadyAssociated").ConfigureAwait(false);
                Record($"Attached internet gateway {gatewayId} to {vpcId}");
            }
        }

        private async Task<string> EnsureRouteTableAsync(DiscoveredNetwork? network, string vpcId, CancellationToken ct)
        {
            var tableId = network?.RouteTableId;
            if (tableId == null)
            {
                // CreateRouteTable takes a client token (AWS then answers a repeat with the same table); the look-up also
                // covers backends that ignore it.
                var token = AwsCalls.ClientToken(_names.App, "route-table", vpcId, _runId);
                tableId = await AwsCalls.CreateOnceAsync(async () => (await Ec2Async("CreateRouteTable", (c, t) => c.CreateRouteTableAsync(new Ec2.CreateRouteTableRequest
                    {
                        VpcId = vpcId,
                        ClientToken = token,
                        TagSpecifications = AwsCalls.TagSpecifications("route-table", _endpointTags, _names.RouteTable),
                    }, t), ct, idempotent: false).ConfigureAwait(false)).RouteTable.RouteTableId,
                    () => FindTaggedAsync("DescribeRouteTables", _names.RouteTable, vpcId, async (filters, t) =>
                        (await Ec2Async("DescribeRouteTables", (c, t2) => c.DescribeRouteTablesAsync(new Ec2.DescribeRouteTablesRequest { Filters = filters }, t2), t)
                            .ConfigureAwait(false)).RouteTables.OrEmpty().Select(r => r.RouteTableId), ct),
                    _reporter, "CreateRouteTable", ct, clock: _waiter.Clock).ConfigureAwait(false);
                _fresh.Created(tableId);
                Record($"Created route table {_names.RouteTable} ({tableId})");
            }
            return tableId;
        }

        private async Task EnsureDefaultRouteAsync(DiscoveredNetwork? network, string tableId, string gatewayId, CancellationToken ct)
        {
            if (network?.RouteTableId == null || !network.HasDefaultRoute || network.InternetGatewayId == null)
                await RouteDefaultAsync(tableId, gatewayId, ct).ConfigureAwait(false);
        }

        /// <summary>Points 0.0.0.0/0 in <paramref name="tableId"/> at <paramref name="target"/>: an internet gateway (igw-) or a NAT gateway (nat-).</summary>
        private async Task RouteDefaultAsync(string tableId, string target, CancellationToken ct)
        {
            var nat = target.StartsWith("nat-", StringComparison.Ordinal);
            var added = await AwsCalls.Tolerate(() => Ec2Async("CreateRoute", (c, t) => c.CreateRouteAsync(new Ec2.CreateRouteRequest
            {
                RouteTableId = tableId,
                DestinationCidrBlock = "0.0.0.0/0",
                GatewayId = nat ? null : target,
                NatGatewayId = nat ? target : null,
            }, t), ct), "RouteAlreadyExists").ConfigureAwait(false);
            if (!added)
                await Ec2Async("ReplaceRoute", (c, t) => c.ReplaceRouteAsync(new Ec2.ReplaceRouteRequest
                {
                    RouteTableId = tableId,
                    DestinationCidrBlock = "0.0.0.0/0",
                    GatewayId = nat ? null : target,
                    NatGatewayId = nat ? target : null,
                }, t), ct).ConfigureAwait(false);
            Record($"Route 0.0.0.0/0 -> {target} in {tableId}");
        }

        private async Task AssociateAsync(string tableId, string subnetId, CancellationToken ct)
        {
            await AwsCalls.Tolerate(() => Ec2Async("AssociateRouteTable", (c, t) => c.AssociateRouteTableAsync(new Ec2.AssociateRouteTableRequest
            {
                RouteTableId = tableId,
                SubnetId = subnetId,
            }, t), ct), "Resource.AlreadyAssociated").ConfigureAwait(false);
            Record($"Associated {subnetId} with {tableId}");
        }

        /// <summary>
        /// The id of a resource carrying our app tag and <paramref name="name"/> (in <paramref name="vpcId"/> when given),
        /// or null: what a create call whose answer was lost may have made.
        /// </summary>
        private async Task<string?> FindTaggedAsync(string operation, string name, string? vpcId,
            Func<List<Ec2.Filter>, CancellationToken, Task<IEnumerable<string>>> describe, CancellationToken ct)
        {
            var filters = new List<Ec2.Filter> { AwsCalls.TagFilter(StackNames.AppTagKey, _names.App), AwsCalls.TagFilter("Name", name) };
            if (vpcId != null) filters.Add(AwsCalls.Filter("vpc-id", vpcId));
            var ids = (await describe(filters, ct).ConfigureAwait(false)).OrderBy(id => id, StringComparer.Ordinal).ToList();
            if (ids.Count > 1) _reporter.Verbose($"{operation}: {ids.Count} resources named {name}; the next run removes the extra ones");
            return ids.FirstOrDefault();
        }

        /// <summary>The dedicated network's public subnets carry both the load balancer and the instances.</summary>
        private void UseDedicatedSubnets(List<string> subnets)
        {
            Outputs.LoadBalancerSubnetIds = subnets;
            Outputs.InstanceSubnetIds = subnets;
        }

        // ---------------------------------------------------------------- security groups

        private async Task SecurityGroupsAsync(bool mutate, CancellationToken ct)
        {
            var vpcId = Require(Outputs.VpcId, ResourceGroup.SecurityGroups, "the VPC");
            var albGroup = _found.LoadBalancerSecurityGroup?.VpcId == vpcId ? _found.LoadBalancerSecurityGroup : null;
            var instanceGroup = _found.InstanceSecurityGroup?.VpcId == vpcId ? _found.InstanceSecurityGroup : null;
            if (!mutate)
            {
                Outputs.LoadBalancerSecurityGroupId = albGroup?.GroupId;
                Outputs.InstanceSecurityGroupId = instanceGroup?.GroupId;
                return;
            }

            // Both groups first, then both sets of rules: a new group is "not found" for a while, waited out once.
            var albTask = EnsureGroupAsync(albGroup, _names.LoadBalancerSecurityGroup,
                "Load balancer of " + _names.App + ": HTTPS, and HTTP that only redirects", vpcId, ct);
            var instanceTask = EnsureGroupAsync(instanceGroup, _names.InstanceSecurityGroup,
                "Container instances of " + _names.App + ": reachable only from its load balancer", vpcId, ct);
            await Task.WhenAll(albTask, instanceTask).ConfigureAwait(false);
            var albId = Outputs.LoadBalancerSecurityGroupId = albTask.Result;
            var instanceId = Outputs.InstanceSecurityGroupId = instanceTask.Result;
            var albRules = _spec.AllowedCidr.SelectMany(cidr => new[]
            {
                new IngressRule(StackDefaults.HttpsPort, StackDefaults.HttpsPort, cidr, null),
                new IngressRule(StackDefaults.HttpPort, StackDefaults.HttpPort, cidr, null),
            }).ToList();
            var rules = new List<Task> { EnsureRulesAsync(albId, albGroup?.Ingress ?? new List<IngressRule>(), albRules, ct) };
            // The instances' rule follows the apps' ports: an endpoint's own plan leaves that group out (and as it is).
            if (instanceGroup == null || ActionOf("security group", _names.InstanceSecurityGroup) != PlanAction.Keep)
            {
                var instanceIngress = instanceGroup?.Ingress ?? new List<IngressRule>();
                rules.Add(EnsureRulesAsync(instanceId, instanceIngress, StackPlanner.DesiredInstanceIngress(_inputs, albId, instanceIngress), ct));
            }
            await Task.WhenAll(rules).ConfigureAwait(false);
        }

        private async Task<string> EnsureGroupAsync(DiscoveredSecurityGroup? existing, string name, string description, string vpcId, CancellationToken ct)
        {
            if (existing != null) return existing.GroupId;
            try
            {
                var created = await Ec2Async("CreateSecurityGroup", (c, t) => c.CreateSecurityGroupAsync(new Ec2.CreateSecurityGroupRequest
                {
                    GroupName = name,
                    Description = description,
                    VpcId = vpcId,
                    TagSpecifications = AwsCalls.TagSpecifications("security-group", _endpointTags, name),
                }, t), ct).ConfigureAwait(false);
                _fresh.Created(created.GroupId);
                Record($"Created security group {name} ({created.GroupId})");
                return created.GroupId;
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "InvalidGroup.Duplicate")
            {
                // Made by a run that stopped before discovery could see it, or by this run's call whose answer was lost:
                // adopt it. Either way it is new, so EC2 may not show it to the next call yet (as after a create).
                var again = await Ec2Async("DescribeSecurityGroups", (c, t) => c.DescribeSecurityGroupsAsync(new Ec2.DescribeSecurityGroupsRequest
                {
                    Filters = new List<Ec2.Filter> { AwsCalls.Filter("vpc-id", vpcId), AwsCalls.Filter("group-name", name) },
                }, t), ct).ConfigureAwait(false);
                var adopted = again.SecurityGroups.OrEmpty().First().GroupId;
                _fresh.Created(adopted);
                return adopted;
            }
        }

        private async Task EnsureRulesAsync(string groupId, IList<IngressRule> actual, IList<IngressRule> desired, CancellationToken ct)
        {
            var missing = desired.Where(r => !actual.Contains(r)).ToList();
            var extra = actual.Where(r => !desired.Contains(r)).ToList();
            if (missing.Count > 0)
            {
                Task Authorize(IEnumerable<IngressRule> rules) => Ec2Async("AuthorizeSecurityGroupIngress", (c, t) => c.AuthorizeSecurityGroupIngressAsync(
                    new Ec2.AuthorizeSecurityGroupIngressRequest { GroupId = groupId, IpPermissions = rules.Select(Permission).ToList() }, t), ct);
                try
                {
                    await Authorize(missing).ConfigureAwait(false);
                }
                catch (AwsServiceException ex) when (AwsAnswers.IsDuplicateRule(ex) && missing.Count > 1)
                {
                    // The call is all or nothing: one rule that is there already (added since discovery) refused all of
                    // them. Add them one by one, each tolerating its own duplicate.
                    foreach (var rule in missing)
                        await AwsCalls.Tolerate(() => Authorize(new[] { rule }), "InvalidPermission.Duplicate").ConfigureAwait(false);
                }
                catch (AwsServiceException ex) when (AwsAnswers.IsDuplicateRule(ex))
                {
                    // The one rule asked for is there already.
                }
                foreach (var rule in missing) Record($"Allowed {rule} into {groupId}");
            }
            if (extra.Count > 0)
            {
                await AwsCalls.Tolerate(() => Ec2Async("RevokeSecurityGroupIngress", (c, t) => c.RevokeSecurityGroupIngressAsync(
                    new Ec2.RevokeSecurityGroupIngressRequest { GroupId = groupId, IpPermissions = extra.Select(Permission).ToList() }, t), ct),
                    "InvalidPermission.NotFound").ConfigureAwait(false);
                foreach (var rule in extra) Record($"Revoked {rule} from {groupId}");
            }
        }

        private static Ec2.IpPermission Permission(IngressRule rule)
        {
            var permission = new Ec2.IpPermission { IpProtocol = rule.Protocol };
            if (rule.Protocol != "-1")
            {
                permission.FromPort = rule.FromPort;
                permission.ToPort = rule.ToPort;
            }
            if (rule.SourceGroupId != null)
                permission.UserIdGroupPairs = new List<Ec2.UserIdGroupPair> { new Ec2.UserIdGroupPair { GroupId = rule.SourceGroupId } };
            else if (rule.Cidr != null && rule.Cidr.Contains(":"))
                permission.Ipv6Ranges = new List<Ec2.Ipv6Range> { new Ec2.Ipv6Range { CidrIpv6 = rule.Cidr } };
            else
                permission.Ipv4Ranges = new List<Ec2.IpRange> { new Ec2.IpRange { CidrIp = rule.Cidr } };
            return permission;
        }
    }
}
