using System;
using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Iam
{
    /// <summary>Creates a new instance profile.</summary>
    [AwsOperation("CreateInstanceProfile")]
    public sealed class CreateInstanceProfileRequest : IamRequest<CreateInstanceProfileResponse>
    {
        public string? InstanceProfileName { get; set; }
        public string? Path { get; set; }
        public List<Tag>? Tags { get; set; }
    }

    public sealed class CreateInstanceProfileResponse
    {
        public InstanceProfile? InstanceProfile { get; set; }
    }

    /// <summary>Retrieves information about the specified instance profile, including the instance profile's path, GUID, ARN, and role.</summary>
    [AwsOperation("GetInstanceProfile")]
    public sealed class GetInstanceProfileRequest : IamRequest<GetInstanceProfileResponse>
    {
        public string? InstanceProfileName { get; set; }
    }

    public sealed class GetInstanceProfileResponse
    {
        public InstanceProfile? InstanceProfile { get; set; }
    }

    /// <summary>Lists the instance profiles that have the specified path prefix.</summary>
    [AwsOperation("ListInstanceProfiles")]
    public sealed class ListInstanceProfilesRequest : IamRequest<ListInstanceProfilesResponse>
    {
        public string? PathPrefix { get; set; }
        public string? Marker { get; set; }
        public int? MaxItems { get; set; }
    }

    public sealed class ListInstanceProfilesResponse
    {
        public List<InstanceProfile>? InstanceProfiles { get; set; }
        public bool? IsTruncated { get; set; }
        public string? Marker { get; set; }
    }

    /// <summary>Deletes the specified instance profile.</summary>
    [AwsOperation("DeleteInstanceProfile")]
    public sealed class DeleteInstanceProfileRequest : IamRequest<AwsEmptyResponse>
    {
        public string? InstanceProfileName { get; set; }
    }

    /// <summary>Adds the specified IAM role to the specified instance profile.</summary>
    [AwsOperation("AddRoleToInstanceProfile")]
    public sealed class AddRoleToInstanceProfileRequest : IamRequest<AwsEmptyResponse>
    {
        public string? InstanceProfileName { get; set; }
        public string? RoleName { get; set; }
    }

    /// <summary>Removes the specified IAM role from the specified Amazon EC2 instance profile.</summary>
    [AwsOperation("RemoveRoleFromInstanceProfile")]
    public sealed class RemoveRoleFromInstanceProfileRequest : IamRequest<AwsEmptyResponse>
    {
        public string? InstanceProfileName { get; set; }
        public string? RoleName { get; set; }
    }

    /// <summary>Lists the instance profiles that have the specified associated IAM role.</summary>
    [AwsOperation("ListInstanceProfilesForRole")]
    public sealed class ListInstanceProfilesForRoleRequest : IamRequest<ListInstanceProfilesForRoleResponse>
    {
        public string? RoleName { get; set; }
        public string? Marker { get; set; }
        public int? MaxItems { get; set; }
    }

    public sealed class ListInstanceProfilesForRoleResponse
    {
        public List<InstanceProfile>? InstanceProfiles { get; set; }
        public bool? IsTruncated { get; set; }
        public string? Marker { get; set; }
    }

    /// <summary>Adds one or more tags to an IAM instance profile.</summary>
    [AwsOperation("TagInstanceProfile")]
    public sealed class TagInstanceProfileRequest : IamRequest<AwsEmptyResponse>
    {
        public string? InstanceProfileName { get; set; }
        public List<Tag>? Tags { get; set; }
    }

    /// <summary>Lists the tags that are attached to the specified IAM instance profile.</summary>
    [AwsOperation("ListInstanceProfileTags")]
    public sealed class ListInstanceProfileTagsRequest : IamRequest<ListInstanceProfileTagsResponse>
    {
        public string? InstanceProfileName { get; set; }
        public string? Marker { get; set; }
        public int? MaxItems { get; set; }
    }

    public sealed class ListInstanceProfileTagsResponse
    {
        public List<Tag>? Tags { get; set; }
        public bool? IsTruncated { get; set; }
        public string? Marker { get; set; }
    }

    public sealed class InstanceProfile
    {
        public string? Path { get; set; }
        public string? InstanceProfileName { get; set; }
        public string? InstanceProfileId { get; set; }
        public string? Arn { get; set; }
        public DateTime? CreateDate { get; set; }
        public List<Role>? Roles { get; set; }
        public List<Tag>? Tags { get; set; }
    }
}
