<#
.SYNOPSIS
Figures for an app's life against moto: a full create with a 5 s certificate validation wait (compared with the wait
alone), no-op re-runs, and Remove-AoEcsApp, each with its API calls and wall time. Prints figures; asserts nothing.

Runs twice: straight at the backend, then with -LatencyMs (default 150 ms) added to every AWS call by the proxy, as a
distant region would; there the figures show how many calls run one after another.
Goals: the create finishes under 3 s beyond the certificate wait; the no-op re-run makes 34 calls or fewer in under
2 s (25 before each app had its own task role, whose policies take two reads, and a private network, six reads); with 150 ms per call, the remove
finishes under 6 s.
#>
param([Parameter(Mandatory)][string]$ModulePath, [int]$LatencyMs = 150)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
$tests = Join-Path $PSScriptRoot '../tests/Pester'
Import-Module (Join-Path $tests 'TestHelpers.psm1') -Force
Import-Module (Join-Path $tests 'AoEcsApp.TestSupport.psm1') -Force
$env:AWS_ACCESS_KEY_ID = 'testing'; $env:AWS_SECRET_ACCESS_KEY = 'testing'; $env:AWS_REGION = 'us-east-1'
$wait = 5
# Without the layer of documented AWS behaviour: its windows would be measured, not the module.
$b = Start-AoTestBackend -NoAwsBehaviour -MotoEnvironment @{ MOTO_ACM_VALIDATION_WAIT = "$wait"; MOTO_ECS_SERVICE_RUNNING = '2' }

function Measure-Step([string]$Label, [string]$Goal, [scriptblock]$Step) {
    Clear-AoTestRequestLog $b
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $null = & $Step
    $clock.Stop()
    $calls = @(Get-AoTestRequestLog $b)
    '{0,-52} {1,8:N2} s   {2,4} calls ({3} mutating)   {4}' -f $Label, $clock.Elapsed.TotalSeconds, $calls.Count,
        @($calls | Where-Object Mutating).Count, $Goal | Out-Host
    [pscustomobject]@{ Seconds = $clock.Elapsed.TotalSeconds; Calls = $calls }
}

try {
    $zone = 'bench' + [guid]::NewGuid().ToString('N').Substring(0, 6) + '.example'
    $zoneId = New-AoTestHostedZone $b $zone
    $taskdef = New-AoTestTaskDefinitionFile (Join-Path ([IO.Path]::GetTempPath()) "bench-taskdef-$PID.json")
    $common = @{ EndpointUrl = $b.EndpointUrl; Region = 'us-east-1' }

    # moto loads each service on its first request (seconds each): warm it up with a plan-only run first.
    $null = New-AoEcsApp -Name warmup -DomainName "warmup.$zone" -TaskDefinitionPath $taskdef -WhatIf @common 6>$null

    foreach ($latency in 0, $LatencyMs) {
        $app = "bench$latency"
        $null = Set-AoTestFault $b -LatencyMs $latency
        "-- $(if ($latency) { "$latency ms added to every AWS call" } else { 'straight at the backend' })"
        $create = Measure-Step "full create (certificate wait $wait s)" '' {
            New-AoEcsApp -Name $app -DomainName "$app.$zone" -TaskDefinitionPath $taskdef @common }
        '{0,-52} {1,8:N2} s   {2}' -f '  beyond the certificate wait', ($create.Seconds - $wait),
            $(if ($latency) { '' } else { '(goal: under 3 s)' })
        foreach ($i in 1..2) {
            $null = Measure-Step "no-op re-run #$i" $(if ($latency) { '' } else { '(goal: 34 calls, 2 s)' }) {
                New-AoEcsApp -Name $app -DomainName "$app.$zone" -TaskDefinitionPath $taskdef @common }
        }
        $remove = Measure-Step 'remove' $(if ($latency) { '(goal: under 6 s)' } else { '' }) {
            Remove-AoEcsApp -Name $app -Confirm:$false @common }
        $remove.Calls | Group-Object Service | Sort-Object Name | ForEach-Object { '    {0,-26} {1,3}' -f $_.Name, $_.Count }
        $left = @(Get-AoTestAppResources $b -App $app -ZoneId $zoneId -Domain "$app.$zone")
        '{0,-52} {1}' -f '  left behind after remove', $(if ($left) { $left -join ', ' } else { 'nothing' })
    }
    $null = Set-AoTestFault $b
    Remove-Item $taskdef -ErrorAction SilentlyContinue
} finally {
    Stop-AoTestBackend $b
}
