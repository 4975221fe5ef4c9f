using System;
using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

// Minimal request/response classes for the live smoke tests only. The full DTOs live in
// src/AoTech.Ecs/Aws/Services/<Service>/; these keep the core's tests independent of them.
namespace AoTech.Ecs.Tests.Aws.Live.Dtos
{
    // ---- ECS (JSON 1.1, lowerCamel) ----
    [AwsOperation("CreateCluster")]
    public sealed class CreateClusterRequest : EcsRequest<ClusterResponse>
    {
        public string? ClusterName { get; set; }
        public List<Tag>? Tags { get; set; }
    }

    [AwsOperation("DescribeClusters")]
    public sealed class DescribeClustersRequest : EcsRequest<DescribeClustersResponse>
    {
        public List<string>? Clusters { get; set; }
        public List<string>? Include { get; set; }
    }

    [AwsOperation("DeleteCluster")]
    public sealed class DeleteClusterRequest : EcsRequest<ClusterResponse>
    {
        public string? Cluster { get; set; }
    }

    public sealed class ClusterResponse { public Cluster? Cluster { get; set; } }

    public sealed class DescribeClustersResponse
    {
        public List<Cluster>? Clusters { get; set; }
        public List<Failure>? Failures { get; set; }
    }

    public sealed class Cluster
    {
        public string? ClusterArn { get; set; }
        public string? ClusterName { get; set; }
        public string? Status { get; set; }
        public int? ActiveServicesCount { get; set; }
        public List<Tag>? Tags { get; set; }
    }

    public sealed class Failure
    {
        public string? Arn { get; set; }
        public string? Reason { get; set; }
    }

    public sealed class Tag
    {
        public string? Key { get; set; }
        public string? Value { get; set; }
    }

    // ---- IAM (query, Pascal) ----
    [AwsOperation("CreateRole")]
    public sealed class CreateRoleRequest : IamRequest<RoleResponse>
    {
        public string? Path { get; set; }
        public string? RoleName { get; set; }
        public string? AssumeRolePolicyDocument { get; set; }
        public string? Description { get; set; }
        public List<IamTag>? Tags { get; set; }
    }

    [AwsOperation("GetRole")]
    public sealed class GetRoleRequest : IamRequest<RoleResponse>
    {
        public string? RoleName { get; set; }
    }

    [AwsOperation("DeleteRole")]
    public sealed class DeleteRoleRequest : IamRequest<AwsEmptyResponse>
    {
        public string? RoleName { get; set; }
    }

    public sealed class RoleResponse { public Role? Role { get; set; } }

    public sealed class Role
    {
        public string? Path { get; set; }
        public string? RoleName { get; set; }
        public string? RoleId { get; set; }
        public string? Arn { get; set; }
        public DateTime? CreateDate { get; set; }
        public string? AssumeRolePolicyDocument { get; set; }
        public string? Description { get; set; }
        public List<IamTag>? Tags { get; set; }
    }

    public sealed class IamTag
    {
        public string? Key { get; set; }
        public string? Value { get; set; }
    }

    // ---- Route 53 (rest-xml) ----
    [AwsOperation("CreateHostedZone", HttpMethod = "POST", RequestUri = "/2013-04-01/hostedzone")]
    public sealed class CreateHostedZoneRequest : Route53Request<CreateHostedZoneResponse>
    {
        public string? Name { get; set; }
        public string? CallerReference { get; set; }
        public HostedZoneConfig? HostedZoneConfig { get; set; }
    }

    public sealed class CreateHostedZoneResponse
    {
        public HostedZone? HostedZone { get; set; }
        public ChangeInfo? ChangeInfo { get; set; }
        public DelegationSet? DelegationSet { get; set; }
        [AwsMember(Location = AwsLocation.Header)] public string? Location { get; set; }
    }

    [AwsOperation("GetHostedZone", HttpMethod = "GET", RequestUri = "/2013-04-01/hostedzone/{Id}")]
    public sealed class GetHostedZoneRequest : Route53Request<GetHostedZoneResponse>
    {
        [AwsMember(Location = AwsLocation.Uri)] public string? Id { get; set; }
    }

    public sealed class GetHostedZoneResponse
    {
        public HostedZone? HostedZone { get; set; }
        public DelegationSet? DelegationSet { get; set; }
    }

    [AwsOperation("DeleteHostedZone", HttpMethod = "DELETE", RequestUri = "/2013-04-01/hostedzone/{Id}")]
    public sealed class DeleteHostedZoneRequest : Route53Request<DeleteHostedZoneResponse>
    {
        [AwsMember(Location = AwsLocation.Uri)] public string? Id { get; set; }
    }

    public sealed class DeleteHostedZoneResponse { public ChangeInfo? ChangeInfo { get; set; } }

    public sealed class HostedZone
    {
        public string? Id { get; set; }
        public string? Name { get; set; }
        public string? CallerReference { get; set; }
        public HostedZoneConfig? Config { get; set; }
        public long? ResourceRecordSetCount { get; set; }
    }

    public sealed class HostedZoneConfig
    {
        public string? Comment { get; set; }
        public bool? PrivateZone { get; set; }
    }

    public sealed class ChangeInfo
    {
        public string? Id { get; set; }
        public string? Status { get; set; }
        public DateTime? SubmittedAt { get; set; }
    }

    public sealed class DelegationSet
    {
        public string? Id { get; set; }
        [AwsMember(ListMemberName = "NameServer")] public List<string>? NameServers { get; set; }
    }
}

namespace AoTech.Ecs.Tests.Aws.Live.Dtos
{
    // ---- IAM users and keys, to give moto's signature checking a key of its own ----
    [AwsOperation("CreateUser")]
    public sealed class CreateUserRequest : IamRequest<CreateUserResponse>
    {
        public string? UserName { get; set; }
    }

    public sealed class CreateUserResponse { public User? User { get; set; } }

    public sealed class User
    {
        public string? UserName { get; set; }
        public string? Arn { get; set; }
    }

    [AwsOperation("GetUser")]
    public sealed class GetUserRequest : IamRequest<CreateUserResponse>
    {
        public string? UserName { get; set; }
    }

    [AwsOperation("CreateAccessKey")]
    public sealed class CreateAccessKeyRequest : IamRequest<CreateAccessKeyResponse>
    {
        public string? UserName { get; set; }
    }

    public sealed class CreateAccessKeyResponse { public AccessKey? AccessKey { get; set; } }

    public sealed class AccessKey
    {
        public string? UserName { get; set; }
        public string? AccessKeyId { get; set; }
        public string? Status { get; set; }
        public string? SecretAccessKey { get; set; }
    }

    [AwsOperation("AttachUserPolicy")]
    public sealed class AttachUserPolicyRequest : IamRequest<AwsEmptyResponse>
    {
        public string? UserName { get; set; }
        public string? PolicyArn { get; set; }
    }
}
