using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Ecs
{
    /// <summary>Lists the service deployments that match the given filter.</summary>
    [AwsOperation("ListServiceDeployments")]
    public sealed class ListServiceDeploymentsRequest : EcsRequest<ListServiceDeploymentsResponse>
    {
        [AwsMember("service")] public string? ServiceName { get; set; }
        public string? Cluster { get; set; }
        public List<string>? Status { get; set; }
        public CreatedAt? CreatedAt { get; set; }
        public string? NextToken { get; set; }
        public int? MaxResults { get; set; }
    }

    public sealed class ListServiceDeploymentsResponse
    {
        public List<ServiceDeploymentBrief>? ServiceDeployments { get; set; }
        public string? NextToken { get; set; }
    }

    /// <summary>Describes one or more of your service deployments.</summary>
    [AwsOperation("DescribeServiceDeployments")]
    public sealed class DescribeServiceDeploymentsRequest : EcsRequest<DescribeServiceDeploymentsResponse>
    {
        public List<string>? ServiceDeploymentArns { get; set; }
    }

    public sealed class DescribeServiceDeploymentsResponse
    {
        public List<ServiceDeployment>? ServiceDeployments { get; set; }
        public List<Failure>? Failures { get; set; }
    }
}
