using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Aws.Services.Ecs;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Waiting;

namespace AoTech.Ecs.Rollout
{
    /// <summary>
    /// ECS's service deployments for one rollout: which one is ours, how to follow it to its end (falling back to
    /// DescribeServices where the endpoint has no service-deployment API), and how to stop or continue it.
    /// </summary>
    public sealed class ServiceDeployments
    {
        private static readonly string[] UnsupportedCodes =
        {
            "UnknownOperationException", "InvalidAction", "UnsupportedFeatureException", "NotImplemented",
            "AccessDeniedException", "AccessDenied",
            // Not UnrecognizedClientException or ExpiredToken: refused credentials are an error to report, not a reason
            // to fall back to DescribeServices.
        };

        private readonly AwsConnection _connection;
        private readonly IClock _clock;
        private readonly PollSchedule? _schedule;

        public ServiceDeployments(AwsConnection connection, IClock? clock = null, PollSchedule? schedule = null)
        {
            _connection = connection ?? throw new ArgumentNullException(nameof(connection));
            _clock = clock ?? SystemClock.Instance;
            _schedule = schedule;
        }

        /// <summary>
        /// The ARN of a service deployment of <paramref name="service"/> that is PENDING or IN_PROGRESS, or null: none, or an
        /// endpoint without the service-deployment API (nothing to tell then).
        /// </summary>
        public async Task<string?> UnfinishedAsync(string cluster, string service, CancellationToken ct)
        {
            try
            {
                var page = await _connection.SendAsync(new ListServiceDeploymentsRequest
                {
                    Cluster = cluster,
                    ServiceName = service,
                    Status = new List<string> { "PENDING", "IN_PROGRESS" },
                }, ct).ConfigureAwait(false);
                return page.ServiceDeployments?.FirstOrDefault(d => d.Status == "PENDING" || d.Status == "IN_PROGRESS")?.ServiceDeploymentArn;
            }
            catch (Exception ex) when (IsUnsupported(ex))
            {
                return null;
            }
        }

        /// <summary>
        /// True for an answer that says this endpoint (or these credentials) cannot use the service-deployment API:
        /// an unknown operation, a feature the endpoint lacks, a permission the caller was not given.
        /// </summary>
        public static bool IsUnsupported(Exception ex) =>
            ex is AwsServiceException aws && (
                Array.Exists(UnsupportedCodes, c => string.Equals(c, aws.ErrorCode, StringComparison.OrdinalIgnoreCase))
                || aws.StatusCode == 501
                || (aws.AwsMessage ?? "").IndexOf("not been implemented", StringComparison.OrdinalIgnoreCase) >= 0
                || (aws.AwsMessage ?? "").IndexOf("not implemented", StringComparison.OrdinalIgnoreCase) >= 0);

        /// <summary>
        /// A deployment of the service as DescribeServices shows it now: the one with <paramref name="deploymentId"/>, or
        /// the PRIMARY one. Without an id the service's current service deployment is the one to follow; with an id, the
        /// wait finds the service deployment that id's rollout started.
        /// </summary>
        public async Task<DeploymentInfo> LookUpAsync(ServiceLocation location, string? deploymentId, CancellationToken ct)
        {
            var service = await new TaskDefinitionUpdater(_connection).DescribeServiceAsync(location, ct).ConfigureAwait(false);
            var current = TaskDefinitionUpdater.DeploymentFrom(location, service, null);
            // While rolling out, the deployment being replaced runs what a rollback would return to.
            current.PreviousTaskDefinition = service.Deployments?
                .Where(d => d.Id != current.Id && d.TaskDefinition != null && d.TaskDefinition != current.TaskDefinition)
                .Select(d => d.TaskDefinition).FirstOrDefault();
            if (string.IsNullOrEmpty(deploymentId))
            {
                current.ServiceDeploymentArn = service.CurrentServiceDeployment;
                return current;
            }
            if (deploymentId == current.Id) return current;
            var named = service.Deployments?.FirstOrDefault(d => d.Id == deploymentId);
            return new DeploymentInfo
            {
                Id = deploymentId!,
                App = location.App,
                Cluster = location.Cluster,
                Service = location.Service,
                Status = named?.Status,
                RolloutState = named?.RolloutState,
                TaskDefinition = named?.TaskDefinition,
                CreatedAt = EcsSnapshots.Utc(named?.CreatedAt),
                OffersServiceDeployments = current.OffersServiceDeployments,
            };
        }

        /// <summary>
        /// Follows <paramref name="deployment"/> to the <paramref name="goal"/> and returns it finished; throws
        /// <see cref="DeploymentException"/> when it ends another way. The service deployment is followed where ECS keeps
        /// one; otherwise (or where the endpoint has no such API) the service's deployments, and a verbose line says so.
        /// </summary>
        public async Task<DeploymentInfo> WaitAsync(DeploymentInfo deployment, TimeSpan timeout, RolloutGoal goal,
            DeploymentWatchCallbacks callbacks, CancellationToken ct)
        {
            var watcher = new DeploymentWatcher(new EcsDeploymentSource(_connection, deployment.Location), _clock, _schedule);
            var arn = deployment.ServiceDeploymentArn;
            if (arn == null && deployment.OffersServiceDeployments && deployment.TaskDefinition != null)
            {
                try
                {
                    arn = (await watcher.FindServiceDeploymentAsync(deployment.TaskDefinition, deployment.CreatedAt, ct).ConfigureAwait(false))?.Arn;
                    if (arn == null)
                        callbacks.Verbose?.Invoke($"No service deployment of {DeploymentFailures.TaskDefinitionName(deployment.TaskDefinition)} created with deployment {deployment.Id} is listed; following it with DescribeServices.");
                }
                catch (Exception ex) when (IsUnsupported(ex) && goal == RolloutGoal.Complete)
                {
                    callbacks.Verbose?.Invoke($"The service-deployment API is not available here ({Code(ex)}); following deployment {deployment.Id} with DescribeServices.");
                }
            }
            else if (arn == null && deployment.OffersServiceDeployments)
            {
                // A deployment id the service does not list has no known task definition to match: the
                // DescribeServices wait reports it as not found.
                callbacks.Verbose?.Invoke($"Deployment {deployment.Id} is not among the service's deployments; following it with DescribeServices.");
            }
            else if (arn == null)
            {
                callbacks.Verbose?.Invoke($"The endpoint keeps no service deployments for service {deployment.Service} (DescribeServices names no currentServiceDeployment); following deployment {deployment.Id} with DescribeServices.");
            }

            if (arn != null)
            {
                callbacks.Verbose?.Invoke($"Following service deployment {arn} for up to {timeout}.");
                try
                {
                    var followed = await watcher.WaitServiceDeploymentAsync(arn, timeout, goal, callbacks, deployment.Id, ct).ConfigureAwait(false);
                    callbacks.Verbose?.Invoke($"Service deployment {ServiceDeploymentArns.ShortId(arn)} ended {followed.ServiceDeployment?.Status} after {followed.Polls} polls ({followed.ApiCalls} AWS calls).");
                    return Finished(deployment, followed);
                }
                catch (Exception ex) when (IsUnsupported(ex) && goal == RolloutGoal.Complete)
                {
                    callbacks.Verbose?.Invoke($"The service-deployment API is not available here ({Code(ex)}); following deployment {deployment.Id} with DescribeServices.");
                }
            }
            if (goal != RolloutGoal.Complete)
                throw Unsupported(deployment.Location, "follow a rollback or a stop");
            var previous = deployment.PreviousTaskDefinition != null ? new[] { deployment.PreviousTaskDefinition } : null;
            callbacks.Verbose?.Invoke($"Following deployment {deployment.Id} of service {deployment.Service} in cluster {deployment.Cluster} for up to {timeout}.");
            var result = await watcher.WaitAsync(deployment.Id, timeout, callbacks, previous, ct).ConfigureAwait(false);
            callbacks.Verbose?.Invoke($"Deployment {deployment.Id} completed after {result.Polls} polls ({result.ApiCalls} AWS calls).");
            return Finished(deployment, result);
        }

        /// <summary>
        /// The service deployment a command acts on: the one named, else the one the piped deployment's rollout started,
        /// else the service's current one. Refuses, before any change, a service without service deployments.
        /// </summary>
        public async Task<ServiceDeploymentSnapshot> ResolveAsync(ServiceLocation location, string? deploymentId, string? serviceDeploymentArn,
            string action, CancellationToken ct)
        {
            var source = new EcsDeploymentSource(_connection, location);
            string? arn = serviceDeploymentArn;
            if (arn == null)
            {
                var deployment = await LookUpAsync(location, deploymentId, ct).ConfigureAwait(false);
                if (!deployment.OffersServiceDeployments && deployment.ServiceDeploymentArn == null)
                    throw Unsupported(location, action);
                arn = deployment.ServiceDeploymentArn;
                if (arn == null && deployment.TaskDefinition != null)
                {
                    var watcher = new DeploymentWatcher(source, _clock, _schedule);
                    arn = (await Guard(() => watcher.FindServiceDeploymentAsync(deployment.TaskDefinition, deployment.CreatedAt, ct), location, action).ConfigureAwait(false))?.Arn;
                }
                if (arn == null)
                    throw new AoEcsException(RolloutErrorIds.DeploymentNotFound, AoErrorKind.ObjectNotFound,
                        deployment.TaskDefinition == null
                            ? $"Deployment {deploymentId} is not among the deployments of service '{location.Service}'."
                            : $"ECS lists no service deployment for deployment {deploymentId} of service '{location.Service}'.", deploymentId);
            }
            var snapshot = await Guard(() => source.DescribeServiceDeploymentAsync(arn, ct), location, action).ConfigureAwait(false);
            if (snapshot.Missing)
                throw new AoEcsException(RolloutErrorIds.DeploymentNotFound, AoErrorKind.ObjectNotFound,
                    $"Service deployment {arn} is not known to ECS.", arn);
            return snapshot;
        }

        /// <summary>StopServiceDeployment: ROLLBACK returns the service to the previous revision, ABORT stops it where it stands.</summary>
        public async Task StopAsync(string serviceDeploymentArn, bool rollback, CancellationToken ct)
        {
            await _connection.SendAsync(new StopServiceDeploymentRequest
            {
                ServiceDeploymentArn = serviceDeploymentArn,
                StopType = rollback ? "ROLLBACK" : "ABORT",
            }, ct).ConfigureAwait(false);
        }

        /// <summary>ContinueServiceDeployment for each PAUSE hook the deployment waits at; returns the hooks acted on.</summary>
        public async Task<IReadOnlyList<string>> ContinueAsync(ServiceDeploymentSnapshot deployment, bool rollback, CancellationToken ct)
        {
            var hooks = deployment.AwaitingHooks.Select(h => h.HookId).ToList();
            foreach (var hook in hooks)
            {
                await _connection.SendAsync(new ContinueServiceDeploymentRequest
                {
                    ServiceDeploymentArn = deployment.Arn,
                    HookId = hook,
                    Action = rollback ? "ROLLBACK" : "CONTINUE",
                }, ct).ConfigureAwait(false);
                // A rollback needs saying once; the other hooks go with it.
                if (rollback) break;
            }
            return hooks;
        }

        /// <summary>The deployment as it stands after a wait, for output.</summary>
        public static DeploymentInfo Finished(DeploymentInfo started, DeploymentWatchResult result) => new DeploymentInfo
        {
            Id = started.Id,
            App = started.App,
            Cluster = started.Cluster,
            Service = started.Service,
            Status = result.ServiceDeployment != null ? started.Status : result.Status,
            RolloutState = result.RolloutState,
            RolloutStateReason = result.RolloutStateReason,
            // What UpdateService was asked to run; the same as the deployment's own on ECS (some emulators never update the latter).
            TaskDefinition = started.TaskDefinition ?? result.TaskDefinition,
            PreviousTaskDefinition = started.PreviousTaskDefinition ?? result.ServiceDeployment?.SourceTaskDefinition,
            CreatedAt = result.CreatedAt ?? started.CreatedAt,
            FinishedAt = result.FinishedAt,
            Duration = result.Duration,
            Outcome = result.Outcome,
            RunningCount = result.Progress.Running,
            DesiredCount = result.Progress.Desired,
            ServiceDeploymentArn = result.ServiceDeployment?.Arn ?? started.ServiceDeploymentArn,
            ServiceDeploymentStatus = result.ServiceDeployment?.Status ?? started.ServiceDeploymentStatus,
            LifecycleStage = result.ServiceDeployment?.LifecycleStage ?? started.LifecycleStage,
            Strategy = result.ServiceDeployment?.Strategy ?? started.Strategy,
            OffersServiceDeployments = started.OffersServiceDeployments,
        };

        /// <summary>A service deployment as a command left it (stopped, continued), for output.</summary>
        public static DeploymentInfo FromSnapshot(ServiceLocation location, ServiceDeploymentSnapshot snapshot, string? deploymentId) => new DeploymentInfo
        {
            Id = deploymentId ?? ServiceDeploymentArns.ShortId(snapshot.Arn),
            App = location.App,
            Cluster = location.Cluster,
            Service = location.Service,
            RolloutState = ServiceDeploymentTracker.RolloutStateOf(snapshot.Status),
            RolloutStateReason = snapshot.StatusReason,
            TaskDefinition = snapshot.Target?.TaskDefinition,
            PreviousTaskDefinition = snapshot.Sources.LastOrDefault(s => s.TaskDefinition != null)?.TaskDefinition,
            CreatedAt = snapshot.CreatedAt,
            FinishedAt = snapshot.FinishedAt,
            Duration = snapshot.FinishedAt - snapshot.CreatedAt,
            RunningCount = snapshot.Target?.Running,
            DesiredCount = snapshot.Target?.Requested,
            ServiceDeploymentArn = snapshot.Arn,
            ServiceDeploymentStatus = snapshot.Status,
            LifecycleStage = snapshot.LifecycleStage,
            Strategy = snapshot.Strategy,
            OffersServiceDeployments = true,
        };

        private static async Task<T> Guard<T>(Func<Task<T>> call, ServiceLocation location, string action)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Exception ex) when (IsUnsupported(ex))
            {
                throw Unsupported(location, action, ex);
            }
        }

        private static AoEcsException Unsupported(ServiceLocation location, string action, Exception? inner = null) =>
            new AoEcsException(RolloutErrorIds.ServiceDeploymentsUnsupported, AoErrorKind.Configuration,
                $"Cannot {action} for service '{location.Service}': the endpoint keeps no service deployments for it"
                + (inner != null ? $" ({Code(inner)})" : " (DescribeServices names no currentServiceDeployment)")
                + ". Undo-AoDeployment rolls back by deploying the previous revision instead.", location.ToString(), inner);

        private static string Code(Exception ex) => ex is AwsServiceException aws ? aws.ErrorCode : ex.GetType().Name;
    }
}
