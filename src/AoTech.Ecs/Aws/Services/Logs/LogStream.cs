using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Logs
{
    /// <summary>Lists the log streams for the specified log group.</summary>
    [AwsOperation("DescribeLogStreams")]
    public sealed class DescribeLogStreamsRequest : LogsRequest<DescribeLogStreamsResponse>
    {
        public string? LogGroupName { get; set; }
        public string? LogGroupIdentifier { get; set; }
        public string? LogStreamNamePrefix { get; set; }
        public string? OrderBy { get; set; } // LogStreamName | LastEventTime
        public bool? Descending { get; set; }
        public string? NextToken { get; set; }
        public int? Limit { get; set; }
    }

    public sealed class DescribeLogStreamsResponse
    {
        public List<LogStream>? LogStreams { get; set; }
        public string? NextToken { get; set; }
    }

    public sealed class LogStream
    {
        public string? LogStreamName { get; set; }
        public long? CreationTime { get; set; }
        public long? FirstEventTimestamp { get; set; }
        public long? LastEventTimestamp { get; set; }
        public long? LastIngestionTime { get; set; }
        public string? UploadSequenceToken { get; set; }
        public string? Arn { get; set; }
        public long? StoredBytes { get; set; }
    }
}
