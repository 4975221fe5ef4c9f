# Runs every Pester suite in this process (started fresh by build.ps1) and writes the counts as JSON.
param(
    [Parameter(Mandatory)][string]$PesterPath,
    [Parameter(Mandatory)][string]$ModulePath,
    [Parameter(Mandatory)][string]$ResultFile,
    [string]$Filter = $(if ($env:AOTECH_PESTER_FILTER) { $env:AOTECH_PESTER_FILTER } else { '*' })
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -Force
# Tests talk to moto/LocalStack with dummy credentials and never probe instance metadata.
$env:AOTECH_MODULE_PATH = (Resolve-Path $ModulePath).Path
$env:AWS_ACCESS_KEY_ID = 'testing'
$env:AWS_SECRET_ACCESS_KEY = 'testing'
$env:AWS_REGION = 'us-east-1'
$env:AWS_EC2_METADATA_DISABLED = 'true'
Remove-Item Env:AWS_SESSION_TOKEN, Env:AWS_PROFILE, Env:AWS_DEFAULT_REGION -ErrorAction SilentlyContinue

# Every AWS call the module makes in this run, by the command that made it (tests/tools/aws_proxy.py writes it); the
# run ends by holding each against that command's IAM policy (tests/PolicyCheck/).
$env:AOTECH_TEST_ACTION_LOG = Join-Path (Split-Path -Parent ([System.IO.Path]::GetFullPath($ResultFile))) 'aws-actions.jsonl'
Remove-Item $env:AOTECH_TEST_ACTION_LOG -ErrorAction SilentlyContinue

$config = New-PesterConfiguration
# A comma-separated list of patterns runs several files: -PesterFilter 'BadInput,New-AoEcsApp'.
$config.Run.Path = @($Filter -split ',' | ForEach-Object {
        Get-ChildItem (Join-Path $PSScriptRoot 'Pester') -Filter "$($_.Trim()).Tests.ps1" | ForEach-Object FullName
    } | Sort-Object -Unique)
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.Should.ErrorAction = 'Continue'
if (-not $config.Run.Path.Value) {
    @{ Passed = 0; Failed = 0; Skipped = 0; Failures = @() } | ConvertTo-Json | Set-Content $ResultFile
    return
}
$result = Invoke-Pester -Configuration $config
# Last, whatever ran: every AWS call recorded above against the IAM policy of the cmdlet that made it.
$config.Run.Path = @(Join-Path $PSScriptRoot 'PolicyCheck/RecordedCalls.Tests.ps1')
$policy = Invoke-Pester -Configuration $config
# Containers that failed to run (syntax errors, BeforeAll failures) count as failures too.
$brokenContainers = @(@($result, $policy).Containers | Where-Object { $_.Result -eq 'Failed' -and $_.FailedCount -eq 0 })
# Names (and the first line of the reason) of what failed, so the run's closing lines say what to look at.
$failures = @(
    @($result.Failed) + @($policy.Failed) | Where-Object { $_ } | ForEach-Object {
        # A test failed by its block's BeforeAll has no error of its own.
        $why = @($_.ErrorRecord) + @($_.Block.ErrorRecord) | Where-Object { $_ } | Select-Object -First 1
        '{0}: {1}' -f $_.ExpandedPath, ("$why" -split "`n")[0]
    }
    $brokenContainers | ForEach-Object { '{0}: {1}' -f $_.Item, ("$($_.ErrorRecord | Select-Object -First 1)" -split "`n")[0] }
)
@{
    Passed   = $result.PassedCount + $policy.PassedCount
    Failed   = $result.FailedCount + $policy.FailedCount + $brokenContainers.Count
    Skipped  = $result.SkippedCount + $result.NotRunCount + $policy.SkippedCount + $policy.NotRunCount
    Failures = $failures
} | ConvertTo-Json | Set-Content $ResultFile
