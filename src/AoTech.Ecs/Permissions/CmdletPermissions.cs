using System;
using System.Collections.Generic;
using System.Linq;
using static AoTech.Ecs.Permissions.PermissionScope;

namespace AoTech.Ecs.Permissions
{
    /// <summary>One line of the table: an IAM action, where it may act, and the commands that need it.</summary>
    public sealed class PermissionRow
    {
        public PermissionRow(string action, PermissionScope scope, IReadOnlyList<string> commands)
        {
            Action = action;
            Scope = scope;
            Commands = commands;
        }

        /// <summary>"service:Action", as IAM spells it (e.g. "ecs:CreateCluster", "tag:GetResources").</summary>
        public string Action { get; }
        public PermissionScope Scope { get; }
        public IReadOnlyList<string> Commands { get; }

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
        public const string PublishImage = "Publish-AoImage";
        public const string UpdateTaskDefinition = "Update-AoTaskDefinition";
        public const string WaitDeployment = "Wait-AoDeployment";
        public const string UndoDeployment = "Undo-AoDeployment";
        public const string StopDeployment = "Stop-AoDeployment";
        public const string ResumeDeployment = "Resume-AoDeployment";

        /// <summary>Every command that calls AWS, in the order policies list them.</summary>
        public static readonly IReadOnlyList<string> Commands = new[]
        {
            NewApp, GetApp, SetApp, RemoveApp, PublishImage, UpdateTaskDefinition, WaitDeployment, UndoDeployment,
            StopDeployment, ResumeDeployment,
        };

        // Commands that share calls.
        /// <summary>Find an app's resources by names and tags (Stack/Converge/StackDiscovery).</summary>
        private static readonly string[] Discover = { NewApp, GetApp, RemoveApp };
        /// <summary>Take the app's run lock (Stack/Locking/AppLock) before a change.</summary>
        private static readonly string[] Lock = { NewApp, SetApp, RemoveApp };
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

        private static PermissionRow Allow(string action, PermissionScope scope, params string[] commands) =>
            new PermissionRow(action, scope, commands);

        private static string[] And(params string[][] groups) => groups.SelectMany(g => g).Distinct().ToArray();

        /// <summary>The table. Keep it sorted by service, then action; one line per action (or per action and scope).</summary>
        public static readonly IReadOnlyList<PermissionRow> Rows = new[]
        {
            Allow("acm:AddTagsToCertificate", Certificates, NewApp),
            Allow("acm:DeleteCertificate", Certificates, DeleteExtras),
            Allow("acm:DescribeCertificate", Certificates, Discover),
            Allow("acm:ListCertificates", Any, Discover),
            Allow("acm:ListTagsForCertificate", Certificates, Discover),
            Allow("acm:RequestCertificate", Certificates, NewApp),

            // Task auto scaling (Stack/Scaling). A scalable target's ARN is an opaque id (scalable-target/<id>), not the app's
            // name, so these cannot be scoped to the app's resources.
            Allow("application-autoscaling:DeleteScalingPolicy", Any, NewApp, SetApp, RemoveApp),
            Allow("application-autoscaling:DeregisterScalableTarget", Any, NewApp, SetApp, RemoveApp),
            Allow("application-autoscaling:DescribeScalableTargets", Any, And(Discover, new[] { SetApp })),
            Allow("application-autoscaling:DescribeScalingPolicies", Any, And(Discover, new[] { SetApp })),
            Allow("application-autoscaling:PutScalingPolicy", Any, NewApp, SetApp),
            Allow("application-autoscaling:RegisterScalableTarget", Any, NewApp, SetApp),
            // Authorised without a call of its own: a target-tracking policy creates and deletes its CloudWatch alarms with the
            // caller's rights (ECS developer guide, "IAM permissions required for service auto scaling").
            Allow("cloudwatch:DeleteAlarms", Any, NewApp, SetApp, RemoveApp),
            Allow("cloudwatch:DescribeAlarms", Any, NewApp, SetApp, RemoveApp),
            Allow("cloudwatch:PutMetricAlarm", Any, NewApp, SetApp),

            Allow("autoscaling:CreateAutoScalingGroup", AutoScalingGroup, NewApp),
            Allow("autoscaling:CreateOrUpdateTags", AutoScalingGroup, NewApp),
            Allow("autoscaling:DeleteAutoScalingGroup", AutoScalingGroup, RemoveApp),
            Allow("autoscaling:DescribeAutoScalingGroups", Any, And(Discover, Watch)),
            Allow("autoscaling:DescribeInstanceRefreshes", Any, Discover),
            Allow("autoscaling:DescribeScalingActivities", Any, And(Discover, Watch)),
            Allow("autoscaling:SetInstanceProtection", AutoScalingGroup, NewApp, RemoveApp),
            Allow("autoscaling:StartInstanceRefresh", AutoScalingGroup, NewApp),
            Allow("autoscaling:UpdateAutoScalingGroup", AutoScalingGroup, NewApp, SetApp, RemoveApp),

            Allow("ec2:AssociateRouteTable", Ec2Region, NewApp),
            Allow("ec2:AllocateAddress", Ec2Region, NewApp),
            Allow("ec2:AttachInternetGateway", Ec2Region, NewApp),
            Allow("ec2:AuthorizeSecurityGroupIngress", Ec2Region, NewApp),
            Allow("ec2:CreateInternetGateway", Ec2Region, NewApp),
            Allow("ec2:CreateLaunchTemplate", Ec2Region, NewApp),
            Allow("ec2:CreateLaunchTemplateVersion", Ec2Region, NewApp),
            Allow("ec2:CreateNatGateway", Ec2Region, NewApp),
            Allow("ec2:CreateRoute", Ec2Region, NewApp),
            Allow("ec2:CreateRouteTable", Ec2Region, NewApp),
            Allow("ec2:CreateSecurityGroup", Ec2Region, NewApp),
            Allow("ec2:CreateSubnet", Ec2Region, NewApp),
            // Authorised without a call of its own: tags given on create (TagSpecifications) need ec2:CreateTags.
            Allow("ec2:CreateTags", Ec2Region, NewApp),
            Allow("ec2:CreateVpc", Ec2Region, NewApp),
            Allow("ec2:CreateVpcEndpoint", Ec2Region, NewApp),
            Allow("ec2:DeleteInternetGateway", Ec2Tagged, DeleteExtras),
            Allow("ec2:DeleteLaunchTemplate", Ec2Tagged, RemoveApp),
            Allow("ec2:DeleteNatGateway", Ec2Tagged, RemoveApp),
            Allow("ec2:DeleteRoute", Ec2Region, NewApp),
            Allow("ec2:DeleteRouteTable", Ec2Tagged, DeleteExtras),
            Allow("ec2:DeleteSecurityGroup", Ec2Tagged, DeleteExtras),
            Allow("ec2:DeleteSubnet", Ec2Tagged, DeleteExtras),
            Allow("ec2:DeleteVpc", Ec2Tagged, DeleteExtras),
            Allow("ec2:DeleteVpcEndpoints", Ec2Tagged, RemoveApp),
            Allow("ec2:DescribeAddresses", Any, Discover),
            Allow("ec2:DescribeAvailabilityZones", Any, Discover),
            Allow("ec2:DescribeImages", Any, NewApp),
            Allow("ec2:DescribeInstanceTypes", Any, Discover),
            Allow("ec2:DescribeInternetGateways", Any, Discover),
            Allow("ec2:DescribeLaunchTemplates", Any, Discover),
            Allow("ec2:DescribeLaunchTemplateVersions", Any, Discover),
            Allow("ec2:DescribeNatGateways", Any, Discover),
            Allow("ec2:DescribeRouteTables", Any, Discover),
            Allow("ec2:DescribeSecurityGroups", Any, Discover),
            Allow("ec2:DescribeSubnets", Any, Discover),
            Allow("ec2:DescribeVpcEndpoints", Any, Discover),
            Allow("ec2:DescribeVpcs", Any, Discover),
            Allow("ec2:DetachInternetGateway", Ec2Tagged, DeleteExtras),
            Allow("ec2:DisassociateRouteTable", Ec2Region, DeleteExtras),
            Allow("ec2:ModifySubnetAttribute", Ec2Region, NewApp),
            Allow("ec2:ModifyVpcAttribute", Ec2Region, NewApp),
            Allow("ec2:ModifyVpcEndpoint", Ec2Region, NewApp),
            Allow("ec2:ReleaseAddress", Ec2Tagged, RemoveApp),
            Allow("ec2:ReplaceRoute", Ec2Region, NewApp),
            Allow("ec2:RevokeSecurityGroupIngress", Ec2Region, NewApp),
            // Authorised without a call of its own: the Auto Scaling group launches instances from the launch template.
            Allow("ec2:RunInstances", Ec2Region, NewApp, SetApp),

            Allow("ecr:BatchCheckLayerAvailability", EcrRepositories, PublishImage),
            // The Docker engine's push to ECR calls these (AWS's list for pushing images), not the module's clients.
            Allow("ecr:BatchGetImage", EcrRepositories, PublishImage),
            Allow("ecr:CompleteLayerUpload", EcrRepositories, PublishImage),
            Allow("ecr:CreateRepository", EcrRepositories, PublishImage),
            Allow("ecr:DescribeImages", EcrRepositories, PublishImage),
            Allow("ecr:DescribeRepositories", EcrRepositories, PublishImage),
            Allow("ecr:GetAuthorizationToken", Any, PublishImage),
            Allow("ecr:InitiateLayerUpload", EcrRepositories, PublishImage),
            Allow("ecr:PutImage", EcrRepositories, PublishImage),
            Allow("ecr:PutLifecyclePolicy", EcrRepositories, PublishImage),
            Allow("ecr:TagResource", EcrRepositories, PublishImage),
            Allow("ecr:UploadLayerPart", EcrRepositories, PublishImage),

            Allow("ecs:ContinueServiceDeployment", EcsService, ResumeDeployment),
            Allow("ecs:CreateCapacityProvider", EcsCluster, NewApp),
            Allow("ecs:CreateCluster", EcsCluster, NewApp),
            Allow("ecs:CreateService", EcsService, NewApp),
            Allow("ecs:DeleteCapacityProvider", EcsCluster, RemoveApp),
            Allow("ecs:DeleteCluster", EcsCluster, RemoveApp),
            Allow("ecs:DeleteService", EcsService, RemoveApp),
            Allow("ecs:DeleteTaskDefinitions", EcsTaskDefinition, RemoveApp),
            Allow("ecs:DeregisterContainerInstance", EcsCluster, RemoveApp),
            Allow("ecs:DeregisterTaskDefinition", Any, DeleteExtras),
            Allow("ecs:DescribeCapacityProviders", Any, Discover),
            Allow("ecs:DescribeClusters", Any, And(Discover, Watch)),
            Allow("ecs:DescribeContainerInstances", Any, And(Discover, Watch)),
            Allow("ecs:DescribeServiceDeployments", Any, Watch),
            Allow("ecs:DescribeServiceRevisions", Any, Watch),
            Allow("ecs:DescribeServices", Any, And(Discover, Watch)),
            Allow("ecs:DescribeTaskDefinition", Any, And(Discover, Watch)),
            Allow("ecs:DescribeTasks", Any, And(Discover, Watch)),
            Allow("ecs:ListContainerInstances", Any, And(Discover, Watch)),
            Allow("ecs:ListServiceDeployments", Any, Watch),
            Allow("ecs:ListServices", Any, Discover),
            Allow("ecs:ListTagsForResource", Any, And(Discover, Watch)),
            Allow("ecs:ListTaskDefinitions", Any, And(Discover, Watch)),
            Allow("ecs:ListTasks", Any, And(Discover, Watch)),
            Allow("ecs:PutClusterCapacityProviders", EcsCluster, NewApp, RemoveApp),
            Allow("ecs:RegisterTaskDefinition", Any, NewApp, UpdateTaskDefinition),
            Allow("ecs:StopServiceDeployment", EcsService, StopDeployment, UndoDeployment),
            Allow("ecs:StopTask", EcsService, RemoveApp),
            Allow("ecs:TagResource", EcsCluster, NewApp),
            Allow("ecs:TagResource", EcsService, NewApp, UpdateTaskDefinition),
            Allow("ecs:TagResource", EcsTaskDefinition, NewApp, UpdateTaskDefinition),
            Allow("ecs:UntagResource", EcsService, NewApp),
            Allow("ecs:UpdateCapacityProvider", EcsCluster, NewApp),
            Allow("ecs:UpdateService", EcsService, Deploy),

            Allow("elasticloadbalancing:AddTags", LoadBalancer, NewApp),
            Allow("elasticloadbalancing:CreateListener", LoadBalancer, NewApp),
            Allow("elasticloadbalancing:CreateLoadBalancer", LoadBalancer, NewApp),
            Allow("elasticloadbalancing:CreateTargetGroup", LoadBalancer, NewApp),
            Allow("elasticloadbalancing:DeleteListener", LoadBalancer, DeleteExtras),
            Allow("elasticloadbalancing:DeleteLoadBalancer", LoadBalancer, RemoveApp),
            Allow("elasticloadbalancing:DeleteTargetGroup", LoadBalancer, RemoveApp),
            Allow("elasticloadbalancing:DescribeListeners", Any, Discover),
            Allow("elasticloadbalancing:DescribeLoadBalancerAttributes", Any, Discover),
            Allow("elasticloadbalancing:DescribeLoadBalancers", Any, Discover),
            Allow("elasticloadbalancing:DescribeTags", Any, Discover),
            Allow("elasticloadbalancing:DescribeTargetGroupAttributes", Any, Discover),
            Allow("elasticloadbalancing:DescribeTargetGroups", Any, And(Discover, new[] { SetApp })),
            Allow("elasticloadbalancing:DescribeTargetHealth", Any, And(Discover, Watch)),
            Allow("elasticloadbalancing:ModifyListener", LoadBalancer, NewApp),
            Allow("elasticloadbalancing:ModifyLoadBalancerAttributes", LoadBalancer, NewApp),
            Allow("elasticloadbalancing:ModifyTargetGroup", LoadBalancer, NewApp),
            Allow("elasticloadbalancing:ModifyTargetGroupAttributes", LoadBalancer, NewApp),
            Allow("elasticloadbalancing:SetSecurityGroups", LoadBalancer, NewApp),
            Allow("elasticloadbalancing:SetSubnets", LoadBalancer, NewApp),

            Allow("iam:AddRoleToInstanceProfile", IamAppRoles, NewApp),
            Allow("iam:AttachRolePolicy", IamAppRoles, NewApp),
            Allow("iam:CreateInstanceProfile", IamAppRoles, NewApp),
            Allow("iam:CreateRole", IamAppRoles, NewApp),
            Allow("iam:CreateServiceLinkedRole", ServiceLinkedRoles, NewApp, SetApp),
            Allow("iam:DeleteInstanceProfile", IamAppRoles, RemoveApp),
            Allow("iam:DeleteRole", IamAppRoles, DeleteExtras),
            Allow("iam:DeleteRolePolicy", IamAppRoles, DeleteExtras),
            Allow("iam:DetachRolePolicy", IamAppRoles, DeleteExtras),
            Allow("iam:GetInstanceProfile", IamAppRoles, Discover),
            Allow("iam:GetRole", IamAppRoles, Discover),
            Allow("iam:GetRolePolicy", IamAppRoles, Discover),
            Allow("iam:ListAttachedRolePolicies", IamAppRoles, Discover),
            Allow("iam:ListInstanceProfiles", Any, Discover),
            Allow("iam:ListInstanceProfilesForRole", IamAppRoles, Discover),
            Allow("iam:ListInstanceProfileTags", IamAppRoles, Discover),
            Allow("iam:ListRolePolicies", IamAppRoles, Discover),
            Allow("iam:ListRoles", Any, Discover),
            Allow("iam:ListRoleTags", IamAppRoles, Discover),
            // Authorised without a call of its own: the instance role goes to EC2, the execution role to ECS tasks.
            Allow("iam:PassRole", PassAppRoles, NewApp, SetApp, UpdateTaskDefinition, UndoDeployment),
            Allow("iam:PutRolePolicy", IamAppRoles, NewApp),
            Allow("iam:PutRolePermissionsBoundary", IamAppRoles, NewApp),
            Allow("iam:RemoveRoleFromInstanceProfile", IamAppRoles, DeleteExtras),
            Allow("iam:TagInstanceProfile", IamAppRoles, NewApp),
            Allow("iam:TagRole", IamAppRoles, NewApp),

            Allow("logs:CreateLogGroup", LogGroup, NewApp),
            Allow("logs:DeleteLogGroup", LogGroup, DeleteExtras),
            Allow("logs:DescribeLogGroups", Any, Discover),
            Allow("logs:DescribeLogStreams", LogGroup, Watch),
            Allow("logs:FilterLogEvents", LogGroup, Watch),
            Allow("logs:GetLogEvents", LogGroup, Watch),
            Allow("logs:ListTagsLogGroup", LogGroup, Discover),
            Allow("logs:PutRetentionPolicy", LogGroup, NewApp),
            Allow("logs:TagResource", LogGroup, NewApp),

            Allow("route53:ChangeResourceRecordSets", HostedZones, NewApp, RemoveApp),
            Allow("route53:ChangeTagsForResource", HostedZones, NewApp),
            Allow("route53:GetChange", HostedZones, NewApp, RemoveApp),
            Allow("route53:GetHostedZone", HostedZones, Discover),
            Allow("route53:ListHostedZonesByName", Any, Discover),
            Allow("route53:ListResourceRecordSets", HostedZones, Discover),

            // Authorised without a call of its own: the lock parameter is tagged when PutParameter creates it.
            Allow("ssm:AddTagsToResource", SsmParameters, Lock),
            Allow("ssm:DeleteParameter", SsmParameters, Lock),
            Allow("ssm:GetParameter", SsmParameters, Lock),
            Allow("ssm:GetParameters", SsmParameters, NewApp),
            Allow("ssm:PutParameter", SsmParameters, Lock),

            Allow("sts:GetCallerIdentity", Any, NewApp, PublishImage),

            Allow("tag:GetResources", Any, And(Discover, NameCompletion)),
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
