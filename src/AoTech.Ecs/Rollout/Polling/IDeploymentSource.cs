using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AoTech.Ecs.Rollout
{
    /// <summary>
    /// Where the watcher gets its snapshots: ECS through our AWS clients in production, a scripted sequence in tests.
    /// Each method is one look-up; the watcher decides how often to call them.
    /// </summary>
    public interface IDeploymentSource
    {
        /// <summary>One DescribeServices. A service the API reports MISSING comes back with <see cref="ServiceSnapshot.Missing"/> set.</summary>
        Task<ServiceSnapshot> DescribeServiceAsync(CancellationToken cancellationToken);

        /// <summary>Recently stopped tasks of the service (ListTasks desiredStatus=STOPPED + DescribeTasks).</summary>
        Task<IReadOnlyList<StoppedTaskSnapshot>> GetStoppedTasksAsync(CancellationToken cancellationToken);

        /// <summary>AWS calls this source has made (a stopped-task look-up can take more than one).</summary>
        int ApiCalls { get; }

        /// <summary>Whether the service sits behind a target group whose health is worth showing.</summary>
        bool HasTargetGroup { get; }

        /// <summary>DescribeTargetHealth of the service's target group; null when there is none.</summary>
        Task<TargetHealthCounts?> GetTargetHealthAsync(CancellationToken cancellationToken);
    }

    /// <summary>A source that can also read ECS's service deployments (ListServiceDeployments and friends).</summary>
    public interface IServiceDeploymentSource : IDeploymentSource
    {
        /// <summary>One DescribeServiceDeployments; a deployment ECS does not know comes back with <see cref="ServiceDeploymentSnapshot.Missing"/> set.</summary>
        Task<ServiceDeploymentSnapshot> DescribeServiceDeploymentAsync(string serviceDeploymentArn, CancellationToken cancellationToken);

        /// <summary>The service's deployments created since <paramref name="createdAfter"/>, each with its target revision's task definition.</summary>
        Task<IReadOnlyList<ServiceDeploymentCandidate>> ListServiceDeploymentsAsync(System.DateTimeOffset? createdAfter, CancellationToken cancellationToken);
    }
}
