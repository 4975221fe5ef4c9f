using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using AoTech.Ecs.Errors;

namespace AoTech.Ecs.Stack
{
    /// <summary>
    /// The deterministic name of every resource of one app. There is no state file: the next run finds each resource
    /// again by these names (and the <see cref="AppTagKey"/> tag), so they must depend on the app name only.
    /// </summary>
    public sealed class StackNames
    {
        public const string TagPrefix = "aotech:";
        /// <summary>Tag carried by everything taggable the stack creates; its value is the app name.</summary>
        public const string AppTagKey = "aotech:app";
        /// <summary>Tag of what belongs to a shared endpoint rather than to one app (its lock, for now); its value is the endpoint name.</summary>
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

        /// <summary>A name rule: the resource kind, how its name is built, and the service's length limit.</summary>
        public sealed class NameRule
        {
            internal NameRule(string resource, int limit, Func<StackNames, string> build)
            {
                Resource = resource;
                Limit = limit;
                Build = build;
            }

            public string Resource { get; }
            public int Limit { get; }
            public Func<StackNames, string> Build { get; }
        }

        /// <summary>Longest Availability Zone name we budget for in subnet Name tags (e.g. "ap-southeast-4a" is 15).</summary>
        private const string LongestZonePlaceholder = "xx-xxxxxxxxxxxxxxxxxxxxxx-9z";

        /// <summary>Every name the stack makes, with the limit of the service that holds it.</summary>
        public static readonly IReadOnlyList<NameRule> Rules = new[]
        {
            new NameRule("ECS cluster", 255, n => n.Cluster),
            new NameRule("ECS service", 255, n => n.Service),
            new NameRule("task definition family", 255, n => n.TaskFamily),
            new NameRule("ECS capacity provider", 255, n => n.CapacityProvider),
            new NameRule("load balancer", 32, n => n.LoadBalancer),
            new NameRule("target group", 32, n => n.TargetGroup),
            new NameRule("IAM instance role", 64, n => n.InstanceRole),
            new NameRule("IAM task execution role", 64, n => n.ExecutionRole),
            new NameRule("IAM task role", 64, n => n.TaskRole),
            new NameRule("IAM instance profile", 128, n => n.InstanceProfile),
            new NameRule("IAM path", 512, n => n.IamPath),
            new NameRule("log group", 512, n => n.LogGroup),
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

        /// <summary>Longest app name whose every derived name fits its service's limit (21: the load balancer's 32).</summary>
        public static readonly int MaxAppNameLength =
            Rules.Min(rule => rule.Limit - rule.Build(new StackNames("")).Length);

        private StackNames(string app) { App = app; }

        /// <summary>Names for a valid app name (checked with <see cref="ValidateAppName"/>).</summary>
        public static StackNames For(string app)
        {
            ValidateAppName(app);
            return new StackNames(app);
        }

        public string App { get; }

        public string Cluster => Prefix + App;
        public string Service => Prefix + App;
        public string TaskFamily => Prefix + App;
        public string CapacityProvider => Prefix + App + "-cp";
        public string LoadBalancer => Prefix + App + "-alb";
        public string TargetGroup => Prefix + App + "-tg";
        public string InstanceRole => Prefix + App + "-instance";
        public string ExecutionRole => Prefix + App + "-execution";
        /// <summary>The role the app's containers act as (the task definition's taskRoleArn); see Stack/Hardening.</summary>
        public string TaskRole => Prefix + App + "-task";
        public string InstanceProfile => Prefix + App + "-instance";
        /// <summary>IAM path of the roles and profile: IAM is global and untouched by the tagging API, so we list by path.</summary>
        public string IamPath => "/aotech/" + App + "/";
        public string LogGroup => "/aotech/" + App;
        /// <summary>awslogs stream prefix: streams are named &lt;prefix&gt;/&lt;container&gt;/&lt;task id&gt;.</summary>
        public string LogStreamPrefix => "ecs";
        public string LaunchTemplate => Prefix + App + "-lt";
        public string AutoScalingGroup => Prefix + App + "-asg";
        public string LoadBalancerSecurityGroup => Prefix + App + "-alb";
        public string InstanceSecurityGroup => Prefix + App + "-instances";
        public string Vpc => Prefix + App;
        public string Subnet(string availabilityZone) => Prefix + App + "-public-" + availabilityZone;
        public string InternetGateway => Prefix + App;
        public string RouteTable => Prefix + App + "-public";
        public string PrivateSubnet(string availabilityZone) => Prefix + App + "-private-" + availabilityZone;
        public string PrivateRouteTable(string availabilityZone) => Prefix + App + "-private-" + availabilityZone;
        /// <summary>A NAT gateway and its Elastic IP, in the public subnet of <paramref name="availabilityZone"/>.</summary>
        public string NatGateway(string availabilityZone) => Prefix + App + "-nat-" + availabilityZone;
        public string EndpointSecurityGroup => Prefix + App + "-endpoints";
        /// <summary>A VPC endpoint's Name tag: <paramref name="service"/> is the short name (ecr.api, s3).</summary>
        public string Endpoint(string service) => Prefix + App + "-" + service;

        /// <summary>The app whose target group <paramref name="targetGroupName"/> is (the inverse of <see cref="TargetGroup"/>), or null.</summary>
        public static string? AppOfTargetGroup(string targetGroupName)
        {
            if (!targetGroupName.StartsWith(Prefix, StringComparison.Ordinal) || !targetGroupName.EndsWith("-tg", StringComparison.Ordinal)) return null;
            var app = targetGroupName.Substring(Prefix.Length, targetGroupName.Length - Prefix.Length - 3);
            return IsWellFormed(app) && app.Length <= MaxAppNameLength ? app : null;
        }

        /// <summary>The tags every taggable resource gets: the user's, then ours (ours win).</summary>
        public IDictionary<string, string> Tags(IDictionary<string, string>? userTags)
        {
            var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (userTags != null)
                foreach (var pair in userTags) tags[pair.Key] = pair.Value;
            tags[AppTagKey] = App;
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
                var tightest = Rules.OrderBy(rule => rule.Limit - rule.Build(new StackNames("")).Length).First();
                throw new AoEcsException(StackErrorIds.NameTooLong, AoErrorKind.InvalidArgument,
                    $"App name '{app}' is {app.Length} characters; at most {MaxAppNameLength} fit: the {tightest.Resource} name " +
                    $"'{tightest.Build(new StackNames(app))}' would exceed its limit of {tightest.Limit}.",
                    app);
            }
        }
    }
}
