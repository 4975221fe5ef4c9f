using AoTech.Ecs.Errors;

namespace AoTech.Ecs.Stack.Endpoints
{
    /// <summary>
    /// The Application Load Balancer quotas an endpoint meets as apps join it, checked before any change. The numbers are
    /// AWS's defaults ("Quotas for your Application Load Balancers",
    /// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html): rules per load
    /// balancer 100 (default rules not counted), certificates per load balancer 25 (default certificates not counted),
    /// condition values per rule 5, target groups per load balancer 100. Listener rule priorities run from 1 to 50,000
    /// (CreateRule, https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateRule.html).
    /// </summary>
    public static class EndpointQuotas
    {
        public const int RulesPerLoadBalancer = 100;
        public const int CertificatesPerLoadBalancer = 25;
        public const int ConditionValuesPerRule = 5;
        public const int TargetGroupsPerLoadBalancer = 100;
        public const int MinPriority = 1;
        public const int MaxPriority = 50000;

        /// <summary>
        /// What the endpoint would hold once the app joins. Throws the first quota exceeded, with its ErrorId and numbers.
        /// </summary>
        public static void Check(string endpoint, string app, EndpointUsage after)
        {
            if (after.ConditionValues > ConditionValuesPerRule)
                throw Over(EndpointErrorIds.TooManyConditionValues, app,
                    $"App '{app}' routes on {after.ConditionValues} host and path values; a listener rule takes at most {ConditionValuesPerRule}.");
            if (after.Rules > RulesPerLoadBalancer)
                throw Over(EndpointErrorIds.TooManyRules, endpoint,
                    $"Endpoint '{endpoint}' would have {after.Rules} listener rules with app '{app}'; a load balancer takes at most {RulesPerLoadBalancer}.");
            if (after.Certificates > CertificatesPerLoadBalancer)
                throw Over(EndpointErrorIds.TooManyCertificates, endpoint,
                    $"Endpoint '{endpoint}' would have {after.Certificates} listener certificates besides the default with app '{app}'; " +
                    $"a load balancer takes at most {CertificatesPerLoadBalancer}.");
            if (after.TargetGroups > TargetGroupsPerLoadBalancer)
                throw Over(EndpointErrorIds.TooManyTargetGroups, endpoint,
                    $"Endpoint '{endpoint}' would have {after.TargetGroups} target groups with app '{app}'; a load balancer takes at most {TargetGroupsPerLoadBalancer}.");
        }

        private static AoEcsException Over(string errorId, string target, string message) =>
            new AoEcsException(errorId, AoErrorKind.LimitsExceeded, message, target)
            {
                RecommendedAction = "Put the app on another endpoint (New-AoEcsApp -Endpoint), or ask AWS to raise the quota and try again.",
            };
    }

    /// <summary>Counts on one endpoint's load balancer, as they would be after a change (see <see cref="EndpointQuotas.Check"/>).</summary>
    public sealed class EndpointUsage
    {
        /// <summary>Listener rules besides the default ones.</summary>
        public int Rules { get; set; }
        /// <summary>Certificates on the HTTPS listener besides its default certificate.</summary>
        public int Certificates { get; set; }
        /// <summary>Host and path values of the app's own rule.</summary>
        public int ConditionValues { get; set; }
        public int TargetGroups { get; set; }
    }
}
