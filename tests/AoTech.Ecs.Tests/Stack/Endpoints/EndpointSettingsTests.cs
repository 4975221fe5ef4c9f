using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.Endpoints;
using AoTech.Ecs.Stack.Planning;
using Xunit;

namespace AoTech.Ecs.Tests.Stack.Endpoints
{
    /// <summary>
    /// What an app joining an endpoint may give of the values the endpoint shares: each must equal the endpoint's
    /// (EndpointSettingMismatch naming both values), and those not given are the endpoint's, so that joining changes nothing shared.
    /// </summary>
    public class EndpointSettingsTests
    {
        [Fact]
        public void A_given_value_that_differs_is_an_error_naming_both_values()
        {
            var current = new EndpointSettings { InstanceType = "t3.small", MinSize = 1, MaxSize = 4, AllowedCidr = new[] { "0.0.0.0/0" }, Network = "private" };
            var given = new EndpointSettings { InstanceType = "t3.large", MaxSize = 4, AllowedCidr = new[] { "10.0.0.0/8" } };
            var ex = Assert.Throws<AoEcsException>(() => given.RequireSameAs(current, "main", "api"));
            Assert.Equal(EndpointErrorIds.EndpointSettingMismatch, ex.ErrorId);
            Assert.Contains("-InstanceType t3.large (the endpoint has t3.small)", ex.Message);
            Assert.Contains("-AllowedCidr 10.0.0.0/8 (the endpoint has 0.0.0.0/0)", ex.Message);
            Assert.DoesNotContain("MaxSize", ex.Message);
            Assert.Equal("main", ex.Target);
        }

        [Fact]
        public void A_second_app_giving_another_instance_type_than_the_endpoint_it_joins_is_refused_and_one_giving_nothing_is_not()
        {
            // The endpoint as the first app left it (defaults, 0.0.0.0/0).
            var first = StackFixtures.Inputs();
            var endpoint = StackFixtures.Converged(first);
            var current = EndpointSettings.Of(endpoint, StackFixtures.Region);
            Assert.Equal(first.Spec.InstanceType, current.InstanceType);
            Assert.Equal(first.Spec.MaxSize, current.MaxSize);
            Assert.Equal(first.Spec.AllowedCidr, current.AllowedCidr);

            var second = AppSpecTests.Valid();
            second.InstanceType = "m7g.large";
            second.MaxSize = first.Spec.MaxSize;
            var ex = Assert.Throws<AoEcsException>(() =>
                EndpointSettings.Given(second, endpoint, new[] { "InstanceType", "MaxSize" }).RequireSameAs(current, "main", "second"));
            Assert.Equal(EndpointErrorIds.EndpointSettingMismatch, ex.ErrorId);
            Assert.Contains($"-InstanceType m7g.large (the endpoint has {first.Spec.InstanceType})", ex.Message);

            // The same values, not bound by the user, are the defaults: taken from the endpoint, no error.
            EndpointSettings.Given(second, endpoint, new string[0]).RequireSameAs(current, "main", "second");
        }

        [Fact]
        public void Values_not_given_and_equal_sets_are_no_difference()
        {
            var current = new EndpointSettings { InstanceType = "t3.small", MinSize = 1, MaxSize = 4, AllowedCidr = new[] { "10.0.0.0/8", "0.0.0.0/0" } };
            new EndpointSettings().RequireSameAs(current, "main", "api");
            new EndpointSettings { MinSize = 1, AllowedCidr = new[] { "0.0.0.0/0", "10.0.0.0/8", "0.0.0.0/0" } }.RequireSameAs(current, "main", "api");
        }

        private const string Boundary = "arn:aws:iam::123456789012:policy/boundary";
        private const string OtherBoundary = "arn:aws:iam::123456789012:policy/other-boundary";

        /// <summary>
        /// An endpoint its first app made with instance-level values of its own: privileged containers, a boot script, no
        /// Session Manager, a permissions boundary, a VPC it was given.
        /// </summary>
        private static (AppSpec First, DiscoveredStack Endpoint) EndpointWithOwnInstances()
        {
            var first = AppSpecTests.Valid();
            first.Endpoint = "main";
            first.AllowPrivileged = true;
            first.NoSessionManager = true;
            first.PermissionsBoundary = Boundary;
            var inputs = StackFixtures.Inputs(first);
            first.UserDataScript = "echo first";
            inputs.UserData = AoTech.Ecs.Stack.Hardening.InstanceUserData.For(inputs.Names.Cluster, true, first.UserDataScript);
            var endpoint = StackFixtures.Converged(inputs);
            endpoint.InstanceRole!.AttachedPolicyArns.Remove(StackDefaults.SessionManagerPolicyArn(StackFixtures.Region));
            endpoint.InstanceRole.PermissionsBoundaryArn = Boundary;
            endpoint.InstanceRole.BoundaryKnown = true;
            return (first, endpoint);
        }

        private static AppSpec Joining()
        {
            var spec = AppSpecTests.Valid();
            spec.Name = "second";
            spec.DomainName = "second.example.com";
            spec.Endpoint = "main";
            return spec;
        }

        [Fact]
        public void The_endpoint_records_its_instance_level_values()
        {
            var (_, endpoint) = EndpointWithOwnInstances();
            var current = EndpointSettings.Of(endpoint, StackFixtures.Region);
            Assert.Equal(StackFixtures.Ami, current.AmiId);
            Assert.Equal("#!/bin/bash\necho first\n", current.UserDataScript);
            Assert.True(current.AllowPrivileged);
            Assert.True(current.NoSessionManager);
            Assert.Equal(Boundary, current.PermissionsBoundary);
            Assert.Equal("vpc-00000000000000001", current.VpcId);
            Assert.Equal(endpoint.LoadBalancer!.SubnetIds.OrderBy(s => s), current.SubnetIds!.OrderBy(s => s));

            // The defaults: no script, no privileged containers, Session Manager, no boundary (once read).
            var plain = StackFixtures.Converged(StackFixtures.Inputs());
            plain.InstanceRole!.BoundaryKnown = true;
            var defaults = EndpointSettings.Of(plain, StackFixtures.Region);
            Assert.Equal("", defaults.UserDataScript);
            Assert.False(defaults.AllowPrivileged);
            Assert.False(defaults.NoSessionManager);
            Assert.Equal("", defaults.PermissionsBoundary);
            // A boundary not read is not known, so not compared.
            plain.InstanceRole.BoundaryKnown = false;
            Assert.Null(EndpointSettings.Of(plain, StackFixtures.Region).PermissionsBoundary);
        }

        [Fact]
        public void A_joining_app_giving_other_instance_level_values_is_refused_naming_both_values()
        {
            var (_, endpoint) = EndpointWithOwnInstances();
            var current = EndpointSettings.Of(endpoint, StackFixtures.Region);
            var second = Joining();
            second.AllowPrivileged = false;
            second.NoSessionManager = false;
            second.AmiId = "ami-0fedcba9876543210";
            second.PermissionsBoundary = OtherBoundary;
            second.UserDataPath = "second.sh";
            second.UserDataScript = "echo second";
            second.VpcId = "vpc-00000000000000002";
            var given = new[] { "AllowPrivileged", "NoSessionManager", "AmiId", "PermissionsBoundary", "UserData", "VpcId" };
            var ex = Assert.Throws<AoEcsException>(() => EndpointSettings.Given(second, endpoint, given).RequireSameAs(current, "main", "second"));
            Assert.Equal(EndpointErrorIds.EndpointSettingMismatch, ex.ErrorId);
            Assert.Contains("-AllowPrivileged $false (the endpoint has $true)", ex.Message);
            Assert.Contains("-NoSessionManager $false (the endpoint has $true)", ex.Message);
            Assert.Contains($"-AmiId ami-0fedcba9876543210 (the endpoint has {StackFixtures.Ami})", ex.Message);
            Assert.Contains($"-PermissionsBoundary {OtherBoundary} (the endpoint has {Boundary})", ex.Message);
            Assert.Contains("-VpcId vpc-00000000000000002 (the endpoint has vpc-00000000000000001)", ex.Message);
            Assert.Matches(@"-UserData second\.sh a script of 24 bytes, SHA-256 [0-9a-f]{12}… \(the endpoint has a script of 23 bytes, SHA-256 [0-9a-f]{12}…\)", ex.Message);
            // A script is named by size and digest, never by its text.
            Assert.DoesNotContain("echo", ex.Message);
        }

        [Fact]
        public void A_boundary_or_subnets_the_endpoint_does_not_have_are_refused()
        {
            var plain = StackFixtures.Converged(StackFixtures.Inputs());
            plain.InstanceRole!.BoundaryKnown = true;
            var current = EndpointSettings.Of(plain, StackFixtures.Region);
            var second = Joining();
            second.PermissionsBoundary = Boundary;
            second.SubnetIds = new List<string> { "subnet-0000000000000000a", "subnet-0000000000000000c" };
            var ex = Assert.Throws<AoEcsException>(() =>
                EndpointSettings.Given(second, plain, new[] { "PermissionsBoundary", "SubnetId" }).RequireSameAs(current, "main", "second"));
            Assert.Contains($"-PermissionsBoundary {Boundary} (the endpoint has none)", ex.Message);
            Assert.Contains("-SubnetId subnet-0000000000000000a,subnet-0000000000000000c (the endpoint has subnet-0000000000000000a,subnet-0000000000000000b)", ex.Message);
        }

        [Fact]
        public void A_joining_app_repeating_the_endpoints_instance_level_values_is_not_refused()
        {
            var (_, endpoint) = EndpointWithOwnInstances();
            var current = EndpointSettings.Of(endpoint, StackFixtures.Region);
            var second = Joining();
            second.AllowPrivileged = true;
            second.NoSessionManager = true;
            second.AmiId = StackFixtures.Ami;
            second.PermissionsBoundary = Boundary;
            second.UserDataPath = "same.sh";
            second.UserDataScript = "echo first\r\n";
            second.VpcId = "vpc-00000000000000001";
            EndpointSettings.Given(second, endpoint, new[] { "AllowPrivileged", "NoSessionManager", "AmiId", "PermissionsBoundary", "UserData", "VpcId" })
                .RequireSameAs(current, "main", "second");
        }

        [Fact]
        public void A_joining_app_takes_the_endpoints_instance_type_size_bounds_and_cidrs_it_was_not_given()
        {
            var current = new EndpointSettings { InstanceType = "m5.large", MinSize = 2, MaxSize = 7, AllowedCidr = new List<string> { "10.0.0.0/8", "10.0.0.0/8" } };
            var taking = Joining();
            current.ApplyTo(taking, new[] { "Name", "DomainName", "TaskDefinitionPath", "Endpoint" });
            Assert.Equal(("m5.large", 2, 7), (taking.InstanceType, taking.MinSize, taking.MaxSize));
            Assert.Equal(new[] { "10.0.0.0/8" }, taking.AllowedCidr);

            // What it was given stays its own (RequireSameAs has compared it already).
            var giving = Joining();
            giving.InstanceType = "t3.small";
            giving.MaxSize = 3;
            current.ApplyTo(giving, new[] { "InstanceType", "MaxSize" });
            Assert.Equal(("t3.small", 2, 3), (giving.InstanceType, giving.MinSize, giving.MaxSize));
        }

        [Fact]
        public void A_joining_app_giving_none_takes_the_endpoints_instance_values_and_plans_no_change_to_the_shared_instances()
        {
            var (_, endpoint) = EndpointWithOwnInstances();
            var current = EndpointSettings.Of(endpoint, StackFixtures.Region);
            var second = Joining();
            var given = new[] { "Name", "DomainName", "TaskDefinitionPath", "Endpoint" };
            EndpointSettings.Given(second, endpoint, given).RequireSameAs(current, "main", "second");
            current.ApplyTo(second, given);
            Assert.True(second.AllowPrivileged);
            Assert.True(second.NoSessionManager);
            Assert.Null(second.AmiId); // the endpoint's image is the plan's (PlanInputs.AmiId), not an AMI of one's own to check
            Assert.Equal(Boundary, second.PermissionsBoundary);

            // The plan as EcsAppStack makes it (validation keeps the script taken from the endpoint).
            var inputs = StackFixtures.Inputs(second);
            inputs.UserData = AoTech.Ecs.Stack.Hardening.InstanceUserData.For(inputs.Names.Cluster, second.AllowPrivileged, second.UserDataScript);
            Assert.Equal(endpoint.LaunchTemplate!.UserData, inputs.UserData);
            var plan = StackPlanner.Plan(inputs, endpoint);
            foreach (var shared in new[] { "launch template", "instance refresh" })
                Assert.DoesNotContain(plan.Changes, i => i.Resource == shared);
            Assert.DoesNotContain(plan.Changes, i => i.Resource == "IAM role" && i.Name == inputs.Names.InstanceRole);
        }
    }
}
