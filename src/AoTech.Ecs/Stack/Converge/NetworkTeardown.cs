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
    /// <summary>The kinds of EC2 network resource a teardown deletes (their order is <see cref="NetworkTeardown"/>'s steps).</summary>
    internal enum NetworkKind
    {
        SecurityGroup,
        RouteTable,
        InternetGateway,
        Subnet,
        Vpc,
    }

    /// <summary>One network resource to delete, with what holds it (undone first) and the line recorded once it is gone.</summary>
    internal sealed class NetworkResource
    {
        public NetworkResource(NetworkKind kind, string id, string text, string deleted)
        {
            Kind = kind;
            Id = id;
            Text = text;
            Deleted = deleted;
        }

        public NetworkKind Kind { get; }
        public string Id { get; }
        /// <summary>"security group aotech-web-alb (sg-1)", as progress and warnings name it.</summary>
        public string Text { get; }
        /// <summary>What the teardown records once the resource is gone.</summary>
        public string Deleted { get; }
        /// <summary>Internet gateway: the VPCs it is attached to (detached first).</summary>
        public IReadOnlyList<string> AttachedVpcIds { get; set; } = Array.Empty<string>();
        /// <summary>Route table: its subnet associations (disassociated first).</summary>
        public IReadOnlyList<string> AssociationIds { get; set; } = Array.Empty<string>();

        private static readonly Dictionary<ExtraKind, NetworkKind> KindOfExtra = new Dictionary<ExtraKind, NetworkKind>
        {
            [ExtraKind.SecurityGroup] = NetworkKind.SecurityGroup,
            [ExtraKind.RouteTable] = NetworkKind.RouteTable,
            [ExtraKind.InternetGateway] = NetworkKind.InternetGateway,
            [ExtraKind.Subnet] = NetworkKind.Subnet,
            [ExtraKind.Vpc] = NetworkKind.Vpc,
        };

        /// <summary>A copy discovery found besides the one in use (<see cref="DiscoveredExtra.IsNetwork"/>).</summary>
        public static NetworkResource FromExtra(DiscoveredExtra extra) => new NetworkResource(KindOfExtra[extra.Kind], extra.Id,
            $"{extra.KindText} {extra.Description}",
            extra.Why == null ? $"Deleted extra {extra.KindText} {extra.Description}" : $"Deleted {extra.KindText} {extra.Description}: {extra.Why}")
        {
            AttachedVpcIds = extra.AttachedVpcIds.ToList(),
            AssociationIds = extra.AssociationIds.ToList(),
        };

        /// <summary>
        /// The app's own security groups (the instances' first: it refers to the load balancer's) and its dedicated
        /// network; a given network (-VpcId/-SubnetId) is never deleted.
        /// </summary>
        public static IEnumerable<NetworkResource> OfApp(DiscoveredStack found)
        {
            foreach (var group in new[] { found.InstanceSecurityGroup, found.LoadBalancerSecurityGroup }.Where(g => g != null).Select(g => g!))
                yield return Own(NetworkKind.SecurityGroup, "security group", group.GroupId);
            var network = found.Network;
            if (network == null || network.IsExisting) yield break;
            if (network.RouteTableId != null)
            {
                var table = Own(NetworkKind.RouteTable, "route table", network.RouteTableId);
                table.AssociationIds = network.RouteTableAssociationIds.ToList();
                yield return table;
            }
            if (network.InternetGatewayId != null)
            {
                var gateway = Own(NetworkKind.InternetGateway, "internet gateway", network.InternetGatewayId);
                gateway.AttachedVpcIds = network.InternetGatewayAttached ? new[] { network.VpcId } : Array.Empty<string>();
                yield return gateway;
            }
            foreach (var subnet in network.Subnets) yield return Own(NetworkKind.Subnet, "subnet", subnet.SubnetId);
            yield return Own(NetworkKind.Vpc, "VPC", network.VpcId);
        }

        private static NetworkResource Own(NetworkKind kind, string kindText, string id) =>
            new NetworkResource(kind, id, $"{kindText} {id}", $"Deleted {kindText} {id}");
    }

    /// <summary>
    /// Deletes EC2 network resources, the app's own and the copies it no longer uses, in dependency order (see
    /// <see cref="Steps"/>). Each deletion tolerates "already gone" and is repeated while EC2 answers DependencyViolation:
    /// network interfaces of a load balancer or instances that just went hold groups and subnets for a while. Used by
    /// Remove-AoEcsApp (everything must go) and by New-AoEcsApp's cleanup of extras (what stays held is left with a warning).
    /// </summary>
    internal sealed class NetworkTeardown
    {
        /// <summary>
        /// What goes in which order: each step starts once the one before has ended; the kinds of one step go side by side.
        /// A new kind of resource gets its place here and its case in <see cref="DeleteOneAsync"/>.
        /// </summary>
        private static readonly NetworkKind[][] Steps =
        {
            new[] { NetworkKind.SecurityGroup },
            new[] { NetworkKind.RouteTable, NetworkKind.InternetGateway },
            new[] { NetworkKind.Subnet },
            new[] { NetworkKind.Vpc },
        };

        /// <summary>Kinds whose resources go one after another, in the order given (a security group can refer to the next).</summary>
        private static readonly HashSet<NetworkKind> OneAfterAnother = new HashSet<NetworkKind> { NetworkKind.SecurityGroup };

        private readonly AwsConnection _aws;
        private readonly Waiter _waiter;
        private readonly RetryRule _dependency;
        private readonly IStackReporter _reporter;
        private readonly Action<string> _record;

        /// <param name="dependency">How long a deletion is repeated while EC2 answers DependencyViolation.</param>
        public NetworkTeardown(AwsConnection connection, Waiter waiter, RetryRule dependency, IStackReporter reporter, Action<string> record)
        {
            _aws = connection;
            _waiter = waiter;
            _dependency = dependency;
            _reporter = reporter;
            _record = record;
        }

        /// <summary>
        /// True (Remove-AoEcsApp): a resource still held past the rule's limit is an error, and later steps do not start.
        /// False (New-AoEcsApp): it is left with a warning, as the stack does not need it.
        /// </summary>
        public bool FailWhenBusy { get; set; }

        public async Task DeleteAsync(IEnumerable<NetworkResource> resources, CancellationToken ct)
        {
            var all = resources.ToList();
            foreach (var step in Steps)
            {
                // WhenAll lets every kind of the step run to its end; it then throws the first failure.
                await Task.WhenAll(step.Select(kind =>
                {
                    var ofKind = all.Where(r => r.Kind == kind).ToList();
                    return OneAfterAnother.Contains(kind) ? OneByOneAsync(ofKind, ct) : Task.WhenAll(ofKind.Select(r => DeleteAndRecordAsync(r, ct)));
                })).ConfigureAwait(false);
            }
        }

        private async Task OneByOneAsync(IEnumerable<NetworkResource> resources, CancellationToken ct)
        {
            foreach (var resource in resources) await DeleteAndRecordAsync(resource, ct).ConfigureAwait(false);
        }

        private async Task DeleteAndRecordAsync(NetworkResource resource, CancellationToken ct)
        {
            try
            {
                await DeleteOneAsync(resource, ct).ConfigureAwait(false);
                _record(resource.Deleted);
            }
            catch (AwsServiceException ex) when (!FailWhenBusy && _dependency.Matches(ex))
            {
                _reporter.Warning($"{resource.Text} is still in use ({ex.ErrorCode}); left for now, the next New-AoEcsApp or Remove-AoEcsApp removes it.");
            }
        }

        private Task WhileHeld(NetworkResource resource, Func<Task<bool>> call, CancellationToken ct) =>
            _waiter.RetryAsync("Deleting " + resource.Text, call, ct, _dependency);

        private async Task DeleteOneAsync(NetworkResource resource, CancellationToken ct)
        {
            var id = resource.Id;
            switch (resource.Kind)
            {
                case NetworkKind.SecurityGroup:
                    await WhileHeld(resource, () => AwsCalls.Tolerate(() => _aws.Ec2("DeleteSecurityGroup", (c, t) => c.DeleteSecurityGroupAsync(
                        new Ec2.DeleteSecurityGroupRequest { GroupId = id }, t), ct), "InvalidGroup.NotFound"), ct).ConfigureAwait(false);
                    break;
                case NetworkKind.RouteTable:
                    await Task.WhenAll(resource.AssociationIds.Select(association => AwsCalls.Tolerate(() => _aws.Ec2("DisassociateRouteTable",
                        (c, t) => c.DisassociateRouteTableAsync(new Ec2.DisassociateRouteTableRequest { AssociationId = association }, t), ct),
                        "InvalidAssociationID.NotFound"))).ConfigureAwait(false);
                    await WhileHeld(resource, () => AwsCalls.Tolerate(() => _aws.Ec2("DeleteRouteTable", (c, t) => c.DeleteRouteTableAsync(
                        new Ec2.DeleteRouteTableRequest { RouteTableId = id }, t), ct), "InvalidRouteTableID.NotFound"), ct).ConfigureAwait(false);
                    break;
                case NetworkKind.InternetGateway:
                    // Detaching waits while the VPC still has mapped public addresses (instances, load balancer nodes going).
                    foreach (var vpcId in resource.AttachedVpcIds)
                        await WhileHeld(resource, () => AwsCalls.Tolerate(() => _aws.Ec2("DetachInternetGateway", (c, t) => c.DetachInternetGatewayAsync(
                            new Ec2.DetachInternetGatewayRequest { InternetGatewayId = id, VpcId = vpcId }, t), ct),
                            "Gateway.NotAttached", "InvalidInternetGatewayID.NotFound"), ct).ConfigureAwait(false);
                    await WhileHeld(resource, () => AwsCalls.Tolerate(() => _aws.Ec2("DeleteInternetGateway", (c, t) => c.DeleteInternetGatewayAsync(
                        new Ec2.DeleteInternetGatewayRequest { InternetGatewayId = id }, t), ct), "InvalidInternetGatewayID.NotFound"), ct).ConfigureAwait(false);
                    break;
                case NetworkKind.Subnet:
                    await WhileHeld(resource, () => AwsCalls.Tolerate(() => _aws.Ec2("DeleteSubnet", (c, t) => c.DeleteSubnetAsync(
                        new Ec2.DeleteSubnetRequest { SubnetId = id }, t), ct), "InvalidSubnetID.NotFound"), ct).ConfigureAwait(false);
                    break;
                case NetworkKind.Vpc:
                    await WhileHeld(resource, () => AwsCalls.Tolerate(() => _aws.Ec2("DeleteVpc", (c, t) => c.DeleteVpcAsync(
                        new Ec2.DeleteVpcRequest { VpcId = id }, t), ct), "InvalidVpcID.NotFound"), ct).ConfigureAwait(false);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(resource), resource.Kind, "no deletion for this kind of network resource");
            }
        }
    }
}
