namespace AoTech.Ecs.Aws.Model
{
    /// <summary>Wire protocol of an AWS service, as named by its botocore model's metadata.protocol.</summary>
    public enum AwsProtocol { Json, Query, RestXml, Ec2 }

    /// <summary>How a C# property name becomes the model's member name when no [AwsMember] name is given.</summary>
    public enum MemberCasing
    {
        /// <summary>Model members are PascalCase, like the C# property (ACM, Tagging, ELBv2, Auto Scaling, Application Auto Scaling, IAM, Route 53).</summary>
        Pascal,
        /// <summary>Model members are lowerCamel (ECS, ECR, CloudWatch Logs): the first letter is lower-cased.</summary>
        LowerCamel,
    }

    /// <summary>
    /// Everything needed to address, sign and encode calls to one service. The values come from the
    /// botocore models (metadata section) and are checked against them by the conformance tests.
    /// </summary>
    public sealed class AwsService
    {
        private AwsService(string modelName, string apiVersion, AwsProtocol protocol, string signingName,
            string endpointPrefix, string endpointEnvName, MemberCasing casing,
            string? targetPrefix = null, string? xmlNamespace = null, string? globalHost = null, string? iamPrefix = null)
        {
            IamPrefix = iamPrefix ?? signingName;
            ModelName = modelName;
            ApiVersion = apiVersion;
            Protocol = protocol;
            SigningName = signingName;
            EndpointPrefix = endpointPrefix;
            EndpointEnvName = endpointEnvName;
            Casing = casing;
            TargetPrefix = targetPrefix;
            XmlNamespace = xmlNamespace;
            GlobalHost = globalHost;
        }

        /// <summary>botocore model directory, e.g. "elbv2".</summary>
        public string ModelName { get; }
        public string ApiVersion { get; }
        public AwsProtocol Protocol { get; }
        /// <summary>Service name in the SigV4 credential scope.</summary>
        public string SigningName { get; }
        /// <summary>First label of the regional host name: {prefix}.{region}.amazonaws.com.</summary>
        public string EndpointPrefix { get; }
        /// <summary>Suffix of the AWS_ENDPOINT_URL_&lt;SERVICE&gt; override variable (the service id, upper-case, spaces as underscores).</summary>
        public string EndpointEnvName { get; }
        public MemberCasing Casing { get; }
        /// <summary>JSON protocol: X-Amz-Target prefix.</summary>
        public string? TargetPrefix { get; }
        /// <summary>XML namespace for rest-xml request bodies.</summary>
        public string? XmlNamespace { get; }
        /// <summary>Global services (IAM, Route 53) have one host and always sign for us-east-1.</summary>
        public string? GlobalHost { get; }
        public bool IsGlobal => GlobalHost != null;
        /// <summary>Prefix of the service's IAM actions ("tag" for the Tagging API), from the Service Authorization Reference.</summary>
        public string IamPrefix { get; }

        public override string ToString() => ModelName;

        public static readonly AwsService Ecs = new AwsService("ecs", "2014-11-13", AwsProtocol.Json, "ecs", "ecs", "ECS",
            MemberCasing.LowerCamel, targetPrefix: "AmazonEC2ContainerServiceV20141113");
        public static readonly AwsService ElasticLoadBalancingV2 = new AwsService("elbv2", "2015-12-01", AwsProtocol.Query,
            "elasticloadbalancing", "elasticloadbalancing", "ELASTIC_LOAD_BALANCING_V2", MemberCasing.Pascal);
        public static readonly AwsService AutoScaling = new AwsService("autoscaling", "2011-01-01", AwsProtocol.Query,
            "autoscaling", "autoscaling", "AUTO_SCALING", MemberCasing.Pascal);
        public static readonly AwsService Route53 = new AwsService("route53", "2013-04-01", AwsProtocol.RestXml, "route53",
            "route53", "ROUTE_53", MemberCasing.Pascal, xmlNamespace: "https://route53.amazonaws.com/doc/2013-04-01/",
            globalHost: "route53.amazonaws.com");
        public static readonly AwsService Acm = new AwsService("acm", "2015-12-08", AwsProtocol.Json, "acm", "acm", "ACM",
            MemberCasing.Pascal, targetPrefix: "CertificateManager");
        public static readonly AwsService Ecr = new AwsService("ecr", "2015-09-21", AwsProtocol.Json, "ecr", "api.ecr", "ECR",
            MemberCasing.LowerCamel, targetPrefix: "AmazonEC2ContainerRegistry_V20150921");
        public static readonly AwsService Iam = new AwsService("iam", "2010-05-08", AwsProtocol.Query, "iam", "iam", "IAM",
            MemberCasing.Pascal, globalHost: "iam.amazonaws.com");
        public static readonly AwsService Logs = new AwsService("logs", "2014-03-28", AwsProtocol.Json, "logs", "logs",
            "CLOUDWATCH_LOGS", MemberCasing.LowerCamel, targetPrefix: "Logs_20140328");
        public static readonly AwsService Tagging = new AwsService("resourcegroupstaggingapi", "2017-01-26", AwsProtocol.Json,
            "tagging", "tagging", "RESOURCE_GROUPS_TAGGING_API", MemberCasing.Pascal,
            targetPrefix: "ResourceGroupsTaggingAPI_20170126", iamPrefix: "tag");
        public static readonly AwsService ApplicationAutoScaling = new AwsService("application-autoscaling", "2016-02-06",
            AwsProtocol.Json, "application-autoscaling", "application-autoscaling", "APPLICATION_AUTO_SCALING", MemberCasing.Pascal,
            targetPrefix: "AnyScaleFrontendService");
        // Served through their AWSSDK packages; described here so endpoints and signing scope resolve the same way.
        public static readonly AwsService Ec2 = new AwsService("ec2", "2016-11-15", AwsProtocol.Ec2, "ec2", "ec2", "EC2",
            MemberCasing.Pascal);
        public static readonly AwsService Ssm = new AwsService("ssm", "2014-11-06", AwsProtocol.Json, "ssm", "ssm", "SSM",
            MemberCasing.Pascal, targetPrefix: "AmazonSSM");
        public static readonly AwsService Sts = new AwsService("sts", "2011-06-15", AwsProtocol.Query, "sts", "sts", "STS",
            MemberCasing.Pascal);

        public static readonly AwsService[] All =
            { Ecs, ElasticLoadBalancingV2, AutoScaling, Route53, Acm, Ecr, Iam, Logs, Tagging, ApplicationAutoScaling, Ec2, Ssm, Sts };
    }
}
