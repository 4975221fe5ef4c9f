using System;
using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Aws.Protocols;
using AoTech.Ecs.Tests.Aws.Protocols.Dtos;
using Xunit;
using static AoTech.Ecs.Tests.Aws.Protocols.CodecTestHelpers;

namespace AoTech.Ecs.Tests.Aws.Protocols
{
    public class JsonCodecTests
    {
        private readonly IProtocolCodec _codec = ProtocolCodecs.Json;

        [Fact]
        public void GetResourcesMatchesTheProtocolsExample()
        {
            var http = _codec.Encode(new GetResourcesRequest
            {
                TagFilters = new List<TagFilter> { new TagFilter { Key = "app", Values = new List<string> { "x" } } },
            });
            Assert.Equal("POST", http.Method);
            Assert.Equal("/", http.Path);
            Assert.Empty(http.Query);
            Assert.Equal("ResourceGroupsTaggingAPI_20170126.GetResources", http.GetHeader("X-Amz-Target"));
            Assert.Equal("application/x-amz-json-1.1", http.GetHeader("Content-Type"));
            // PROTOCOLS.md shows botocore's json.dumps spacing; the members, order and values are the same.
            Assert.Equal("{\"TagFilters\":[{\"Key\":\"app\",\"Values\":[\"x\"]}]}", BodyText(http));
        }

        [Fact]
        public void EmptyInputIsAnEmptyObject()
        {
            var http = _codec.Encode(new DescribeRepositoriesRequest());
            Assert.Equal("{}", BodyText(http));
            Assert.Equal("AmazonEC2ContainerRegistry_V20150921.DescribeRepositories", http.GetHeader("X-Amz-Target"));
        }

        [Fact]
        public void LowerCamelNamesLongsAndBase64Blobs()
        {
            // botocore: {"repositoryName": "rr", "uploadId": "u", "partFirstByte": 0, "partLastByte": 2, "layerPartBlob": "AP8r"}
            var http = _codec.Encode(new UploadLayerPartRequest
            {
                RepositoryName = "rr", UploadId = "u", PartFirstByte = 0, PartLastByte = 2, LayerPartBlob = new byte[] { 0, 255, 43 },
            });
            Assert.Equal("{\"repositoryName\":\"rr\",\"uploadId\":\"u\",\"partFirstByte\":0,\"partLastByte\":2,\"layerPartBlob\":\"AP8r\"}", BodyText(http));
        }

        [Fact]
        public void TimestampsAreEpochSecondsAndNullsAreLeftOut()
        {
            var http = _codec.Encode(new JsonExerciseRequest
            {
                CreatedAt = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc),
                UpdatedAt = new DateTimeOffset(2024, 5, 6, 7, 8, 9, 500, TimeSpan.Zero),
                Labels = new Dictionary<string, string> { ["a+b"] = "<x>" },
                EnableEcsManagedTags = true,
                Empty = new List<string>(),
            });
            Assert.Equal("{\"createdAt\":1714979289,\"updatedAt\":1714979289.5,\"labels\":{\"a+b\":\"<x>\"},\"enableECSManagedTags\":true,\"empty\":[]}",
                BodyText(http));
            Assert.Equal("AmazonEC2ContainerServiceV20141113.Exercise", http.GetHeader("X-Amz-Target"));
        }

        [Fact]
        public void DecodesEpochTimestampsMapsListsArraysAndBlobs()
        {
            var body = "{\"createdAt\":1714979289.25,\"updatedAt\":1714979289,\"counts\":{\"x\":[1,2]},\"names\":[\"a\",\"b\"]," +
                       "\"sizes\":[5000000000],\"blob\":\"AP8r\",\"force\":false,\"ratio\":0.5,\"unknownMember\":{\"deep\":[1]}}";
            var result = (JsonExerciseResponse)_codec.Decode(typeof(JsonExerciseResponse), AwsService.Ecs, "Exercise", Response(200, body));
            Assert.Equal(new DateTime(2024, 5, 6, 7, 8, 9, 250, DateTimeKind.Utc), result.CreatedAt);
            Assert.Equal(DateTimeKind.Utc, result.CreatedAt!.Value.Kind);
            Assert.Equal(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero), result.UpdatedAt);
            Assert.Equal(new[] { 1, 2 }, result.Counts!["x"]);
            Assert.Equal(new[] { "a", "b" }, result.Names);
            Assert.Equal(new[] { 5000000000L }, result.Sizes);
            Assert.Equal(new byte[] { 0, 255, 43 }, result.Blob);
            Assert.False(result.Force);
            Assert.Equal(0.5, result.Ratio);
        }

        [Fact]
        public void RoundTripsThroughEncodeAndDecode()
        {
            var request = new GetResourcesRequest
            {
                PaginationToken = "tok/+=",
                ResourcesPerPage = 50,
                TagFilters = new List<TagFilter> { new TagFilter { Key = "k", Values = new List<string> { "v1", "v2 ü" } } },
            };
            var http = _codec.Encode(request);
            var back = (GetResourcesRequest)_codec.Decode(typeof(GetResourcesRequest), AwsService.Tagging, "GetResources",
                new AwsHttpResponse(200, new Dictionary<string, string>(), http.Body));
            Assert.Equal("tok/+=", back.PaginationToken);
            Assert.Equal(50, back.ResourcesPerPage);
            Assert.Equal(new[] { "v1", "v2 ü" }, back.TagFilters![0].Values);
        }

        [Fact]
        public void EmptyBodyGivesAnEmptyResponse()
        {
            var result = _codec.Decode(typeof(GetResourcesResponse), AwsService.Tagging, "GetResources", Response(200, ""));
            Assert.IsType<GetResourcesResponse>(result);
        }
    }
}
