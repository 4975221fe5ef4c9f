using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Aws.Services.Route53;
using AoTech.Ecs.Tests.Aws.Live.Dtos;
using AoTech.Ecs.Tests.Infrastructure;
using Xunit;

namespace AoTech.Ecs.Tests.Aws.Live
{
    /// <summary>Route 53 (rest-xml) through the real DTOs: a record set is created, read and deleted in a zone.</summary>
    public class Route53LiveTests : IClassFixture<MotoServerFixture>
    {
        private readonly MotoServerFixture _moto;

        public Route53LiveTests(MotoServerFixture moto) => _moto = moto;

        [Fact]
        public async Task ZoneIsFoundAndARecordIsCreatedReadAndDeleted()
        {
            var observer = new RecordingObserver();
            using var aws = _moto.Connect(observer);
            var domain = Names.Unique("zone") + ".example.com";

            // The module only uses zones the user already has, so the zone itself comes from a test-only DTO.
            var zone = await aws.SendAsync(new CreateHostedZoneRequest
            {
                Name = domain,
                CallerReference = Guid.NewGuid().ToString(),
                HostedZoneConfig = new HostedZoneConfig { Comment = "live <test>", PrivateZone = false },
            });
            Assert.StartsWith("/hostedzone/", zone.HostedZone!.Id);
            Assert.Contains("hostedzone/", zone.Location);

            // The "/hostedzone/" prefix is stripped when the id goes into the path.
            var got = await aws.SendAsync(new GetHostedZoneRequest { Id = zone.HostedZone.Id });
            Assert.Equal(zone.HostedZone.Id, got.HostedZone!.Id);
            Assert.Equal(domain + ".", got.HostedZone.Name);
            Assert.Equal("live <test>", got.HostedZone.Config!.Comment);
            Assert.NotEmpty(got.DelegationSet!.NameServers!);

            // Query-string members: the zone is found by name.
            var byName = await aws.SendAsync(new ListHostedZonesByNameRequest { DNSName = domain, MaxItems = "1" });
            Assert.Equal(zone.HostedZone.Id, Assert.Single(byName.HostedZones!).Id);
            Assert.Equal(domain + ".", byName.DNSName);

            var record = new ResourceRecordSet
            {
                Name = "app." + domain + ".",
                Type = "CNAME",
                TTL = 60,
                ResourceRecords = new List<ResourceRecord> { new ResourceRecord { Value = "lb-123.us-east-1.elb.amazonaws.com" } },
            };
            var change = await aws.SendAsync(new ChangeResourceRecordSetsRequest
            {
                HostedZoneId = zone.HostedZone.Id,
                ChangeBatch = new ChangeBatch
                {
                    Comment = "live test",
                    Changes = new List<Change> { new Change { Action = "UPSERT", ResourceRecordSet = record } },
                },
            });
            Assert.NotNull(change.ChangeInfo!.Id);
            var status = await aws.SendAsync(new GetChangeRequest { Id = change.ChangeInfo.Id });
            Assert.Contains(status.ChangeInfo!.Status, new[] { "PENDING", "INSYNC" });

            var records = await aws.SendAsync(new ListResourceRecordSetsRequest { HostedZoneId = zone.HostedZone.Id });
            var cname = Assert.Single(records.ResourceRecordSets!, r => r.Type == "CNAME");
            Assert.Equal(record.Name, cname.Name);
            Assert.Equal(60, cname.TTL);
            Assert.Equal("lb-123.us-east-1.elb.amazonaws.com", Assert.Single(cname.ResourceRecords!).Value);

            await aws.SendAsync(new ChangeResourceRecordSetsRequest
            {
                HostedZoneId = zone.HostedZone.Id,
                ChangeBatch = new ChangeBatch { Changes = new List<Change> { new Change { Action = "DELETE", ResourceRecordSet = record } } },
            });
            var afterDelete = await aws.SendAsync(new ListResourceRecordSetsRequest { HostedZoneId = zone.HostedZone.Id });
            Assert.DoesNotContain(afterDelete.ResourceRecordSets!, r => r.Type == "CNAME");

            await aws.SendAsync(new DeleteHostedZoneRequest { Id = zone.HostedZone.Id });
            var missing = await Assert.ThrowsAsync<AwsServiceException>(() =>
                aws.SendAsync(new GetHostedZoneRequest { Id = zone.HostedZone.Id }));
            Assert.Equal("NoSuchHostedZone", missing.ErrorCode);
            Assert.Equal(404, missing.StatusCode);

            observer.AssertSucceeded("route53", "GetHostedZone", "ListHostedZonesByName", "ChangeResourceRecordSets",
                "GetChange", "ListResourceRecordSets");
            observer.AssertLastFailed("route53", "GetHostedZone", "NoSuchHostedZone");
        }
    }
}
