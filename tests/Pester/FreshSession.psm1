# Runs a script in a brand-new pwsh process (the repo's pinned `dotnet pwsh`), for tests whose subject is process-wide:
# which assemblies are loaded, environment read once per process, a module installed from a package.
Set-StrictMode -Version Latest

function Invoke-AoFreshPwsh {
    <#
    .SYNOPSIS
    Runs -Script in a fresh pwsh with extra environment variables; returns its standard output lines and throws, with
    the output, when it exits non-zero.
    #>
    param(
        [Parameter(Mandatory)][string]$Script,
        [hashtable]$Environment = @{},
        [string[]]$ArgumentList = @()
    )
    $repo = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
    $file = Join-Path ([System.IO.Path]::GetTempPath()) ("aotech-fresh-" + [guid]::NewGuid().ToString('N') + '.ps1')
    Set-Content -LiteralPath $file -Value $Script -Encoding utf8
    $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in @('pwsh', '-NoProfile', '-NonInteractive', '-File', $file) + $ArgumentList) { $psi.ArgumentList.Add($a) }
    # From the repo, so `dotnet pwsh` finds the pinned tool manifest.
    $psi.WorkingDirectory = $repo
    $psi.UseShellExecute = $false
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    foreach ($k in $Environment.Keys) { $psi.Environment[$k] = [string]$Environment[$k] }
    try {
        $p = [System.Diagnostics.Process]::Start($psi)
        $stderr = $p.StandardError.ReadToEndAsync()
        $stdout = $p.StandardOutput.ReadToEnd()
        $p.WaitForExit()
        if ($p.ExitCode -ne 0) { throw "Fresh pwsh exited with $($p.ExitCode):`n$stdout`n$($stderr.Result)" }
        $stdout -split "`r?`n" | Where-Object { $_ -ne '' }
    } finally { Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue }
}

Export-ModuleMember -Function Invoke-AoFreshPwsh
