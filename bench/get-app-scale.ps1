<#
.SYNOPSIS
Figures for Get-AoEcsApp over a whole region as the apps grow: 1, 10 and 50 apps against moto, each with its AWS calls
(by operation) and wall time, straight at the backend and with -LatencyMs (default 150 ms) added to every call.
Prints figures; asserts nothing.

The apps are made straight through boto3 (tests/tools/seed_apps.py): each has the cluster, service, load balancer,
target group, Auto Scaling group and certificate Get-AoEcsApp reads, and nothing else of a stack.
Goal: the calls grow with result pages, not with apps x resources. Two reads have no batch form in AWS and stay one
per app (DescribeServices of the app's own cluster, DescribeTargetHealth of its target group); every other read is
one call per page or per batch of names.
#>
param([Parameter(Mandatory)][string]$ModulePath, [int]$LatencyMs = 150, [int[]]$Apps = @(1, 10, 50))
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
$tests = Join-Path $PSScriptRoot '../tests/Pester'
Import-Module (Join-Path $tests 'TestHelpers.psm1') -Force
$env:AWS_ACCESS_KEY_ID = 'testing'; $env:AWS_SECRET_ACCESS_KEY = 'testing'; $env:AWS_REGION = 'us-east-1'
# Without the layer of documented AWS behaviour: its windows would be measured, not the module.
$b = Start-AoTestBackend -NoAwsBehaviour -MotoEnvironment @{ MOTO_ACM_VALIDATION_WAIT = '0'; MOTO_ECS_SERVICE_RUNNING = '1' }
$seed = Join-Path $PSScriptRoot '../tests/tools/seed_apps.py'
$common = @{ EndpointUrl = $b.EndpointUrl; Region = 'us-east-1' }

try {
    $made = 0
    foreach ($n in $Apps | Sort-Object) {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $null = & python3 $seed --endpoint $b.UpstreamUrl --prefix scale --first ($made + 1) --count ($n - $made) --domain scale.example
        if ($LASTEXITCODE) { throw "seeding $n apps failed" }
        $made = $n
        "-- $n app(s) (made in $([math]::Round($clock.Elapsed.TotalSeconds, 1)) s)"
        $null = Get-AoEcsApp @common   # warm: moto loads each service on its first request
        foreach ($latency in 0, $LatencyMs) {
            $null = Set-AoTestFault $b -LatencyMs $latency
            Clear-AoTestRequestLog $b
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $listed = @(Get-AoEcsApp @common)
            $clock.Stop()
            $calls = @(Get-AoTestRequestLog $b)
            '{0,-40} {1,8:N2} s   {2,4} calls   {3} apps shown' -f "Get-AoEcsApp, $(if ($latency) { "$latency ms a call" } else { 'no latency' })",
                $clock.Elapsed.TotalSeconds, $calls.Count, $listed.Count
            if (-not $latency) {
                $calls | Group-Object Operation | Sort-Object Name | ForEach-Object { '    {0,-32} {1,4}' -f $_.Name, $_.Count }
            }
        }
        $null = Set-AoTestFault $b
    }
} finally {
    Stop-AoTestBackend $b
}
