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
    // The load balancer, target group and listeners, and the DNS alias.
    public sealed partial class StackApplier
    {
        // ---------------------------------------------------------------- load balancer

        private async Task LoadBalancerAsync(bool mutate, CancellationToken ct)
        {
            var lb = _found.LoadBalancer;
            // A deployment strategy's own plan takes the VPC the load balancer is in (its network is not read then).
            var vpcId = DeploymentOnly ? _found.LoadBalancer?.VpcId : Outputs.VpcId;
            if (DeploymentOnly) Outputs.VpcId = vpcId;
            var tg = _found.TargetGroup != null && _found.TargetGroup.VpcId == vpcId ? _found.TargetGroup : null;
            var alternate = _found.AlternateTargetGroup != null && _found.AlternateTargetGroup.VpcId == vpcId ? _found.AlternateTargetGroup : null;
            Outputs.LoadBalancerArn = lb?.Arn;
            Outputs.LoadBalancerDnsName = lb?.DnsName;
            Outputs.LoadBalancerZoneId = lb?.CanonicalHostedZoneId;
            Outputs.TargetGroupArn = tg?.Arn;
            Outputs.AlternateTargetGroupArn = alternate?.Arn;
            Outputs.ProductionRuleArn = Deployments.DeploymentResources.ProductionRule(_found, _names)?.RuleArn;
            Outputs.TestRuleArn = Deployments.DeploymentResources.TestRule(_found, _names)?.RuleArn;
            if (!mutate) return;
            if (DeploymentOnly)
            {
                await DeploymentLoadBalancerAsync(tg, ct).ConfigureAwait(false);
                return;
            }

            var subnets = Outputs.LoadBalancerSubnetIds;
            var albSg = Require(Outputs.LoadBalancerSecurityGroupId, ResourceGroup.LoadBalancer, "the load balancer security group");
            var lbTask = EnsureLoadBalancerAsync(lb, subnets, albSg, ct);
            var tgTask = EnsureTargetGroupAsync(tg, _found.TargetGroup, _names.TargetGroup, ct);
            // The blue/green family's second target group, as the first (ECS registers the new revision's tasks in it); once
            // made it stays as the first is, whatever the strategy (a Rolling service may be on it).
            var alternateTask = Deployment.IsBlueGreenFamily || alternate != null
                ? EnsureTargetGroupAsync(alternate, _found.AlternateTargetGroup, _names.AlternateTargetGroup, ct)
                : Task.FromResult(alternate?.Arn);
            await Task.WhenAll(lbTask, tgTask, alternateTask).ConfigureAwait(false);
            Outputs.TargetGroupArn = await tgTask.ConfigureAwait(false);
            Outputs.AlternateTargetGroupArn = await alternateTask.ConfigureAwait(false);
            var lbArn = Outputs.LoadBalancerArn!;
            var tgArn = Outputs.TargetGroupArn!;
            var fresh = lb == null;

            var http = fresh ? null : _found.HttpListener;
            var redirect = new List<Elb.ListenerAction>
            {
                new Elb.ListenerAction
                {
                    Type = "redirect",
                    RedirectConfig = new Elb.RedirectActionConfig { Protocol = "HTTPS", Port = "443", StatusCode = "HTTP_301" },
                },
            };
            if (http == null)
            {
                await CreateListenerAsync(new Elb.CreateListenerRequest
                {
                    LoadBalancerArn = lbArn,
                    Protocol = "HTTP",
                    Port = StackDefaults.HttpPort,
                    DefaultActions = redirect,
                    Tags = ElbTags(_endpointTags),
                }, ct).ConfigureAwait(false);
                Record("Created HTTP listener (redirect to HTTPS)");
            }
            else if (ActionOf("HTTP listener") == PlanAction.Change)
            {
                await _aws.SendAsync(new Elb.ModifyListenerRequest { ListenerArn = http.Arn, DefaultActions = redirect }, ct).ConfigureAwait(false);
                Record("HTTP listener: redirect to HTTPS");
            }

            var https = fresh ? null : _found.HttpsListener;
            var needsHttps = https == null || ActionOf("HTTPS listener") == PlanAction.Change;
            // A standalone app has a listener rule of its own only with a blue/green-family strategy (its production rule).
            var needsRoute = ActionOf("listener rule") != PlanAction.Keep || ActionOf("test listener rule") != PlanAction.Keep;
            if (!needsHttps && !needsRoute) return;
            // Everything else is built by now; this is the one step that waits for DNS validation.
            await CertificateIssuedAsync(ct).ConfigureAwait(false);
            var certificateArn = Require(Outputs.CertificateArn ?? _found.Certificate?.Arn, ResourceGroup.LoadBalancer, "the certificate");
            var listenerArn = https?.Arn;
            if (needsHttps) listenerArn = await EnsureHttpsListenerAsync(lbArn, https, tgArn, certificateArn, ct).ConfigureAwait(false);
            if (needsRoute) await RouteAsync(Require(listenerArn, ResourceGroup.LoadBalancer, "the HTTPS listener"), NewRuleTarget(tgArn), certificateArn, ct).ConfigureAwait(false);
        }

        /// <summary>
        /// A deployment strategy's own plan (Set-AoEcsApp): the alternate target group and the listener rules, on the load
        /// balancer and listener the app has.
        /// </summary>
        private async Task DeploymentLoadBalancerAsync(DiscoveredTargetGroup? tg, CancellationToken ct)
        {
            var tgArn = Require(tg?.Arn, ResourceGroup.LoadBalancer, "the target group");
            if (Deployment.IsBlueGreenFamily)
                Outputs.AlternateTargetGroupArn = await EnsureTargetGroupAsync(
                    Outputs.AlternateTargetGroupArn == null ? null : _found.AlternateTargetGroup, _found.AlternateTargetGroup, _names.AlternateTargetGroup, ct)
                    .ConfigureAwait(false);
            if (ActionOf("listener rule") == PlanAction.Keep && ActionOf("test listener rule") == PlanAction.Keep) return;
            var listener = Require(_found.HttpsListener, ResourceGroup.LoadBalancer, "the HTTPS listener");
            var certificateArn = Require(_found.Certificate?.Arn ?? listener.CertificateArn, ResourceGroup.LoadBalancer, "the certificate");
            await RouteAsync(listener.Arn, NewRuleTarget(tgArn), certificateArn, ct).ConfigureAwait(false);
        }

        /// <summary>Where a new production rule sends the traffic: where the service is (either of the app's target groups: ECS may have moved it).</summary>
        private string NewRuleTarget(string tgArn) =>
            Deployments.DeploymentResources.ServiceTargetGroup(_found.Service, tgArn, Outputs.AlternateTargetGroupArn, null, Deployment);

        /// <summary>
        /// Creates or converges the HTTPS listener. A standalone app's forwards to its target group; a shared endpoint's answers
        /// 404 to a request no app's rule takes and keeps the certificate it has (the first app's becomes its default).
        /// </summary>
        private async Task<string?> EnsureHttpsListenerAsync(string lbArn, DiscoveredListener? https, string tgArn, string certificateArn, CancellationToken ct)
        {
            var forward = _names.IsOnSharedEndpoint
                ? new List<Elb.ListenerAction>
                {
                    new Elb.ListenerAction
                    {
                        Type = "fixed-response",
                        FixedResponseConfig = new Elb.FixedResponseActionConfig { StatusCode = StackDefaults.EndpointDefaultStatusCode, ContentType = "text/plain" },
                    },
                }
                : new List<Elb.ListenerAction> { new Elb.ListenerAction { Type = "forward", TargetGroupArn = tgArn } };
            var defaultCertificate = _names.IsOnSharedEndpoint && !string.IsNullOrEmpty(https?.CertificateArn) ? https!.CertificateArn! : certificateArn;
            var certificates = new List<Elb.Certificate> { new Elb.Certificate { CertificateArn = defaultCertificate } };
            if (https == null)
            {
                await CreateListenerAsync(new Elb.CreateListenerRequest
                {
                    LoadBalancerArn = lbArn,
                    Protocol = "HTTPS",
                    Port = StackDefaults.HttpsPort,
                    SslPolicy = StackDefaults.SslPolicy,
                    Certificates = certificates,
                    DefaultActions = forward,
                    Tags = ElbTags(_endpointTags),
                }, ct).ConfigureAwait(false);
                Record($"Created HTTPS listener ({StackDefaults.SslPolicy})");
                return await HttpsListenerArnAsync(lbArn, ct).ConfigureAwait(false);
            }
            else
            {
                await _aws.SendAsync(new Elb.ModifyListenerRequest
                {
                    ListenerArn = https.Arn,
                    Protocol = "HTTPS",
                    Port = StackDefaults.HttpsPort,
                    SslPolicy = StackDefaults.SslPolicy,
                    Certificates = certificates,
                    DefaultActions = forward,
                }, ct).ConfigureAwait(false);
                Record("Updated HTTPS listener");
                return https.Arn;
            }
        }

        private async Task<string?> HttpsListenerArnAsync(string lbArn, CancellationToken ct)
        {
            var listeners = await _aws.SendAsync(new Elb.DescribeListenersRequest { LoadBalancerArn = lbArn }, ct).ConfigureAwait(false);
            return listeners.Listeners.OrEmpty().FirstOrDefault(l => l.Port == StackDefaults.HttpsPort)?.ListenerArn;
        }

        /// <summary>
        /// The app's rule and certificate on a shared endpoint's listener, under the endpoint's lock: the routes are read again
        /// there (another app may have joined since discovery), so two apps joining at once never take the same priority.
        /// </summary>
        private async Task RouteAsync(string listenerArn, string tgArn, string certificateArn, CancellationToken ct)
        {
            async Task<IReadOnlyList<string>> Route(CancellationToken t)
            {
                var routes = await Endpoints.ListenerRoutes.ReadAsync(_aws, listenerArn, t).ConfigureAwait(false);
                // A blue/green-family app's production rule carries both target groups (the other at weight 0).
                var other = Deployment.IsBlueGreenFamily
                    ? Deployments.DeploymentResources.OtherTargetGroup(tgArn, Outputs.TargetGroupArn, Outputs.AlternateTargetGroupArn) : null;
                var plan = Endpoints.RouteConverger.Plan(_names.EndpointName, routes, _spec.Route, tgArn, certificateArn, other);
                var converger = new Endpoints.RouteConverger(_aws);
                var done = (await converger.ApplyAsync(listenerArn, plan, _tags, t).ConfigureAwait(false)).ToList();
                done.AddRange(await DeploymentRulesAsync(listenerArn, plan, t).ConfigureAwait(false));
                // A standalone app's listener serves its certificate already (its default one); a deployment strategy's own
                // plan touches the rules only.
                if (!_names.IsOnSharedEndpoint || DeploymentOnly) return done;
                // The certificates of a domain the app left, now that its rule routes the new one (cleanup deletes them later).
                foreach (var left in Endpoints.RouteConverger.CertificatesLeft(routes, _found.Extras))
                {
                    var current = await Endpoints.ListenerRoutes.ReadAsync(_aws, listenerArn, t).ConfigureAwait(false);
                    if (current.Serves(left.Id)) done.AddRange(await converger.RemoveCertificateAsync(current, left.Id, t).ConfigureAwait(false));
                }
                // A certificate of the domain left that another app's host needs stays on the listener and becomes that app's.
                foreach (var handOver in _found.CertificateHandOvers)
                {
                    await Endpoints.ListenerCertificates.HandOverAsync(_aws, handOver, t).ConfigureAwait(false);
                    done.Add($"Handed certificate {handOver.Certificate.Arn} over to app {handOver.ToApp} ({handOver.Host})");
                }
                return done;
            }
            // A standalone app's listener is its own: the app's lock, held by the run, is enough.
            var routed = EndpointLockHeld || !_names.IsOnSharedEndpoint ? await Route(ct).ConfigureAwait(false)
                : await Require(EndpointLock, ResourceGroup.LoadBalancer, "the endpoint lock").RunAsync("route app " + _names.App, Route, ct).ConfigureAwait(false);
            foreach (var line in routed) Record(line);
        }

        /// <summary>
        /// The test listener rule (placed before the production rule as it now is), and the ARNs of both rules for the service's
        /// advanced configuration (a rule just made is read back).
        /// </summary>
        private async Task<IReadOnlyList<string>> DeploymentRulesAsync(string listenerArn, Endpoints.RoutePlan production, CancellationToken ct)
        {
            var routes = production.Existing == null ? await Endpoints.ListenerRoutes.ReadAsync(_aws, listenerArn, ct).ConfigureAwait(false) : null;
            Outputs.ProductionRuleArn = production.Existing?.RuleArn ?? routes!.ProductionRuleOf(_names.App)?.RuleArn;
            var current = routes ?? await Endpoints.ListenerRoutes.ReadAsync(_aws, listenerArn, ct).ConfigureAwait(false);
            // The test rule forwards to the idle target group (the one production does not send its traffic to).
            var live = production.Existing?.TargetGroupArn ?? production.TargetGroupArn;
            var idle = Deployments.DeploymentResources.OtherTargetGroup(live, Outputs.TargetGroupArn, Outputs.AlternateTargetGroupArn) ?? live;
            var test = Deployments.TestRulePlan.Plan(current, _spec.Route, Deployment.IsBlueGreenFamily ? Deployment.TestHeader : null,
                production.Placement.Priority, idle);
            if (test.Action == PlanAction.Delete && _found.Service?.AdvancedConfiguration?.TestListenerRule == test.Existing!.RuleArn)
            {
                // The service names it: it goes once the service no longer does (see ServiceAsync).
                _testRuleLeaving = test;
                Outputs.TestRuleArn = null;
                return new string[0];
            }
            var (testArn, done) = await test.ApplyAsync(_aws, listenerArn, _tags, ct).ConfigureAwait(false);
            Outputs.TestRuleArn = testArn;
            return done;
        }

        /// <summary>A test listener rule the service still names: deleted after the service's update.</summary>
        private Deployments.TestRulePlan? _testRuleLeaving;

        private async Task<Elb.LoadBalancer?> FindLoadBalancerAsync(CancellationToken ct)
        {
            var found = await AwsCalls.OrNull(() => _aws.SendAsync(new Elb.DescribeLoadBalancersRequest { Names = new List<string> { _names.LoadBalancer } }, ct),
                "LoadBalancerNotFound").ConfigureAwait(false);
            return found?.LoadBalancers.OrEmpty().FirstOrDefault();
        }

        /// <summary>
        /// Creates a listener. AWS answers a repeat with the same settings with the same listener, a backend may make a
        /// second one or refuse ("DuplicateListener"): after a lost answer the listener on the port is looked up first.
        /// </summary>
        private async Task CreateListenerAsync(Elb.CreateListenerRequest request, CancellationToken ct)
        {
            async Task<string?> OnPort()
            {
                var listeners = await _aws.SendAsync(new Elb.DescribeListenersRequest { LoadBalancerArn = request.LoadBalancerArn }, ct).ConfigureAwait(false);
                return listeners.Listeners.OrEmpty().FirstOrDefault(l => l.Port == request.Port)?.ListenerArn;
            }
            await AwsCalls.CreateOnceAsync(async () =>
                {
                    try
                    {
                        return (await _aws.SendAsync(request, ct, idempotent: false).ConfigureAwait(false)).Listeners.OrEmpty().FirstOrDefault()?.ListenerArn ?? "";
                    }
                    catch (AwsServiceException ex) when (ex.ErrorCode == "DuplicateListener")
                    {
                        _reporter.Verbose($"{request.Protocol} listener on port {request.Port} already exists: adopted");
                        return await OnPort().ConfigureAwait(false) ?? throw ex;
                    }
                },
                OnPort, _reporter, "CreateListener " + request.Protocol, ct, clock: _waiter.Clock).ConfigureAwait(false);
        }

        private static List<Elb.Tag> ElbTags(IDictionary<string, string> tags) => tags.Select(t => new Elb.Tag { Key = t.Key, Value = t.Value }).ToList();

        private async Task EnsureLoadBalancerAsync(DiscoveredLoadBalancer? lb, List<string> subnets, string albSg, CancellationToken ct)
        {
            if (lb == null)
            {
                // AWS answers a repeated CreateLoadBalancer (same name and settings) with the existing one, but not every
                // backend does (moto makes a second): after a lost answer, look the name up before asking again.
                var made = await AwsCalls.CreateOnceAsync(async () =>
                    {
                        try
                        {
                            var created = await _aws.SendAsync(new Elb.CreateLoadBalancerRequest
                            {
                                Name = _names.LoadBalancer,
                                Type = "application",
                                Scheme = "internet-facing",
                                Subnets = subnets,
                                SecurityGroups = new List<string> { albSg },
                                Tags = ElbTags(_endpointTags),
                            }, ct, idempotent: false).ConfigureAwait(false);
                            return created.LoadBalancers.OrEmpty().First();
                        }
                        catch (AwsServiceException ex) when (ex.ErrorCode == "DuplicateLoadBalancerName")
                        {
                            return await FindLoadBalancerAsync(ct).ConfigureAwait(false) ?? throw ex;
                        }
                    },
                    () => FindLoadBalancerAsync(ct), _reporter, "CreateLoadBalancer", ct, clock: _waiter.Clock).ConfigureAwait(false);
                Outputs.LoadBalancerArn = made.LoadBalancerArn;
                Outputs.LoadBalancerDnsName = made.DNSName;
                Outputs.LoadBalancerZoneId = made.CanonicalHostedZoneId;
                Record($"Created load balancer {_names.LoadBalancer} ({made.DNSName})");
            }
            else
            {
                if (!lb.SubnetIds.SetEquals(subnets))
                {
                    await _aws.SendAsync(new Elb.SetSubnetsRequest { LoadBalancerArn = lb.Arn, Subnets = subnets }, ct).ConfigureAwait(false);
                    Record($"Load balancer subnets: {string.Join(", ", subnets)}");
                }
                if (!(lb.SecurityGroupIds.Count == 1 && lb.SecurityGroupIds.Contains(albSg)))
                {
                    await _aws.SendAsync(new Elb.SetSecurityGroupsRequest { LoadBalancerArn = lb.Arn, SecurityGroups = new List<string> { albSg } }, ct)
                        .ConfigureAwait(false);
                    Record($"Load balancer security group: {albSg}");
                }
            }
            if (lb == null || !lb.Attributes.TryGetValue(StackDefaults.LoadBalancerAttributeDropInvalidHeaders, out var drop) || drop != "true")
            {
                await _aws.SendAsync(new Elb.ModifyLoadBalancerAttributesRequest
                {
                    LoadBalancerArn = Outputs.LoadBalancerArn,
                    Attributes = new List<Elb.LoadBalancerAttribute>
                    {
                        new Elb.LoadBalancerAttribute { Key = StackDefaults.LoadBalancerAttributeDropInvalidHeaders, Value = "true" },
                    },
                }, ct).ConfigureAwait(false);
                Record("Load balancer drops invalid header fields");
            }
        }

        /// <summary>Creates or converges one of the app's target groups (<paramref name="name"/>); returns its ARN.</summary>
        private async Task<string?> EnsureTargetGroupAsync(DiscoveredTargetGroup? tg, DiscoveredTargetGroup? found, string name, CancellationToken ct)
        {
            var vpcId = Require(Outputs.VpcId, ResourceGroup.LoadBalancer, "the VPC");
            if (tg == null && found != null)
                throw new AoEcsException(StackErrorIds.TargetGroupInOtherVpc, AoErrorKind.ResourceExists,
                    $"Target group {name} belongs to {found.VpcId}, not {vpcId}; remove the app (Remove-AoEcsApp) to move it to another network.",
                    name);
            var arn = tg?.Arn;
            var matcher = new Elb.Matcher { HttpCode = _spec.HealthCheckMatcher };
            if (tg == null)
            {
                var request = new Elb.CreateTargetGroupRequest
                {
                    Name = name,
                    Protocol = "HTTP",
                    Port = StackDefaults.TargetGroupPort,
                    VpcId = vpcId,
                    TargetType = "instance",
                    HealthCheckProtocol = "HTTP",
                    HealthCheckPath = _spec.HealthCheckPath,
                    HealthCheckIntervalSeconds = _spec.HealthCheckIntervalSeconds,
                    HealthCheckTimeoutSeconds = _spec.HealthCheckTimeoutSeconds,
                    HealthyThresholdCount = _spec.HealthyThresholdCount,
                    UnhealthyThresholdCount = _spec.UnhealthyThresholdCount,
                    Matcher = matcher,
                    Tags = ElbTags(_tags),
                };
                try
                {
                    var created = await _aws.SendAsync(request, ct).ConfigureAwait(false);
                    arn = created.TargetGroups.OrEmpty().First().TargetGroupArn;
                }
                catch (AwsServiceException ex) when (ex.ErrorCode == "DuplicateTargetGroupName")
                {
                    // AWS repeats a create with the same settings silently; a backend that refuses it means the lost
                    // call made it: adopt it (settings that differ are the next run's Change).
                    var again = await _aws.SendAsync(new Elb.DescribeTargetGroupsRequest { Names = new List<string> { name } }, ct)
                        .ConfigureAwait(false);
                    arn = again.TargetGroups.OrEmpty().FirstOrDefault(g => g.VpcId == vpcId)?.TargetGroupArn ?? throw ex;
                }
                Record($"Created target group {name}");
            }
            else if (tg.HealthCheckPath != _spec.HealthCheckPath || tg.HealthCheckIntervalSeconds != _spec.HealthCheckIntervalSeconds ||
                     tg.HealthCheckTimeoutSeconds != _spec.HealthCheckTimeoutSeconds || tg.HealthyThresholdCount != _spec.HealthyThresholdCount ||
                     tg.UnhealthyThresholdCount != _spec.UnhealthyThresholdCount || tg.Matcher != _spec.HealthCheckMatcher)
            {
                await _aws.SendAsync(new Elb.ModifyTargetGroupRequest
                {
                    TargetGroupArn = tg.Arn,
                    HealthCheckPath = _spec.HealthCheckPath,
                    HealthCheckIntervalSeconds = _spec.HealthCheckIntervalSeconds,
                    HealthCheckTimeoutSeconds = _spec.HealthCheckTimeoutSeconds,
                    HealthyThresholdCount = _spec.HealthyThresholdCount,
                    UnhealthyThresholdCount = _spec.UnhealthyThresholdCount,
                    Matcher = matcher,
                }, ct).ConfigureAwait(false);
                Record($"Updated health check of {name}");
            }
            var delay = _spec.DeregistrationDelaySeconds.ToString();
            if (tg == null || !tg.Attributes.TryGetValue(StackDefaults.TargetGroupAttributeDeregistrationDelay, out var current) || current != delay)
            {
                await _aws.SendAsync(new Elb.ModifyTargetGroupAttributesRequest
                {
                    TargetGroupArn = arn,
                    Attributes = new List<Elb.TargetGroupAttribute>
                    {
                        new Elb.TargetGroupAttribute { Key = StackDefaults.TargetGroupAttributeDeregistrationDelay, Value = delay },
                    },
                }, ct).ConfigureAwait(false);
                Record($"Deregistration delay of {name}: {delay} s");
            }
            return arn;
        }

        // ---------------------------------------------------------------- DNS

        private async Task DnsAsync(bool mutate, CancellationToken ct)
        {
            if (!mutate) return;
            var dnsName = Require(Outputs.LoadBalancerDnsName, ResourceGroup.Dns, "the load balancer");
            var change = await _aws.SendAsync(new R53.ChangeResourceRecordSetsRequest
            {
                HostedZoneId = _context.HostedZoneId,
                ChangeBatch = new R53.ChangeBatch
                {
                    Comment = "Alias for " + _names.App,
                    Changes = new List<R53.Change>
                    {
                        new R53.Change
                        {
                            Action = "UPSERT",
                            ResourceRecordSet = new R53.ResourceRecordSet
                            {
                                Name = _spec.DomainName,
                                Type = "A",
                                AliasTarget = new R53.AliasTarget
                                {
                                    HostedZoneId = Outputs.LoadBalancerZoneId,
                                    DNSName = dnsName,
                                    EvaluateTargetHealth = true,
                                },
                            },
                        },
                    },
                },
            }, ct).ConfigureAwait(false);
            // The app is ready only once every Route 53 name server answers with the alias (PENDING -> INSYNC).
            await DnsInSyncAsync(change.ChangeInfo, ct).ConfigureAwait(false);
            Record($"Alias {_spec.DomainName} -> {dnsName}");
        }

        /// <summary>Waits until Route 53 reports <paramref name="change"/> INSYNC (GetChange).</summary>
        private Task DnsInSyncAsync(R53.ChangeInfo? change, CancellationToken ct)
        {
            var id = change?.Id;
            if (id == null || change!.Status == "INSYNC") return Task.CompletedTask;
            if (id.StartsWith("/change/", StringComparison.Ordinal)) id = id.Substring("/change/".Length);
            return _waiter.UntilAsync("Waiting for DNS", async () =>
                {
                    var now = await _aws.SendAsync(new R53.GetChangeRequest { Id = id }, ct).ConfigureAwait(false);
                    return now.ChangeInfo?.Status == "INSYNC" ? null : $"{_spec.DomainName}: Route 53 change {id} is {now.ChangeInfo?.Status}";
                },
                _waits.Soon(_waits.DnsInSync),
                waited => new AoEcsException(StackErrorIds.DnsChangeTimeout, AoErrorKind.Timeout,
                    $"Route 53 did not apply the alias for {_spec.DomainName} to all its name servers within {waited.TotalMinutes:0} minutes " +
                    $"(change {id}); run the command again to keep waiting.", _spec.DomainName),
                ct);
        }
    }
}
