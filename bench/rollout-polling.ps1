# How Wait-AoDeployment polls, side by side with `aws ecs wait services-stable` (DescribeServices every 15 s, 40 times):
#  - API calls per minute while a deployment is in progress;
#  - delay between the rollout completing and the wait noticing it (worst case and mean, completion at a uniformly
#    random moment).
# Computed from the module's own poll scheduler, then measured against moto through the request-logging proxy
# (a deployment that never completes, so both waiters poll for the whole minute). -SkipMeasure for the computed part only.
param(
    [string]$ModulePath = (Join-Path $PSScriptRoot '../out/AoTech.Ecs/AoTech.Ecs.psd1'),
    [int]$Minutes = 15,
    [int]$MeasureSeconds = 60,
    [switch]$SkipMeasure
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$ModulePath = (Resolve-Path $ModulePath).Path
Import-Module $ModulePath -Force
# The scheduler lives in the core library beside the module.
$core = Get-ChildItem (Split-Path $ModulePath) -Recurse -Filter 'AoTech.Ecs.dll' | Select-Object -First 1
Add-Type -Path $core.FullName

# ---- computed: the schedule a wait follows while nothing changes (the slowest case to notice completion) ----
$schedule = [AoTech.Ecs.Waiting.PollSchedule]::Default
$start = [DateTimeOffset]::new(2026, 1, 1, 0, 0, 0, [TimeSpan]::Zero)
$scheduler = [AoTech.Ecs.Waiting.PollScheduler]::new($schedule, $start)
$end = $start.AddMinutes($Minutes)
$polls = [System.Collections.Generic.List[double]]::new()
$t = $start
while ($t -lt $end) {
    $polls.Add(($t - $start).TotalSeconds)
    $t = $t + $scheduler.Next([AoTech.Ecs.Waiting.PollResult]::Unchanged, $t)
}
$polls.Add(($end - $start).TotalSeconds)   # the last poll happens at the deadline

function Get-DelayFigures([double[]]$PollTimes) {
    # A completion at a uniform moment in a gap g waits g/2 on average and g at worst.
    $gaps = for ($i = 1; $i -lt $PollTimes.Count; $i++) { $PollTimes[$i] - $PollTimes[$i - 1] }
    $span = $PollTimes[-1] - $PollTimes[0]
    [pscustomobject]@{
        Worst = ($gaps | Measure-Object -Maximum).Maximum
        Mean  = (($gaps | ForEach-Object { $_ * $_ / 2 }) | Measure-Object -Sum).Sum / $span
    }
}
function Get-CallsInMinute([double[]]$PollTimes, [int]$Minute) {
    @($PollTimes | Where-Object { $_ -ge ($Minute - 1) * 60 -and $_ -lt $Minute * 60 }).Count
}

$stablePolls = [double[]](0..39 | ForEach-Object { $_ * 15 })
$ours = Get-DelayFigures $polls.ToArray()
$theirs = Get-DelayFigures $stablePolls
$steadyMinute = [math]::Min($Minutes, 5)

"Computed from the poll scheduler (Initial {0} s for {1} s, x{2} per quiet poll, cap {3} s; back-off {4}-{5} s when throttled)" -f `
    $schedule.Initial.TotalSeconds, $schedule.FastPhase.TotalSeconds, $schedule.Growth, $schedule.Maximum.TotalSeconds,
    $schedule.BackoffInitial.TotalSeconds, $schedule.BackoffMaximum.TotalSeconds
'{0,-52} {1,17}  {2,28}' -f '', 'Wait-AoDeployment', 'aws ecs wait services-stable'
'{0,-52} {1,17}  {2,28}' -f 'DescribeServices calls in minute 1', (Get-CallsInMinute $polls 1), (Get-CallsInMinute $stablePolls 1)
'{0,-52} {1,17}  {2,28}' -f "DescribeServices calls in minute $steadyMinute (settled)", (Get-CallsInMinute $polls $steadyMinute), (Get-CallsInMinute $stablePolls $steadyMinute)
'{0,-52} {1,17}  {2,28}' -f "DescribeServices calls over $Minutes min", $polls.Count, "$($stablePolls.Count) (gives up at 10 min)"
'{0,-52} {1,17:N1}  {2,28:N1}' -f 'worst-case delay, completion -> return (s)', $ours.Worst, $theirs.Worst
'{0,-52} {1,17:N1}  {2,28:N1}' -f 'mean delay, completion -> return (s)', $ours.Mean, $theirs.Mean
'Both add one call latency to these delays. services-stable also reports success after a circuit-breaker rollback.'

if ($SkipMeasure) { return }

# ---- measured: both waiters against moto, through the logging proxy, on a deployment that never completes ----
Import-Module (Join-Path $PSScriptRoot '../tests/Pester/TestHelpers.psm1') -Force
Import-Module (Join-Path $PSScriptRoot '../tests/Pester/RolloutTestApp.psm1') -Force
foreach ($k in @{ AWS_ACCESS_KEY_ID = 'testing'; AWS_SECRET_ACCESS_KEY = 'testing'; AWS_REGION = 'us-east-1' }.GetEnumerator()) {
    if (-not [Environment]::GetEnvironmentVariable($k.Key)) { [Environment]::SetEnvironmentVariable($k.Key, $k.Value) }
}
$backend = Start-AoTestBackend
try {
    $app = New-AoTestRolloutApp $backend -Name (New-AoTestAppName) -DesiredCount 2

    Clear-AoTestRequestLog $backend
    $sw = [Diagnostics.Stopwatch]::StartNew()
    try { $null = Wait-AoDeployment -Name $app.Name -Timeout $MeasureSeconds -EndpointUrl $backend.EndpointUrl -Region us-east-1 -ErrorAction Stop }
    catch { if ($_.FullyQualifiedErrorId -notlike 'DeploymentTimedOut,*') { throw } }
    $oursElapsed = $sw.Elapsed.TotalSeconds
    $oursLog = @(Get-AoTestRequestLog $backend)

    Clear-AoTestRequestLog $backend
    $aws = (Get-Command aws -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
    $psi = [Diagnostics.ProcessStartInfo]::new($aws)
    foreach ($a in @('--region', 'us-east-1', '--endpoint-url', $backend.EndpointUrl, 'ecs', 'wait', 'services-stable',
            '--cluster', $app.Resource, '--services', $app.Resource)) { $psi.ArgumentList.Add($a) }
    $psi.UseShellExecute = $false
    $psi.RedirectStandardError = $true
    $waiter = [Diagnostics.Process]::Start($psi)
    $sw.Restart()
    if (-not $waiter.WaitForExit($MeasureSeconds * 1000)) { $waiter.Kill($true); $null = $waiter.WaitForExit(5000) }
    $theirsElapsed = $sw.Elapsed.TotalSeconds
    $theirsLog = @(Get-AoTestRequestLog $backend)

    ''
    "Measured against moto for $MeasureSeconds s each (deployment never completes)"
    '{0,-52} {1,17}  {2,28}' -f '', 'Wait-AoDeployment', 'aws ecs wait services-stable'
    '{0,-52} {1,17}  {2,28}' -f 'DescribeServices calls', @($oursLog | Where-Object Operation -eq 'DescribeServices').Count, @($theirsLog | Where-Object Operation -eq 'DescribeServices').Count
    '{0,-52} {1,17}  {2,28}' -f 'all AWS calls', $oursLog.Count, $theirsLog.Count
    '{0,-52} {1,17:N1}  {2,28:N1}' -f 'AWS calls per minute', ($oursLog.Count * 60 / $oursElapsed), ($theirsLog.Count * 60 / $theirsElapsed)
    '{0,-52} {1,17:N1}  {2,28:N1}' -f 'wall time (s)', $oursElapsed, $theirsElapsed
    'Wait-AoDeployment also read stopped tasks once (ListTasks) to explain the timeout.'
}
finally {
    Stop-AoTestBackend $backend
}
