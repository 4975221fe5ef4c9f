using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Aws.Services.Ecs;
using AoTech.Ecs.Errors;
using EcsKeyValuePair = AoTech.Ecs.Aws.Services.Ecs.KeyValuePair;

namespace AoTech.Ecs.Rollout
{
    /// <summary>An edit worked out against the revision in use, before anything is registered.</summary>
    public sealed class TaskDefinitionPlan
    {
        internal TaskDefinitionPlan(TaskDefinition current, List<Tag> tags, TaskDefinitionEdit edit, ServiceLocation? location)
        {
            Current = current;
            Tags = tags;
            Edit = edit;
            Location = location;
        }

        /// <summary>The revision the service runs (or the family's latest ACTIVE revision).</summary>
        public TaskDefinition Current { get; }
        internal List<Tag> Tags { get; }
        public TaskDefinitionEdit Edit { get; }
        public ServiceLocation? Location { get; }
        public bool HasChanges => Edit.HasChanges;
        public string CurrentArn => Current.TaskDefinitionArn ?? "";

        /// <summary>The revision in use, described as output (for the no-change case).</summary>
        public TaskDefinitionRevision CurrentAsOutput() => TaskDefinitionUpdater.ToOutput(Current, registered: false, changes: null, previous: null, app: Location?.App);
    }

    /// <summary>
    /// Reads the task definition revision a service runs, registers an edited copy (only the registrable fields, plus
    /// its tags) and points the service at it. Each step is separate so the cmdlet can ask ShouldProcess in between.
    /// </summary>
    public sealed class TaskDefinitionUpdater
    {
        private readonly AwsConnection _connection;

        public TaskDefinitionUpdater(AwsConnection connection)
        {
            _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        }

        /// <summary>DescribeServices for one service; throws ServiceNotActive when it is missing or not ACTIVE.</summary>
        public async Task<Service> DescribeServiceAsync(ServiceLocation location, CancellationToken ct)
        {
            DescribeServicesResponse response;
            try
            {
                response = await _connection.SendAsync(new DescribeServicesRequest
                {
                    Cluster = location.Cluster,
                    Services = new List<string> { location.Service },
                }, ct).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "ClusterNotFoundException")
            {
                throw NotActive(location, "its cluster does not exist", ex);
            }
            var service = response.Services?.FirstOrDefault();
            if (service == null) throw NotActive(location, "it does not exist", null);
            if (!string.Equals(service.Status, ServiceStatuses.Active, StringComparison.OrdinalIgnoreCase))
                throw NotActive(location, "it is " + service.Status, null);
            return service;
        }

        /// <summary>Works out the edit against the revision the service runs now.</summary>
        public async Task<TaskDefinitionPlan> PlanForServiceAsync(ServiceLocation location, IEnumerable<ContainerImageUpdate>? images,
            IEnumerable<EnvironmentChange>? environment, CancellationToken ct)
        {
            var service = await DescribeServiceAsync(location, ct).ConfigureAwait(false);
            if (string.IsNullOrEmpty(service.TaskDefinition))
                throw new AoEcsException(RolloutErrorIds.TaskDefinitionNotFound, AoErrorKind.ObjectNotFound, $"Service '{location.Service}' runs no task definition.", location.ToString());
            return await PlanAsync(service.TaskDefinition!, location, images, environment, ct).ConfigureAwait(false);
        }

        /// <summary>Works out the edit against the latest ACTIVE revision of <paramref name="family"/> (or an exact family:revision).</summary>
        public Task<TaskDefinitionPlan> PlanForFamilyAsync(string family, IEnumerable<ContainerImageUpdate>? images,
            IEnumerable<EnvironmentChange>? environment, CancellationToken ct)
        {
            ValidateFamily(family);
            return PlanAsync(family, null, images, environment, ct);
        }

        /// <summary>
        /// What DescribeTaskDefinition takes: a family (1-255 letters, digits, '-' and '_'), family:revision with a
        /// revision from 1, or a task definition ARN. Checked before any call, so a typo is not a round trip to ECS.
        /// </summary>
        public static void ValidateFamily(string family)
        {
            if (FamilyPattern.IsMatch(family) || ArnPattern.IsMatch(family)) return;
            var colon = family.LastIndexOf(':');
            var problem = colon > 0 && !family.StartsWith("arn:", StringComparison.Ordinal)
                ? $"its revision '{family.Substring(colon + 1)}' is not a number from 1"
                : "a family is 1-255 letters, digits, hyphens or underscores";
            throw new AoEcsException(RolloutErrorIds.InvalidFamily, AoErrorKind.InvalidArgument,
                $"'{family}' is not a task definition family, family:revision or task definition ARN: {problem}.", family);
        }

        private static readonly Regex FamilyPattern = new Regex("^[A-Za-z0-9_-]{1,255}(:[1-9][0-9]{0,9})?$", RegexOptions.CultureInvariant);
        private static readonly Regex ArnPattern = new Regex(
            "^arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:task-definition/[A-Za-z0-9_-]{1,255}(:[1-9][0-9]{0,9})?$", RegexOptions.CultureInvariant);

        private async Task<TaskDefinitionPlan> PlanAsync(string taskDefinition, ServiceLocation? location,
            IEnumerable<ContainerImageUpdate>? images, IEnumerable<EnvironmentChange>? environment, CancellationToken ct)
        {
            DescribeTaskDefinitionResponse response;
            try
            {
                response = await _connection.SendAsync(new DescribeTaskDefinitionRequest
                {
                    TaskDefinition = taskDefinition,
                    Include = new List<string> { "TAGS" },
                }, ct).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "ClientException" && ex.StatusCode == 400)
            {
                // ECS answers an unknown family or revision with a ClientException ("Unable to describe task definition").
                throw new AoEcsException(RolloutErrorIds.TaskDefinitionNotFound, AoErrorKind.ObjectNotFound,
                    $"Task definition '{taskDefinition}' was not found: {ex.AwsMessage}", taskDefinition, ex);
            }
            var current = response.TaskDefinition
                ?? throw new AoEcsException(RolloutErrorIds.TaskDefinitionNotFound, AoErrorKind.ObjectNotFound, $"Task definition '{taskDefinition}' was not found.", taskDefinition);
            var specs = (current.ContainerDefinitions ?? new List<ContainerDefinition>()).Select(ToSpec).ToList();
            var edit = TaskDefinitionEditor.Plan(specs, images, environment);
            return new TaskDefinitionPlan(current, response.Tags ?? new List<Tag>(), edit, location);
        }

        /// <summary>Registers the edited revision. Call only when <see cref="TaskDefinitionPlan.HasChanges"/>.</summary>
        public async Task<TaskDefinitionRevision> RegisterAsync(TaskDefinitionPlan plan, CancellationToken ct)
        {
            if (!plan.HasChanges) throw new InvalidOperationException("Nothing to register: the edit changes nothing.");
            var request = ToRegisterRequest(plan.Current, plan.Tags);
            var edited = plan.Edit.Containers.ToDictionary(c => c.Name, StringComparer.Ordinal);
            foreach (var container in request.ContainerDefinitions ?? new List<ContainerDefinition>())
            {
                if (container.Name == null || !edited.TryGetValue(container.Name, out var spec)) continue;
                container.Image = spec.Image;
                container.Environment = spec.Environment.Count == 0 && container.Environment == null
                    ? null
                    : spec.Environment.Select(p => new EcsKeyValuePair { Name = p.Key, Value = p.Value }).ToList();
            }
            // Each RegisterTaskDefinition makes a revision: after a lost answer, look for the one that call made before
            // registering again (a blind retry would leave two).
            var registered = await Stack.Converge.AwsCalls.CreateOnceAsync(
                async () => (await _connection.SendAsync(request, ct, idempotent: false).ConfigureAwait(false)).TaskDefinition
                    ?? throw new AoEcsException(RolloutErrorIds.RegisterFailed, AoErrorKind.OperationFailed, "RegisterTaskDefinition returned no task definition.", plan.Current.Family),
                () => FindRegisteredAsync(plan.Current, request, ct), Stack.Converge.NullStackReporter.Instance, "RegisterTaskDefinition", ct)
                .ConfigureAwait(false);
            return ToOutput(registered, registered: true, plan.Edit.Changes.Select(c => c.ToString()).ToList(), plan.CurrentArn, plan.Location?.App);
        }

        /// <summary>A revision newer than <paramref name="current"/> with the containers (images, environment) of <paramref name="request"/>.</summary>
        private async Task<TaskDefinition?> FindRegisteredAsync(TaskDefinition current, RegisterTaskDefinitionRequest request, CancellationToken ct)
        {
            var list = await _connection.SendAsync(new ListTaskDefinitionsRequest { FamilyPrefix = current.Family, Status = "ACTIVE", Sort = "DESC", MaxResults = 5 }, ct)
                .ConfigureAwait(false);
            foreach (var arn in list.TaskDefinitionArns ?? new List<string>())
            {
                var found = (await _connection.SendAsync(new DescribeTaskDefinitionRequest { TaskDefinition = arn }, ct).ConfigureAwait(false)).TaskDefinition;
                if (found == null || found.Family != current.Family || (found.Revision ?? 0) <= (current.Revision ?? 0)) continue;
                if (Containers(found.ContainerDefinitions) == Containers(request.ContainerDefinitions)) return found;
            }
            return null;
        }

        private static string Containers(List<ContainerDefinition>? containers) => string.Join("\n",
            (containers ?? new List<ContainerDefinition>()).OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => c.Name + "=" + c.Image + ";" +
                string.Join(",", (c.Environment ?? new List<EcsKeyValuePair>()).OrderBy(e => e.Name, StringComparer.Ordinal).Select(e => e.Name + "=" + e.Value))));

        /// <summary>
        /// Points the service at <paramref name="taskDefinitionArn"/> and returns the deployment ECS started (the PRIMARY
        /// one in the UpdateService response).
        /// </summary>
        public async Task<DeploymentInfo> DeployAsync(ServiceLocation location, string taskDefinitionArn, string? previousTaskDefinition,
            CancellationToken ct, bool forceNewDeployment = false)
        {
            var response = await _connection.SendAsync(new UpdateServiceRequest
            {
                Cluster = location.Cluster,
                ServiceName = location.Service,
                TaskDefinition = taskDefinitionArn,
                ForceNewDeployment = forceNewDeployment ? true : (bool?)null,
            }, ct).ConfigureAwait(false);
            return DeploymentFrom(location, response.Service, previousTaskDefinition);
        }

        public static DeploymentInfo DeploymentFrom(ServiceLocation location, Service? service, string? previousTaskDefinition)
        {
            var primary = service?.Deployments?.FirstOrDefault(d => string.Equals(d.Status, DeploymentStatuses.Primary, StringComparison.OrdinalIgnoreCase));
            if (primary?.Id == null)
                throw new AoEcsException(RolloutErrorIds.DeploymentNotStarted, AoErrorKind.OperationFailed,
                    $"UpdateService on '{location.Service}' returned no PRIMARY deployment to follow.", location.ToString());
            return new DeploymentInfo
            {
                Id = primary.Id,
                App = location.App,
                Cluster = location.Cluster,
                Service = location.Service,
                Status = primary.Status,
                RolloutState = primary.RolloutState,
                RolloutStateReason = primary.RolloutStateReason,
                // Prefer the service's own setting: it is what was just asked for.
                TaskDefinition = service!.TaskDefinition ?? primary.TaskDefinition,
                PreviousTaskDefinition = previousTaskDefinition,
                CreatedAt = EcsSnapshots.Utc(primary.CreatedAt),
                RunningCount = primary.RunningCount,
                DesiredCount = primary.DesiredCount,
                OffersServiceDeployments = !string.IsNullOrEmpty(service.CurrentServiceDeployment),
            };
        }

        /// <summary>
        /// The registrable part of a described revision. The response also carries read-only fields (revision, status,
        /// requiresAttributes, compatibilities, registeredAt/By, deregisteredAt) that RegisterTaskDefinition rejects.
        /// </summary>
        public static RegisterTaskDefinitionRequest ToRegisterRequest(TaskDefinition td, IEnumerable<Tag>? tags)
        {
            // "aws:" tags belong to AWS and cannot be set by callers. The stack's content-hash tag says "the stack
            // registered exactly this content"; an edited copy is not that, so it must not inherit the claim. The record of
            // the applied file (aotech:taskdef-applied:*) is carried over on purpose: it is what New-AoEcsApp merges a
            // changed file against, so a rollout's image survives the next edit of the file.
            var ownTags = (tags ?? Enumerable.Empty<Tag>())
                .Where(t => t.Key != null && !t.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase)
                    && t.Key != Stack.StackNames.TaskDefinitionFileHashTagKey)
                .Select(t => new Tag { Key = t.Key, Value = t.Value })
                .ToList();
            return new RegisterTaskDefinitionRequest
            {
                Family = td.Family,
                TaskRoleArn = td.TaskRoleArn,
                ExecutionRoleArn = td.ExecutionRoleArn,
                NetworkMode = td.NetworkMode,
                ContainerDefinitions = td.ContainerDefinitions,
                Volumes = td.Volumes,
                PlacementConstraints = td.PlacementConstraints,
                RequiresCompatibilities = td.RequiresCompatibilities,
                Cpu = td.Cpu,
                Memory = td.Memory,
                Tags = ownTags.Count > 0 ? ownTags : null,
                PidMode = td.PidMode,
                IpcMode = td.IpcMode,
                ProxyConfiguration = td.ProxyConfiguration,
                InferenceAccelerators = td.InferenceAccelerators,
                EphemeralStorage = td.EphemeralStorage,
                RuntimePlatform = td.RuntimePlatform,
                EnableFaultInjection = td.EnableFaultInjection,
            };
        }

        public static ContainerSpec ToSpec(ContainerDefinition c) => new ContainerSpec(c.Name ?? "", c.Image ?? "",
            (c.Environment ?? new List<EcsKeyValuePair>()).Where(p => p.Name != null)
                .Select(p => new KeyValuePair<string, string>(p.Name!, p.Value ?? "")));

        internal static TaskDefinitionRevision ToOutput(TaskDefinition td, bool registered, IReadOnlyList<string>? changes, string? previous, string? app) => new TaskDefinitionRevision
        {
            Family = td.Family ?? "",
            Revision = td.Revision ?? 0,
            Arn = td.TaskDefinitionArn ?? "",
            Images = (td.ContainerDefinitions ?? new List<ContainerDefinition>()).Select(c => new ContainerImage(c.Name ?? "", c.Image ?? "")).ToList(),
            Registered = registered,
            Changes = changes ?? Array.Empty<string>(),
            PreviousArn = previous,
            App = app,
        };

        private static AoEcsException NotActive(ServiceLocation location, string why, Exception? inner) =>
            new AoEcsException(RolloutErrorIds.ServiceNotActive, AoErrorKind.ObjectNotFound,
                $"Service '{location.Service}' in cluster '{location.Cluster}' cannot be updated: {why}." +
                (location.App != null ? $" Was app '{location.App}' created (New-AoEcsApp) in this region?" : ""),
                location.ToString(), inner);
    }
}
