namespace AoTech.Ecs.Stack.Hardening
{
    /// <summary>
    /// Stable ErrorIds for the instance and IAM hardening inputs of New-AoEcsApp (-AmiId, -UserData, -TaskRolePolicy,
    /// -PermissionsBoundary, -AllowPrivileged). Scripts match on these strings: never rename.
    /// </summary>
    public static class HardeningErrorIds
    {
        /// <summary>-AmiId is not an AMI id (ami- and 8 or 17 hex digits).</summary>
        public const string InvalidAmiId = "InvalidAmiId";
        /// <summary>The AMI's architecture is not one the instance type supports (DescribeImages vs DescribeInstanceTypes).</summary>
        public const string AmiArchitectureMismatch = "AmiArchitectureMismatch";
        /// <summary>The user data (the stack's part and -UserData's script) is over the launch template's 16 KB.</summary>
        public const string UserDataTooLarge = "UserDataTooLarge";
        public const string UserDataNotFound = "UserDataNotFound";
        /// <summary>A -TaskRolePolicy file that is not an IAM policy document (JSON with a Statement), or is over IAM's size.</summary>
        public const string InvalidPolicyDocument = "InvalidPolicyDocument";
        public const string PolicyFileNotFound = "PolicyFileNotFound";
        /// <summary>A -TaskRolePolicy or -PermissionsBoundary value that is not an IAM managed policy ARN.</summary>
        public const string InvalidPolicyArn = "InvalidPolicyArn";
        /// <summary>More managed policies (or policy files) for the task role than IAM takes.</summary>
        public const string TooManyPolicies = "TooManyPolicies";
        /// <summary>The task definition asks for a privileged container, which the instances refuse unless -AllowPrivileged.</summary>
        public const string PrivilegedNotAllowed = "PrivilegedNotAllowed";
    }
}
