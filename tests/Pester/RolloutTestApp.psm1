# Set-up for the rollout suites: a minimal app (cluster, task definition, service, optionally an Auto Scaling group)
# created with the AWS CLI straight against the backend, so the request log holds only what the module sent.
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot 'AwsCli.psm1')

function New-AoTestRolloutApp {
    <#
    .SYNOPSIS
    Creates app <Name> the way the stack names it: cluster, service and task family 'aotech-<Name>', and with
    -AutoScalingGroup the group 'aotech-<Name>-asg'. Returns the names and the first revision's ARN.
    #>
    param([Parameter(Mandatory)] $Backend, [Parameter(Mandatory)] [string]$Name, [int]$DesiredCount = 1,
        [switch]$AutoScalingGroup)
    $resource = "aotech-$Name"
    $registry = '123456789012.dkr.ecr.us-east-1.amazonaws.com'
    $null = Invoke-AoTestAws $Backend ecs create-cluster --cluster-name $resource
    $containers = @(
        @{ name = 'aspnetapp'; image = "$registry/aspnetapp:1.0.0"; memory = 256; essential = $true
           portMappings = @(@{ containerPort = 8080; hostPort = 0 })
           environment = @(@{ name = 'ASPNETCORE_ENVIRONMENT'; value = 'Production' }) }
        @{ name = 'nginx'; image = "$registry/nginx:1.27"; memory = 128; essential = $true }
    ) | ConvertTo-Json -Depth 6 -Compress
    $td = Invoke-AoTestAws $Backend ecs register-task-definition --family $resource --network-mode bridge `
        --requires-compatibilities EC2 --container-definitions $containers --tags "key=aotech:app,value=$Name"
    $null = Invoke-AoTestAws $Backend ecs create-service --cluster $resource --service-name $resource `
        --task-definition $td.taskDefinition.taskDefinitionArn --desired-count $DesiredCount
    if ($AutoScalingGroup) {
        $null = Invoke-AoTestAws $Backend ec2 create-launch-template --launch-template-name "$resource-lt" `
            --launch-template-data '{"ImageId":"ami-12c6146b","InstanceType":"t3.micro"}'
        $null = Invoke-AoTestAws $Backend autoscaling create-auto-scaling-group --auto-scaling-group-name "$resource-asg" `
            --launch-template "LaunchTemplateName=$resource-lt" --min-size 1 --max-size 2 --availability-zones us-east-1a
    }
    [pscustomobject]@{
        Name             = $Name
        Resource         = $resource
        Registry         = $registry
        FirstRevisionArn = $td.taskDefinition.taskDefinitionArn
    }
}

function Get-AoTestService {
    <# The app's service as moto keeps it, or with -ThroughLayer as the layer of documented AWS behaviour shows it. #>
    param([Parameter(Mandatory)] $Backend, [Parameter(Mandatory)] [string]$Name, [switch]$ThroughLayer)
    (Invoke-AoTestAws $Backend -ThroughLayer:$ThroughLayer ecs describe-services --cluster "aotech-$Name" --services "aotech-$Name").services[0]
}

function Set-AoTestDeploymentStrategy {
    <#
    .SYNOPSIS
    Sets the app's service deploymentConfiguration (strategy, bake times, canary or linear steps, circuit breaker,
    lifecycle hooks) with one UpdateService through the layer, as an admin would with the AWS CLI. It starts no
    deployment: the next rollout uses it.
    #>
    param([Parameter(Mandatory)] $Backend, [Parameter(Mandatory)] [string]$Name, [Parameter(Mandatory)] [hashtable]$Configuration)
    $json = $Configuration | ConvertTo-Json -Depth 8 -Compress
    $null = Invoke-AoTestAws $Backend -ThroughLayer ecs update-service --cluster "aotech-$Name" --service "aotech-$Name" --deployment-configuration $json
}

function Get-AoTestServiceDeployment {
    <# The app's current service deployment (DescribeServiceDeployments through the layer). #>
    param([Parameter(Mandatory)] $Backend, [Parameter(Mandatory)] [string]$Name)
    $arn = (Get-AoTestService $Backend $Name -ThroughLayer).currentServiceDeployment
    if ($arn) { (Invoke-AoTestAws $Backend -ThroughLayer ecs describe-service-deployments --service-deployment-arns $arn).serviceDeployments[0] }
}

function Wait-AoTestServiceDeployment {
    <# Polls the app's current service deployment until -Until holds for it ($_), or fails after -Seconds. #>
    param([Parameter(Mandatory)] $Backend, [Parameter(Mandatory)] [string]$Name, [Parameter(Mandatory)] [scriptblock]$Until, [int]$Seconds = 30)
    $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
    while ($true) {
        $d = Get-AoTestServiceDeployment $Backend $Name
        if ($d -and (@($d | Where-Object $Until).Count -gt 0)) { return $d }
        if ([DateTime]::UtcNow -gt $deadline) { throw "The service deployment of $Name did not reach the state asked for within $Seconds s: $($d | ConvertTo-Json -Depth 5 -Compress)" }
        Start-Sleep -Milliseconds 200
    }
}

function Get-AoTestRevisions {
    <# ARNs of every revision of the app's family (exact family, not the prefix match ListTaskDefinitions does). #>
    param([Parameter(Mandatory)] $Backend, [Parameter(Mandatory)] [string]$Name)
    @((Invoke-AoTestAws $Backend ecs list-task-definitions --family-prefix "aotech-$Name").taskDefinitionArns |
        Where-Object { $_ -match "/aotech-$([regex]::Escape($Name)):\d+$" })
}

function Get-AoTestListenerRoutes {
    <#
    .SYNOPSIS
    The rules of app <Name>'s HTTPS listener (on its load balancer aotech-<Name>-alb) as the layer shows them, each with
    Priority, IsDefault, IsTestRule (it also matches an HTTP header: a blue/green test listener rule), Forward (target
    group ARN -> weight; a plain forward action is weight 1) and Live (the ARNs with a weight above 0). With -Production,
    only the rule production traffic takes: the app's own rule, else (a rolling app alone on its listener) the default.
    -ListenerArn skips looking the listener up.
    #>
    param([Parameter(Mandatory)] $Backend, [Parameter(Mandatory)] [string]$Name, [string]$ListenerArn, [switch]$Production)
    if (-not $ListenerArn) {
        $lb = (Invoke-AoTestAws $Backend -ThroughLayer elbv2 describe-load-balancers --names "aotech-$Name-alb").LoadBalancers[0]
        $ListenerArn = ((Invoke-AoTestAws $Backend -ThroughLayer elbv2 describe-listeners --load-balancer-arn $lb.LoadBalancerArn).Listeners |
            Where-Object Port -eq 443).ListenerArn
    }
    $routes = foreach ($rule in (Invoke-AoTestAws $Backend -ThroughLayer elbv2 describe-rules --listener-arn $ListenerArn).Rules) {
        $forward = [ordered]@{}
        foreach ($action in @($rule.Actions | Where-Object Type -eq 'forward')) {
            $weighted = @(if ($action.PSObject.Properties['ForwardConfig'] -and $action.ForwardConfig) { $action.ForwardConfig.TargetGroups })
            if ($weighted.Count) {
                foreach ($tg in $weighted) { $forward[$tg.TargetGroupArn] = if ($tg.PSObject.Properties['Weight']) { [int]$tg.Weight } else { 1 } }
            } elseif ($action.PSObject.Properties['TargetGroupArn'] -and $action.TargetGroupArn) { $forward[$action.TargetGroupArn] = 1 }
        }
        [pscustomobject]@{
            Priority    = $rule.Priority
            IsDefault   = [bool]$rule.IsDefault
            IsTestRule  = @($rule.Conditions | Where-Object Field -eq 'http-header').Count -gt 0
            Forward     = $forward
            Live        = @($forward.Keys | Where-Object { $forward[$_] -gt 0 })
            ListenerArn = $ListenerArn
        }
    }
    if (-not $Production) { return $routes }
    $own = @($routes | Where-Object { -not $_.IsDefault -and -not $_.IsTestRule })
    if ($own.Count) { $own[0] } else { $routes | Where-Object IsDefault }
}

function New-AoTestAppName { 'r' + [guid]::NewGuid().ToString('N').Substring(0, 10) }

Export-ModuleMember -Function Invoke-AoTestAws, New-AoTestRolloutApp, Get-AoTestService, Get-AoTestRevisions, New-AoTestAppName,
    Set-AoTestDeploymentStrategy, Get-AoTestServiceDeployment, Wait-AoTestServiceDeployment, Get-AoTestListenerRoutes
