using System;
using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Iam
{
    /// <summary>Creates a new role for your Amazon Web Services account.</summary>
    [AwsOperation("CreateRole")]
    public sealed class CreateRoleRequest : IamRequest<CreateRoleResponse>
    {
        public string? Path { get; set; }
        public string? RoleName { get; set; }
        public string? AssumeRolePolicyDocument { get; set; }
        public string? Description { get; set; }
        public int? MaxSessionDuration { get; set; }
        public string? PermissionsBoundary { get; set; }
        public List<Tag>? Tags { get; set; }
    }

    public sealed class CreateRoleResponse
    {
        public Role? Role { get; set; }
    }

    /// <summary>Retrieves a role, including its path, ARN and trust policy.</summary>
    [AwsOperation("GetRole")]
    public sealed class GetRoleRequest : IamRequest<GetRoleResponse>
    {
        public string? RoleName { get; set; }
    }

    public sealed class GetRoleResponse
    {
        public Role? Role { get; set; }
    }

    /// <summary>Lists the IAM roles that have the specified path prefix.</summary>
    [AwsOperation("ListRoles")]
    public sealed class ListRolesRequest : IamRequest<ListRolesResponse>
    {
        public string? PathPrefix { get; set; }
        public string? Marker { get; set; }
        public int? MaxItems { get; set; }
    }

    public sealed class ListRolesResponse
    {
        public List<Role>? Roles { get; set; }
        public bool? IsTruncated { get; set; }
        public string? Marker { get; set; }
    }

    /// <summary>Deletes the specified role.</summary>
    [AwsOperation("DeleteRole")]
    public sealed class DeleteRoleRequest : IamRequest<AwsEmptyResponse>
    {
        public string? RoleName { get; set; }
    }

    /// <summary>Creates an IAM role that is linked to a specific Amazon Web Services service.</summary>
    [AwsOperation("CreateServiceLinkedRole")]
    public sealed class CreateServiceLinkedRoleRequest : IamRequest<CreateServiceLinkedRoleResponse>
    {
        public string? AWSServiceName { get; set; }
        public string? Description { get; set; }
        public string? CustomSuffix { get; set; }
    }

    public sealed class CreateServiceLinkedRoleResponse
    {
        public Role? Role { get; set; }
    }

    /// <summary>Adds one or more tags to an IAM role.</summary>
    [AwsOperation("TagRole")]
    public sealed class TagRoleRequest : IamRequest<AwsEmptyResponse>
    {
        public string? RoleName { get; set; }
        public List<Tag>? Tags { get; set; }
    }

    /// <summary>Lists the tags that are attached to the specified role.</summary>
    [AwsOperation("ListRoleTags")]
    public sealed class ListRoleTagsRequest : IamRequest<ListRoleTagsResponse>
    {
        public string? RoleName { get; set; }
        public string? Marker { get; set; }
        public int? MaxItems { get; set; }
    }

    public sealed class ListRoleTagsResponse
    {
        public List<Tag>? Tags { get; set; }
        public bool? IsTruncated { get; set; }
        public string? Marker { get; set; }
    }

    public sealed class Role
    {
        public string? Path { get; set; }
        public string? RoleName { get; set; }
        public string? RoleId { get; set; }
        public string? Arn { get; set; }
        public DateTime? CreateDate { get; set; }
        public string? AssumeRolePolicyDocument { get; set; }
        public string? Description { get; set; }
        public int? MaxSessionDuration { get; set; }
        public AttachedPermissionsBoundary? PermissionsBoundary { get; set; }
        public List<Tag>? Tags { get; set; }
        public RoleLastUsed? RoleLastUsed { get; set; }
    }

    public sealed class AttachedPermissionsBoundary
    {
        public string? PermissionsBoundaryType { get; set; } // PermissionsBoundaryPolicy
        public string? PermissionsBoundaryArn { get; set; }
    }

    public sealed class RoleLastUsed
    {
        public DateTime? LastUsedDate { get; set; }
        public string? Region { get; set; }
    }
}
