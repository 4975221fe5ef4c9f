using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace AoTech.Ecs.Stack.Planning
{
    /// <summary>
    /// The resource groups of an app stack, in dependency order: a group only needs groups listed before it
    /// (see <see cref="StackPlan.DependsOn"/> for the exact edges, which let independent groups run in parallel).
    /// </summary>
    public enum ResourceGroup
    {
        Network,
        SecurityGroups,
        Certificate,
        Iam,
        Logs,
        LoadBalancer,
        Dns,
        Compute,
        Cluster,
        TaskDefinition,
        Service,
        /// <summary>Task auto scaling: the service's scalable target and its target-tracking policies (Stack/Scaling).</summary>
        TaskScaling,
        /// <summary>What the app no longer uses (DiscoveredStack.Extras): removed once everything else is in place.</summary>
        Cleanup,
    }

    /// <summary>What a run does to one resource. Ordered by weight: a group's action is its heaviest item's.</summary>
    public enum PlanAction
    {
        Keep,
        Change,
        /// <summary>Something the app no longer uses (see DiscoveredStack.Extras) is removed; what it uses stays.</summary>
        Delete,
        Create,
    }

    /// <summary>One resource in the plan: what it is, what happens to it, and why.</summary>
    public sealed class PlanItem
    {
        public PlanItem(ResourceGroup group, string resource, string name, PlanAction action, IEnumerable<string>? changes = null)
        {
            Group = group;
            Resource = resource;
            Name = name;
            Action = action;
            Changes = (changes ?? Enumerable.Empty<string>()).ToList();
        }

        public ResourceGroup Group { get; }
        /// <summary>Kind of resource, e.g. "load balancer".</summary>
        public string Resource { get; }
        /// <summary>Its name (or id when it has no name).</summary>
        public string Name { get; }
        public PlanAction Action { get; }
        /// <summary>For Change: each difference, e.g. "desiredCount 2 -> 3". For Create/Keep: optional notes.</summary>
        public IReadOnlyList<string> Changes { get; }

        public string Description
        {
            get
            {
                var text = $"{Action} {Resource} {Name}";
                return Changes.Count == 0 ? text : text + ": " + string.Join("; ", Changes);
            }
        }

        public override string ToString() => Description;
    }

    /// <summary>The actions one run takes, per resource group; computed by <see cref="StackPlanner"/>, shown by -WhatIf.</summary>
    public sealed class StackPlan
    {
        public StackPlan(IEnumerable<PlanItem> items)
        {
            Items = items.OrderBy(i => i.Group).ToList();
        }

        public IReadOnlyList<PlanItem> Items { get; }
        /// <summary>The revision the service is to run, and what to register (null in plans without a task definition).</summary>
        public TaskDefinitionDecision? TaskDefinition { get; set; }
        /// <summary>What the run should warn about before it changes anything (e.g. a file edit that rolls back a rollout).</summary>
        public IReadOnlyList<string> Warnings { get; set; } = new string[0];

        /// <summary>
        /// The groups the applier converges (with the groups they depend on, which it only reads unless the plan changes
        /// them): every group for an app; the endpoint's for an endpoint's own plan (StackPlanner.PlanEndpoint).
        /// </summary>
        public IReadOnlyCollection<ResourceGroup> Scope { get; set; } = (ResourceGroup[])Enum.GetValues(typeof(ResourceGroup));

        /// <summary>True when the run would make no mutating call.</summary>
        public bool IsNoOp => Items.All(i => i.Action == PlanAction.Keep);

        public IEnumerable<PlanItem> ItemsOf(ResourceGroup group) => Items.Where(i => i.Group == group);

        /// <summary>The heaviest action in the group (Keep when the group has no items).</summary>
        public PlanAction ActionOf(ResourceGroup group) =>
            ItemsOf(group).Select(i => i.Action).DefaultIfEmpty(PlanAction.Keep).Max();

        public IEnumerable<ResourceGroup> Groups => Items.Select(i => i.Group).Distinct();

        /// <summary>Items that change something, i.e. everything except Keep.</summary>
        public IEnumerable<PlanItem> Changes => Items.Where(i => i.Action != PlanAction.Keep);

        /// <summary>
        /// Groups each group needs finished first. The certificate needs nothing and is started first because its
        /// validation is the longest wait; only the HTTPS listener (in LoadBalancer) waits for it to be issued.
        /// </summary>
        public static IReadOnlyList<ResourceGroup> DependsOn(ResourceGroup group) => group switch
        {
            ResourceGroup.Network => new ResourceGroup[0],
            ResourceGroup.Certificate => new ResourceGroup[0],
            ResourceGroup.Iam => new ResourceGroup[0],
            ResourceGroup.Logs => new ResourceGroup[0],
            ResourceGroup.SecurityGroups => new[] { ResourceGroup.Network },
            ResourceGroup.LoadBalancer => new[] { ResourceGroup.Network, ResourceGroup.SecurityGroups, ResourceGroup.Certificate },
            ResourceGroup.Dns => new[] { ResourceGroup.LoadBalancer },
            ResourceGroup.Compute => new[] { ResourceGroup.Network, ResourceGroup.SecurityGroups, ResourceGroup.Iam },
            ResourceGroup.Cluster => new[] { ResourceGroup.Compute },
            ResourceGroup.TaskDefinition => new[] { ResourceGroup.Iam, ResourceGroup.Logs },
            ResourceGroup.Service => new[] { ResourceGroup.Cluster, ResourceGroup.TaskDefinition, ResourceGroup.LoadBalancer },
            ResourceGroup.TaskScaling => new[] { ResourceGroup.Service, ResourceGroup.LoadBalancer },
            // Last: an old name or certificate goes only once the new ones serve, a spare copy once the one in use is complete.
            ResourceGroup.Cleanup => Enum.GetValues(typeof(ResourceGroup)).Cast<ResourceGroup>().Where(g => g != ResourceGroup.Cleanup).ToArray(),
            _ => throw new ArgumentOutOfRangeException(nameof(group)),
        };

        /// <summary>The plan as text, one line per resource, grouped (what -WhatIf prints).</summary>
        public string Format()
        {
            var text = new StringBuilder();
            foreach (var group in Groups)
            {
                text.Append(group).Append(" (").Append(ActionOf(group)).AppendLine(")");
                foreach (var item in ItemsOf(group)) text.Append("  ").AppendLine(item.Description);
            }
            return text.ToString();
        }

        public override string ToString() => Format();
    }
}
