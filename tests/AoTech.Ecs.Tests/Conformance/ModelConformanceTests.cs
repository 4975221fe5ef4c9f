using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using AoTech.Ecs.Aws.Model;
using AoTech.Ecs.Aws.Services.Ecs;
using Xunit;
using Xunit.Abstractions;

namespace AoTech.Ecs.Tests.Conformance
{
    /// <summary>
    /// Checks every request/response class against the official botocore service models, so a wrong member name,
    /// wire name, location or type is caught here instead of as a confusing AWS error at run time.
    /// Outside CI the checks are skipped (with a note) when python3 + botocore are not installed; on CI they must run.
    /// </summary>
    public class ModelConformanceTests
    {
        private readonly ITestOutputHelper _output;

        public ModelConformanceTests(ITestOutputHelper output) { _output = output; }

        public static IEnumerable<object[]> Operations() =>
            OperationType.All().Select(o => new object[] { o.Service.ModelName, o.Attribute.Name });

        public static IEnumerable<object[]> Services() =>
            AwsService.All.Select(s => new object[] { s.ModelName });

        [SkippableFact]
        public void Botocore_models_are_found_on_CI()
        {
            Skip.IfNot(BotocoreModels.IsCi, "Not on CI (CI is not 'true'): the models may be missing here. " + BotocoreModels.Diagnostic);
            Assert.True(BotocoreModels.DataDirectory != null, "CI=true but the models are missing: " + BotocoreModels.Diagnostic);
        }

        [SkippableFact]
        public void Botocore_is_new_enough_for_the_DTOs()
        {
            RequireModels();
            _output.WriteLine(BotocoreModels.Diagnostic);
            Assert.True(BotocoreModels.BotocoreVersion >= BotocoreModels.MinimumVersion,
                $"{BotocoreModels.Diagnostic}; the DTOs follow botocore {BotocoreModels.MinimumVersion} or later, " +
                "so older models report newer members and operations as unknown");
        }

        [SkippableTheory]
        [MemberData(nameof(Services))]
        public void Service_descriptor_matches_model_metadata(string modelName)
        {
            RequireModels();
            var service = AwsService.All.Single(s => s.ModelName == modelName);
            var checker = new ModelChecker(service, BotocoreModels.Load(service));
            checker.CheckMetadata();
            AssertNoProblems(checker.Problems);
        }

        [SkippableTheory]
        [MemberData(nameof(Operations))]
        public void Operation_matches_model(string modelName, string operation)
        {
            RequireModels();
            var op = OperationType.All().Single(o => o.Service.ModelName == modelName && o.Attribute.Name == operation);
            var checker = new ModelChecker(op.Service, BotocoreModels.Load(op.Service));
            checker.CheckMetadata();
            checker.CheckOperation(op);
            AssertNoProblems(checker.Problems);
        }

        [SkippableFact]
        public void Every_operation_class_is_checked()
        {
            var operations = OperationType.All();
            Assert.NotEmpty(operations);

            // Every concrete request class must say which operation it is, or it would escape the checks above.
            var requestClasses = typeof(AwsRequest).Assembly.GetTypes()
                .Where(t => typeof(AwsRequest).IsAssignableFrom(t) && !t.IsAbstract).ToList();
            var unmarked = requestClasses.Where(t => t.GetCustomAttribute<AwsOperationAttribute>() == null).Select(t => t.FullName);
            Assert.Empty(unmarked);

            var duplicates = operations.GroupBy(o => o.Key).Where(g => g.Count() > 1).Select(g => g.Key);
            Assert.Empty(duplicates);
            Assert.Equal(operations.Count, Operations().Count());

            RequireModels();
            var checkedCount = 0;
            foreach (var op in operations)
            {
                var checker = new ModelChecker(op.Service, BotocoreModels.Load(op.Service));
                checker.CheckOperation(op);
                if (!checker.Problems.Any(p => p.StartsWith("operation " + op.Attribute.Name + " is not in", StringComparison.Ordinal)))
                    checkedCount++;
            }
            _output.WriteLine($"{checkedCount} operations checked against the models");
            Assert.True(checkedCount >= operations.Count,
                $"only {checkedCount} of {operations.Count} [AwsOperation] classes were found in the models");
        }

        /// <summary>Users' task definition files are read into this class, so it must know every model member.</summary>
        [SkippableFact]
        public void RegisterTaskDefinition_request_covers_the_whole_input_shape()
        {
            RequireModels();
            var model = BotocoreModels.Load(AwsService.Ecs);
            var checker = new ModelChecker(AwsService.Ecs, model);
            var inputShape = model.GetProperty("operations").GetProperty("RegisterTaskDefinition")
                .GetProperty("input").GetProperty("shape").GetString()!;
            checker.CheckComplete(typeof(RegisterTaskDefinitionRequest), inputShape, nameof(RegisterTaskDefinitionRequest));
            AssertNoProblems(checker.Problems);
        }

        [SkippableFact]
        public void TaskDefinition_covers_the_whole_output_shape()
        {
            RequireModels();
            var model = BotocoreModels.Load(AwsService.Ecs);
            var checker = new ModelChecker(AwsService.Ecs, model);
            checker.CheckComplete(typeof(TaskDefinition), "TaskDefinition", nameof(TaskDefinition));
            AssertNoProblems(checker.Problems);
        }

        /// <summary>The few DTOs only the live tests use (to set up zones and users) must be as right as the real ones.</summary>
        [SkippableFact]
        public void Test_only_operation_classes_match_the_models()
        {
            var testOnly = typeof(ModelConformanceTests).Assembly.GetTypes()
                .Where(t => t.Namespace == "AoTech.Ecs.Tests.Aws.Live.Dtos" && t.GetCustomAttribute<AwsOperationAttribute>() != null)
                .Select(t => new OperationType(t))
                .ToList();
            Assert.NotEmpty(testOnly);
            RequireModels();
            var problems = new List<string>();
            foreach (var op in testOnly)
            {
                var checker = new ModelChecker(op.Service, BotocoreModels.Load(op.Service));
                checker.CheckOperation(op);
                problems.AddRange(checker.Problems);
            }
            AssertNoProblems(problems);
        }

        /// <summary>The checker itself must notice a wrong DTO, or every row above would pass on nothing.</summary>
        [SkippableFact]
        public void Checker_reports_wrong_names_types_and_wire_names()
        {
            RequireModels();
            var checker = new ModelChecker(AwsService.Ecs, BotocoreModels.Load(AwsService.Ecs));
            checker.CheckOperation(new OperationType(typeof(BrokenDescribeClustersRequest)));
            var text = string.Join("\n", checker.Problems);
            Assert.Contains("no member 'clustrs'", text);
            Assert.Contains("BrokenDescribeClustersRequest.Include: is Dictionary<String, String>", text);
            Assert.Contains("wire name", text);
            Assert.Contains("request class name", text);
        }

        /// <summary>Reports the check as skipped, not passed, where the models are missing; on CI that is a failure.</summary>
        private static void RequireModels()
        {
            if (BotocoreModels.DataDirectory != null) return;
            Assert.False(BotocoreModels.IsCi, "CI=true but the models are missing: " + BotocoreModels.Diagnostic);
            Skip.If(true, "No botocore models to check against: " + BotocoreModels.Diagnostic);
        }

        private static void AssertNoProblems(List<string> problems) =>
            Assert.True(problems.Count == 0, "\n" + string.Join("\n", problems));
    }

    /// <summary>A deliberately wrong DTO for the checker's own test (test assemblies are not scanned for operations).</summary>
    [AwsOperation("DescribeClusters")]
    public sealed class BrokenDescribeClustersRequest : EcsRequest<DescribeClustersResponse>
    {
        public List<string>? Clustrs { get; set; }
        public Dictionary<string, string>? Include { get; set; }
        [AwsMember(LocationName = "cluster_list")] public List<string>? Clusters { get; set; }
    }
}
