using System;
using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Stack.Hardening;
using AoTech.Ecs.Stack.TaskDefinitions;

namespace AoTech.Ecs.Stack.Planning
{
    /// <summary>What the plan is computed from besides discovery: the checked inputs and a few looked-up values.</summary>
    public sealed class PlanInputs
    {
        public PlanInputs(AppSpec spec, StackNames names, DesiredTaskDefinition taskDefinition, string region)
            : this(spec, names, region)
        {
            _taskDefinition = taskDefinition;
        }

        private PlanInputs(AppSpec spec, StackNames names, string region)
        {
            Spec = spec;
            Names = names;
            Region = region;
        }

        /// <summary>
        /// Inputs of an endpoint's own plan (<see cref="StackPlanner.PlanEndpoint"/>): the endpoint-level values on
        /// <paramref name="spec"/>, no app and so no task definition.
        /// </summary>
        public static PlanInputs ForEndpoint(AppSpec spec, StackNames names, string region) => new PlanInputs(spec, names, region);

        /// <summary>
        /// Inputs of a plan of the deployment strategy alone (<see cref="StackPlanner.PlanDeployment"/>, Set-AoEcsApp): the app
        /// as it is, no task definition file.
        /// </summary>
        public static PlanInputs ForDeployment(AppSpec spec, StackNames names, string region, Deployments.DeploymentSettings deployment) =>
            new PlanInputs(spec, names, region) { Deployment = deployment };

        private readonly DesiredTaskDefinition? _taskDefinition;

        public AppSpec Spec { get; }
        public StackNames Names { get; }
        /// <summary>The app's task definition (an app's plan only: an endpoint's plan reads none).</summary>
        public DesiredTaskDefinition TaskDefinition =>
            _taskDefinition ?? throw new InvalidOperationException("An endpoint's plan has no task definition: only an app's plan reads it.");
        public string Region { get; }
        /// <summary>ECS-optimised AMI from SSM; null when not looked up (then the launch template's image is not compared).</summary>
        public string? AmiId { get; set; }
        /// <summary>The instances' user data (see <see cref="Hardening.InstanceUserData"/>).</summary>
        public string UserData { get; set; } = "";
        /// <summary>Availability Zones of the dedicated network's subnets (the first <see cref="StackDefaults.SubnetCount"/> of the region).</summary>
        public IList<string> AvailabilityZones { get; set; } = new List<string>();
        /// <summary>The network layout to converge to (set from discovery; a plan made without it gets the public layout of a given network or a new private one).</summary>
        public NetworkChoice? Network { get; set; }
        /// <summary>The task auto scaling the app is to have (see Scaling.TaskScalingRule.Desired); null: none.</summary>
        public Scaling.TaskScaling? TaskScaling { get; set; }
        /// <summary>
        /// The deployment strategy the app is to have (Deployments.DeploymentSettings.Resolve); null: resolved by the planner
        /// from the spec's request and what the app has.
        /// </summary>
        public Deployments.DeploymentSettings? Deployment { get; set; }
    }

    /// <summary>
    /// Compares the desired stack with what discovery found and says, per resource, Create, Change or Keep.
    /// A resource that refers to one being created is changed too (its reference is not known yet), so changing an input
    /// changes exactly what depends on it. Pure: no AWS calls.
    /// </summary>
    public static class StackPlanner
    {
        public static StackPlan Plan(PlanInputs inputs, DiscoveredStack found)
        {
            var items = new List<PlanItem>();
            var p = new Planner(inputs, found, items);
            p.Network();
            p.SecurityGroups();
            p.Certificate();
            p.Iam();
            p.Logs();
            p.LoadBalancer();
            p.Dns();
            p.Compute();
            p.Cluster();
            p.TaskDefinitionAndService();
            p.TaskScaling();
            p.Cleanup();
            return new StackPlan(items) { TaskDefinition = p.TaskDefinition, Warnings = inputs.TaskDefinition.Warnings.Concat(p.TaskDefinition?.Warnings ?? new string[0]).ToList() };
        }

        /// <summary>
        /// The plan of an endpoint alone (Set-AoEcsEndpoint): the same rules as an app's plan, for what every app on the
        /// endpoint shares and a change of the endpoint can touch: the network it stands in (read, never rebuilt here), who may
        /// reach the load balancer (its security group), and the instances (launch template, Auto Scaling group, instance
        /// refresh, capacity provider). No app-level resource is in it, nor the instances' group, whose rule follows the
        /// apps' ports.
        /// </summary>
        public static StackPlan PlanEndpoint(PlanInputs inputs, DiscoveredStack found)
        {
            var items = new List<PlanItem>();
            var p = new Planner(inputs, found, items);
            p.Network();
            p.LoadBalancerSecurityGroup();
            p.Compute();
            return new StackPlan(items) { Scope = EndpointScope };
        }

        /// <summary>
        /// The plan of an app's deployment strategy alone (Set-AoEcsApp -DeploymentStrategy ...): the same rules as an app's
        /// plan for what the strategy needs (the deployment role, the alternate target group, the production and test listener
        /// rules) and the service's load balancer and deployment configuration. Nothing else of the app is in it.
        /// </summary>
        public static StackPlan PlanDeployment(PlanInputs inputs, DiscoveredStack found)
        {
            var items = new List<PlanItem>();
            var p = new Planner(inputs, found, items);
            p.DeploymentOnly();
            return new StackPlan(items) { Scope = DeploymentScope };
        }

        /// <summary>The groups a deployment strategy's own plan converges (see <see cref="StackPlan.Scope"/>).</summary>
        public static readonly IReadOnlyCollection<ResourceGroup> DeploymentScope = new[]
        {
            ResourceGroup.Iam, ResourceGroup.LoadBalancer, ResourceGroup.Service,
        };

        /// <summary>The groups an endpoint's plan converges (see <see cref="StackPlan.Scope"/>).</summary>
        public static readonly IReadOnlyCollection<ResourceGroup> EndpointScope = new[]
        {
            ResourceGroup.Network, ResourceGroup.SecurityGroups, ResourceGroup.Compute,
        };

        /// <summary>Instance ports the load balancer must reach: the dynamic range, or the fixed host port when one is set.</summary>
        public static (int From, int To) InstancePorts(DesiredTaskDefinition taskDefinition) =>
            InstancePorts(taskDefinition.Request, taskDefinition.Target);

        /// <summary>The same for a task definition's content (the RegisterTaskDefinition shape) and the container behind the load balancer.</summary>
        public static (int From, int To) InstancePorts(System.Text.Json.Nodes.JsonObject request, ContainerSelection target)
        {
            var container = ((System.Text.Json.Nodes.JsonArray)request["containerDefinitions"]!)
                .OfType<System.Text.Json.Nodes.JsonObject>()
                .First(c => (string?)c["name"] == target.ContainerName);
            var mapping = ((System.Text.Json.Nodes.JsonArray)container["portMappings"]!)
                .OfType<System.Text.Json.Nodes.JsonObject>()
                .First(m => (int?)m["containerPort"] == target.ContainerPort);
            var host = (string?)request["networkMode"] == "host"
                ? target.ContainerPort
                : (int?)mapping["hostPort"] ?? 0;
            return host == 0 ? (StackDefaults.DynamicPortFrom, StackDefaults.DynamicPortTo) : (host, host);
        }

        /// <summary>
        /// The instance group's ingress: the app's instance ports from the load balancer's group. A shared endpoint's group is
        /// every app's, so the ports the load balancer may reach for the other apps stay (the union of what the apps need):
        /// an app never revokes another's range.
        /// </summary>
        public static List<IngressRule> DesiredInstanceIngress(PlanInputs inputs, string loadBalancerGroupId, IEnumerable<IngressRule> actual)
        {
            var (from, to) = InstancePorts(inputs.TaskDefinition);
            var desired = new List<IngressRule> { new IngressRule(from, to, null, loadBalancerGroupId) };
            if (inputs.Names.IsOnSharedEndpoint)
                desired.AddRange(actual.Where(r => r.SourceGroupId == loadBalancerGroupId && r.Cidr == null && r.Protocol == "tcp" && !desired.Contains(r)));
            return desired;
        }

        private sealed class Planner
        {
            private readonly PlanInputs _inputs;
            private readonly DiscoveredStack _found;
            private readonly List<PlanItem> _items;
            private readonly StackNames _names;
            private readonly AppSpec _spec;

            public Planner(PlanInputs inputs, DiscoveredStack found, List<PlanItem> items)
            {
                _inputs = inputs;
                _found = found;
                _items = items;
                _names = inputs.Names;
                _spec = inputs.Spec;
            }

            private Deployments.DeploymentSettings? _deployment;

            /// <summary>The strategy the app is to have (see PlanInputs.Deployment).</summary>
            private Deployments.DeploymentSettings Deployment => _deployment ??= Deployments.DeploymentResources.SettingsAfterRun(_inputs, _found);

            /// <summary>Adds Create when the resource is missing; otherwise runs <paramref name="compare"/> (Change if it lists differences, else Keep).</summary>
            private PlanAction Add(ResourceGroup group, string resource, string name, bool exists, Action<List<string>>? compare = null)
            {
                var changes = new List<string>();
                if (exists) compare?.Invoke(changes);
                var action = !exists ? PlanAction.Create : changes.Count > 0 ? PlanAction.Change : PlanAction.Keep;
                _items.Add(new PlanItem(group, resource, name, action, action == PlanAction.Change ? changes : null));
                return action;
            }

            private static void Compare<T>(List<string> changes, string what, T actual, T desired)
            {
                if (!EqualityComparer<T>.Default.Equals(actual, desired)) changes.Add($"{what} {actual} -> {desired}");
            }

            /// <summary>A reference to a resource that will be created: unknown now, so whatever refers to it changes.</summary>
            private static void Reference(List<string> changes, string what, string? actual, string? desiredOrNullIfNew, string newName)
            {
                if (desiredOrNullIfNew == null) changes.Add($"{what} -> new {newName}");
                else if (!string.Equals(actual, desiredOrNullIfNew, StringComparison.Ordinal)) changes.Add($"{what} {actual ?? "(none)"} -> {desiredOrNullIfNew}");
            }

            /// <summary>Subnets the load balancer uses; null when some are still to be created.</summary>
            private IList<string>? _desiredSubnets;
            /// <summary>Subnets the instances use (the Auto Scaling group's); null when some are still to be created.</summary>
            private IList<string>? _desiredInstanceSubnets;

            /// <summary>The layout converged to: what the inputs say, else what the app has, else private (see NetworkChoice).</summary>
            private NetworkChoice _choice = null!;

            public void Network()
            {
                var network = _found.Network;
                _choice = _inputs.Network ?? NetworkChoice.Resolve(_spec, _found);
                if (!_spec.UsesDedicatedNetwork)
                {
                    // Given network: used as is, never changed; preflight checks it can carry the app (NetworkLayout).
                    var layout = network == null ? null
                        : NetworkLayout.Choose(network, _found.LoadBalancer?.SubnetIds, _choice.Network == NetworkPlacement.Public);
                    _desiredSubnets = layout?.LoadBalancerSubnetIds.ToList();
                    _desiredInstanceSubnets = layout?.InstanceSubnetIds.ToList();
                    _items.Add(new PlanItem(ResourceGroup.Network, "existing VPC", network?.VpcId ?? _spec.VpcId ?? "(from subnets)", PlanAction.Keep,
                        new[]
                        {
                            "load balancer in " + string.Join(", ", _desiredSubnets ?? _spec.SubnetIds),
                            "instances in " + string.Join(", ", _desiredInstanceSubnets ?? _spec.SubnetIds),
                        }));
                    return;
                }

                var vpcExists = network != null && !network.IsExisting;
                // A change of layout replaces the instances: new ones start in the other subnets, with or without public IPs.
                Add(ResourceGroup.Network, "VPC", _names.Vpc, vpcExists, c =>
                {
                    if (_choice.ChangesLayout)
                        c.Add($"layout {_choice.Current!.Value.ToString().ToLowerInvariant()} -> {_choice}: a replacement, the instances move to " +
                              (_choice.IsPrivate ? "new private subnets without public IPs" : "the public subnets with public IPs"));
                });

                var subnets = new List<string>();
                for (var i = 0; i < _inputs.AvailabilityZones.Count && i < StackDefaults.SubnetCount; i++)
                {
                    var zone = _inputs.AvailabilityZones[i];
                    var subnet = vpcExists ? network!.Subnets.FirstOrDefault(s => s.AvailabilityZone == zone) : null;
                    Add(ResourceGroup.Network, "subnet", _names.Subnet(zone), subnet != null, c =>
                    {
                        if (!subnet!.MapPublicIpOnLaunch) c.Add("map public IP on launch -> true");
                    });
                    if (subnet != null) subnets.Add(subnet.SubnetId);
                }
                _desiredSubnets = _desiredInstanceSubnets = subnets.Count == StackDefaults.SubnetCount ? subnets : null;

                var gatewayExists = vpcExists && network!.InternetGatewayId != null;
                Add(ResourceGroup.Network, "internet gateway", _names.InternetGateway, gatewayExists, c =>
                {
                    if (!network!.InternetGatewayAttached) c.Add("attach to the VPC");
                });

                var tableExists = vpcExists && network!.RouteTableId != null;
                Add(ResourceGroup.Network, "route table", _names.RouteTable, tableExists, c =>
                {
                    if (!network!.HasDefaultRoute || !gatewayExists) c.Add("route 0.0.0.0/0 -> internet gateway");
                    var missing = _desiredSubnets == null ? 1 : _desiredSubnets.Count(s => !network.AssociatedSubnetIds.Contains(s));
                    if (missing > 0) c.Add("associate the public subnets");
                });

                if (_choice.IsPrivate) _desiredInstanceSubnets = PrivateNetworkRule.Plan(_inputs, _found, _choice, _items);

            }

            private IngressRule[] DesiredLoadBalancerIngress() =>
                _spec.AllowedCidr.SelectMany(cidr => new[]
                {
                    new IngressRule(StackDefaults.HttpsPort, StackDefaults.HttpsPort, cidr, null),
                    new IngressRule(StackDefaults.HttpPort, StackDefaults.HttpPort, cidr, null),
                }).ToArray();

            public void SecurityGroups()
            {
                var vpcId = _found.Network?.VpcId;
                var alb = _found.LoadBalancerSecurityGroup;
                LoadBalancerSecurityGroup();

                var instances = _found.InstanceSecurityGroup;
                var albId = alb != null && alb.VpcId == vpcId ? alb.GroupId : null;
                Add(ResourceGroup.SecurityGroups, "security group", _names.InstanceSecurityGroup, instances != null && instances.VpcId == vpcId,
                    c => c.AddRange(albId == null
                        ? new List<string> { "ingress from the new load balancer group" }
                        : RuleChanges(instances!.Ingress, DesiredInstanceIngress(_inputs, albId, instances.Ingress))));
            }

            /// <summary>Who may reach the load balancer: -AllowedCidr on 443, and on 80 for the redirect.</summary>
            public void LoadBalancerSecurityGroup()
            {
                var alb = _found.LoadBalancerSecurityGroup;
                Add(ResourceGroup.SecurityGroups, "security group", _names.LoadBalancerSecurityGroup, alb != null && alb.VpcId == _found.Network?.VpcId,
                    c => c.AddRange(RuleChanges(alb!.Ingress, DesiredLoadBalancerIngress())));
            }

            private static List<string> RuleChanges(IList<IngressRule> actual, IList<IngressRule> desired)
            {
                var changes = desired.Where(r => !actual.Contains(r)).Select(r => "allow " + r).ToList();
                changes.AddRange(actual.Where(r => !desired.Contains(r)).Select(r => "revoke " + r));
                return changes;
            }

            private bool _certificateIsNew;

            public void Certificate()
            {
                var certificate = _found.Certificate != null && _found.Certificate.IsUsable ? _found.Certificate : null;
                _certificateIsNew = certificate == null;
                if (certificate?.IsReused == true)
                {
                    // Another app's certificate on the endpoint's listener covers the host: nothing to request or validate.
                    _items.Add(new PlanItem(ResourceGroup.Certificate, "certificate", _spec.DomainName, PlanAction.Keep,
                        new[] { $"reuses {certificate.Arn} ({certificate.DomainName}), which the endpoint's listener serves" }));
                    return;
                }
                var action = Add(ResourceGroup.Certificate, "certificate", _spec.DomainName, certificate != null);
                if (action == PlanAction.Keep && certificate!.Status != "ISSUED")
                {
                    _items.RemoveAt(_items.Count - 1);
                    _items.Add(new PlanItem(ResourceGroup.Certificate, "certificate", _spec.DomainName, PlanAction.Keep,
                        new[] { certificate.Status + ": wait for validation" }));
                }

                var options = certificate?.ValidationOptions.Where(o => o.RecordName != null).ToList() ?? new List<DiscoveredValidationOption>();
                if (certificate == null || options.Count == 0)
                {
                    if (certificate == null || certificate.Status != "ISSUED")
                        Add(ResourceGroup.Certificate, "DNS validation record", "for " + _spec.DomainName, exists: false);
                    return;
                }
                foreach (var option in options.GroupBy(o => o.RecordName).Select(g => g.First()))
                {
                    var record = _found.ValidationRecords.FirstOrDefault(r => SameDnsName(r.Name, option.RecordName!) && r.Type == "CNAME");
                    Add(ResourceGroup.Certificate, "DNS validation record", TrimDot(option.RecordName!), record != null, c =>
                    {
                        if (!record!.Values.Any(v => SameDnsName(v, option.RecordValue ?? ""))) c.Add("value -> " + option.RecordValue);
                    });
                }
            }

            public void Iam()
            {
                var boundary = string.IsNullOrEmpty(_spec.PermissionsBoundary) ? null : _spec.PermissionsBoundary;
                var instanceRole = _found.InstanceRole;
                var instancePolicies = HardeningRules.InstanceRolePolicies(_spec, _inputs.Region);
                Add(ResourceGroup.Iam, "IAM role", _names.InstanceRole, instanceRole != null, c =>
                {
                    HardeningRules.CompareRole(c, instanceRole!, instancePolicies, new[] { StackDefaults.SessionManagerPolicyArn(_inputs.Region) },
                        exclusive: false, inlineDocument: null, boundary);
                    if (instanceRole!.TrustedService != null && instanceRole.TrustedService != StackDefaults.Ec2Principal)
                        c.Add("trust " + StackDefaults.Ec2Principal);
                });
                var profile = _found.InstanceProfile;
                Add(ResourceGroup.Iam, "instance profile", _names.InstanceProfile, profile != null, c =>
                {
                    if (!profile!.RoleNames.Contains(_names.InstanceRole)) c.Add("add role " + _names.InstanceRole);
                });
                var executionRole = _found.ExecutionRole;
                Add(ResourceGroup.Iam, "IAM role", _names.ExecutionRole, executionRole != null, c =>
                {
                    HardeningRules.CompareRole(c, executionRole!, new[] { StackDefaults.ExecutionPolicyArn(_inputs.Region) }, new string[0],
                        exclusive: false, inlineDocument: null, boundary);
                    if (executionRole!.TrustedService != null && executionRole.TrustedService != StackDefaults.EcsTasksPrincipal)
                        c.Add("trust " + StackDefaults.EcsTasksPrincipal);
                });
                // The app's own task role: exactly -TaskRolePolicy's permissions, none without it.
                var taskRole = _found.TaskRole;
                var permissions = _spec.TaskRolePermissions;
                Add(ResourceGroup.Iam, "IAM role", _names.TaskRole, taskRole != null, c =>
                {
                    HardeningRules.CompareRole(c, taskRole!, permissions.ManagedPolicyArns.ToList(), new string[0],
                        exclusive: true, permissions.InlineDocument, boundary);
                    if (taskRole!.TrustedService != null && taskRole.TrustedService != StackDefaults.EcsTasksPrincipal)
                        c.Add("trust " + StackDefaults.EcsTasksPrincipal);
                });
                DeploymentRole(boundary);
            }

            /// <summary>The role ECS assumes to move the listener rules (blue/green family); it stays when the app goes back to Rolling.</summary>
            private void DeploymentRole(string? boundary)
            {
                if (!Deployment.IsBlueGreenFamily) return;
                var deploymentRole = _found.DeploymentRole;
                Add(ResourceGroup.Iam, "IAM role", _names.DeploymentRole, deploymentRole != null, c =>
                {
                    HardeningRules.CompareRole(c, deploymentRole!, new[] { Deployments.DeploymentResources.LoadBalancerPolicyArn(_inputs.Region) },
                        new string[0], exclusive: false, inlineDocument: null, boundary);
                    if (deploymentRole!.TrustedService != null && deploymentRole.TrustedService != StackDefaults.EcsServicePrincipal)
                        c.Add("trust " + StackDefaults.EcsServicePrincipal);
                });
            }

            public void Logs()
            {
                var group = _found.LogGroup;
                Add(ResourceGroup.Logs, "log group", _names.LogGroup, group != null, c =>
                {
                    if (group!.RetentionInDays != _spec.LogRetentionDays)
                        c.Add($"retention {(group.RetentionInDays?.ToString() ?? "never expire")} -> {_spec.LogRetentionDays} days");
                });
            }

            private bool _loadBalancerIsNew;
            private bool _targetGroupIsNew;
            private bool _alternateIsNew;

            /// <summary>The blue/green family's second target group: the same protocol, port, VPC, target type and health check.</summary>
            private void AlternateTargetGroup(string? vpcId)
            {
                var alternate = _found.AlternateTargetGroup;
                _alternateIsNew = alternate == null || vpcId == null || alternate.VpcId != vpcId;
                // Made for the blue/green family; once there, converged as the first whatever the strategy (a Rolling service may be on it).
                if (Deployment.IsBlueGreenFamily || !_alternateIsNew)
                    Add(ResourceGroup.LoadBalancer, "target group", _names.AlternateTargetGroup, !_alternateIsNew, c => CompareTargetGroup(c, alternate!));
            }

            /// <summary>
            /// What the deployment strategy needs of an existing app (see <see cref="PlanDeployment"/>): the app's other
            /// resources are read as they are, never planned.
            /// </summary>
            public void DeploymentOnly()
            {
                // The VPC the load balancer is in (the app's own or one it was given).
                var vpcId = _found.LoadBalancer?.VpcId ?? _found.Network?.VpcId;
                _certificateIsNew = _found.Certificate == null || !_found.Certificate.IsUsable;
                _loadBalancerIsNew = _found.LoadBalancer == null;
                _targetGroupIsNew = _found.TargetGroup == null || vpcId == null || _found.TargetGroup.VpcId != vpcId;
                DeploymentRole(string.IsNullOrEmpty(_spec.PermissionsBoundary) ? null : _spec.PermissionsBoundary);
                AlternateTargetGroup(vpcId);
                if (Deployment.IsBlueGreenFamily || Deployments.DeploymentResources.ProductionRule(_found, _names) != null)
                    AppListenerRules(_loadBalancerIsNew ? null : _found.HttpsListener, _found.TargetGroup, certificates: false);
                var active = _found.Service != null && _found.Service.IsActive ? _found.Service : null;
                Add(ResourceGroup.Service, "ECS service", _names.Service, active != null, c => ServiceLoadBalancer(c, active!));
            }

            private void CompareTargetGroup(List<string> c, DiscoveredTargetGroup tg)
            {
                Compare(c, "health check path", tg.HealthCheckPath, _spec.HealthCheckPath);
                Compare(c, "health check interval", tg.HealthCheckIntervalSeconds, _spec.HealthCheckIntervalSeconds);
                Compare(c, "health check timeout", tg.HealthCheckTimeoutSeconds, _spec.HealthCheckTimeoutSeconds);
                Compare(c, "healthy threshold", tg.HealthyThresholdCount, _spec.HealthyThresholdCount);
                Compare(c, "unhealthy threshold", tg.UnhealthyThresholdCount, _spec.UnhealthyThresholdCount);
                Compare(c, "matcher", tg.Matcher, _spec.HealthCheckMatcher);
                tg.Attributes.TryGetValue(StackDefaults.TargetGroupAttributeDeregistrationDelay, out var delay);
                Compare(c, "deregistration delay", delay, _spec.DeregistrationDelaySeconds.ToString());
            }

            public void LoadBalancer()
            {
                var lb = _found.LoadBalancer;
                _loadBalancerIsNew = lb == null;
                var albSg = _found.LoadBalancerSecurityGroup != null && _found.LoadBalancerSecurityGroup.VpcId == _found.Network?.VpcId
                    ? _found.LoadBalancerSecurityGroup.GroupId : null;
                Add(ResourceGroup.LoadBalancer, "load balancer", _names.LoadBalancer, lb != null, c =>
                {
                    if (_desiredSubnets == null) c.Add("subnets -> the new subnets");
                    else if (!lb!.SubnetIds.SetEquals(_desiredSubnets)) c.Add($"subnets {string.Join(",", lb.SubnetIds)} -> {string.Join(",", _desiredSubnets)}");
                    if (albSg == null) c.Add("security group -> new " + _names.LoadBalancerSecurityGroup);
                    else if (!(lb!.SecurityGroupIds.Count == 1 && lb.SecurityGroupIds.Contains(albSg))) c.Add("security groups -> " + albSg);
                    if (!lb!.Attributes.TryGetValue(StackDefaults.LoadBalancerAttributeDropInvalidHeaders, out var drop) || drop != "true")
                        c.Add("drop invalid header fields -> true");
                });

                var tg = _found.TargetGroup;
                var vpcId = _found.Network?.VpcId;
                // A target group cannot move to another VPC: a new network means a new target group.
                _targetGroupIsNew = tg == null || vpcId == null || tg.VpcId != vpcId;
                Add(ResourceGroup.LoadBalancer, "target group", _names.TargetGroup, !_targetGroupIsNew, c => CompareTargetGroup(c, tg!));
                AlternateTargetGroup(vpcId);

                var https = _loadBalancerIsNew ? null : _found.HttpsListener;
                if (_names.IsOnSharedEndpoint)
                {
                    SharedHttpsListener(https, tg);
                    return;
                }
                Add(ResourceGroup.LoadBalancer, "HTTPS listener", _names.LoadBalancer + ":443", https != null, c =>
                {
                    Reference(c, "certificate", https!.CertificateArn, _certificateIsNew ? null : _found.Certificate!.Arn, "certificate");
                    Compare(c, "TLS policy", https.SslPolicy, StackDefaults.SslPolicy);
                    // Either of the app's target groups is as asked (ECS moves traffic between them, the stack never does).
                    var forward = https.DefaultActionType == "forward" ? https.ForwardTargetGroupArn : https.DefaultActionType;
                    Reference(c, "forward to", forward, _targetGroupIsNew ? null
                        : Deployments.DeploymentResources.IsAppTargetGroup(_found, forward) ? forward : tg!.Arn, _names.TargetGroup);
                });

                HttpListener();
                // A standalone app routes by its listener's default action; a blue/green-family strategy needs a listener rule
                // for ECS to move (its production rule), which stays once made.
                if (Deployment.IsBlueGreenFamily || Deployments.DeploymentResources.ProductionRule(_found, _names) != null)
                    AppListenerRules(https, tg, certificates: false);
            }

            private void HttpListener()
            {
                var http = _loadBalancerIsNew ? null : _found.HttpListener;
                Add(ResourceGroup.LoadBalancer, "HTTP listener", _names.LoadBalancer + ":80", http != null, c =>
                {
                    if (http!.DefaultActionType != "redirect" || http.RedirectProtocol != "HTTPS" || http.RedirectPort != "443" ||
                        http.RedirectStatusCode != "HTTP_301")
                        c.Add("default action -> redirect to HTTPS (301)");
                });
            }

            /// <summary>
            /// A shared endpoint's HTTPS listener answers 404 by default and keeps the certificate it has (the first app's); each
            /// app adds its rule and its certificate (SNI), placed among the other apps' (see Endpoints.RouteConverger).
            /// </summary>
            private void SharedHttpsListener(DiscoveredListener? https, DiscoveredTargetGroup? tg)
            {
                HttpListener();
                Add(ResourceGroup.LoadBalancer, "HTTPS listener", _names.LoadBalancer + ":443", https != null, c =>
                {
                    if (string.IsNullOrEmpty(https!.CertificateArn)) c.Add("certificate -> the app's certificate");
                    Compare(c, "TLS policy", https.SslPolicy, StackDefaults.SslPolicy);
                    if (https.DefaultActionType != "fixed-response" || https.FixedResponseStatusCode != StackDefaults.EndpointDefaultStatusCode)
                        c.Add($"default action -> fixed response {StackDefaults.EndpointDefaultStatusCode}");
                });
                AppListenerRules(https, tg, certificates: true);
            }

            /// <summary>
            /// The app's rule on the HTTPS listener (its production rule) and, with a blue/green-family strategy, its test rule.
            /// Quotas and shadowing are checked here, before any change, against the routes the listener has (none when it is
            /// new); what is not made yet (target group, certificate) stands in by name. The applier plans again (on a shared
            /// endpoint under its lock) with the real ARNs. With <paramref name="certificates"/> (a shared endpoint) the app's
            /// certificate is served by SNI and those of a domain it left come off.
            /// </summary>
            private void AppListenerRules(DiscoveredListener? https, DiscoveredTargetGroup? tg, bool certificates)
            {
                var certificate = _certificateIsNew ? "(new certificate for " + _spec.DomainName + ")" : _found.Certificate!.Arn;
                // A new listener takes the app's certificate as its default.
                var routes = https == null || _found.Routes == null ? new Endpoints.ListenerRoutes { DefaultCertificateArn = certificate } : _found.Routes;
                var targetGroup = _targetGroupIsNew ? "(new target group " + _names.TargetGroup + ")" : tg!.Arn;
                // A blue/green-family app's production rule carries both target groups; the test rule forwards to the idle one.
                var other = !Deployment.IsBlueGreenFamily ? null
                    : _alternateIsNew ? "(new target group " + _names.AlternateTargetGroup + ")" : _found.AlternateTargetGroup!.Arn;
                var plan = Endpoints.RouteConverger.Plan(_names.EndpointName, routes, _spec.Route, targetGroup, certificate, other);
                var steps = (certificates ? plan.Steps.Concat(Endpoints.RouteConverger.CertificatesLeft(routes, _found.Extras)
                        .Select(c => $"Remove certificate {c.Id} ({c.Name}, a domain the app left) from the HTTPS listener"))
                        .Concat(_found.CertificateHandOvers.Select(h => h.ToString()))
                    : plan.Steps.Where(step => !step.StartsWith("Add certificate", StringComparison.Ordinal))).ToList();
                _items.Add(new PlanItem(ResourceGroup.LoadBalancer, "listener rule", _spec.Route.ToString(),
                    steps.Count == 0 ? PlanAction.Keep : plan.RuleAction == PlanAction.Keep ? PlanAction.Change : plan.RuleAction,
                    steps));
                _productionRuleIsNew = plan.Existing == null;
                var live = plan.Existing?.TargetGroupArn ?? targetGroup;
                var test = Deployments.TestRulePlan.Plan(routes, _spec.Route, Deployment.IsBlueGreenFamily ? Deployment.TestHeader : null,
                    plan.Placement.Priority, Deployments.DeploymentResources.OtherTargetGroup(live, targetGroup, other) ?? targetGroup);
                _testRule = test;
                if (test.Header != null || test.Existing != null)
                    _items.Add(new PlanItem(ResourceGroup.LoadBalancer, "test listener rule", _spec.Route + " " + (test.Header ?? test.Existing!.Header),
                        test.Action, test.Steps));
            }

            private bool _productionRuleIsNew = true;
            private Deployments.TestRulePlan? _testRule;

            public void Dns()
            {
                var alias = _found.AliasRecord;
                Add(ResourceGroup.Dns, "alias record", _spec.DomainName, alias != null, c =>
                {
                    if (_loadBalancerIsNew) c.Add("target -> the new load balancer");
                    else if (!SameDnsName(StripDualStack(alias!.AliasDnsName ?? ""), _found.LoadBalancer!.DnsName) ||
                             alias.AliasHostedZoneId != _found.LoadBalancer.CanonicalHostedZoneId)
                        c.Add($"target {alias.AliasDnsName ?? string.Join(",", alias.Values)} -> {_found.LoadBalancer.DnsName}");
                });
            }

            private bool _autoScalingGroupIsNew;

            public void Compute()
            {
                var lt = _found.LaunchTemplate;
                var instanceSg = _found.InstanceSecurityGroup != null && _found.InstanceSecurityGroup.VpcId == _found.Network?.VpcId
                    ? _found.InstanceSecurityGroup.GroupId : null;
                var templateAction = Add(ResourceGroup.Compute, "launch template", _names.LaunchTemplate, lt != null, c =>
                {
                    if (_inputs.AmiId != null) Compare(c, "image (new instances)", lt!.ImageId, _inputs.AmiId);
                    Compare(c, "instance type", lt!.InstanceType, _spec.InstanceType);
                    if (_found.InstanceProfile == null || lt.InstanceProfileName != _names.InstanceProfile &&
                        lt.InstanceProfileArn != _found.InstanceProfile.Arn)
                        c.Add("instance profile -> " + _names.InstanceProfile);
                    if (instanceSg == null) c.Add("security group -> new " + _names.InstanceSecurityGroup);
                    else if (!(lt.SecurityGroupIds.Count == 1 && lt.SecurityGroupIds[0] == instanceSg)) c.Add("security group -> " + instanceSg);
                    if (lt.UserData != _inputs.UserData)
                        c.Add(lt.UserData == null || !lt.UserData.Contains(InstanceUserData.MetadataBlockChain)
                            ? "user data -> hardened (containers blocked from instance metadata, security updates, ECS agent options)"
                            : "user data -> changed");
                    if (lt.KeyName != null) c.Add($"key pair {lt.KeyName} -> none");
                    if (lt.HttpTokens != "required") c.Add("IMDSv2 -> required");
                    if (lt.MetadataHopLimit != StackDefaults.MetadataHopLimit)
                        c.Add($"metadata hop limit {lt.MetadataHopLimit?.ToString() ?? "(default)"} -> {StackDefaults.MetadataHopLimit} (no token for containers)");
                    // A launch template from before private networks names no interface: in a private subnet that gives
                    // no public IP already, so only a change of layout (or a template asking for one) rewrites it.
                    if (_choice.IsPrivate && (lt.AssociatePublicIpAddress == true || lt.AssociatePublicIpAddress == null && _choice.ChangesLayout))
                        c.Add("network interface -> no public IP");
                    else if (!_choice.IsPrivate && lt.AssociatePublicIpAddress == false) c.Add("network interface -> public IP from the subnet");
                    if (!lt.RootVolumeEncrypted || lt.RootVolumeType != StackDefaults.RootVolumeType) c.Add("root volume -> encrypted gp3");
                });

                var asg = _found.AutoScalingGroup != null && _found.AutoScalingGroup.Status == null ? _found.AutoScalingGroup : null;
                _autoScalingGroupIsNew = asg == null;
                Add(ResourceGroup.Compute, "Auto Scaling group", _names.AutoScalingGroup, asg != null, c =>
                {
                    Reference(c, "launch template", asg!.LaunchTemplateId, lt?.Id, _names.LaunchTemplate);
                    if (asg.LaunchTemplateVersion != "$Latest") c.Add($"launch template version {asg.LaunchTemplateVersion} -> $Latest");
                    Compare(c, "min size", asg.MinSize, _spec.MinSize);
                    Compare(c, "max size", asg.MaxSize, _spec.MaxSize);
                    if (_desiredInstanceSubnets == null) c.Add("subnets -> the new subnets");
                    else if (!asg.SubnetIds.SetEquals(_desiredInstanceSubnets))
                        c.Add($"subnets {string.Join(",", asg.SubnetIds)} -> {string.Join(",", _desiredInstanceSubnets)}");
                    if (!asg.NewInstancesProtectedFromScaleIn) c.Add("protect new instances from scale-in -> true");
                });
                var refresh = _autoScalingGroupIsNew ? null : HardeningRules.InstanceRefresh(_names, lt, asg, templateAction == PlanAction.Change);
                if (refresh != null) _items.Add(refresh);

                // A capacity provider's Auto Scaling group cannot be changed: a new group needs a new provider.
                var cp = _found.CapacityProvider != null && _found.CapacityProvider.Status == "ACTIVE" && !_found.CapacityProvider.IsBeingDeleted &&
                         !_autoScalingGroupIsNew && _found.CapacityProvider.AutoScalingGroupArn == asg!.Arn
                    ? _found.CapacityProvider : null;
                _capacityProviderIsNew = cp == null;
                Add(ResourceGroup.Compute, "capacity provider", _names.CapacityProvider, cp != null, c =>
                {
                    if (!cp!.ManagedScalingEnabled || cp.TargetCapacity != StackDefaults.CapacityTargetPercent)
                        c.Add($"managed scaling -> enabled, target {StackDefaults.CapacityTargetPercent}%");
                    if (!cp.ManagedTerminationProtection) c.Add("managed termination protection -> enabled");
                });
            }

            private bool _capacityProviderIsNew;
            private bool _clusterIsNew;

            public void Cluster()
            {
                var cluster = _found.Cluster != null && _found.Cluster.Status == "ACTIVE" ? _found.Cluster : null;
                _clusterIsNew = cluster == null;
                Add(ResourceGroup.Cluster, "ECS cluster", _names.Cluster, cluster != null, c =>
                {
                    if (_capacityProviderIsNew || !cluster!.CapacityProviders.Contains(_names.CapacityProvider) ||
                        !(cluster.DefaultStrategy.Count == 1 && cluster.DefaultStrategy[0] == _names.CapacityProvider))
                        c.Add("capacity provider -> " + _names.CapacityProvider);
                    // A shared endpoint's cluster is every app's: it records no app's domain.
                    if (!_names.IsOnSharedEndpoint && (!cluster!.Tags.TryGetValue(StackNames.DomainTagKey, out var domain) || domain != _spec.DomainName))
                        c.Add($"tag {StackNames.DomainTagKey} -> {_spec.DomainName}");
                });
            }

            private TaskDefinitionDecision? _taskDefinition;

            /// <summary>The task definition decision the plan shows, which the applier carries out.</summary>
            public TaskDefinitionDecision? TaskDefinition => _taskDefinition;

            public void TaskDefinitionAndService()
            {
                var desired = _inputs.TaskDefinition;
                var service = _clusterIsNew ? null : _found.Service;
                var decision = TaskDefinitionRule.Decide(desired, service, _found.RunningTaskDefinition, _found.LatestTaskDefinition,
                    _spec.ResetImage);
                _taskDefinition = decision;
                var changes = new List<string>();
                if (decision.Kind == TaskDefinitionDecisionKind.Register && decision.Notes.Count > 0) changes.AddRange(decision.Notes);
                else changes.Add(decision.Reason);
                if (decision.RetagsRevision)
                    changes.Add($"record the applied file in the tags of revision {DiscoveredTaskDefinition.ParseArn(decision.TaskDefinitionArn)?.Revision}");
                _items.Add(new PlanItem(ResourceGroup.TaskDefinition, "task definition", _names.TaskFamily,
                    decision.Kind == TaskDefinitionDecisionKind.Register ? PlanAction.Create
                    : decision.RetagsRevision ? PlanAction.Change : PlanAction.Keep,
                    changes));

                var active = service != null && service.IsActive ? service : null;
                Add(ResourceGroup.Service, "ECS service", _names.Service, active != null, c =>
                {
                    // With auto scaling the count is auto scaling's: only a changed range moves it (TaskScalingRule).
                    Compare(c, "desiredCount", active!.DesiredCount,
                        Scaling.TaskScalingRule.ServiceDesiredCount(_spec.DesiredCount, active.DesiredCount, _inputs.TaskScaling));
                    if (decision.Kind != TaskDefinitionDecisionKind.Keep)
                        c.Add($"task definition {ShortArn(active.TaskDefinitionArn)} -> " +
                              (decision.TaskDefinitionArn == null ? "a new revision" : ShortArn(decision.TaskDefinitionArn)));
                    else if (decision.RecordFileHashOnly)
                        c.Add("record the applied file in tag " + StackNames.TaskDefinitionFileHashTagKey);
                    // Settings the backend does not report are not compared (see DiscoveredService.ReportsCapacity).
                    if (active.ReportsCapacity &&
                        (_capacityProviderIsNew || !(active.CapacityProviders.Count == 1 && active.CapacityProviders[0] == _names.CapacityProvider)))
                        c.Add("capacity provider strategy -> " + _names.CapacityProvider);
                    if (active.CircuitBreakerEnabled == false || active.CircuitBreakerRollback == false)
                        c.Add("deployment circuit breaker -> enabled with rollback");
                    ServiceLoadBalancer(c, active);
                    Compare(c, "load balancer container", $"{active.LoadBalancerContainerName}:{active.LoadBalancerContainerPort}",
                        $"{desired.Target.ContainerName}:{desired.Target.ContainerPort}");
                    if (active.HealthCheckGracePeriodSeconds != null)
                        Compare(c, "health check grace period", active.HealthCheckGracePeriodSeconds, _spec.HealthCheckGracePeriodSeconds);
                });
            }

            /// <summary>
            /// The service's target group, advanced configuration and deployment configuration. ECS moves traffic, the stack never
            /// does: a service on either of the app's target groups keeps it, except that a switch back to Rolling points it at
            /// the live one (what the production rule forwards to).
            /// </summary>
            private void ServiceLoadBalancer(List<string> c, DiscoveredService active)
            {
                var deployment = Deployment;
                var current = Deployments.DeploymentResources.CurrentSettings(_found, _names);
                c.AddRange(deployment.ChangesFrom(current));
                if (current == null && deployment.IsBlueGreenFamily) c.Add("deployment strategy -> " + deployment.EcsStrategy);
                var desiredGroup = _targetGroupIsNew ? null
                    : Deployments.DeploymentResources.ServiceTargetGroup(active, _found.TargetGroup!.Arn, _alternateIsNew ? null : _found.AlternateTargetGroup?.Arn,
                        Deployments.DeploymentResources.LiveTargetGroupArn(_found, _names), deployment);
                _serviceGroup = desiredGroup;
                Reference(c, "target group", active.TargetGroupArn, desiredGroup, _names.TargetGroup);
                if (!deployment.IsBlueGreenFamily)
                {
                    if (active.AdvancedConfiguration != null) c.Add("advanced configuration -> none (Rolling)");
                    return;
                }
                var alternate = Deployments.DeploymentResources.OtherTargetGroup(desiredGroup, _found.TargetGroup?.Arn,
                    _alternateIsNew ? null : _found.AlternateTargetGroup?.Arn);
                var rule = _productionRuleIsNew ? null : Deployments.DeploymentResources.ProductionRule(_found, _names)?.RuleArn;
                var test = _testRule?.Header == null ? null : _testRule.Existing?.RuleArn;
                // What is still to be made (a target group, a rule, the role) has no ARN yet: the service changes with it.
                var desired = Deployments.DeploymentResources.AdvancedConfiguration(alternate, rule, test, _found.DeploymentRole?.Arn);
                var testIsNew = _testRule?.Header != null && _testRule.Action == PlanAction.Create;
                if (testIsNew || !Deployments.DeploymentResources.AdvancedConfigurationAsWanted(active.AdvancedConfiguration, desired))
                    c.Add("advanced configuration -> alternate target group, production" + (_testRule?.Header == null ? "" : " and test") +
                          " listener rule, role " + _names.DeploymentRole);
            }

            /// <summary>The target group the service is to be on (see ServiceLoadBalancer); null until planned, or for a new service.</summary>
            private string? _serviceGroup;

            /// <summary>
            /// The scalable target and policies (Stack/Scaling); the request-count label names the service's target group (the
            /// live one: request scaling goes with Rolling only), unknown while its load balancer or target group is new.
            /// </summary>
            public void TaskScaling()
            {
                var label = _targetGroupIsNew || _loadBalancerIsNew ? null
                    : Scaling.TaskScalingNames.ResourceLabel(_found.LoadBalancer!.Arn, _serviceGroup ?? _found.TargetGroup!.Arn);
                _items.AddRange(Scaling.TaskScalingRule.Plan(Scaling.TaskScalingNames.For(_names), _inputs.TaskScaling, _found.TaskScaling, label));
            }

            /// <summary>
            /// What the app no longer uses (second copies from an older version or a lost answer, the name and certificate
            /// of a domain it moved away from) goes once everything else is in place; what may be someone else's is
            /// reported and kept.
            /// </summary>
            public void Cleanup()
            {
                foreach (var extra in Unused(_inputs, _found))
                {
                    var why = extra.Why ?? "extra copy tagged for " + _names.App;
                    _items.Add(extra.LeftBecause == null
                        ? new PlanItem(ResourceGroup.Cleanup, extra.KindText, extra.Description, PlanAction.Delete, new[] { why })
                        : new PlanItem(ResourceGroup.Cleanup, extra.KindText, extra.Description, PlanAction.Keep,
                            new[] { why, "left in place: " + extra.LeftBecause }));
                }
            }
        }

        /// <summary>
        /// The extras discovery found that the app really does not use (a log group under its name that a container of
        /// the task definition writes to is in use), in the order they go.
        /// </summary>
        public static IReadOnlyList<DiscoveredExtra> Unused(PlanInputs inputs, DiscoveredStack found)
        {
            var written = new HashSet<string>(inputs.TaskDefinition.LogGroups, StringComparer.Ordinal);
            return found.Extras.Where(e => !(e.Kind == ExtraKind.LogGroup && written.Contains(e.Id))).OrderBy(e => e.Kind).ToList();
        }

        internal static string ShortArn(string arn)
        {
            var slash = arn.LastIndexOf('/');
            return slash >= 0 ? arn.Substring(slash + 1) : arn;
        }

        internal static string TrimDot(string name) => name.EndsWith(".", StringComparison.Ordinal) ? name.Substring(0, name.Length - 1) : name;

        internal static bool SameDnsName(string a, string b) =>
            string.Equals(TrimDot(a), TrimDot(b), StringComparison.OrdinalIgnoreCase);

        private static string StripDualStack(string name) =>
            name.StartsWith("dualstack.", StringComparison.OrdinalIgnoreCase) ? name.Substring("dualstack.".Length) : name;
    }
}
