using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using AoTech.Ecs.Errors;

namespace AoTech.Ecs.Permissions
{
    /// <summary>What a policy is written for: which apps (a name pattern), in which region and account.</summary>
    public sealed class PolicyTarget
    {
        public PolicyTarget(string appPattern = "*", string region = "*", string account = "*")
        {
            AppPattern = appPattern;
            Region = region;
            Account = account;
        }

        /// <summary>
        /// A checked target: the app pattern in the characters app names allow plus IAM's wildcards (* and ?), a region
        /// name (checked as every -Region is) or *, a 12-digit account id or *. Throws AoEcsException with a PermissionErrorIds id otherwise.
        /// </summary>
        public static PolicyTarget Create(string? appPattern, string? region, string? account)
        {
            return Checked(OrAny(appPattern), OrAny(region), OrAny(account));
        }

        private static string OrAny(string? value) => string.IsNullOrEmpty(value) ? "*" : value!;

        private static PolicyTarget Checked(string appPattern, string region, string account)
        {
            if (!Regex.IsMatch(appPattern, @"^[a-z0-9*?-]+$") || appPattern.Length > Stack.StackNames.MaxAppNameLength)
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
            Func<PolicyTarget, IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>?>? condition = null)
        {
            Sid = sid;
            _resources = resources;
            _condition = condition ?? (_ => null);
        }

        /// <summary>The statement id in the policy, e.g. "EcsCluster".</summary>
        public string Sid { get; }
        public IReadOnlyList<string> Resources(PolicyTarget t) => _resources(t);
        /// <summary>Operator -> condition key -> values; null when the statement has no condition.</summary>
        public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>? Condition(PolicyTarget t) => _condition(t);

        public override string ToString() => Sid;

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

        public static readonly PermissionScope EcsCluster = new PermissionScope("EcsCluster", t => new[]
        {
            Arn(t, "ecs", "cluster/" + App(t)),
            Arn(t, "ecs", "capacity-provider/" + App(t) + "-cp"),
        });

        /// <summary>The app's service and what lives inside its cluster: tasks, container instances, deployments.</summary>
        public static readonly PermissionScope EcsService = new PermissionScope("EcsService", t => new[]
        {
            Arn(t, "ecs", "service/" + App(t) + "/" + App(t)),
            Arn(t, "ecs", "task/" + App(t) + "/*"),
            Arn(t, "ecs", "container-instance/" + App(t) + "/*"),
            Arn(t, "ecs", "service-deployment/" + App(t) + "/" + App(t) + "/*"),
            Arn(t, "ecs", "service-revision/" + App(t) + "/" + App(t) + "/*"),
        });

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

        public static readonly PermissionScope LoadBalancer = new PermissionScope("LoadBalancer", t => new[]
        {
            Arn(t, "elasticloadbalancing", "loadbalancer/app/" + App(t) + "-alb/*"),
            Arn(t, "elasticloadbalancing", "listener/app/" + App(t) + "-alb/*"),
            Arn(t, "elasticloadbalancing", "listener-rule/app/" + App(t) + "-alb/*"),
            Arn(t, "elasticloadbalancing", "targetgroup/" + App(t) + "-tg/*"),
        });

        // ---- Amazon EC2 Auto Scaling: list_amazonec2autoscaling.html -------------------------------------------------
        // ARN: autoScalingGroup:{uuid}:autoScalingGroupName/{name}.

        public static readonly PermissionScope AutoScalingGroup = new PermissionScope("AutoScalingGroup", t => One(
            Arn(t, "autoscaling", "autoScalingGroup:*:autoScalingGroupName/" + App(t) + "-asg")));

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
        /// </summary>
        public static readonly PermissionScope Ec2Tagged = new PermissionScope("Ec2TaggedByApp",
            t => One(Arn(t, "ec2", "*")),
            t => When("StringLike", "aws:ResourceTag/" + Stack.StackNames.AppTagKey, t.AppPattern));

        // ---- IAM: list_awsidentityandaccessmanagementiam.html ----------------------------------------------------------
        // The stack's roles and instance profile live under the path /aotech/{app}/ (StackNames.IamPath).

        public static readonly PermissionScope IamAppRoles = new PermissionScope("IamAppRoles", t => new[]
        {
            $"arn:{Partition(t)}:iam::{t.Account}:role/aotech/{t.AppPattern}/*",
            $"arn:{Partition(t)}:iam::{t.Account}:instance-profile/aotech/{t.AppPattern}/*",
        });

        /// <summary>
        /// iam:PassRole, only to the services that use the roles: the instance role to EC2 (through the Auto Scaling
        /// group's launch template), the task execution role to ECS tasks. Condition key iam:PassedToService
        /// (id_roles_use_passrole.html).
        /// </summary>
        public static readonly PermissionScope PassAppRoles = new PermissionScope("PassAppRoles",
            t => One($"arn:{Partition(t)}:iam::{t.Account}:role/aotech/{t.AppPattern}/*"),
            _ => When("StringEquals", "iam:PassedToService", "ec2.amazonaws.com", "ecs-tasks.amazonaws.com"));

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

        /// <summary>The app's run lock (Stack/Locking/AppLock: /aotech/{app}/lock) and AWS's public AMI parameters.</summary>
        public static readonly PermissionScope SsmParameters = new PermissionScope("SsmParameters", t => new[]
        {
            Arn(t, "ssm", "parameter/aotech/" + t.AppPattern + "/*"),
            $"arn:{Partition(t)}:ssm:{t.Region}::parameter/aws/service/*",
        });

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
