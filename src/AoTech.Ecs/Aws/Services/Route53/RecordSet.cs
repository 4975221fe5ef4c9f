using System;
using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Route53
{
    /// <summary>Creates, changes or deletes resource record sets in a hosted zone.</summary>
    [AwsOperation("ChangeResourceRecordSets", HttpMethod = "POST", RequestUri = "/2013-04-01/hostedzone/{Id}/rrset/")]
    public sealed class ChangeResourceRecordSetsRequest : Route53Request<ChangeResourceRecordSetsResponse>
    {
        [AwsMember(LocationName = "Id", Location = AwsLocation.Uri)] public string? HostedZoneId { get; set; }
        public ChangeBatch? ChangeBatch { get; set; }
    }

    public sealed class ChangeResourceRecordSetsResponse
    {
        public ChangeInfo? ChangeInfo { get; set; }
    }

    /// <summary>Lists the resource record sets in a specified hosted zone.</summary>
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
        public string? NextRecordType { get; set; }
        public string? NextRecordIdentifier { get; set; }
        public string? MaxItems { get; set; }
    }

    /// <summary>Returns the current status of a change batch request.</summary>
    [AwsOperation("GetChange", HttpMethod = "GET", RequestUri = "/2013-04-01/change/{Id}")]
    public sealed class GetChangeRequest : Route53Request<GetChangeResponse>
    {
        [AwsMember(Location = AwsLocation.Uri)] public string? Id { get; set; }
    }

    public sealed class GetChangeResponse
    {
        public ChangeInfo? ChangeInfo { get; set; }
    }

    public sealed class ChangeBatch
    {
        public string? Comment { get; set; }
        [AwsMember(ListMemberName = "Change")] public List<Change>? Changes { get; set; }
    }

    public sealed class Change
    {
        public string? Action { get; set; } // CREATE | DELETE | UPSERT
        public ResourceRecordSet? ResourceRecordSet { get; set; }
    }

    public sealed class ResourceRecordSet
    {
        public string? Name { get; set; }
        public string? Type { get; set; }
        public string? SetIdentifier { get; set; }
        public long? Weight { get; set; }
        public string? Region { get; set; }
        public GeoLocation? GeoLocation { get; set; }
        public string? Failover { get; set; } // PRIMARY | SECONDARY
        public bool? MultiValueAnswer { get; set; }
        public long? TTL { get; set; }
        [AwsMember(ListMemberName = "ResourceRecord")] public List<ResourceRecord>? ResourceRecords { get; set; }
        public AliasTarget? AliasTarget { get; set; }
        public string? HealthCheckId { get; set; }
        public string? TrafficPolicyInstanceId { get; set; }
        public CidrRoutingConfig? CidrRoutingConfig { get; set; }
        public GeoProximityLocation? GeoProximityLocation { get; set; }
    }

    public sealed class GeoLocation
    {
        public string? ContinentCode { get; set; }
        public string? CountryCode { get; set; }
        public string? SubdivisionCode { get; set; }
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

    public sealed class CidrRoutingConfig
    {
        public string? CollectionId { get; set; }
        public string? LocationName { get; set; }
    }

    public sealed class GeoProximityLocation
    {
        public string? AWSRegion { get; set; }
        public string? LocalZoneGroup { get; set; }
        public Coordinates? Coordinates { get; set; }
        public int? Bias { get; set; }
    }

    public sealed class Coordinates
    {
        public string? Latitude { get; set; }
        public string? Longitude { get; set; }
    }

    public sealed class ChangeInfo
    {
        public string? Id { get; set; }
        public string? Status { get; set; } // PENDING | INSYNC
        public DateTime? SubmittedAt { get; set; }
        public string? Comment { get; set; }
    }
}
