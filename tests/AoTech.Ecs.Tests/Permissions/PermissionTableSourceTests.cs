using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Permissions;
using Xunit;

namespace AoTech.Ecs.Tests.Permissions
{
    /// <summary>
    /// The permission table against the source: every action it grants is one the module's code calls (or one IAM asks
    /// for without a call of its own, with the reason in the row). The recorded-calls check after a Pester run
    /// (tests/PolicyCheck) proves that the calls a run made are allowed; it cannot tell an action no code calls any more
    /// from one a partial run did not reach, so that direction is checked here, against the source, whatever part of the
    /// suite runs. The other direction stays with the recorded calls: code may call operations no cmdlet reaches yet.
    /// </summary>
    public class PermissionTableSourceTests
    {
        private static readonly Lazy<string> Source = new Lazy<string>(() => string.Join("\n",
            Directory.EnumerateFiles(Path.Combine(Infrastructure.RepositoryPaths.Root(), "src"), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar) &&
                            !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar))
                .Select(File.ReadAllText)));

        /// <summary>
        /// The IAM actions the source can call: the module's own request classes it constructs ([AwsOperation] types,
        /// "new XRequest"), and the AWS SDK operations it calls (EC2, SSM, STS: "new Ec2.XRequest" where the SDK client has
        /// an XAsync operation).
        /// </summary>
        private static HashSet<string> CalledActions(string source)
        {
            var actions = new HashSet<string>(StringComparer.Ordinal);
            // Services share class names (Elb and AutoScaling both have DescribeTagsRequest): a qualified "new Q.Name"
            // counts for the namespace Q names, directly or through a using alias.
            var aliases = Regex.Matches(source, @"using\s+(\w+)\s*=\s*AoTech\.Ecs\.Aws\.Services\.(\w+)\s*;")
                .Cast<Match>().Select(m => (Alias: m.Groups[1].Value, Namespace: m.Groups[2].Value)).ToList();
            foreach (var type in typeof(AwsRequest).Assembly.GetTypes().Where(t => !t.IsAbstract && typeof(AwsRequest).IsAssignableFrom(t)))
            {
                var operation = type.GetCustomAttribute<AwsOperationAttribute>();
                if (operation == null) continue;
                var ns = type.Namespace!.Substring(type.Namespace.LastIndexOf('.') + 1);
                var constructed = Regex.Matches(source, @"\bnew\s+(?:([\w.]+)\.)?" + type.Name + @"\b").Cast<Match>().Any(m =>
                {
                    if (!m.Groups[1].Success) return true;
                    var qualifier = m.Groups[1].Value.Substring(m.Groups[1].Value.LastIndexOf('.') + 1);
                    return qualifier == ns || aliases.Any(a => a.Alias == qualifier && a.Namespace == ns);
                });
                if (!constructed) continue;
                var service = ((AwsRequest)Activator.CreateInstance(type)!).Service;
                actions.Add(service.IamPrefix + ":" + operation.Name);
            }
            foreach (var (alias, prefix, client) in new[]
                     {
                         ("Ec2", "ec2", typeof(Amazon.EC2.IAmazonEC2)),
                         ("Ssm", "ssm", typeof(Amazon.SimpleSystemsManagement.IAmazonSimpleSystemsManagement)),
                         ("Sts", "sts", typeof(Amazon.SecurityToken.IAmazonSecurityTokenService)),
                     })
                foreach (Match m in Regex.Matches(source, @"\bnew\s+" + alias + @"\.(\w+)Request\b"))
                    if (client.GetMethods().Any(method => method.Name == m.Groups[1].Value + "Async"))
                        actions.Add(prefix + ":" + m.Groups[1].Value);
            return actions;
        }

        [Fact]
        public void Every_action_the_table_grants_is_called_by_the_source_or_implied_with_a_reason()
        {
            var called = CalledActions(Source.Value);
            var uncalled = CmdletPermissions.Rows.Where(r => r.ImpliedBy == null && !called.Contains(r.Action))
                .Select(r => r.Action).Distinct().OrderBy(a => a, StringComparer.Ordinal).ToList();
            Assert.True(uncalled.Count == 0, "The table grants actions no code calls; remove them from " +
                CmdletPermissions.TableLocation + " (or mark them Implied with the reason IAM needs them): " + string.Join(", ", uncalled));
            // An implied action is one no code calls: once code calls it, it is an ordinary row.
            Assert.Empty(CmdletPermissions.Rows.Where(r => r.ImpliedBy != null && called.Contains(r.Action)).Select(r => r.Action));
        }

        [Fact]
        public void The_scan_finds_a_call_and_misses_a_request_class_that_is_only_defined()
        {
            // Guards the scan itself: a construction counts, a class name alone (its definition, a comment) does not.
            var called = CalledActions("var r = new Ecs.CreateClusterRequest { }; var d = new Ec2.DescribeVpcsRequest(); // StopTaskRequest");
            Assert.Contains("ecs:CreateCluster", called);
            Assert.Contains("ec2:DescribeVpcs", called);
            Assert.DoesNotContain("ecs:StopTask", called);
            Assert.DoesNotContain("ec2:LaunchTemplateTagSpecification", CalledActions("new Ec2.LaunchTemplateTagSpecificationRequest()"));
            var elb = CalledActions("using Elb = AoTech.Ecs.Aws.Services.Elb;\nvar t = new Elb.DescribeTagsRequest();");
            Assert.Contains("elasticloadbalancing:DescribeTags", elb);
            Assert.DoesNotContain("autoscaling:DescribeTags", elb);
        }
    }
}
