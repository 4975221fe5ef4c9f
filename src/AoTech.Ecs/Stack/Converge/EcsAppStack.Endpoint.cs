using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Stack.Endpoints;
using AoTech.Ecs.Stack.Hardening;
using AoTech.Ecs.Stack.Locking;
using AoTech.Ecs.Stack.Planning;

namespace AoTech.Ecs.Stack.Converge
{
    /// <summary>Everything known before an endpoint's change: what it has, what it is to have, and the plan.</summary>
    public sealed class PreparedEndpointChange
    {
        internal PreparedEndpointChange(PlanInputs inputs, DiscoveredStack found, EndpointSettings current, StackPlan plan, ApplyContext context,
            IReadOnlyList<string> warnings)
        {
            Warnings = warnings;
            Inputs = inputs;
            Found = found;
            Current = current;
            Plan = plan;
            Context = context;
        }

        public PlanInputs Inputs { get; }
        public DiscoveredStack Found { get; }
        /// <summary>The endpoint's values before the change.</summary>
        public EndpointSettings Current { get; }
        public StackPlan Plan { get; }
        public ApplyContext Context { get; }
        /// <summary>What to warn about before asking (the apps' tasks that would not fit).</summary>
        public IReadOnlyList<string> Warnings { get; }
    }

    // Set-AoEcsEndpoint: an endpoint's own plan (StackPlanner.PlanEndpoint), applied by the app's applier within that scope.
    public sealed partial class EcsAppStack
    {
        /// <summary>
        /// Checks the change (no AWS call when it is invalid), finds the endpoint (EndpointNotFound), checks the instance type
        /// and the image, warns when the apps' tasks would not fit, and plans. Nothing has changed at that point.
        /// </summary>
        public async Task<PreparedEndpointChange> PrepareEndpointChangeAsync(EndpointChange change, CancellationToken ct)
        {
            change.Validate();
            var names = StackNames.ForEndpoint(change.Name);
            var placement = new AppSpec { Name = change.Name, Endpoint = change.Name };
            var discovery = new StackDiscovery(_aws, names);
            var found = await discovery.DiscoverEndpointAsync(placement, ct).ConfigureAwait(false);
            EndpointChange.RequireExists(change.Name, found, _aws.Region);
            var current = EndpointSettings.Of(found, _aws.Region);
            // An endpoint in a VPC it was given has no VPC of its own to find by name (as when an app joins it).
            if (current.VpcId != null && found.Network?.VpcId != current.VpcId)
            {
                placement.VpcId = current.VpcId;
                placement.SubnetIds = current.SubnetIds!.OrderBy(s => s, StringComparer.Ordinal).ToList();
                found = await discovery.DiscoverEndpointAsync(placement, ct).ConfigureAwait(false);
            }
            // The instance refresh under way, when instances run an older template version (a refresh is started once).
            await HardeningDiscovery.CompleteAsync(_aws, placement, found, ct).ConfigureAwait(false);
            var spec = change.SpecFor(found, _aws.Region);

            // The instance type as the region has it (UnsupportedInstanceType), for the image's architecture and the capacity.
            var instanceType = await InstanceTypeAsync(spec.InstanceType, ct).ConfigureAwait(false);
            var refusal = Preflight.InstanceTypeRefusal(spec.InstanceType, instanceType, _aws.Region);
            if (refusal != null) throw refusal;
            string amiId;
            if (change.AmiId != null)
            {
                OwnAmiCheck.Require(spec, await OwnAmiAsync(change.AmiId, ct).ConfigureAwait(false), instanceType);
                amiId = change.AmiId;
            }
            else
            {
                amiId = AmiFor(instanceType!.Architecture!, await AmisAsync(ct).ConfigureAwait(false));
            }
            var warnings = new List<string>();
            if (spec.InstanceType != current.InstanceType || spec.MaxSize != current.MaxSize)
            {
                var warning = EndpointCapacity.Warning(change.Name, instanceType!, spec.MaxSize,
                    await EndpointServices.AllAsync(_aws, names, ct).ConfigureAwait(false));
                if (warning != null) warnings.Add(warning);
            }

            var inputs = change.InputsFor(spec, found, amiId, _aws.Region);
            var plan = StackPlanner.PlanEndpoint(inputs, found);
            var account = AccountOf(found.InstanceRole?.Arn) ?? AccountOf(found.LoadBalancer?.Arn) ?? "";
            return new PreparedEndpointChange(inputs, found, current, plan, new ApplyContext(account, ""), warnings);
        }

        /// <summary>
        /// Set-AoEcsEndpoint from start to end, as <see cref="ConvergeAsync"/> for an app: plans without a lock and, when
        /// nothing is to change (or <paramref name="approve"/> confirms nothing), only reads. Otherwise takes the endpoint's
        /// lock (so no app joins or changes the endpoint meanwhile), plans again and applies. Returns what was done, or null
        /// after -WhatIf.
        /// </summary>
        public async Task<IReadOnlyList<string>?> ChangeEndpointAsync(EndpointChange change, string operation,
            Func<StackPlan, Task<ISet<ResourceGroup>?>> approve, CancellationToken ct)
        {
            var prepared = await PrepareEndpointChangeAsync(change, ct).ConfigureAwait(false);
            // Warned before asking, so -WhatIf and -Confirm show them too; a second plan only adds what is new.
            var warned = new HashSet<string>(prepared.Warnings);
            foreach (var warning in prepared.Warnings) _reporter.Warning(warning);
            var approved = await approve(prepared.Plan).ConfigureAwait(false);
            if (approved == null) return null;
            if (approved.Count == 0) return new string[0];
            return await AppLock.ForEndpoint(_aws, change.Name, _reporter, LockOptions).RunAsync(operation, async t =>
            {
                var current = await PrepareEndpointChangeAsync(change, t).ConfigureAwait(false);
                foreach (var warning in current.Warnings.Where(warned.Add)) _reporter.Warning(warning);
                if (current.Plan.IsNoOp) _reporter.Verbose($"Endpoint '{change.Name}' is already as asked (another run changed it meanwhile): nothing to change.");
                var now = await approve(current.Plan).ConfigureAwait(false) ?? new HashSet<ResourceGroup>();
                var applier = new StackApplier(_aws, current.Inputs, current.Found, current.Plan, current.Context, _reporter, now, Waits);
                await applier.ApplyAsync(t).ConfigureAwait(false);
                foreach (var group in applier.Skipped) _reporter.Warning($"{group} was not applied: a group it depends on was not confirmed.");
                return applier.Done;
            }, ct).ConfigureAwait(false);
        }
    }
}
