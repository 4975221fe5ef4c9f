# Bad input, cmdlet by cmdlet and parameter by parameter (read by BadInput.Tests.ps1).
# Every parameter of every exported cmdlet (common parameters aside) has at least one row, or is exempt with a reason.
#
# Base:   per cmdlet (or 'Cmdlet/Set' for another parameter set), arguments that are valid on their own; each row
#         replaces or adds one parameter. Placeholders: {App} an existing app, {Zone} its hosted zone, {TaskDef} a
#         valid task definition file, {Context} a build context, {Compose} a compose file, {Missing} a path that does
#         not exist, {Endpoint} the backend, {EndpointName} a shared endpoint (Set-AoEcsEndpoint), {PausedApp} an app whose blue/green rollout waits at a PAUSE hook,
#         {ClosedPort} a port nothing listens on, {PlainWeb} a web server that is not AWS ({PlainWebTls} the same over
#         https), {Big} a task definition over 64 KiB, {Fifo} a named pipe, {File:<name>} a file of Files below. A value
#         that is exactly {TimeSpanMax} or {RegistryCredential} stands for that object. Every AWS cmdlet also gets
#         -EndpointUrl {Endpoint} -Region us-east-1.
#         In {Zone}, taken.{Zone} is an alias to another app's load balancer and cname.{Zone} a CNAME.
# Rows:   Cmdlet (one name, or several for the shared AWS parameters), Parameter, Value, ErrorId (the
#         FullyQualifiedErrorId starts with it), optional BaseSet and With (other arguments the case needs), Unix
#         (needs a Unix device or pipe), Docker (needs a Docker engine) and NoCall (refused before any AWS call, reads
#         included).
# Pipeline: items piped into a cmdlet (hashtables as objects), the first bad: it gets one non-terminating error with
#         ErrorId, and the others go on (Good: how many objects come out, or 'calls' when the next item's AWS calls show it).
@{
    Base   = @{
        'Get-AoEcsApp'                   = @{ Name = '{App}' }
        'Get-AoIamPolicy'                = @{ Cmdlet = 'New-AoEcsApp' }
        'New-AoEcsApp'                   = @{ Name = 'fresh'; DomainName = 'fresh.{Zone}'; TaskDefinitionPath = '{TaskDef}' }
        'Remove-AoEcsApp'                = @{ Name = '{App}'; Confirm = $false }
        'Set-AoEcsApp'                   = @{ Name = '{App}'; DesiredCount = 1 }
        'Set-AoEcsEndpoint'              = @{ Name = '{EndpointName}' }
        'Undo-AoDeployment'              = @{ Name = '{App}'; NoWait = $true }
        'Wait-AoDeployment'              = @{ Name = '{App}' }
        # {PausedApp}: a blue/green rollout that waits at a PAUSE hook, so it can be stopped or continued.
        'Stop-AoDeployment'              = @{ Name = '{PausedApp}'; Rollback = $true; NoWait = $true }
        'Resume-AoDeployment'            = @{ Name = '{PausedApp}' }
        'Update-AoTaskDefinition'        = @{ Name = '{App}'; Image = @{ nginx = 'nginx:9.9' } }
        'Update-AoTaskDefinition/Family' = @{ Family = 'aotech-{App}'; Image = @{ nginx = 'nginx:9.9' } }
        'Publish-AoImage'                = @{ Path = '{Context}'; Repository = 'badinput/app'; NoPush = $true }
        'Publish-AoImage/Compose'        = @{ ComposeFile = '{Compose}'; NoPush = $true }
        # Pushing to ECR is when Publish-AoImage uses its AWS parameters (repository creation, registry token).
        'Publish-AoImage/Ecr'            = @{ Path = '{Context}'; Repository = '123456789012.dkr.ecr.us-east-1.amazonaws.com/badinput/app' }
        # Pushing to a registry that does not answer (its login fails first).
        'Publish-AoImage/Push'           = @{ Path = '{Context}'; Repository = '127.0.0.1:{ClosedPort}/badinput/app' }
        # Without -Confirm:$false: the test session is non-interactive.
        'Remove-AoEcsApp/Prompt'         = @{ Name = '{App}' }
        # No endpoint of that name: Get- lists none, Remove- finds nothing to remove (both valid, no change).
        'Get-AoEcsEndpoint'              = @{ Name = 'nosuch*' }
        'Remove-AoEcsEndpoint'           = @{ Name = 'nosuch'; Confirm = $false }
        'Remove-AoEcsEndpoint/Prompt'    = @{ Name = 'nosuch' }
    }

    # Task definition files the rows below name as {File:<name>}.
    Files  = @{
        'null-name.json'    = '{ "containerDefinitions": [ { "name": null, "image": "nginx:1", "memory": 64 } ] }'
        'null-image.json'   = '{ "containerDefinitions": [ { "name": "web", "image": null, "memory": 64 } ] }'
        'null-entry.json'   = '{ "containerDefinitions": [ null ] }'
        'no-essential.json' = '{ "containerDefinitions": [ { "name": "web", "image": "nginx:1", "memory": 64, "essential": false } ] }'
        'empty.json'        = ''
        # -TaskRolePolicy files, and a task definition with a privileged container (refused without -AllowPrivileged).
        'no-statement-policy.json' = '{ "Version": "2012-10-17" }'
        'privileged.json'   = '{ "containerDefinitions": [ { "name": "web", "image": "nginx:1", "memory": 64, "privileged": true, "portMappings": [ { "containerPort": 8080 } ] } ] }'
    }

    Rows   = @(
        # The AWS parameters every AWS cmdlet shares.
        @{ Cmdlet = 'Get-AoEcsApp', 'New-AoEcsApp', 'Remove-AoEcsApp', 'Set-AoEcsApp', 'Set-AoEcsEndpoint', 'Undo-AoDeployment', 'Wait-AoDeployment', 'Stop-AoDeployment', 'Resume-AoDeployment', 'Update-AoTaskDefinition', 'Get-AoEcsEndpoint', 'Remove-AoEcsEndpoint'
            Parameter = 'Region'; Value = 'Not_A_Region'; ErrorId = 'InvalidRegion' }
        @{ Cmdlet = 'Get-AoEcsApp', 'New-AoEcsApp', 'Remove-AoEcsApp', 'Set-AoEcsApp', 'Set-AoEcsEndpoint', 'Undo-AoDeployment', 'Wait-AoDeployment', 'Stop-AoDeployment', 'Resume-AoDeployment', 'Update-AoTaskDefinition', 'Get-AoEcsEndpoint', 'Remove-AoEcsEndpoint'
            Parameter = 'Region'; Value = ''; ErrorId = 'ParameterArgumentValidationError' }
        @{ Cmdlet = 'Get-AoEcsApp', 'New-AoEcsApp', 'Remove-AoEcsApp', 'Set-AoEcsApp', 'Set-AoEcsEndpoint', 'Undo-AoDeployment', 'Wait-AoDeployment', 'Stop-AoDeployment', 'Resume-AoDeployment', 'Update-AoTaskDefinition', 'Get-AoEcsEndpoint', 'Remove-AoEcsEndpoint'
            Parameter = 'Region'; Value = 'mars-1'; ErrorId = 'InvalidRegion'; NoCall = $true }
        @{ Cmdlet = 'Get-AoEcsApp', 'New-AoEcsApp', 'Remove-AoEcsApp', 'Set-AoEcsApp', 'Set-AoEcsEndpoint', 'Undo-AoDeployment', 'Wait-AoDeployment', 'Stop-AoDeployment', 'Resume-AoDeployment', 'Update-AoTaskDefinition', 'Get-AoEcsEndpoint', 'Remove-AoEcsEndpoint'
            Parameter = 'ProfileName'; Value = 'no-such-profile-badinput'; ErrorId = 'NoCredentials' }
        @{ Cmdlet = 'Get-AoEcsApp', 'New-AoEcsApp', 'Remove-AoEcsApp', 'Set-AoEcsApp', 'Set-AoEcsEndpoint', 'Undo-AoDeployment', 'Wait-AoDeployment', 'Stop-AoDeployment', 'Resume-AoDeployment', 'Update-AoTaskDefinition', 'Get-AoEcsEndpoint', 'Remove-AoEcsEndpoint'
            Parameter = 'Credential'; Value = 42; ErrorId = 'InvalidStoredCredentials' }
        @{ Cmdlet = 'Get-AoEcsApp', 'New-AoEcsApp', 'Remove-AoEcsApp', 'Set-AoEcsApp', 'Set-AoEcsEndpoint', 'Undo-AoDeployment', 'Wait-AoDeployment', 'Stop-AoDeployment', 'Resume-AoDeployment', 'Update-AoTaskDefinition', 'Get-AoEcsEndpoint', 'Remove-AoEcsEndpoint'
            Parameter = 'AccessKey'; Value = 'AKIAWITHOUTSECRET'; ErrorId = 'IncompleteCredentials' }
        @{ Cmdlet = 'Get-AoEcsApp', 'New-AoEcsApp', 'Remove-AoEcsApp', 'Set-AoEcsApp', 'Set-AoEcsEndpoint', 'Undo-AoDeployment', 'Wait-AoDeployment', 'Stop-AoDeployment', 'Resume-AoDeployment', 'Update-AoTaskDefinition', 'Get-AoEcsEndpoint', 'Remove-AoEcsEndpoint'
            Parameter = 'AccessKey'; Value = ''; ErrorId = 'ParameterArgumentValidationError' }
        @{ Cmdlet = 'Get-AoEcsApp', 'New-AoEcsApp', 'Remove-AoEcsApp', 'Set-AoEcsApp', 'Set-AoEcsEndpoint', 'Undo-AoDeployment', 'Wait-AoDeployment', 'Stop-AoDeployment', 'Resume-AoDeployment', 'Update-AoTaskDefinition', 'Get-AoEcsEndpoint', 'Remove-AoEcsEndpoint'
            Parameter = 'SecretKey'; Value = 'secret-without-key'; ErrorId = 'IncompleteCredentials' }
        @{ Cmdlet = 'Get-AoEcsApp', 'New-AoEcsApp', 'Remove-AoEcsApp', 'Set-AoEcsApp', 'Set-AoEcsEndpoint', 'Undo-AoDeployment', 'Wait-AoDeployment', 'Stop-AoDeployment', 'Resume-AoDeployment', 'Update-AoTaskDefinition', 'Get-AoEcsEndpoint', 'Remove-AoEcsEndpoint'
            Parameter = 'SessionToken'; Value = 'token-without-keys'; ErrorId = 'IncompleteCredentials' }
        @{ Cmdlet = 'Get-AoEcsApp', 'New-AoEcsApp', 'Remove-AoEcsApp', 'Set-AoEcsApp', 'Set-AoEcsEndpoint', 'Undo-AoDeployment', 'Wait-AoDeployment', 'Stop-AoDeployment', 'Resume-AoDeployment', 'Update-AoTaskDefinition', 'Get-AoEcsEndpoint', 'Remove-AoEcsEndpoint'
            Parameter = 'EndpointUrl'; Value = 'not a url'; ErrorId = 'InvalidEndpointUrl' }
        @{ Cmdlet = 'Get-AoEcsApp', 'New-AoEcsApp', 'Remove-AoEcsApp', 'Set-AoEcsApp', 'Undo-AoDeployment', 'Wait-AoDeployment', 'Stop-AoDeployment', 'Resume-AoDeployment', 'Update-AoTaskDefinition', 'Get-AoEcsEndpoint', 'Remove-AoEcsEndpoint'
            Parameter = 'EndpointUrl'; Value = 'ftp://127.0.0.1/'; ErrorId = 'InvalidEndpointUrl' }
        # Endpoints that give no AWS answer: refused at once, without retries (each cmdlet); a plain web server and a
        # TLS failure (sampled: they take the same path in every cmdlet).
        @{ Cmdlet = 'Get-AoEcsApp', 'New-AoEcsApp', 'Remove-AoEcsApp', 'Set-AoEcsApp', 'Undo-AoDeployment', 'Wait-AoDeployment', 'Stop-AoDeployment', 'Resume-AoDeployment', 'Update-AoTaskDefinition', 'Get-AoEcsEndpoint', 'Remove-AoEcsEndpoint'
            Parameter = 'EndpointUrl'; Value = 'http://127.0.0.1:{ClosedPort}'; ErrorId = 'EndpointUnreachable' }
        @{ Cmdlet = 'Get-AoEcsApp', 'New-AoEcsApp', 'Update-AoTaskDefinition'
            Parameter = 'EndpointUrl'; Value = '{PlainWeb}'; ErrorId = 'EndpointNotAws' }
        @{ Cmdlet = 'Remove-AoEcsApp', 'Set-AoEcsApp', 'Set-AoEcsEndpoint', 'Wait-AoDeployment'
            Parameter = 'EndpointUrl'; Value = '{PlainWebTls}'; ErrorId = 'EndpointTlsFailed' }

        # App names, wherever a cmdlet takes one.
        @{ Cmdlet = 'Get-AoEcsApp', 'New-AoEcsApp', 'Remove-AoEcsApp', 'Set-AoEcsApp', 'Undo-AoDeployment', 'Wait-AoDeployment', 'Stop-AoDeployment', 'Resume-AoDeployment', 'Update-AoTaskDefinition'
            Parameter = 'Name'; Value = 'Bad_Name!'; ErrorId = 'InvalidAppName' }
        @{ Cmdlet = 'New-AoEcsApp', 'Remove-AoEcsApp', 'Set-AoEcsApp', 'Undo-AoDeployment', 'Wait-AoDeployment', 'Stop-AoDeployment', 'Resume-AoDeployment', 'Update-AoTaskDefinition'
            Parameter = 'Name'; Value = 'abcdefghijklmnopqrstuvwxyz'; ErrorId = 'NameTooLong' }
        @{ Cmdlet = 'Get-AoEcsApp'; Parameter = 'Name'; Value = ''; ErrorId = 'ParameterArgumentValidationError' }

        # New-AoEcsApp
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'DomainName'; Value = 'not a domain'; ErrorId = 'InvalidDomainName' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'DomainName'; Value = 'app.nozone-badinput.example'; ErrorId = 'HostedZoneNotFound' }
        # A name someone else holds: another app's alias, or a record AoTech.Ecs did not create.
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'DomainName'; Value = 'taken.{Zone}'; ErrorId = 'DomainInUse' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'DomainName'; Value = 'cname.{Zone}'; ErrorId = 'DomainInUse' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'TaskDefinitionPath'; Value = '{Missing}/taskdef.json'; ErrorId = 'TaskDefinitionNotFound'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'TaskDefinitionPath'; Value = '{BadJson}'; ErrorId = 'InvalidTaskDefinition'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'TaskDefinitionPath'; Value = '{File:null-name.json}'; ErrorId = 'InvalidTaskDefinition'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'TaskDefinitionPath'; Value = '{File:null-image.json}'; ErrorId = 'InvalidTaskDefinition'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'TaskDefinitionPath'; Value = '{File:null-entry.json}'; ErrorId = 'InvalidTaskDefinition'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'TaskDefinitionPath'; Value = '{File:no-essential.json}'; ErrorId = 'InvalidTaskDefinition'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'TaskDefinitionPath'; Value = '{File:empty.json}'; ErrorId = 'InvalidTaskDefinition'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'TaskDefinitionPath'; Value = '{Big}'; ErrorId = 'FileTooLarge'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'TaskDefinitionPath'; Value = '{Context}'; ErrorId = 'NotAFile'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'TaskDefinitionPath'; Value = '/dev/zero'; ErrorId = 'NotAFile'; Unix = $true; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'TaskDefinitionPath'; Value = '{Fifo}'; ErrorId = 'NotAFile'; Unix = $true; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'TaskDefinitionPath'; Value = 'Env:/PATH'; ErrorId = 'NotAFileSystemPath'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'Confirm'; Value = $true; ErrorId = 'ConfirmationRequired'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'ContainerName'; Value = 'nosuch'; ErrorId = 'ContainerNotFound' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'ContainerPort'; Value = 70000; ErrorId = 'ContainerPortNotFound' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'ContainerPort'; Value = 9999; ErrorId = 'ContainerPortNotFound' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'DesiredCount'; Value = -1; ErrorId = 'ParameterArgumentValidationError' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'InstanceType'; Value = 'huge'; ErrorId = 'InvalidInstanceType' }
        # What AWS would refuse or what could not run (issue 11): no ECS AMI for the type, tasks that cannot fit, a
        # certificate domain over ACM's 64 characters.
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'InstanceType'; Value = 'mac1.metal'; ErrorId = 'UnsupportedInstanceType' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'DesiredCount'; Value = 40; With = @{ MaxSize = 1 }; ErrorId = 'InsufficientCapacity' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'DomainName'; Value = 'a-host-name-long-enough-to-pass-the-acm-limit-of-64.{Zone}'; ErrorId = 'DomainNameTooLong' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'MinSize'; Value = -1; ErrorId = 'ParameterArgumentValidationError' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'MaxSize'; Value = 100000; ErrorId = 'ParameterArgumentValidationError' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'MinSize'; Value = 5; With = @{ MaxSize = 2 }; ErrorId = 'InvalidCount' }
        # Task auto scaling (issue 13): what the input alone shows is refused before any call; what depends on the app's
        # own scaling (none for a fresh app) after the reads, before any change.
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'MinCount'; Value = -1; ErrorId = 'ParameterArgumentValidationError' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'MinCount'; Value = 2; With = @{ TargetCpuPercent = 50 }; ErrorId = 'MaxCountRequired'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'MaxCount'; Value = 0; ErrorId = 'ParameterArgumentValidationError' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'MaxCount'; Value = 3; With = @{ MinCount = 5; TargetCpuPercent = 50 }; ErrorId = 'InvalidScalingRange'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'MaxCount'; Value = 3; ErrorId = 'NoScalingTarget' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'TargetCpuPercent'; Value = 101; ErrorId = 'ParameterArgumentValidationError' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'TargetCpuPercent'; Value = 50; ErrorId = 'MaxCountRequired' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'TargetRequestsPerTask'; Value = -1; ErrorId = 'ParameterArgumentValidationError' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'TargetRequestsPerTask'; Value = 0; With = @{ TargetCpuPercent = 0; MaxCount = 3 }; ErrorId = 'NoScalingTarget'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'NoAutoScaling'; Value = $true; With = @{ MaxCount = 3 }; ErrorId = 'ScalingOptionsConflict'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'DesiredCount'; Value = 9; With = @{ MinCount = 1; MaxCount = 4; TargetCpuPercent = 50 }; ErrorId = 'DesiredCountOutsideRange'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'VpcId'; Value = 'abc'; ErrorId = 'InvalidNetwork' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'SubnetId'; Value = 'abc'; ErrorId = 'InvalidNetwork' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'Network'; Value = 'Nowhere'; ErrorId = 'CannotConvertArgumentNoMessage'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'NatGateway'; Value = 'Single'; With = @{ Network = 'Public' }; ErrorId = 'NetworkOptionsConflict'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'Egress'; Value = 'VpcEndpoints'; With = @{ VpcId = 'vpc-0123456789abcdef0' }; ErrorId = 'NetworkOptionsConflict'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'HealthCheckPath'; Value = 'no-slash'; ErrorId = 'InvalidHealthCheck' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'HealthCheckIntervalSeconds'; Value = 1; ErrorId = 'InvalidHealthCheck' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'HealthCheckTimeoutSeconds'; Value = 0; ErrorId = 'InvalidHealthCheck' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'HealthyThresholdCount'; Value = 1; ErrorId = 'InvalidHealthCheck' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'UnhealthyThresholdCount'; Value = 99; ErrorId = 'InvalidHealthCheck' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'HealthCheckMatcher'; Value = 'abc'; ErrorId = 'InvalidHealthCheck' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'DeregistrationDelaySeconds'; Value = 99999; ErrorId = 'InvalidHealthCheck' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'HealthCheckGracePeriodSeconds'; Value = -1; ErrorId = 'InvalidHealthCheck' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'AllowedCidr'; Value = '300.1.1.1/8'; ErrorId = 'InvalidCidr' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'LogRetentionDays'; Value = 2; ErrorId = 'InvalidLogRetention' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'Tag'; Value = @{ 'aws:owner' = 'x' }; ErrorId = 'InvalidTag' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'Tag'; Value = @{ 'aotech:app' = 'x' }; ErrorId = 'InvalidTag' }
        # Hardened instances and explicit IAM (issue 14): an AMI of one's own must exist and fit the instance type's
        # architecture (moto's ami-0e9271c829888680e is arm64, the default t3.small x86_64); user data within EC2's 16 KB;
        # policy documents and managed policy ARNs checked before any call.
        # A shared endpoint: its name follows the app name's rules; a path pattern the load balancer does not take, or one
        # without -Endpoint, is refused before any call.
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'Endpoint'; Value = 'Main_1'; ErrorId = 'InvalidEndpointName'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'PathPattern'; Value = 'api/*'; With = @{ Endpoint = 'main' }; ErrorId = 'InvalidPathPattern'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'PathPattern'; Value = '/api/*'; ErrorId = 'InvalidPathPattern'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'AmiId'; Value = 'ami-xyz'; ErrorId = 'InvalidAmiId'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'AmiId'; Value = 'ami-0e9271c829888680e'; ErrorId = 'AmiArchitectureMismatch' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'AmiId'; Value = 'ami-0123456789abcdef0'; ErrorId = 'AmiNotFound' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'UserData'; Value = '{Missing}/user-data.sh'; ErrorId = 'UserDataNotFound'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'UserData'; Value = '{UserDataNearLimit}'; ErrorId = 'UserDataTooLarge'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'UserData'; Value = '{Big}'; ErrorId = 'FileTooLarge'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'UserData'; Value = '{Context}'; ErrorId = 'NotAFile'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'TaskRolePolicy'; Value = '{File:no-statement-policy.json}'; ErrorId = 'InvalidPolicyDocument'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'TaskRolePolicy'; Value = '{BadJson}'; ErrorId = 'InvalidPolicyDocument'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'TaskRolePolicy'; Value = '{Missing}/policy.json'; ErrorId = 'PolicyFileNotFound'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'TaskRolePolicy'; Value = 'arn:aws:iam::aws:role/ReadOnlyAccess'; ErrorId = 'InvalidPolicyArn'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'PermissionsBoundary'; Value = 'boundary'; ErrorId = 'InvalidPolicyArn'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'TaskDefinitionPath'; Value = '{File:privileged.json}'; ErrorId = 'PrivilegedNotAllowed' }

        # Set-AoEcsApp
        @{ Cmdlet = 'Set-AoEcsApp'; Parameter = 'DesiredCount'; Value = -1; ErrorId = 'ParameterArgumentValidationError' }
        @{ Cmdlet = 'Set-AoEcsApp'; Parameter = 'MinSize'; Value = -1; ErrorId = 'ParameterArgumentValidationError' }
        @{ Cmdlet = 'Set-AoEcsApp'; Parameter = 'MaxSize'; Value = 100000; ErrorId = 'ParameterArgumentValidationError' }
        @{ Cmdlet = 'Set-AoEcsApp'; Parameter = 'MinSize'; Value = 5; With = @{ MaxSize = 2 }; ErrorId = 'InvalidScale' }
        @{ Cmdlet = 'Set-AoEcsApp'; Parameter = 'MinCount'; Value = -1; ErrorId = 'ParameterArgumentValidationError' }

        # Set-AoEcsEndpoint: New-AoEcsApp's checks, before any call; bounds against the endpoint's (MaxSize 2) once read.
        @{ Cmdlet = 'Set-AoEcsEndpoint'; Parameter = 'Name'; Value = 'Bad_Name!'; ErrorId = 'InvalidEndpointName'; NoCall = $true }
        @{ Cmdlet = 'Set-AoEcsEndpoint'; Parameter = 'Name'; Value = 'abcdefghijklmnopqrstuvwxyz'; ErrorId = 'NameTooLong'; NoCall = $true }
        @{ Cmdlet = 'Set-AoEcsEndpoint'; Parameter = 'Name'; Value = 'nosuchendpoint'; ErrorId = 'EndpointNotFound' }
        @{ Cmdlet = 'Set-AoEcsEndpoint'; Parameter = 'InstanceType'; Value = 't3'; ErrorId = 'InvalidInstanceType'; NoCall = $true }
        @{ Cmdlet = 'Set-AoEcsEndpoint'; Parameter = 'InstanceType'; Value = 'zz9.huge'; ErrorId = 'UnsupportedInstanceType' }
        @{ Cmdlet = 'Set-AoEcsEndpoint'; Parameter = 'MinSize'; Value = -1; ErrorId = 'ParameterArgumentValidationError' }
        @{ Cmdlet = 'Set-AoEcsEndpoint'; Parameter = 'MinSize'; Value = 5; With = @{ MaxSize = 3 }; ErrorId = 'InvalidCount'; NoCall = $true }
        @{ Cmdlet = 'Set-AoEcsEndpoint'; Parameter = 'MinSize'; Value = 5; ErrorId = 'InvalidCount' }
        @{ Cmdlet = 'Set-AoEcsEndpoint'; Parameter = 'MaxSize'; Value = 100000; ErrorId = 'ParameterArgumentValidationError' }
        @{ Cmdlet = 'Set-AoEcsEndpoint'; Parameter = 'AllowedCidr'; Value = '10.0.0.1/8'; ErrorId = 'InvalidCidr'; NoCall = $true }
        @{ Cmdlet = 'Set-AoEcsEndpoint'; Parameter = 'AllowedCidr'; Value = ''; ErrorId = 'ParameterArgumentValidationError' }
        @{ Cmdlet = 'Set-AoEcsEndpoint'; Parameter = 'AmiId'; Value = 'ami-1'; ErrorId = 'InvalidAmiId'; NoCall = $true }
        @{ Cmdlet = 'Set-AoEcsEndpoint'; Parameter = 'AmiId'; Value = 'ami-0123456789abcdef0'; ErrorId = 'AmiNotFound' }
        @{ Cmdlet = 'Set-AoEcsApp'; Parameter = 'MinCount'; Value = 2; With = @{ MaxCount = 4; TargetCpuPercent = 50 }; ErrorId = 'DesiredCountOutsideRange'; NoCall = $true }
        @{ Cmdlet = 'Set-AoEcsApp'; Parameter = 'MaxCount'; Value = 0; ErrorId = 'ParameterArgumentValidationError' }
        @{ Cmdlet = 'Set-AoEcsApp'; Parameter = 'MaxCount'; Value = 3; With = @{ MinCount = 5 }; ErrorId = 'InvalidScalingRange'; NoCall = $true }
        @{ Cmdlet = 'Set-AoEcsApp'; Parameter = 'TargetCpuPercent'; Value = 101; ErrorId = 'ParameterArgumentValidationError' }
        @{ Cmdlet = 'Set-AoEcsApp'; Parameter = 'TargetCpuPercent'; Value = 50; ErrorId = 'MaxCountRequired' }
        @{ Cmdlet = 'Set-AoEcsApp'; Parameter = 'TargetRequestsPerTask'; Value = 2000000; ErrorId = 'ParameterArgumentValidationError' }
        @{ Cmdlet = 'Set-AoEcsApp'; Parameter = 'NoAutoScaling'; Value = $true; With = @{ MaxCount = 3 }; ErrorId = 'ScalingOptionsConflict'; NoCall = $true }

        # Deployment strategy (Stack/Deployments): checked before any call, by both cmdlets alike.
        @{ Cmdlet = 'New-AoEcsApp', 'Set-AoEcsApp'; Parameter = 'DeploymentStrategy'; Value = 'Sideways'; ErrorId = 'CannotConvertArgumentNoMessage'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp', 'Set-AoEcsApp'; Parameter = 'BakeTime'; Value = 1441; ErrorId = 'ParameterArgumentValidationError' }
        @{ Cmdlet = 'New-AoEcsApp', 'Set-AoEcsApp'; Parameter = 'BakeTime'; Value = 5; With = @{ DeploymentStrategy = 'Rolling' }; ErrorId = 'BlueGreenOptionWithRolling'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp', 'Set-AoEcsApp'; Parameter = 'CanaryPercent'; Value = 0.05; With = @{ DeploymentStrategy = 'Canary' }; ErrorId = 'DeploymentValueOutOfRange'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp', 'Set-AoEcsApp'; Parameter = 'CanaryPercent'; Value = 10; With = @{ DeploymentStrategy = 'Linear' }; ErrorId = 'StrategyOptionMismatch'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp', 'Set-AoEcsApp'; Parameter = 'CanaryBakeTime'; Value = -1; ErrorId = 'ParameterArgumentValidationError' }
        @{ Cmdlet = 'New-AoEcsApp', 'Set-AoEcsApp'; Parameter = 'LinearStepPercent'; Value = 2.5; With = @{ DeploymentStrategy = 'Linear' }; ErrorId = 'DeploymentValueOutOfRange'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp', 'Set-AoEcsApp'; Parameter = 'LinearStepBakeTime'; Value = 3; With = @{ DeploymentStrategy = 'Canary' }; ErrorId = 'StrategyOptionMismatch'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp', 'Set-AoEcsApp'; Parameter = 'PauseAt'; Value = 'AFTER_LUNCH'; With = @{ DeploymentStrategy = 'BlueGreen' }; ErrorId = 'InvalidLifecycleStage'; NoCall = $true }
        # Request-count scaling watches one target group; a blue/green-family strategy moves production between two.
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'TargetRequestsPerTask'; Value = 100; With = @{ DeploymentStrategy = 'BlueGreen'; MaxCount = 4 }; ErrorId = 'RequestScalingWithBlueGreen'; NoCall = $true }
        @{ Cmdlet = 'Set-AoEcsApp'; Parameter = 'TargetRequestsPerTask'; Value = 100; With = @{ DeploymentStrategy = 'Canary'; MaxCount = 4 }; ErrorId = 'RequestScalingWithBlueGreen'; NoCall = $true }
        # ECS takes no PAUSE hook at the traffic shifts themselves (API_DeploymentLifecycleHook).
        @{ Cmdlet = 'New-AoEcsApp', 'Set-AoEcsApp'; Parameter = 'PauseAt'; Value = 'PRODUCTION_TRAFFIC_SHIFT'; With = @{ DeploymentStrategy = 'Canary' }; ErrorId = 'InvalidLifecycleStage'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp', 'Set-AoEcsApp'; Parameter = 'PauseAt'; Value = 'TEST_TRAFFIC_SHIFT'; With = @{ DeploymentStrategy = 'BlueGreen' }; ErrorId = 'InvalidLifecycleStage'; NoCall = $true }
        @{ Cmdlet = 'New-AoEcsApp', 'Set-AoEcsApp'; Parameter = 'TestTrafficHeader'; Value = 'Host: x'; With = @{ DeploymentStrategy = 'BlueGreen' }; ErrorId = 'InvalidTestTrafficHeader'; NoCall = $true }

        # Undo-AoDeployment, Wait-AoDeployment
        @{ Cmdlet = 'Undo-AoDeployment', 'Wait-AoDeployment', 'Stop-AoDeployment'; Parameter = 'Timeout'; Value = 'soon'; ErrorId = 'ParameterArgumentTransformationError' }
        @{ Cmdlet = 'Undo-AoDeployment', 'Wait-AoDeployment', 'Stop-AoDeployment'; Parameter = 'Timeout'; Value = '1.5:00'; ErrorId = 'ParameterArgumentTransformationError' }
        @{ Cmdlet = 'Undo-AoDeployment', 'Wait-AoDeployment', 'Stop-AoDeployment'; Parameter = 'Timeout'; Value = -5; ErrorId = 'ParameterArgumentValidationError' }
        @{ Cmdlet = 'Undo-AoDeployment', 'Wait-AoDeployment', 'Stop-AoDeployment'; Parameter = 'Timeout'; Value = '3000000'; ErrorId = 'ParameterArgumentValidationError' }
        @{ Cmdlet = 'Undo-AoDeployment', 'Wait-AoDeployment', 'Stop-AoDeployment'; Parameter = 'Timeout'; Value = '{TimeSpanMax}'; ErrorId = 'ParameterArgumentValidationError' }
        @{ Cmdlet = 'Wait-AoDeployment'; Parameter = 'DeploymentId'; Value = 'ecs-svc/0000000000000000000'; ErrorId = 'DeploymentNotFound' }
        @{ Cmdlet = 'Wait-AoDeployment', 'Stop-AoDeployment', 'Resume-AoDeployment'; Parameter = 'DeploymentId'; Value = ''; ErrorId = 'InvalidDeploymentId'; NoCall = $true }
        @{ Cmdlet = 'Wait-AoDeployment', 'Stop-AoDeployment', 'Resume-AoDeployment'; Parameter = 'DeploymentId'; Value = '  '; ErrorId = 'InvalidDeploymentId'; NoCall = $true }

        # Remove-AoEcsApp asks first (ConfirmImpact High): in a session that cannot prompt, it says so before any call.
        @{ Cmdlet = 'Remove-AoEcsApp'; BaseSet = 'Remove-AoEcsApp/Prompt'; Parameter = 'Name'; Value = '{App}'; ErrorId = 'ConfirmationRequired'; NoCall = $true }
        @{ Cmdlet = 'Remove-AoEcsApp'; Parameter = 'Confirm'; Value = $true; ErrorId = 'ConfirmationRequired'; NoCall = $true }

        # Endpoint names (Get-/Remove-AoEcsEndpoint): checked before any call; a plain name that does not exist is reported.
        @{ Cmdlet = 'Get-AoEcsEndpoint', 'Remove-AoEcsEndpoint'; Parameter = 'Name'; Value = 'Bad_Name!'; ErrorId = 'InvalidEndpointName'; NoCall = $true }
        @{ Cmdlet = 'Get-AoEcsEndpoint', 'Remove-AoEcsEndpoint'; Parameter = 'Name'; Value = 'abcdefghijklmnopqrstuvwxyz'; ErrorId = 'NameTooLong'; NoCall = $true }
        @{ Cmdlet = 'Get-AoEcsEndpoint', 'Remove-AoEcsEndpoint'; Parameter = 'Name'; Value = ''; ErrorId = 'ParameterArgumentValidationError' }
        @{ Cmdlet = 'Get-AoEcsEndpoint'; Parameter = 'Name'; Value = 'nosuch'; ErrorId = 'EndpointNotFound' }
        @{ Cmdlet = 'Remove-AoEcsEndpoint'; BaseSet = 'Remove-AoEcsEndpoint/Prompt'; Parameter = 'Name'; Value = 'nosuch'; ErrorId = 'ConfirmationRequired'; NoCall = $true }
        @{ Cmdlet = 'Remove-AoEcsEndpoint'; Parameter = 'Confirm'; Value = $true; ErrorId = 'ConfirmationRequired'; NoCall = $true }

        # Stop-AoDeployment, Resume-AoDeployment (and Wait-AoDeployment's service deployment ARN)
        @{ Cmdlet = 'Wait-AoDeployment', 'Stop-AoDeployment', 'Resume-AoDeployment'; Parameter = 'ServiceDeploymentArn'; Value = 'ecs-svc/1234567890'; ErrorId = 'InvalidServiceDeploymentArn'; NoCall = $true }
        @{ Cmdlet = 'Wait-AoDeployment', 'Stop-AoDeployment', 'Resume-AoDeployment'; Parameter = 'ServiceDeploymentArn'; Value = ''; ErrorId = 'ParameterArgumentValidationError' }
        @{ Cmdlet = 'Stop-AoDeployment', 'Resume-AoDeployment'; Parameter = 'ServiceDeploymentArn'; Value = 'arn:aws:ecs:us-east-1:123456789012:service-deployment/nosuch/nosuch/AbCdEfGhIjKl'; ErrorId = 'DeploymentNotFound' }
        @{ Cmdlet = 'Stop-AoDeployment', 'Resume-AoDeployment'; Parameter = 'DeploymentId'; Value = 'ecs-svc/0000000000000000000'; ErrorId = 'DeploymentNotFound' }
        # {App}'s rollout has finished: nothing to stop, no hook to continue.
        @{ Cmdlet = 'Stop-AoDeployment'; Parameter = 'Name'; Value = '{App}'; ErrorId = 'DeploymentNotInProgress' }
        @{ Cmdlet = 'Resume-AoDeployment'; Parameter = 'Name'; Value = '{App}'; ErrorId = 'DeploymentNotPaused' }

        # Update-AoTaskDefinition
        @{ Cmdlet = 'Update-AoTaskDefinition'; Parameter = 'Image'; Value = 'NOT VALID IMAGE'; ErrorId = 'InvalidImageReference' }
        @{ Cmdlet = 'Update-AoTaskDefinition'; Parameter = 'Image'; Value = @{ nosuch = 'nginx:1' }; ErrorId = 'ContainerNotFound' }
        @{ Cmdlet = 'Update-AoTaskDefinition'; Parameter = 'Image'; Value = @{ nginx = '' }; ErrorId = 'InvalidImageReference' }
        # Issue 19: Docker's grammar (the one Publish-AoImage uses): "UPPER/case" is an upper-case Docker Hub name, and
        # md5 is no digest algorithm Docker accepts.
        @{ Cmdlet = 'Update-AoTaskDefinition'; Parameter = 'Image'; Value = 'UPPER/case'; ErrorId = 'InvalidImageReference' }
        @{ Cmdlet = 'Update-AoTaskDefinition'; Parameter = 'Image'; Value = @{ nginx = 'nginx@md5:d41d8cd98f00b204e9800998ecf8427e' }; ErrorId = 'InvalidImageReference' }
        @{ Cmdlet = 'Update-AoTaskDefinition'; Parameter = 'Environment'; Value = @{ '' = 'x' }; ErrorId = 'InvalidEnvironmentName' }
        @{ Cmdlet = 'Update-AoTaskDefinition'; Parameter = 'Environment'; Value = @{ nosuch = @{ A = 'b' } }; ErrorId = 'ContainerNotFound' }
        @{ Cmdlet = 'Update-AoTaskDefinition'; BaseSet = 'Update-AoTaskDefinition/Family'; Parameter = 'Family'; Value = 'aotech-nosuch-family'; ErrorId = 'TaskDefinitionNotFound' }
        @{ Cmdlet = 'Update-AoTaskDefinition'; BaseSet = 'Update-AoTaskDefinition/Family'; Parameter = 'Family'; Value = ''; ErrorId = 'ParameterArgumentValidationError' }
        @{ Cmdlet = 'Update-AoTaskDefinition'; BaseSet = 'Update-AoTaskDefinition/Family'; Parameter = 'Family'; Value = 'aotech-{App}:abc'; ErrorId = 'InvalidFamily'; NoCall = $true }
        @{ Cmdlet = 'Update-AoTaskDefinition'; BaseSet = 'Update-AoTaskDefinition/Family'; Parameter = 'Family'; Value = 'aotech-{App}:0'; ErrorId = 'InvalidFamily'; NoCall = $true }

        # Publish-AoImage: Docker, a registry, and (for ECR repositories) the AWS parameters
        @{ Cmdlet = 'Publish-AoImage'; Parameter = 'Path'; Value = '{Missing}/context'; ErrorId = 'BuildContextNotFound' }
        @{ Cmdlet = 'Publish-AoImage'; Parameter = 'Dockerfile'; Value = 'Missing.Dockerfile'; ErrorId = 'DockerfileNotFound' }
        @{ Cmdlet = 'Publish-AoImage'; Parameter = 'Path'; Value = '{TaskDef}'; ErrorId = 'NotADirectory' }
        @{ Cmdlet = 'Publish-AoImage'; Parameter = 'Path'; Value = 'Env:/PATH'; ErrorId = 'NotAFileSystemPath' }
        @{ Cmdlet = 'Publish-AoImage'; Parameter = 'Dockerfile'; Value = '{Context}'; ErrorId = 'NotAFile' }
        @{ Cmdlet = 'Publish-AoImage'; BaseSet = 'Publish-AoImage/Compose'; Parameter = 'ComposeFile'; Value = '{Context}'; ErrorId = 'NotAFile' }
        @{ Cmdlet = 'Publish-AoImage'; BaseSet = 'Publish-AoImage/Push'; Parameter = 'RegistryCredential'; Value = '{RegistryCredential}'; ErrorId = 'RegistryUnreachable'; Docker = $true }
        @{ Cmdlet = 'Publish-AoImage'; Parameter = 'BuildArg'; Value = 'not-a-hashtable'; ErrorId = 'CannotConvertArgumentNoMessage' }
        @{ Cmdlet = 'Publish-AoImage'; Parameter = 'Label'; Value = 'not-a-hashtable'; ErrorId = 'CannotConvertArgumentNoMessage' }
        @{ Cmdlet = 'Publish-AoImage'; Parameter = 'Builder'; Value = 'Turbo'; ErrorId = 'CannotConvertArgumentNoMessage' }
        @{ Cmdlet = 'Publish-AoImage'; Parameter = 'Repository'; Value = 'BAD REPO'; ErrorId = 'InvalidImageTag' }
        @{ Cmdlet = 'Publish-AoImage'; Parameter = 'Repository'; Value = 'UPPER/case'; ErrorId = 'InvalidImageTag' }
        @{ Cmdlet = 'Publish-AoImage'; Parameter = 'Tag'; Value = 'bad tag!'; ErrorId = 'InvalidImageTag' }
        @{ Cmdlet = 'Publish-AoImage'; BaseSet = 'Publish-AoImage/Compose'; Parameter = 'ComposeFile'; Value = '{Missing}/compose.yaml'; ErrorId = 'ComposeFileNotFound' }
        @{ Cmdlet = 'Publish-AoImage'; BaseSet = 'Publish-AoImage/Compose'; Parameter = 'Service'; Value = 'nosuch'; ErrorId = 'ServiceNotFound' }
        @{ Cmdlet = 'Publish-AoImage'; Parameter = 'DockerHost'; Value = 'bogus://x'; ErrorId = 'DockerHostUnreachable' }
        @{ Cmdlet = 'Publish-AoImage'; Parameter = 'DockerCertPath'; Value = '{Missing}/certs'; With = @{ DockerHost = 'tcp://127.0.0.1:2376' }; ErrorId = 'DockerHostUnreachable' }
        @{ Cmdlet = 'Publish-AoImage'; Parameter = 'RegistryCredential'; Value = 42; ErrorId = 'ParameterArgumentTransformationError' }
        @{ Cmdlet = 'Publish-AoImage'; Parameter = 'Target'; Value = ''; ErrorId = 'ParameterArgumentValidationError' }
        @{ Cmdlet = 'Publish-AoImage'; BaseSet = 'Publish-AoImage/Compose'; Parameter = 'ThrottleLimit'; Value = 0; ErrorId = 'ParameterArgumentValidationError' }
        @{ Cmdlet = 'Publish-AoImage'; BaseSet = 'Publish-AoImage/Ecr'; Parameter = 'Region'; Value = 'eu-west-1'; ErrorId = 'EcrRegionMismatch' }
        @{ Cmdlet = 'Publish-AoImage'; BaseSet = 'Publish-AoImage/Ecr'; Parameter = 'EndpointUrl'; Value = 'http://127.0.0.1:{ClosedPort}'; ErrorId = 'EndpointUnreachable' }
        @{ Cmdlet = 'Publish-AoImage'; BaseSet = 'Publish-AoImage/Ecr'; Parameter = 'Region'; Value = ''; ErrorId = 'ParameterArgumentValidationError' }
        @{ Cmdlet = 'Publish-AoImage'; BaseSet = 'Publish-AoImage/Ecr'; Parameter = 'ProfileName'; Value = 'no-such-profile-badinput'; ErrorId = 'NoCredentials' }
        @{ Cmdlet = 'Publish-AoImage'; BaseSet = 'Publish-AoImage/Ecr'; Parameter = 'Credential'; Value = 42; ErrorId = 'InvalidStoredCredentials' }
        @{ Cmdlet = 'Publish-AoImage'; BaseSet = 'Publish-AoImage/Ecr'; Parameter = 'AccessKey'; Value = 'AKIAWITHOUTSECRET'; ErrorId = 'IncompleteCredentials' }
        @{ Cmdlet = 'Publish-AoImage'; BaseSet = 'Publish-AoImage/Ecr'; Parameter = 'SecretKey'; Value = 'secret-without-key'; ErrorId = 'IncompleteCredentials' }
        @{ Cmdlet = 'Publish-AoImage'; BaseSet = 'Publish-AoImage/Ecr'; Parameter = 'SessionToken'; Value = 'token-without-keys'; ErrorId = 'IncompleteCredentials' }
        @{ Cmdlet = 'Publish-AoImage'; BaseSet = 'Publish-AoImage/Ecr'; Parameter = 'EndpointUrl'; Value = 'not a url'; ErrorId = 'InvalidEndpointUrl' }
        # Get-AoIamPolicy makes no AWS call at all.
        @{ Cmdlet = 'Get-AoIamPolicy'; Parameter = 'Cmdlet'; Value = 'Get-AoIamPolicy'; ErrorId = 'UnknownCommand'; NoCall = $true }
        @{ Cmdlet = 'Get-AoIamPolicy'; Parameter = 'Cmdlet'; Value = ''; ErrorId = 'ParameterArgumentValidationError'; NoCall = $true }
        @{ Cmdlet = 'Get-AoIamPolicy'; Parameter = 'AppName'; Value = 'Web_App'; ErrorId = 'InvalidAppNamePattern'; NoCall = $true }
        @{ Cmdlet = 'Get-AoIamPolicy'; Parameter = 'AppName'; Value = ''; ErrorId = 'ParameterArgumentValidationError'; NoCall = $true }
        @{ Cmdlet = 'Get-AoIamPolicy'; Parameter = 'Region'; Value = 'mars-1'; ErrorId = 'InvalidRegion'; NoCall = $true }
        @{ Cmdlet = 'Get-AoIamPolicy'; Parameter = 'Region'; Value = ''; ErrorId = 'ParameterArgumentValidationError'; NoCall = $true }
        @{ Cmdlet = 'Get-AoIamPolicy'; Parameter = 'AccountId'; Value = '12345'; ErrorId = 'InvalidAccountId'; NoCall = $true }
        @{ Cmdlet = 'Get-AoIamPolicy'; Parameter = 'Endpoint'; Value = 'Main_Endpoint'; ErrorId = 'InvalidEndpointNamePattern'; NoCall = $true }
        @{ Cmdlet = 'Get-AoIamPolicy'; Parameter = 'Endpoint'; Value = ''; ErrorId = 'ParameterArgumentValidationError'; NoCall = $true }
    )

    Pipeline = @(
        @{ Cmdlet = 'Get-AoEcsApp'; Items = @('{App}', 42, @{ Name = '{App}' }); ErrorId = 'InvalidAppName'; Good = 2 }
        @{ Cmdlet = 'Remove-AoEcsApp'; Items = @('Bad_Name!', @{ Name = '{App}' }); With = @{ WhatIf = $true }; ErrorId = 'InvalidAppName'; Good = 'calls' }
        @{ Cmdlet = 'Set-AoEcsApp'; Items = @(@{ Name = '{App}'; DesiredCount = 'lots' }, @{ Name = '{App}'; DesiredCount = 3 })
            With = @{ WhatIf = $true }; ErrorId = 'ParameterArgumentTransformationError'; Good = 'calls' }
        @{ Cmdlet = 'Wait-AoDeployment'; Items = @(@{ Name = 'Bad_Name!' }, @{ Name = '{App}' }); ErrorId = 'InvalidAppName'; Good = 1 }
        @{ Cmdlet = 'Wait-AoDeployment'; Items = @(@{ Name = '{App}'; Id = '' }, @{ Name = '{App}' }); ErrorId = 'InvalidDeploymentId'; Good = 1 }
        @{ Cmdlet = 'Undo-AoDeployment'; Items = @(@{ Name = 'Bad_Name!' }, @{ Name = '{App}' }); With = @{ WhatIf = $true }; ErrorId = 'InvalidAppName'; Good = 'calls' }
        @{ Cmdlet = 'Stop-AoDeployment'; Items = @(@{ Name = 'Bad_Name!' }, @{ Name = '{PausedApp}' }); With = @{ WhatIf = $true }; ErrorId = 'InvalidAppName'; Good = 'calls' }
        @{ Cmdlet = 'Resume-AoDeployment'; Items = @(@{ Name = '{PausedApp}'; Id = '' }, @{ Name = '{PausedApp}' }); With = @{ WhatIf = $true }; ErrorId = 'InvalidDeploymentId'; Good = 'calls' }
        # All piped images go into one revision: with one refused, none is registered (Good = 0), and no call changes anything.
        @{ Cmdlet = 'Update-AoTaskDefinition'; Items = @(@{ Image = @{ nginx = '' } }, @{ Reference = 'nginx:9.9' }); With = @{ Name = '{App}' }
            ErrorId = 'InvalidImageReference'; Good = 0 }
        @{ Cmdlet = 'New-AoEcsApp'; Items = @(@{ Name = 'Bad_Name!'; DomainName = 'x.{Zone}' }, @{ Name = 'fresh'; DomainName = 'fresh.{Zone}' })
            With = @{ TaskDefinitionPath = '{TaskDef}'; WhatIf = $true }; ErrorId = 'InvalidAppName'; Good = 'calls' }
    )

    Exempt = @(
        @{ Cmdlet = 'Publish-AoImage'; Parameter = 'NoPush'; Reason = 'a switch: present and absent are both valid' }
        @{ Cmdlet = 'Publish-AoImage'; Parameter = 'NoCache'; Reason = 'a switch: present and absent are both valid' }
        @{ Cmdlet = 'Publish-AoImage'; Parameter = 'Pull'; Reason = 'a switch: present and absent are both valid' }
        @{ Cmdlet = 'Update-AoTaskDefinition'; Parameter = 'Deploy'; Reason = 'a switch: present and absent are both valid' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'ResetImage'; Reason = 'a switch: present and absent are both valid' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'NoSessionManager'; Reason = 'a switch: present and absent are both valid' }
        @{ Cmdlet = 'New-AoEcsApp'; Parameter = 'AllowPrivileged'; Reason = 'a switch: present and absent are both valid' }
        @{ Cmdlet = 'Undo-AoDeployment'; Parameter = 'NoWait'; Reason = 'a switch: present and absent are both valid' }
        @{ Cmdlet = 'Stop-AoDeployment'; Parameter = 'NoWait'; Reason = 'a switch: present and absent are both valid' }
        @{ Cmdlet = 'Stop-AoDeployment'; Parameter = 'Rollback'; Reason = 'a switch: present and absent are both valid' }
        @{ Cmdlet = 'Resume-AoDeployment'; Parameter = 'Rollback'; Reason = 'a switch: present and absent are both valid' }
        @{ Cmdlet = 'Remove-AoEcsEndpoint'; Parameter = 'Force'; Reason = 'a switch: present and absent are both valid (without it, apps on the endpoint are EndpointInUse: Endpoint.Tests.ps1)' }
    )
}
