# Publish-AoImage against the engine itself, on the same context, registry and base images.
#
# BuildKit (the main figure, goal <= 1.05): Publish-AoImage (BuildKit, the default) against the engine's own BuildKit
# build with no client in the way: the context as a tar posted to /build?version=2 with curl, then `docker push`.
# Two cases: the sample app (app/aspnetapp), and bench/multistage.Dockerfile on the same sources (a multi-stage build
# with an unused stage and a cache mount). Debian's docker CLI here has no buildx, so `docker build` itself cannot
# use BuildKit.
# Legacy (the second figure): Publish-AoImage -Builder Legacy against `DOCKER_BUILDKIT=0 docker build` + `docker push`
# on the sample app (the legacy builder has no cache mounts).
#
# Fairness: the two sides run in pairs, in ABBA order (baseline first, then the module first, ...) so neither always
# runs on a warmer or busier machine; each pair gives a ratio, and the headline is the median of those paired ratios
# (robust to the load drifting during the run on a shared machine). The baselines' times include starting their
# processes (tar, curl, docker); Publish-AoImage's include the cmdlet call in an already started pwsh but not
# Import-Module (printed separately).
#
# -Build NoCache: every build runs every step, so the engine's work dominates. -Build Cached: every step comes from the
# cache, so what each side adds around the engine's work shows (-CachedIterations pairs: they are quick, and noise
# weighs more on sub-second figures). -Build Both (default): both. -Builder BuildKit, Legacy or Both (default).
# Needs tests/setup/docker.sh to have run. Removes the images it built and its cache mount.
param(
    [Parameter(Mandatory)][string]$ModulePath,
    [int]$Iterations = 6,
    [int]$CachedIterations = 20,
    [ValidateSet('NoCache', 'Cached', 'Both')][string]$Build = 'Both',
    [ValidateSet('BuildKit', 'Legacy', 'Both')][string]$Builder = 'Both',
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
if (-not (Get-Command curl -CommandType Application -ErrorAction SilentlyContinue)) { Write-Host 'publish-image: skipped (curl is not on PATH)'; return }
if ($WithCache) { $Build = 'Cached' }

$runId = New-AoTestId
$socket = $docker.DOCKER_HOST -replace '^unix://', ''
$appContext = (Resolve-Path (Join-Path $PSScriptRoot '../app/aspnetapp')).Path
$repo = "$($docker.AOTECH_REGISTRY)/bench-$runId/aspnetapp"
$buildArgs = @{ SDK_IMAGE = $docker.SDK_IMAGE; RUNTIME_IMAGE = $docker.RUNTIME_IMAGE }
$cases = @(
    [pscustomobject]@{ Name = 'sample app'; Dockerfile = $null }
    [pscustomobject]@{ Name = 'multi-stage, unused stage, cache mount'; Dockerfile = (Join-Path $PSScriptRoot 'multistage.Dockerfile') }
)
$tags = [Collections.Generic.List[string]]::new()

# The CLI logs in with its own throw-away config so the user's ~/.docker is left alone.
$env:DOCKER_CONFIG = Join-Path ([IO.Path]::GetTempPath()) "aotech-bench-docker-$runId"
$null = New-Item -ItemType Directory -Path $env:DOCKER_CONFIG
Get-Content $docker.AOTECH_REGISTRY_PASSWORD_FILE -Raw | docker login -u $docker.AOTECH_REGISTRY_USER --password-stdin $docker.AOTECH_REGISTRY *> $null
if ($LASTEXITCODE -ne 0) { throw 'docker login failed' }

function Measure-Push([string]$Reference, [Diagnostics.Stopwatch]$Watch) {
    $built = $Watch.Elapsed.TotalSeconds
    & docker push -q $Reference *> $null
    if ($LASTEXITCODE -ne 0) { throw "docker push $Reference failed" }
    [pscustomobject]@{ Total = $Watch.Elapsed.TotalSeconds; Build = $built; Push = $Watch.Elapsed.TotalSeconds - $built }
}

# The engine's own BuildKit build: the context (what .dockerignore keeps: the sample app's sources; the benchmark's
# Dockerfile added beside them) as a tar stream, posted with curl; the response is the engine's message stream.
function Measure-Engine($Case, [string]$Tag, [bool]$NoCache) {
    $reference = "$repo`:$Tag"; $tags.Add($reference)
    $query = 'version=2&rm=1&forcerm=1&t=' + [uri]::EscapeDataString($reference) + '&buildargs=' + [uri]::EscapeDataString(($buildArgs | ConvertTo-Json -Compress))
    $tar = "tar -C '$appContext' --exclude=bin --exclude=obj -c ."
    if ($Case.Dockerfile) {
        $query += '&dockerfile=' + [uri]::EscapeDataString((Split-Path $Case.Dockerfile -Leaf))
        $tar = "tar -C '$appContext' --exclude=bin --exclude=obj -c . -C '$(Split-Path $Case.Dockerfile)' '$(Split-Path $Case.Dockerfile -Leaf)'"
    }
    if ($NoCache) { $query += '&nocache=1' }
    $out = Join-Path $env:DOCKER_CONFIG 'build.json'
    $sw = [Diagnostics.Stopwatch]::StartNew()
    & bash -c "$tar | curl -sS --fail --unix-socket '$socket' -X POST -H 'Content-Type: application/x-tar' --data-binary @- 'http://docker/build?$query' -o '$out'"
    if ($LASTEXITCODE -ne 0 -or (Select-String -Path $out -Pattern '"errorDetail"' -Quiet)) { throw "The engine's BuildKit build failed: $(Get-Content $out -Tail 2)" }
    Measure-Push $reference $sw
}

function Measure-Cli($Case, [string]$Tag, [bool]$NoCache) {
    $reference = "$repo`:$Tag"; $tags.Add($reference)
    $cliArgs = @('build', '-q', '-t', $reference) + ($buildArgs.GetEnumerator() | ForEach-Object { '--build-arg', "$($_.Key)=$($_.Value)" })
    if ($NoCache) { $cliArgs += '--no-cache' }
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $env:DOCKER_BUILDKIT = '0'
    try { & docker @cliArgs $appContext *> $null } finally { $env:DOCKER_BUILDKIT = $null }
    if ($LASTEXITCODE -ne 0) { throw 'docker build failed' }
    Measure-Push $reference $sw
}

function Measure-Module($Case, [string]$Tag, [bool]$NoCache, [string]$With, [switch]$Trace) {
    $tags.Add("$repo`:$Tag")
    $publish = @{
        Path = $appContext; Repository = $repo; Tag = $Tag; BuildArg = $buildArgs; RegistryCredential = $docker.Credential
        NoCache = $NoCache; Builder = $With; ProgressAction = 'SilentlyContinue'
    }
    if ($Case.Dockerfile) { $publish.Dockerfile = $Case.Dockerfile }
    $sw = [Diagnostics.Stopwatch]::StartNew()
    if (-not $Trace) {
        $null = Publish-AoImage @publish
        return [pscustomobject]@{ Total = $sw.Elapsed.TotalSeconds; Calls = $null }
    }
    # -Verbose traces each Docker Engine call as "Docker <operation> <target>: OK in <n> ms (1 attempt)" when it ends;
    # the arrival time minus the duration gives when it started (calls can overlap: the credential check runs during the build).
    $calls = [ordered]@{}
    $spans = [Collections.Generic.List[double[]]]::new()
    Publish-AoImage @publish -Verbose 4>&1 | ForEach-Object {
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

function Invoke-Series($Case, [bool]$NoCache, [string]$With, [int]$Iterations) {
    $cacheLabel = if ($NoCache) { 'no-cache' } else { 'cached' }
    $label = "$With, $($Case.Name), $cacheLabel build"
    $prefix = ('{0}-{1}-{2}' -f $With, ($cases.IndexOf($Case)), $cacheLabel).ToLowerInvariant()
    $baseline = if ($With -eq 'BuildKit') { { param($t) Measure-Engine $Case $t $NoCache } } else { { param($t) Measure-Cli $Case $t $NoCache } }
    $baselineName = if ($With -eq 'BuildKit') { 'engine BuildKit (curl) + docker push' } else { 'DOCKER_BUILDKIT=0 docker build + docker push' }
    # Warm-up: base images, the engine's caches (and cache mounts) and the module's code paths are hot for both sides afterwards.
    $null = & $baseline "$prefix-warm-base"; $null = Measure-Module $Case "$prefix-warm-module" $NoCache $With
    $base = @(); $module = @(); $ratios = @()
    for ($i = 1; $i -le $Iterations; $i++) {
        # ABBA: the baseline first in pairs 1, 4, 5, 8, ..., the module first in pairs 2, 3, 6, 7, ...
        if (($i % 4) -le 1) { $b = & $baseline "$prefix-base-$i"; $m = Measure-Module $Case "$prefix-mod-$i" $NoCache $With }
        else { $m = Measure-Module $Case "$prefix-mod-$i" $NoCache $With; $b = & $baseline "$prefix-base-$i" }
        $base += $b; $module += $m; $ratios += $m.Total / $b.Total
    }
    # One more module run with -Verbose, only to show where its time goes (not part of the figures above).
    $trace = Measure-Module $Case "$prefix-trace" $NoCache $With -Trace

    $baseTotals = [double[]]@($base.Total); $moduleTotals = [double[]]@($module.Total)
    Write-Host ("publish-image ({0}, {1} pairs, ABBA order)" -f $label, $Iterations)
    Write-Host ("  {0}: median {1}; build {2:N2} s + push {3:N2} s (medians)" -f `
        $baselineName, (Format-Spread $baseTotals), (Get-Median ([double[]]@($base.Build))), (Get-Median ([double[]]@($base.Push))))
    Write-Host ("  Publish-AoImage -Builder {0}: median {1}" -f $With, (Format-Spread $moduleTotals))
    Write-Host ("  paired ratios: {0}" -f (($ratios | ForEach-Object { $_.ToString('N3') }) -join ', '))
    $phases = ($trace.Calls.GetEnumerator() | ForEach-Object { '{0} {1:N3}' -f $_.Key, $_.Value }) -join ', '
    # A lower bound: each call's verbose record reaches this script just after the call ended.
    Write-Host ("  one traced Publish-AoImage run: {0:N2} s; Docker calls (s) [{1}]; at least {2:N3} s outside any Docker call" -f $trace.Total, $phases, $trace.Outside)
    $goal = if ($With -eq 'BuildKit') { 'goal <= 1.05' } else { 'second figure; the legacy builder is deprecated' }
    Write-Host ("publish-image ratio, {0} (Publish-AoImage / {1}, median of paired ratios): {2:N3} (ratio of medians {3:N3}; {4})" -f `
        $label, $baselineName, (Get-Median ([double[]]$ratios)), ((Get-Median $moduleTotals) / (Get-Median $baseTotals)), $goal)
}

try {
    Write-Host ("publish-image: Import-Module took {0:N2} s (not in the Publish-AoImage times; the baselines' times include starting their processes)" -f $importSeconds)
    foreach ($noCache in @($true, $false)) {
        if (($noCache -and $Build -eq 'Cached') -or (-not $noCache -and $Build -eq 'NoCache')) { continue }
        $n = if ($noCache) { $Iterations } else { $CachedIterations }
        if ($Builder -ne 'Legacy') { foreach ($case in $cases) { Invoke-Series $case $noCache 'BuildKit' $n } }
        if ($Builder -ne 'BuildKit') { Invoke-Series $cases[0] $noCache 'Legacy' $n }
    }
} finally {
    docker logout $docker.AOTECH_REGISTRY *> $null
    Remove-Item $env:DOCKER_CONFIG -Recurse -Force -ErrorAction SilentlyContinue
    Remove-AoTestImage $tags
    # The benchmark's cache mount (named by the step it serves). BuildKit also keeps each uploaded context, a few
    # kilobytes here, until its garbage collection: they cannot be told from other builds' uploads, so they stay.
    Remove-AoTestBuildCache $docker -Match 'cached mount /nuget/packages from exec /bin/sh -c dotnet restore aspnetapp.csproj' 
}
