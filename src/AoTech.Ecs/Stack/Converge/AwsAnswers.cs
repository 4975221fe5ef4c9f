using System;
using System.Linq;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Stack.Converge
{
    /// <summary>
    /// What AWS answers mean to the stack, in one place: the error codes, and where a code is shared by many causes the
    /// documented message fragment, of each answer the stack acts on. Exact codes, exact fragments: a loose match (an
    /// "exist" substring) once took "the service linked role does not exist" for "already exists".
    /// The pages each answer comes from are listed in tests/AwsBehaviour.Catalogue.md.
    /// </summary>
    internal static class AwsAnswers
    {
        // ---- ECS service-linked role (AWSServiceRoleForECS) ----

        /// <summary>ECS refuses CreateCapacityProvider in an account that has never had the ECS service-linked role.</summary>
        public static bool IsServiceLinkedRoleMissing(Exception ex) =>
            Is(ex, "ClientException", "Service Linked Role does not exist");

        /// <summary>ECS cannot assume its service-linked role yet: just created (propagating), or missing.</summary>
        public static bool IsServiceLinkedRoleNotAssumable(Exception ex) =>
            Is(ex, new[] { "InvalidParameterException", "ClientException" }, "Unable to assume the service linked role");

        /// <summary>IAM CreateServiceLinkedRole: the role exists already ("Service role name ... has been taken in this account").</summary>
        public static bool IsServiceLinkedRoleTaken(Exception ex) => Is(ex, "InvalidInput", "has been taken");

        // ---- IAM propagation: a role or instance profile made seconds ago is not accepted everywhere yet ----

        /// <summary>
        /// The answers other services give while a new role or instance profile propagates: ECS "Role is not valid" and
        /// "Unable to assume ..." (ClientException / InvalidParameterException), AccessDenied on iam:PassRole, and EC2 /
        /// Auto Scaling "Invalid IAM Instance Profile name" (InvalidParameterValue / ValidationError).
        /// </summary>
        public static bool IsIamPropagation(Exception ex) =>
            Is(ex, new[] { "ClientException", "InvalidParameterException" }, "Role is not valid") ||
            Is(ex, new[] { "ClientException", "InvalidParameterException" }, "Unable to assume") ||
            Is(ex, new[] { "AccessDenied", "AccessDeniedException" }, "iam:PassRole") ||
            Is(ex, new[] { "ValidationError", "InvalidParameterValue" }, "Invalid IAM Instance Profile name");

        // ---- EC2 eventual consistency ----

        /// <summary>The "not found" code EC2 gives for each kind of id it may not show yet right after its create call.</summary>
        public static readonly (string Prefix, string Code)[] Ec2NotFoundCodes =
        {
            ("vpc-", "InvalidVpcID.NotFound"),
            ("subnet-", "InvalidSubnetID.NotFound"),
            ("igw-", "InvalidInternetGatewayID.NotFound"),
            ("rtb-", "InvalidRouteTableID.NotFound"),
            ("sg-", "InvalidGroup.NotFound"),
            ("nat-", "NatGatewayNotFound"),
            ("eipalloc-", "InvalidAllocationID.NotFound"),
            ("vpce-", "InvalidVpcEndpointId.NotFound"),
        };

        public static bool IsEc2NotFound(Exception ex) =>
            ex is AwsServiceException aws && Ec2NotFoundCodes.Any(c => c.Code == aws.ErrorCode);

        // ---- resources still held by something being released ----

        /// <summary>A security group, subnet, gateway or VPC still used (network interfaces of a load balancer or instance that went).</summary>
        public static bool IsDependencyViolation(Exception ex) => Is(ex, "DependencyViolation") || Is(ex, "InvalidGroup.InUse");

        /// <summary>ACM: the certificate is still associated with a load balancer (which can last long after the load balancer went).</summary>
        public static bool IsCertificateInUse(Exception ex) => Is(ex, "ResourceInUseException");

        /// <summary>IAM DeleteRole: the role is still in an instance profile or has policies (DeleteConflict).</summary>
        public static bool IsRoleInUse(Exception ex) => Is(ex, "DeleteConflict");

        // ---- adopting what exists ----

        /// <summary>CreateCapacityProvider: "The specified capacity provider already exists." (a real name clash, nothing else).</summary>
        public static bool IsCapacityProviderTaken(Exception ex) => Is(ex, "ClientException", "capacity provider already exists");

        /// <summary>EC2 AuthorizeSecurityGroupIngress: one of the rules is there already (the whole call is then refused).</summary>
        public static bool IsDuplicateRule(Exception ex) => Is(ex, "InvalidPermission.Duplicate");

        private static bool Is(Exception ex, string code, string? fragment = null) => Is(ex, new[] { code }, fragment);

        private static bool Is(Exception ex, string[] codes, string? fragment = null) =>
            ex is AwsServiceException aws && codes.Contains(aws.ErrorCode) &&
            (fragment == null || (aws.AwsMessage ?? "").IndexOf(fragment, StringComparison.OrdinalIgnoreCase) >= 0);
    }
}
