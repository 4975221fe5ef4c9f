using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Elb
{
    // Listener rules and the listener's extra (SNI) certificates: what a shared endpoint routes each app with.

    /// <summary>Creates a rule for the specified listener.</summary>
    [AwsOperation("CreateRule")]
    public sealed class CreateRuleRequest : ElbRequest<CreateRuleResponse>
    {
        public string? ListenerArn { get; set; }
        public List<RuleCondition>? Conditions { get; set; }
        public int? Priority { get; set; }
        public List<ListenerAction>? Actions { get; set; }
        public List<Tag>? Tags { get; set; }
        public List<RuleTransform>? Transforms { get; set; }
    }

    public sealed class CreateRuleResponse
    {
        public List<Rule>? Rules { get; set; }
    }

    /// <summary>Describes the rules of a listener, or the given rules.</summary>
    [AwsOperation("DescribeRules")]
    public sealed class DescribeRulesRequest : ElbRequest<DescribeRulesResponse>
    {
        public string? ListenerArn { get; set; }
        public List<string>? RuleArns { get; set; }
        public string? Marker { get; set; }
        public int? PageSize { get; set; }
    }

    public sealed class DescribeRulesResponse
    {
        public List<Rule>? Rules { get; set; }
        public string? NextMarker { get; set; }
    }

    /// <summary>Replaces the conditions and actions of a rule.</summary>
    [AwsOperation("ModifyRule")]
    public sealed class ModifyRuleRequest : ElbRequest<ModifyRuleResponse>
    {
        public string? RuleArn { get; set; }
        public List<RuleCondition>? Conditions { get; set; }
        public List<ListenerAction>? Actions { get; set; }
        public List<RuleTransform>? Transforms { get; set; }
        public bool? ResetTransforms { get; set; }
    }

    public sealed class ModifyRuleResponse
    {
        public List<Rule>? Rules { get; set; }
    }

    /// <summary>Deletes a rule (not a default rule).</summary>
    [AwsOperation("DeleteRule")]
    public sealed class DeleteRuleRequest : ElbRequest<AwsEmptyResponse>
    {
        public string? RuleArn { get; set; }
    }

    /// <summary>Sets the priorities of rules in one call: the new order must have no two rules at one priority.</summary>
    [AwsOperation("SetRulePriorities")]
    public sealed class SetRulePrioritiesRequest : ElbRequest<SetRulePrioritiesResponse>
    {
        public List<RulePriorityPair>? RulePriorities { get; set; }
    }

    public sealed class SetRulePrioritiesResponse
    {
        public List<Rule>? Rules { get; set; }
    }

    /// <summary>Adds certificates to a secure listener's certificate list (served by SNI); the default one is set with ModifyListener.</summary>
    [AwsOperation("AddListenerCertificates")]
    public sealed class AddListenerCertificatesRequest : ElbRequest<AddListenerCertificatesResponse>
    {
        public string? ListenerArn { get; set; }
        public List<Certificate>? Certificates { get; set; }
    }

    public sealed class AddListenerCertificatesResponse
    {
        public List<Certificate>? Certificates { get; set; }
    }

    /// <summary>Removes certificates (not the default one) from a secure listener's certificate list.</summary>
    [AwsOperation("RemoveListenerCertificates")]
    public sealed class RemoveListenerCertificatesRequest : ElbRequest<AwsEmptyResponse>
    {
        public string? ListenerArn { get; set; }
        public List<Certificate>? Certificates { get; set; }
    }

    /// <summary>The certificates of a secure listener, the default one marked IsDefault.</summary>
    [AwsOperation("DescribeListenerCertificates")]
    public sealed class DescribeListenerCertificatesRequest : ElbRequest<DescribeListenerCertificatesResponse>
    {
        public string? ListenerArn { get; set; }
        public string? Marker { get; set; }
        public int? PageSize { get; set; }
    }

    public sealed class DescribeListenerCertificatesResponse
    {
        public List<Certificate>? Certificates { get; set; }
        public string? NextMarker { get; set; }
    }

    public sealed class Rule
    {
        public string? RuleArn { get; set; }
        /// <summary>A number as a string, or "default" for the listener's default rule.</summary>
        public string? Priority { get; set; }
        public List<RuleCondition>? Conditions { get; set; }
        public List<ListenerAction>? Actions { get; set; }
        public bool? IsDefault { get; set; }
        public List<RuleTransform>? Transforms { get; set; }
    }

    public sealed class RulePriorityPair
    {
        public string? RuleArn { get; set; }
        public int? Priority { get; set; }
    }

    public sealed class RuleCondition
    {
        public string? Field { get; set; } // host-header | path-pattern | http-header | ...
        public List<string>? Values { get; set; }
        public HostHeaderConditionConfig? HostHeaderConfig { get; set; }
        public PathPatternConditionConfig? PathPatternConfig { get; set; }
        public HttpHeaderConditionConfig? HttpHeaderConfig { get; set; }
        public QueryStringConditionConfig? QueryStringConfig { get; set; }
        public HttpRequestMethodConditionConfig? HttpRequestMethodConfig { get; set; }
        public SourceIpConditionConfig? SourceIpConfig { get; set; }
        public List<string>? RegexValues { get; set; }
    }

    public sealed class HostHeaderConditionConfig
    {
        public List<string>? Values { get; set; }
        public List<string>? RegexValues { get; set; }
    }

    public sealed class PathPatternConditionConfig
    {
        public List<string>? Values { get; set; }
        public List<string>? RegexValues { get; set; }
    }

    public sealed class HttpHeaderConditionConfig
    {
        public string? HttpHeaderName { get; set; }
        public List<string>? Values { get; set; }
        public List<string>? RegexValues { get; set; }
    }

    public sealed class QueryStringConditionConfig
    {
        public List<QueryStringKeyValuePair>? Values { get; set; }
    }

    public sealed class QueryStringKeyValuePair
    {
        public string? Key { get; set; }
        public string? Value { get; set; }
    }

    public sealed class HttpRequestMethodConditionConfig
    {
        public List<string>? Values { get; set; }
    }

    public sealed class SourceIpConditionConfig
    {
        public List<string>? Values { get; set; }
    }

    public sealed class RuleTransform
    {
        public string? Type { get; set; }
        public RewriteConfigList? HostHeaderRewriteConfig { get; set; }
        public RewriteConfigList? UrlRewriteConfig { get; set; }
    }

    /// <summary>The model's HostHeaderRewriteConfig and UrlRewriteConfig: both are a list of rewrites.</summary>
    public sealed class RewriteConfigList
    {
        public List<RewriteConfig>? Rewrites { get; set; }
    }

    public sealed class RewriteConfig
    {
        public string? Regex { get; set; }
        public string? Replace { get; set; }
    }
}
