using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Services.Ecs;
using AoTech.Ecs.Errors;

namespace AoTech.Ecs.Rollout
{
    /// <summary>Where Undo-AoDeployment goes back to, and why that revision.</summary>
    public sealed class RollbackTarget
    {
        public string CurrentTaskDefinition { get; set; } = "";
        public string PreviousTaskDefinition { get; set; } = "";
        /// <summary>"deployment" when an older deployment of the service still runs it, "family" when it is the previous ACTIVE revision.</summary>
        public string Source { get; set; } = "";
    }

    /// <summary>Finds the revision that ran before the current one and deploys it again.</summary>
    public sealed class DeploymentRollback
    {
        private readonly AwsConnection _connection;
        private readonly TaskDefinitionUpdater _updater;

        public DeploymentRollback(AwsConnection connection)
        {
            _connection = connection ?? throw new ArgumentNullException(nameof(connection));
            _updater = new TaskDefinitionUpdater(connection);
        }

        /// <summary>
        /// The revision to return to. While a deployment is still rolling out, the deployment it replaces names the
        /// previous revision exactly. Once only one deployment is left, ECS keeps no history in DescribeServices, so the
        /// previous ACTIVE revision of the family (the highest revision below the current one) is taken.
        /// </summary>
        public async Task<RollbackTarget> FindPreviousAsync(ServiceLocation location, CancellationToken ct)
        {
            var service = await _updater.DescribeServiceAsync(location, ct).ConfigureAwait(false);
            var current = service.TaskDefinition ?? "";
            var older = (service.Deployments ?? new List<Deployment>())
                .Where(d => !string.Equals(d.Status, DeploymentStatuses.Primary, StringComparison.OrdinalIgnoreCase)
                            && !string.IsNullOrEmpty(d.TaskDefinition)
                            && !string.Equals(d.TaskDefinition, current, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(d => d.CreatedAt ?? DateTime.MinValue)
                .FirstOrDefault();
            if (older != null)
                return new RollbackTarget { CurrentTaskDefinition = current, PreviousTaskDefinition = older.TaskDefinition!, Source = "deployment" };

            var (family, revision) = ParseTaskDefinition(current);
            var previous = await PreviousActiveRevisionAsync(family, revision, ct).ConfigureAwait(false);
            if (previous == null)
                throw new AoEcsException(RolloutErrorIds.NoPreviousRevision, AoErrorKind.ObjectNotFound,
                    $"Service '{location.Service}' runs {family}:{revision} and no earlier ACTIVE revision of '{family}' exists to roll back to.",
                    location.ToString());
            return new RollbackTarget { CurrentTaskDefinition = current, PreviousTaskDefinition = previous, Source = "family" };
        }

        /// <summary>
        /// The rollout ECS can roll back itself (StopServiceDeployment with ROLLBACK): the service's current service
        /// deployment while it is still PENDING or IN_PROGRESS. Null where there is none (a settled service, or an
        /// endpoint without service deployments): then the previous revision is deployed again instead.
        /// </summary>
        public async Task<DeploymentInfo?> FindEcsRollbackAsync(ServiceLocation location, CancellationToken ct)
        {
            var deployments = new ServiceDeployments(_connection);
            var current = await deployments.LookUpAsync(location, null, ct).ConfigureAwait(false);
            if (current.ServiceDeploymentArn == null) return null;
            try
            {
                var snapshot = await new EcsDeploymentSource(_connection, location)
                    .DescribeServiceDeploymentAsync(current.ServiceDeploymentArn, ct).ConfigureAwait(false);
                return !snapshot.Missing && ServiceDeploymentStatuses.IsRollingOut(snapshot.Status)
                    ? ServiceDeployments.FromSnapshot(location, snapshot, current.Id)
                    : null;
            }
            catch (Exception ex) when (ServiceDeployments.IsUnsupported(ex))
            {
                return null;
            }
        }

        /// <summary>Starts the rollback deployment; the caller waits for it like any other.</summary>
        public Task<DeploymentInfo> DeployAsync(ServiceLocation location, RollbackTarget target, CancellationToken ct) =>
            _updater.DeployAsync(location, target.PreviousTaskDefinition, target.CurrentTaskDefinition, ct);

        private async Task<string?> PreviousActiveRevisionAsync(string family, int revision, CancellationToken ct)
        {
            string? next = null;
            string? best = null;
            var bestRevision = -1;
            do
            {
                var page = await _connection.SendAsync(new ListTaskDefinitionsRequest
                {
                    FamilyPrefix = family,
                    Status = "ACTIVE",
                    Sort = "DESC",
                    NextToken = next,
                }, ct).ConfigureAwait(false);
                foreach (var arn in page.TaskDefinitionArns ?? new List<string>())
                {
                    // familyPrefix is a prefix: "web" also lists "web2". Keep our family only.
                    var (f, r) = ParseTaskDefinition(arn);
                    if (f == family && r < revision && r > bestRevision)
                    {
                        best = arn;
                        bestRevision = r;
                    }
                }
                next = page.NextToken;
                // Sorted newest first: once a page holds a candidate, later pages only hold older revisions.
                if (best != null) break;
            } while (!string.IsNullOrEmpty(next));
            return best;
        }

        /// <summary>"arn:…:task-definition/family:7" or "family:7" -> (family, 7).</summary>
        internal static (string Family, int Revision) ParseTaskDefinition(string taskDefinition)
        {
            var name = taskDefinition;
            var slash = name.LastIndexOf('/');
            if (slash >= 0) name = name.Substring(slash + 1);
            var colon = name.LastIndexOf(':');
            if (colon > 0 && int.TryParse(name.Substring(colon + 1), out var revision))
                return (name.Substring(0, colon), revision);
            throw new AoEcsException(RolloutErrorIds.InvalidTaskDefinition, AoErrorKind.InvalidData,
                $"'{taskDefinition}' does not name a task definition revision (family:revision).", taskDefinition);
        }
    }
}
