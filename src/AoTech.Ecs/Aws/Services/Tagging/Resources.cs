using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Tagging
{
    /// <summary>Returns all the tagged or previously tagged resources that are located in the specified Amazon Web Services Region for the account.</summary>
    [AwsOperation("GetResources")]
    public sealed class GetResourcesRequest : TaggingRequest<GetResourcesResponse>
    {
        public string? PaginationToken { get; set; }
        public List<TagFilter>? TagFilters { get; set; }
        public int? ResourcesPerPage { get; set; }
        public int? TagsPerPage { get; set; }
        public List<string>? ResourceTypeFilters { get; set; }
        public bool? IncludeComplianceDetails { get; set; }
        public bool? ExcludeCompliantResources { get; set; }
        public List<string>? ResourceARNList { get; set; }
    }

    public sealed class GetResourcesResponse
    {
        public string? PaginationToken { get; set; }
        public List<ResourceTagMapping>? ResourceTagMappingList { get; set; }
    }

    public sealed class ResourceTagMapping
    {
        public string? ResourceARN { get; set; }
        public List<Tag>? Tags { get; set; }
        public ComplianceDetails? ComplianceDetails { get; set; }
    }

    public sealed class ComplianceDetails
    {
        public List<string>? NoncompliantKeys { get; set; }
        public List<string>? KeysWithNoncompliantValues { get; set; }
        public bool? ComplianceStatus { get; set; }
    }
}
