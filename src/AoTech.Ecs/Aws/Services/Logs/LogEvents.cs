using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Logs
{
    /// <summary>Lists log events from the specified log stream.</summary>
    [AwsOperation("GetLogEvents")]
    public sealed class GetLogEventsRequest : LogsRequest<GetLogEventsResponse>
    {
        public string? LogGroupName { get; set; }
        public string? LogGroupIdentifier { get; set; }
        public string? LogStreamName { get; set; }
        public long? StartTime { get; set; }
        public long? EndTime { get; set; }
        public string? NextToken { get; set; }
        public int? Limit { get; set; }
        public bool? StartFromHead { get; set; }
        public bool? Unmask { get; set; }
    }

    public sealed class GetLogEventsResponse
    {
        public List<OutputLogEvent>? Events { get; set; }
        public string? NextForwardToken { get; set; }
        public string? NextBackwardToken { get; set; }
    }

    /// <summary>Lists log events from the specified log group.</summary>
    [AwsOperation("FilterLogEvents")]
    public sealed class FilterLogEventsRequest : LogsRequest<FilterLogEventsResponse>
    {
        public string? LogGroupName { get; set; }
        public string? LogGroupIdentifier { get; set; }
        public List<string>? LogStreamNames { get; set; }
        public string? LogStreamNamePrefix { get; set; }
        public long? StartTime { get; set; }
        public long? EndTime { get; set; }
        public string? FilterPattern { get; set; }
        public string? NextToken { get; set; }
        public int? Limit { get; set; }
        public bool? Interleaved { get; set; }
        public bool? Unmask { get; set; }
    }

    public sealed class FilterLogEventsResponse
    {
        public List<FilteredLogEvent>? Events { get; set; }
        public List<SearchedLogStream>? SearchedLogStreams { get; set; }
        public string? NextToken { get; set; }
    }

    public sealed class OutputLogEvent
    {
        public long? Timestamp { get; set; }
        public string? Message { get; set; }
        public long? IngestionTime { get; set; }
    }

    public sealed class FilteredLogEvent
    {
        public string? LogStreamName { get; set; }
        public long? Timestamp { get; set; }
        public string? Message { get; set; }
        public long? IngestionTime { get; set; }
        public string? EventId { get; set; }
    }

    public sealed class SearchedLogStream
    {
        public string? LogStreamName { get; set; }
        public bool? SearchedCompletely { get; set; }
    }
}
