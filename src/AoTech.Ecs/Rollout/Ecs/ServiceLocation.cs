using System;
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

        /// <summary>The service of an app made by the stack, found by the stack's deterministic names (<see cref="StackNames"/>).</summary>
        public static ServiceLocation ForApp(string app)
        {
            var names = StackNames.For(app);
            return new ServiceLocation(names.Cluster, names.Service, app, names.AutoScalingGroup);
        }

        public override string ToString() => App ?? $"{Cluster}/{Service}";
    }
}
