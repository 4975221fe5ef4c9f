# Wait-AoDeployment on ECS service deployments, per strategy (rolling, blue/green, canary, linear), against moto with
# the tests' model of ECS service deployments in front (tests/tools/ecs_deployments.py), on a scaled clock:
#  - AWS calls per minute while waiting (every call Wait-AoDeployment made, by operation);
#  - the delay between the deployment's end (its finishedAt) and Wait-AoDeployment's return.
# A documented minute lasts -Minute seconds, a task takes -TaskStart seconds to start and pass its health checks, each
# transitional lifecycle stage lasts -Stage seconds; the defaults make each rollout last about 40-60 s.
param(
    [string]$ModulePath = (Join-Path $PSScriptRoot '../out/AoTech.Ecs/AoTech.Ecs.psd1'),
    [double]$Minute = 10,
    [double]$TaskStart = 15,
    [double]$Stage = 2,
    [string[]]$Strategy = @('ROLLING', 'BLUE_GREEN', 'CANARY', 'LINEAR')
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$ModulePath = (Resolve-Path $ModulePath).Path
Import-Module $ModulePath -Force
Import-Module (Join-Path $PSScriptRoot '../tests/Pester/TestHelpers.psm1') -Force
Import-Module (Join-Path $PSScriptRoot '../tests/Pester/RolloutTestApp.psm1') -Force
foreach ($k in @{ AWS_ACCESS_KEY_ID = 'testing'; AWS_SECRET_ACCESS_KEY = 'testing'; AWS_REGION = 'us-east-1' }.GetEnumerator()) {
    if (-not [Environment]::GetEnvironmentVariable($k.Key)) { [Environment]::SetEnvironmentVariable($k.Key, $k.Value) }
}

# Each strategy as an admin would configure it: bake times and steps in documented minutes.
$configurations = @{
    ROLLING    = @{ strategy = 'ROLLING'; deploymentCircuitBreaker = @{ enable = $true; rollback = $true } }
    BLUE_GREEN = @{ strategy = 'BLUE_GREEN'; bakeTimeInMinutes = 3; deploymentCircuitBreaker = @{ enable = $true; rollback = $true } }
    CANARY     = @{ strategy = 'CANARY'; bakeTimeInMinutes = 1; canaryConfiguration = @{ canaryPercent = 10; canaryBakeTimeInMinutes = 2 } }
    LINEAR     = @{ strategy = 'LINEAR'; bakeTimeInMinutes = 1; linearConfiguration = @{ stepPercent = 34; stepBakeTimeInMinutes = 1 } }
}

$backend = Start-AoTestBackend -ServiceDeployments
try {
    $null = Set-AoTestServiceDeployments $backend -Minute $Minute -TaskStart $TaskStart -Stage $Stage -TaskFailure 3
    $rows = foreach ($s in $Strategy) {
        $app = New-AoTestRolloutApp $backend -Name (New-AoTestAppName) -DesiredCount 2
        Set-AoTestDeploymentStrategy $backend $app.Name $configurations[$s]
        $started = Update-AoTaskDefinition -Name $app.Name -Image @{ aspnetapp = "$($app.Registry)/aspnetapp:2.0.0" } -Deploy -EndpointUrl $backend.EndpointUrl -Region us-east-1
        Clear-AoTestRequestLog $backend
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $done = $started | Wait-AoDeployment
        $returnedAt = [DateTimeOffset]::UtcNow
        $waited = $sw.Elapsed.TotalSeconds
        $log = @(Get-AoTestRequestLog $backend)
        $deployment = Get-AoTestServiceDeployment $backend $app.Name
        $finishedAt = [DateTimeOffset]::FromUnixTimeMilliseconds([long]([double]$deployment.finishedAt * 1000))
        $byOperation = ($log | Group-Object Operation | Sort-Object Count -Descending | ForEach-Object { "$($_.Name) $($_.Count)" }) -join ', '
        [pscustomobject]@{
            Strategy          = $s
            Status            = $done.ServiceDeploymentStatus
            'Deployment (s)'  = [math]::Round(($finishedAt - [DateTimeOffset]::FromUnixTimeMilliseconds([long]([double]$deployment.createdAt * 1000))).TotalSeconds, 1)
            'Waited (s)'      = [math]::Round($waited, 1)
            'Calls/min'       = [math]::Round($log.Count * 60 / $waited, 1)
            'End->return (s)' = [math]::Round(($returnedAt - $finishedAt).TotalSeconds, 1)
            Calls             = $byOperation
        }
    }
    "Wait-AoDeployment per strategy, against the model of ECS service deployments (a minute lasts $Minute s, a task starts in $TaskStart s, a stage lasts $Stage s)"
    $rows | Format-Table -AutoSize -Wrap | Out-String -Width 200
    'End->return: from the service deployment''s finishedAt to the moment Wait-AoDeployment returned, one call latency included.'
}
finally {
    Stop-AoTestBackend $backend
}
