namespace AoTech.Ecs.Stack.Endpoints
{
    /// <summary>
    /// Stable ErrorIds of the shared endpoint (New-AoEcsApp -Endpoint, -PathPattern, and the endpoint cmdlets). Scripts match
    /// on these strings: never rename.
    /// </summary>
    public static class EndpointErrorIds
    {
        /// <summary>An endpoint-level value given for an app differs from the endpoint's current one (never changed silently).</summary>
        public const string EndpointSettingMismatch = "EndpointSettingMismatch";
        /// <summary>An endpoint name that is not a valid name (same rules as an app name).</summary>
        public const string InvalidEndpointName = "InvalidEndpointName";
        /// <summary>A -PathPattern value the load balancer does not take (length, characters, or not starting with '/').</summary>
        public const string InvalidPathPattern = "InvalidPathPattern";
        /// <summary>The app's listener rule would shadow another app's rule on the same host, or be shadowed by it.</summary>
        public const string RouteConflict = "RouteConflict";
        /// <summary>More listener rules than a load balancer takes (100, default rules not counted).</summary>
        public const string TooManyRules = "TooManyRules";
        /// <summary>More certificates on the HTTPS listener than a load balancer takes (25, the default one not counted).</summary>
        public const string TooManyCertificates = "TooManyCertificates";
        /// <summary>More host and path values in one rule than a rule takes (5).</summary>
        public const string TooManyConditionValues = "TooManyConditionValues";
        /// <summary>More target groups on the load balancer than it takes (100).</summary>
        public const string TooManyTargetGroups = "TooManyTargetGroups";
        /// <summary>Another run holds the endpoint's lock and did not finish within the wait limit.</summary>
        public const string EndpointBusy = "EndpointBusy";
        /// <summary>
        /// The app exists on another endpoint, or as a stack of its own, than the run asks for (-Endpoint): an app does not move
        /// in place; remove it and create it again on the endpoint (see about_AoTech.Ecs).
        /// </summary>
        public const string AppEndpointMismatch = "AppEndpointMismatch";
        /// <summary>
        /// A change of one app asks for what its endpoint shares with every app on it (Set-AoEcsApp -MinSize/-MaxSize of an app
        /// on an endpoint: the instances are the endpoint's).
        /// </summary>
        public const string EndpointLevelParameter = "EndpointLevelParameter";
        /// <summary>No shared endpoint of that name in the region (Get-/Set-/Remove-AoEcsEndpoint -Name).</summary>
        public const string EndpointNotFound = "EndpointNotFound";
        /// <summary>Remove-AoEcsEndpoint without -Force while apps are on the endpoint (the message names them).</summary>
        public const string EndpointInUse = "EndpointInUse";
        /// <summary>No listener priority left between 1 and 50,000 for the app's rule.</summary>
        public const string NoRulePriorityLeft = "NoRulePriorityLeft";
    }
}
