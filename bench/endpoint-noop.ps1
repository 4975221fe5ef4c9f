<#
.SYNOPSIS
Figures for a no-op re-run of N apps on one shared endpoint (New-AoEcsApp -Endpoint), against moto: per app the AWS
calls (by operation, for the first) and the wall time, straight at the backend and with -LatencyMs (default 150 ms)
added to every call. Prints figures; asserts nothing.

The apps are made with New-AoEcsApp itself: the first creates the endpoint, the others join it, each on a host of its
own. A re-run reads only (0 mutating calls); what it reads grows with the listener's rules and certificates (one
DescribeRules and one DescribeListenerCertificates page each), not with the number of apps times resources.
#>
param([Parameter(Mandatory)][string]$ModulePath, [int]$LatencyMs = 150, [int]$Apps = 5)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
$tests = Join-Path $PSScriptRoot '../tests/Pester'
Import-Module (Join-Path $tests 'TestHelpers.psm1') -Force
Import-Module (Join-Path $tests 'AoEcsApp.TestSupport.psm1') -Force
$env:AWS_ACCESS_KEY_ID = 'testing'; $env:AWS_SECRET_ACCESS_KEY = 'testing'; $env:AWS_REGION = 'us-east-1'
# Without the layer of documented AWS behaviour: its windows would be measured, not the module.
$b = Start-AoTestBackend -NoAwsBehaviour -MotoEnvironment @{ MOTO_ACM_VALIDATION_WAIT = '0'; MOTO_ECS_SERVICE_RUNNING = '1' }
$common = @{ EndpointUrl = $b.EndpointUrl; Region = 'us-east-1' }

try {
    $zone = 'bench.example'
    $null = New-AoTestHostedZone $b $zone
    $taskdef = New-AoTestTaskDefinitionFile (Join-Path ([IO.Path]::GetTempPath()) "endpoint-noop-$PID.json")
    $names = 1..$Apps | ForEach-Object { "app$_" }
    $clock = [Diagnostics.Stopwatch]::StartNew()
    foreach ($name in $names) {
        $null = New-AoEcsApp -Name $name -DomainName "$name.$zone" -TaskDefinitionPath $taskdef -Endpoint main -DesiredCount 1 @common
    }
    "-- $Apps app(s) on endpoint main (made in $([math]::Round($clock.Elapsed.TotalSeconds, 1)) s)"
    foreach ($latency in 0, $LatencyMs) {
        $null = Set-AoTestFault $b -LatencyMs $latency
        $total = [Diagnostics.Stopwatch]::StartNew()
        $calls = 0; $mutating = 0
        foreach ($name in $names) {
            Clear-AoTestRequestLog $b
            $null = New-AoEcsApp -Name $name -DomainName "$name.$zone" -TaskDefinitionPath $taskdef -Endpoint main -DesiredCount 1 @common
            $log = @(Get-AoTestRequestLog $b)
            $calls += $log.Count; $mutating += @($log | Where-Object Mutating).Count
            if (-not $latency -and $name -eq $names[0]) {
                "    calls of one re-run ($name):"
                $log | Group-Object Operation | Sort-Object Name | ForEach-Object { '      {0,-40} {1,4}' -f $_.Name, $_.Count }
            }
        }
        $total.Stop()
        '{0,-44} {1,8:N2} s   {2,5} calls ({3:N1} an app)   {4} mutating' -f "re-run of $Apps apps, $(if ($latency) { "$latency ms a call" } else { 'no latency' })",
            $total.Elapsed.TotalSeconds, $calls, ($calls / $Apps), $mutating
    }
    $null = Set-AoTestFault $b
} finally {
    Stop-AoTestBackend $b
}
