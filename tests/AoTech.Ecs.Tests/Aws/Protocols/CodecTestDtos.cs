using System;
using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

// Request/response shapes for the codec tests, written like the real DTOs (model member order and names) but kept
// here so the protocol tests do not depend on the service DTOs.
namespace AoTech.Ecs.Tests.Aws.Protocols.Dtos
{
    // ---- JSON ----
    [AwsOperation("GetResources")]
    public sealed class GetResourcesRequest : TaggingRequest<GetResourcesResponse>
    {
        public string? PaginationToken { get; set; }
        public List<TagFilter>? TagFilters { get; set; }
        public int? ResourcesPerPage { get; set; }
    }

    public sealed class TagFilter
    {
        public string? Key { get; set; }
        public List<string>? Values { get; set; }
    }

    public sealed class GetResourcesResponse
    {
        public string? PaginationToken { get; set; }
        public List<ResourceTagMapping>? ResourceTagMappingList { get; set; }
    }

    public sealed class ResourceTagMapping
    {
        public string? ResourceARN { get; set; }
        public List<TaggingTag>? Tags { get; set; }
    }

    public sealed class TaggingTag
    {
        public string? Key { get; set; }
        public string? Value { get; set; }
    }

    [AwsOperation("DescribeRepositories")]
    public sealed class DescribeRepositoriesRequest : EcrRequest<AwsEmptyResponse>
    {
        public string? RegistryId { get; set; }
        public List<string>? RepositoryNames { get; set; }
    }

    [AwsOperation("UploadLayerPart")]
    public sealed class UploadLayerPartRequest : EcrRequest<AwsEmptyResponse>
    {
        public string? RegistryId { get; set; }
        public string? RepositoryName { get; set; }
        public string? UploadId { get; set; }
        public long? PartFirstByte { get; set; }
        public long? PartLastByte { get; set; }
        public byte[]? LayerPartBlob { get; set; }
    }

    /// <summary>Not a real ECS operation: exercises timestamps, maps, booleans and [AwsMember] naming in one place.</summary>
    [AwsOperation("Exercise")]
    public sealed class JsonExerciseRequest : EcsRequest<JsonExerciseResponse>
    {
        public DateTime? CreatedAt { get; set; }
        public DateTimeOffset? UpdatedAt { get; set; }
        public bool? Force { get; set; }
        public double? Ratio { get; set; }
        public Dictionary<string, string>? Labels { get; set; }
        [AwsMember("enableECSManagedTags")] public bool? EnableEcsManagedTags { get; set; }
        public List<string>? Empty { get; set; }
    }

    public sealed class JsonExerciseResponse
    {
        public DateTime? CreatedAt { get; set; }
        public DateTimeOffset? UpdatedAt { get; set; }
        public Dictionary<string, List<int>>? Counts { get; set; }
        public string[]? Names { get; set; }
        public IReadOnlyList<long>? Sizes { get; set; }
        public byte[]? Blob { get; set; }
        public bool? Force { get; set; }
        public double? Ratio { get; set; }
    }

    // ---- Query ----
    [AwsOperation("CreateListener")]
    public sealed class CreateListenerRequest : ElbRequest<CreateListenerResponse>
    {
        public string? LoadBalancerArn { get; set; }
        public string? Protocol { get; set; }
        public int? Port { get; set; }
        public string? SslPolicy { get; set; }
        public List<Certificate>? Certificates { get; set; }
        public List<ListenerAction>? DefaultActions { get; set; }
        public List<string>? AlpnPolicy { get; set; }
        public List<ElbTag>? Tags { get; set; }
    }

    public sealed class Certificate
    {
        public string? CertificateArn { get; set; }
        public bool? IsDefault { get; set; }
    }

    public sealed class ListenerAction
    {
        public string? Type { get; set; }
        public string? TargetGroupArn { get; set; }
        public Dictionary<string, string>? AuthenticationRequestExtraParams { get; set; }
    }

    public sealed class ElbTag
    {
        public string? Key { get; set; }
        public string? Value { get; set; }
    }

    public sealed class CreateListenerResponse
    {
        public List<Listener>? Listeners { get; set; }
    }

    public sealed class Listener
    {
        public string? ListenerArn { get; set; }
        public int? Port { get; set; }
        public List<ListenerAction>? DefaultActions { get; set; }
    }

    [AwsOperation("SetSecurityGroups")]
    public sealed class SetSecurityGroupsRequest : ElbRequest<AwsEmptyResponse>
    {
        public string? LoadBalancerArn { get; set; }
        public List<string>? SecurityGroups { get; set; }
    }

    [AwsOperation("PutScheduledUpdateGroupAction")]
    public sealed class PutScheduledUpdateGroupActionRequest : AutoScalingRequest<AwsEmptyResponse>
    {
        public string? AutoScalingGroupName { get; set; }
        public string? ScheduledActionName { get; set; }
        public DateTime? StartTime { get; set; }
        public int? MinSize { get; set; }
    }

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

    [AwsOperation("DescribeAutoScalingGroups")]
    public sealed class DescribeAutoScalingGroupsRequest : AutoScalingRequest<DescribeAutoScalingGroupsResponse>
    {
        public List<string>? AutoScalingGroupNames { get; set; }
    }

    public sealed class DescribeAutoScalingGroupsResponse
    {
        public List<AutoScalingGroup>? AutoScalingGroups { get; set; }
        public string? NextToken { get; set; }
    }

    public sealed class AutoScalingGroup
    {
        public string? AutoScalingGroupName { get; set; }
        public int? MinSize { get; set; }
        public DateTime? CreatedTime { get; set; }
        public bool? NewInstancesProtectedFromScaleIn { get; set; }
        public List<string>? AvailabilityZones { get; set; }
    }

    // ---- rest-xml ----
    [AwsOperation("ChangeResourceRecordSets", HttpMethod = "POST", RequestUri = "/2013-04-01/hostedzone/{Id}/rrset/")]
    public sealed class ChangeResourceRecordSetsRequest : Route53Request<ChangeResourceRecordSetsResponse>
    {
        [AwsMember(LocationName = "Id", Location = AwsLocation.Uri)] public string? HostedZoneId { get; set; }
        public ChangeBatch? ChangeBatch { get; set; }
    }

    public sealed class ChangeBatch
    {
        public string? Comment { get; set; }
        [AwsMember(ListMemberName = "Change")] public List<Change>? Changes { get; set; }
    }

    public sealed class Change
    {
        public string? Action { get; set; }
        public ResourceRecordSet? ResourceRecordSet { get; set; }
    }

    public sealed class ResourceRecordSet
    {
        public string? Name { get; set; }
        public string? Type { get; set; }
        public long? TTL { get; set; }
        [AwsMember(ListMemberName = "ResourceRecord")] public List<ResourceRecord>? ResourceRecords { get; set; }
        public AliasTarget? AliasTarget { get; set; }
    }

    public sealed class ResourceRecord
    {
        public string? Value { get; set; }
    }

    public sealed class AliasTarget
    {
        public string? HostedZoneId { get; set; }
        public string? DNSName { get; set; }
        public bool? EvaluateTargetHealth { get; set; }
    }

    public sealed class ChangeResourceRecordSetsResponse
    {
        public ChangeInfo? ChangeInfo { get; set; }
    }

    public sealed class ChangeInfo
    {
        public string? Id { get; set; }
        public string? Status { get; set; }
        public DateTime? SubmittedAt { get; set; }
        public string? Comment { get; set; }
    }

    [AwsOperation("ListResourceRecordSets", HttpMethod = "GET", RequestUri = "/2013-04-01/hostedzone/{Id}/rrset")]
    public sealed class ListResourceRecordSetsRequest : Route53Request<ListResourceRecordSetsResponse>
    {
        [AwsMember(LocationName = "Id", Location = AwsLocation.Uri)] public string? HostedZoneId { get; set; }
        [AwsMember(LocationName = "name", Location = AwsLocation.QueryString)] public string? StartRecordName { get; set; }
        [AwsMember(LocationName = "type", Location = AwsLocation.QueryString)] public string? StartRecordType { get; set; }
        [AwsMember(LocationName = "identifier", Location = AwsLocation.QueryString)] public string? StartRecordIdentifier { get; set; }
        [AwsMember(LocationName = "maxitems", Location = AwsLocation.QueryString)] public string? MaxItems { get; set; }
    }

    public sealed class ListResourceRecordSetsResponse
    {
        [AwsMember(ListMemberName = "ResourceRecordSet")] public List<ResourceRecordSet>? ResourceRecordSets { get; set; }
        public bool? IsTruncated { get; set; }
        public string? NextRecordName { get; set; }
        public string? MaxItems { get; set; }
    }

    [AwsOperation("ChangeTagsForResource", HttpMethod = "POST", RequestUri = "/2013-04-01/tags/{ResourceType}/{ResourceId}")]
    public sealed class ChangeTagsForResourceRequest : Route53Request<AwsEmptyResponse>
    {
        [AwsMember(Location = AwsLocation.Uri)] public string? ResourceType { get; set; }
        [AwsMember(Location = AwsLocation.Uri)] public string? ResourceId { get; set; }
        [AwsMember(ListMemberName = "Tag")] public List<ElbTag>? AddTags { get; set; }
        [AwsMember(ListMemberName = "Key")] public List<string>? RemoveTagKeys { get; set; }
    }
}
