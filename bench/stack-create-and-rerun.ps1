<#
.SYNOPSIS
Figures for New-AoEcsApp against moto: a full create with a 5 s certificate validation wait (compared with the wait
alone), then a no-op re-run (API calls and wall time). Prints figures; asserts nothing.
Goals: the create finishes under 3 s beyond the certificate wait; the no-op re-run makes 25 calls or fewer in under 2 s.
#>
param([Parameter(Mandatory)][string]$ModulePath)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
$tests = Join-Path $PSScriptRoot '../tests/Pester'
Import-Module (Join-Path $tests 'TestHelpers.psm1') -Force
Import-Module (Join-Path $tests 'AoEcsApp.TestSupport.psm1') -Force
$env:AWS_ACCESS_KEY_ID = 'testing'; $env:AWS_SECRET_ACCESS_KEY = 'testing'; $env:AWS_REGION = 'us-east-1'
$wait = 5
$b = Start-AoTestBackend -MotoEnvironment @{ MOTO_ACM_VALIDATION_WAIT = "$wait"; MOTO_ECS_SERVICE_RUNNING = '2' }
try {
    $zone = 'bench' + [guid]::NewGuid().ToString('N').Substring(0, 6) + '.example'
    $null = New-AoTestHostedZone $b $zone
    $taskdef = New-AoTestTaskDefinitionFile (Join-Path ([IO.Path]::GetTempPath()) "bench-taskdef-$PID.json")
    $common = @{ EndpointUrl = $b.EndpointUrl; Region = 'us-east-1' }

    # moto loads each service on its first request (seconds each): warm it up with a plan-only run first.
    $null = New-AoEcsApp -Name warmup -DomainName "warmup.$zone" -TaskDefinitionPath $taskdef -WhatIf @common 6>$null
    Clear-AoTestRequestLog $b
    $create = [Diagnostics.Stopwatch]::StartNew()
    $null = New-AoEcsApp -Name bench -DomainName "www.$zone" -TaskDefinitionPath $taskdef @common
    $create.Stop()
    $createCalls = @(Get-AoTestRequestLog $b)
    $label = "full create (certificate wait $wait s)"
    '{0,-44} {1,8:N2} s   {2,4} calls ({3} mutating)' -f $label, $create.Elapsed.TotalSeconds,
        $createCalls.Count, @($createCalls | Where-Object Mutating).Count
    '{0,-44} {1,8:N2} s   (goal: under 3 s)' -f 'beyond the certificate wait', ($create.Elapsed.TotalSeconds - $wait)

    foreach ($i in 1..3) {
        Clear-AoTestRequestLog $b
        $rerun = [Diagnostics.Stopwatch]::StartNew()
        $null = New-AoEcsApp -Name bench -DomainName "www.$zone" -TaskDefinitionPath $taskdef @common
        $rerun.Stop()
        $calls = @(Get-AoTestRequestLog $b)
        '{0,-44} {1,8:N2} s   {2,4} calls ({3} mutating)   (goal: 25 calls, 2 s)' -f "no-op re-run #$i", $rerun.Elapsed.TotalSeconds,
            $calls.Count, @($calls | Where-Object Mutating).Count
    }
    $calls | Group-Object Service | Sort-Object Name | ForEach-Object { '    {0,-26} {1,3}' -f $_.Name, $_.Count }
    Remove-AoEcsApp -Name bench -Confirm:$false @common
    Remove-Item $taskdef -ErrorAction SilentlyContinue
} finally {
    Stop-AoTestBackend $b
}
