using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Errors;
using AoTech.Ecs.PowerShell.Completion;
using AoTech.Ecs.PowerShell.Infrastructure;
using AoTech.Ecs.PowerShell.Output;
using AoTech.Ecs.Rollout;

namespace AoTech.Ecs.PowerShell.Cmdlets.Rollout
{
    [Cmdlet(VerbsData.Update, "AoTaskDefinition", SupportsShouldProcess = true, DefaultParameterSetName = AppSet)]
    [OutputType(typeof(AoTaskDefinition), ParameterSetName = new[] { AppSet, FamilySet })]
    [OutputType(typeof(AoDeployment), ParameterSetName = new[] { AppSet })]
    public sealed class UpdateAoTaskDefinitionCommand : AoAwsCmdlet
    {
        private const string AppSet = "App";
        private const string FamilySet = "Family";
        private readonly List<ContainerImageUpdate> _images = new List<ContainerImageUpdate>();

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = AppSet)]
        [Alias("App")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AppNameCompleter))]
        public string Name { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = FamilySet)]
        [ValidateNotNullOrEmpty]
        public string Family { get; set; } = "";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Reference")]
        public object[]? Image { get; set; }

        [Parameter]
        public Hashtable? Environment { get; set; }

        [Parameter(ParameterSetName = AppSet)]
        public SwitchParameter Deploy { get; set; }

        // Images arrive one pipeline object at a time; all of them go into one new revision at the end.
        protected override Task ProcessRecordAsync(CancellationToken ct)
        {
            foreach (var item in Image ?? Array.Empty<object>())
            {
                switch (Unwrap(item))
                {
                    case null:
                        break;
                    case IDictionary byContainer:
                        _images.AddRange(ImagesFromHashtable(byContainer));
                        break;
                    case var reference:
                        var text = reference.ToString();
                        if (string.IsNullOrWhiteSpace(text)) break;
                        // Docker's grammar, checked before any call: a bad reference never reaches ECS.
                        TaskDefinitionEditor.ParseImage(text);
                        _images.Add(new ContainerImageUpdate(null, text!));
                        break;
                }
            }
            return Task.CompletedTask;
        }

        protected override async Task EndProcessingAsync(CancellationToken ct)
        {
            if (FailedItems > 0)
            {
                // Every image goes into one revision: with one refused, registering the others would be half the change.
                PostWarning($"No revision was registered: {FailedItems} of the images given were refused (see the errors).");
                return;
            }
            var images = _images;
            var environment = EnvironmentFromHashtable(Environment).ToList();
            if (images.Count == 0 && environment.Count == 0)
                throw new AoEcsException(RolloutErrorIds.NothingToUpdate, AoErrorKind.InvalidArgument,
                    "Give -Image, -Environment or image objects on the pipeline: there is nothing to update.", Name);

            var updater = new TaskDefinitionUpdater(Connection);
            var location = ParameterSetName == AppSet ? await ServiceLocation.ForAppAsync(Connection, Name, ct).ConfigureAwait(false) : null;
            var plan = location != null
                ? await updater.PlanForServiceAsync(location, images, environment, ct).ConfigureAwait(false)
                : await updater.PlanForFamilyAsync(Family, images, environment, ct).ConfigureAwait(false);
            var currentName = DeploymentFailures.TaskDefinitionName(plan.CurrentArn);

            if (!plan.HasChanges)
            {
                PostWarning($"Nothing to change: {currentName} already has these images and environment. No revision was registered.");
                if (Deploy && location != null)
                    PostObject(WithConnectionDetails(RolloutOutput.ToOutput(await DeploymentWaitRunner.CurrentDeploymentAsync(Connection, location, ct).ConfigureAwait(false))));
                else
                    PostObject(WithConnectionDetails(RolloutOutput.ToOutput(plan.CurrentAsOutput())));
                return;
            }

            foreach (var change in plan.Edit.Changes) PostVerbose(change.ToString());
            var family = plan.Current.Family ?? Family;
            var register = await ConfirmAsync(family, $"Register a new revision from {currentName}: {string.Join("; ", plan.Edit.Changes)}").ConfigureAwait(false);
            if (!register.Approved)
            {
                // -WhatIf should tell the whole story, deployment included.
                if (Deploy && location != null && register.WhatIf)
                    await ConfirmAsync(location.Service, $"Deploy the new revision of {family} (now {currentName})").ConfigureAwait(false);
                return;
            }
            var registered = await updater.RegisterAsync(plan, ct).ConfigureAwait(false);
            PostVerbose($"Registered {registered}.");

            if (!Deploy || location == null)
            {
                PostObject(WithConnectionDetails(RolloutOutput.ToOutput(registered)));
                return;
            }
            if (!await ShouldProcessAsync(location.Service, $"Deploy {registered} (now {currentName})").ConfigureAwait(false))
            {
                PostObject(WithConnectionDetails(RolloutOutput.ToOutput(registered)));
                return;
            }
            var deployment = await updater.DeployAsync(location, registered.Arn, plan.CurrentArn, ct).ConfigureAwait(false);
            PostVerbose($"Service {location.Service} is deploying {registered} as deployment {deployment.Id}.");
            PostObject(WithConnectionDetails(RolloutOutput.ToOutput(deployment)));
        }

        protected override object? TargetOf(Exception ex) => ParameterSetName == AppSet ? Name : Family;

        private static IEnumerable<ContainerImageUpdate> ImagesFromHashtable(IDictionary table)
        {
            foreach (DictionaryEntry entry in table)
            {
                var image = Unwrap(entry.Value)?.ToString();
                if (string.IsNullOrWhiteSpace(image))
                    throw new AoEcsException(RolloutErrorIds.InvalidImageReference, AoErrorKind.InvalidArgument,
                        $"-Image gives container '{entry.Key}' no image.", entry.Key?.ToString());
                TaskDefinitionEditor.ParseImage(image);
                yield return new ContainerImageUpdate(entry.Key?.ToString(), image!);
            }
        }

        private static IEnumerable<EnvironmentChange> EnvironmentFromHashtable(Hashtable? table)
        {
            if (table == null) yield break;
            foreach (DictionaryEntry entry in table)
            {
                var key = entry.Key?.ToString() ?? "";
                if (Unwrap(entry.Value) is IDictionary perContainer)
                {
                    foreach (DictionaryEntry variable in perContainer)
                        yield return new EnvironmentChange(key, variable.Key?.ToString() ?? "", Unwrap(variable.Value)?.ToString());
                }
                else
                {
                    yield return new EnvironmentChange(null, key, Unwrap(entry.Value)?.ToString());
                }
            }
        }

        private static object? Unwrap(object? value) => value is PSObject ps ? ps.BaseObject : value;
    }
}
