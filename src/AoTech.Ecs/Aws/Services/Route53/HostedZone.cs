using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Route53
{
    /// <summary>Retrieves a list of your hosted zones in lexicographic order.</summary>
    [AwsOperation("ListHostedZonesByName", HttpMethod = "GET", RequestUri = "/2013-04-01/hostedzonesbyname")]
    public sealed class ListHostedZonesByNameRequest : Route53Request<ListHostedZonesByNameResponse>
    {
        [AwsMember(LocationName = "dnsname", Location = AwsLocation.QueryString)] public string? DNSName { get; set; }
        [AwsMember(LocationName = "hostedzoneid", Location = AwsLocation.QueryString)] public string? HostedZoneId { get; set; }
        [AwsMember(LocationName = "maxitems", Location = AwsLocation.QueryString)] public string? MaxItems { get; set; }
    }

    public sealed class ListHostedZonesByNameResponse
    {
        [AwsMember(ListMemberName = "HostedZone")] public List<HostedZone>? HostedZones { get; set; }
        public string? DNSName { get; set; }
        public string? HostedZoneId { get; set; }
        public bool? IsTruncated { get; set; }
        public string? NextDNSName { get; set; }
        public string? NextHostedZoneId { get; set; }
        public string? MaxItems { get; set; }
    }

    /// <summary>Gets information about a specified hosted zone including the four name servers assigned to the hosted zone.</summary>
    [AwsOperation("GetHostedZone", HttpMethod = "GET", RequestUri = "/2013-04-01/hostedzone/{Id}")]
    public sealed class GetHostedZoneRequest : Route53Request<GetHostedZoneResponse>
    {
        [AwsMember(Location = AwsLocation.Uri)] public string? Id { get; set; }
    }

    public sealed class GetHostedZoneResponse
    {
        public HostedZone? HostedZone { get; set; }
        public DelegationSet? DelegationSet { get; set; }
        [AwsMember(ListMemberName = "VPC")] public List<VPC>? VPCs { get; set; }
    }

    public sealed class HostedZone
    {
        public string? Id { get; set; }
        public string? Name { get; set; }
        public string? CallerReference { get; set; }
        public HostedZoneConfig? Config { get; set; }
        public long? ResourceRecordSetCount { get; set; }
        public LinkedService? LinkedService { get; set; }
        public HostedZoneFeatures? Features { get; set; }
    }

    public sealed class HostedZoneConfig
    {
        public string? Comment { get; set; }
        public bool? PrivateZone { get; set; }
    }

    public sealed class LinkedService
    {
        public string? ServicePrincipal { get; set; }
        public string? Description { get; set; }
    }

    public sealed class HostedZoneFeatures
    {
        public string? AcceleratedRecoveryStatus { get; set; }
        public HostedZoneFailureReasons? FailureReasons { get; set; }
    }

    public sealed class HostedZoneFailureReasons
    {
        public string? AcceleratedRecovery { get; set; }
    }

    public sealed class DelegationSet
    {
        public string? Id { get; set; }
        public string? CallerReference { get; set; }
        [AwsMember(ListMemberName = "NameServer")] public List<string>? NameServers { get; set; }
    }

    public sealed class VPC
    {
        public string? VPCRegion { get; set; }
        public string? VPCId { get; set; }
    }
}
