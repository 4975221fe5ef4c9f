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
    /// Deletes the extra copies of network resources discovery found (DiscoveredStack.Extras: a second VPC, gateway,
    /// route table, subnet or security group tagged for the app) in dependency order, undoing what holds each one
    /// first (route table associations, gateway attachments). Shared by New-AoEcsApp (which keeps the copies in use)
    /// and Remove-AoEcsApp (which removes everything). Every step tolerates "already gone".
    /// </summary>
    internal sealed class ExtraResources
    {
        private readonly AwsConnection aws;
        private readonly Waiter waiter;
        private readonly RetryRule busy;
        private readonly IStackReporter reporter;
        private readonly Action<string> record;

        /// <param name="busy">How long a deletion is repeated while AWS says a dependency is still being released.</param>
        public ExtraResources(AwsConnection connection, Waiter waiter, RetryRule busy, IStackReporter reporter, Action<string> record)
        {
            aws = connection;
            this.waiter = waiter;
            this.busy = busy;
            this.reporter = reporter;
            this.record = record;
        }

        /// <summary>
        /// False (New-AoEcsApp): an extra still in use by something else after the busy rule's limit is left with a
        /// warning, as the stack does not need it. True (Remove-AoEcsApp): that is an error, nothing may be left.
        /// </summary>
        public bool FailWhenBusy { get; set; }

        public async Task DeleteAsync(IEnumerable<DiscoveredExtra> extras, CancellationToken ct)
        {
            foreach (var extra in extras.OrderBy(e => e.Kind))
            {
                try
                {
                    await DeleteOneAsync(extra, ct).ConfigureAwait(false);
                    record($"Deleted extra {extra.KindText} {extra.Description}");
                }
                catch (AwsServiceException ex) when (!FailWhenBusy && busy.Matches(ex))
                {
                    reporter.Warning($"Extra {extra.KindText} {extra.Description} is still in use ({ex.ErrorCode}); left for now, Remove-AoEcsApp removes it.");
                }
            }
        }

        private Task<bool> WhileBusy(string what, Func<Task<bool>> delete, CancellationToken ct) =>
            waiter.RetryAsync("Deleting " + what, delete, ct, busy);

        private async Task DeleteOneAsync(DiscoveredExtra extra, CancellationToken ct)
        {
            var what = extra.KindText + " " + extra.Id;
            switch (extra.Kind)
            {
                case ExtraKind.RouteTable:
                    foreach (var association in extra.AssociationIds)
                        await AwsCalls.Tolerate(() => aws.Ec2("DisassociateRouteTable", (c, t) => c.DisassociateRouteTableAsync(
                            new Ec2.DisassociateRouteTableRequest { AssociationId = association }, t), ct), "InvalidAssociationID.NotFound").ConfigureAwait(false);
                    await WhileBusy(what, () => AwsCalls.Tolerate(() => aws.Ec2("DeleteRouteTable", (c, t) => c.DeleteRouteTableAsync(
                        new Ec2.DeleteRouteTableRequest { RouteTableId = extra.Id }, t), ct), "InvalidRouteTableID.NotFound"), ct).ConfigureAwait(false);
                    break;
                case ExtraKind.InternetGateway:
                    foreach (var vpcId in extra.AttachedVpcIds)
                        await WhileBusy(what, () => AwsCalls.Tolerate(() => aws.Ec2("DetachInternetGateway", (c, t) => c.DetachInternetGatewayAsync(
                            new Ec2.DetachInternetGatewayRequest { InternetGatewayId = extra.Id, VpcId = vpcId }, t), ct),
                            "Gateway.NotAttached", "InvalidInternetGatewayID.NotFound"), ct).ConfigureAwait(false);
                    await WhileBusy(what, () => AwsCalls.Tolerate(() => aws.Ec2("DeleteInternetGateway", (c, t) => c.DeleteInternetGatewayAsync(
                        new Ec2.DeleteInternetGatewayRequest { InternetGatewayId = extra.Id }, t), ct), "InvalidInternetGatewayID.NotFound"), ct).ConfigureAwait(false);
                    break;
                case ExtraKind.SecurityGroup:
                    await WhileBusy(what, () => AwsCalls.Tolerate(() => aws.Ec2("DeleteSecurityGroup", (c, t) => c.DeleteSecurityGroupAsync(
                        new Ec2.DeleteSecurityGroupRequest { GroupId = extra.Id }, t), ct), "InvalidGroup.NotFound"), ct).ConfigureAwait(false);
                    break;
                case ExtraKind.Subnet:
                    await WhileBusy(what, () => AwsCalls.Tolerate(() => aws.Ec2("DeleteSubnet", (c, t) => c.DeleteSubnetAsync(
                        new Ec2.DeleteSubnetRequest { SubnetId = extra.Id }, t), ct), "InvalidSubnetID.NotFound"), ct).ConfigureAwait(false);
                    break;
                case ExtraKind.Vpc:
                    await WhileBusy(what, () => AwsCalls.Tolerate(() => aws.Ec2("DeleteVpc", (c, t) => c.DeleteVpcAsync(
                        new Ec2.DeleteVpcRequest { VpcId = extra.Id }, t), ct), "InvalidVpcID.NotFound"), ct).ConfigureAwait(false);
                    break;
            }
        }
    }
}
