using System.Collections.Generic;
using System.Linq;
using AoTech.Ecs.Errors;
using AoTech.Ecs.Stack.Deployments;
using Xunit;
using EcsApi = AoTech.Ecs.Aws.Services.Ecs;

namespace AoTech.Ecs.Tests.Stack.Deployments
{
    /// <summary>The strategy parameters: checks before any call, what a re-run keeps, and the service's configuration they make.</summary>
    public class DeploymentSettingsTests
    {
        private static string Refused(DeploymentRequest request, DeploymentSettings? current = null) =>
            Assert.Throws<AoEcsException>(() => DeploymentSettings.Resolve(request, current)).ErrorId;

        [Theory]
        [InlineData(-1, null, null)]
        [InlineData(1441, null, null)]
        [InlineData(null, 0.0, null)]
        [InlineData(null, 0.05, null)]
        [InlineData(null, 100.1, null)]
        [InlineData(null, 5.55, null)]
        [InlineData(null, null, 2.9)]
        public void Values_outside_what_ECS_takes_are_refused(int? bake, double? canary, double? step)
        {
            var request = new DeploymentRequest { BakeTime = bake, CanaryPercent = canary, LinearStepPercent = step };
            Assert.Equal(DeploymentErrorIds.DeploymentValueOutOfRange, Assert.Throws<AoEcsException>(request.Validate).ErrorId);
        }

        [Fact]
        public void The_edges_ECS_documents_are_taken()
        {
            var canary = DeploymentSettings.Resolve(new DeploymentRequest { Strategy = DeploymentStrategy.Canary, CanaryPercent = 0.1, CanaryBakeTime = 1440, BakeTime = 0 }, null);
            Assert.Equal(0.1, canary.CanaryPercent);
            var linear = DeploymentSettings.Resolve(new DeploymentRequest { Strategy = DeploymentStrategy.Linear, LinearStepPercent = 3.0, LinearStepBakeTime = 0 }, null);
            Assert.Equal(3.0, linear.LinearStepPercent);
        }

        [Fact]
        public void A_canary_setting_with_another_strategy_is_refused_and_a_linear_one_too()
        {
            Assert.Equal(DeploymentErrorIds.StrategyOptionMismatch,
                Refused(new DeploymentRequest { Strategy = DeploymentStrategy.Linear, CanaryPercent = 10 }));
            Assert.Equal(DeploymentErrorIds.StrategyOptionMismatch,
                Refused(new DeploymentRequest { Strategy = DeploymentStrategy.BlueGreen, LinearStepBakeTime = 3 }));
            // Left out, the strategy is the app's: a canary setting for a canary app is fine, for a linear one not.
            var canaryApp = new DeploymentSettings(DeploymentStrategy.Canary, canaryPercent: 5);
            Assert.Equal(20, DeploymentSettings.Resolve(new DeploymentRequest { CanaryPercent = 20 }, canaryApp).CanaryPercent);
            Assert.Equal(DeploymentErrorIds.StrategyOptionMismatch,
                Refused(new DeploymentRequest { CanaryPercent = 20 }, new DeploymentSettings(DeploymentStrategy.Linear)));
        }

        [Theory]
        [InlineData("bake")]
        [InlineData("pause")]
        [InlineData("header")]
        public void Blue_green_settings_with_rolling_are_refused(string which)
        {
            var request = new DeploymentRequest
            {
                Strategy = DeploymentStrategy.Rolling,
                BakeTime = which == "bake" ? 5 : (int?)null,
                PauseAt = which == "pause" ? new List<string> { "PRE_SCALE_UP" } : null,
                TestTrafficHeader = which == "header" ? "X-Test: 1" : null,
            };
            Assert.Equal(DeploymentErrorIds.BlueGreenOptionWithRolling, Refused(request));
            // A new app is Rolling: the same settings without a strategy are refused as well.
            request.Strategy = null;
            Assert.Equal(DeploymentErrorIds.BlueGreenOptionWithRolling, Refused(request));
        }

        [Fact]
        public void Lifecycle_stages_are_checked_upper_cased_and_put_in_ECS_order()
        {
            var request = new DeploymentRequest { PauseAt = new List<string> { "post_test_traffic_shift", "PRE_SCALE_UP", "PRE_SCALE_UP" } };
            request.Validate();
            Assert.Equal(new[] { "PRE_SCALE_UP", "POST_TEST_TRAFFIC_SHIFT" }, request.PauseAt);
            Assert.Equal(DeploymentErrorIds.InvalidLifecycleStage,
                Assert.Throws<AoEcsException>(new DeploymentRequest { PauseAt = new List<string> { "AFTER_LUNCH" } }.Validate).ErrorId);
        }

        [Theory]
        // API_DeploymentLifecycleHook: "PAUSE hooks cannot be configured at TEST_TRAFFIC_SHIFT or PRODUCTION_TRAFFIC_SHIFT stages".
        [InlineData("TEST_TRAFFIC_SHIFT")]
        [InlineData("PRODUCTION_TRAFFIC_SHIFT")]
        public void Pause_stages_ECS_refuses_are_refused(string stage) =>
            Assert.Equal(DeploymentErrorIds.InvalidLifecycleStage,
                Assert.Throws<AoEcsException>(new DeploymentRequest { PauseAt = new List<string> { stage } }.Validate).ErrorId);

        [Fact]
        public void Every_pause_stage_ECS_documents_is_taken_in_its_order()
        {
            var documented = new[] { "RECONCILE_SERVICE", "PRE_SCALE_UP", "POST_SCALE_UP", "POST_TEST_TRAFFIC_SHIFT", "PRE_PRODUCTION_TRAFFIC_SHIFT",
                "POST_PRODUCTION_TRAFFIC_SHIFT" };
            var request = new DeploymentRequest { PauseAt = documented.Reverse().ToList() };
            request.Validate();
            Assert.Equal(documented, request.PauseAt);
        }

        [Theory]
        [InlineData("X-Test")]
        [InlineData(": value")]
        [InlineData("Host: a.example.com")]
        [InlineData("Bad Name: v")]
        [InlineData("X-A-Name-That-Is-Far-Too-Long-For-A-Rule-Condition: v")]
        public void A_test_header_that_is_not_a_rule_condition_is_refused(string header)
        {
            Assert.Equal(DeploymentErrorIds.InvalidTestTrafficHeader,
                Assert.Throws<AoEcsException>(new DeploymentRequest { TestTrafficHeader = header }.Validate).ErrorId);
        }

        [Fact]
        public void What_is_left_out_stays_and_a_new_strategy_drops_the_old_ones_own_settings()
        {
            var current = new DeploymentSettings(DeploymentStrategy.Canary, 15, 5, 10, pauseAt: new[] { "POST_TEST_TRAFFIC_SHIFT" },
                testHeader: TestTrafficHeader.Parse("X-Test: green"));
            Assert.True(DeploymentSettings.Resolve(new DeploymentRequest(), current).Equals(current));

            var linear = DeploymentSettings.Resolve(new DeploymentRequest { Strategy = DeploymentStrategy.Linear, LinearStepPercent = 25 }, current);
            Assert.Equal(DeploymentStrategy.Linear, linear.Strategy);
            Assert.Null(linear.CanaryPercent);
            Assert.Null(linear.CanaryBakeTime);
            Assert.Equal(25, linear.LinearStepPercent);
            // Settings of the whole blue/green family stay.
            Assert.Equal(15, linear.BakeTime);
            Assert.Equal(new[] { "POST_TEST_TRAFFIC_SHIFT" }, linear.PauseAt);
            Assert.Equal("X-Test: green", linear.TestHeader!.ToString());

            var cleared = DeploymentSettings.Resolve(new DeploymentRequest { PauseAt = new List<string>(), TestTrafficHeader = "" }, current);
            Assert.Empty(cleared.PauseAt);
            Assert.Null(cleared.TestHeader);

            var rolling = DeploymentSettings.Resolve(new DeploymentRequest { Strategy = DeploymentStrategy.Rolling }, current);
            Assert.False(rolling.IsBlueGreenFamily);
            Assert.Empty(rolling.PauseAt);
            Assert.Null(rolling.TestHeader);
        }

        [Fact]
        public void The_merged_configuration_keeps_alarms_lambda_hooks_and_percents_and_the_circuit_breaker()
        {
            var alarms = new EcsApi.DeploymentAlarms { AlarmNames = new List<string> { "5xx" }, Enable = true, Rollback = true };
            var lambda = new EcsApi.DeploymentLifecycleHook
            {
                TargetType = "AWS_LAMBDA", HookTargetArn = "arn:aws:lambda:eu-west-1:1:function:check", LifecycleStages = new List<string> { "POST_SCALE_UP" },
            };
            var current = new EcsApi.DeploymentConfiguration
            {
                DeploymentCircuitBreaker = new EcsApi.DeploymentCircuitBreaker { Enable = false, Rollback = false },
                MaximumPercent = 150,
                MinimumHealthyPercent = 50,
                Alarms = alarms,
                LifecycleHooks = new List<EcsApi.DeploymentLifecycleHook>
                {
                    lambda,
                    new EcsApi.DeploymentLifecycleHook { TargetType = "PAUSE", LifecycleStages = new List<string> { "PRE_SCALE_UP" } },
                },
            };
            var settings = new DeploymentSettings(DeploymentStrategy.Canary, 3, 10, 5, pauseAt: new[] { "PRE_PRODUCTION_TRAFFIC_SHIFT" });
            var merged = settings.MergeInto(current);
            Assert.Equal("CANARY", merged.Strategy);
            Assert.Equal(3, merged.BakeTimeInMinutes);
            Assert.Equal(10, merged.CanaryConfiguration!.CanaryPercent);
            Assert.Equal(5, merged.CanaryConfiguration.CanaryBakeTimeInMinutes);
            Assert.Null(merged.LinearConfiguration);
            Assert.Same(alarms, merged.Alarms);
            Assert.Equal(150, merged.MaximumPercent);
            Assert.Equal(50, merged.MinimumHealthyPercent);
            Assert.True(merged.DeploymentCircuitBreaker!.Enable);
            Assert.True(merged.DeploymentCircuitBreaker.Rollback);
            Assert.Equal(2, merged.LifecycleHooks!.Count);
            Assert.Same(lambda, merged.LifecycleHooks[0]);
            Assert.Equal(new[] { "PRE_PRODUCTION_TRAFFIC_SHIFT" }, merged.LifecycleHooks[1].LifecycleStages);

            // Read back, the same settings (the Lambda hook is not one of -PauseAt's).
            Assert.True(settings.Equals(DeploymentSettings.Of(merged)));

            // Back to Rolling: the PAUSE hook and the strategy's settings go, the alarms and the Lambda hook stay.
            var rolling = DeploymentSettings.Rolling.MergeInto(merged);
            Assert.Equal("ROLLING", rolling.Strategy);
            Assert.Null(rolling.BakeTimeInMinutes);
            Assert.Null(rolling.CanaryConfiguration);
            Assert.Same(alarms, rolling.Alarms);
            Assert.Same(lambda, Assert.Single(rolling.LifecycleHooks!));
        }

        [Fact]
        public void A_new_service_gets_the_fast_rolling_defaults_with_the_circuit_breaker()
        {
            var fresh = DeploymentSettings.Rolling.MergeInto(null);
            Assert.Equal(200, fresh.MaximumPercent);
            Assert.Equal(100, fresh.MinimumHealthyPercent);
            Assert.True(fresh.DeploymentCircuitBreaker!.Rollback);
            Assert.Null(fresh.LifecycleHooks);
        }

        [Fact]
        public void Changes_name_each_setting_that_moves()
        {
            var current = new DeploymentSettings(DeploymentStrategy.Rolling);
            var wanted = new DeploymentSettings(DeploymentStrategy.Linear, 0, linearStepPercent: 20, linearStepBakeTime: 2, pauseAt: new[] { "PRE_SCALE_UP" });
            Assert.Equal(new[]
            {
                "deployment strategy ROLLING -> LINEAR", "bake time (ECS default) -> 0", "linear step percent (ECS default) -> 20",
                "linear step bake time (ECS default) -> 2", "pause at (none) -> PRE_SCALE_UP",
            }, wanted.ChangesFrom(current));
            Assert.Empty(wanted.ChangesFrom(null));
        }

        [Fact]
        public void A_fixed_host_port_needs_twice_the_tasks_instances_for_a_blue_green_family_strategy()
        {
            var blueGreen = new DeploymentSettings(DeploymentStrategy.BlueGreen);
            var ex = Assert.Throws<AoEcsException>(() => DeploymentResources.RequireFixedHostPortCapacity(blueGreen, (8080, 8080), 3, 4));
            Assert.Equal(DeploymentErrorIds.FixedHostPortCapacity, ex.ErrorId);
            Assert.Contains("hostPort 0", ex.Message);
            Assert.Contains("-MaxSize 6", ex.Message);
            DeploymentResources.RequireFixedHostPortCapacity(blueGreen, (8080, 8080), 2, 4);
            DeploymentResources.RequireFixedHostPortCapacity(blueGreen, (32768, 65535), 3, 4);
            DeploymentResources.RequireFixedHostPortCapacity(DeploymentSettings.Rolling, (8080, 8080), 3, 4);
        }
    }
}
