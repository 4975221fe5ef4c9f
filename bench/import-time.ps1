# How much Import-Module adds to a new pwsh's start-up. Goal: under 0.5 s.
param([string]$ModulePath = (Join-Path $PSScriptRoot '../out/AoTech.Ecs/AoTech.Ecs.psd1'), [int]$Runs = 7)
$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path

function Measure-Start([string]$Command) {
    $times = foreach ($i in 1..$Runs) {
        $sw = [Diagnostics.Stopwatch]::StartNew()
        & dotnet pwsh -NoProfile -NonInteractive -Command $Command | Out-Null
        if ($LASTEXITCODE -ne 0) { throw "pwsh failed running: $Command" }
        $sw.Elapsed.TotalSeconds
    }
    # The median resists the odd slow start.
    ($times | Sort-Object)[[int][math]::Floor($Runs / 2)]
}

$bare = Measure-Start 'exit 0'
$withModule = Measure-Start "Import-Module '$ModulePath'; exit 0"
# Also measured inside one process, which excludes pwsh's own start-up noise.
$inProcess = & dotnet pwsh -NoProfile -NonInteractive -Command "(Measure-Command { Import-Module '$ModulePath' }).TotalSeconds"

'{0,-38} {1,8:N3} s' -f 'pwsh start-up (median)', $bare
'{0,-38} {1,8:N3} s' -f 'pwsh start-up + Import-Module (median)', $withModule
'{0,-38} {1,8:N3} s' -f 'added by Import-Module', ($withModule - $bare)
'{0,-38} {1,8:N3} s' -f 'Import-Module measured in-process', [double]$inProcess
'{0,-38} {1,8}' -f 'goal', '< 0.500 s'
