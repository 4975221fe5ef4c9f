# The module works in a session that already loaded another AWSSDK.Core (as AWS.Tools.Common does), because on
# PowerShell 7 its dependencies live in their own AssemblyLoadContext (src/AoTech.Ecs.PowerShell/Loading/).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'FreshSession.psm1') -Force
    $repo = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
    $version = ([xml](Get-Content (Join-Path $repo 'Directory.Packages.props') -Raw)).Project.PropertyGroup.ForeignAwsSdkCoreVersion | Where-Object { $_ } | Select-Object -First 1
    $packages = ((& dotnet nuget locals global-packages --list) | Select-Object -First 1) -replace '^global-packages:\s*', ''
    $script:Foreign = Join-Path $packages.Trim() "awssdk.core/$version/lib/netstandard2.0/AWSSDK.Core.dll"
    if (-not (Test-Path $Foreign)) { throw "AWSSDK.Core $version is not restored ($Foreign); ./build.ps1 test restores build/tools.proj" }

    # Loads -Foreign first when given, imports the module, completes -Region through our completer (AWSSDK.Core
    # RegionEndpoint), then reports every AWSSDK.Core in the process and the load context it sits in.
    $script:Probe = @'
param([string]$Foreign)
$ErrorActionPreference = 'Stop'
if ($Foreign) { Add-Type -Path $Foreign }
Import-Module $env:AOTECH_MODULE_PATH
function Test-AoCompletionProbe { param([ArgumentCompleter([AoTech.Ecs.PowerShell.Completion.RegionCompleter])][string]$Region) }
$regions = @((TabExpansion2 -inputScript 'Test-AoCompletionProbe -Region eu-west-' -cursorColumn 38).CompletionMatches.CompletionText)
# Call the completer directly too: TabExpansion2 would hide a binding failure as "no suggestions".
$direct = @([AoTech.Ecs.PowerShell.Completion.RegionCompleter]::new().CompleteArgument('p', 'Region', 'us-east-', $null, @{}) | ForEach-Object CompletionText)
# Load the private set now, as the first bind of a dependency the default context lacks (AWSSDK.EC2) would, and see
# which AWSSDK.Core the EC2 client is built on: it must be the one the cmdlet assembly binds to.
$module = (Get-Module AoTech.Ecs).ImplementingAssembly
$loader = $module.GetType('AoTech.Ecs.PowerShell.Loading.DependencyLoader', $true)
$loader.GetMethod('LoadIsolatedSet', [System.Reflection.BindingFlags]'NonPublic, Static').Invoke($null, @())
$contextOf = { param($a) [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($a).Name }
$ec2 = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'AWSSDK.EC2' } | Select-Object -First 1
$ec2Core = $ec2.GetType('Amazon.EC2.AmazonEC2Client', $true).BaseType.Assembly
$sdk = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'AWSSDK.Core' } | ForEach-Object {
    [pscustomobject]@{ Version = $_.GetName().Version.ToString(); Context = (& $contextOf $_); Location = $_.Location }
})
[pscustomobject]@{
    Regions = $regions; Direct = $direct; Sdk = $sdk
    Ec2Context = (& $contextOf $ec2); Ec2CoreContext = (& $contextOf $ec2Core); Ec2CoreLocation = $ec2Core.Location
} | ConvertTo-Json -Compress -Depth 4
'@
}

Describe 'Coexistence with another AWSSDK.Core' {
    BeforeAll {
        $script:WithForeign = Invoke-AoFreshPwsh $Probe @{ AOTECH_MODULE_PATH = $env:AOTECH_MODULE_PATH } -ArgumentList @('-Foreign', $Foreign) |
            Select-Object -Last 1 | ConvertFrom-Json
        $script:Alone = Invoke-AoFreshPwsh $Probe @{ AOTECH_MODULE_PATH = $env:AOTECH_MODULE_PATH } | Select-Object -Last 1 | ConvertFrom-Json
        # Same assembly version as ours, another file (as AWS.Tools 5 brings): a copy of our own AWSSDK.Core.
        $copyPath = Join-Path $TestDrive 'same-version/AWSSDK.Core.dll'
        $null = New-Item -ItemType Directory -Path (Split-Path $copyPath)
        Copy-Item (Join-Path (Split-Path $env:AOTECH_MODULE_PATH) 'deps/AWSSDK.Core.dll') $copyPath
        $script:SameVersion = Invoke-AoFreshPwsh $Probe @{ AOTECH_MODULE_PATH = $env:AOTECH_MODULE_PATH } -ArgumentList @('-Foreign', $copyPath) |
            Select-Object -Last 1 | ConvertFrom-Json
        $script:SameVersionPath = $copyPath
    }

    It 'works after an older AWSSDK.Core was loaded into the session' {
        $WithForeign.Regions | Should -Contain 'eu-west-1'
        $WithForeign.Direct | Should -Contain 'us-east-1'
    }

    It 'keeps both copies: the foreign one in the default context, its own in the AoTech.Ecs context' {
        $WithForeign.Sdk.Count | Should -Be 2
        ($WithForeign.Sdk | Where-Object Context -eq 'Default').Version | Should -Match '^3\.'
        ($WithForeign.Sdk | Where-Object Context -eq 'AoTech.Ecs').Version | Should -Match '^4\.'
    }

    It 'builds its AWS clients on its own AWSSDK.Core there' {
        $WithForeign.Ec2Context | Should -Be 'AoTech.Ecs'
        $WithForeign.Ec2CoreContext | Should -Be 'AoTech.Ecs'
    }

    It 'shares an already loaded AWSSDK.Core of the same version instead of mixing two' {
        $SameVersion.Direct | Should -Contain 'us-east-1'
        @($SameVersion.Sdk).Count | Should -Be 1
        $SameVersion.Sdk[0].Location | Should -Be $SameVersionPath
        $SameVersion.Ec2Context | Should -Be 'AoTech.Ecs'
        $SameVersion.Ec2CoreLocation | Should -Be $SameVersionPath
    }

    It 'loads its AWSSDK.Core into its own context even when nothing else is loaded' {
        $Alone.Direct | Should -Contain 'us-east-1'
        @($Alone.Sdk).Count | Should -Be 1
        $Alone.Sdk[0].Context | Should -Be 'AoTech.Ecs'
    }
}
