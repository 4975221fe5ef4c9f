using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Stack.Planning;
using AoTech.Ecs.Waiting;
using Acm = AoTech.Ecs.Aws.Services.Acm;
using EcsApi = AoTech.Ecs.Aws.Services.Ecs;
using Elb = AoTech.Ecs.Aws.Services.Elb;
using Iam = AoTech.Ecs.Aws.Services.Iam;
using Logs = AoTech.Ecs.Aws.Services.Logs;
using R53 = AoTech.Ecs.Aws.Services.Route53;

namespace AoTech.Ecs.Stack.Converge
{
    /// <summary>
    /// Deletes what discovery found the app no longer uses (DiscoveredStack.Extras: a certificate not on its listener, a
    /// retired alias record, a listener on another port, a role under its IAM path, a copy of its task definition
    /// revision, a log group under its name; and, through <see cref="NetworkTeardown"/>, a second VPC, gateway, route
    /// table, subnet or security group tagged for the app) in <see cref="ExtraKind"/> order, undoing what holds each one
    /// first (role policies; route table associations, gateway attachments). Shared by New-AoEcsApp (which keeps what it uses and what it reports, see
    /// DiscoveredExtra.LeftBecause) and Remove-AoEcsApp (which removes everything). Every step tolerates "already gone".
    /// </summary>
    internal sealed class ExtraResources
    {
        private readonly AwsConnection _aws;
        private readonly Waiter _waiter;
        private readonly RetryRule _dependency;
        private readonly RetryRule _certificateInUse;
        private readonly RetryRule _roleInUse;
        private readonly IStackReporter _reporter;
        private readonly Action<string> _record;

        /// <param name="busyLimit">
        /// How long a deletion is repeated while AWS says something still holds it; null: as long as each documented delay
        /// lasts (network interfaces let go, ACM releasing a certificate, IAM an instance profile's role).
        /// </param>
        public ExtraResources(AwsConnection connection, Waiter waiter, StackWaits waits, TimeSpan? busyLimit, IStackReporter reporter,
            Action<string> record)
        {
            _aws = connection;
            _waiter = waiter;
            RetryRule Limited(RetryRule rule) => busyLimit == null ? rule : rule.WithLimit(busyLimit.Value);
            _dependency = Limited(waits.DependencyRule);
            _certificateInUse = Limited(waits.CertificateInUseRule);
            _roleInUse = Limited(waits.RoleInUseRule);
            _reporter = reporter;
            _record = record;
        }

        /// <summary>
        /// False (New-AoEcsApp): an extra still in use by something else after the busy rule's limit is left with a
        /// warning, as the stack does not need it. True (Remove-AoEcsApp): that is an error, nothing may be left.
        /// </summary>
        public bool FailWhenBusy { get; set; }

        public async Task DeleteAsync(IEnumerable<DiscoveredExtra> extras, CancellationToken ct)
        {
            var all = extras.ToList();
            foreach (var extra in all.Where(e => !e.IsNetwork).OrderBy(e => e.Kind))
            {
                try
                {
                    await DeleteOneAsync(extra, ct).ConfigureAwait(false);
                    _record(extra.Why == null
                        ? $"Deleted extra {extra.KindText} {extra.Description}"
                        : $"Deleted {extra.KindText} {extra.Description}: {extra.Why}");
                }
                catch (AwsServiceException ex) when (!FailWhenBusy && (_dependency.Matches(ex) || _certificateInUse.Matches(ex) || _roleInUse.Matches(ex)))
                {
                    _reporter.Warning($"{extra.KindText} {extra.Description} is still in use ({ex.ErrorCode}); left for now, " +
                                     "the next New-AoEcsApp or Remove-AoEcsApp removes it.");
                }
            }
            // The network copies last (ExtraKind puts them there): they go through the one network deleter.
            var network = all.Where(e => e.IsNetwork).Select(NetworkResource.FromExtra).ToList();
            if (network.Count > 0)
                await new NetworkTeardown(_aws, _waiter, _dependency, _reporter, _record) { FailWhenBusy = FailWhenBusy }.DeleteAsync(network, ct)
                    .ConfigureAwait(false);
        }

        private Task<bool> WhileBusy(string what, Func<Task<bool>> delete, CancellationToken ct, RetryRule? rule = null) =>
            _waiter.RetryAsync("Deleting " + what, delete, ct, rule ?? _dependency);

        private async Task DeleteOneAsync(DiscoveredExtra extra, CancellationToken ct)
        {
            var what = extra.KindText + " " + extra.Id;
            switch (extra.Kind)
            {
                case ExtraKind.AliasRecord:
                    foreach (var alias in extra.Records) await DeleteRecordAsync(_aws, alias, ct).ConfigureAwait(false);
                    break;
                case ExtraKind.Certificate:
                    await WhileBusy(what, () => AwsCalls.Tolerate(() => _aws.SendAsync(new Acm.DeleteCertificateRequest { CertificateArn = extra.Id }, ct),
                        "ResourceNotFoundException"), ct, _certificateInUse).ConfigureAwait(false);
                    foreach (var validation in extra.Records) await DeleteRecordAsync(_aws, validation, ct).ConfigureAwait(false);
                    break;
                case ExtraKind.Listener:
                    await AwsCalls.Tolerate(() => _aws.SendAsync(new Elb.DeleteListenerRequest { ListenerArn = extra.Id }, ct), "ListenerNotFound")
                        .ConfigureAwait(false);
                    break;
                case ExtraKind.TaskDefinition:
                    await AwsCalls.Tolerate(() => _aws.SendAsync(new EcsApi.DeregisterTaskDefinitionRequest { TaskDefinition = extra.Id }, ct), "ClientException")
                        .ConfigureAwait(false);
                    break;
                case ExtraKind.Role:
                    await DeleteRoleAsync(_aws, extra.Id, null, (name, delete) => WhileBusy("IAM role " + name, delete, ct, _roleInUse), ct).ConfigureAwait(false);
                    break;
                case ExtraKind.LogGroup:
                    await AwsCalls.Tolerate(() => _aws.SendAsync(new Logs.DeleteLogGroupRequest { LogGroupName = extra.Id }, ct), "ResourceNotFoundException")
                        .ConfigureAwait(false);
                    break;
            }
        }

        /// <summary>Deletes a record set exactly as it is (a DELETE must match the record); one already gone is fine.</summary>
        internal static Task DeleteRecordAsync(AwsConnection aws, ZoneRecord zoneRecord, CancellationToken ct)
        {
            var record = zoneRecord.Record;
            return AwsCalls.Tolerate(() => aws.SendAsync(new R53.ChangeResourceRecordSetsRequest
            {
                HostedZoneId = zoneRecord.ZoneId,
                ChangeBatch = new R53.ChangeBatch
                {
                    Changes = new List<R53.Change>
                    {
                        new R53.Change
                        {
                            Action = "DELETE",
                            ResourceRecordSet = new R53.ResourceRecordSet
                            {
                                Name = record.Name,
                                Type = record.Type,
                                TTL = record.AliasDnsName == null ? record.Ttl : null,
                                ResourceRecords = record.AliasDnsName == null
                                    ? record.Values.Select(v => new R53.ResourceRecord { Value = v }).ToList()
                                    : null,
                                AliasTarget = record.AliasDnsName == null ? null : new R53.AliasTarget
                                {
                                    DNSName = record.AliasDnsName,
                                    HostedZoneId = record.AliasHostedZoneId,
                                    EvaluateTargetHealth = record.AliasEvaluateTargetHealth,
                                },
                            },
                        },
                    },
                },
            }, ct), "InvalidChangeBatch");
        }

        /// <summary>
        /// Deletes an IAM role with what holds it: its managed policies (<paramref name="attachedPolicyArns"/> when
        /// discovery read them, else listed), its inline policies and, for a role that is not the stack's own, its
        /// instance profiles' hold on it. <paramref name="whileBusy"/> repeats the delete while IAM says DeleteConflict.
        /// </summary>
        internal static async Task DeleteRoleAsync(AwsConnection aws, string roleName, IEnumerable<string>? attachedPolicyArns,
            Func<string, Func<Task<bool>>, Task> whileBusy, CancellationToken ct)
        {
            var policies = attachedPolicyArns?.ToList() ??
                (await AwsCalls.OrNull(() => aws.SendAsync(new Iam.ListAttachedRolePoliciesRequest { RoleName = roleName }, ct), "NoSuchEntity")
                    .ConfigureAwait(false))?.AttachedPolicies.OrEmpty().Select(p => p.PolicyArn ?? "").ToList() ?? new List<string>();
            foreach (var policy in policies)
                await AwsCalls.Tolerate(() => aws.SendAsync(new Iam.DetachRolePolicyRequest { RoleName = roleName, PolicyArn = policy }, ct), "NoSuchEntity")
                    .ConfigureAwait(false);
            var inline = await AwsCalls.OrNull(() => aws.SendAsync(new Iam.ListRolePoliciesRequest { RoleName = roleName }, ct), "NoSuchEntity").ConfigureAwait(false);
            foreach (var policy in inline?.PolicyNames.OrEmpty() ?? new List<string>())
                await AwsCalls.Tolerate(() => aws.SendAsync(new Iam.DeleteRolePolicyRequest { RoleName = roleName, PolicyName = policy }, ct), "NoSuchEntity")
                    .ConfigureAwait(false);
            if (attachedPolicyArns == null)
            {
                var profiles = await AwsCalls.OrNull(() => aws.SendAsync(new Iam.ListInstanceProfilesForRoleRequest { RoleName = roleName }, ct), "NoSuchEntity")
                    .ConfigureAwait(false);
                foreach (var profile in profiles?.InstanceProfiles.OrEmpty() ?? new List<Iam.InstanceProfile>())
                    await AwsCalls.Tolerate(() => aws.SendAsync(new Iam.RemoveRoleFromInstanceProfileRequest
                    {
                        InstanceProfileName = profile.InstanceProfileName,
                        RoleName = roleName,
                    }, ct), "NoSuchEntity").ConfigureAwait(false);
            }
            await whileBusy(roleName, () => AwsCalls.Tolerate(() => aws.SendAsync(new Iam.DeleteRoleRequest { RoleName = roleName }, ct), "NoSuchEntity"))
                .ConfigureAwait(false);
        }
    }
}
