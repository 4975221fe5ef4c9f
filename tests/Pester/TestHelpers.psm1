# Shared helpers for the Pester suites: a real AWS-compatible backend (moto_server, or the LocalStack named by
# AOTECH_TEST_ENDPOINT) behind a request-logging proxy, so tests can count what the module really sent. The proxy is
# also the layer of documented AWS behaviour (tests/tools/aws_behaviour.py, catalogued in tests/AwsBehaviour.Catalogue.md):
# on by default; -NoAwsBehaviour, or AOTECH_TEST_AWS_BEHAVIOUR=off for a whole run, leaves moto as it is.
Set-StrictMode -Version Latest

$script:ProxyScript = Join-Path $PSScriptRoot '../tools/aws_proxy.py'

function Get-FreeTcpPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Start-BackgroundProcess([string]$FileName, [string[]]$Arguments, [hashtable]$Environment) {
    $psi = [System.Diagnostics.ProcessStartInfo]::new($FileName)
    foreach ($a in $Arguments) { $psi.ArgumentList.Add($a) }
    $psi.UseShellExecute = $false
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    foreach ($k in $Environment.Keys) { $psi.Environment[$k] = [string]$Environment[$k] }
    [System.Diagnostics.Process]::Start($psi)
}

function Wait-HttpReady([string]$Url, [int]$Seconds = 60) {
    $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
    while ([DateTime]::UtcNow -lt $deadline) {
        try {
            $null = Invoke-WebRequest -Uri $Url -TimeoutSec 5 -SkipHttpErrorCheck
            return
        } catch { Start-Sleep -Milliseconds 200 }
    }
    throw "Nothing answered at $Url within $Seconds s"
}

function Start-AoTestBackend {
    <#
    .SYNOPSIS
    Starts moto_server (unless AOTECH_TEST_ENDPOINT names a running LocalStack or moto) behind the logging proxy.
    .OUTPUTS
    An object with EndpointUrl (the proxy: give it to -EndpointUrl), UpstreamUrl, and the processes it owns.
    .PARAMETER NoAwsBehaviour
    Leaves moto as it is, without the layer of documented AWS behaviour (AOTECH_TEST_AWS_BEHAVIOUR=off does so for all).
    .PARAMETER BehaviourWindow
    Seconds each documented AWS behaviour lasts (a new role refused, a Route 53 change PENDING, ...).
    .PARAMETER ServiceDeployments
    Puts the model of ECS service deployments (tests/tools/ecs_deployments.py) in front of moto's ECS: services the
    tests create or update through EndpointUrl then deploy as ECS documents it (tests/AwsBehaviour.Catalogue.md).
    #>
    param([hashtable]$MotoEnvironment = @{}, [switch]$NoAwsBehaviour, [double]$BehaviourWindow = 1.0, [switch]$ServiceDeployments)
    $moto = $null
    $upstream = $env:AOTECH_TEST_ENDPOINT
    if (-not $upstream) {
        $motoPath = (Get-Command moto_server -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
        $port = Get-FreeTcpPort
        $envs = @{ MOTO_IAM_LOAD_MANAGED_POLICIES = 'true' }
        foreach ($k in $MotoEnvironment.Keys) { $envs[$k] = $MotoEnvironment[$k] }
        $moto = Start-BackgroundProcess $motoPath @('-H', '127.0.0.1', '-p', "$port") $envs
        # moto logs every request: drain its output, or once the pipe is full it blocks mid-request and hangs.
        $moto.BeginOutputReadLine()
        $moto.BeginErrorReadLine()
        $upstream = "http://127.0.0.1:$port"
        Wait-HttpReady "$upstream/moto-api/data.json"
        # moto loads its SSM backend (AWS's public parameters with it) on the first SSM call: seconds, over ten on a
        # loaded machine. Paid here, so it never lands inside a lock lease or a grace period a test measures. Not with
        # request authentication on, where every call counts.
        if (-not $envs.ContainsKey('INITIAL_NO_AUTH_ACTION_COUNT')) {
            $null = Invoke-WebRequest -Method Post -Uri "$upstream/" -Body '{"MaxResults": 1}' -ContentType 'application/x-amz-json-1.1' `
                -Headers @{ 'X-Amz-Target' = 'AmazonSSM.DescribeParameters'
                'Authorization' = 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/ssm/aws4_request, SignedHeaders=host, Signature=0' } `
                -SkipHeaderValidation -TimeoutSec 120
        }
    }
    $python = (Get-Command python3 -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
    $behaviour = if ($NoAwsBehaviour -or $env:AOTECH_TEST_AWS_BEHAVIOUR -eq 'off') { 'off' } else { 'on' }
    $proxy = Start-BackgroundProcess $python @($script:ProxyScript, '--upstream', $upstream, '--behaviour', $behaviour,
        '--window', $BehaviourWindow.ToString([cultureinfo]::InvariantCulture),
        '--service-deployments', $(if ($ServiceDeployments) { 'on' } else { 'off' })) @{}
    $line = $proxy.StandardOutput.ReadLine()
    if ($line -notmatch '^listening (\d+)$') { throw "The request-logging proxy did not start: $line" }
    $proxy.BeginErrorReadLine()   # tracebacks of dropped connections must not fill the pipe either
    $endpoint = "http://127.0.0.1:$($Matches[1])"
    [pscustomobject]@{
        PSTypeName  = 'AoTech.TestBackend'
        EndpointUrl = $endpoint
        UpstreamUrl = $upstream
        IsMoto      = -not $env:AOTECH_TEST_ENDPOINT
        Moto        = $moto
        Proxy       = $proxy
    }
}

function Stop-AoTestBackend([Parameter(Mandatory)] $Backend) {
    foreach ($p in @($Backend.Proxy, $Backend.Moto)) {
        if ($p -and -not $p.HasExited) { try { $p.Kill($true); $p.WaitForExit(5000) | Out-Null } catch { } }
    }
}

function Reset-AoTestBackend([Parameter(Mandatory)] $Backend) {
    <# A fresh account: moto wiped, the behaviour layer and the model of ECS service deployments forget what they saw. #>
    if ($Backend.IsMoto) { $null = Invoke-RestMethod -Method Post -Uri "$($Backend.UpstreamUrl)/moto-api/reset" }
    $null = Invoke-RestMethod -Method Delete -Uri "$($Backend.EndpointUrl)/__aotech/behaviour"
    $null = Invoke-RestMethod -Method Delete -Uri "$($Backend.EndpointUrl)/__aotech/ecs-deployments"
    Clear-AoTestRequestLog $Backend
}

function Set-AoTestServiceDeployments {
    <#
    .SYNOPSIS
    Scales the model of ECS service deployments: -Minute is how many seconds a documented minute (bake times, step bake
    times, hook timeouts) lasts, -TaskStart how long a task takes to start and pass its health checks, -TaskFailure how
    long a failing task runs before ECS stops it, -Stage how long each transitional lifecycle stage lasts.
    #>
    param([Parameter(Mandatory)] $Backend, [double]$Minute = -1, [double]$TaskStart = -1, [double]$TaskFailure = -1, [double]$Stage = -1)
    $body = @{}
    if ($Minute -ge 0) { $body.minute = $Minute }
    if ($TaskStart -ge 0) { $body.taskStart = $TaskStart }
    if ($TaskFailure -ge 0) { $body.taskFailure = $TaskFailure }
    if ($Stage -ge 0) { $body.stage = $Stage }
    Invoke-RestMethod -Method Put -Uri "$($Backend.EndpointUrl)/__aotech/ecs-deployments" -Body ($body | ConvertTo-Json) -ContentType 'application/json'
}

function Get-AoTestHostText {
    <# What $Script writes to the host (the "What if:" lines of -WhatIf, for one), read from a transcript, lines joined. #>
    param([Parameter(Mandatory)] [scriptblock]$Script)
    $transcript = [System.IO.Path]::GetTempFileName()
    try {
        $null = Start-Transcript -Path $transcript -Force
        try { $null = & $Script 3>$null } finally { $null = Stop-Transcript }
        (Get-Content -Raw $transcript) -replace '\s*\r?\n\s*', ' '
    } finally { Remove-Item $transcript -ErrorAction SilentlyContinue }
}

function Get-AoTestBehaviour([Parameter(Mandatory)] $Backend) {
    <# The layer of documented AWS behaviour: Enabled, Windows, Off, Acted (hashtable: behaviour -> times it acted), Changes. #>
    $s = Invoke-RestMethod -Uri "$($Backend.EndpointUrl)/__aotech/behaviour"
    $acted = @{}
    foreach ($p in $s.acted.PSObject.Properties) { $acted[$p.Name] = [int]$p.Value }
    [pscustomobject]@{ Enabled = [bool]$s.enabled; Windows = $s.windows; Off = @($s.off); Acted = $acted; Changes = $s.changes }
}

function Set-AoTestBehaviour {
    <#
    .SYNOPSIS
    Changes the layer of documented AWS behaviour: -Window for every behaviour, -Windows per behaviour, -Off some, -Disable all.
    #>
    param([Parameter(Mandatory)] $Backend, [double]$Window = -1, [hashtable]$Windows = @{}, [string[]]$Off, [switch]$Disable, [switch]$Enable)
    $body = @{ windows = $Windows }
    if ($Window -ge 0) { $body.window = $Window }
    if ($PSBoundParameters.ContainsKey('Off')) { $body.off = @($Off) }
    if ($Disable) { $body.enabled = $false }
    if ($Enable) { $body.enabled = $true }
    $null = Invoke-RestMethod -Method Put -Uri "$($Backend.EndpointUrl)/__aotech/behaviour" -Body ($body | ConvertTo-Json) -ContentType 'application/json'
}

function Get-AoTestRequestLog([Parameter(Mandatory)] $Backend) {
    Invoke-RestMethod -Uri "$($Backend.EndpointUrl)/__aotech/requests" | ForEach-Object { $_ } | ForEach-Object {
        [pscustomobject]@{
            Service   = $_.service
            Operation = $_.operation
            Action    = $_.action
            Caller    = $_.caller
            Method    = $_.method
            Mutating  = [bool]$_.mutating
            Status    = $_.status
            Fault     = $_.fault
            Behaviour = $_.behaviour
        }
    }
}

function Clear-AoTestRequestLog([Parameter(Mandatory)] $Backend) {
    $null = Invoke-RestMethod -Method Delete -Uri "$($Backend.EndpointUrl)/__aotech/requests"
}

function Set-AoTestFault {
    <#
    .SYNOPSIS
    Turns on fault injection in the proxy: a rate of throttles/5xx/slow/dropped connections, and/or failing every
    request (with -AfterKind) after the Nth request (-FailAfter) or after the Nth mutating one (-FailAfterMutating).
    Without any of them, faults are turned off. Resets the proxy's fault counters. -MutatingOnly applies -Rate to
    mutating requests only. Kinds: throttle, 500, 503, drop (never reach the backend), slow, denied, and lost (the
    backend acts, the answer never arrives). -LoseFirst names operations whose first request has its answer lost.
    -LatencyMs delays every request, as a distant region would (benchmarks).
    #>
    param([Parameter(Mandatory)] $Backend, [double]$Rate = 0, [string[]]$Kind = @('throttle', '500', '503', 'drop'), [switch]$MutatingOnly,
        [string[]]$LoseFirst = @(),
        [int]$FailAfter = -1, [int]$FailAfterMutating = -1, [ValidateSet('throttle', '500', '503', 'drop', 'denied')][string]$AfterKind = '503',
        [int]$Seed = 1, [double]$SlowSeconds = 2, [int]$LatencyMs = 0)
    $body = @{}
    if ($Rate -gt 0 -or $FailAfter -ge 0 -or $FailAfterMutating -ge 0 -or $LoseFirst -or $LatencyMs -gt 0) {
        $body = @{ rate = $Rate; kinds = $Kind; seed = $Seed; slowSeconds = $SlowSeconds; afterKind = $AfterKind }
        if ($FailAfter -ge 0) { $body.failAfter = $FailAfter }
        if ($FailAfterMutating -ge 0) { $body.failAfterMutating = $FailAfterMutating }
        if ($MutatingOnly) { $body.mutatingOnly = $true }
        if ($LoseFirst) { $body.loseFirst = @($LoseFirst) }
        if ($LatencyMs -gt 0) { $body.latencyMs = $LatencyMs }
    }
    Invoke-RestMethod -Method Put -Uri "$($Backend.EndpointUrl)/__aotech/faults" -Body ($body | ConvertTo-Json) -ContentType 'application/json'
}

function Get-AoTestFaultState {
    <# What the proxy injected since the last Set-AoTestFault: Injected, InjectedByKind (hashtable), Forwarded. #>
    param([Parameter(Mandatory)] $Backend)
    $s = Invoke-RestMethod -Uri "$($Backend.EndpointUrl)/__aotech/faults"
    $byKind = @{}
    if ($s.injectedByKind) { foreach ($p in $s.injectedByKind.PSObject.Properties) { $byKind[$p.Name] = [int]$p.Value } }
    [pscustomobject]@{ Injected = [int]$s.injected; InjectedByKind = $byKind; Forwarded = [int]$s.forwarded }
}

function Test-AoDockerAvailable {
    <# True when a Docker engine answers. With AOTECH_REQUIRE_DOCKER set, absence is a failure, not a skip. #>
    $sock = if ($env:DOCKER_HOST) { $env:DOCKER_HOST } else { 'unix:///var/run/docker.sock' }
    $ok = $false
    if ($sock -like 'unix://*') {
        $path = $sock.Substring(7)
        if (Test-Path $path) {
            try {
                $s = [System.Net.Sockets.Socket]::new([System.Net.Sockets.AddressFamily]::Unix, [System.Net.Sockets.SocketType]::Stream, [System.Net.Sockets.ProtocolType]::Unspecified)
                $s.Connect([System.Net.Sockets.UnixDomainSocketEndPoint]::new($path)); $s.Dispose(); $ok = $true
            } catch { $ok = $false }
        }
    } else { $ok = $true }
    if (-not $ok -and $env:AOTECH_REQUIRE_DOCKER) { throw "AOTECH_REQUIRE_DOCKER is set but no Docker engine answers at $sock" }
    $ok
}

Export-ModuleMember -Function Start-AoTestBackend, Stop-AoTestBackend, Reset-AoTestBackend, Get-AoTestRequestLog,
    Clear-AoTestRequestLog, Set-AoTestFault, Get-AoTestFaultState, Get-AoTestBehaviour, Set-AoTestBehaviour,
    Set-AoTestServiceDeployments, Get-AoTestHostText, Test-AoDockerAvailable, Get-FreeTcpPort, Wait-HttpReady
