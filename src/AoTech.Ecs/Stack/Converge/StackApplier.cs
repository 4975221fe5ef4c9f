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
        /// <summary>The target group the service registers its tasks in (either of the app's; the request-count label names it).</summary>
        public string? ServiceTargetGroupArn { get; set; }
        /// <summary>The blue/green family's second target group, production and test listener rules, and the role ECS assumes for them.</summary>
        public string? AlternateTargetGroupArn { get; set; }
        public string? ProductionRuleArn { get; set; }
        public string? TestRuleArn { get; set; }
        public string? DeploymentRoleArn { get; set; }
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
        private readonly AwsConnection _aws;
        private readonly PlanInputs _inputs;
        private readonly DiscoveredStack _found;
        private readonly StackPlan _plan;
        private readonly ApplyContext _context;
        private readonly IStackReporter _reporter;
        private readonly StackWaits _waits;
        private readonly Waiter _waiter;
        /// <summary>EC2 ids this run made: a NotFound answer naming one of them is EC2's eventual consistency, waited out.</summary>
        private readonly FreshEc2Resources _fresh;
        private readonly ISet<ResourceGroup> _approved;
        private readonly StackNames _names;
        private readonly AppSpec _spec;
        /// <summary>Tags of the app's own resources.</summary>
        private readonly IDictionary<string, string> _tags;
        /// <summary>Tags of the endpoint's resources (the same as <see cref="_tags"/> for a standalone app: see StackNames).</summary>
        private readonly IDictionary<string, string> _endpointTags;
        private readonly Dictionary<ResourceGroup, Task> _running = new Dictionary<ResourceGroup, Task>();
        private readonly List<string> _done = new List<string>();
        /// <summary>Set when the certificate still needs validation; the HTTPS listener waits for it on demand.</summary>
        private string? _pendingCertificateArn;
        private Task? _certificateWait;
        private readonly object _certificateLock = new object();
        /// <summary>Part of the client tokens of this run: a retry within the run is the same request, a later run a new one.</summary>
        private readonly string _runId = Guid.NewGuid().ToString("N");

        /// <summary>Waits (once, however many callers) until the pending certificate is issued.</summary>
        private Task CertificateIssuedAsync(CancellationToken ct)
        {
            lock (_certificateLock)
            {
                if (_pendingCertificateArn == null) return Task.CompletedTask;
                return _certificateWait ??= WaitIssuedAsync(_pendingCertificateArn, ct);
            }
        }

        public StackApplier(AwsConnection connection, PlanInputs inputs, DiscoveredStack found, StackPlan plan, ApplyContext context,
            IStackReporter reporter, ISet<ResourceGroup> approvedGroups, StackWaits? waits = null)
        {
            _aws = connection;
            _waits = waits ?? new StackWaits();
            _waiter = _waits.Waiter(reporter);
            _fresh = new FreshEc2Resources(_waits.Clock, _waits.Ec2Visibility);
            var network = found.Network;
            if (network != null && !network.IsExisting)
                _fresh.Known(new[] { network.VpcId, network.InternetGatewayId, network.RouteTableId, found.LoadBalancerSecurityGroup?.GroupId,
                    found.InstanceSecurityGroup?.GroupId }.Concat(network.Subnets.Select(s => s.SubnetId)));
            _inputs = inputs;
            _found = found;
            _plan = plan;
            _context = context;
            _reporter = reporter;
            _approved = approvedGroups;
            _names = inputs.Names;
            _spec = inputs.Spec;
            _tags = _names.Tags(_spec.Tags);
            _endpointTags = _names.EndpointTags(_spec.Tags);
        }

        public ApplyOutputs Outputs { get; } = new ApplyOutputs();

        private Deployments.DeploymentSettings? _deployment;

        /// <summary>The plan is a deployment strategy's alone (StackPlanner.PlanDeployment): only what the strategy needs is converged.</summary>
        private bool DeploymentOnly => ReferenceEquals(_plan.Scope, StackPlanner.DeploymentScope);

        /// <summary>The strategy the app is to have (see Deployments.DeploymentResources.Desired).</summary>
        private Deployments.DeploymentSettings Deployment => _deployment ??= Deployments.DeploymentResources.SettingsAfterRun(_inputs, _found);

        /// <summary>The endpoint's lock, held around the routing change of an app on a shared endpoint (see Locking.AppLock.ForEndpoint).</summary>
        public Locking.AppLock? EndpointLock { get; set; }

        /// <summary>The caller holds <see cref="EndpointLock"/> around the whole run already (a new or incomplete endpoint).</summary>
        public bool EndpointLockHeld { get; set; }

        /// <summary>What was created or changed, one line per resource.</summary>
        public IReadOnlyList<string> Done
        {
            get { lock (_done) return _done.ToList(); }
        }

        /// <summary>Groups left out because they were not confirmed (or depend on one that was not).</summary>
        public List<ResourceGroup> Skipped { get; } = new List<ResourceGroup>();

        private void Record(string what)
        {
            lock (_done) _done.Add(what);
            _reporter.Verbose(what);
        }

        public async Task ApplyAsync(CancellationToken ct)
        {
            // Each group starts once, after its dependencies; the tasks are awaited together below, through `running`.
            // (An endpoint's own plan has a narrower scope: its groups and what they read.)
            foreach (var group in _plan.Scope) _ = Start(group, ct);
            try
            {
                await Task.WhenAll(_running.Values).ConfigureAwait(false);
            }
            catch
            {
                // Report the first real failure, not a dependent's "skipped".
                var failure = _running.Values.Where(t => t.IsFaulted).SelectMany(t => t.Exception!.InnerExceptions)
                    .FirstOrDefault(e => !(e is GroupSkippedException));
                if (failure != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
                ct.ThrowIfCancellationRequested();
                if (_running.Values.Any(t => t.IsCanceled)) throw new OperationCanceledException(ct);
            }
            foreach (var pair in _running.Where(p => p.Value.IsFaulted)) Skipped.Add(pair.Key);
        }

        private Task Start(ResourceGroup group, CancellationToken ct)
        {
            if (_running.TryGetValue(group, out var existing)) return existing;
            // A deployment strategy's own plan reads the app as discovery found it: only its groups run, each after those of
            // them listed before it (the service needs the role, which otherwise comes to it through the task definition).
            var dependencies = (DeploymentOnly ? _plan.Scope.Where(d => d < group) : StackPlan.DependsOn(group)).Select(d => Start(d, ct)).ToArray();
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
                var declined = StackPlan.DependsOn(group).Where(d => _plan.ActionOf(d) != PlanAction.Keep && !_approved.Contains(d)).ToList();
                if (declined.Count > 0)
                {
                    if (_plan.ActionOf(group) != PlanAction.Keep) _reporter.Warning($"{group}: skipped because {declined[0]} was not confirmed.");
                    throw new GroupSkippedException(group, declined[0] + " (not confirmed)");
                }
                await RunGroupAsync(group, Mutate(group), ct).ConfigureAwait(false);
            }, ct);
            _running[group] = task;
            return task;
        }

        /// <summary>A group may change things when it has something to do and was confirmed.</summary>
        private bool Mutate(ResourceGroup group) => _plan.ActionOf(group) != PlanAction.Keep && _approved.Contains(group);

        private PlanAction ActionOf(string resource, string? name = null) =>
            _plan.Items.FirstOrDefault(i => i.Resource == resource && (name == null || i.Name == name))?.Action ?? PlanAction.Keep;

        private Task RunGroupAsync(ResourceGroup group, bool mutate, CancellationToken ct)
        {
            if (_plan.ActionOf(group) != PlanAction.Keep && !mutate)
                _reporter.Warning($"{group}: not confirmed, left as it is.");
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
                ResourceGroup.TaskScaling => TaskScalingAsync(mutate, ct),
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
            var unused = StackPlanner.Unused(_inputs, _found);
            foreach (var extra in unused.Where(e => e.LeftBecause != null))
                _reporter.Warning($"{extra.KindText} {extra.Description} is not used by app '{_names.App}' ({extra.Why ?? "extra copy"}); left in place: {extra.LeftBecause}.");
            var extras = unused.Where(e => e.LeftBecause == null).ToList();
            if (mutate && extras.Count > 0)
                await new ExtraResources(_aws, _waiter, _waits, _waits.ExtraStillHeld, _reporter, Record).DeleteAsync(extras, ct).ConfigureAwait(false);
        }

        private static T Require<T>(T? value, ResourceGroup group, string what) where T : class =>
            value ?? throw new GroupSkippedException(group, what);

        /// <summary>
        /// An EC2 call of this run: a NotFound answer for a kind of resource this run created moments ago is retried
        /// (EC2 shows new ids to other calls only after a while); any other answer is the caller's.
        /// </summary>
        private Task<T> Ec2Async<T>(string operation, Func<Amazon.EC2.AmazonEC2Client, CancellationToken, Task<T>> call, CancellationToken ct,
            bool idempotent = true) =>
            _waiter.RetryAsync(operation, () => _aws.Ec2(operation, call, ct, idempotent), ct, _fresh.Rule);
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
