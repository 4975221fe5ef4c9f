namespace AoTech.Ecs.Stack.TaskDefinitions
{
    /// <summary>
    /// The RegisterTaskDefinition request shape of the ECS service model (2014-11-13), as a compact table read by
    /// <see cref="SchemaNode.FromTable"/>. Each member type is: s string, i integer, b boolean, d number,
    /// {Shape} a structure, [x] a list of x, &lt;x&gt; a map from string to x. A "!" before a member name marks it required.
    /// </summary>
    internal static class RegisterTaskDefinitionShapes
    {
        public const string Root = "RegisterTaskDefinitionRequest";

        public static readonly string[][] Table =
        {
            new[] { "RegisterTaskDefinitionRequest", "family:s taskRoleArn:s executionRoleArn:s networkMode:s !containerDefinitions:[{ContainerDefinition}] volumes:[{Volume}] placementConstraints:[{TaskDefinitionPlacementConstraint}] requiresCompatibilities:[s] cpu:s memory:s tags:[{Tag}] pidMode:s ipcMode:s proxyConfiguration:{ProxyConfiguration} inferenceAccelerators:[{InferenceAccelerator}] ephemeralStorage:{EphemeralStorage} runtimePlatform:{RuntimePlatform} enableFaultInjection:b" },
            new[] { "ContainerDefinition", "name:s image:s repositoryCredentials:{RepositoryCredentials} cpu:i memory:i memoryReservation:i links:[s] portMappings:[{PortMapping}] essential:b restartPolicy:{ContainerRestartPolicy} entryPoint:[s] command:[s] environment:[{KeyValuePair}] environmentFiles:[{EnvironmentFile}] mountPoints:[{MountPoint}] volumesFrom:[{VolumeFrom}] linuxParameters:{LinuxParameters} secrets:[{Secret}] dependsOn:[{ContainerDependency}] startTimeout:i stopTimeout:i versionConsistency:s hostname:s user:s workingDirectory:s disableNetworking:b privileged:b readonlyRootFilesystem:b dnsServers:[s] dnsSearchDomains:[s] extraHosts:[{HostEntry}] dockerSecurityOptions:[s] interactive:b pseudoTerminal:b dockerLabels:<s> ulimits:[{Ulimit}] logConfiguration:{LogConfiguration} healthCheck:{HealthCheck} systemControls:[{SystemControl}] resourceRequirements:[{ResourceRequirement}] firelensConfiguration:{FirelensConfiguration} credentialSpecs:[s]" },
            new[] { "RepositoryCredentials", "!credentialsParameter:s" },
            new[] { "PortMapping", "containerPort:i hostPort:i protocol:s name:s appProtocol:s containerPortRange:s" },
            new[] { "ContainerRestartPolicy", "!enabled:b ignoredExitCodes:[i] restartAttemptPeriod:i" },
            new[] { "KeyValuePair", "name:s value:s" },
            new[] { "EnvironmentFile", "!value:s !type:s" },
            new[] { "MountPoint", "sourceVolume:s containerPath:s readOnly:b" },
            new[] { "VolumeFrom", "sourceContainer:s readOnly:b" },
            new[] { "LinuxParameters", "capabilities:{KernelCapabilities} devices:[{Device}] initProcessEnabled:b sharedMemorySize:i tmpfs:[{Tmpfs}] maxSwap:i swappiness:i" },
            new[] { "KernelCapabilities", "add:[s] drop:[s]" },
            new[] { "Device", "!hostPath:s containerPath:s permissions:[s]" },
            new[] { "Tmpfs", "!containerPath:s !size:i mountOptions:[s]" },
            new[] { "Secret", "!name:s !valueFrom:s" },
            new[] { "ContainerDependency", "!containerName:s !condition:s" },
            new[] { "HostEntry", "!hostname:s !ipAddress:s" },
            new[] { "Ulimit", "!name:s !softLimit:i !hardLimit:i" },
            new[] { "LogConfiguration", "!logDriver:s options:<s> secretOptions:[{Secret}]" },
            new[] { "HealthCheck", "!command:[s] interval:i timeout:i retries:i startPeriod:i" },
            new[] { "SystemControl", "namespace:s value:s" },
            new[] { "ResourceRequirement", "!value:s !type:s" },
            new[] { "FirelensConfiguration", "!type:s options:<s>" },
            new[] { "Volume", "name:s host:{HostVolumeProperties} dockerVolumeConfiguration:{DockerVolumeConfiguration} efsVolumeConfiguration:{EFSVolumeConfiguration} s3filesVolumeConfiguration:{S3FilesVolumeConfiguration} fsxWindowsFileServerVolumeConfiguration:{FSxWindowsFileServerVolumeConfiguration} configuredAtLaunch:b" },
            new[] { "HostVolumeProperties", "sourcePath:s" },
            new[] { "DockerVolumeConfiguration", "scope:s autoprovision:b driver:s driverOpts:<s> labels:<s>" },
            new[] { "EFSVolumeConfiguration", "!fileSystemId:s rootDirectory:s transitEncryption:s transitEncryptionPort:i authorizationConfig:{EFSAuthorizationConfig}" },
            new[] { "EFSAuthorizationConfig", "accessPointId:s iam:s" },
            new[] { "S3FilesVolumeConfiguration", "!fileSystemArn:s rootDirectory:s transitEncryptionPort:i accessPointArn:s" },
            new[] { "FSxWindowsFileServerVolumeConfiguration", "!fileSystemId:s !rootDirectory:s !authorizationConfig:{FSxWindowsFileServerAuthorizationConfig}" },
            new[] { "FSxWindowsFileServerAuthorizationConfig", "!credentialsParameter:s !domain:s" },
            new[] { "TaskDefinitionPlacementConstraint", "type:s expression:s" },
            new[] { "Tag", "key:s value:s" },
            new[] { "ProxyConfiguration", "type:s !containerName:s properties:[{KeyValuePair}]" },
            new[] { "InferenceAccelerator", "!deviceName:s !deviceType:s" },
            new[] { "EphemeralStorage", "!sizeInGiB:i" },
            new[] { "RuntimePlatform", "cpuArchitecture:s operatingSystemFamily:s" },
        };
    }
}
