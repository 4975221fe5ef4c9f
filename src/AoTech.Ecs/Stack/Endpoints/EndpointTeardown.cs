using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack.Converge;
using AoTech.Ecs.Stack.Locking;
using AoTech.Ecs.Stack.Planning;

namespace AoTech.Ecs.Stack.Endpoints
{
    /// <summary>What Remove-AoEcsEndpoint finds: the apps still on the endpoint, and the endpoint's shared resources.</summary>
    public sealed class EndpointRemovalPlan
    {
        internal EndpointRemovalPlan(string endpoint, IReadOnlyList<string> apps, TeardownPlan shared)
        {
            Endpoint = endpoint;
            Apps = apps;
            Shared = shared;
        }

        public string Endpoint { get; }
        /// <summary>Apps on the endpoint (their resources' aotech:endpoint tag, or a rule on its listener), sorted.</summary>
        public IReadOnlyList<string> Apps { get; }
        /// <summary>The endpoint-level resources, as the one teardown (StackTeardown) removes them.</summary>
        public TeardownPlan Shared { get; }
        /// <summary>The endpoint's resources, in the order they go (the apps' own are Remove-AoEcsApp's to list).</summary>
        public IReadOnlyList<TeardownItem> Items => Shared.Items;
    }

    /// <summary>
    /// Remove-AoEcsEndpoint: the apps on the endpoint, each as Remove-AoEcsApp removes it (under its lock and the endpoint's),
    /// then, under the endpoint's lock, the shared resources (load balancer and its listeners, cluster, Auto Scaling group,
    /// capacity provider, launch template, instance role and profile, security groups, network) through the same
    /// <see cref="StackTeardown"/> that removes a stack of its own; releasing the lock deletes it. Every step tolerates
    /// "already gone": a run cut off midway finishes on the next, and a run after success finds nothing.
    /// </summary>
    public sealed class EndpointTeardown
    {
        private readonly AwsConnection _aws;
        private readonly IStackReporter _reporter;
        private readonly StackWaits _waits;
        private readonly AppLockOptions _lockOptions;

        public EndpointTeardown(AwsConnection connection, IStackReporter? reporter = null, StackWaits? waits = null, AppLockOptions? lockOptions = null)
        {
            _aws = connection;
            _reporter = reporter ?? NullStackReporter.Instance;
            _waits = waits ?? new StackWaits();
            _lockOptions = lockOptions ?? new AppLockOptions();
        }

        /// <summary>The endpoint's lock (Locking.AppLock.ForEndpoint), also what a dead run may have left.</summary>
        public AppLock LockFor(string endpoint) => AppLock.ForEndpoint(_aws, endpoint, _reporter, _lockOptions);

        /// <summary>Finds the apps on <paramref name="endpoint"/> and its shared resources. Read-only.</summary>
        public async Task<EndpointRemovalPlan> FindAsync(string endpoint, CancellationToken ct)
        {
            StackNames.ValidateEndpointName(endpoint);
            var names = EndpointStatusReader.Names(endpoint);
            var tagged = EndpointStatusReader.TaggedAsync(_aws, new[] { endpoint }, ct);
            // Discovery by the endpoint's names and its aotech:endpoint tag; only the endpoint-level records are kept (the
            // app-level ones it reads are those of an app named like the endpoint, which is one of the apps, or nothing).
            var found = await new StackDiscovery(_aws, names) { EndpointOnly = true }
                .DiscoverAsync(new AppSpec { Name = endpoint, DomainName = "", Endpoint = endpoint }, null, ct).ConfigureAwait(false);
            var shared = new DiscoveredStack
            {
                Network = found.Network,
                PrivateNetwork = found.PrivateNetwork,
                LoadBalancerSecurityGroup = found.LoadBalancerSecurityGroup,
                InstanceSecurityGroup = found.InstanceSecurityGroup,
                LoadBalancer = found.LoadBalancer,
                InstanceRole = found.InstanceRole,
                InstanceProfile = found.InstanceProfile,
                LaunchTemplate = found.LaunchTemplate,
                AutoScalingGroup = found.AutoScalingGroup,
                CapacityProvider = found.CapacityProvider,
                Cluster = found.Cluster,
                Extras = found.Extras.Where(e => e.IsNetwork).ToList(),
            };
            var apps = new SortedSet<string>((await tagged.ConfigureAwait(false)).TryGetValue(endpoint, out var a) ? a : new SortedSet<string>(), StringComparer.Ordinal);
            foreach (var app in found.Routes?.Apps.Keys ?? Enumerable.Empty<string>()) apps.Add(app);
            return new EndpointRemovalPlan(endpoint, apps.ToList(), new TeardownPlan(names, shared, new List<DiscoveredCertificate>(), new List<string>()));
        }

        /// <summary>EndpointInUse: the apps named, and what to do.</summary>
        public static AoEcsException InUse(string endpoint, IReadOnlyList<string> apps) =>
            new AoEcsException(EndpointErrorIds.EndpointInUse, AoErrorKind.ResourceBusy,
                $"Endpoint '{endpoint}' still has {apps.Count} app(s) on it: {string.Join(", ", apps)}. Remove them first (Remove-AoEcsApp), " +
                "or give -Force to remove them with the endpoint.", endpoint)
            {
                RecommendedAction = $"Remove-AoEcsApp -Name {string.Join(",", apps)}; or Remove-AoEcsEndpoint -Name {endpoint} -Force.",
            };

        /// <summary>
        /// Removes the endpoint: with <paramref name="force"/> the apps on it first (each as Remove-AoEcsApp does), else
        /// EndpointInUse while there are any. The shared resources go under the endpoint's lock, after finding them and the
        /// apps again once it is held (an app may have joined meanwhile: then EndpointInUse, nothing of the endpoint removed).
        /// Returns what was done, one line per resource.
        /// </summary>
        public async Task<IReadOnlyList<string>> RemoveAsync(string endpoint, bool force, string operation, CancellationToken ct)
        {
            var done = new List<string>();
            var plan = await FindAsync(endpoint, ct).ConfigureAwait(false);
            if (plan.Apps.Count > 0 && !force) throw InUse(endpoint, plan.Apps);
            var stack = new EcsAppStack(_aws, _reporter) { Waits = _waits, LockOptions = _lockOptions };
            var activity = $"Removing endpoint {endpoint}";
            for (var i = 0; i < plan.Apps.Count; i++)
            {
                _reporter.Progress(activity, $"app {plan.Apps[i]} ({i + 1} of {plan.Apps.Count})", 100 * i / (plan.Apps.Count + 1), false);
                done.AddRange(await stack.RemoveLockedAsync(plan.Apps[i], operation, ct).ConfigureAwait(false));
            }
            _reporter.Progress(activity, "the endpoint's shared resources", 100 * plan.Apps.Count / (plan.Apps.Count + 1), false);
            try
            {
                done.AddRange(await LockFor(endpoint).RunAsync(operation, async t =>
                {
                    var now = await FindAsync(endpoint, t).ConfigureAwait(false);
                    if (now.Apps.Count > 0) throw InUse(endpoint, now.Apps);
                    var teardown = new StackTeardown(_aws, now.Shared.Names, _reporter, _waits);
                    await teardown.RemoveAsync(now.Shared, t).ConfigureAwait(false);
                    return teardown.Done;
                }, ct).ConfigureAwait(false));
            }
            finally
            {
                _reporter.Progress(activity, "done", 100, true);
            }
            return done;
        }
    }
}
