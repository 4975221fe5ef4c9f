<#
.SYNOPSIS
The whole app stack with no AWS account: starts a moto_server, creates a hosted zone, runs New-AoEcsApp and
Get-AoEcsApp against it, shows the result, then removes the app and stops the server.
.EXAMPLE
dotnet tool restore && dotnet pwsh ./build.ps1 demo
#>
param([Parameter(Mandatory)][string]$ModulePath)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force

function Get-FreePort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

$saved = @{}
foreach ($k in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_PROFILE') {
    $saved[$k] = [Environment]::GetEnvironmentVariable($k)
}
# moto accepts any credentials; these exist only in this demo's process.
$env:AWS_ACCESS_KEY_ID = 'demo'; $env:AWS_SECRET_ACCESS_KEY = 'demo'; $env:AWS_REGION = 'us-east-1'
Remove-Item Env:AWS_SESSION_TOKEN, Env:AWS_PROFILE -ErrorAction SilentlyContinue

$port = Get-FreePort
$endpoint = "http://127.0.0.1:$port"
$psi = [System.Diagnostics.ProcessStartInfo]::new((Get-Command moto_server -CommandType Application | Select-Object -First 1).Source)
foreach ($a in '-H', '127.0.0.1', '-p', "$port") { $psi.ArgumentList.Add($a) }
$psi.UseShellExecute = $false
$psi.RedirectStandardOutput = $true
$psi.RedirectStandardError = $true
$psi.Environment['MOTO_IAM_LOAD_MANAGED_POLICIES'] = 'true'
$psi.Environment['MOTO_ACM_VALIDATION_WAIT'] = '3'      # certificates are "validated" after 3 s
$psi.Environment['MOTO_ECS_SERVICE_RUNNING'] = '2'      # services report their tasks as running
$moto = [System.Diagnostics.Process]::Start($psi)
try {
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while ($true) {
        try { $null = Invoke-WebRequest "$endpoint/moto-api/data.json" -TimeoutSec 2; break }
        catch { if ([DateTime]::UtcNow -gt $deadline) { throw "moto_server did not start on $endpoint" }; Start-Sleep -Milliseconds 200 }
    }
    Write-Host "moto_server listening on $endpoint"

    # The one prerequisite: a hosted zone for the domain (moto identifies the service from the credential scope).
    $zone = 'demo.example'
    $body = "<CreateHostedZoneRequest xmlns=`"https://route53.amazonaws.com/doc/2013-04-01/`"><Name>$zone</Name>" +
        "<CallerReference>$([guid]::NewGuid())</CallerReference></CreateHostedZoneRequest>"
    $auth = 'AWS4-HMAC-SHA256 Credential=demo/20260101/us-east-1/route53/aws4_request, SignedHeaders=host, Signature=0'
    $null = Invoke-RestMethod -Method Post -Uri "$endpoint/2013-04-01/hostedzone" -Body $body -ContentType 'application/xml' -Headers @{ Authorization = $auth }
    Write-Host "Hosted zone $zone created"

    $taskdef = Join-Path $PSScriptRoot 'taskdef.json'
    Write-Host "`nNew-AoEcsApp -Name web -DomainName app.$zone -TaskDefinitionPath $taskdef"
    $app = New-AoEcsApp -Name web -DomainName "app.$zone" -TaskDefinitionPath $taskdef -EndpointUrl $endpoint
    $app | Format-List Name, Url, Region, Cluster, Service, TaskDefinition, LoadBalancerDnsName, CertificateStatus
    Write-Host "Changes:"
    $app.Changes | ForEach-Object { Write-Host "  $_" }

    Write-Host "`nRe-run with the same inputs (changes nothing):"
    $again = New-AoEcsApp -Name web -DomainName "app.$zone" -TaskDefinitionPath $taskdef -EndpointUrl $endpoint
    Write-Host "  $(@($again.Changes).Count) changes"

    Write-Host "`nGet-AoEcsApp"
    Get-AoEcsApp -EndpointUrl $endpoint | Format-List Name, Url, CertificateStatus, DesiredCount, RunningCount, TaskDefinition, RolloutState, Instances, TargetHealth

    Write-Host "Remove-AoEcsApp -Name web"
    Remove-AoEcsApp -Name web -EndpointUrl $endpoint -Confirm:$false -Verbose 4>&1 | Where-Object { $_ -notlike 'AWS *' } | ForEach-Object { Write-Host "  $_" }
    $left = @(Get-AoEcsApp -EndpointUrl $endpoint)
    Write-Host "Apps left: $($left.Count)"
} finally {
    if (-not $moto.HasExited) { $moto.Kill($true); $null = $moto.WaitForExit(5000) }
    foreach ($k in $saved.Keys) { if ($null -ne $saved[$k]) { Set-Item "Env:$k" $saved[$k] } else { Remove-Item "Env:$k" -ErrorAction SilentlyContinue } }
    Write-Host 'moto_server stopped'
}
