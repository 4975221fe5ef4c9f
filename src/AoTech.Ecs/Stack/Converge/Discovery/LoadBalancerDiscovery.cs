using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Stack.Planning;
using Elb = AoTech.Ecs.Aws.Services.Elb;

namespace AoTech.Ecs.Stack.Converge.Discovery
{
    /// <summary>What <see cref="LoadBalancerDiscovery"/> found.</summary>
    internal sealed class LoadBalancerFound
    {
        public LoadBalancerFound(DiscoveredLoadBalancer? loadBalancer, DiscoveredTargetGroup? targetGroup, DiscoveredListener? httpsListener,
            DiscoveredListener? httpListener, List<DiscoveredExtra> extras, IReadOnlyList<string> foreign)
        {
            LoadBalancer = loadBalancer;
            TargetGroup = targetGroup;
            HttpsListener = httpsListener;
            HttpListener = httpListener;
            Extras = extras;
            Foreign = foreign;
        }

        public DiscoveredLoadBalancer? LoadBalancer { get; }
        public DiscoveredTargetGroup? TargetGroup { get; }
        public DiscoveredListener? HttpsListener { get; }
        public DiscoveredListener? HttpListener { get; }
        /// <summary>Listeners on other ports than 443 and 80.</summary>
        public List<DiscoveredExtra> Extras { get; }
        public IReadOnlyList<string> Foreign { get; }
    }

    /// <summary>The load balancer, its target group and listeners, with their attributes.</summary>
    internal sealed class LoadBalancerDiscovery
    {
        private readonly AwsConnection _aws;
        private readonly StackNames _names;

        public LoadBalancerDiscovery(AwsConnection connection, StackNames names)
        {
            _aws = connection;
            _names = names;
        }

        /// <summary>
        /// The load balancer and target group, by their names (unique in the account and region, so there is never a second
        /// copy of either), their attributes and the listeners. Returns the listeners on other ports than 443 and 80 as
        /// extras: the app's own (tagged) are deleted, others reported.
        /// </summary>
        public async Task<LoadBalancerFound> FindAsync(Task<TaggedResources> tagged, CancellationToken ct)
        {
            var ownership = new Ownership(_names);
            var extras = new List<DiscoveredExtra>();
            DiscoveredLoadBalancer? loadBalancer = null;
            DiscoveredTargetGroup? targetGroup = null;
            DiscoveredListener? https = null, http = null;
            var lbs = AwsCalls.OrNull(() => _aws.SendAsync(new Elb.DescribeLoadBalancersRequest { Names = new List<string> { _names.LoadBalancer } }, ct),
                "LoadBalancerNotFound");
            var tgs = AwsCalls.OrNull(() => _aws.SendAsync(new Elb.DescribeTargetGroupsRequest { Names = new List<string> { _names.TargetGroup } }, ct),
                "TargetGroupNotFound");
            var lb = (await lbs.ConfigureAwait(false))?.LoadBalancers.OrEmpty().FirstOrDefault();
            var tg = (await tgs.ConfigureAwait(false))?.TargetGroups.OrEmpty().FirstOrDefault();
            if (lb == null && tg == null) return new LoadBalancerFound(null, null, null, null, extras, ownership.Foreign);

            // The tagging API's listing says which are ours at no call; only one it does not list (not tagged for us, or
            // made a moment ago) is asked about with DescribeTags.
            var listed = await tagged.ConfigureAwait(false);
            var arns = new[] { lb?.LoadBalancerArn, tg?.TargetGroupArn }.Where(a => a != null).Select(a => a!).ToList();
            var unlisted = arns.Where(a => !listed.Contains(a) || (a == lb?.LoadBalancerArn && _names.IsOnSharedEndpoint)).ToList();
            var tags = unlisted.Count == 0 ? null : await _aws.SendAsync(new Elb.DescribeTagsRequest { ResourceArns = unlisted }, ct).ConfigureAwait(false);
            // The tagging listing holds what is tagged aotech:app=<app>; a shared endpoint's load balancer is read with DescribeTags.
            string? TagOf(string arn, string key) => listed.Contains(arn) && key == StackNames.AppTagKey ? _names.App : ElbTag(tags, arn, key);

            var work = new List<Task>();
            var otherListeners = new List<Elb.Listener>();
            if (lb != null && ownership.OursAsEndpoint(TagOf(lb.LoadBalancerArn!, _names.EndpointOwnerTagKey), "load balancer " + _names.LoadBalancer))
            {
                var discovered = new DiscoveredLoadBalancer
                {
                    Arn = lb.LoadBalancerArn!,
                    DnsName = lb.DNSName ?? "",
                    CanonicalHostedZoneId = lb.CanonicalHostedZoneId ?? "",
                    Scheme = lb.Scheme ?? "",
                    VpcId = lb.VpcId ?? "",
                    State = lb.State?.Code ?? "",
                    SubnetIds = new HashSet<string>(lb.AvailabilityZones.OrEmpty().Where(z => z.SubnetId != null).Select(z => z.SubnetId!), StringComparer.Ordinal),
                    SecurityGroupIds = new HashSet<string>(lb.SecurityGroups.OrEmpty(), StringComparer.Ordinal),
                };
                loadBalancer = discovered;
                work.Add(Task.Run(async () =>
                {
                    var attributes = await _aws.SendAsync(new Elb.DescribeLoadBalancerAttributesRequest { LoadBalancerArn = discovered.Arn }, ct).ConfigureAwait(false);
                    foreach (var a in attributes.Attributes.OrEmpty())
                        if (a.Key != null) discovered.Attributes[a.Key] = a.Value ?? "";
                }, ct));
                work.Add(Task.Run(async () =>
                {
                    var listeners = await _aws.SendAsync(new Elb.DescribeListenersRequest { LoadBalancerArn = discovered.Arn }, ct).ConfigureAwait(false);
                    foreach (var l in listeners.Listeners.OrEmpty())
                    {
                        var action = l.DefaultActions.OrEmpty().FirstOrDefault();
                        var listener = new DiscoveredListener
                        {
                            Arn = l.ListenerArn ?? "",
                            Port = l.Port ?? 0,
                            Protocol = l.Protocol ?? "",
                            SslPolicy = l.SslPolicy,
                            CertificateArn = l.Certificates.OrEmpty().FirstOrDefault()?.CertificateArn,
                            DefaultActionType = action?.Type ?? "",
                            ForwardTargetGroupArn = action?.TargetGroupArn ?? action?.ForwardConfig?.TargetGroups.OrEmpty().FirstOrDefault()?.TargetGroupArn,
                            RedirectProtocol = action?.RedirectConfig?.Protocol,
                            RedirectPort = action?.RedirectConfig?.Port,
                            RedirectStatusCode = action?.RedirectConfig?.StatusCode,
                            FixedResponseStatusCode = action?.FixedResponseConfig?.StatusCode,
                        };
                        if (listener.Port == StackDefaults.HttpsPort) https = listener;
                        else if (listener.Port == StackDefaults.HttpPort) http = listener;
                        else otherListeners.Add(l);
                    }
                }, ct));
            }
            if (tg != null && ownership.Ours(TagOf(tg.TargetGroupArn!, StackNames.AppTagKey), "target group " + _names.TargetGroup))
            {
                targetGroup = Discovered(tg);
                work.Add(AttributesAsync(targetGroup, ct));
            }
            await Task.WhenAll(work).ConfigureAwait(false);
            if (otherListeners.Count > 0)
            {
                // The stack makes the 443 and 80 listeners only; one on another port is a copy of ours when it carries our tag.
                var listenerTags = await _aws.SendAsync(new Elb.DescribeTagsRequest { ResourceArns = otherListeners.Select(l => l.ListenerArn!).ToList() }, ct)
                    .ConfigureAwait(false);
                extras.AddRange(otherListeners.Select(l => new DiscoveredExtra(ExtraKind.Listener, l.ListenerArn!, $"{_names.LoadBalancer}:{l.Port}", null)
                {
                    Why = $"a listener on port {l.Port}, which the app does not serve",
                    LeftBecause = ElbTag(listenerTags, l.ListenerArn!, _names.EndpointOwnerTagKey) == _names.EndpointName ? null
                        : $"it does not carry the tag {_names.EndpointOwnerTagKey}={_names.EndpointName}",
                }));
            }
            return new LoadBalancerFound(loadBalancer, targetGroup, https, http, extras, ownership.Foreign);
        }

        /// <summary>
        /// The app's alternate target group (blue/green family), by its name, when it is the app's (its tag); null when there is
        /// none. Read only when the app has or is asked for such a strategy, so other apps make no call more.
        /// </summary>
        public async Task<DiscoveredTargetGroup?> AlternateTargetGroupAsync(List<string> foreign, CancellationToken ct)
        {
            var found = await AwsCalls.OrNull(() => _aws.SendAsync(new Elb.DescribeTargetGroupsRequest { Names = new List<string> { _names.AlternateTargetGroup } }, ct),
                "TargetGroupNotFound").ConfigureAwait(false);
            var tg = found?.TargetGroups.OrEmpty().FirstOrDefault();
            if (tg?.TargetGroupArn == null) return null;
            var tags = await _aws.SendAsync(new Elb.DescribeTagsRequest { ResourceArns = new List<string> { tg.TargetGroupArn } }, ct).ConfigureAwait(false);
            var ownership = new Ownership(_names);
            if (!ownership.Ours(ElbTag(tags, tg.TargetGroupArn, StackNames.AppTagKey), "target group " + _names.AlternateTargetGroup))
            {
                foreign.AddRange(ownership.Foreign);
                return null;
            }
            var discovered = Discovered(tg);
            await AttributesAsync(discovered, ct).ConfigureAwait(false);
            return discovered;
        }

        private static DiscoveredTargetGroup Discovered(Elb.TargetGroup tg) => new DiscoveredTargetGroup
        {
            Arn = tg.TargetGroupArn!,
            VpcId = tg.VpcId ?? "",
            Protocol = tg.Protocol ?? "",
            Port = tg.Port ?? 0,
            TargetType = tg.TargetType ?? "",
            HealthCheckPath = tg.HealthCheckPath ?? "",
            HealthCheckIntervalSeconds = tg.HealthCheckIntervalSeconds ?? 0,
            HealthCheckTimeoutSeconds = tg.HealthCheckTimeoutSeconds ?? 0,
            HealthyThresholdCount = tg.HealthyThresholdCount ?? 0,
            UnhealthyThresholdCount = tg.UnhealthyThresholdCount ?? 0,
            Matcher = tg.Matcher?.HttpCode ?? "",
            LoadBalancerArns = tg.LoadBalancerArns.OrEmpty(),
        };

        private Task AttributesAsync(DiscoveredTargetGroup discovered, CancellationToken ct) => Task.Run(async () =>
        {
            var attributes = await _aws.SendAsync(new Elb.DescribeTargetGroupAttributesRequest { TargetGroupArn = discovered.Arn }, ct).ConfigureAwait(false);
            foreach (var a in attributes.Attributes.OrEmpty())
                if (a.Key != null) discovered.Attributes[a.Key] = a.Value ?? "";
        }, ct);

        private static string? ElbTag(Elb.DescribeTagsResponse? tags, string arn, string key) =>
            tags?.TagDescriptions.OrEmpty().FirstOrDefault(d => d.ResourceArn == arn)?.Tags.OrEmpty().FirstOrDefault(t => t.Key == key)?.Value;
    }
}
