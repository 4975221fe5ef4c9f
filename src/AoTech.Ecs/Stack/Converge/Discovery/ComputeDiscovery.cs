using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Stack.Planning;
using Asg = AoTech.Ecs.Aws.Services.AutoScaling;
using Ec2 = Amazon.EC2.Model;
using EcsApi = AoTech.Ecs.Aws.Services.Ecs;

namespace AoTech.Ecs.Stack.Converge.Discovery
{
    /// <summary>What <see cref="ComputeDiscovery"/> found.</summary>
    internal sealed class ComputeFound
    {
        public ComputeFound(DiscoveredLaunchTemplate? launchTemplate, DiscoveredAutoScalingGroup? autoScalingGroup,
            DiscoveredCapacityProvider? capacityProvider, IReadOnlyList<string> foreign)
        {
            LaunchTemplate = launchTemplate;
            AutoScalingGroup = autoScalingGroup;
            CapacityProvider = capacityProvider;
            Foreign = foreign;
        }

        public DiscoveredLaunchTemplate? LaunchTemplate { get; }
        public DiscoveredAutoScalingGroup? AutoScalingGroup { get; }
        public DiscoveredCapacityProvider? CapacityProvider { get; }
        public IReadOnlyList<string> Foreign { get; }
    }

    /// <summary>The EC2 capacity: launch template, Auto Scaling group, capacity provider.</summary>
    internal sealed class ComputeDiscovery
    {
        private readonly AwsConnection _aws;
        private readonly StackNames _names;

        public ComputeDiscovery(AwsConnection connection, StackNames names)
        {
            _aws = connection;
            _names = names;
        }

        public async Task<ComputeFound> FindAsync(CancellationToken ct)
        {
            var ownership = new Ownership(_names);
            DiscoveredLaunchTemplate? launchTemplate = null;
            DiscoveredAutoScalingGroup? autoScalingGroup = null;
            DiscoveredCapacityProvider? capacityProvider = null;
            // The latest version by template name: one call gives the id, the version number and the data. Ours when the
            // data tags instances for the app (the template's own tags need a second call, DescribeLaunchTemplates).
            var versions = AwsCalls.OrNull(() => _aws.Ec2("DescribeLaunchTemplateVersions", (c, t) => c.DescribeLaunchTemplateVersionsAsync(
                new Ec2.DescribeLaunchTemplateVersionsRequest { LaunchTemplateName = _names.LaunchTemplate, Versions = new List<string> { "$Latest" } }, t), ct),
                "InvalidLaunchTemplateName.NotFoundException", "InvalidLaunchTemplateId.NotFound");
            var groups = _aws.SendAsync(new Asg.DescribeAutoScalingGroupsRequest { AutoScalingGroupNames = new List<string> { _names.AutoScalingGroup } }, ct);
            var providers = _aws.SendAsync(new EcsApi.DescribeCapacityProvidersRequest
            {
                CapacityProviders = new List<string> { _names.CapacityProvider },
                Include = new List<string> { "TAGS" },
            }, ct);

            var latest = (await versions.ConfigureAwait(false))?.LaunchTemplateVersions.OrEmpty().FirstOrDefault();
            var data = latest?.LaunchTemplateData;
            var instanceTags = data?.TagSpecifications.OrEmpty().Where(s => s.ResourceType?.Value == "instance").SelectMany(s => s.Tags.OrEmpty()).ToList();
            if (latest != null && ownership.OursAsEndpoint(AwsCalls.Tag(instanceTags, _names.EndpointOwnerTagKey), "launch template " + _names.LaunchTemplate))
            {
                var root = data?.BlockDeviceMappings.OrEmpty().FirstOrDefault(b => b.DeviceName == StackDefaults.RootDeviceName)?.Ebs;
                launchTemplate = new DiscoveredLaunchTemplate
                {
                    Id = latest.LaunchTemplateId,
                    Name = latest.LaunchTemplateName,
                    LatestVersion = Convert.ToInt64(latest.VersionNumber),
                    ImageId = data?.ImageId,
                    InstanceType = data?.InstanceType?.Value,
                    InstanceProfileName = data?.IamInstanceProfile?.Name,
                    InstanceProfileArn = data?.IamInstanceProfile?.Arn,
                    SecurityGroupIds = data?.SecurityGroupIds.OrEmpty().Count > 0 ? data.SecurityGroupIds
                        : PrimaryInterface(data)?.Groups.OrEmpty() ?? new List<string>(),
                    AssociatePublicIpAddress = PrimaryInterface(data)?.AssociatePublicIpAddress,
                    UserData = DecodeUserData(data?.UserData),
                    HttpTokens = data?.MetadataOptions?.HttpTokens?.Value,
                    MetadataHopLimit = data?.MetadataOptions?.HttpPutResponseHopLimit,
                    RootVolumeEncrypted = root?.Encrypted == true,
                    RootVolumeType = root?.VolumeType?.Value,
                    KeyName = data?.KeyName,
                };
            }

            var group = (await groups.ConfigureAwait(false)).AutoScalingGroups.OrEmpty().FirstOrDefault();
            if (group != null && ownership.OursAsEndpoint(group.Tags.OrEmpty().FirstOrDefault(t => t.Key == _names.EndpointOwnerTagKey)?.Value, "Auto Scaling group " + _names.AutoScalingGroup))
                autoScalingGroup = new DiscoveredAutoScalingGroup
                {
                    Name = group.AutoScalingGroupName ?? "",
                    Arn = group.AutoScalingGroupARN ?? "",
                    LaunchTemplateId = group.LaunchTemplate?.LaunchTemplateId,
                    LaunchTemplateVersion = group.LaunchTemplate?.Version,
                    MinSize = group.MinSize ?? 0,
                    MaxSize = group.MaxSize ?? 0,
                    DesiredCapacity = group.DesiredCapacity ?? 0,
                    SubnetIds = new HashSet<string>((group.VPCZoneIdentifier ?? "").Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()), StringComparer.Ordinal),
                    NewInstancesProtectedFromScaleIn = group.NewInstancesProtectedFromScaleIn == true,
                    Status = group.Status,
                    InstanceCount = group.Instances.OrEmpty().Count,
                    InstanceLaunchTemplateVersions = group.Instances.OrEmpty().Select(i => i.LaunchTemplate?.Version ?? "").ToList(),
                };

            var provider = (await providers.ConfigureAwait(false)).CapacityProviders.OrEmpty().FirstOrDefault(p => p.Name == _names.CapacityProvider);
            if (provider != null && provider.Status != "INACTIVE" &&
                ownership.OursAsEndpoint(provider.Tags.OrEmpty().FirstOrDefault(t => t.Key == _names.EndpointOwnerTagKey)?.Value, "capacity provider " + _names.CapacityProvider))
                capacityProvider = new DiscoveredCapacityProvider
                {
                    Name = provider.Name ?? "",
                    Arn = provider.CapacityProviderArn ?? "",
                    Status = provider.Status ?? "",
                    UpdateStatus = provider.UpdateStatus,
                    AutoScalingGroupArn = provider.AutoScalingGroupProvider?.AutoScalingGroupArn,
                    ManagedScalingEnabled = provider.AutoScalingGroupProvider?.ManagedScaling?.Status == "ENABLED",
                    TargetCapacity = provider.AutoScalingGroupProvider?.ManagedScaling?.TargetCapacity,
                    ManagedTerminationProtection = provider.AutoScalingGroupProvider?.ManagedTerminationProtection == "ENABLED",
                };
            return new ComputeFound(launchTemplate, autoScalingGroup, capacityProvider, ownership.Foreign);
        }

        private static string? DecodeUserData(string? base64)
        {
            if (string.IsNullOrEmpty(base64)) return null;
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            }
            catch (FormatException)
            {
                return base64;
            }
        }

        private static Ec2.LaunchTemplateInstanceNetworkInterfaceSpecification? PrimaryInterface(Ec2.ResponseLaunchTemplateData? data) =>
            data?.NetworkInterfaces.OrEmpty().FirstOrDefault(n => (n.DeviceIndex ?? 0) == 0);
    }
}
