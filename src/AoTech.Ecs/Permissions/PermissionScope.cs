using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using AoTech.Ecs.Errors;

namespace AoTech.Ecs.Permissions
{
    /// <summary>
    /// What a policy is written for: which apps (a name pattern), in which region and account, and the shared endpoint
    /// (a name pattern) they run on, if any.
    /// </summary>
    public sealed class PolicyTarget
    {
        public PolicyTarget(string appPattern = "*", string region = "*", string account = "*", string? endpointPattern = null)
        {
            AppPattern = appPattern;
            Region = region;
            Account = account;
            EndpointPattern = endpointPattern;
        }

        /// <summary>
        /// A checked target: the app pattern in the characters app names allow plus IAM's wildcards (* and ?), a region
        /// name (checked as every -Region is) or *, a 12-digit account id or *. Throws AoEcsException with a PermissionErrorIds id otherwise.
        /// </summary>
        public static PolicyTarget Create(string? appPattern, string? region, string? account) => Create(appPattern, region, account, null);

        /// <summary>
        /// As <see cref="Create(string, string, string)"/>, for apps on the shared endpoint (or endpoints) <paramref name="endpointPattern"/>;
        /// null: apps on stacks of their own. The pattern follows the app pattern's rules (InvalidEndpointNamePattern otherwise).
        /// </summary>
        public static PolicyTarget Create(string? appPattern, string? region, string? account, string? endpointPattern)
        {
            var target = Checked(OrAny(appPattern), OrAny(region), OrAny(account));
            if (endpointPattern == null) return target;
            if (!IsNamePattern(endpointPattern, Stack.StackNames.MaxEndpointNameLength))
                throw new AoEcsException(PermissionErrorIds.InvalidEndpointNamePattern, AoErrorKind.InvalidArgument,
                    $"-Endpoint '{endpointPattern}' must be an endpoint name or a pattern of at most {Stack.StackNames.MaxEndpointNameLength} " +
                    "lower-case letters, digits, hyphens and the wildcards * and ?, e.g. 'main'.", endpointPattern);
            return new PolicyTarget(target.AppPattern, target.Region, target.Account, endpointPattern);
        }

        private static bool IsNamePattern(string pattern, int maxLength) => Regex.IsMatch(pattern, @"^[a-z0-9*?-]+$") && pattern.Length <= maxLength;

        private static string OrAny(string? value) => string.IsNullOrEmpty(value) ? "*" : value!;

        private static PolicyTarget Checked(string appPattern, string region, string account)
        {
            if (!IsNamePattern(appPattern, Stack.StackNames.MaxAppNameLength))
                throw new AoEcsException(PermissionErrorIds.InvalidAppNamePattern, AoErrorKind.InvalidArgument,
                    $"-AppName '{appPattern}' must be an app name or a pattern of at most {Stack.StackNames.MaxAppNameLength} " +
                    "lower-case letters, digits, hyphens and the wildcards * and ?, e.g. 'web-*'.", appPattern);
            if (region != "*") Aws.Credentials.RegionResolver.Checked(region, region); // InvalidRegion, as for every -Region
            if (!Regex.IsMatch(account, @"^(\d{12}|\*)$"))
                throw new AoEcsException(PermissionErrorIds.InvalidAccountId, AoErrorKind.InvalidArgument,
                    $"-AccountId '{account}' is not a 12-digit AWS account id (or * for any account).", account);
            return new PolicyTarget(appPattern, region, account);
        }

        /// <summary>An app name, or a pattern with * and ? (IAM's wildcards), e.g. "web-*".</summary>
        public string AppPattern { get; }
        public string Region { get; }
        public string Account { get; }
        /// <summary>The shared endpoint the apps run on, or a pattern of endpoints; null: none (each app is its own endpoint).</summary>
        public string? EndpointPattern { get; }
    }

    /// <summary>
    /// Where a group of actions may act: the resource ARNs and the condition of one policy statement. Resource formats
    /// and the condition keys each action supports come from the Service Authorization Reference,
    /// https://docs.aws.amazon.com/service-authorization/latest/reference/ (one page per service, cited below). The names
    /// are the stack's (Stack/StackNames.cs), so a policy for app pattern "web-*" reaches only those apps' resources.
    /// </summary>
    public sealed class PermissionScope
    {
        private readonly Func<PolicyTarget, IReadOnlyList<string>> _resources;
        private readonly Func<PolicyTarget, IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>?> _condition;

        private PermissionScope(string sid, Func<PolicyTarget, IReadOnlyList<string>> resources,
            Func<PolicyTarget, IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>?>? condition = null,
            string? endpointTaggedSid = null)
        {
            Sid = sid;
            _resources = resources;
            _condition = condition ?? (_ => null);
            _endpointTagged = endpointTaggedSid;
        }

        /// <summary>The statement id in the policy, e.g. "EcsCluster".</summary>
        public string Sid { get; }
        public IReadOnlyList<string> Resources(PolicyTarget t) => _resources(t);
        /// <summary>Operator -> condition key -> values; null when the statement has no condition.</summary>
        public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>? Condition(PolicyTarget t) => _condition(t);

        public override string ToString() => Sid;

        /// <summary>
        /// The policy statements of this scope for <paramref name="t"/>: one; for a scope that holds by the app's tag, with an
        /// endpoint a second one for what carries the endpoint's tag (IAM requires every key of one condition, so "the app's
        /// tag or the endpoint's" takes two statements).
        /// </summary>
        public IReadOnlyList<(string Sid, IReadOnlyList<string> Resources, IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>? Condition)> Statements(PolicyTarget t)
        {
            var statements = new List<(string, IReadOnlyList<string>, IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>?)>
                { (Sid, Resources(t), Condition(t)) };
            if (_endpointTagged != null && t.EndpointPattern != null)
                statements.Add((_endpointTagged, Resources(t), ByTag(Stack.StackNames.EndpointTagKey, t.EndpointPattern)));
            return statements;
        }

        /// <summary>The statement id of the endpoint-tag statement of a scope that holds by the app's tag; null for the others.</summary>
        private readonly string? _endpointTagged;

        private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> ByTag(string key, string pattern) =>
            When("StringLike", "aws:ResourceTag/" + key, pattern);

        /// <summary>The app's resources, and with an endpoint the endpoint's too (<paramref name="endpoint"/> of the endpoint pattern).</summary>
        private static IReadOnlyList<string> AndEndpoint(PolicyTarget t, IEnumerable<string> app, Func<string, IEnumerable<string>> endpoint) =>
            app.Concat(t.EndpointPattern == null ? Enumerable.Empty<string>() : endpoint(t.EndpointPattern)).ToList();

        private static IReadOnlyList<string> One(string arn) => new[] { arn };

        private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> When(
            string op, string key, params string[] values) =>
            new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>
            {
                [op] = new Dictionary<string, IReadOnlyList<string>> { [key] = values },
            };

        private static string Arn(PolicyTarget t, string service, string resource) =>
            $"arn:{Partition(t)}:{service}:{t.Region}:{t.Account}:{resource}";

        /// <summary>
        /// The ARN partition of the target's region (aws-cn for cn-*, aws-us-gov for us-gov-*); aws for any region (*),
        /// where one policy cannot name all partitions: write one per partition with -Region.
        /// </summary>
        internal static string Partition(PolicyTarget t) => t.Region == "*" ? "aws" : Stack.StackDefaults.Partition(t.Region);

        private static string App(PolicyTarget t) => "aotech-" + t.AppPattern;

        // ---- Any resource -------------------------------------------------------------------------------------------

        /// <summary>
        /// Actions whose Resource types column is empty in the reference (Describe*, List*, ecr:GetAuthorizationToken,
        /// tag:GetResources, sts:GetCallerIdentity, ec2:Describe*, ...): IAM accepts them only with Resource "*".
        /// </summary>
        public static readonly PermissionScope Any = new PermissionScope("AnyResource", _ => One("*"));

        // ---- Amazon ECS: list_amazonelasticcontainerservice.html ----------------------------------------------------
        // ARNs: cluster/{cluster}, service/{cluster}/{service}, task-definition/{family}:{revision},
        // capacity-provider/{name}, container-instance/{cluster}/{id}, task/{cluster}/{id},
        // service-deployment/{cluster}/{service}/{id}, service-revision/{cluster}/{service}/{id}.

        /// <summary>The cluster and capacity provider: the app's own, and with an endpoint the endpoint's.</summary>
        public static readonly PermissionScope EcsCluster = new PermissionScope("EcsCluster", t => AndEndpoint(t, ClusterArns(t, App(t)),
            e => ClusterArns(t, "aotech-" + e)));

        private static IEnumerable<string> ClusterArns(PolicyTarget t, string cluster) => new[]
        {
            Arn(t, "ecs", "cluster/" + cluster),
            Arn(t, "ecs", "capacity-provider/" + cluster + "-cp"),
        };

        /// <summary>
        /// The app's service and what lives inside its cluster: tasks, container instances, deployments. With an endpoint,
        /// also in the endpoint's cluster, where an app on it runs.
        /// </summary>
        public static readonly PermissionScope EcsService = new PermissionScope("EcsService", t => AndEndpoint(t, ServiceArns(t, App(t)),
            e => ServiceArns(t, "aotech-" + e)));

        private static IEnumerable<string> ServiceArns(PolicyTarget t, string cluster) => new[]
        {
            Arn(t, "ecs", "service/" + cluster + "/" + App(t)),
            Arn(t, "ecs", "task/" + cluster + "/*"),
            Arn(t, "ecs", "container-instance/" + cluster + "/*"),
            Arn(t, "ecs", "service-deployment/" + cluster + "/" + App(t) + "/*"),
            Arn(t, "ecs", "service-revision/" + cluster + "/" + App(t) + "/*"),
        };

        /// <summary>
        /// The app's task definition family. ecs:RegisterTaskDefinition, DeregisterTaskDefinition and
        /// DeleteTaskDefinitions name the task-definition resource type in the reference (revisions: family:*).
        /// </summary>
        public static readonly PermissionScope EcsTaskDefinition = new PermissionScope("EcsTaskDefinition", t => new[]
        {
            Arn(t, "ecs", "task-definition/" + App(t) + ":*"),
        });

        // ---- Elastic Load Balancing v2: list_awselasticloadbalancingv2.html ----------------------------------------
        // ARNs: loadbalancer/app/{name}/{id}, targetgroup/{name}/{id}, listener/app/{lb name}/{lb id}/{id},
        // listener-rule/app/{lb name}/{lb id}/{listener id}/{id} (an app's rule on a shared endpoint's listener).

        /// <summary>
        /// The load balancer with its listeners and rules, and the app's target group. With an endpoint also the endpoint's
        /// load balancer, where an app on it puts its rule and certificate (CreateRule, SetRulePriorities,
        /// AddListenerCertificates act on its listener and rules).
        /// </summary>
        public static readonly PermissionScope LoadBalancer = new PermissionScope("LoadBalancer", t => AndEndpoint(t,
            LoadBalancerArns(t, App(t) + "-alb").Append(Arn(t, "elasticloadbalancing", "targetgroup/" + App(t) + "-tg/*"))
                // The alternate target group of a blue/green-family strategy (Stack/Deployments).
                .Append(Arn(t, "elasticloadbalancing", "targetgroup/" + App(t) + "-tg2/*")),
            e => LoadBalancerArns(t, "aotech-" + e + "-alb")));

        private static IEnumerable<string> LoadBalancerArns(PolicyTarget t, string loadBalancer) => new[]
        {
            Arn(t, "elasticloadbalancing", "loadbalancer/app/" + loadBalancer + "/*"),
            Arn(t, "elasticloadbalancing", "listener/app/" + loadBalancer + "/*"),
            Arn(t, "elasticloadbalancing", "listener-rule/app/" + loadBalancer + "/*"),
        };

        // ---- Amazon EC2 Auto Scaling: list_amazonec2autoscaling.html -------------------------------------------------
        // ARN: autoScalingGroup:{uuid}:autoScalingGroupName/{name}.

        public static readonly PermissionScope AutoScalingGroup = new PermissionScope("AutoScalingGroup", t => AndEndpoint(t,
            One(Arn(t, "autoscaling", "autoScalingGroup:*:autoScalingGroupName/" + App(t) + "-asg")),
            e => One(Arn(t, "autoscaling", "autoScalingGroup:*:autoScalingGroupName/aotech-" + e + "-asg"))));

        // ---- Amazon EC2: list_amazonec2.html --------------------------------------------------------------------------

        /// <summary>
        /// Creating and changing network and compute resources in the region. EC2 names resources by generated ids, so
        /// no name pattern fits; and the creates also act on resources that carry no aotech:app tag (a VPC given with
        /// -VpcId, the new resource itself, security group rules, the AMI and instance type of RunInstances), where a
        /// tag condition would refuse them. Deleting is scoped by the tag (<see cref="Ec2Tagged"/>).
        /// </summary>
        public static readonly PermissionScope Ec2Region = new PermissionScope("Ec2InRegion", t => new[]
        {
            Arn(t, "ec2", "*"),
            // RunInstances (behind the Auto Scaling group) also names the AMI, which belongs to no account.
            $"arn:{Partition(t)}:ec2:{t.Region}::image/*",
        });

        /// <summary>
        /// Deleting and detaching what the stack created, allowed only on resources that carry the app's tag: EC2 lists
        /// aws:ResourceTag/${TagKey} for vpc, subnet, security-group, internet-gateway, route-table and launch-template.
        /// With an endpoint, also on those that carry the endpoint's tag (aotech:endpoint), in a statement of their own.
        /// </summary>
        public static readonly PermissionScope Ec2Tagged = new PermissionScope("Ec2TaggedByApp",
            t => One(Arn(t, "ec2", "*")),
            t => ByTag(Stack.StackNames.AppTagKey, t.AppPattern),
            "Ec2TaggedByEndpoint");

        // ---- IAM: list_awsidentityandaccessmanagementiam.html ----------------------------------------------------------
        // The stack's roles and instance profile live under the path /aotech/{app}/ (StackNames.IamPath); a shared
        // endpoint's instance role and profile under /aotech-endpoint/{endpoint}/ (StackNames.EndpointIamPath).

        public static readonly PermissionScope IamAppRoles = new PermissionScope("IamAppRoles", t => AndEndpoint(t, new[]
        {
            $"arn:{Partition(t)}:iam::{t.Account}:role/aotech/{t.AppPattern}/*",
            $"arn:{Partition(t)}:iam::{t.Account}:instance-profile/aotech/{t.AppPattern}/*",
        }, e => new[]
        {
            $"arn:{Partition(t)}:iam::{t.Account}:role{EndpointIamPath(e)}*",
            $"arn:{Partition(t)}:iam::{t.Account}:instance-profile{EndpointIamPath(e)}*",
        }));

        private static string EndpointIamPath(string endpointPattern) => Stack.StackNames.SharedEndpointIamPathRoot + endpointPattern + "/";

        /// <summary>
        /// iam:PassRole, only to the services that use the roles: the instance role to EC2 (through the Auto Scaling
        /// group's launch template), the task execution role to ECS tasks, the deployment role to ECS (the service's
        /// advanced configuration). Condition key iam:PassedToService (id_roles_use_passrole.html).
        /// </summary>
        public static readonly PermissionScope PassAppRoles = new PermissionScope("PassAppRoles",
            t => AndEndpoint(t, One($"arn:{Partition(t)}:iam::{t.Account}:role/aotech/{t.AppPattern}/*"),
                e => One($"arn:{Partition(t)}:iam::{t.Account}:role{EndpointIamPath(e)}*")),
            _ => When("StringEquals", "iam:PassedToService", "ec2.amazonaws.com", "ecs-tasks.amazonaws.com", "ecs.amazonaws.com"));

        /// <summary>
        /// iam:CreateServiceLinkedRole for the three services whose roles a fresh account lacks; condition key
        /// iam:AWSServiceName (using-service-linked-roles.html#service-linked-role-permissions).
        /// </summary>
        public static readonly PermissionScope ServiceLinkedRoles = new PermissionScope("ServiceLinkedRoles",
            t => One($"arn:{Partition(t)}:iam::{t.Account}:role/aws-service-role/*"),
            _ => When("StringEquals", "iam:AWSServiceName",
                "ecs.amazonaws.com", "elasticloadbalancing.amazonaws.com", "autoscaling.amazonaws.com",
                // Application Auto Scaling's role for ECS (AWSServiceRoleForApplicationAutoScaling_ECSService), made by the first RegisterScalableTarget.
                "ecs.application-autoscaling.amazonaws.com"));

        // ---- CloudWatch Logs: list_amazoncloudwatchlogs.html -----------------------------------------------------------

        public static readonly PermissionScope LogGroup = new PermissionScope("LogGroup", t => new[]
        {
            Arn(t, "logs", "log-group:/aotech/" + t.AppPattern),
            Arn(t, "logs", "log-group:/aotech/" + t.AppPattern + ":*"),
        });

        // ---- Systems Manager: list_awssystemsmanager.html -------------------------------------------------------------

        /// <summary>
        /// The app's run lock (Stack/Locking/AppLock: /aotech/{app}/lock) and AWS's public AMI parameters; with an endpoint
        /// also the endpoint's lock (/aotech/{endpoint}/endpoint-lock).
        /// </summary>
        public static readonly PermissionScope SsmParameters = new PermissionScope("SsmParameters", t => AndEndpoint(t, new[]
        {
            Arn(t, "ssm", "parameter/aotech/" + t.AppPattern + "/*"),
            $"arn:{Partition(t)}:ssm:{t.Region}::parameter/aws/service/*",
        }, e => One(Arn(t, "ssm", "parameter" + Stack.Locking.AppLock.EndpointParameterName(e)))));

        // ---- ACM: list_awscertificatemanager.html; Route 53: list_amazonroute53.html; ECR: list_amazonelasticcontainerregistry.html

        /// <summary>Certificates have generated ids: the account's certificates in the region.</summary>
        public static readonly PermissionScope Certificates = new PermissionScope("Certificates",
            t => One(Arn(t, "acm", "certificate/*")));

        /// <summary>The hosted zone is the user's (any zone of the account), changes are global ids.</summary>
        public static readonly PermissionScope HostedZones = new PermissionScope("HostedZones", t => new[]
        {
            $"arn:{Partition(t)}:route53:::hostedzone/*",
            $"arn:{Partition(t)}:route53:::change/*",
        });

        /// <summary>Publish-AoImage pushes to the repository it is given: the account's repositories in the region.</summary>
        public static readonly PermissionScope EcrRepositories = new PermissionScope("EcrRepositories",
            t => One(Arn(t, "ecr", "repository/*")));

        internal static IEnumerable<PermissionScope> All => typeof(PermissionScope)
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.FieldType == typeof(PermissionScope))
            .Select(f => (PermissionScope)f.GetValue(null)!);
    }
}
