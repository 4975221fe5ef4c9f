# Publish-AoImage -ComposeFile (independent images built in parallel) against
# `docker-compose build && docker-compose push` (one image after another) on the repository's docker-compose.yml.
# Both build without cache; prints both times and the ratio (goal: below 1). Needs tests/setup/docker.sh to have run.
# docker-compose 1.29 builds with the legacy builder (Debian's docker CLI has no buildx for its BuildKit path);
# Publish-AoImage with BuildKit, as it does by default.
param(
    [Parameter(Mandatory)][string]$ModulePath,
    [int]$Iterations = 2
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
Import-Module (Join-Path $PSScriptRoot '../tests/Pester/TestHelpers.psm1') -Force
Import-Module (Join-Path $PSScriptRoot '../tests/Pester/DockerTestHelpers.psm1') -Force
$env:AOTECH_REQUIRE_DOCKER = $null
$reason = $null
$docker = Get-AoDockerTestSettings -Reason ([ref]$reason)
if (-not $docker) { Write-Host "compose-build: skipped ($reason)"; return }
if (-not (Get-Command docker-compose -ErrorAction SilentlyContinue)) { Write-Host 'compose-build: skipped (docker-compose is not on PATH)'; return }

$composeFile = (Resolve-Path (Join-Path $PSScriptRoot '../docker-compose.yml')).Path
$env:REGISTRY = "$($docker.AOTECH_REGISTRY)/bench-$(New-AoTestId)"
$env:SDK_IMAGE = $docker.SDK_IMAGE; $env:RUNTIME_IMAGE = $docker.RUNTIME_IMAGE; $env:NGINX_IMAGE = $docker.NGINX_IMAGE
$env:DOCKER_CONFIG = Join-Path ([IO.Path]::GetTempPath()) "aotech-bench-docker-$(New-AoTestId)"
$env:DOCKER_BUILDKIT = '0'; $env:COMPOSE_DOCKER_CLI_BUILD = '0'
$null = New-Item -ItemType Directory -Path $env:DOCKER_CONFIG
Get-Content $docker.AOTECH_REGISTRY_PASSWORD_FILE -Raw | docker login -u $docker.AOTECH_REGISTRY_USER --password-stdin $docker.AOTECH_REGISTRY *> $null
if ($LASTEXITCODE -ne 0) { throw 'docker login failed' }

$versions = [Collections.Generic.List[string]]::new()

function Measure-Compose([string]$Version) {
    $env:APP_VERSION = $Version; $versions.Add($Version)
    $sw = [Diagnostics.Stopwatch]::StartNew()
    & docker-compose -f $composeFile build --no-cache *> $null
    if ($LASTEXITCODE -ne 0) { throw 'docker-compose build failed' }
    & docker-compose -f $composeFile push *> $null
    if ($LASTEXITCODE -ne 0) { throw 'docker-compose push failed' }
    $sw.Elapsed.TotalSeconds
}

function Measure-Module([string]$Version) {
    $env:APP_VERSION = $Version; $versions.Add($Version)
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $null = Publish-AoImage -ComposeFile $composeFile -RegistryCredential $docker.Credential -NoCache -ProgressAction SilentlyContinue
    $sw.Elapsed.TotalSeconds
}

try {
    $null = Measure-Compose '0.0.1'; $null = Measure-Module '0.0.2'
    $compose = @(); $module = @()
    for ($i = 1; $i -le $Iterations; $i++) {
        if ($i % 2) { $compose += Measure-Compose "1.$i.0"; $module += Measure-Module "2.$i.0" }
        else { $module += Measure-Module "2.$i.0"; $compose += Measure-Compose "1.$i.0" }
    }
    $c = ($compose | Measure-Object -Average).Average
    $m = ($module | Measure-Object -Average).Average
    Write-Host ("compose-build ({0} runs each, no cache): docker-compose build+push mean {1:N2} s, Publish-AoImage -ComposeFile mean {2:N2} s" -f $Iterations, $c, $m)
    Write-Host ("compose-build ratio (Publish-AoImage / docker-compose): {0:N3} (goal < 1)" -f ($m / $c))
} finally {
    docker logout $docker.AOTECH_REGISTRY *> $null
    Remove-Item $env:DOCKER_CONFIG -Recurse -Force -ErrorAction SilentlyContinue
    Remove-AoTestImage @(foreach ($v in $versions) { "$env:REGISTRY/aspnetapp:$v"; "$env:REGISTRY/nginx:$v" })
}
