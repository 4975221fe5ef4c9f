using System;
using System.Collections.Generic;
using System.Linq;
using static AoTech.Ecs.Permissions.PermissionScope;

namespace AoTech.Ecs.Permissions
{
    /// <summary>One line of the table: an IAM action, where it may act, and the commands that need it.</summary>
    public sealed class PermissionRow
    {
        public PermissionRow(string action, PermissionScope scope, IReadOnlyList<string> commands, string? impliedBy = null)
        {
            Action = action;
            Scope = scope;
            Commands = commands;
            ImpliedBy = impliedBy;
        }

        /// <summary>"service:Action", as IAM spells it (e.g. "ecs:CreateCluster", "tag:GetResources").</summary>
        public string Action { get; }
        public PermissionScope Scope { get; }
        public IReadOnlyList<string> Commands { get; }
        /// <summary>
        /// Why IAM asks for an action the module's clients never call (tags on create, a role passed, a push by the Docker
        /// engine); null for an action the source calls. The table's source check holds both kinds to the source.
        /// </summary>
        public string? ImpliedBy { get; }

        public override string ToString() => $"{Action} ({Scope}) for {string.Join(", ", Commands)}";
    }

    /// <summary>
    /// THE table of the AWS actions each command may call: Get-AoIamPolicy writes its policies from it, and the test
    /// suite holds every call the module made against it. A new AWS call is one more <c>Allow(...)</c> line below: the
    /// action, its <see cref="PermissionScope"/> (Resource "*" for Describe*/List*), and the commands that make it.
    /// </summary>
    public static class CmdletPermissions
    {
        /// <summary>Where a missing action is added; named in the test suite's message when a call is not allowed.</summary>
        public const string TableLocation = "src/AoTech.Ecs/Permissions/CmdletPermissions.cs (CmdletPermissions.Rows)";

        public const string GetApp = "Get-AoEcsApp";
        public const string NewApp = "New-AoEcsApp";
        public const string RemoveApp = "Remove-AoEcsApp";
        public const string SetApp = "Set-AoEcsApp";
        public const string SetEndpoint = "Set-AoEcsEndpoint";
        public const string PublishImage = "Publish-AoImage";
        public const string UpdateTaskDefinition = "Update-AoTaskDefinition";
        public const string WaitDeployment = "Wait-AoDeployment";
        public const string UndoDeployment = "Undo-AoDeployment";
        public const string StopDeployment = "Stop-AoDeployment";
        public const string ResumeDeployment = "Resume-AoDeployment";
        public const string GetEndpoint = "Get-AoEcsEndpoint";
        public const string RemoveEndpoint = "Remove-AoEcsEndpoint";

        /// <summary>Every command that calls AWS, in the order policies list them.</summary>
        public static readonly IReadOnlyList<string> Commands = new[]
        {
            NewApp, GetApp, SetApp, RemoveApp, GetEndpoint, SetEndpoint, RemoveEndpoint, PublishImage, UpdateTaskDefinition,
            WaitDeployment, UndoDeployment, StopDeployment, ResumeDeployment,
        };

        // Commands that share calls.
        /// <summary>
        /// Find an app's resources by names and tags (Stack/Converge/StackDiscovery); Set-AoEcsApp reads the app so when it
        /// changes the deployment strategy (EcsAppStack.PrepareStrategyAsync).
        /// </summary>
        private static readonly string[] Discover = { NewApp, GetApp, RemoveApp, SetApp };
        /// <summary>Take the app's run lock (Stack/Locking/AppLock) before a change.</summary>
        private static readonly string[] Lock = { NewApp, SetApp, RemoveApp, SetEndpoint };
        /// <summary>
        /// Find an endpoint's own resources (StackDiscovery.DiscoverEndpointAsync): network, groups, instance role, load
        /// balancer, instances, cluster; with Discover's.
        /// </summary>
        private static readonly string[] DiscoverEndpoint = { NewApp, GetApp, RemoveApp, SetEndpoint, SetApp };
        /// <summary>
        /// Make what a blue/green-family strategy needs (Stack/Deployments): the alternate target group, the listener rules,
        /// the role ECS assumes; New-AoEcsApp and Set-AoEcsApp -DeploymentStrategy.
        /// </summary>
        private static readonly string[] Strategy = { NewApp, SetApp };
        /// <summary>
        /// Delete what the app no longer uses (Stack/Converge/ExtraResources): New-AoEcsApp its duplicates and leftovers
        /// (a second VPC after a lost answer, a replaced certificate, ...), Remove-AoEcsApp everything.
        /// </summary>
        private static readonly string[] DeleteExtras = { NewApp, RemoveApp };
        /// <summary>Follow a deployment to its verdict (Rollout/Polling): all that deploy or wait.</summary>
        private static readonly string[] Watch =
            { NewApp, GetApp, SetApp, UpdateTaskDefinition, WaitDeployment, UndoDeployment, StopDeployment, ResumeDeployment };
        /// <summary>Change the service's task definition or desired count.</summary>
        private static readonly string[] Deploy = { NewApp, SetApp, UpdateTaskDefinition, UndoDeployment };
        /// <summary>Tab completion of -Name lists the apps (Completion/AppNameCompleter): every command with -Name.</summary>
        private static readonly string[] NameCompletion =
            { GetApp, SetApp, RemoveApp, UpdateTaskDefinition, WaitDeployment, UndoDeployment, StopDeployment, ResumeDeployment };

        /// <summary>Read shared endpoints (Stack/Endpoints/EndpointStatusReader), in batches; Set-AoEcsEndpoint writes the endpoint it changed.</summary>
        private static readonly string[] ShowEndpoint = { GetEndpoint, SetEndpoint };

        private static PermissionRow Allow(string action, PermissionScope scope, params string[] commands) =>
            new PermissionRow(action, scope, commands);

        /// <summary>An action IAM authorises without a call of its own, and why (see <see cref="PermissionRow.ImpliedBy"/>).</summary>
        private static PermissionRow Implied(string action, PermissionScope scope, string why, params string[] commands) =>
            new PermissionRow(action, scope, commands, why);

        private const string TagOnCreate = "tags given on create need the service's tagging action";
        private const string DockerPush = "the Docker engine's push to ECR (AWS's list of actions for pushing an image)";
        private const string TrackingAlarms = "a target-tracking policy creates and deletes its CloudWatch alarms with the caller's rights";

        private static string[] And(params string[][] groups) => groups.SelectMany(g => g).Distinct().ToArray();

        /// <summary>
        /// The table: <see cref="Table"/>, where Remove-AoEcsEndpoint needs every action Remove-AoEcsApp does (with -Force
        /// it removes each app as Remove-AoEcsApp does, then the endpoint's resources through the same teardown).
        /// </summary>
        public static readonly IReadOnlyList<PermissionRow> Rows = Table().Select(r => r.Commands.Contains(RemoveApp)
            ? new PermissionRow(r.Action, r.Scope, r.Commands.Concat(new[] { RemoveEndpoint }).ToList(), r.ImpliedBy) : r).ToList();

        /// <summary>Keep it sorted by service, then action; one line per action (or per action and scope).</summary>
        private static PermissionRow[] Table() => new[]
        {
            // Tags given with RequestCertificate; and on a shared endpoint, handing a certificate another app still uses over
            // to that app (aotech:app) when its owner leaves the host or is removed.
            Allow("acm:AddTagsToCertificate", Certificates, NewApp, RemoveApp),
            Allow("acm:DeleteCertificate", Certificates, DeleteExtras),
            Allow("acm:DescribeCertificate", Certificates, Discover),
            // Get-AoEcsApp's listing of many apps reads the region's certificates a page at a time (Stack/Converge/Listing).
            Allow("acm:ListCertificates", Any, GetApp),
            Allow("acm:RemoveTagsFromCertificate", Certificates, NewApp, RemoveApp),
            Allow("acm:RequestCertificate", Certificates, NewApp),

            // Task auto scaling (Stack/Scaling). A scalable target's ARN is an opaque id (scalable-target/<id>), not the app's
            // name, so these cannot be scoped to the app's resources.
            Allow("application-autoscaling:DeleteScalingPolicy", Any, NewApp, SetApp, RemoveApp),
            Allow("application-autoscaling:DeregisterScalableTarget", Any, NewApp, SetApp, RemoveApp),
            Allow("application-autoscaling:DescribeScalableTargets", Any, And(Discover, new[] { SetApp, SetEndpoint })),
            Allow("application-autoscaling:DescribeScalingPolicies", Any, And(Discover, new[] { SetApp })),
            Allow("application-autoscaling:PutScalingPolicy", Any, NewApp, SetApp),
            Allow("application-autoscaling:RegisterScalableTarget", Any, NewApp, SetApp),
            // ECS developer guide, "IAM permissions required for service auto scaling".
            Implied("cloudwatch:DeleteAlarms", Any, TrackingAlarms, NewApp, SetApp, RemoveApp),
            Implied("cloudwatch:DescribeAlarms", Any, TrackingAlarms, NewApp, SetApp, RemoveApp),
            Implied("cloudwatch:PutMetricAlarm", Any, TrackingAlarms, NewApp, SetApp),

            Allow("autoscaling:CreateAutoScalingGroup", AutoScalingGroup, NewApp),
            Implied("autoscaling:CreateOrUpdateTags", AutoScalingGroup, TagOnCreate, NewApp),
            Allow("autoscaling:DeleteAutoScalingGroup", AutoScalingGroup, RemoveApp),
            Allow("autoscaling:DescribeAutoScalingGroups", Any, And(DiscoverEndpoint, Watch, ShowEndpoint)),
            Allow("autoscaling:DescribeInstanceRefreshes", Any, DiscoverEndpoint),
            Allow("autoscaling:StartInstanceRefresh", AutoScalingGroup, NewApp, SetEndpoint),
            Allow("autoscaling:UpdateAutoScalingGroup", AutoScalingGroup, NewApp, SetApp, RemoveApp, SetEndpoint),

            Allow("ec2:AssociateRouteTable", Ec2Region, NewApp),
            Allow("ec2:AllocateAddress", Ec2Region, NewApp),
            Allow("ec2:AttachInternetGateway", Ec2Region, NewApp),
            Allow("ec2:AuthorizeSecurityGroupIngress", Ec2Region, NewApp, SetEndpoint),
            Allow("ec2:CreateInternetGateway", Ec2Region, NewApp),
            Allow("ec2:CreateLaunchTemplate", Ec2Region, NewApp),
            Allow("ec2:CreateLaunchTemplateVersion", Ec2Region, NewApp, SetEndpoint),
            Allow("ec2:CreateNatGateway", Ec2Region, NewApp),
            Allow("ec2:CreateRoute", Ec2Region, NewApp),
            Allow("ec2:CreateRouteTable", Ec2Region, NewApp),
            Allow("ec2:CreateSecurityGroup", Ec2Region, NewApp),
            Allow("ec2:CreateSubnet", Ec2Region, NewApp),
            // Also what tags given on create (TagSpecifications) need.
            Allow("ec2:CreateTags", Ec2Region, NewApp),
            Allow("ec2:CreateVpc", Ec2Region, NewApp),
            Allow("ec2:CreateVpcEndpoint", Ec2Region, NewApp),
            Allow("ec2:DeleteInternetGateway", Ec2Tagged, DeleteExtras),
            Allow("ec2:DeleteLaunchTemplate", Ec2Tagged, RemoveApp),
            Allow("ec2:DeleteNatGateway", Ec2Tagged, RemoveApp),
            // DeleteRoute and DisassociateRouteTable act on the route-table resource type, which takes aws:ResourceTag
            // (Service Authorization Reference, list_amazonec2.html); the tables are the app's own, tagged.
            Allow("ec2:DeleteRoute", Ec2Tagged, NewApp),
            Allow("ec2:DeleteRouteTable", Ec2Tagged, DeleteExtras),
            Allow("ec2:DeleteSecurityGroup", Ec2Tagged, DeleteExtras),
            Allow("ec2:DeleteSubnet", Ec2Tagged, DeleteExtras),
            Allow("ec2:DeleteVpc", Ec2Tagged, DeleteExtras),
            Allow("ec2:DeleteVpcEndpoints", Ec2Tagged, RemoveApp),
            Allow("ec2:DescribeAddresses", Any, DiscoverEndpoint),
            Allow("ec2:DescribeAvailabilityZones", Any, Discover),
            Allow("ec2:DescribeImages", Any, NewApp, SetEndpoint),
            Allow("ec2:DescribeInstanceTypes", Any, DiscoverEndpoint),
            Allow("ec2:DescribeInternetGateways", Any, DiscoverEndpoint),
            Allow("ec2:DescribeLaunchTemplates", Any, DiscoverEndpoint),
            Allow("ec2:DescribeLaunchTemplateVersions", Any, And(DiscoverEndpoint, ShowEndpoint)),
            Allow("ec2:DescribeNatGateways", Any, DiscoverEndpoint),
            Allow("ec2:DescribeRouteTables", Any, DiscoverEndpoint),
            Allow("ec2:DescribeSecurityGroups", Any, And(DiscoverEndpoint, ShowEndpoint)),
            Allow("ec2:DescribeSubnets", Any, DiscoverEndpoint),
            Allow("ec2:DescribeVpcEndpoints", Any, DiscoverEndpoint),
            Allow("ec2:DescribeVpcs", Any, And(DiscoverEndpoint, ShowEndpoint)),
            Allow("ec2:DetachInternetGateway", Ec2Tagged, DeleteExtras),
            Allow("ec2:DisassociateRouteTable", Ec2Tagged, DeleteExtras),
            Allow("ec2:ModifySubnetAttribute", Ec2Region, NewApp),
            Allow("ec2:ModifyVpcAttribute", Ec2Region, NewApp),
            Allow("ec2:ModifyVpcEndpoint", Ec2Region, NewApp),
            Allow("ec2:ReleaseAddress", Ec2Tagged, RemoveApp),
            Allow("ec2:ReplaceRoute", Ec2Region, NewApp),
            Allow("ec2:RevokeSecurityGroupIngress", Ec2Region, NewApp, SetEndpoint),
            Implied("ec2:RunInstances", Ec2Region, "the Auto Scaling group launches instances from the launch template", NewApp, SetApp, SetEndpoint),

            Implied("ecr:BatchCheckLayerAvailability", EcrRepositories, DockerPush, PublishImage),
            Implied("ecr:BatchGetImage", EcrRepositories, DockerPush, PublishImage),
            Implied("ecr:CompleteLayerUpload", EcrRepositories, DockerPush, PublishImage),
            Allow("ecr:CreateRepository", EcrRepositories, PublishImage),
            Allow("ecr:DescribeRepositories", EcrRepositories, PublishImage),
            Allow("ecr:GetAuthorizationToken", Any, PublishImage),
            Implied("ecr:InitiateLayerUpload", EcrRepositories, DockerPush, PublishImage),
            Implied("ecr:PutImage", EcrRepositories, DockerPush, PublishImage),
            Implied("ecr:TagResource", EcrRepositories, TagOnCreate, PublishImage),
            Implied("ecr:UploadLayerPart", EcrRepositories, DockerPush, PublishImage),

            Allow("ecs:ContinueServiceDeployment", EcsService, ResumeDeployment),
            Allow("ecs:CreateCapacityProvider", EcsCluster, NewApp),
            Allow("ecs:CreateCluster", EcsCluster, NewApp),
            Allow("ecs:CreateService", EcsService, NewApp),
            Allow("ecs:DeleteCapacityProvider", EcsCluster, RemoveApp),
            Allow("ecs:DeleteCluster", EcsCluster, RemoveApp),
            Allow("ecs:DeleteService", EcsService, RemoveApp),
            Allow("ecs:DeregisterContainerInstance", EcsCluster, RemoveApp),
            Allow("ecs:DeregisterTaskDefinition", Any, DeleteExtras),
            Allow("ecs:DescribeCapacityProviders", Any, DiscoverEndpoint),
            Allow("ecs:DescribeClusters", Any, And(DiscoverEndpoint, Watch, ShowEndpoint)),
            Allow("ecs:DescribeServiceDeployments", Any, Watch),
            Allow("ecs:DescribeServiceRevisions", Any, Watch),
            Allow("ecs:DescribeServices", Any, And(DiscoverEndpoint, Watch)),
            Allow("ecs:DescribeTaskDefinition", Any, And(DiscoverEndpoint, Watch)),
            Allow("ecs:DescribeTasks", Any, And(Discover, Watch)),
            Allow("ecs:ListContainerInstances", Any, And(Discover, Watch)),
            // New-AoEcsApp and Set-AoEcsApp: no strategy switch while a deployment runs (Stack/Deployments).
            Allow("ecs:ListServiceDeployments", Any, And(Watch, Strategy)),
            // The capacity check on a shared endpoint reads the services in its cluster (Stack/Endpoints/EndpointServices).
            Allow("ecs:ListServices", Any, NewApp, SetEndpoint),
            Implied("ecs:ListTagsForResource", Any, "Describe* calls read the tags (include TAGS)", And(DiscoverEndpoint, Watch, ShowEndpoint)),
            Allow("ecs:ListTaskDefinitions", Any, And(Discover, Watch)),
            Allow("ecs:ListTasks", Any, And(Discover, Watch)),
            Allow("ecs:PutClusterCapacityProviders", EcsCluster, NewApp, RemoveApp),
            Allow("ecs:RegisterTaskDefinition", Any, NewApp, UpdateTaskDefinition),
            Allow("ecs:StopServiceDeployment", EcsService, StopDeployment, UndoDeployment),
            Allow("ecs:TagResource", EcsCluster, NewApp),
            Allow("ecs:TagResource", EcsService, NewApp, UpdateTaskDefinition),
            Allow("ecs:TagResource", EcsTaskDefinition, NewApp, UpdateTaskDefinition),
            Allow("ecs:UntagResource", EcsService, NewApp),
            Allow("ecs:UpdateCapacityProvider", EcsCluster, NewApp, SetEndpoint),
            Allow("ecs:UpdateService", EcsService, Deploy),

            Allow("elasticloadbalancing:AddListenerCertificates", LoadBalancer, NewApp, RemoveApp),
            Implied("elasticloadbalancing:AddTags", LoadBalancer, TagOnCreate, Strategy),
            Allow("elasticloadbalancing:CreateListener", LoadBalancer, NewApp),
            Allow("elasticloadbalancing:CreateLoadBalancer", LoadBalancer, NewApp),
            Allow("elasticloadbalancing:CreateRule", LoadBalancer, Strategy),
            Allow("elasticloadbalancing:CreateTargetGroup", LoadBalancer, Strategy),
            Allow("elasticloadbalancing:DeleteListener", LoadBalancer, DeleteExtras),
            Allow("elasticloadbalancing:DeleteLoadBalancer", LoadBalancer, RemoveApp),
            Allow("elasticloadbalancing:DeleteRule", LoadBalancer, And(Strategy, new[] { RemoveApp })),
            Allow("elasticloadbalancing:DeleteTargetGroup", LoadBalancer, RemoveApp),
            Allow("elasticloadbalancing:DescribeListenerCertificates", Any, And(Discover, ShowEndpoint)),
            Allow("elasticloadbalancing:DescribeListeners", Any, And(DiscoverEndpoint, ShowEndpoint)),
            Allow("elasticloadbalancing:DescribeLoadBalancerAttributes", Any, DiscoverEndpoint),
            Allow("elasticloadbalancing:DescribeLoadBalancers", Any, And(DiscoverEndpoint, ShowEndpoint)),
            Allow("elasticloadbalancing:DescribeRules", Any, And(Discover, ShowEndpoint)),
            // With the rules: a test listener rule is an app's by its tag (Endpoints.ListenerRoutes).
            Allow("elasticloadbalancing:DescribeTags", Any, And(DiscoverEndpoint, ShowEndpoint)),
            Allow("elasticloadbalancing:DescribeTargetGroupAttributes", Any, DiscoverEndpoint),
            Allow("elasticloadbalancing:DescribeTargetGroups", Any, And(DiscoverEndpoint, new[] { SetApp })),
            Allow("elasticloadbalancing:DescribeTargetHealth", Any, And(Discover, Watch)),
            Allow("elasticloadbalancing:ModifyListener", LoadBalancer, NewApp, RemoveApp),
            Allow("elasticloadbalancing:ModifyLoadBalancerAttributes", LoadBalancer, NewApp),
            Allow("elasticloadbalancing:ModifyTargetGroup", LoadBalancer, Strategy),
            Allow("elasticloadbalancing:ModifyRule", LoadBalancer, Strategy),
            Allow("elasticloadbalancing:ModifyTargetGroupAttributes", LoadBalancer, Strategy),
            Allow("elasticloadbalancing:RemoveListenerCertificates", LoadBalancer, RemoveApp),
            Allow("elasticloadbalancing:SetRulePriorities", LoadBalancer, Strategy),
            Allow("elasticloadbalancing:SetSecurityGroups", LoadBalancer, NewApp),
            Allow("elasticloadbalancing:SetSubnets", LoadBalancer, NewApp),

            Allow("iam:AddRoleToInstanceProfile", IamAppRoles, NewApp),
            Allow("iam:AttachRolePolicy", IamAppRoles, Strategy),
            Allow("iam:CreateInstanceProfile", IamAppRoles, NewApp),
            Allow("iam:CreateRole", IamAppRoles, Strategy),
            Allow("iam:CreateServiceLinkedRole", ServiceLinkedRoles, NewApp, SetApp),
            Allow("iam:DeleteInstanceProfile", IamAppRoles, RemoveApp),
            Allow("iam:DeleteRole", IamAppRoles, DeleteExtras),
            Allow("iam:DeleteRolePolicy", IamAppRoles, DeleteExtras),
            Allow("iam:DetachRolePolicy", IamAppRoles, DeleteExtras),
            Allow("iam:GetInstanceProfile", IamAppRoles, DiscoverEndpoint),
            Allow("iam:GetRole", IamAppRoles, DiscoverEndpoint),
            Allow("iam:GetRolePolicy", IamAppRoles, DiscoverEndpoint),
            Allow("iam:ListAttachedRolePolicies", IamAppRoles, DiscoverEndpoint),
            Allow("iam:ListInstanceProfilesForRole", IamAppRoles, DiscoverEndpoint),
            Allow("iam:ListRolePolicies", IamAppRoles, DiscoverEndpoint),
            Allow("iam:ListRoles", Any, DiscoverEndpoint),
            Implied("iam:PassRole", PassAppRoles, "the instance role goes to EC2, the execution and task roles to ECS tasks, the " +
                "deployment role (blue/green family) to ECS in the service's advanced configuration",
                NewApp, SetApp, SetEndpoint, UpdateTaskDefinition, UndoDeployment),
            Allow("iam:PutRolePolicy", IamAppRoles, NewApp),
            Allow("iam:PutRolePermissionsBoundary", IamAppRoles, Strategy),
            Allow("iam:RemoveRoleFromInstanceProfile", IamAppRoles, DeleteExtras),
            Implied("iam:TagInstanceProfile", IamAppRoles, TagOnCreate, NewApp),
            Implied("iam:TagRole", IamAppRoles, TagOnCreate, Strategy),

            Allow("logs:CreateLogGroup", LogGroup, NewApp),
            Allow("logs:DeleteLogGroup", LogGroup, DeleteExtras),
            Allow("logs:DescribeLogGroups", Any, Discover),
            Allow("logs:PutRetentionPolicy", LogGroup, NewApp),
            Implied("logs:TagResource", LogGroup, TagOnCreate, NewApp),

            Allow("route53:ChangeResourceRecordSets", HostedZones, NewApp, RemoveApp),
            Allow("route53:GetChange", HostedZones, NewApp, RemoveApp),
            Allow("route53:ListHostedZonesByName", Any, Discover),
            Allow("route53:ListResourceRecordSets", HostedZones, Discover),

            Implied("ssm:AddTagsToResource", SsmParameters, TagOnCreate + " (the lock parameter)", Lock),
            Allow("ssm:DeleteParameter", SsmParameters, Lock),
            Allow("ssm:GetParameter", SsmParameters, Lock),
            Allow("ssm:GetParameters", SsmParameters, NewApp, SetEndpoint),
            Allow("ssm:PutParameter", SsmParameters, Lock),

            Allow("sts:GetCallerIdentity", Any, NewApp, PublishImage),

            Allow("tag:GetResources", Any, And(Discover, NameCompletion, ShowEndpoint)),
        };

        /// <summary>
        /// The commands named (in the table's spelling), or null for all; throws AoEcsException UnknownCommand for a name
        /// that is not one of <see cref="Commands"/>.
        /// </summary>
        public static IReadOnlyCollection<string>? Resolve(IEnumerable<string>? names)
        {
            var given = names?.Where(n => !string.IsNullOrEmpty(n)).ToList();
            if (given == null || given.Count == 0) return null;
            var unknown = given.Where(n => !Commands.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
            if (unknown.Count > 0)
                throw new Errors.AoEcsException(PermissionErrorIds.UnknownCommand, Errors.AoErrorKind.InvalidArgument,
                    $"-Cmdlet {string.Join(", ", unknown)}: not a command of AoTech.Ecs that calls AWS. Known: {string.Join(", ", Commands)}.",
                    unknown[0]);
            return Commands.Where(c => given.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        }

        /// <summary>The rows a command needs (every row for null or no command).</summary>
        public static IEnumerable<PermissionRow> For(IEnumerable<PermissionRow> rows, IReadOnlyCollection<string>? commands) =>
            commands == null || commands.Count == 0
                ? rows
                : rows.Where(r => r.Commands.Any(c => commands.Contains(c, StringComparer.OrdinalIgnoreCase)));
    }
}
