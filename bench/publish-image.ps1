# Publish-AoImage against `docker build` + `docker push` on the same context, registry and base images, with the same
# legacy builder (DOCKER_BUILDKIT=0) and the same build options. Needs tests/setup/docker.sh to have run.
#
# Fairness: the two sides run in pairs, in ABBA order (CLI first, then the module first, ...) so neither always runs on
# a warmer or busier machine; each pair gives a ratio, and the headline is the median of those paired ratios (robust to
# the load drifting during the run on a shared machine). The CLI's times include starting two `docker` processes;
# Publish-AoImage's include the cmdlet call in an already started pwsh but not Import-Module (printed separately).
#
# -Build NoCache (the issue's figure, goal <= 1.05): every build runs every step, so the engine's work dominates.
# -Build Cached: every step comes from the cache, so what each side adds around the engine's work shows
# (-CachedIterations pairs, 20 by default: they are quick, and noise weighs more on sub-second figures).
# -Build Both (default): both figures. -WithCache is the same as -Build Cached.
param(
    [Parameter(Mandatory)][string]$ModulePath,
    [int]$Iterations = 6,
    # Cached pairs take well under a second each, and their figures are small enough for noise to matter: more of them.
    [int]$CachedIterations = 20,
    [ValidateSet('NoCache', 'Cached', 'Both')][string]$Build = 'Both',
    [switch]$WithCache
)
$ErrorActionPreference = 'Stop'
$importWatch = [Diagnostics.Stopwatch]::StartNew()
Import-Module $ModulePath -Force
$importSeconds = $importWatch.Elapsed.TotalSeconds
Import-Module (Join-Path $PSScriptRoot '../tests/Pester/TestHelpers.psm1') -Force
Import-Module (Join-Path $PSScriptRoot '../tests/Pester/DockerTestHelpers.psm1') -Force
$env:AOTECH_REQUIRE_DOCKER = $null
$reason = $null
$docker = Get-AoDockerTestSettings -Reason ([ref]$reason)
if (-not $docker) { Write-Host "publish-image: skipped ($reason)"; return }
if ($WithCache) { $Build = 'Cached' }

$context = (Resolve-Path (Join-Path $PSScriptRoot '../app/aspnetapp')).Path
$repo = "$($docker.AOTECH_REGISTRY)/bench-$(New-AoTestId)/aspnetapp"
$buildArgs = @{ SDK_IMAGE = $docker.SDK_IMAGE; RUNTIME_IMAGE = $docker.RUNTIME_IMAGE }

# The CLI logs in with its own throw-away config so the user's ~/.docker is left alone.
$env:DOCKER_CONFIG = Join-Path ([IO.Path]::GetTempPath()) "aotech-bench-docker-$(New-AoTestId)"
$env:DOCKER_BUILDKIT = '0'
$null = New-Item -ItemType Directory -Path $env:DOCKER_CONFIG
Get-Content $docker.AOTECH_REGISTRY_PASSWORD_FILE -Raw | docker login -u $docker.AOTECH_REGISTRY_USER --password-stdin $docker.AOTECH_REGISTRY *> $null
if ($LASTEXITCODE -ne 0) { throw 'docker login failed' }

function Measure-Cli([string]$Tag, [bool]$NoCache) {
    $cliArgs = @('build', '-q', '-t', "$repo`:$Tag") + ($buildArgs.GetEnumerator() | ForEach-Object { '--build-arg', "$($_.Key)=$($_.Value)" })
    if ($NoCache) { $cliArgs += '--no-cache' }
    $sw = [Diagnostics.Stopwatch]::StartNew()
    & docker @cliArgs $context *> $null
    if ($LASTEXITCODE -ne 0) { throw 'docker build failed' }
    $built = $sw.Elapsed.TotalSeconds
    & docker push -q "$repo`:$Tag" *> $null
    if ($LASTEXITCODE -ne 0) { throw 'docker push failed' }
    [pscustomobject]@{ Total = $sw.Elapsed.TotalSeconds; Build = $built; Push = $sw.Elapsed.TotalSeconds - $built }
}

function Measure-Module([string]$Tag, [bool]$NoCache, [switch]$Trace) {
    $sw = [Diagnostics.Stopwatch]::StartNew()
    if (-not $Trace) {
        $null = Publish-AoImage -Path $context -Repository $repo -Tag $Tag -BuildArg $buildArgs -RegistryCredential $docker.Credential -NoCache:$NoCache -ProgressAction SilentlyContinue
        return [pscustomobject]@{ Total = $sw.Elapsed.TotalSeconds; Calls = $null }
    }
    # -Verbose traces each Docker Engine call as "Docker <operation> <target>: OK in <n> ms (1 attempt)" when it ends;
    # the arrival time minus the duration gives when it started (calls can overlap: the credential check runs during the build).
    $calls = [ordered]@{}
    $spans = [Collections.Generic.List[double[]]]::new()
    Publish-AoImage -Path $context -Repository $repo -Tag $Tag -BuildArg $buildArgs -RegistryCredential $docker.Credential -NoCache:$NoCache -ProgressAction SilentlyContinue -Verbose 4>&1 |
        ForEach-Object {
            if ($_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match '^Docker (\w+)\b.*: \S+ in ([\d,]+) ms') {
                $seconds = [double]($Matches[2] -replace ',', '') / 1000
                $calls[$Matches[1]] = $seconds
                $end = $sw.Elapsed.TotalSeconds
                $spans.Add([double[]]@([Math]::Max(0, $end - $seconds), $end))
            }
        }
    $total = $sw.Elapsed.TotalSeconds
    # Time covered by at least one Docker call (the union of the spans); the rest is the cmdlet's own.
    $covered = 0.0; $reach = 0.0
    $spans.Sort([Comparison[double[]]] { param($a, $b) $a[0].CompareTo($b[0]) })
    foreach ($span in $spans) {
        $start = [Math]::Max($span[0], $reach)
        if ($span[1] -gt $start) { $covered += $span[1] - $start; $reach = $span[1] }
    }
    [pscustomobject]@{ Total = $total; Calls = $calls; Outside = $total - $covered }
}

function Get-Median([double[]]$Values) {
    $sorted = @($Values | Sort-Object)
    $n = $sorted.Count
    if ($n % 2) { $sorted[($n - 1) / 2] } else { ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2 }
}

function Format-Spread([double[]]$Values) {
    $sorted = @($Values | Sort-Object)
    '{0:N2} s (min {1:N2}, max {2:N2})' -f (Get-Median $Values), $sorted[0], $sorted[-1]
}

function Invoke-Series([bool]$NoCache, [string]$Label, [string]$TagPrefix, [int]$Iterations) {
    # Warm-up: base images, the engine's caches and the module's code paths are hot for both sides afterwards.
    $null = Measure-Cli "$TagPrefix-warm-cli" $NoCache; $null = Measure-Module "$TagPrefix-warm-module" $NoCache
    $cli = @(); $module = @(); $ratios = @()
    for ($i = 1; $i -le $Iterations; $i++) {
        # ABBA: CLI first in pairs 1, 4, 5, 8, ..., the module first in pairs 2, 3, 6, 7, ...
        if (($i % 4) -le 1) { $c = Measure-Cli "$TagPrefix-cli-$i" $NoCache; $m = Measure-Module "$TagPrefix-mod-$i" $NoCache }
        else { $m = Measure-Module "$TagPrefix-mod-$i" $NoCache; $c = Measure-Cli "$TagPrefix-cli-$i" $NoCache }
        $cli += $c; $module += $m; $ratios += $m.Total / $c.Total
    }
    # One more module run with -Verbose, only to show where its time goes (not part of the figures above).
    $trace = Measure-Module "$TagPrefix-trace" $NoCache -Trace

    $cliTotals = [double[]]@($cli.Total); $moduleTotals = [double[]]@($module.Total)
    Write-Host ("publish-image ({0}, {1} pairs, ABBA order)" -f $Label, $Iterations)
    Write-Host ("  docker build + docker push: median {0}; build {1:N2} s + push {2:N2} s (medians)" -f `
        (Format-Spread $cliTotals), (Get-Median ([double[]]@($cli.Build))), (Get-Median ([double[]]@($cli.Push))))
    Write-Host ("  Publish-AoImage:            median {0}" -f (Format-Spread $moduleTotals))
    Write-Host ("  paired ratios: {0}" -f (($ratios | ForEach-Object { $_.ToString('N3') }) -join ', '))
    $phases = ($trace.Calls.GetEnumerator() | ForEach-Object { '{0} {1:N3}' -f $_.Key, $_.Value }) -join ', '
    # A lower bound: each call's verbose record reaches this script just after the call ended.
    Write-Host ("  one traced Publish-AoImage run: {0:N2} s; Docker calls (s) [{1}]; at least {2:N3} s outside any Docker call" -f $trace.Total, $phases, $trace.Outside)
    $ratio = Get-Median ([double[]]$ratios)
    Write-Host ("publish-image ratio, {0} (Publish-AoImage / docker CLI, median of paired ratios): {1:N3} (ratio of medians {2:N3}; goal <= 1.05)" -f `
        $Label, $ratio, ((Get-Median $moduleTotals) / (Get-Median $cliTotals)))
}

try {
    Write-Host ("publish-image: Import-Module took {0:N2} s (not in the Publish-AoImage times; the CLI times include starting docker twice)" -f $importSeconds)
    if ($Build -ne 'Cached') { Invoke-Series $true 'no-cache build' 'nocache' $Iterations }
    if ($Build -ne 'NoCache') { Invoke-Series $false 'cached build' 'cached' $CachedIterations }
} finally {
    docker logout $docker.AOTECH_REGISTRY *> $null
    Remove-Item $env:DOCKER_CONFIG -Recurse -Force -ErrorAction SilentlyContinue
}
