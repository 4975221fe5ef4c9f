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
    /// The watcher's view of a real service: one DescribeServices per poll; ListTasks (STOPPED) + DescribeTasks and
    /// DescribeTargetHealth only when the watcher asks for them.
    /// </summary>
    public sealed class EcsDeploymentSource : IDeploymentSource
    {
        /// <summary>DescribeTasks takes at most 100 tasks; the newest stopped ones are what explain a failing rollout.</summary>
        private const int MaxStoppedTasks = 100;

        private readonly AwsConnection _connection;
        private readonly ServiceLocation _location;
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
    }
}
