using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Stack.Planning;
using Ec2 = Amazon.EC2.Model;

namespace AoTech.Ecs.Stack.Converge.Discovery
{
    /// <summary>What <see cref="SecurityGroupDiscovery"/> found.</summary>
    internal sealed class SecurityGroupsFound
    {
        public SecurityGroupsFound(DiscoveredSecurityGroup? loadBalancer, DiscoveredSecurityGroup? instances, List<DiscoveredExtra> extras,
            IReadOnlyList<string> foreign)
        {
            LoadBalancer = loadBalancer;
            Instances = instances;
            Extras = extras;
            Foreign = foreign;
        }

        public DiscoveredSecurityGroup? LoadBalancer { get; }
        public DiscoveredSecurityGroup? Instances { get; }
        /// <summary>Groups of our names and tag besides those in use.</summary>
        public List<DiscoveredExtra> Extras { get; }
        public IReadOnlyList<string> Foreign { get; }
    }

    /// <summary>The load balancer's and the instances' security groups, with their ingress rules.</summary>
    internal sealed class SecurityGroupDiscovery
    {
        private readonly AwsConnection _aws;
        private readonly StackNames _names;

        public SecurityGroupDiscovery(AwsConnection connection, StackNames names)
        {
            _aws = connection;
            _names = names;
        }

        /// <summary>
        /// Our two security groups in <paramref name="vpcId"/>. Groups of the same names and tag elsewhere (in an extra
        /// VPC of ours, in <paramref name="otherVpcIds"/>, or anywhere when there is no VPC) are extras.
        /// </summary>
        public async Task<SecurityGroupsFound> FindAsync(string? vpcId, IEnumerable<string> otherVpcIds, CancellationToken ct)
        {
            var ownership = new Ownership(_names);
            var extras = new List<DiscoveredExtra>();
            // Without a VPC (teardown of an app on a given network, or a partial one) look the groups up by name and tag alone.
            var filters = new List<Ec2.Filter> { AwsCalls.Filter("group-name", _names.LoadBalancerSecurityGroup, _names.InstanceSecurityGroup) };
            filters.Add(vpcId != null
                ? AwsCalls.Filter("vpc-id", new[] { vpcId }.Concat(otherVpcIds).Distinct().ToArray())
                : AwsCalls.TagFilter(_names.EndpointOwnerTagKey, _names.EndpointName));
            var response = await _aws.Ec2("DescribeSecurityGroups", (c, t) => c.DescribeSecurityGroupsAsync(new Ec2.DescribeSecurityGroupsRequest
            {
                Filters = filters,
            }, t), ct).ConfigureAwait(false);
            var groups = response.SecurityGroups.OrEmpty().OrderByDescending(g => g.VpcId == vpcId).ThenBy(g => g.GroupId, StringComparer.Ordinal).ToList();
            DiscoveredSecurityGroup? Pick(string name)
            {
                var named = groups.Where(g => g.GroupName == name).ToList();
                var group = named.FirstOrDefault();
                if (group == null || !ownership.OursAsEndpoint(AwsCalls.Tag(group.Tags, _names.EndpointOwnerTagKey), "security group " + name)) return null;
                extras.AddRange(named.Skip(1).Where(g => AwsCalls.Tag(g.Tags, _names.EndpointOwnerTagKey) == _names.EndpointName)
                        .Select(g => new DiscoveredExtra(ExtraKind.SecurityGroup, g.GroupId, g.GroupName, g.VpcId)));
                return new DiscoveredSecurityGroup
                {
                    GroupId = group.GroupId,
                    VpcId = group.VpcId,
                    Ingress = group.IpPermissions.OrEmpty().SelectMany(ToRules).ToList(),
                };
            }
            // The instance group first: it refers to the load balancer's, so it has to go first.
            var instances = Pick(_names.InstanceSecurityGroup);
            return new SecurityGroupsFound(Pick(_names.LoadBalancerSecurityGroup), instances, extras, ownership.Foreign);
        }

        internal static IEnumerable<IngressRule> ToRules(Ec2.IpPermission p)
        {
            var from = p.IpProtocol == "-1" ? -1 : AwsCalls.Int(p.FromPort);
            var to = p.IpProtocol == "-1" ? -1 : AwsCalls.Int(p.ToPort);
            foreach (var range in p.Ipv4Ranges.OrEmpty()) yield return new IngressRule(from, to, range.CidrIp, null, p.IpProtocol);
            foreach (var range in p.Ipv6Ranges.OrEmpty()) yield return new IngressRule(from, to, range.CidrIpv6, null, p.IpProtocol);
            foreach (var pair in p.UserIdGroupPairs.OrEmpty()) yield return new IngressRule(from, to, null, pair.GroupId, p.IpProtocol);
        }
    }
}
