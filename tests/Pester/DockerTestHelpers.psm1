# Helpers for the suites that need a real Docker engine and the authenticated registry that tests/setup/docker.sh
# starts. The settings come from the env file that script writes (never the password itself: that stays in its file).
Set-StrictMode -Version Latest

function Get-AoDockerTestSettings {
    <#
    .SYNOPSIS
    Reads tests/setup/docker.sh's settings. Returns $null plus a reason (in $Reason) when Docker tests cannot run;
    throws instead when AOTECH_REQUIRE_DOCKER is set, so CI fails rather than skips.
    #>
    param([ref]$Reason)
    $file = if ($env:AOTECH_DOCKER_ENV_FILE) { $env:AOTECH_DOCKER_ENV_FILE } else {
        $state = if ($env:AOTECH_DOCKER_STATE) { $env:AOTECH_DOCKER_STATE } else { Join-Path ([IO.Path]::GetTempPath()) 'aotech-docker' }
        Join-Path $state 'docker.env'
    }
    $why = $null
    if (-not (Test-AoDockerAvailable)) { $why = 'no Docker engine answers (start one with tests/setup/docker.sh)' }
    elseif (-not (Test-Path $file)) { $why = "no test registry settings at $file (run tests/setup/docker.sh)" }
    if ($why) {
        if ($env:AOTECH_REQUIRE_DOCKER -eq '1') { throw "AOTECH_REQUIRE_DOCKER=1 but $why" }
        if ($Reason) { $Reason.Value = $why }
        return $null
    }
    $settings = @{}
    foreach ($line in Get-Content $file) {
        if ($line -match '^([A-Z_]+)=(.*)$') { $settings[$Matches[1]] = $Matches[2] }
    }
    $password = (Get-Content $settings.AOTECH_REGISTRY_PASSWORD_FILE -Raw).Trim()
    $settings.Credential = [pscredential]::new($settings.AOTECH_REGISTRY_USER, (ConvertTo-SecureString $password -AsPlainText -Force))
    [pscustomobject]$settings
}

function Get-AoRegistryManifestDigest {
    <# The registry's own digest for repository:tag (HTTP API v2, Docker-Content-Digest), or $null when the tag is absent. #>
    param([Parameter(Mandatory)]$Settings, [Parameter(Mandatory)][string]$Path, [Parameter(Mandatory)][string]$Tag)
    $accept = 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.index.v1+json'
    $response = Invoke-WebRequest -Uri "http://$($Settings.AOTECH_REGISTRY)/v2/$Path/manifests/$Tag" -Method Get `
        -Headers @{ Accept = $accept } -Authentication Basic -Credential $Settings.Credential -AllowUnencryptedAuthentication `
        -SkipHttpErrorCheck
    if ($response.StatusCode -eq 404) { return $null }
    if ($response.StatusCode -ne 200) { throw "The registry answered $($response.StatusCode) for $Path`:$Tag" }
    [string]($response.Headers['Docker-Content-Digest'] | Select-Object -First 1)
}

function Get-AoRegistryTags {
    <# Tags the registry holds for a repository path (empty when the repository does not exist). #>
    param([Parameter(Mandatory)]$Settings, [Parameter(Mandatory)][string]$Path)
    $response = Invoke-WebRequest -Uri "http://$($Settings.AOTECH_REGISTRY)/v2/$Path/tags/list" -Authentication Basic `
        -Credential $Settings.Credential -AllowUnencryptedAuthentication -SkipHttpErrorCheck
    if ($response.StatusCode -eq 404) { return @() }
    @(($response.Content | ConvertFrom-Json).tags | Where-Object { $_ })
}

function New-AoTestId {
    <# A short unique suffix so repeated runs never see each other's repositories or compose projects. #>
    [guid]::NewGuid().ToString('N').Substring(0, 10)
}

function Invoke-AoDockerApi {
    <# One Engine API call on the test engine (its unix socket): what the engine answers, as objects. #>
    param([Parameter(Mandatory)]$Settings, [Parameter(Mandatory)][string]$Path, [string]$Method = 'Get')
    $socket = [System.Net.Sockets.UnixDomainSocketEndPoint]::new(($Settings.DOCKER_HOST -replace '^unix://', ''))
    Invoke-RestMethod -UnixSocket $socket -Uri "http://docker/$Path" -Method $Method
}

function Remove-AoTestBuildCache {
    <#
    .SYNOPSIS
    Removes the BuildKit cache records a test made, and only those: records whose description contains -Match (a RUN
    command or cache mount id holding the test's id), and with -MinimumSize only records at least that big; all of
    them created since -Since. Other engineers' cache stays.
    #>
    param([Parameter(Mandatory)]$Settings, [string]$Match, [long]$MinimumSize, [datetime]$Since = [datetime]::MinValue)
    if (-not $Match -and -not $MinimumSize) { throw 'Say which records: -Match, -MinimumSize or both.' }
    $records = @((Invoke-AoDockerApi $Settings 'system/df').BuildCache | Where-Object { $_ })
    $ours = @($records | Where-Object {
            (-not $Match -or $_.Description.Contains($Match)) -and
            (-not $MinimumSize -or $_.Size -ge $MinimumSize) -and
            (ConvertTo-AoUtc $_.CreatedAt) -ge $Since.ToUniversalTime()
        })
    # Children before parents: a record another one builds on is kept until that one goes.
    for ($pass = 0; $pass -lt 3 -and $ours.Count -gt 0; $pass++) {
        foreach ($record in $ours) {
            $filters = [uri]::EscapeDataString((@{ id = @($record.ID) } | ConvertTo-Json -Compress))
            try { $null = Invoke-AoDockerApi $Settings "build/prune?filters=$filters" -Method Post } catch { }
        }
        $left = @((Invoke-AoDockerApi $Settings 'system/df').BuildCache | Where-Object { $_ } | ForEach-Object ID)
        $ours = @($ours | Where-Object { $_.ID -in $left })
    }
}

function ConvertTo-AoUtc([string]$Time) {
    # The engine writes nanoseconds; .NET reads at most seven fractional digits.
    [datetimeoffset]::Parse(($Time -replace '(\.\d{7})\d+', '$1'), [cultureinfo]::InvariantCulture).UtcDateTime
}

function Remove-AoTestImage {
    <# Removes images a test built (by name), leaving their base images alone. #>
    param([Parameter(Mandatory)][string[]]$Name)
    foreach ($n in $Name) { & docker image rm --force $n *> $null }
}

Export-ModuleMember -Function Get-AoDockerTestSettings, Get-AoRegistryManifestDigest, Get-AoRegistryTags, New-AoTestId, Invoke-AoDockerApi,
    Remove-AoTestBuildCache, Remove-AoTestImage
