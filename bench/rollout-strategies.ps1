# Wait-AoDeployment per rollout strategy (Rolling, BlueGreen, Canary, Linear), on one app made by New-AoEcsApp with its
# own load balancer and switched between strategies with Set-AoEcsApp, against moto with the tests' model of ECS
# service deployments in front (tests/tools/ecs_deployments.py), on a scaled clock. For each strategy it prints:
#  - AWS calls per minute while waiting (every call Wait-AoDeployment made, by operation);
#  - the delay between the deployment's end (its finishedAt) and Wait-AoDeployment's return;
#  - the target group the production listener rule forwards to afterwards (ECS moves it for the blue/green family).
# A documented minute lasts -Minute seconds, a task takes -TaskStart seconds to start and pass its health checks, each
# transitional lifecycle stage lasts -Stage seconds; the defaults make each rollout last about 40-60 s.
param(
    [string]$ModulePath = (Join-Path $PSScriptRoot '../out/AoTech.Ecs/AoTech.Ecs.psd1'),
    [double]$Minute = 10,
    [double]$TaskStart = 15,
    [double]$Stage = 2,
    [ValidateSet('Rolling', 'BlueGreen', 'Canary', 'Linear')]
    [string[]]$Strategy = @('Rolling', 'BlueGreen', 'Canary', 'Linear')
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$ModulePath = (Resolve-Path $ModulePath).Path
Import-Module $ModulePath -Force
$tests = Join-Path $PSScriptRoot '../tests/Pester'
Import-Module (Join-Path $tests 'TestHelpers.psm1') -Force
Import-Module (Join-Path $tests 'AoEcsApp.TestSupport.psm1') -Force
Import-Module (Join-Path $tests 'RolloutTestApp.psm1') -Force
foreach ($k in @{ AWS_ACCESS_KEY_ID = 'testing'; AWS_SECRET_ACCESS_KEY = 'testing'; AWS_REGION = 'us-east-1' }.GetEnumerator()) {
    if (-not [Environment]::GetEnvironmentVariable($k.Key)) { [Environment]::SetEnvironmentVariable($k.Key, $k.Value) }
}

# Each strategy as a user sets it: bake times and steps in documented minutes.
$ecsName = @{ Rolling = 'ROLLING'; BlueGreen = 'BLUE_GREEN'; Canary = 'CANARY'; Linear = 'LINEAR' }
$settings = @{
    Rolling   = @{ DeploymentStrategy = 'Rolling' }
    BlueGreen = @{ DeploymentStrategy = 'BlueGreen'; BakeTime = 3 }
    Canary    = @{ DeploymentStrategy = 'Canary'; BakeTime = 1; CanaryPercent = 10; CanaryBakeTime = 2 }
    Linear    = @{ DeploymentStrategy = 'Linear'; BakeTime = 1; LinearStepPercent = 34; LinearStepBakeTime = 1 }
}

$backend = Start-AoTestBackend -ServiceDeployments -MotoEnvironment @{ MOTO_ACM_VALIDATION_WAIT = '1'; MOTO_ECS_SERVICE_RUNNING = '2' }
$taskdef = New-AoTestTaskDefinitionFile (Join-Path ([IO.Path]::GetTempPath()) "rollout-strategies-$PID.json")
try {
    $common = @{ EndpointUrl = $backend.EndpointUrl; Region = 'us-east-1' }
    $zone = 'bench.example'
    $null = New-AoTestHostedZone $backend $zone
    $app = New-AoTestAppName
    # The app is made at the model's default pace; the scaled clock applies to the rollouts measured.
    $null = New-AoEcsApp -Name $app -DomainName "www.$zone" -TaskDefinitionPath $taskdef -DesiredCount 2 @common
    $null = Set-AoTestServiceDeployments $backend -Minute $Minute -TaskStart $TaskStart -Stage $Stage -TaskFailure 3
    $minor = 27
    $rows = foreach ($s in $Strategy) {
        $set = $settings[$s]
        $null = Set-AoEcsApp -Name $app @set @common
        # A switch that changes the service's load balancers starts a deployment of its own: let it end first.
        $null = Wait-AoDeployment -Name $app @common
        $minor++
        $started = Update-AoTaskDefinition -Name $app -Image "nginx:1.$minor" -Deploy @common
        Clear-AoTestRequestLog $backend
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $done = $started | Wait-AoDeployment
        $returnedAt = [DateTimeOffset]::UtcNow
        if ($done.Strategy -ne $ecsName[$s]) { throw "The rollout ran $($done.Strategy), not $($ecsName[$s]): Set-AoEcsApp did not apply the strategy." }
        $waited = $sw.Elapsed.TotalSeconds
        $log = @(Get-AoTestRequestLog $backend)
        $deployment = Get-AoTestServiceDeployment $backend $app
        $finishedAt = [DateTimeOffset]::FromUnixTimeMilliseconds([long]([double]$deployment.finishedAt * 1000))
        $byOperation = ($log | Group-Object Operation | Sort-Object Count -Descending | ForEach-Object { "$($_.Name) $($_.Count)" }) -join ', '
        $live = (Get-AoTestListenerRoutes $backend $app -Production).Live
        $liveNames = @(foreach ($arn in $live) { ($arn -split '/')[1] }) -join ', '
        [pscustomobject]@{
            Strategy          = $s
            Status            = $done.ServiceDeploymentStatus
            'Deployment (s)'  = [math]::Round(($finishedAt - [DateTimeOffset]::FromUnixTimeMilliseconds([long]([double]$deployment.createdAt * 1000))).TotalSeconds, 1)
            'Waited (s)'      = [math]::Round($waited, 1)
            'Calls/min'       = [math]::Round($log.Count * 60 / $waited, 1)
            'End->return (s)' = [math]::Round(($returnedAt - $finishedAt).TotalSeconds, 1)
            'Live after'      = $liveNames
            Calls             = $byOperation
        }
    }
    "Wait-AoDeployment per strategy set with New-AoEcsApp/Set-AoEcsApp, against the model of ECS service deployments (a minute lasts $Minute s, a task starts in $TaskStart s, a stage lasts $Stage s)"
    $rows | Format-Table -AutoSize -Wrap | Out-String -Width 220
    'End->return: from the service deployment''s finishedAt to the moment Wait-AoDeployment returned, one call latency included.'
    'Live after: the target group the production listener rule forwards to once the rollout ended.'
}
finally {
    Stop-AoTestBackend $backend
    Remove-Item -LiteralPath $taskdef -ErrorAction SilentlyContinue
}
