using System;
using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Aws.Protocols;
using AoTech.Ecs.Tests.Aws.Protocols.Dtos;
using Xunit;

namespace AoTech.Ecs.Tests.Aws.Protocols
{
    public class ShapeMapTests
    {
        [Fact]
        public void RequestMembersExcludeTheServiceDescriptor()
        {
            var members = ShapeMap.GetMembers(typeof(GetResourcesRequest), AwsService.Tagging);
            Assert.Equal(new[] { "PaginationToken", "TagFilters", "ResourcesPerPage" }, members.Select(m => m.ModelMemberName));
        }

        [Fact]
        public void LowerCamelServicesLowerTheFirstLetterUnlessAnAttributeNamesTheMember()
        {
            var members = ShapeMap.GetMembers(typeof(JsonExerciseRequest), AwsService.Ecs).ToDictionary(m => m.Property.Name);
            Assert.Equal("createdAt", members["CreatedAt"].ModelMemberName);
            Assert.Equal("createdAt", members["CreatedAt"].WireName);
            Assert.Equal("enableECSManagedTags", members["EnableEcsManagedTags"].ModelMemberName);
            // The same class under a Pascal service keeps the property names.
            Assert.Equal("CreatedAt", ShapeMap.GetMembers(typeof(JsonExerciseRequest), AwsService.Acm)[0].ModelMemberName);
        }

        [Fact]
        public void LocationNameLocationAndListMemberName()
        {
            var members = ShapeMap.GetMembers(typeof(ListResourceRecordSetsRequest), AwsService.Route53).ToDictionary(m => m.ModelMemberName);
            Assert.Equal("Id", members["HostedZoneId"].WireName);
            Assert.Equal(AwsLocation.Uri, members["HostedZoneId"].Location);
            Assert.Equal("name", members["StartRecordName"].WireName);
            Assert.Equal(AwsLocation.QueryString, members["StartRecordName"].Location);

            var batch = ShapeMap.GetMembers(typeof(ChangeBatch), AwsService.Route53).Single(m => m.ModelMemberName == "Changes");
            Assert.Equal("Change", batch.ListMemberName);
            Assert.Equal(AwsLocation.Body, batch.Location);
            Assert.Null(ShapeMap.GetMembers(typeof(ChangeBatch), AwsService.Route53).Single(m => m.ModelMemberName == "Comment").ListMemberName);
        }

        [Fact]
        public void ClrTypesMapToShapeKinds()
        {
            var members = ShapeMap.GetMembers(typeof(JsonExerciseResponse), AwsService.Ecs).ToDictionary(m => m.Property.Name);
            Assert.Equal(ShapeKind.Timestamp, members["CreatedAt"].Kind);
            Assert.Equal(typeof(DateTime?), members["CreatedAt"].ClrType);
            Assert.Equal(ShapeKind.Timestamp, members["UpdatedAt"].Kind);
            Assert.Equal(ShapeKind.Map, members["Counts"].Kind);
            Assert.Equal(typeof(List<int>), members["Counts"].ElementType);
            Assert.Equal(ShapeKind.List, members["Names"].Kind);
            Assert.Equal(typeof(string), members["Names"].ElementType);
            Assert.Equal(ShapeKind.List, members["Sizes"].Kind);
            Assert.Equal(ShapeKind.Blob, members["Blob"].Kind);
            Assert.Equal(ShapeKind.Boolean, members["Force"].Kind);
            Assert.Equal(ShapeKind.Double, members["Ratio"].Kind);
            Assert.Equal(ShapeKind.Long, ShapeMap.KindOf(typeof(long?)));
            Assert.Equal(ShapeKind.Integer, ShapeMap.KindOf(typeof(int)));
            Assert.Equal(ShapeKind.String, ShapeMap.KindOf(typeof(string)));
            Assert.Equal(ShapeKind.Structure, ShapeMap.KindOf(typeof(ChangeInfo)));
        }

        [Fact]
        public void TimestampFormats()
        {
            var t = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc);
            Assert.Equal("2024-05-06T07:08:09Z", ShapeMap.FormatIso8601(t));
            Assert.Equal("2024-05-06T07:08:09.250Z", ShapeMap.FormatIso8601(t.AddMilliseconds(250)));
            Assert.Equal(1714979289.0, ShapeMap.ToEpochSeconds(t));
            Assert.Equal(t, ShapeMap.FromEpochSeconds(1714979289));
            Assert.Equal(t, ShapeMap.ParseTimestamp("2024-05-06T07:08:09Z"));
            Assert.Equal(t, ShapeMap.ParseTimestamp("2024-05-06T09:08:09+02:00"));
            Assert.Equal(t, ShapeMap.ParseTimestamp("Mon, 06 May 2024 07:08:09 GMT"));
            Assert.Equal(t, ShapeMap.ParseTimestamp("1714979289"));
            Assert.Equal(DateTimeKind.Utc, ShapeMap.ParseTimestamp("2024-05-06T07:08:09Z").Kind);
        }

        [Fact]
        public void ScalarsFormatInvariantly()
        {
            Assert.Equal("true", ShapeMap.FormatScalar(true));
            Assert.Equal("0.5", ShapeMap.FormatScalar(0.5));
            Assert.Equal("5000000000", ShapeMap.FormatScalar(5000000000L));
            Assert.Equal("AP8r", ShapeMap.FormatScalar(new byte[] { 0, 255, 43 }));
            Assert.Equal(0.5, ShapeMap.ParseScalar("0.5", typeof(double?)));
            Assert.Equal(42, ShapeMap.ParseScalar("42", typeof(int?)));
            Assert.Null(ShapeMap.ParseScalar("", typeof(int?)));
        }

        [Fact]
        public void MissingOperationAttributeIsReported()
        {
            var e = Assert.Throws<InvalidOperationException>(() => ShapeMap.GetOperation(typeof(ChangeInfo)));
            Assert.Contains("ChangeInfo", e.Message);
        }
    }
}
