using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using AoTech.Ecs.Errors;

namespace AoTech.Ecs.Stack
{
    /// <summary>
    /// The deterministic name of every resource of one app. There is no state file: the next run finds each resource
    /// again by these names (and the owner's tag), so they depend on the app name and, for what an endpoint shares, on the
    /// endpoint name only. Two levels: the app's own resources (service, task family, target group, task and execution
    /// roles, log group) are named from the app; the endpoint's (network, load balancer and its group, cluster, instances,
    /// capacity provider, instance role and profile) from the endpoint. A standalone app is its own endpoint, so its names
    /// and tags are what they have always been; an app on a shared endpoint tags the shared resources
    /// <see cref="EndpointTagKey"/>=&lt;endpoint&gt; instead of <see cref="AppTagKey"/>.
    /// </summary>
    public sealed class StackNames
    {
        public const string TagPrefix = "aotech:";
        /// <summary>Tag carried by everything taggable the stack creates; its value is the app name.</summary>
        public const string AppTagKey = "aotech:app";
        /// <summary>Tag of what belongs to a shared endpoint rather than to one app (its shared resources, its lock); its value is the endpoint name.</summary>
        public const string EndpointTagKey = "aotech:endpoint";
        /// <summary>
        /// On the service: the content hash of the task definition file last applied. On a revision the stack registered: the
        /// hash of the content it registered (the file merged with the running revision). See Planning.TaskDefinitionRule.
        /// </summary>
        public const string TaskDefinitionFileHashTagKey = "aotech:taskdef-file";
        /// <summary>Cluster tag naming the app's domain, so Get-/Remove-AoEcsApp find its DNS records from the app name alone.</summary>
        public const string DomainTagKey = "aotech:domain";
        /// <summary>
        /// On the private subnets and their route tables: "private". Discovery tells them from the public ones by it (the
        /// Name says so too, but a Name is the user's to change).
        /// </summary>
        public const string TierTagKey = "aotech:tier";
        /// <summary>On the app's own VPC: the network layout it has (Planning.NetworkChoice.TagValue).</summary>
        public const string NetworkTagKey = "aotech:network";
        public const string PrivateTier = "private";
        /// <summary>
        /// Tags the stack adds besides the user's: aotech:app, the file hash, the domain, EC2's Name. (Task definition
        /// revisions also record the applied file in the tags left over; see TaskDefinitions.AppliedFileRecord.)
        /// </summary>
        public const int ReservedTagCount = 4;
        /// <summary>AWS allows at most this many tags on one resource (ECS, EC2, ELB, IAM, ACM, Logs alike).</summary>
        public const int MaxTagsPerResource = 50;
        private const string Prefix = "aotech-";

        /// <summary>Whose name a resource carries: the app's, or the endpoint's it runs on (a standalone app's own).</summary>
        public enum NameLevel
        {
            App,
            Endpoint,
        }

        /// <summary>A name rule: the resource kind, how its name is built, the service's length limit, and its level.</summary>
        public sealed class NameRule
        {
            internal NameRule(string resource, int limit, Func<StackNames, string> build, NameLevel level = NameLevel.Endpoint)
            {
                Resource = resource;
                Limit = limit;
                Build = build;
                Level = level;
            }

            public string Resource { get; }
            public int Limit { get; }
            public Func<StackNames, string> Build { get; }
            public NameLevel Level { get; }
        }

        /// <summary>Longest Availability Zone name we budget for in subnet Name tags (e.g. "ap-southeast-4a" is 15).</summary>
        private const string LongestZonePlaceholder = "xx-xxxxxxxxxxxxxxxxxxxxxx-9z";

        /// <summary>Every name the stack makes, with the limit of the service that holds it.</summary>
        public static readonly IReadOnlyList<NameRule> Rules = new[]
        {
            new NameRule("ECS cluster", 255, n => n.Cluster),
            new NameRule("ECS service", 255, n => n.Service, NameLevel.App),
            new NameRule("task definition family", 255, n => n.TaskFamily, NameLevel.App),
            new NameRule("ECS capacity provider", 255, n => n.CapacityProvider),
            new NameRule("load balancer", 32, n => n.LoadBalancer),
            new NameRule("target group", 32, n => n.TargetGroup, NameLevel.App),
            new NameRule("alternate target group", 32, n => n.AlternateTargetGroup, NameLevel.App),
            new NameRule("IAM instance role", 64, n => n.InstanceRole),
            new NameRule("IAM task execution role", 64, n => n.ExecutionRole, NameLevel.App),
            new NameRule("IAM task role", 64, n => n.TaskRole, NameLevel.App),
            new NameRule("IAM deployment role", 64, n => n.DeploymentRole, NameLevel.App),
            new NameRule("IAM instance profile", 128, n => n.InstanceProfile),
            new NameRule("IAM path", 512, n => n.IamPath, NameLevel.App),
            new NameRule("endpoint IAM path", 512, n => n.EndpointIamPath),
            new NameRule("log group", 512, n => n.LogGroup, NameLevel.App),
            new NameRule("launch template", 128, n => n.LaunchTemplate),
            new NameRule("Auto Scaling group", 255, n => n.AutoScalingGroup),
            new NameRule("load balancer security group", 255, n => n.LoadBalancerSecurityGroup),
            new NameRule("instance security group", 255, n => n.InstanceSecurityGroup),
            new NameRule("VPC Name tag", 256, n => n.Vpc),
            new NameRule("subnet Name tag", 256, n => n.Subnet(LongestZonePlaceholder)),
            new NameRule("internet gateway Name tag", 256, n => n.InternetGateway),
            new NameRule("route table Name tag", 256, n => n.RouteTable),
            new NameRule("private subnet Name tag", 256, n => n.PrivateSubnet(LongestZonePlaceholder)),
            new NameRule("private route table Name tag", 256, n => n.PrivateRouteTable(LongestZonePlaceholder)),
            new NameRule("NAT gateway Name tag", 256, n => n.NatGateway(LongestZonePlaceholder)),
            new NameRule("endpoint security group", 255, n => n.EndpointSecurityGroup),
        };

        /// <summary>
        /// Longest app name whose every derived name fits its service's limit (21: the load balancer's 32). Counted over both
        /// levels: a standalone app names its endpoint's resources too, and an app on an endpoint may later stand alone.
        /// </summary>
        public static readonly int MaxAppNameLength =
            Rules.Min(rule => rule.Limit - rule.Build(new StackNames("", "", false)).Length);

        /// <summary>Longest endpoint name whose endpoint-level names fit (21 as well: the load balancer's 32).</summary>
        public static readonly int MaxEndpointNameLength =
            Rules.Where(rule => rule.Level == NameLevel.Endpoint).Min(rule => rule.Limit - rule.Build(new StackNames("", "", true)).Length);

        private StackNames(string app, string endpoint, bool shared)
        {
            App = app;
            EndpointName = endpoint;
            IsOnSharedEndpoint = shared;
        }

        /// <summary>Names for a valid app name (checked with <see cref="ValidateAppName"/>), standalone: the app is its own endpoint.</summary>
        public static StackNames For(string app) => For(app, null);

        /// <summary>
        /// Names for the app <paramref name="app"/> on the shared endpoint <paramref name="endpoint"/>; null: standalone. Both
        /// names are checked (<see cref="ValidateAppName"/>, <see cref="ValidateEndpointName"/>).
        /// </summary>
        public static StackNames For(string app, string? endpoint)
        {
            ValidateAppName(app);
            if (endpoint == null) return new StackNames(app, app, false);
            ValidateEndpointName(endpoint);
            return new StackNames(app, endpoint, true);
        }

        /// <summary>
        /// Names of the shared endpoint <paramref name="endpoint"/> itself, for a change of the endpoint alone (Set-AoEcsEndpoint):
        /// only the endpoint-level names and <see cref="EndpointTags"/> are meant; the app level names no app.
        /// </summary>
        public static StackNames ForEndpoint(string endpoint)
        {
            ValidateEndpointName(endpoint);
            return new StackNames(endpoint, endpoint, true);
        }

        public string App { get; }
        /// <summary>The endpoint whose resources the app runs on: the shared endpoint's name, or the app's own when standalone.</summary>
        public string EndpointName { get; }
        /// <summary>Whether the app runs on a shared endpoint (-Endpoint), not on a stack of its own.</summary>
        public bool IsOnSharedEndpoint { get; }

        // ---- endpoint level: named from the endpoint (a standalone app's own name) ----
        public string Cluster => Prefix + EndpointName;
        public string CapacityProvider => Prefix + EndpointName + "-cp";
        public string LoadBalancer => Prefix + EndpointName + "-alb";
        public string InstanceRole => Prefix + EndpointName + "-instance";
        public string InstanceProfile => Prefix + EndpointName + "-instance";
        /// <summary>
        /// IAM path of the instance role and profile: the app's own path when standalone (as it has always been); a shared
        /// endpoint's under <see cref="SharedEndpointIamPathRoot"/>, which no app's path can equal, since an app and an
        /// endpoint may bear the same name and app discovery lists its own path.
        /// </summary>
        public string EndpointIamPath => IsOnSharedEndpoint ? SharedEndpointIamPathRoot + EndpointName + "/" : IamPath;
        /// <summary>Where shared endpoints keep their IAM roles and profiles: /aotech-endpoint/&lt;endpoint&gt;/ (app paths are /aotech/&lt;app&gt;/).</summary>
        public const string SharedEndpointIamPathRoot = "/aotech-endpoint/";
        public string LaunchTemplate => Prefix + EndpointName + "-lt";
        public string AutoScalingGroup => Prefix + EndpointName + "-asg";
        public string LoadBalancerSecurityGroup => Prefix + EndpointName + "-alb";
        public string InstanceSecurityGroup => Prefix + EndpointName + "-instances";
        public string Vpc => Prefix + EndpointName;
        public string Subnet(string availabilityZone) => Prefix + EndpointName + "-public-" + availabilityZone;
        public string InternetGateway => Prefix + EndpointName;
        public string RouteTable => Prefix + EndpointName + "-public";
        public string PrivateSubnet(string availabilityZone) => Prefix + EndpointName + "-private-" + availabilityZone;
        public string PrivateRouteTable(string availabilityZone) => Prefix + EndpointName + "-private-" + availabilityZone;
        /// <summary>A NAT gateway and its Elastic IP, in the public subnet of <paramref name="availabilityZone"/>.</summary>
        public string NatGateway(string availabilityZone) => Prefix + EndpointName + "-nat-" + availabilityZone;
        public string EndpointSecurityGroup => Prefix + EndpointName + "-endpoints";
        /// <summary>A VPC endpoint's Name tag: <paramref name="service"/> is the short name (ecr.api, s3).</summary>
        public string Endpoint(string service) => Prefix + EndpointName + "-" + service;

        // ---- app level: named from the app ----
        public string Service => Prefix + App;
        public string TaskFamily => Prefix + App;
        public string TargetGroup => Prefix + App + "-tg";
        /// <summary>
        /// The second target group of a blue/green-family strategy (Stack/Deployments): ECS moves traffic between the two, so
        /// either may be the live one. Fits the target group's 32 characters with the longest app name (as the load balancer's).
        /// </summary>
        public string AlternateTargetGroup => Prefix + App + "-tg2";
        /// <summary>The role ECS assumes to move the listener rules between the app's target groups (blue/green family).</summary>
        public string DeploymentRole => Prefix + App + "-deploy";
        public string ExecutionRole => Prefix + App + "-execution";
        /// <summary>The role the app's containers act as (the task definition's taskRoleArn); see Stack/Hardening.</summary>
        public string TaskRole => Prefix + App + "-task";
        /// <summary>IAM path of the app's roles: IAM is global and untouched by the tagging API, so we list by path.</summary>
        public string IamPath => "/aotech/" + App + "/";
        public string LogGroup => "/aotech/" + App;
        /// <summary>awslogs stream prefix: streams are named &lt;prefix&gt;/&lt;container&gt;/&lt;task id&gt;.</summary>
        public string LogStreamPrefix => "ecs";

        /// <summary>
        /// The app whose target group <paramref name="targetGroupName"/> is (the inverse of <see cref="TargetGroup"/> and
        /// <see cref="AlternateTargetGroup"/>: the two are interchangeable), or null.
        /// </summary>
        public static string? AppOfTargetGroup(string targetGroupName)
        {
            if (!targetGroupName.StartsWith(Prefix, StringComparison.Ordinal)) return null;
            var suffix = targetGroupName.EndsWith("-tg", StringComparison.Ordinal) ? 3 : targetGroupName.EndsWith("-tg2", StringComparison.Ordinal) ? 4 : 0;
            if (suffix == 0) return null;
            var app = targetGroupName.Substring(Prefix.Length, targetGroupName.Length - Prefix.Length - suffix);
            return IsWellFormed(app) && app.Length <= MaxAppNameLength ? app : null;
        }

        /// <summary>
        /// The tags every taggable resource of the app gets: the user's, then ours (ours win). On a shared endpoint also
        /// <see cref="EndpointTagKey"/>, so that Get- and Remove-AoEcsApp find the app's endpoint from the app name alone.
        /// </summary>
        public IDictionary<string, string> Tags(IDictionary<string, string>? userTags)
        {
            var tags = WithOwner(userTags, AppTagKey, App);
            if (IsOnSharedEndpoint) tags[EndpointTagKey] = EndpointName;
            return tags;
        }

        /// <summary>
        /// The tags of an endpoint-level resource: a standalone app's (<see cref="Tags"/>), or on a shared endpoint the user's
        /// and <see cref="EndpointTagKey"/> (no app tag: the resource is every app's on the endpoint).
        /// </summary>
        public IDictionary<string, string> EndpointTags(IDictionary<string, string>? userTags) => WithOwner(userTags, EndpointOwnerTagKey, EndpointName);

        /// <summary>The tag that says who owns an endpoint-level resource: aotech:app when standalone, aotech:endpoint when shared.</summary>
        public string EndpointOwnerTagKey => IsOnSharedEndpoint ? EndpointTagKey : AppTagKey;

        /// <summary>The tag that says who owns a resource of <paramref name="level"/>, and the value it must have.</summary>
        public (string Key, string Value) Owner(NameLevel level) =>
            level == NameLevel.App ? (AppTagKey, App) : (EndpointOwnerTagKey, EndpointName);

        private static IDictionary<string, string> WithOwner(IDictionary<string, string>? userTags, string key, string value)
        {
            var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (userTags != null)
                foreach (var pair in userTags)
                    if (pair.Key != AppTagKey && pair.Key != EndpointTagKey) tags[pair.Key] = pair.Value;
            tags[key] = value;
            return tags;
        }

        private static bool IsWellFormed(string? app) =>
            !string.IsNullOrEmpty(app) && Regex.IsMatch(app, "^[a-z]([a-z0-9]|-(?!-))*$") && !app!.EndsWith("-", StringComparison.Ordinal);

        /// <summary>
        /// Lower-case letters, digits and single hyphens, starting with a letter: valid in every name above
        /// (load balancer and target group names are the strictest) and in DNS labels.
        /// </summary>
        public static void ValidateAppName(string? app)
        {
            if (!IsWellFormed(app))
                throw new AoEcsException(StackErrorIds.InvalidAppName, AoErrorKind.InvalidArgument,
                    $"App name '{app}' must start with a lower-case letter and contain only lower-case letters, digits and single hyphens, not ending with a hyphen.",
                    app);
            if (app!.Length > MaxAppNameLength)
            {
                var tightest = Rules.OrderBy(rule => rule.Limit - rule.Build(new StackNames("", "", false)).Length).First();
                throw new AoEcsException(StackErrorIds.NameTooLong, AoErrorKind.InvalidArgument,
                    $"App name '{app}' is {app.Length} characters; at most {MaxAppNameLength} fit: the {tightest.Resource} name " +
                    $"'{tightest.Build(new StackNames(app, app, false))}' would exceed its limit of {tightest.Limit}.",
                    app);
            }
        }

        /// <summary>Whether <paramref name="app"/> is a name <see cref="ValidateAppName"/> takes (for names read back from tags).</summary>
        public static bool IsValidAppName(string? app) => IsWellFormed(app) && app!.Length <= MaxAppNameLength;

        /// <summary>Whether <paramref name="endpoint"/> is a name <see cref="ValidateEndpointName"/> takes.</summary>
        public static bool IsValidEndpointName(string? endpoint) => IsWellFormed(endpoint) && endpoint!.Length <= MaxEndpointNameLength;

        /// <summary>An endpoint name follows the app name's rules (it names the same kinds of resources a standalone app's name does).</summary>
        public static void ValidateEndpointName(string? endpoint)
        {
            if (!IsWellFormed(endpoint))
                throw new AoEcsException(Endpoints.EndpointErrorIds.InvalidEndpointName, AoErrorKind.InvalidArgument,
                    $"Endpoint name '{endpoint}' must start with a lower-case letter and contain only lower-case letters, digits and single hyphens, not ending with a hyphen.",
                    endpoint);
            if (endpoint!.Length > MaxEndpointNameLength)
            {
                var tightest = Rules.Where(rule => rule.Level == NameLevel.Endpoint)
                    .OrderBy(rule => rule.Limit - rule.Build(new StackNames("", "", true)).Length).First();
                throw new AoEcsException(StackErrorIds.NameTooLong, AoErrorKind.InvalidArgument,
                    $"Endpoint name '{endpoint}' is {endpoint.Length} characters; at most {MaxEndpointNameLength} fit: the {tightest.Resource} name " +
                    $"'{tightest.Build(new StackNames("", endpoint, true))}' would exceed its limit of {tightest.Limit}.",
                    endpoint);
            }
        }
    }
}
