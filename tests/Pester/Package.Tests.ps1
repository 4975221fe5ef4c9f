# Gallery-ready: the built module packs into a .nupkg (build/New-ModulePackage.ps1, as `./build.ps1 package` does),
# and a fresh pwsh installs it with Install-PSResource from a local file repository and uses it.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'FreshSession.psm1') -Force
    $script:Repo = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
    $script:Manifest = Import-PowerShellDataFile $env:AOTECH_MODULE_PATH
    # A throwaway HOME keeps the user's module folder and PSResourceGet's repository list inside the test drive.
    $script:Sandbox = New-AoSandboxHome (Join-Path $TestDrive 'home')
    $script:PackageDir = Join-Path $TestDrive 'package'
    $script:Result = Invoke-AoFreshPwsh -Environment $Sandbox -Script @"
`$ErrorActionPreference = 'Stop'
`$packages = & '$(Join-Path $Repo 'build/New-ModulePackage.ps1')' -ModulePath '$(Split-Path $env:AOTECH_MODULE_PATH)' -OutputPath '$PackageDir'
Register-PSResourceRepository -Name AoTechLocal -Uri '$PackageDir' -Trusted
Install-PSResource -Name AoTech.Ecs -Repository AoTechLocal -Scope CurrentUser -TrustRepository -Quiet
Import-Module AoTech.Ecs
`$m = Get-Module AoTech.Ecs
function Test-AoCompletionProbe { param([ArgumentCompleter([AoTech.Ecs.PowerShell.Completion.RegionCompleter])][string]`$Region) }
[pscustomobject]@{
    Packages   = @(`$packages | ForEach-Object Name)
    ModuleBase = `$m.ModuleBase
    Version    = `$m.Version.ToString()
    Cmdlets    = @(Get-Command -Module AoTech.Ecs -CommandType Cmdlet | ForEach-Object Name | Sort-Object)
    Files      = @(Get-ChildItem `$m.ModuleBase -Recurse -File | ForEach-Object { `$_.FullName.Substring(`$m.ModuleBase.Length + 1).Replace('\', '/') })
    Regions    = @((TabExpansion2 -inputScript 'Test-AoCompletionProbe -Region eu-west-' -cursorColumn 38).CompletionMatches.CompletionText)
    About      = (Get-Help about_AoTech.Ecs | Out-String).Length
} | ConvertTo-Json -Compress
"@ | Select-Object -Last 1 | ConvertFrom-Json
}

Describe 'The module package' {
    It 'is one .nupkg named after the module and its manifest version' {
        $Result.Packages | Should -Be @("AoTech.Ecs.$($Manifest.ModuleVersion).nupkg")
    }

    It 'installs with Install-PSResource into the user module folder and imports from there' {
        $expected = Join-Path $Sandbox.HOME '.local/share/powershell/Modules/AoTech.Ecs'
        $Result.ModuleBase | Should -BeLike "$expected*"
        $Result.Version | Should -Be $Manifest.ModuleVersion
    }

    It 'exports the cmdlets the manifest declares' {
        @($Result.Cmdlets) | Should -Be @($Manifest.CmdletsToExport | Sort-Object)
    }

    It 'carries the dependencies, formats and help, and works from the installed copy' {
        $Result.Files | Should -Contain 'AoTech.Ecs.PowerShell.dll'
        $Result.Files | Should -Contain 'deps/AWSSDK.Core.dll'
        $Result.Files | Should -Contain 'AoTech.Ecs.Format.ps1xml'
        $Result.Files | Should -Contain 'en-US/AoTech.Ecs.PowerShell.dll-Help.xml'
        $Result.Files | Should -Contain 'en-US/about_AoTech.Ecs.help.txt'
        $Result.Regions | Should -Contain 'eu-west-1'
        $Result.About | Should -BeGreaterThan 1000
    }
}
