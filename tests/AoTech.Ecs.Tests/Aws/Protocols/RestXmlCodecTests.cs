using System;
using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Aws.Protocols;
using AoTech.Ecs.Tests.Aws.Protocols.Dtos;
using Xunit;
using static AoTech.Ecs.Tests.Aws.Protocols.CodecTestHelpers;

namespace AoTech.Ecs.Tests.Aws.Protocols
{
    public class RestXmlCodecTests
    {
        private readonly IProtocolCodec _codec = ProtocolCodecs.RestXml;

        [Fact]
        public void ChangeResourceRecordSetsMatchesTheProtocolsExample()
        {
            var http = _codec.Encode(new ChangeResourceRecordSetsRequest
            {
                HostedZoneId = "/hostedzone/Z123EXAMPLE",
                ChangeBatch = new ChangeBatch
                {
                    Changes = new List<Change>
                    {
                        new Change
                        {
                            Action = "UPSERT",
                            ResourceRecordSet = new ResourceRecordSet
                            {
                                Name = "app.example.com.",
                                Type = "A",
                                AliasTarget = new AliasTarget
                                {
                                    HostedZoneId = "ALB-CanonicalHostedZoneId",
                                    DNSName = "my-alb-123.eu-west-1.elb.amazonaws.com.",
                                    EvaluateTargetHealth = true,
                                },
                            },
                        },
                    },
                },
            });
            Assert.Equal("POST", http.Method);
            Assert.Equal("/2013-04-01/hostedzone/Z123EXAMPLE/rrset/", http.Path);
            Assert.Null(http.GetHeader("Content-Type"));
            Assert.Equal(
                "<ChangeResourceRecordSetsRequest xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">" +
                "<ChangeBatch><Changes><Change><Action>UPSERT</Action><ResourceRecordSet><Name>app.example.com.</Name><Type>A</Type>" +
                "<AliasTarget><HostedZoneId>ALB-CanonicalHostedZoneId</HostedZoneId><DNSName>my-alb-123.eu-west-1.elb.amazonaws.com.</DNSName>" +
                "<EvaluateTargetHealth>true</EvaluateTargetHealth></AliasTarget></ResourceRecordSet></Change></Changes></ChangeBatch>" +
                "</ChangeResourceRecordSetsRequest>", BodyText(http));
        }

        [Fact]
        public void QueryStringMembersUseTheirLocationNames()
        {
            var http = _codec.Encode(new ListResourceRecordSetsRequest
            {
                HostedZoneId = "Z1", StartRecordName = "a.example.com.", StartRecordType = "A", MaxItems = "10",
            });
            Assert.Equal("GET", http.Method);
            Assert.Equal("/2013-04-01/hostedzone/Z1/rrset", http.Path);
            Assert.Equal(new[] { "name=a.example.com.", "type=A", "maxitems=10" }, http.Query.Select(q => q.Key + "=" + q.Value));
            Assert.Empty(http.Body);
        }

        [Fact]
        public void ListItemsUseTheListMemberName()
        {
            // botocore: <ChangeTagsForResourceRequest xmlns="..."><AddTags><Tag><Key>app</Key><Value>demo</Value></Tag></AddTags>
            //           <RemoveTagKeys><Key>old</Key></RemoveTagKeys></ChangeTagsForResourceRequest> to /2013-04-01/tags/hostedzone/Z1
            var http = _codec.Encode(new ChangeTagsForResourceRequest
            {
                ResourceType = "hostedzone", ResourceId = "Z1",
                AddTags = new List<ElbTag> { new ElbTag { Key = "app", Value = "demo" } },
                RemoveTagKeys = new List<string> { "old" },
            });
            Assert.Equal("/2013-04-01/tags/hostedzone/Z1", http.Path);
            Assert.Equal("<ChangeTagsForResourceRequest xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><AddTags><Tag><Key>app</Key>" +
                         "<Value>demo</Value></Tag></AddTags><RemoveTagKeys><Key>old</Key></RemoveTagKeys></ChangeTagsForResourceRequest>", BodyText(http));
        }

        [Fact]
        public void MissingPathParameterIsAnError()
        {
            Assert.Throws<ArgumentException>(() => _codec.Encode(new ListResourceRecordSetsRequest { MaxItems = "1" }));
        }

        [Fact]
        public void DecodesResponseWithTimestampsAndNamedListItems()
        {
            const string xml = "<?xml version=\"1.0\"?><ListResourceRecordSetsResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">" +
                "<ResourceRecordSets><ResourceRecordSet><Name>a.example.com.</Name><Type>CNAME</Type><TTL>300</TTL>" +
                "<ResourceRecords><ResourceRecord><Value>x.example.com</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>" +
                "<ResourceRecordSet><Name>b.example.com.</Name><Type>A</Type><AliasTarget><HostedZoneId>Z2</HostedZoneId>" +
                "<DNSName>lb.</DNSName><EvaluateTargetHealth>false</EvaluateTargetHealth></AliasTarget></ResourceRecordSet></ResourceRecordSets>" +
                "<IsTruncated>true</IsTruncated><NextRecordName>c.example.com.</NextRecordName><MaxItems>2</MaxItems></ListResourceRecordSetsResponse>";
            var result = (ListResourceRecordSetsResponse)_codec.Decode(typeof(ListResourceRecordSetsResponse), AwsService.Route53,
                "ListResourceRecordSets", Response(200, xml));
            Assert.Equal(2, result.ResourceRecordSets!.Count);
            Assert.Equal(300, result.ResourceRecordSets[0].TTL);
            Assert.Equal("x.example.com", Assert.Single(result.ResourceRecordSets[0].ResourceRecords!).Value);
            Assert.False(result.ResourceRecordSets[1].AliasTarget!.EvaluateTargetHealth);
            Assert.True(result.IsTruncated);
            Assert.Equal("c.example.com.", result.NextRecordName);
        }

        [Fact]
        public void RoundTripsAChangeBatch()
        {
            var request = new ChangeResourceRecordSetsRequest
            {
                HostedZoneId = "Z1",
                ChangeBatch = new ChangeBatch
                {
                    Comment = "a & b <c>",
                    Changes = new List<Change>
                    {
                        new Change { Action = "CREATE", ResourceRecordSet = new ResourceRecordSet
                        {
                            Name = "_x.example.com.", Type = "CNAME", TTL = 300,
                            ResourceRecords = new List<ResourceRecord> { new ResourceRecord { Value = "_y.acm-validations.aws." } },
                        } },
                    },
                },
            };
            var http = _codec.Encode(request);
            var back = (ChangeResourceRecordSetsRequest)XmlShapeReader.ReadStructure(
                System.Xml.Linq.XDocument.Parse(BodyText(http)).Root!, typeof(ChangeResourceRecordSetsRequest), AwsService.Route53);
            Assert.Equal("a & b <c>", back.ChangeBatch!.Comment);
            var set = Assert.Single(back.ChangeBatch.Changes!).ResourceRecordSet!;
            Assert.Equal(300, set.TTL);
            Assert.Equal("_y.acm-validations.aws.", Assert.Single(set.ResourceRecords!).Value);
        }

        [Fact]
        public void DecodesChangeInfo()
        {
            const string xml = "<ChangeResourceRecordSetsResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><ChangeInfo>" +
                "<Id>/change/C1</Id><Status>PENDING</Status><SubmittedAt>2024-05-06T07:08:09.000Z</SubmittedAt></ChangeInfo></ChangeResourceRecordSetsResponse>";
            var result = (ChangeResourceRecordSetsResponse)_codec.Decode(typeof(ChangeResourceRecordSetsResponse), AwsService.Route53,
                "ChangeResourceRecordSets", Response(200, xml));
            Assert.Equal("/change/C1", result.ChangeInfo!.Id);
            Assert.Equal("PENDING", result.ChangeInfo.Status);
            Assert.Equal(new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc), result.ChangeInfo.SubmittedAt);
        }
    }
}
