using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack.Planning;
using AoTech.Ecs.Waiting;
using Acm = AoTech.Ecs.Aws.Services.Acm;
using Asg = AoTech.Ecs.Aws.Services.AutoScaling;
using Ec2 = Amazon.EC2.Model;
using EcsApi = AoTech.Ecs.Aws.Services.Ecs;
using Elb = AoTech.Ecs.Aws.Services.Elb;
using Iam = AoTech.Ecs.Aws.Services.Iam;
using Logs = AoTech.Ecs.Aws.Services.Logs;
using R53 = AoTech.Ecs.Aws.Services.Route53;

namespace AoTech.Ecs.Stack.Converge
{
    // Capacity (launch template, Auto Scaling group, capacity provider) and the cluster.
    public sealed partial class StackApplier
    {
        // ---------------------------------------------------------------- compute

        private async Task ComputeAsync(bool mutate, CancellationToken ct)
        {
            Outputs.LaunchTemplateId = _found.LaunchTemplate?.Id;
            var asg = _found.AutoScalingGroup != null && _found.AutoScalingGroup.Status == null ? _found.AutoScalingGroup : null;
            Outputs.AutoScalingGroupArn = asg?.Arn;
            if (!mutate) return;

            var instanceSg = Require(Outputs.InstanceSecurityGroupId, ResourceGroup.Compute, "the instance security group");
            var ami = Require(_inputs.AmiId, ResourceGroup.Compute, "the ECS-optimised AMI id");
            var data = new Ec2.RequestLaunchTemplateData
            {
                ImageId = ami,
                InstanceType = _spec.InstanceType,
                IamInstanceProfile = new Ec2.LaunchTemplateIamInstanceProfileSpecificationRequest { Name = _names.InstanceProfile },
                // No KeyName, ever: shell access goes through Session Manager (see Stack/Hardening).
                UserData = Convert.ToBase64String(Encoding.UTF8.GetBytes(_inputs.UserData)),
                // IMDSv2 only, and a hop limit of 1: a container on a bridge network is one hop further and gets no
                // token, so it cannot reach the instance role even if the metadata block in the user data were missing.
                // The ECS agent runs in the host's network and tasks get their credentials from 169.254.170.2.
                MetadataOptions = new Ec2.LaunchTemplateInstanceMetadataOptionsRequest
                {
                    HttpTokens = "required",
                    HttpEndpoint = "enabled",
                    HttpPutResponseHopLimit = StackDefaults.MetadataHopLimit,
                },
                BlockDeviceMappings = new List<Ec2.LaunchTemplateBlockDeviceMappingRequest>
                {
                    new Ec2.LaunchTemplateBlockDeviceMappingRequest
                    {
                        DeviceName = StackDefaults.RootDeviceName,
                        Ebs = new Ec2.LaunchTemplateEbsBlockDeviceRequest
                        {
                            VolumeType = StackDefaults.RootVolumeType,
                            VolumeSize = StackDefaults.RootVolumeSizeGiB,
                            Encrypted = true,
                            DeleteOnTermination = true,
                        },
                    },
                },
                TagSpecifications = new List<Ec2.LaunchTemplateTagSpecificationRequest>
                {
                    new Ec2.LaunchTemplateTagSpecificationRequest { ResourceType = "instance", Tags = AwsCalls.Ec2Tags(_endpointTags, _names.EndpointName + " container instance") },
                    new Ec2.LaunchTemplateTagSpecificationRequest { ResourceType = "volume", Tags = AwsCalls.Ec2Tags(_endpointTags, _names.EndpointName + " container instance") },
                },
            };

            // Private layout: the interface is named so that it can say "no public IP" (its groups then go with it).
            if (_inputs.Network?.IsPrivate == true)
                data.NetworkInterfaces = new List<Ec2.LaunchTemplateInstanceNetworkInterfaceSpecificationRequest>
                {
                    new Ec2.LaunchTemplateInstanceNetworkInterfaceSpecificationRequest
                    {
                        DeviceIndex = 0,
                        AssociatePublicIpAddress = false,
                        Groups = new List<string> { instanceSg },
                        DeleteOnTermination = true,
                    },
                };
            else
                data.SecurityGroupIds = new List<string> { instanceSg };

            var lt = _found.LaunchTemplate;
            if (lt == null)
            {
                try
                {
                    var created = await Ec2Async("CreateLaunchTemplate", (c, t) => c.CreateLaunchTemplateAsync(new Ec2.CreateLaunchTemplateRequest
                    {
                        LaunchTemplateName = _names.LaunchTemplate,
                        // The name is unique already (a repeat fails with AlreadyExists, adopted below); the token makes AWS
                        // answer a repeat of this very call with the template it made.
                        ClientToken = AwsCalls.ClientToken(_names.App, "launch-template", _runId),
                        LaunchTemplateData = data,
                        TagSpecifications = AwsCalls.TagSpecifications("launch-template", _endpointTags, _names.LaunchTemplate),
                    }, t), ct).ConfigureAwait(false);
                    Outputs.LaunchTemplateId = created.LaunchTemplate.LaunchTemplateId;
                    Record($"Created launch template {_names.LaunchTemplate}");
                }
                catch (AwsServiceException ex) when (ex.ErrorCode == "InvalidLaunchTemplateName.AlreadyExistsException")
                {
                    var again = await Ec2Async("DescribeLaunchTemplates", (c, t) => c.DescribeLaunchTemplatesAsync(
                        new Ec2.DescribeLaunchTemplatesRequest { LaunchTemplateNames = new List<string> { _names.LaunchTemplate } }, t), ct).ConfigureAwait(false);
                    Outputs.LaunchTemplateId = again.LaunchTemplates.OrEmpty().First().LaunchTemplateId;
                }
            }
            else if (ActionOf("launch template") == PlanAction.Change)
            {
                // The Auto Scaling group follows $Latest: new instances get the new version; the instance refresh below
                // replaces the running ones.
                await Ec2Async("CreateLaunchTemplateVersion", (c, t) => c.CreateLaunchTemplateVersionAsync(new Ec2.CreateLaunchTemplateVersionRequest
                {
                    LaunchTemplateId = lt.Id,
                    // A repeated call (lost answer) must not add a second version.
                    ClientToken = AwsCalls.ClientToken(_names.App, "launch-template-version", lt.Id, lt.LatestVersion.ToString(), _runId),
                    LaunchTemplateData = data,
                }, t), ct).ConfigureAwait(false);
                Record($"New version of launch template {_names.LaunchTemplate}");
            }
            var ltId = Outputs.LaunchTemplateId!;

            var tagList = _endpointTags.Select(t => new Asg.Tag
            {
                Key = t.Key, Value = t.Value, PropagateAtLaunch = true, ResourceId = _names.AutoScalingGroup, ResourceType = "auto-scaling-group",
            }).ToList();
            var zones = string.Join(",", Outputs.InstanceSubnetIds);
            if (asg == null)
            {
                // Auto Scaling refuses a brand-new instance profile ("Invalid IAM Instance Profile name") until IAM has propagated it.
                await _waiter.RetryAsync("CreateAutoScalingGroup", () => AwsCalls.Tolerate(() => _aws.SendAsync(new Asg.CreateAutoScalingGroupRequest
                    {
                        AutoScalingGroupName = _names.AutoScalingGroup,
                        LaunchTemplate = new Asg.LaunchTemplateSpecification { LaunchTemplateId = ltId, Version = "$Latest" },
                        MinSize = _spec.MinSize,
                        MaxSize = _spec.MaxSize,
                        DesiredCapacity = _spec.MinSize,
                        VPCZoneIdentifier = zones,
                        // Managed termination protection: ECS decides which instances may go on scale-in.
                        NewInstancesProtectedFromScaleIn = true,
                        Tags = tagList,
                    }, ct), "AlreadyExists"),
                    ct, _waits.IamPropagationRule).ConfigureAwait(false);
                Record($"Created Auto Scaling group {_names.AutoScalingGroup}");
                var groups = await _aws.SendAsync(new Asg.DescribeAutoScalingGroupsRequest { AutoScalingGroupNames = new List<string> { _names.AutoScalingGroup } }, ct)
                    .ConfigureAwait(false);
                Outputs.AutoScalingGroupArn = groups.AutoScalingGroups.OrEmpty().First().AutoScalingGroupARN;
            }
            else if (ActionOf("Auto Scaling group") == PlanAction.Change)
            {
                await _waiter.RetryAsync("UpdateAutoScalingGroup", () => _aws.SendAsync(new Asg.UpdateAutoScalingGroupRequest
                    {
                        AutoScalingGroupName = _names.AutoScalingGroup,
                        LaunchTemplate = new Asg.LaunchTemplateSpecification { LaunchTemplateId = ltId, Version = "$Latest" },
                        MinSize = _spec.MinSize,
                        MaxSize = _spec.MaxSize,
                        VPCZoneIdentifier = zones,
                        NewInstancesProtectedFromScaleIn = true,
                    }, ct),
                    ct, _waits.IamPropagationRule).ConfigureAwait(false);
                Record($"Updated Auto Scaling group {_names.AutoScalingGroup}");
            }
            var asgArn = Outputs.AutoScalingGroupArn!;
            if (ActionOf("instance refresh") == PlanAction.Change) await StartInstanceRefreshAsync(ct).ConfigureAwait(false);

            var scaling = new EcsApi.ManagedScaling { Status = "ENABLED", TargetCapacity = StackDefaults.CapacityTargetPercent };
            var provider = _found.CapacityProvider;
            if (provider != null && provider.IsBeingDeleted)
            {
                // An earlier Remove-AoEcsApp (cut off, or still finishing) is deleting it: its name is free only at the end.
                _reporter.Verbose($"Capacity provider {_names.CapacityProvider} is still being deleted; waiting before creating it again");
                await CapacityProviderDeletion.WaitGoneAsync(_aws, _waiter, _waits, _names.CapacityProvider, ct).ConfigureAwait(false);
                provider = null;
            }
            if (provider == null || provider.Status != "ACTIVE")
            {
                try
                {
                    await WithEcsRoleAsync("CreateCapacityProvider", () => _aws.SendAsync(new EcsApi.CreateCapacityProviderRequest
                    {
                        Name = _names.CapacityProvider,
                        AutoScalingGroupProvider = new EcsApi.AutoScalingGroupProvider
                        {
                            AutoScalingGroupArn = asgArn,
                            ManagedScaling = scaling,
                            ManagedTerminationProtection = "ENABLED",
                        },
                        Tags = EcsTags(),
                    }, ct), ct).ConfigureAwait(false);
                    Record($"Created capacity provider {_names.CapacityProvider}");
                }
                catch (AwsServiceException ex) when (AwsAnswers.IsCapacityProviderTaken(ex))
                {
                    // Made by a run that stopped before discovery could see it, or a retried call whose answer was lost.
                    _reporter.Verbose($"Capacity provider {_names.CapacityProvider} already exists: adopted");
                }
            }
            else if (provider.AutoScalingGroupArn != asgArn)
            {
                throw new AoEcsException(StackErrorIds.CapacityProviderMismatch, AoErrorKind.ResourceExists,
                    $"Capacity provider {_names.CapacityProvider} points at another Auto Scaling group ({provider.AutoScalingGroupArn}); " +
                    "a capacity provider's group cannot change. Remove the app (Remove-AoEcsApp) and create it again.", _names.CapacityProvider);
            }
            else if (ActionOf("capacity provider") == PlanAction.Change)
            {
                await _aws.SendAsync(new EcsApi.UpdateCapacityProviderRequest
                {
                    Name = _names.CapacityProvider,
                    AutoScalingGroupProvider = new EcsApi.AutoScalingGroupProviderUpdate { ManagedScaling = scaling, ManagedTerminationProtection = "ENABLED" },
                }, ct).ConfigureAwait(false);
                Record($"Updated capacity provider {_names.CapacityProvider}");
            }
        }

        /// <summary>Set once this run has asked IAM for the ECS service-linked role.</summary>
        private Task? _serviceLinkedRole;
        private readonly object _serviceLinkedRoleLock = new object();

        /// <summary>
        /// An ECS call that needs the ECS service-linked role (AWSServiceRoleForECS). An account that has never used ECS has
        /// none: ECS then refuses ("Service Linked Role does not exist" / "Unable to assume the service linked role"); the
        /// role is created (once per run) and the call is retried while IAM propagates the new role, as it is for a new
        /// execution role or instance profile.
        /// </summary>
        private Task<T> WithEcsRoleAsync<T>(string what, Func<Task<T>> call, CancellationToken ct) =>
            _waiter.RetryAsync(what, async () =>
            {
                try
                {
                    return await call().ConfigureAwait(false);
                }
                catch (AwsServiceException ex) when (AwsAnswers.IsServiceLinkedRoleMissing(ex) || AwsAnswers.IsServiceLinkedRoleNotAssumable(ex))
                {
                    await EnsureServiceLinkedRoleAsync(ct).ConfigureAwait(false);
                    throw;
                }
            }, ct, _waits.IamPropagationRule, new RetryRule("ECS has no service-linked role yet", AwsAnswers.IsServiceLinkedRoleMissing, _waits.IamPropagation));

        private Task EnsureServiceLinkedRoleAsync(CancellationToken ct)
        {
            lock (_serviceLinkedRoleLock)
                return _serviceLinkedRole ??= CreateServiceLinkedRoleAsync(ct);
        }

        private async Task CreateServiceLinkedRoleAsync(CancellationToken ct)
        {
            try
            {
                await _aws.SendAsync(new Iam.CreateServiceLinkedRoleRequest { AWSServiceName = StackDefaults.EcsServicePrincipal }, ct).ConfigureAwait(false);
                Record($"Created the ECS service-linked role {StackDefaults.EcsServiceLinkedRole} (the account had none)");
            }
            catch (AwsServiceException ex) when (AwsAnswers.IsServiceLinkedRoleTaken(ex))
            {
                _reporter.Verbose($"The ECS service-linked role {StackDefaults.EcsServiceLinkedRole} exists; IAM is still propagating it");
            }
        }

        /// <summary>ECS tags of an endpoint-level resource (cluster, capacity provider), or of the app's service with <paramref name="appLevel"/>.</summary>
        private List<EcsApi.Tag> EcsTags(IDictionary<string, string>? extra = null, bool appLevel = false)
        {
            var all = new SortedDictionary<string, string>(appLevel ? _tags : _endpointTags, StringComparer.Ordinal);
            if (extra != null) foreach (var pair in extra) all[pair.Key] = pair.Value;
            return all.Select(t => new EcsApi.Tag { Key = t.Key, Value = t.Value }).ToList();
        }

        // ---------------------------------------------------------------- cluster

        private async Task ClusterAsync(bool mutate, CancellationToken ct)
        {
            var cluster = _found.Cluster != null && _found.Cluster.Status == "ACTIVE" ? _found.Cluster : null;
            Outputs.ClusterArn = cluster?.Arn;
            if (!mutate) return;
            // A shared endpoint's cluster is every app's: it records no app's domain.
            var domainTag = _names.IsOnSharedEndpoint ? null : new Dictionary<string, string> { [StackNames.DomainTagKey] = _spec.DomainName };
            if (cluster == null)
            {
                // CreateCluster returns the existing cluster when the name is taken by an active one: safe to repeat.
                var created = await _aws.SendAsync(new EcsApi.CreateClusterRequest { ClusterName = _names.Cluster, Tags = EcsTags(domainTag) }, ct)
                    .ConfigureAwait(false);
                Outputs.ClusterArn = created.Cluster?.ClusterArn;
                Record($"Created ECS cluster {_names.Cluster}");
            }
            else if (!_names.IsOnSharedEndpoint && (!cluster.Tags.TryGetValue(StackNames.DomainTagKey, out var domain) || domain != _spec.DomainName))
            {
                await _aws.SendAsync(new EcsApi.TagResourceRequest { ResourceArn = cluster.Arn, Tags = EcsTags(domainTag) }, ct).ConfigureAwait(false);
            }
            if (cluster == null || !cluster.CapacityProviders.Contains(_names.CapacityProvider) ||
                !(cluster.DefaultStrategy.Count == 1 && cluster.DefaultStrategy[0] == _names.CapacityProvider))
            {
                await WithEcsRoleAsync("PutClusterCapacityProviders", () => _aws.SendAsync(new EcsApi.PutClusterCapacityProvidersRequest
                {
                    Cluster = _names.Cluster,
                    CapacityProviders = new List<string> { _names.CapacityProvider },
                    DefaultCapacityProviderStrategy = Strategy(),
                }, ct), ct).ConfigureAwait(false);
                Record($"Cluster {_names.Cluster} uses capacity provider {_names.CapacityProvider}");
            }
        }

        private List<EcsApi.CapacityProviderStrategyItem> Strategy() => new List<EcsApi.CapacityProviderStrategyItem>
        {
            new EcsApi.CapacityProviderStrategyItem { CapacityProvider = _names.CapacityProvider, Weight = 1, Base = 0 },
        };
    }
}
