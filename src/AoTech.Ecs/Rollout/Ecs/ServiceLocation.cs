using System;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Stack;

namespace AoTech.Ecs.Rollout
{
    /// <summary>Which ECS service (and its Auto Scaling group) a rollout acts on.</summary>
    public sealed class ServiceLocation
    {
        public ServiceLocation(string cluster, string service, string? app = null, string? autoScalingGroup = null)
        {
            if (string.IsNullOrWhiteSpace(cluster)) throw new ArgumentException("A cluster is required.", nameof(cluster));
            if (string.IsNullOrWhiteSpace(service)) throw new ArgumentException("A service is required.", nameof(service));
            Cluster = cluster;
            Service = service;
            App = app;
            AutoScalingGroup = autoScalingGroup;
        }

        /// <summary>The app name the resources were derived from, when known.</summary>
        public string? App { get; }
        public string Cluster { get; }
        public string Service { get; }
        public string? AutoScalingGroup { get; }

        /// <summary>
        /// The shared endpoint the app runs on (its cluster and Auto Scaling group are the endpoint's, every app's on it);
        /// null: a stack of its own, or not known.
        /// </summary>
        public string? Endpoint { get; private set; }

        /// <summary>
        /// The service of an app made by the stack, on its shared endpoint if it runs on one: its resources' aotech:endpoint
        /// tag says (one tagging call). Every command that acts on an app by its name locates it here.
        /// </summary>
        public static async Task<ServiceLocation> ForAppAsync(AwsConnection aws, string app, CancellationToken ct)
        {
            StackNames.ValidateAppName(app);
            var placed = await AoTech.Ecs.Stack.Converge.Listing.RegionApps.OfAppsAsync(aws, new[] { app }, ct).ConfigureAwait(false);
            return For(placed.NamesOf(app));
        }

        internal static ServiceLocation For(StackNames names) =>
            new ServiceLocation(names.Cluster, names.Service, names.App, names.AutoScalingGroup)
            {
                Endpoint = names.IsOnSharedEndpoint ? names.EndpointName : null,
            };

        public override string ToString() => App ?? $"{Cluster}/{Service}";
    }
}
