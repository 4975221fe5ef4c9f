namespace AoTech.Ecs.Stack
{
    /// <summary>
    /// Stable ErrorIds raised by the app stack (New-/Get-/Remove-AoEcsApp). Scripts match on these strings: never rename.
    /// </summary>
    public static class StackErrorIds
    {
        public const string InvalidAppName = "InvalidAppName";
        public const string NameTooLong = "NameTooLong";
        public const string InvalidDomainName = "InvalidDomainName";
        public const string InvalidCidr = "InvalidCidr";
        public const string InvalidTag = "InvalidTag";
        public const string InvalidCount = "InvalidCount";
        public const string InvalidInstanceType = "InvalidInstanceType";
        public const string InvalidHealthCheck = "InvalidHealthCheck";
        public const string InvalidLogRetention = "InvalidLogRetention";
        public const string InvalidNetwork = "InvalidNetwork";
        public const string InvalidTaskDefinition = "InvalidTaskDefinition";
        public const string TaskDefinitionNotFound = "TaskDefinitionNotFound";
        public const string ContainerNotFound = "ContainerNotFound";
        public const string ContainerPortNotFound = "ContainerPortNotFound";
        public const string HostedZoneNotFound = "HostedZoneNotFound";
        public const string NoCredentials = Aws.AwsErrorIds.NoCredentials;
        public const string NoRegion = Aws.AwsErrorIds.NoRegion;
        public const string NotEnoughAvailabilityZones = "NotEnoughAvailabilityZones";
        public const string SubnetNotFound = "SubnetNotFound";
        public const string ResourceOwnedByOther = "ResourceOwnedByOther";
        /// <summary>
        /// The domain's name is held by another app's alias record or by a record AoTech.Ecs did not create (a CNAME, a
        /// plain A record, an alias to anything but the app's load balancer, a delegation): refused before any change.
        /// </summary>
        public const string DomainInUse = "DomainInUse";
        public const string PreflightFailed = "PreflightFailed";
        /// <summary>A given network without a public subnet in two Availability Zones for the internet-facing load balancer.</summary>
        public const string NoPublicSubnets = "NoPublicSubnets";
        /// <summary>A given network where no subnet gives container instances outbound access (NAT, or public IPs).</summary>
        public const string NoOutboundSubnets = "NoOutboundSubnets";
        /// <summary>Network options that contradict each other (-Network Public with -NatGateway or -Egress, and the like).</summary>
        public const string NetworkOptionsConflict = "NetworkOptionsConflict";
        /// <summary>A given network with no private subnet that routes out (NAT or VPC endpoints) where a private layout is asked for.</summary>
        public const string NoPrivateSubnets = "NoPrivateSubnets";
        /// <summary>A NAT gateway the app needs failed (or was not available within the wait).</summary>
        public const string NatGatewayFailed = "NatGatewayFailed";
        /// <summary>An existing private network asked to change its egress or to become public: not done in place.</summary>
        public const string NetworkChangeUnsupported = "NetworkChangeUnsupported";
        /// <summary>The domain is longer than the 64 characters ACM allows for a certificate's first domain name.</summary>
        public const string DomainNameTooLong = "DomainNameTooLong";
        /// <summary>A resource would get more than the 50 tags AWS allows (task definition file tags, -Tag and the stack's own).</summary>
        public const string TooManyTags = "TooManyTags";
        /// <summary>The instance type does not exist in the region or has no ECS-optimised Amazon Linux 2023 AMI (x86_64 or arm64 only).</summary>
        public const string UnsupportedInstanceType = "UnsupportedInstanceType";
        /// <summary>DesiredCount tasks do not fit on MaxSize instances of the type (memory or CPU, after the ECS agent's share).</summary>
        public const string InsufficientCapacity = "InsufficientCapacity";
        /// <summary>Another run holds the app's lock and did not finish within the wait limit.</summary>
        public const string AppBusy = "AppBusy";
        /// <summary>The app's lock was taken over by another run while this one was changing the stack.</summary>
        public const string AppLockLost = "AppLockLost";
        public const string AppNotFound = "AppNotFound";
        public const string AmiNotFound = "AmiNotFound";
        public const string TargetGroupInOtherVpc = "TargetGroupInOtherVpc";
        public const string CapacityProviderMismatch = "CapacityProviderMismatch";
        public const string CertificateValidationRecordMissing = "CertificateValidationRecordMissing";
        public const string CertificateValidationFailed = "CertificateValidationFailed";
        public const string CertificateValidationTimeout = "CertificateValidationTimeout";
        public const string ServiceStillDraining = "ServiceStillDraining";
        public const string TeardownTimeout = "TeardownTimeout";
        /// <summary>Route 53 did not report a record change INSYNC in time.</summary>
        public const string DnsChangeTimeout = "DnsChangeTimeout";
        /// <summary>ECS ended a capacity provider's deletion in DELETE_FAILED.</summary>
        public const string CapacityProviderDeleteFailed = "CapacityProviderDeleteFailed";
    }
}
