<#
.SYNOPSIS
Packs a built module folder into a PowerShell Gallery .nupkg (Publish-PSResource to a throwaway local repository).
.DESCRIPTION
Used by `./build.ps1 package` and by tests/Pester/Package.Tests.ps1, so the test installs exactly what the build makes.
.EXAMPLE
./build/New-ModulePackage.ps1 -ModulePath out/AoTech.Ecs -OutputPath out/package
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$ModulePath,
    [Parameter(Mandatory)][string]$OutputPath
)
$ErrorActionPreference = 'Stop'
$null = New-Item -ItemType Directory -Force -Path $OutputPath
$OutputPath = (Resolve-Path -LiteralPath $OutputPath).Path
$name = 'AoTechBuild' + [guid]::NewGuid().ToString('N').Substring(0, 8)
Register-PSResourceRepository -Name $name -Uri $OutputPath -Trusted
try { Publish-PSResource -Path $ModulePath -Repository $name }
finally { Unregister-PSResourceRepository -Name $name }
Get-ChildItem -LiteralPath $OutputPath -Filter *.nupkg
