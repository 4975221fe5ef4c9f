using System;
using System.Collections.Generic;

namespace AoTech.Ecs.Stack
{
    /// <summary>Fixed choices of the stack (not inputs): secure and fast-deploy settings, network layout, policies.</summary>
    public static class StackDefaults
    {
        /// <summary>Address range of the dedicated VPC; each public subnet gets a /20 of it, one per Availability Zone.</summary>
        public const string VpcCidr = "10.0.0.0/16";
        public const int SubnetCount = 2;
        /// <summary>The instance metadata PUT response hop limit: 1 leaves containers on bridge networks without a token.</summary>
        public const int MetadataHopLimit = 1;
        public static string SubnetCidr(int index) => $"10.0.{index * 16}.0/20";
        /// <summary>Public subnets take the first half of the VPC's /20 ranges, private ones the second: made side by side, they never ask for the same range.</summary>
        public const int PublicSubnetRanges = 8;
        public static string PrivateSubnetCidr(int index) => SubnetCidr(PublicSubnetRanges + index);
        /// <summary>Interface endpoints a private network without NAT needs: ECR (api, dkr), Logs, ECS (and its agent and telemetry), SSM.</summary>
        public static readonly string[] InterfaceEndpointServices =
            { "ecr.api", "ecr.dkr", "logs", "ecs", "ecs-agent", "ecs-telemetry", "ssm", "ssmmessages", "ec2messages" };
        /// <summary>The gateway endpoint: S3, where ECR keeps image layers.</summary>
        public const string GatewayEndpointService = "s3";
        public static string EndpointServiceName(string region, string service) => $"com.amazonaws.{region}.{service}";

        /// <summary>TLS 1.3 and 1.2 only: the current recommended policy for HTTPS listeners.</summary>
        public const string SslPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06";
        public const int HttpsPort = 443;
        public const int HttpPort = 80;
        /// <summary>Target group port; targets are registered with their dynamic host ports, so this is only a default.</summary>
        public const int TargetGroupPort = 80;

        /// <summary>
        /// Host ports Docker picks for hostPort 0 on the ECS-optimised AMIs (ECS agent's ephemeral range); the instance
        /// security group opens only these, and only to the load balancer's group.
        /// </summary>
        public const int DynamicPortFrom = 32768;
        public const int DynamicPortTo = 65535;

        public const int CapacityTargetPercent = 100;
        /// <summary>A rolling deployment starts the new tasks before it stops the old ones (fast, and never below the desired count).</summary>
        public const int DeploymentMaximumPercent = 200;
        public const int DeploymentMinimumHealthyPercent = 100;
        public const string RootDeviceName = "/dev/xvda";
        public const int RootVolumeSizeGiB = 30;
        public const string RootVolumeType = "gp3";

        /// <summary>
        /// Instance refresh: keep at least this share of the group in service while instances are replaced (AWS's default
        /// too), and count a new instance as warmed up after this long (about what the ECS AMI needs to join the cluster).
        /// </summary>
        public const int RefreshMinHealthyPercentage = 90;
        public const int RefreshInstanceWarmupSeconds = 120;

        /// <summary>
        /// Public SSM parameter holding the current ECS-optimised Amazon Linux 2023 AMI id for an instance architecture
        /// (x86_64, or arm64 for Graviton types such as t4g, m7g, c7g).
        /// </summary>
        public static string EcsAmiParameter(string architecture) => architecture == "arm64"
            ? "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id"
            : "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id";

        /// <summary>The architectures with an ECS-optimised Amazon Linux 2023 AMI.</summary>
        public static readonly string[] EcsAmiArchitectures = { "x86_64", "arm64" };

        public const string LoadBalancerAttributeDropInvalidHeaders = "routing.http.drop_invalid_header_fields.enabled";
        public const string TargetGroupAttributeDeregistrationDelay = "deregistration_delay.timeout_seconds";

        public const string Ec2Principal = "ec2.amazonaws.com";
        /// <summary>ECS's own principal: its service-linked role AWSServiceRoleForECS registers targets and scales capacity.</summary>
        public const string EcsServicePrincipal = "ecs.amazonaws.com";
        public const string EcsServiceLinkedRole = "AWSServiceRoleForECS";
        public const string EcsTasksPrincipal = "ecs-tasks.amazonaws.com";
        public const string DnsValidationTtl = "300";

        /// <summary>The partition of a region: aws, aws-cn or aws-us-gov (ARNs of AWS managed policies differ).</summary>
        public static string Partition(string region) =>
            region.StartsWith("cn-", StringComparison.Ordinal) ? "aws-cn"
            : region.StartsWith("us-gov-", StringComparison.Ordinal) ? "aws-us-gov"
            : "aws";

        /// <summary>AWS managed policy for ECS container instances (register with the cluster, pull images, logs).</summary>
        public static string InstancePolicyArn(string region) =>
            $"arn:{Partition(region)}:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role";

        /// <summary>AWS managed policy that lets Systems Manager (Session Manager) manage an instance: shell access without SSH.</summary>
        public static string SessionManagerPolicyArn(string region) =>
            $"arn:{Partition(region)}:iam::aws:policy/AmazonSSMManagedInstanceCore";

        /// <summary>AWS managed policy for task execution (pull from ECR, write awslogs).</summary>
        public static string ExecutionPolicyArn(string region) =>
            $"arn:{Partition(region)}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";

        /// <summary>What a shared endpoint's HTTPS listener answers a request no app's rule takes.</summary>
        public const string EndpointDefaultStatusCode = "404";

        /// <summary>The ARN of one of the app's roles (under its IAM path).</summary>
        public static string RoleArn(string region, string accountId, StackNames names, string roleName) =>
            RoleArn(region, accountId, names.IamPath, roleName);

        /// <summary>The ARN of a role under <paramref name="iamPath"/> (the app's, or its endpoint's for the instance role).</summary>
        public static string RoleArn(string region, string accountId, string iamPath, string roleName) =>
            $"arn:{Partition(region)}:iam::{accountId}:role{iamPath}{roleName}";

        /// <summary>Trust policy letting one AWS service assume a role.</summary>
        public static string TrustPolicy(string servicePrincipal) =>
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"" + servicePrincipal +
            "\"},\"Action\":\"sts:AssumeRole\"}]}";

        public static string UserDataClusterLine(string cluster) => "ECS_CLUSTER=" + cluster;
    }
}
