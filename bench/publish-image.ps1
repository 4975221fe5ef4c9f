# Publish-AoImage against `docker build` + `docker push` on the same context, registry and base images.
# Both sides build without cache (so every run uploads new layers) with the same legacy builder; the ratio is
# Publish-AoImage time / docker CLI time (goal: <= 1.05). Needs tests/setup/docker.sh to have run.
param(
    [Parameter(Mandatory)][string]$ModulePath,
    [int]$Iterations = 3,
    [switch]$WithCache
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
Import-Module (Join-Path $PSScriptRoot '../tests/Pester/TestHelpers.psm1') -Force
Import-Module (Join-Path $PSScriptRoot '../tests/Pester/DockerTestHelpers.psm1') -Force
$env:AOTECH_REQUIRE_DOCKER = $null
$reason = $null
$docker = Get-AoDockerTestSettings -Reason ([ref]$reason)
if (-not $docker) { Write-Host "publish-image: skipped ($reason)"; return }

$context = (Resolve-Path (Join-Path $PSScriptRoot '../app/aspnetapp')).Path
$repo = "$($docker.AOTECH_REGISTRY)/bench-$(New-AoTestId)/aspnetapp"
$buildArgs = @{ SDK_IMAGE = $docker.SDK_IMAGE; RUNTIME_IMAGE = $docker.RUNTIME_IMAGE }

# The CLI logs in with its own throw-away config so the user's ~/.docker is left alone.
$env:DOCKER_CONFIG = Join-Path ([IO.Path]::GetTempPath()) "aotech-bench-docker-$(New-AoTestId)"
$env:DOCKER_BUILDKIT = '0'
$null = New-Item -ItemType Directory -Path $env:DOCKER_CONFIG
Get-Content $docker.AOTECH_REGISTRY_PASSWORD_FILE -Raw | docker login -u $docker.AOTECH_REGISTRY_USER --password-stdin $docker.AOTECH_REGISTRY *> $null
if ($LASTEXITCODE -ne 0) { throw 'docker login failed' }

function Measure-Cli([string]$Tag) {
    $cliArgs = @('build', '-q', '-t', "$repo`:$Tag") + ($buildArgs.GetEnumerator() | ForEach-Object { '--build-arg', "$($_.Key)=$($_.Value)" })
    if (-not $WithCache) { $cliArgs += '--no-cache' }
    $sw = [Diagnostics.Stopwatch]::StartNew()
    & docker @cliArgs $context *> $null
    if ($LASTEXITCODE -ne 0) { throw 'docker build failed' }
    & docker push -q "$repo`:$Tag" *> $null
    if ($LASTEXITCODE -ne 0) { throw 'docker push failed' }
    $sw.Elapsed.TotalSeconds
}

function Measure-Module([string]$Tag) {
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $null = Publish-AoImage -Path $context -Repository $repo -Tag $Tag -BuildArg $buildArgs -RegistryCredential $docker.Credential -NoCache:(-not $WithCache) -ProgressAction SilentlyContinue
    $sw.Elapsed.TotalSeconds
}

try {
    # Warm-up: base images and the engine's caches are hot for both sides afterwards.
    $null = Measure-Cli 'warm-cli'; $null = Measure-Module 'warm-module'
    $cli = @(); $module = @()
    for ($i = 1; $i -le $Iterations; $i++) {
        # Alternate the order so neither side always runs on a warmer machine.
        if ($i % 2) { $cli += Measure-Cli "cli-$i"; $module += Measure-Module "mod-$i" }
        else { $module += Measure-Module "mod-$i"; $cli += Measure-Cli "cli-$i" }
    }
    $cliMedian = ($cli | Sort-Object)[[int][Math]::Floor($cli.Count / 2)]
    $moduleMedian = ($module | Sort-Object)[[int][Math]::Floor($module.Count / 2)]
    $mode = if ($WithCache) { 'cached build' } else { 'no-cache build' }
    Write-Host ("publish-image ({0}, {1} runs each): docker build+push median {2:N2} s [{3}], Publish-AoImage median {4:N2} s [{5}]" -f `
        $mode, $Iterations, $cliMedian, (($cli | ForEach-Object { $_.ToString('N2') }) -join ', '), $moduleMedian, (($module | ForEach-Object { $_.ToString('N2') }) -join ', '))
    Write-Host ("publish-image ratio (Publish-AoImage / docker CLI): {0:N3} (goal <= 1.05)" -f ($moduleMedian / $cliMedian))
} finally {
    docker logout $docker.AOTECH_REGISTRY *> $null
    Remove-Item $env:DOCKER_CONFIG -Recurse -Force -ErrorAction SilentlyContinue
}
