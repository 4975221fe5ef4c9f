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

function New-AoSandboxHome {
    <#
    .SYNOPSIS
    Environment variables for a child pwsh with a home of its own (the user module folder and PSResourceGet's
    repository list under -Path), in which `dotnet pwsh` is still found where it is.
    #>
    param([Parameter(Mandatory)][string]$Path)
    $packages = (((& dotnet nuget locals global-packages --list) | Select-Object -First 1) -replace '^global-packages:\s*', '').Trim()
    # dotnet keeps its local-tool resolver cache under its own home: leave that one where it is.
    $cliHome = if ($env:DOTNET_CLI_HOME) { $env:DOTNET_CLI_HOME } else { [Environment]::GetFolderPath('UserProfile') }
    $sandbox = @{
        HOME = $Path; XDG_DATA_HOME = (Join-Path $Path '.local/share'); XDG_CONFIG_HOME = (Join-Path $Path '.config')
        NUGET_PACKAGES = $packages; DOTNET_CLI_HOME = $cliHome; DOTNET_NOLOGO = '1'; DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'
    }
    # .NET reports a special folder as "" when it does not exist yet, and PSResourceGet would then write to the cwd.
    foreach ($dir in $sandbox.XDG_DATA_HOME, $sandbox.XDG_CONFIG_HOME) { $null = New-Item -ItemType Directory -Force -Path $dir }
    $sandbox
}

Export-ModuleMember -Function Invoke-AoFreshPwsh, New-AoSandboxHome
