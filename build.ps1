#!/usr/bin/env pwsh
<#
.SYNOPSIS
The one entry point: build, test, demo, bench, package.
.EXAMPLE
dotnet tool restore && dotnet pwsh ./build.ps1 test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('build', 'test', 'demo', 'bench', 'package', 'clean')]
    [string]$Task = 'build',
    [ValidateSet('Debug', 'Release')]
    [string]$Configuration = 'Release',
    # Only run Pester files whose name matches (e.g. 'New-AoEcsApp'); xunit still runs unless -SkipXunit.
    [string]$PesterFilter = '*',
    [switch]$SkipXunit,
    [switch]$SkipPester
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$Root = $PSScriptRoot
$OutRoot = Join-Path $Root 'out'
$ModuleOut = Join-Path $OutRoot 'AoTech.Ecs'
$ResultsDir = Join-Path $OutRoot 'test-results'

function Invoke-Native([string]$File, [string[]]$Arguments) {
    & $File @Arguments | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "$File $($Arguments -join ' ') exited with $LASTEXITCODE" }
}

function Get-ManifestVersion {
    (Import-PowerShellDataFile (Join-Path $Root 'AoTech.Ecs.psd1')).ModuleVersion
}

function Invoke-Build {
    Write-Host "Building AoTech.Ecs $(Get-ManifestVersion) ($Configuration)"
    Invoke-Native dotnet @('build', (Join-Path $Root 'src/AoTech.Ecs.PowerShell'), '-c', $Configuration, '-nologo', '-v', 'q', '-clp:ErrorsOnly')
    $bin = Join-Path $Root "src/AoTech.Ecs.PowerShell/bin/$Configuration/netstandard2.0"
    if (Test-Path $ModuleOut) { Remove-Item $ModuleOut -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $ModuleOut
    # The cmdlet assembly and the core sit in the module folder; every other dependency goes to deps/, from where
    # src/AoTech.Ecs.PowerShell/Loading/ loads it into a private AssemblyLoadContext (PowerShell 7) so the module
    # coexists with other AWSSDK versions (AWS.Tools). Left beside the cmdlet assembly, pwsh would load them itself.
    $deps = New-Item -ItemType Directory -Path (Join-Path $ModuleOut 'deps')
    Get-ChildItem $bin -Filter *.dll | Where-Object Name -ne 'System.Management.Automation.dll' | ForEach-Object {
        $target = if ($_.Name -in 'AoTech.Ecs.PowerShell.dll', 'AoTech.Ecs.dll') { $ModuleOut } else { $deps.FullName }
        Copy-Item $_.FullName -Destination $target
    }
    Copy-Item (Join-Path $Root 'AoTech.Ecs.psd1') $ModuleOut
    # The licence the manifest's LicenseUri names travels with the module (and so with the package).
    Copy-Item (Join-Path $Root 'LICENSE') $ModuleOut
    # Formats, types and help live beside the cmdlets and ship as they are.
    $psDir = Join-Path $Root 'src/AoTech.Ecs.PowerShell'
    Get-ChildItem $psDir -Recurse -Include *.ps1xml | Where-Object FullName -notmatch '[\\/](bin|obj)[\\/]' | Copy-Item -Destination $ModuleOut
    $helpBuilder = Join-Path $Root 'build/New-ExternalHelp.ps1'
    if (Test-Path $helpBuilder) { & $helpBuilder -DocsPath (Join-Path $Root 'docs') -OutputPath $ModuleOut -AssemblyPath (Join-Path $ModuleOut 'AoTech.Ecs.PowerShell.dll') }
    Write-Host "Module ready: $(Join-Path $ModuleOut 'AoTech.Ecs.psd1')"
}

function Get-PesterModulePath {
    $version = ([xml](Get-Content (Join-Path $Root 'Directory.Packages.props') -Raw)).Project.PropertyGroup.PesterVersion
    Invoke-Native dotnet @('restore', (Join-Path $Root 'build/tools.proj'), '-nologo', '-v', 'q')
    $line = (& dotnet nuget locals global-packages --list) | Select-Object -First 1
    $packages = ($line -replace '^global-packages:\s*', '').Trim()
    $path = Join-Path $packages "pester/$version/tools/Pester.psd1"
    if (-not (Test-Path $path)) { throw "Pester $version was not restored (looked for $path)" }
    $path
}

function Initialize-TestServices {
    # Docker engine, an authenticated registry and local base images, where this machine can have them.
    $setup = Join-Path $Root 'tests/setup/docker.sh'
    if ((Test-Path $setup) -and $IsLinux) {
        & bash $setup | Out-Host
        if ($LASTEXITCODE -ne 0) {
            if ($env:AOTECH_REQUIRE_DOCKER) { throw "tests/setup/docker.sh failed ($LASTEXITCODE)" }
            Write-Warning 'Docker set-up failed; Docker tests will be skipped.'
        }
    }
}

function Invoke-Xunit {
    $trx = Join-Path $ResultsDir 'xunit.trx'
    if (Test-Path $trx) { Remove-Item $trx }
    & dotnet test (Join-Path $Root 'tests/AoTech.Ecs.Tests') -c $Configuration -nologo `
        --logger "trx;LogFileName=$trx" --logger 'console;verbosity=minimal' | Out-Host
    if (-not (Test-Path $trx)) { return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0; Failures = @("xunit wrote no results") } }
    $run = ([xml](Get-Content $trx -Raw)).TestRun
    $c = $run.ResultSummary.Counters
    $failures = @($run.Results.UnitTestResult | Where-Object { $_ -and $_.outcome -ne 'Passed' -and $_.outcome -ne 'NotExecuted' } | ForEach-Object {
            $message = if ($_.Output.ErrorInfo.Message) { ("$($_.Output.ErrorInfo.Message)" -split "`n")[0] } else { $_.outcome }
            '{0}: {1}' -f $_.testName, $message
        })
    [pscustomobject]@{ Passed = [int]$c.passed; Failed = [int]$c.failed + [int]$c.error + [int]$c.timeout + [int]$c.aborted; Skipped = [int]$c.notExecuted; Failures = $failures }
}

function Invoke-PesterSuite {
    $pester = Get-PesterModulePath
    $result = Join-Path $ResultsDir 'pester.json'
    if (Test-Path $result) { Remove-Item $result }
    # A fresh process, so the module under test is imported into a clean session.
    Push-Location $Root
    try {
        # Passed through the environment: PowerShell would expand a wildcard argument to a native command.
        $env:AOTECH_PESTER_FILTER = $PesterFilter
        & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'tests/run-pester.ps1') `
            -PesterPath $pester -ModulePath (Join-Path $ModuleOut 'AoTech.Ecs.psd1') -ResultFile $result | Out-Host
    } finally { Pop-Location }
    if (-not (Test-Path $result)) { return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0; Failures = @("Pester wrote no results") } }
    Get-Content $result -Raw | ConvertFrom-Json
}

function Invoke-Test {
    Invoke-Build
    $null = New-Item -ItemType Directory -Force -Path $ResultsDir
    Initialize-TestServices
    $x = if ($SkipXunit) { [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 0; Failures = @() } } else { Invoke-Xunit }
    $p = if ($SkipPester) { [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 0; Failures = @() } } else { Invoke-PesterSuite }
    # What failed, by name, just above the totals: a CI log is often read from its tail only.
    foreach ($f in @($x.Failures) + @($p.Failures)) { if ($f) { Write-Host "FAILED $f" } }
    Write-Host ("xunit:  {0} passed, {1} failed, {2} skipped" -f $x.Passed, $x.Failed, $x.Skipped)
    Write-Host ("Pester: {0} passed, {1} failed, {2} skipped" -f $p.Passed, $p.Failed, $p.Skipped)
    $passed = $x.Passed + $p.Passed; $failed = $x.Failed + $p.Failed; $skipped = $x.Skipped + $p.Skipped
    Write-Host ("{0} passed, {1} failed, {2} skipped" -f $passed, $failed, $skipped)
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    & (Join-Path $Root 'examples/demo.ps1') -ModulePath (Join-Path $ModuleOut 'AoTech.Ecs.psd1')
    if (-not $?) { exit 1 }
}

function Invoke-Bench {
    Invoke-Build
    Get-ChildItem (Join-Path $Root 'bench') -Filter *.ps1 | Sort-Object Name | ForEach-Object {
        Write-Host "== $($_.Name)"
        & dotnet pwsh -NoProfile -NonInteractive -File $_.FullName -ModulePath (Join-Path $ModuleOut 'AoTech.Ecs.psd1')
    }
}

function Invoke-Package {
    Invoke-Build
    $repoDir = Join-Path $OutRoot 'package'
    if (Test-Path $repoDir) { Remove-Item $repoDir -Recurse -Force }
    # The same script the package test uses, so the test installs exactly what this task makes.
    & (Join-Path $Root 'build/New-ModulePackage.ps1') -ModulePath $ModuleOut -OutputPath $repoDir |
        ForEach-Object { Write-Host "Package: $($_.FullName)" }
}

switch ($Task) {
    'build' { Invoke-Build }
    'test' { Invoke-Test }
    'demo' { Invoke-Demo }
    'bench' { Invoke-Bench }
    'package' { Invoke-Package }
    'clean' { if (Test-Path $OutRoot) { Remove-Item $OutRoot -Recurse -Force } }
}
