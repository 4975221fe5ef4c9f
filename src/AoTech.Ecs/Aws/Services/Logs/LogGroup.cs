using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Logs
{
    /// <summary>Creates a log group with the specified name.</summary>
    [AwsOperation("CreateLogGroup")]
    public sealed class CreateLogGroupRequest : LogsRequest<AwsEmptyResponse>
    {
        public string? LogGroupName { get; set; }
        public string? KmsKeyId { get; set; }
        public Dictionary<string, string>? Tags { get; set; }
        public string? LogGroupClass { get; set; } // STANDARD | INFREQUENT_ACCESS | DELIVERY
        public bool? DeletionProtectionEnabled { get; set; }
    }

    /// <summary>Returns information about log groups, including data sources that ingest into each log group.</summary>
    [AwsOperation("DescribeLogGroups")]
    public sealed class DescribeLogGroupsRequest : LogsRequest<DescribeLogGroupsResponse>
    {
        public List<string>? AccountIdentifiers { get; set; }
        public string? LogGroupNamePrefix { get; set; }
        public string? LogGroupNamePattern { get; set; }
        public string? NextToken { get; set; }
        public int? Limit { get; set; }
        public bool? IncludeLinkedAccounts { get; set; }
        public string? LogGroupClass { get; set; } // STANDARD | INFREQUENT_ACCESS | DELIVERY
        public List<string>? LogGroupIdentifiers { get; set; }
    }

    public sealed class DescribeLogGroupsResponse
    {
        public List<LogGroup>? LogGroups { get; set; }
        public string? NextToken { get; set; }
    }

    /// <summary>Sets the retention of the specified log group.</summary>
    [AwsOperation("PutRetentionPolicy")]
    public sealed class PutRetentionPolicyRequest : LogsRequest<AwsEmptyResponse>
    {
        public string? LogGroupName { get; set; }
        public int? RetentionInDays { get; set; }
    }

    /// <summary>Deletes the specified log group and permanently deletes all the archived log events associated with the log group.</summary>
    [AwsOperation("DeleteLogGroup")]
    public sealed class DeleteLogGroupRequest : LogsRequest<AwsEmptyResponse>
    {
        public string? LogGroupName { get; set; }
    }

    public sealed class LogGroup
    {
        public string? LogGroupName { get; set; }
        public long? CreationTime { get; set; }
        public int? RetentionInDays { get; set; }
        public int? MetricFilterCount { get; set; }
        public string? Arn { get; set; }
        public long? StoredBytes { get; set; }
        public string? KmsKeyId { get; set; }
        public string? DataProtectionStatus { get; set; } // ACTIVATED | DELETED | ARCHIVED | DISABLED
        public List<string>? InheritedProperties { get; set; }
        public string? LogGroupClass { get; set; } // STANDARD | INFREQUENT_ACCESS | DELIVERY
        public string? LogGroupArn { get; set; }
        public bool? DeletionProtectionEnabled { get; set; }
        public bool? BearerTokenAuthenticationEnabled { get; set; }
    }
}
