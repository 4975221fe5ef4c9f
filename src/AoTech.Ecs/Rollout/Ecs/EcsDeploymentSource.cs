using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Aws.Services.Ecs;
using AoTech.Ecs.Aws.Services.Elb;

namespace AoTech.Ecs.Rollout
{
    /// <summary>
    /// The watcher's view of a real service: DescribeServices or DescribeServiceDeployments per poll; ListTasks
    /// (STOPPED) + DescribeTasks, DescribeTargetHealth and ListServiceDeployments only when the watcher asks for them.
    /// The task definition of each service revision is read once (DescribeServiceRevisions) and remembered.
    /// </summary>
    public sealed class EcsDeploymentSource : IServiceDeploymentSource
    {
        /// <summary>DescribeServiceRevisions takes at most 20 ARNs.</summary>
        private const int MaxRevisionsPerCall = 20;

        /// <summary>DescribeTasks takes at most 100 tasks; the newest stopped ones are what explain a failing rollout.</summary>
        private const int MaxStoppedTasks = 100;

        private readonly AwsConnection _connection;
        private readonly ServiceLocation _location;
        private readonly Dictionary<string, string?> _revisionTaskDefinitions = new Dictionary<string, string?>(StringComparer.Ordinal);
        private string? _targetGroupArn;
        private int _calls;

        public EcsDeploymentSource(AwsConnection connection, ServiceLocation location)
        {
            _connection = connection ?? throw new ArgumentNullException(nameof(connection));
            _location = location ?? throw new ArgumentNullException(nameof(location));
        }

        public int ApiCalls => _calls;

        /// <summary>Known after the first DescribeServices: the service's first load balancer's target group.</summary>
        public bool HasTargetGroup => _targetGroupArn != null;

        public async Task<ServiceSnapshot> DescribeServiceAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            DescribeServicesResponse response;
            try
            {
                response = await _connection.SendAsync(new DescribeServicesRequest
                {
                    Cluster = _location.Cluster,
                    Services = new List<string> { _location.Service },
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "ClusterNotFoundException" || ex.ErrorCode == "ServiceNotFoundException")
            {
                return new ServiceSnapshot { ServiceName = _location.Service, Missing = true };
            }
            var service = response.Services?.FirstOrDefault();
            _targetGroupArn = service?.LoadBalancers?.Select(lb => lb.TargetGroupArn).FirstOrDefault(arn => !string.IsNullOrEmpty(arn));
            var snapshot = EcsSnapshots.FromService(service, response.Failures);
            snapshot.ServiceName ??= _location.Service;
            return snapshot;
        }

        public async Task<IReadOnlyList<StoppedTaskSnapshot>> GetStoppedTasksAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            var list = await _connection.SendAsync(new ListTasksRequest
            {
                Cluster = _location.Cluster,
                ServiceName = _location.Service,
                DesiredStatus = "STOPPED",
                MaxResults = MaxStoppedTasks,
            }, cancellationToken).ConfigureAwait(false);
            var arns = list.TaskArns ?? new List<string>();
            if (arns.Count == 0) return Array.Empty<StoppedTaskSnapshot>();

            Interlocked.Increment(ref _calls);
            var described = await _connection.SendAsync(new DescribeTasksRequest
            {
                Cluster = _location.Cluster,
                Tasks = arns.Take(MaxStoppedTasks).ToList(),
            }, cancellationToken).ConfigureAwait(false);
            return (described.Tasks ?? new List<EcsTask>()).Select(EcsSnapshots.FromTask).ToList();
        }

        public async Task<TargetHealthCounts?> GetTargetHealthAsync(CancellationToken cancellationToken)
        {
            var arn = _targetGroupArn;
            if (arn == null) return null;
            Interlocked.Increment(ref _calls);
            var response = await _connection.SendAsync(new DescribeTargetHealthRequest { TargetGroupArn = arn }, cancellationToken).ConfigureAwait(false);
            return EcsSnapshots.FromTargetHealth(response.TargetHealthDescriptions);
        }
    
        public async Task<ServiceDeploymentSnapshot> DescribeServiceDeploymentAsync(string serviceDeploymentArn, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            var response = await _connection.SendAsync(new DescribeServiceDeploymentsRequest
            {
                ServiceDeploymentArns = new List<string> { serviceDeploymentArn },
            }, cancellationToken).ConfigureAwait(false);
            var found = response.ServiceDeployments?.FirstOrDefault(d => d.ServiceDeploymentArn == serviceDeploymentArn)
                ?? response.ServiceDeployments?.FirstOrDefault();
            if (found == null) return new ServiceDeploymentSnapshot { Arn = serviceDeploymentArn, Missing = true };
            var snapshot = EcsSnapshots.FromServiceDeployment(found);
            var revisions = new[] { snapshot.Target }.Concat(snapshot.Sources).Where(r => r != null).Select(r => r!).ToList();
            await LearnRevisionsAsync(revisions.Select(r => r.Arn), cancellationToken).ConfigureAwait(false);
            foreach (var r in revisions) r.TaskDefinition = _revisionTaskDefinitions.TryGetValue(r.Arn, out var td) ? td : null;
            return snapshot;
        }

        public async Task<IReadOnlyList<ServiceDeploymentCandidate>> ListServiceDeploymentsAsync(DateTimeOffset? createdAfter, CancellationToken cancellationToken)
        {
            var briefs = new List<ServiceDeploymentBrief>();
            string? next = null;
            do
            {
                Interlocked.Increment(ref _calls);
                var page = await _connection.SendAsync(new ListServiceDeploymentsRequest
                {
                    Cluster = _location.Cluster,
                    ServiceName = _location.Service,
                    CreatedAt = createdAfter != null ? new CreatedAt { After = createdAfter.Value.UtcDateTime } : null,
                    NextToken = next,
                }, cancellationToken).ConfigureAwait(false);
                briefs.AddRange(page.ServiceDeployments ?? new List<ServiceDeploymentBrief>());
                next = page.NextToken;
            } while (!string.IsNullOrEmpty(next));
            await LearnRevisionsAsync(briefs.Select(b => b.TargetServiceRevisionArn).Where(a => !string.IsNullOrEmpty(a)).Select(a => a!), cancellationToken).ConfigureAwait(false);
            return briefs.Select(b => new ServiceDeploymentCandidate
            {
                Arn = b.ServiceDeploymentArn ?? "",
                CreatedAt = EcsSnapshots.Utc(b.CreatedAt),
                StartedAt = EcsSnapshots.Utc(b.StartedAt),
                Status = b.Status,
                TargetRevisionArn = b.TargetServiceRevisionArn,
                TargetTaskDefinition = b.TargetServiceRevisionArn != null && _revisionTaskDefinitions.TryGetValue(b.TargetServiceRevisionArn, out var td) ? td : null,
            }).ToList();
        }

        /// <summary>Reads the task definition of each service revision not seen yet (revisions never change).</summary>
        private async Task LearnRevisionsAsync(IEnumerable<string> arns, CancellationToken cancellationToken)
        {
            var unknown = arns.Where(a => !string.IsNullOrEmpty(a) && !_revisionTaskDefinitions.ContainsKey(a)).Distinct().ToList();
            for (var i = 0; i < unknown.Count; i += MaxRevisionsPerCall)
            {
                var batch = unknown.Skip(i).Take(MaxRevisionsPerCall).ToList();
                Interlocked.Increment(ref _calls);
                var response = await _connection.SendAsync(new DescribeServiceRevisionsRequest { ServiceRevisionArns = batch }, cancellationToken).ConfigureAwait(false);
                foreach (var arn in batch) _revisionTaskDefinitions[arn] = null;
                foreach (var r in response.ServiceRevisions ?? new List<ServiceRevision>())
                    if (r.ServiceRevisionArn != null) _revisionTaskDefinitions[r.ServiceRevisionArn] = r.TaskDefinition;
            }
        }
    }
}
