using System;
using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Aws.Protocols;
using AoTech.Ecs.Tests.Aws.Protocols.Dtos;
using Xunit;
using static AoTech.Ecs.Tests.Aws.Protocols.CodecTestHelpers;

namespace AoTech.Ecs.Tests.Aws.Protocols
{
    public class QueryCodecTests
    {
        private readonly IProtocolCodec _codec = ProtocolCodecs.Query;

        [Fact]
        public void CreateListenerMatchesTheProtocolsExample()
        {
            var http = _codec.Encode(new CreateListenerRequest
            {
                LoadBalancerArn = "arn:lb",
                Protocol = "HTTPS",
                Port = 443,
                Certificates = new List<Certificate> { new Certificate { CertificateArn = "arn:cert" } },
                DefaultActions = new List<ListenerAction> { new ListenerAction { Type = "forward", TargetGroupArn = "arn:tg" } },
                Tags = new List<ElbTag> { new ElbTag { Key = "app", Value = "demo" } },
            });
            Assert.Equal("POST", http.Method);
            Assert.Equal("/", http.Path);
            Assert.Equal("application/x-www-form-urlencoded; charset=utf-8", http.GetHeader("Content-Type"));
            Assert.Equal("Action=CreateListener&Version=2015-12-01&LoadBalancerArn=arn%3Alb&Protocol=HTTPS&Port=443" +
                         "&Certificates.member.1.CertificateArn=arn%3Acert" +
                         "&DefaultActions.member.1.Type=forward&DefaultActions.member.1.TargetGroupArn=arn%3Atg" +
                         "&Tags.member.1.Key=app&Tags.member.1.Value=demo", BodyText(http));
        }

        [Fact]
        public void EmptyListIsSentAsBareName()
        {
            var http = _codec.Encode(new SetSecurityGroupsRequest { LoadBalancerArn = "arn:lb", SecurityGroups = new List<string>() });
            Assert.Equal("Action=SetSecurityGroups&Version=2015-12-01&LoadBalancerArn=arn%3Alb&SecurityGroups=", BodyText(http));
        }

        [Fact]
        public void TimestampsAreIso8601AndSpacesArePlus()
        {
            var http = _codec.Encode(new PutScheduledUpdateGroupActionRequest
            {
                AutoScalingGroupName = "g", ScheduledActionName = "a b", StartTime = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc), MinSize = 1,
            });
            Assert.Equal("Action=PutScheduledUpdateGroupAction&Version=2011-01-01&AutoScalingGroupName=g&ScheduledActionName=a+b" +
                         "&StartTime=2024-05-06T07%3A08%3A09Z&MinSize=1", BodyText(http));
        }

        [Fact]
        public void MapsUseEntryKeyValueAndListsOfStructuresNest()
        {
            var parameters = QueryCodec.Flatten(new CreateListenerRequest
            {
                DefaultActions = new List<ListenerAction>
                {
                    new ListenerAction { Type = "authenticate-oidc", AuthenticationRequestExtraParams = new Dictionary<string, string> { ["prompt"] = "login", ["display"] = "page" } },
                    new ListenerAction { Type = "forward" },
                },
                Certificates = new List<Certificate> { new Certificate { CertificateArn = "c", IsDefault = true } },
            });
            Assert.Equal(new[]
            {
                "Action=CreateListener", "Version=2015-12-01",
                "Certificates.member.1.CertificateArn=c", "Certificates.member.1.IsDefault=true",
                "DefaultActions.member.1.Type=authenticate-oidc",
                "DefaultActions.member.1.AuthenticationRequestExtraParams.entry.1.key=prompt",
                "DefaultActions.member.1.AuthenticationRequestExtraParams.entry.1.value=login",
                "DefaultActions.member.1.AuthenticationRequestExtraParams.entry.2.key=display",
                "DefaultActions.member.1.AuthenticationRequestExtraParams.entry.2.value=page",
                "DefaultActions.member.2.Type=forward",
            }, parameters.ConvertAll(p => p.Key + "=" + p.Value));
        }

        [Fact]
        public void DecodesTheResultElementByLocalName()
        {
            const string xml = "<CreateListenerResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\">" +
                "<CreateListenerResult><Listeners><member><ListenerArn>arn:l</ListenerArn><Port>443</Port>" +
                "<DefaultActions><member><Type>forward</Type><TargetGroupArn>arn:tg</TargetGroupArn></member></DefaultActions>" +
                "<UnknownThing>x</UnknownThing></member></Listeners></CreateListenerResult>" +
                "<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></CreateListenerResponse>";
            var result = (CreateListenerResponse)_codec.Decode(typeof(CreateListenerResponse), AwsService.ElasticLoadBalancingV2,
                "CreateListener", Response(200, xml));
            var listener = Assert.Single(result.Listeners!);
            Assert.Equal("arn:l", listener.ListenerArn);
            Assert.Equal(443, listener.Port);
            Assert.Equal("arn:tg", Assert.Single(listener.DefaultActions!).TargetGroupArn);
        }

        [Fact]
        public void DecodesIsoTimestampsBooleansAndStringLists()
        {
            const string xml = "<DescribeAutoScalingGroupsResponse xmlns=\"http://autoscaling.amazonaws.com/doc/2011-01-01/\"><DescribeAutoScalingGroupsResult>" +
                "<AutoScalingGroups><member><AutoScalingGroupName>g</AutoScalingGroupName><MinSize>2</MinSize>" +
                "<CreatedTime>2024-05-06T07:08:09.123Z</CreatedTime><NewInstancesProtectedFromScaleIn>true</NewInstancesProtectedFromScaleIn>" +
                "<AvailabilityZones><member>eu-west-1a</member><member>eu-west-1b</member></AvailabilityZones></member></AutoScalingGroups>" +
                "</DescribeAutoScalingGroupsResult></DescribeAutoScalingGroupsResponse>";
            var result = (DescribeAutoScalingGroupsResponse)_codec.Decode(typeof(DescribeAutoScalingGroupsResponse), AwsService.AutoScaling,
                "DescribeAutoScalingGroups", Response(200, xml));
            var group = Assert.Single(result.AutoScalingGroups!);
            Assert.Equal(new DateTime(2024, 5, 6, 7, 8, 9, 123, DateTimeKind.Utc), group.CreatedTime);
            Assert.Equal(DateTimeKind.Utc, group.CreatedTime!.Value.Kind);
            Assert.True(group.NewInstancesProtectedFromScaleIn);
            Assert.Equal(new[] { "eu-west-1a", "eu-west-1b" }, group.AvailabilityZones);
            Assert.Null(result.NextToken);
        }

        [Fact]
        public void IamPolicyDocumentsAreUrlDecoded()
        {
            const string xml = "<GetRolePolicyResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><GetRolePolicyResult>" +
                "<PolicyName>p</PolicyName><RoleName>r</RoleName>" +
                "<PolicyDocument>%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Action%22%3A%22logs%3A%2A%22%7D%5D%7D</PolicyDocument>" +
                "</GetRolePolicyResult></GetRolePolicyResponse>";
            var result = (GetRolePolicyResponse)_codec.Decode(typeof(GetRolePolicyResponse), AwsService.Iam, "GetRolePolicy", Response(200, xml));
            Assert.Equal("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Action\":\"logs:*\"}]}", result.PolicyDocument);
            Assert.Equal("r", result.RoleName);
        }

        [Fact]
        public void PolicyDocumentsOfOtherServicesAreLeftAlone()
        {
            const string xml = "<GetRolePolicyResponse><GetRolePolicyResult><PolicyDocument>a%20b</PolicyDocument></GetRolePolicyResult></GetRolePolicyResponse>";
            var result = (GetRolePolicyResponse)_codec.Decode(typeof(GetRolePolicyResponse), AwsService.AutoScaling, "GetRolePolicy", Response(200, xml));
            Assert.Equal("a%20b", result.PolicyDocument);
        }

        [Fact]
        public void OperationWithoutResultGivesEmptyResponse()
        {
            const string xml = "<DeleteRoleResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ResponseMetadata><RequestId>x</RequestId></ResponseMetadata></DeleteRoleResponse>";
            Assert.IsType<AwsEmptyResponse>(_codec.Decode(typeof(AwsEmptyResponse), AwsService.Iam, "DeleteRole", Response(200, xml)));
        }
    }
}
