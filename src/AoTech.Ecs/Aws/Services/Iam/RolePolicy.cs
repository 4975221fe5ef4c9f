using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Iam
{
    /// <summary>Attaches the specified managed policy to the specified IAM role.</summary>
    [AwsOperation("AttachRolePolicy")]
    public sealed class AttachRolePolicyRequest : IamRequest<AwsEmptyResponse>
    {
        public string? RoleName { get; set; }
        public string? PolicyArn { get; set; }
    }

    /// <summary>Lists all managed policies that are attached to the specified IAM role.</summary>
    [AwsOperation("ListAttachedRolePolicies")]
    public sealed class ListAttachedRolePoliciesRequest : IamRequest<ListAttachedRolePoliciesResponse>
    {
        public string? RoleName { get; set; }
        public string? PathPrefix { get; set; }
        public string? Marker { get; set; }
        public int? MaxItems { get; set; }
    }

    public sealed class ListAttachedRolePoliciesResponse
    {
        public List<AttachedPolicy>? AttachedPolicies { get; set; }
        public bool? IsTruncated { get; set; }
        public string? Marker { get; set; }
    }

    /// <summary>Removes the specified managed policy from the specified role.</summary>
    [AwsOperation("DetachRolePolicy")]
    public sealed class DetachRolePolicyRequest : IamRequest<AwsEmptyResponse>
    {
        public string? RoleName { get; set; }
        public string? PolicyArn { get; set; }
    }

    /// <summary>Adds or updates an inline policy document that is embedded in the specified IAM role.</summary>
    [AwsOperation("PutRolePolicy")]
    public sealed class PutRolePolicyRequest : IamRequest<AwsEmptyResponse>
    {
        public string? RoleName { get; set; }
        public string? PolicyName { get; set; }
        public string? PolicyDocument { get; set; }
    }

    /// <summary>Retrieves an inline policy embedded in a role (its document URL-encoded).</summary>
    [AwsOperation("GetRolePolicy")]
    public sealed class GetRolePolicyRequest : IamRequest<GetRolePolicyResponse>
    {
        public string? RoleName { get; set; }
        public string? PolicyName { get; set; }
    }

    public sealed class GetRolePolicyResponse
    {
        public string? RoleName { get; set; }
        public string? PolicyName { get; set; }
        public string? PolicyDocument { get; set; }
    }

    /// <summary>Sets (or replaces) the managed policy that is a role's permissions boundary.</summary>
    [AwsOperation("PutRolePermissionsBoundary")]
    public sealed class PutRolePermissionsBoundaryRequest : IamRequest<AwsEmptyResponse>
    {
        public string? RoleName { get; set; }
        public string? PermissionsBoundary { get; set; }
    }

    /// <summary>Lists the names of the inline policies that are embedded in the specified IAM role.</summary>
    [AwsOperation("ListRolePolicies")]
    public sealed class ListRolePoliciesRequest : IamRequest<ListRolePoliciesResponse>
    {
        public string? RoleName { get; set; }
        public string? Marker { get; set; }
        public int? MaxItems { get; set; }
    }

    public sealed class ListRolePoliciesResponse
    {
        public List<string>? PolicyNames { get; set; }
        public bool? IsTruncated { get; set; }
        public string? Marker { get; set; }
    }

    /// <summary>Deletes the specified inline policy that is embedded in the specified IAM role.</summary>
    [AwsOperation("DeleteRolePolicy")]
    public sealed class DeleteRolePolicyRequest : IamRequest<AwsEmptyResponse>
    {
        public string? RoleName { get; set; }
        public string? PolicyName { get; set; }
    }

    public sealed class AttachedPolicy
    {
        public string? PolicyName { get; set; }
        public string? PolicyArn { get; set; }
    }
}
