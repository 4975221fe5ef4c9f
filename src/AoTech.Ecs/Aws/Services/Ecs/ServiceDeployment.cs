using System;
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

    /// <summary>Stops an ongoing service deployment: ROLLBACK returns the service to the previous service revision.</summary>
    [AwsOperation("StopServiceDeployment")]
    public sealed class StopServiceDeploymentRequest : EcsRequest<StopServiceDeploymentResponse>
    {
        public string? ServiceDeploymentArn { get; set; }
        public string? StopType { get; set; } // ABORT | ROLLBACK
    }

    public sealed class StopServiceDeploymentResponse
    {
        public string? ServiceDeploymentArn { get; set; }
    }

    /// <summary>Continues (or rolls back) a service deployment that waits at a PAUSE lifecycle hook.</summary>
    [AwsOperation("ContinueServiceDeployment")]
    public sealed class ContinueServiceDeploymentRequest : EcsRequest<ContinueServiceDeploymentResponse>
    {
        public string? ServiceDeploymentArn { get; set; }
        public string? HookId { get; set; }
        public string? Action { get; set; } // ROLLBACK | CONTINUE
    }

    public sealed class ContinueServiceDeploymentResponse
    {
        public string? ServiceDeploymentArn { get; set; }
    }

    /// <summary>Describes service revisions: the workload configuration (task definition first of all) a deployment deploys.</summary>
    [AwsOperation("DescribeServiceRevisions")]
    public sealed class DescribeServiceRevisionsRequest : EcsRequest<DescribeServiceRevisionsResponse>
    {
        public List<string>? ServiceRevisionArns { get; set; }
    }

    public sealed class DescribeServiceRevisionsResponse
    {
        public List<ServiceRevision>? ServiceRevisions { get; set; }
        public List<Failure>? Failures { get; set; }
    }

    /// <summary>The members of a service revision the rollout reads.</summary>
    public sealed class ServiceRevision
    {
        public string? ServiceRevisionArn { get; set; }
        public string? ServiceArn { get; set; }
        public string? ClusterArn { get; set; }
        public string? TaskDefinition { get; set; }
        public List<LoadBalancer>? LoadBalancers { get; set; }
        public DateTime? CreatedAt { get; set; }
    }
}
