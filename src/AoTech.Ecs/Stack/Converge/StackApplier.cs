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
using AoTech.Ecs.Waiting;
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
    /// <summary>Values the run needs besides the plan: who and where.</summary>
    public sealed class ApplyContext
    {
        public ApplyContext(string accountId, string hostedZoneId)
        {
            AccountId = accountId;
            HostedZoneId = hostedZoneId;
        }

        public string AccountId { get; }
        public string HostedZoneId { get; }
    }

    /// <summary>Ids and names produced or confirmed by the run: the outputs of one group are the inputs of the next.</summary>
    public sealed class ApplyOutputs
    {
        public string? VpcId { get; set; }
        /// <summary>One public subnet per Availability Zone.</summary>
        public List<string> LoadBalancerSubnetIds { get; set; } = new List<string>();
        /// <summary>Subnets that give instances outbound access (the Auto Scaling group's).</summary>
        public List<string> InstanceSubnetIds { get; set; } = new List<string>();
        public string? LoadBalancerSecurityGroupId { get; set; }
        public string? InstanceSecurityGroupId { get; set; }
        public string? CertificateArn { get; set; }
        public string? CertificateStatus { get; set; }
        public string? InstanceProfileArn { get; set; }
        public string? ExecutionRoleArn { get; set; }
        public string? LoadBalancerArn { get; set; }
        public string? LoadBalancerDnsName { get; set; }
        public string? LoadBalancerZoneId { get; set; }
        public string? TargetGroupArn { get; set; }
        public string? LaunchTemplateId { get; set; }
        public string? AutoScalingGroupArn { get; set; }
        public string? ClusterArn { get; set; }
        public string? TaskDefinitionArn { get; set; }
        public string? ServiceArn { get; set; }
    }

    /// <summary>
    /// Carries out a plan: each resource group in its own task, started as soon as the groups it depends on are done,
    /// so independent groups run in parallel. The certificate is requested first and its DNS validation runs while
    /// everything else is built; only the HTTPS listener (and the service behind it) waits for it.
    /// Every step converges: it creates what is missing, fixes what differs, and treats "already exists" as adopt,
    /// so a run interrupted anywhere is completed by the next one without duplicates.
    /// Each group's steps are in StackApplier.&lt;Group&gt;.cs beside this file.
    /// </summary>
    public sealed partial class StackApplier
    {
        private readonly AwsConnection aws;
        private readonly PlanInputs inputs;
        private readonly DiscoveredStack found;
        private readonly StackPlan plan;
        private readonly ApplyContext context;
        private readonly IStackReporter reporter;
        private readonly StackWaits waits;
        private readonly Waiter waiter;
        /// <summary>EC2 ids this run made: a NotFound answer naming one of them is EC2's eventual consistency, waited out.</summary>
        private readonly FreshEc2Resources fresh;
        private readonly ISet<ResourceGroup> approved;
        private readonly StackNames names;
        private readonly AppSpec spec;
        private readonly IDictionary<string, string> tags;
        private readonly Dictionary<ResourceGroup, Task> running = new Dictionary<ResourceGroup, Task>();
        private readonly List<string> done = new List<string>();
        /// <summary>Set when the certificate still needs validation; the HTTPS listener waits for it on demand.</summary>
        private string? pendingCertificateArn;
        private Task? certificateWait;
        private readonly object certificateLock = new object();
        /// <summary>Part of the client tokens of this run: a retry within the run is the same request, a later run a new one.</summary>
        private readonly string runId = Guid.NewGuid().ToString("N");

        /// <summary>Waits (once, however many callers) until the pending certificate is issued.</summary>
        private Task CertificateIssuedAsync(CancellationToken ct)
        {
            lock (certificateLock)
            {
                if (pendingCertificateArn == null) return Task.CompletedTask;
                return certificateWait ??= WaitIssuedAsync(pendingCertificateArn, ct);
            }
        }

        public StackApplier(AwsConnection connection, PlanInputs inputs, DiscoveredStack found, StackPlan plan, ApplyContext context,
            IStackReporter reporter, ISet<ResourceGroup> approvedGroups, StackWaits? waits = null)
        {
            aws = connection;
            this.waits = waits ?? new StackWaits();
            waiter = this.waits.Waiter(reporter);
            fresh = new FreshEc2Resources(this.waits.Clock, this.waits.Ec2Visibility);
            var network = found.Network;
            if (network != null && !network.IsExisting)
                fresh.Known(new[] { network.VpcId, network.InternetGatewayId, network.RouteTableId, found.LoadBalancerSecurityGroup?.GroupId,
                    found.InstanceSecurityGroup?.GroupId }.Concat(network.Subnets.Select(s => s.SubnetId)));
            this.inputs = inputs;
            this.found = found;
            this.plan = plan;
            this.context = context;
            this.reporter = reporter;
            approved = approvedGroups;
            names = inputs.Names;
            spec = inputs.Spec;
            tags = names.Tags(spec.Tags);
        }

        public ApplyOutputs Outputs { get; } = new ApplyOutputs();

        /// <summary>What was created or changed, one line per resource.</summary>
        public IReadOnlyList<string> Done
        {
            get { lock (done) return done.ToList(); }
        }

        /// <summary>Groups left out because they were not confirmed (or depend on one that was not).</summary>
        public List<ResourceGroup> Skipped { get; } = new List<ResourceGroup>();

        private void Record(string what)
        {
            lock (done) done.Add(what);
            reporter.Verbose(what);
        }

        public async Task ApplyAsync(CancellationToken ct)
        {
            // Each group starts once, after its dependencies; the tasks are awaited together below, through `running`.
            foreach (ResourceGroup group in Enum.GetValues(typeof(ResourceGroup))) _ = Start(group, ct);
            try
            {
                await Task.WhenAll(running.Values).ConfigureAwait(false);
            }
            catch
            {
                // Report the first real failure, not a dependent's "skipped".
                var failure = running.Values.Where(t => t.IsFaulted).SelectMany(t => t.Exception!.InnerExceptions)
                    .FirstOrDefault(e => !(e is GroupSkippedException));
                if (failure != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
                ct.ThrowIfCancellationRequested();
                if (running.Values.Any(t => t.IsCanceled)) throw new OperationCanceledException(ct);
            }
            foreach (var pair in running.Where(p => p.Value.IsFaulted)) Skipped.Add(pair.Key);
        }

        private Task Start(ResourceGroup group, CancellationToken ct)
        {
            if (running.TryGetValue(group, out var existing)) return existing;
            var dependencies = StackPlan.DependsOn(group).Select(d => Start(d, ct)).ToArray();
            var task = Task.Run(async () =>
            {
                try
                {
                    await Task.WhenAll(dependencies).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    throw new GroupSkippedException(group);
                }
                // Nothing is built on a group the user declined: its dependents wait for a confirmed run.
                var declined = StackPlan.DependsOn(group).Where(d => plan.ActionOf(d) != PlanAction.Keep && !approved.Contains(d)).ToList();
                if (declined.Count > 0)
                {
                    if (plan.ActionOf(group) != PlanAction.Keep) reporter.Warning($"{group}: skipped because {declined[0]} was not confirmed.");
                    throw new GroupSkippedException(group, declined[0] + " (not confirmed)");
                }
                await RunGroupAsync(group, Mutate(group), ct).ConfigureAwait(false);
            }, ct);
            running[group] = task;
            return task;
        }

        /// <summary>A group may change things when it has something to do and was confirmed.</summary>
        private bool Mutate(ResourceGroup group) => plan.ActionOf(group) != PlanAction.Keep && approved.Contains(group);

        private PlanAction ActionOf(string resource, string? name = null) =>
            plan.Items.FirstOrDefault(i => i.Resource == resource && (name == null || i.Name == name))?.Action ?? PlanAction.Keep;

        private Task RunGroupAsync(ResourceGroup group, bool mutate, CancellationToken ct)
        {
            if (plan.ActionOf(group) != PlanAction.Keep && !mutate)
                reporter.Warning($"{group}: not confirmed, left as it is.");
            return group switch
            {
                ResourceGroup.Network => NetworkAsync(mutate, ct),
                ResourceGroup.SecurityGroups => SecurityGroupsAsync(mutate, ct),
                ResourceGroup.Certificate => CertificateAsync(mutate, ct),
                ResourceGroup.Iam => IamAsync(mutate, ct),
                ResourceGroup.Logs => LogsAsync(mutate, ct),
                ResourceGroup.LoadBalancer => LoadBalancerAsync(mutate, ct),
                ResourceGroup.Dns => DnsAsync(mutate, ct),
                ResourceGroup.Compute => ComputeAsync(mutate, ct),
                ResourceGroup.Cluster => ClusterAsync(mutate, ct),
                ResourceGroup.TaskDefinition => TaskDefinitionAsync(mutate, ct),
                ResourceGroup.Service => ServiceAsync(mutate, ct),
                ResourceGroup.Cleanup => CleanupAsync(mutate, ct),
                _ => Task.CompletedTask,
            };
        }

        /// <summary>
        /// Deletes what the app no longer uses (see DiscoveredStack.Extras), after every other group: the one in use is
        /// complete and, after a domain move, the new name serves. What may be someone else's is reported and left.
        /// </summary>
        private async Task CleanupAsync(bool mutate, CancellationToken ct)
        {
            var unused = StackPlanner.Unused(inputs, found);
            foreach (var extra in unused.Where(e => e.LeftBecause != null))
                reporter.Warning($"{extra.KindText} {extra.Description} is not used by app '{names.App}' ({extra.Why ?? "extra copy"}); left in place: {extra.LeftBecause}.");
            var extras = unused.Where(e => e.LeftBecause == null).ToList();
            if (mutate && extras.Count > 0)
                await new ExtraResources(aws, waiter, waits, waits.ExtraStillHeld, reporter, Record).DeleteAsync(extras, ct).ConfigureAwait(false);
        }

        private static T Require<T>(T? value, ResourceGroup group, string what) where T : class =>
            value ?? throw new GroupSkippedException(group, what);

        /// <summary>
        /// An EC2 call of this run: a NotFound answer for a kind of resource this run created moments ago is retried
        /// (EC2 shows new ids to other calls only after a while); any other answer is the caller's.
        /// </summary>
        private Task<T> Ec2Async<T>(string operation, Func<Amazon.EC2.AmazonEC2Client, CancellationToken, Task<T>> call, CancellationToken ct,
            bool idempotent = true) =>
            waiter.RetryAsync(operation, () => aws.Ec2(operation, call, ct, idempotent), ct, fresh.Rule);
    }

    /// <summary>A group could not run because one it needs was not confirmed or failed.</summary>
    public sealed class GroupSkippedException : Exception
    {
        public GroupSkippedException(ResourceGroup group, string? missing = null)
            : base(missing == null ? $"{group} skipped: a group it depends on did not complete." : $"{group} skipped: {missing} is not there.")
        {
            Group = group;
        }

        public ResourceGroup Group { get; }
    }
}
