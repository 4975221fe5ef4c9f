# Publish-AoImage against a real Docker engine and a real registry with htpasswd auth (tests/setup/docker.sh).
BeforeAll {
    Import-Module $env:AOTECH_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DockerTestHelpers.psm1') -Force
    $script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $reason = $null
    $script:Docker = Get-AoDockerTestSettings -Reason ([ref]$reason)
    $script:SkipReason = $reason
    $script:RunId = New-AoTestId
    $script:Started = [datetime]::UtcNow
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) "aotech-publish-$script:RunId"
    $null = New-Item -ItemType Directory -Path $script:Work
    function Get-AoError([scriptblock]$Action) {
        try { & $Action; $null } catch { $_ }
    }
}

AfterAll {
    if ($script:Work -and (Test-Path $script:Work)) { Remove-Item $script:Work -Recurse -Force }
    if ($script:Docker) {
        # BuildKit keeps each uploaded context as a cache record: the large context test's would hold 400 MB of disk.
        Remove-AoTestBuildCache $script:Docker -MinimumSize 300MB -Since $script:Started
    }
}

Describe 'Publish-AoImage input checks (no engine needed)' {
    It 'fails with BuildContextNotFound for a missing context' {
        $missing = Join-Path $script:Work 'does-not-exist'
        $err = Get-AoError { Publish-AoImage -Path $missing -Repository 'example/app' -NoPush -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'BuildContextNotFound,*'
        $err.TargetObject | Should -Be $missing
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'fails with DockerfileNotFound when the Dockerfile is missing' {
        $ctx = New-Item -ItemType Directory -Path (Join-Path $script:Work 'no-dockerfile')
        $err = Get-AoError { Publish-AoImage -Path $ctx.FullName -Repository 'example/app' -NoPush -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'DockerfileNotFound,*'
        $err.TargetObject | Should -Be (Join-Path $ctx.FullName 'Dockerfile')
    }

    It 'fails with InvalidImageTag for <Case>' -TestCases @(
        @{ Case = 'a tag with a space'; Repository = 'example/app'; Tags = @('1.0', 'not valid') }
        @{ Case = 'an upper-case repository'; Repository = 'Example/App'; Tags = @('1.0') }
        @{ Case = 'a tag starting with a dot'; Repository = 'example/app'; Tags = @('.hidden') }
    ) {
        param($Case, $Repository, $Tags)
        $err = Get-AoError { Publish-AoImage -Path (Join-Path $script:Root 'app/nginx') -Repository $Repository -Tag $Tags -NoPush -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidImageTag,*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'fails with DockerHostUnreachable when nothing listens at -DockerHost' {
        $port = Get-FreeTcpPort
        $err = Get-AoError { Publish-AoImage -Path (Join-Path $script:Root 'app/nginx') -Repository 'example/nginx' -NoPush -DockerHost "tcp://127.0.0.1:$port" -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'DockerHostUnreachable,*'
        $err.CategoryInfo.Category | Should -Be 'ConnectionError'
        $err.Exception.Message | Should -Match "127\.0\.0\.1:$port"
    }

    It 'reads -<Parameter> through PowerShell''s provider: <Case>' -ForEach @(
        @{ Parameter = 'Path'; Case = '~/context'; Given = '~/context' }
        @{ Parameter = 'Path'; Case = 'a PSDrive'; Given = 'aoctx:/context' }
        @{ Parameter = 'Dockerfile'; Case = '~/context/Dockerfile'; Given = '~/context/Dockerfile' }
        @{ Parameter = 'ComposeFile'; Case = 'a PSDrive'; Given = 'aoctx:/compose.yaml' }
    ) {
        # Issue 12 item 4: '~/x' became '<current directory>/~/x'. Found, the context reaches the engine check.
        $homeDir = New-Item -ItemType Directory -Force -Path (Join-Path $script:Work 'home')
        $ctx = New-Item -ItemType Directory -Force -Path (Join-Path $homeDir 'context')
        'FROM scratch' | Set-Content (Join-Path $ctx 'Dockerfile')
        "services:`n  web:`n    build: ./context`n" | Set-Content (Join-Path $homeDir 'compose.yaml')
        $fileSystem = Get-PSProvider FileSystem
        $savedHome = $fileSystem.Home
        $null = New-PSDrive -Name aoctx -PSProvider FileSystem -Root $homeDir.FullName
        try {
            $fileSystem.Home = $homeDir.FullName
            $a = @{ NoPush = $true; DockerHost = 'tcp://127.0.0.1:1'; ErrorAction = 'Stop' }
            if ($Parameter -eq 'ComposeFile') { $a.ComposeFile = $Given } else { $a.Path = $ctx.FullName; $a.Repository = 'example/app'; $a[$Parameter] = $Given }
            $err = Get-AoError { Publish-AoImage @a }
        } finally { $fileSystem.Home = $savedHome; Remove-PSDrive aoctx }
        $err.FullyQualifiedErrorId | Should -BeLike 'DockerHostUnreachable,*'
    }

    It 'says what a path really is: <Case>' -ForEach @(
        @{ Case = 'a file as build context'; ErrorId = 'NotADirectory'; Category = 'InvalidArgument' }
        @{ Case = 'a folder as Dockerfile'; ErrorId = 'NotAFile'; Category = 'InvalidArgument' }
    ) {
        # Issue 19 item 8: 'Publish-AoImage -Path <a file>' said the context did not exist.
        $ctx = New-Item -ItemType Directory -Force -Path (Join-Path $script:Work 'kinds')
        'FROM scratch' | Set-Content (Join-Path $ctx 'Dockerfile')
        $a = @{ Repository = 'example/app'; NoPush = $true; ErrorAction = 'Stop' }
        if ($ErrorId -eq 'NotADirectory') { $a.Path = Join-Path $ctx 'Dockerfile' } else { $a.Path = $ctx.FullName; $a.Dockerfile = $ctx.FullName }
        $err = Get-AoError { Publish-AoImage @a }
        $err.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $err.CategoryInfo.Category | Should -Be $Category
        $err.Exception.Message | Should -Match $(if ($ErrorId -eq 'NotADirectory') { 'is a file, not a directory' } else { 'is a directory, not a file' })
    }

    It 'does nothing under -WhatIf' {
        $out = Publish-AoImage -Path (Join-Path $script:Root 'app/nginx') -Repository 'example/nginx' -DockerHost 'tcp://127.0.0.1:1' -WhatIf
        $out | Should -BeNullOrEmpty
    }
}

Describe 'Publish-AoImage with a Docker engine and an authenticated registry' {
    BeforeEach {
        if ($script:SkipReason) { Set-ItResult -Skipped -Because $script:SkipReason }
    }

    It 'builds app/aspnetapp, pushes every tag, and reports the registry''s manifest digest' {
        if ($script:SkipReason) { return }
        $repo = "$($script:Docker.AOTECH_REGISTRY)/publish-$script:RunId/aspnetapp"
        $images = @(Publish-AoImage -Path (Join-Path $script:Root 'app/aspnetapp') -Repository $repo -Tag '1.2.3', 'latest' `
                -BuildArg @{ SDK_IMAGE = $script:Docker.SDK_IMAGE; RUNTIME_IMAGE = $script:Docker.RUNTIME_IMAGE; APP_VERSION = '1.2.3' } `
                -RegistryCredential $script:Docker.Credential)

        $images.Count | Should -Be 2
        $images.Tag | Should -Be @('1.2.3', 'latest')
        foreach ($image in $images) {
            $image.GetType().FullName | Should -Be 'AoTech.Ecs.Images.AoImage'
            $image.Repository | Should -Be $repo
            $image.ImageId | Should -Match '^sha256:[0-9a-f]{64}$'
            $image.Digest | Should -Match '^sha256:[0-9a-f]{64}$'
            $image.Reference | Should -Be "$repo@$($image.Digest)"
            $image.Digest | Should -Be (Get-AoRegistryManifestDigest $script:Docker "publish-$script:RunId/aspnetapp" $image.Tag)
        }
        $images[0].ImageId | Should -Be $images[1].ImageId
    }

    It 'builds and pushes app/nginx on the local nginx base' {
        if ($script:SkipReason) { return }
        $repo = "$($script:Docker.AOTECH_REGISTRY)/publish-$script:RunId/nginx"
        $stream = Publish-AoImage -Path (Join-Path $script:Root 'app/nginx') -Repository $repo -Tag '1.0.0' `
            -BuildArg @{ NGINX_IMAGE = $script:Docker.NGINX_IMAGE } -RegistryCredential $script:Docker.Credential -Verbose 4>&1
        $image = $stream | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        $image.Digest | Should -Be (Get-AoRegistryManifestDigest $script:Docker "publish-$script:RunId/nginx" '1.0.0')
        # -Verbose names each Docker Engine call with its outcome and duration, and never the registry password.
        $verbose = @($stream | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        foreach ($call in 'Ping', 'Authenticate', 'Build', 'Push') {
            @($verbose -match "^Docker $call\b.*: OK in [\d,]+ ms \(1 attempt\)$").Count | Should -BeGreaterThan 0 -Because "the $call call is traced"
        }
        # The build's own result message names the full image ID: no extra inspect call after it.
        @($verbose -match '^Docker InspectImage\b').Count | Should -Be 0
        ($verbose -join "`n").Contains($script:Docker.Credential.GetNetworkCredential().Password) | Should -BeFalse
    }

    It 'fails cleanly with RegistryAuthenticationFailed for a wrong password, pushing nothing, and never shows it' {
        if ($script:SkipReason) { return }
        $secret = 'Wr0ng-' + (New-AoTestId)
        $bad = [pscredential]::new($script:Docker.AOTECH_REGISTRY_USER, (ConvertTo-SecureString $secret -AsPlainText -Force))
        $path = "publish-$script:RunId/denied"
        $err = Get-AoError {
            Publish-AoImage -Path (Join-Path $script:Root 'app/nginx') -Repository "$($script:Docker.AOTECH_REGISTRY)/$path" -Tag 'x1' `
                -BuildArg @{ NGINX_IMAGE = $script:Docker.NGINX_IMAGE } -RegistryCredential $bad -ErrorAction Stop -Verbose 4>&1 |
                Out-String | Set-Variable -Name verboseText -Scope Script
        }
        $err.FullyQualifiedErrorId | Should -BeLike 'RegistryAuthenticationFailed,*'
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $err.TargetObject | Should -Be $script:Docker.AOTECH_REGISTRY
        ($err | Out-String) | Should -Not -Match ([regex]::Escape($secret))
        $err.Exception.ToString() | Should -Not -Match ([regex]::Escape($secret))
        "$script:verboseText" | Should -Not -Match ([regex]::Escape($secret))
        Get-AoRegistryTags $script:Docker $path | Should -BeNullOrEmpty
    }

    It 'stops a running build when the registry refuses the credentials (they are checked while the build starts)' {
        if ($script:SkipReason) { return }
        $ctx = New-Item -ItemType Directory -Path (Join-Path $script:Work 'slow-ctx')
        # A build far slower than the credential check: it can only end with a tagged image if nothing stops it.
        Set-Content (Join-Path $ctx 'Dockerfile') "ARG BASE`nFROM `${BASE}`nRUN sleep 60 && echo $script:RunId`n"
        $bad = [pscredential]::new($script:Docker.AOTECH_REGISTRY_USER, (ConvertTo-SecureString ('Wr0ng-' + (New-AoTestId)) -AsPlainText -Force))
        $path = "publish-$script:RunId/slow"
        $err = Get-AoError {
            Publish-AoImage -Path $ctx.FullName -Repository "$($script:Docker.AOTECH_REGISTRY)/$path" -Tag 's1' `
                -BuildArg @{ BASE = $script:Docker.NGINX_IMAGE } -NoCache -RegistryCredential $bad -ErrorAction Stop
        }
        $err.FullyQualifiedErrorId | Should -BeLike 'RegistryAuthenticationFailed,*'
        & docker image inspect "$($script:Docker.AOTECH_REGISTRY)/$path`:s1" *> $null
        $LASTEXITCODE | Should -Not -Be 0 -Because 'the build was stopped before it could tag the image'
        Get-AoRegistryTags $script:Docker $path | Should -BeNullOrEmpty
    }

    It 'pushes nothing when one of the tags is invalid' {
        if ($script:SkipReason) { return }
        $path = "publish-$script:RunId/partial"
        $err = Get-AoError {
            Publish-AoImage -Path (Join-Path $script:Root 'app/nginx') -Repository "$($script:Docker.AOTECH_REGISTRY)/$path" -Tag 'good', 'bad tag' `
                -BuildArg @{ NGINX_IMAGE = $script:Docker.NGINX_IMAGE } -RegistryCredential $script:Docker.Credential -ErrorAction Stop
        }
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidImageTag,*'
        Get-AoRegistryTags $script:Docker $path | Should -BeNullOrEmpty
    }

    It 'reports RegistryUnreachable, saying nothing was pushed, when the registry cannot be reached' {
        if ($script:SkipReason) { return }
        $port = Get-FreeTcpPort
        $err = Get-AoError {
            Publish-AoImage -Path (Join-Path $script:Root 'app/nginx') -Repository "127.0.0.1:$port/nowhere/nginx" -Tag 'a', 'b' `
                -BuildArg @{ NGINX_IMAGE = $script:Docker.NGINX_IMAGE } -ErrorAction Stop
        }
        # Issue 19 item 7: a connection failure is no push failure (nor a refused credential).
        $err.FullyQualifiedErrorId | Should -BeLike 'RegistryUnreachable,*'
        $err.CategoryInfo.Category | Should -Be 'ConnectionError'
        $err.TargetObject | Should -Be "127.0.0.1:$port/nowhere/nginx:a"
        $err.Exception.Message | Should -Match 'Nothing was pushed'
    }

    It 'honours .dockerignore (including ! exceptions and **) in the context it sends' {
        if ($script:SkipReason) { return }
        $ctx = New-Item -ItemType Directory -Path (Join-Path $script:Work 'ignore-ctx')
        New-Item -ItemType Directory -Path (Join-Path $ctx 'secrets'), (Join-Path $ctx 'src/bin') | Out-Null
        Set-Content (Join-Path $ctx 'secrets/key.pem') 'private'
        Set-Content (Join-Path $ctx 'secrets/public.txt') 'public'
        Set-Content (Join-Path $ctx 'src/bin/app.dll') 'binary'
        Set-Content (Join-Path $ctx 'src/app.cs') 'source'
        Set-Content (Join-Path $ctx '.dockerignore') "secrets`n!secrets/public.txt`n**/bin`n"
        # The build itself is the assertion: it fails unless exactly the kept files arrived.
        Set-Content (Join-Path $ctx 'Dockerfile') @"
ARG BASE
FROM `${BASE}
COPY . /ctx
RUN test -f /ctx/src/app.cs && test -f /ctx/secrets/public.txt && test ! -e /ctx/secrets/key.pem && test ! -e /ctx/src/bin
"@
        $image = Publish-AoImage -Path $ctx.FullName -Repository "aotech-test/ignore-$script:RunId" -Tag 't' -BuildArg @{ BASE = $script:Docker.NGINX_IMAGE } -NoPush
        $image.Digest | Should -BeNullOrEmpty
        $image.Reference | Should -Be "aotech-test/ignore-$script:RunId`:t"
        $image.ImageId | Should -Match '^sha256:'
    }

    It 'streams a large build context without holding it in memory' {
        if ($script:SkipReason) { return }
        $ctx = New-Item -ItemType Directory -Path (Join-Path $script:Work 'large-ctx')
        # 400 MB of incompressible data: buffering the context would raise the process's peak memory by that much.
        $size = 400MB
        $chunk = [byte[]]::new(4MB)
        $rng = [System.Security.Cryptography.RandomNumberGenerator]::Create()
        $stream = [IO.File]::Create((Join-Path $ctx 'large.bin'))
        try { for ($written = 0; $written -lt $size; $written += $chunk.Length) { $rng.GetBytes($chunk); $stream.Write($chunk, 0, $chunk.Length) } }
        finally { $stream.Dispose() }
        Set-Content (Join-Path $ctx 'Dockerfile') "ARG BASE`nFROM `${BASE}`nRUN true`n"
        $process = [Diagnostics.Process]::GetCurrentProcess()
        [GC]::Collect()
        $process.Refresh(); $before = $process.PeakWorkingSet64
        $image = Publish-AoImage -Path $ctx.FullName -Repository "aotech-test/large-$script:RunId" -BuildArg @{ BASE = $script:Docker.NGINX_IMAGE } -NoPush
        $process.Refresh(); $growth = $process.PeakWorkingSet64 - $before
        Remove-Item (Join-Path $ctx 'large.bin')
        $image.ImageId | Should -Match '^sha256:'
        $growth | Should -BeLessThan 150MB -Because "the peak working set grew by $([math]::Round($growth / 1MB)) MB while sending 400 MB"
    }

    It 'reports a failing RUN step as ImageBuildFailed with the step, its output and its exit code, as docker build shows them' {
        if ($script:SkipReason) { return }
        $ctx = New-Item -ItemType Directory -Path (Join-Path $script:Work 'failing-ctx')
        Set-Content (Join-Path $ctx 'Dockerfile') "ARG BASE`nFROM `${BASE}`nRUN echo first-line && echo about-to-fail-$script:RunId && exit 3`n"
        $err = Get-AoError { Publish-AoImage -Path $ctx.FullName -Repository "aotech-test/fail-$script:RunId" -BuildArg @{ BASE = $script:Docker.NGINX_IMAGE } -NoPush -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'ImageBuildFailed,*'
        $err.TargetObject | Should -Be "aotech-test/fail-$script:RunId`:latest"
        $message = $err.Exception.Message
        # BuildKit's error, then the failed step framed as docker build frames it, with the step's output.
        $message | Should -Match 'exit code: 3'
        $message | Should -Match "(?m)^ > \[2/2\] RUN echo first-line && echo about-to-fail-$script:RunId && exit 3:$"
        $message | Should -Match "(?m)^#\d+ about-to-fail-$script:RunId$"
        $message | Should -Match '(?m)^#\d+ first-line$'
    }

    It 'reports a failing build of the legacy builder (-Builder Legacy) with its output' {
        if ($script:SkipReason) { return }
        $ctx = New-Item -ItemType Directory -Path (Join-Path $script:Work 'failing-legacy-ctx')
        Set-Content (Join-Path $ctx 'Dockerfile') "ARG BASE`nFROM `${BASE}`nRUN echo about-to-fail && exit 3`n"
        $err = Get-AoError { Publish-AoImage -Path $ctx.FullName -Repository "aotech-test/fail-$script:RunId" -Builder Legacy -BuildArg @{ BASE = $script:Docker.NGINX_IMAGE } -NoPush -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'ImageBuildFailed,*'
        $err.Exception.Message | Should -Match 'about-to-fail'
        $err.Exception.Message | Should -Match 'non-zero code: 3'
    }

    Context 'remote engine over tcp:// with TLS client certificates' {
        BeforeAll {
            if ($script:SkipReason) { return }
            # A private CA, a server certificate for 127.0.0.1 and a client certificate, as for `dockerd --tlsverify`.
            $script:Tls = Join-Path $script:Work 'tls'
            $script:Other = Join-Path $script:Work 'tls-other'
            $null = New-Item -ItemType Directory -Path $script:Tls, $script:Other
            function Invoke-OpenSsl([string[]]$Arguments) {
                $out = & openssl @Arguments 2>&1
                if ($LASTEXITCODE -ne 0) { throw "openssl $($Arguments[0]) failed: $out" }
            }
            function New-TestCa([string]$Dir) {
                Invoke-OpenSsl @('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', "$Dir/ca-key.pem", '-out', "$Dir/ca.pem", '-days', '2', '-subj', '/CN=aotech-test-ca')
            }
            function New-TestCert([string]$Dir, [string]$Name, [string]$Subject, [string]$Extensions) {
                Invoke-OpenSsl @('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', "$Dir/$Name-key.pem", '-out', "$Dir/$Name.csr", '-subj', $Subject)
                Set-Content "$Dir/$Name.ext" $Extensions
                Invoke-OpenSsl @('x509', '-req', '-in', "$Dir/$Name.csr", '-CA', "$Dir/ca.pem", '-CAkey', "$Dir/ca-key.pem", '-CAcreateserial', '-out', "$Dir/$Name-cert.pem", '-days', '2', '-extfile', "$Dir/$Name.ext")
            }
            New-TestCa $script:Tls
            New-TestCert $script:Tls 'server' '/CN=127.0.0.1' "subjectAltName=IP:127.0.0.1`nextendedKeyUsage=serverAuth"
            New-TestCert $script:Tls 'client' '/CN=client' 'extendedKeyUsage=clientAuth'
            # The layout the docker CLI expects in DOCKER_CERT_PATH.
            $script:ClientDir = Join-Path $script:Work 'tls-client'
            $null = New-Item -ItemType Directory -Path $script:ClientDir
            Copy-Item "$script:Tls/ca.pem" "$script:ClientDir/ca.pem"
            Copy-Item "$script:Tls/client-cert.pem" "$script:ClientDir/cert.pem"
            Copy-Item "$script:Tls/client-key.pem" "$script:ClientDir/key.pem"
            # A client certificate from another CA, which the engine must refuse.
            New-TestCa $script:Other
            New-TestCert $script:Other 'client' '/CN=intruder' 'extendedKeyUsage=clientAuth'
            $script:IntruderDir = Join-Path $script:Work 'tls-intruder'
            $null = New-Item -ItemType Directory -Path $script:IntruderDir
            Copy-Item "$script:Tls/ca.pem" "$script:IntruderDir/ca.pem"
            Copy-Item "$script:Other/client-cert.pem" "$script:IntruderDir/cert.pem"
            Copy-Item "$script:Other/client-key.pem" "$script:IntruderDir/key.pem"

            $socket = $script:Docker.DOCKER_HOST -replace '^unix://', ''
            $python = (Get-Command python3 -CommandType Application | Select-Object -First 1).Source
            $psi = [Diagnostics.ProcessStartInfo]::new($python)
            foreach ($a in @((Join-Path $PSScriptRoot '../tools/docker_tls_proxy.py'), '--cert', "$script:Tls/server-cert.pem", '--key', "$script:Tls/server-key.pem", '--ca', "$script:Tls/ca.pem", '--target', $socket)) { $psi.ArgumentList.Add($a) }
            $psi.RedirectStandardOutput = $true
            $psi.UseShellExecute = $false
            $script:TlsProxy = [Diagnostics.Process]::Start($psi)
            $line = $script:TlsProxy.StandardOutput.ReadLine()
            if ($line -notmatch '^listening (\d+)$') { throw "The TLS proxy did not start: $line" }
            $script:TlsHost = "tcp://127.0.0.1:$($Matches[1])"
        }

        AfterAll {
            if ($script:TlsProxy -and -not $script:TlsProxy.HasExited) { $script:TlsProxy.Kill(); $script:TlsProxy.WaitForExit() }
        }

        It 'builds through the TLS endpoint with the client certificate' {
            if ($script:SkipReason) { return }
            $image = Publish-AoImage -Path (Join-Path $script:Root 'app/nginx') -Repository "aotech-test/tls-$script:RunId" -Tag 'remote' -NoPush `
                -BuildArg @{ NGINX_IMAGE = $script:Docker.NGINX_IMAGE } -DockerHost $script:TlsHost -DockerCertPath $script:ClientDir
            $image.ImageId | Should -Match '^sha256:[0-9a-f]{64}$'
        }

        It 'is refused with DockerHostUnreachable when the client certificate is not from the engine''s CA' {
            if ($script:SkipReason) { return }
            $err = Get-AoError { Publish-AoImage -Path (Join-Path $script:Root 'app/nginx') -Repository 'aotech-test/tls' -NoPush -DockerHost $script:TlsHost -DockerCertPath $script:IntruderDir -ErrorAction Stop }
            $err.FullyQualifiedErrorId | Should -BeLike 'DockerHostUnreachable,*'
        }

        It 'refuses an engine whose certificate is not from the expected CA' {
            if ($script:SkipReason) { return }
            $wrongCa = Join-Path $script:Work 'tls-wrong-ca'
            $null = New-Item -ItemType Directory -Path $wrongCa
            Copy-Item "$script:Other/ca.pem" "$wrongCa/ca.pem"
            Copy-Item "$script:ClientDir/cert.pem", "$script:ClientDir/key.pem" $wrongCa
            $err = Get-AoError { Publish-AoImage -Path (Join-Path $script:Root 'app/nginx') -Repository 'aotech-test/tls' -NoPush -DockerHost $script:TlsHost -DockerCertPath $wrongCa -ErrorAction Stop }
            $err.FullyQualifiedErrorId | Should -BeLike 'DockerHostUnreachable,*'
        }
    }

    It 'builds and pushes every compose service with -ComposeFile' {
        if ($script:SkipReason) { return }
        $registry = "$($script:Docker.AOTECH_REGISTRY)/compose-$script:RunId"
        $saved = @{}
        $vars = @{ REGISTRY = $registry; APP_VERSION = '3.0.0'; SDK_IMAGE = $script:Docker.SDK_IMAGE; RUNTIME_IMAGE = $script:Docker.RUNTIME_IMAGE; NGINX_IMAGE = $script:Docker.NGINX_IMAGE }
        foreach ($k in $vars.Keys) { $saved[$k] = [Environment]::GetEnvironmentVariable($k); [Environment]::SetEnvironmentVariable($k, $vars[$k]) }
        try {
            $images = @(Publish-AoImage -ComposeFile (Join-Path $script:Root 'docker-compose.yml') -RegistryCredential $script:Docker.Credential)
        } finally {
            foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) }
        }
        $images.Count | Should -Be 2
        ($images.Service | Sort-Object) | Should -Be @('aspnetapp', 'nginx')
        foreach ($image in $images) {
            $image.Repository | Should -Be "$registry/$($image.Service)"
            $image.Tag | Should -Be '3.0.0'
            $image.Digest | Should -Be (Get-AoRegistryManifestDigest $script:Docker "compose-$script:RunId/$($image.Service)" '3.0.0')
        }
    }
}

Describe 'Publish-AoImage with BuildKit' {
    BeforeAll {
        if ($script:SkipReason) { return }
        $script:BuiltImages = [Collections.Generic.List[string]]::new()
        function Get-Verbose($Stream) { @($Stream | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message) }
        function Get-Output($Stream) { @($Stream | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }) }

        # A stage nothing needs, which fails if built; two independent stages; a cache mount, a tmpfs mount and a bind
        # mount; the final stage copies from both independent ones. Every RUN names the run, so the build cache the
        # tests leave can be found and removed.
        $script:ModernCtx = New-Item -ItemType Directory -Path (Join-Path $script:Work 'modern-ctx')
        Set-Content (Join-Path $script:ModernCtx 'input.txt') 'from-the-context'
        Set-Content (Join-Path $script:ModernCtx 'Dockerfile') @"
ARG BASE
FROM `${BASE} AS unused
RUN echo $script:RunId && exit 1

FROM `${BASE} AS left
RUN echo $script:RunId-left-start && sleep 2 && echo left > /left

FROM `${BASE} AS right
RUN echo $script:RunId-right-start && sleep 2 && echo right > /right

FROM `${BASE}
ARG STAMP
RUN --mount=type=cache,target=/cache,id=aotech-$script:RunId sh -c 'echo `$STAMP; if [ -f /cache/marker ]; then echo CACHE-REUSED-$script:RunId; else echo CACHE-FRESH-$script:RunId; fi; touch /cache/marker'
RUN --mount=type=tmpfs,target=/scratch sh -c 'echo $script:RunId > /scratch/x && test ! -e /tmpfs-leak'
RUN --mount=type=bind,source=input.txt,target=/mnt/input.txt sh -c 'cp /mnt/input.txt /copied.txt && echo $script:RunId'
COPY --from=left /left /left
COPY --from=right /right /right
"@
    }

    AfterAll {
        if ($script:SkipReason) { return }
        Remove-AoTestImage $script:BuiltImages
        Remove-AoTestBuildCache $script:Docker -Match $script:RunId
    }

    BeforeEach {
        if ($script:SkipReason) { Set-ItResult -Skipped -Because $script:SkipReason }
    }

    It 'builds and pushes a Dockerfile with mounts and an unused failing stage; the digest is the registry''s' {
        if ($script:SkipReason) { return }
        $path = "publish-$script:RunId/modern"
        $repo = "$($script:Docker.AOTECH_REGISTRY)/$path"
        $script:BuiltImages.Add("$repo`:1.0")
        $stream = Publish-AoImage -Path $script:ModernCtx.FullName -Repository $repo -Tag '1.0' -BuildArg @{ BASE = $script:Docker.NGINX_IMAGE; STAMP = 'first' } `
            -Label @{ 'org.example.run' = $script:RunId } -RegistryCredential $script:Docker.Credential -Verbose 4>&1
        $image = Get-Output $stream
        $image.Digest | Should -Match '^sha256:[0-9a-f]{64}$'
        $image.Digest | Should -Be (Get-AoRegistryManifestDigest $script:Docker $path '1.0')
        $verbose = Get-Verbose $stream
        @($verbose -match '^Builder: BuildKit ').Count | Should -Be 1
        # The unused stage never ran (it would have failed the build); the stages the image needs all did.
        @($verbose -match '\[unused ').Count | Should -Be 0
        @($verbose -match "^\[[^\]]+\] #\d+ \[left 2/2\] RUN .*: DONE \d+\.\ds$").Count | Should -Be 1
        @($verbose -match "^\[[^\]]+\] #\d+ \[stage-3 2/6\] RUN --mount=type=cache.*: DONE \d+\.\ds$").Count | Should -Be 1
        @($verbose -match "CACHE-FRESH-$script:RunId$").Count | Should -Be 1
        # The independent stages ran side by side: both started before either finished.
        $leftStart = [array]::FindIndex([string[]]$verbose, [Predicate[string]] { param($l) $l -match '\[left 2/2\] RUN [^:]*$' })
        $rightStart = [array]::FindIndex([string[]]$verbose, [Predicate[string]] { param($l) $l -match '\[right 2/2\] RUN [^:]*$' })
        $firstDone = [array]::FindIndex([string[]]$verbose, [Predicate[string]] { param($l) $l -match '\[(left|right) 2/2\] RUN .*: DONE ' })
        $leftStart | Should -BeGreaterOrEqual 0
        $rightStart | Should -BeGreaterOrEqual 0
        $firstDone | Should -BeGreaterThan ([math]::Max($leftStart, $rightStart))
        # The label and the files the mounts and stages put there are in the image.
        (& docker image inspect -f '{{index .Config.Labels "org.example.run"}}' "$repo`:1.0") | Should -Be $script:RunId
        (& docker run --rm "$repo`:1.0" cat /copied.txt /left /right) | Should -Be @('from-the-context', 'left', 'right')
    }

    It 'reuses the cache mount when its step runs again, and reports the cached steps' {
        if ($script:SkipReason) { return }
        $repo = "aotech-test/modern-$script:RunId"
        $script:BuiltImages.Add("$repo`:again")
        # The first test filled the cache mount. A new STAMP makes its step run again (as changed sources would);
        # every step before it comes from the layer cache.
        $stream = Publish-AoImage -Path $script:ModernCtx.FullName -Repository $repo -Tag 'again' -BuildArg @{ BASE = $script:Docker.NGINX_IMAGE; STAMP = 'second' } -NoPush -Verbose 4>&1
        $verbose = Get-Verbose $stream
        @($verbose -match '\[left 2/2\] RUN .*: CACHED$').Count | Should -Be 1
        @($verbose -match '\[stage-3 2/6\] RUN --mount=type=cache.*: DONE \d+\.\ds$').Count | Should -Be 1
        @($verbose -match "CACHE-REUSED-$script:RunId$").Count | Should -Be 1 -Because 'the marker the first build left in the cache mount is still there'
        @($verbose -match "CACHE-FRESH-$script:RunId$").Count | Should -Be 0
    }

    It 'builds only the stages -Target needs' {
        if ($script:SkipReason) { return }
        $repo = "aotech-test/target-$script:RunId"
        $script:BuiltImages.Add("$repo`:left")
        $stream = Publish-AoImage -Path $script:ModernCtx.FullName -Repository $repo -Tag 'left' -Target left -BuildArg @{ BASE = $script:Docker.NGINX_IMAGE; STAMP = 'first' } -NoPush -Verbose 4>&1
        $verbose = Get-Verbose $stream
        @($verbose -match '\[left 2/2\] RUN ').Count | Should -BeGreaterThan 0
        @($verbose -match '\[(right|stage-3|unused) ').Count | Should -Be 0
        (& docker run --rm "$repo`:left" cat /left) | Should -Be 'left'
    }

    It 'stops the engine''s BuildKit build when the pipeline is stopped, as by Ctrl+C' {
        if ($script:SkipReason) { return }
        # A sleep no other process on this machine runs: its process in the engine shows whether the step still runs.
        $marker = "300.$(Get-Random -Minimum 1000 -Maximum 9999)"
        $ctx = New-Item -ItemType Directory -Path (Join-Path $script:Work 'stopped-ctx')
        Set-Content (Join-Path $ctx 'Dockerfile') "ARG BASE`nFROM `${BASE}`nRUN sleep $marker && echo $script:RunId`n"
        $repo = "aotech-test/stopped-$script:RunId"
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($Module, $Path, $Repository, $Base)
                    Import-Module $Module
                    Publish-AoImage -Path $Path -Repository $Repository -BuildArg @{ BASE = $Base } -NoPush
                }).AddArgument($env:AOTECH_MODULE_PATH).AddArgument($ctx.FullName).AddArgument($repo).AddArgument($script:Docker.NGINX_IMAGE)
            $null = $ps.BeginInvoke()
            for ($i = 0; $i -lt 240 -and -not (& pgrep -f "sleep $marker"); $i++) { Start-Sleep -Milliseconds 250 }
            @(& pgrep -f "sleep $marker").Count | Should -BeGreaterThan 0 -Because 'the step runs in the engine before the stop'
            $ps.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            for ($i = 0; $i -lt 40 -and (& pgrep -f "sleep $marker"); $i++) { Start-Sleep -Milliseconds 250 }
            @(& pgrep -f "sleep $marker").Count | Should -Be 0 -Because 'the engine cancelled the build'
            & docker image inspect $repo *> $null
            $LASTEXITCODE | Should -Not -Be 0
        } finally {
            $ps.Dispose()
        }
    }

    It 'builds FROM a private image of the authenticated registry the engine does not have' {
        if ($script:SkipReason) { return }
        $basePath = "publish-$script:RunId/private-base"
        $base = "$($script:Docker.AOTECH_REGISTRY)/$basePath`:1"
        $baseCtx = New-Item -ItemType Directory -Path (Join-Path $script:Work 'private-base-ctx')
        Set-Content (Join-Path $baseCtx 'Dockerfile') "ARG BASE`nFROM `${BASE}`nRUN echo private-$script:RunId > /private.txt`n"
        $null = Publish-AoImage -Path $baseCtx.FullName -Repository "$($script:Docker.AOTECH_REGISTRY)/$basePath" -Tag '1' `
            -BuildArg @{ BASE = $script:Docker.NGINX_IMAGE } -RegistryCredential $script:Docker.Credential
        # Only the registry has it now: BuildKit alone would pull it anonymously, and the registry refuses that.
        Remove-AoTestImage $base
        & docker image inspect $base *> $null
        $LASTEXITCODE | Should -Not -Be 0

        $appCtx = New-Item -ItemType Directory -Path (Join-Path $script:Work 'private-from-ctx')
        Set-Content (Join-Path $appCtx 'Dockerfile') "FROM $base`nRUN grep -q private-$script:RunId /private.txt`n"
        $path = "publish-$script:RunId/on-private"
        $script:BuiltImages.Add("$($script:Docker.AOTECH_REGISTRY)/$path`:1")
        $script:BuiltImages.Add($base)
        $stream = Publish-AoImage -Path $appCtx.FullName -Repository "$($script:Docker.AOTECH_REGISTRY)/$path" -Tag '1' -RegistryCredential $script:Docker.Credential -Verbose 4>&1
        $image = Get-Output $stream
        $image.Digest | Should -Be (Get-AoRegistryManifestDigest $script:Docker $path '1')
        $verbose = Get-Verbose $stream
        @($verbose -match "^Docker Pull $([regex]::Escape($base)): OK ").Count | Should -Be 1
        ($verbose -join "`n").Contains($script:Docker.Credential.GetNetworkCredential().Password) | Should -BeFalse

        # Now the engine has it: no pull, unless -Pull asks for one.
        $stream = Publish-AoImage -Path $appCtx.FullName -Repository "$($script:Docker.AOTECH_REGISTRY)/$path" -Tag '1' -RegistryCredential $script:Docker.Credential -NoPush -Verbose 4>&1
        @((Get-Verbose $stream) -match '^Docker Pull ').Count | Should -Be 0
        $stream = Publish-AoImage -Path $appCtx.FullName -Repository "$($script:Docker.AOTECH_REGISTRY)/$path" -Tag '1' -RegistryCredential $script:Docker.Credential -NoPush -Pull -Verbose 4>&1
        @((Get-Verbose $stream) -match "^Docker Pull $([regex]::Escape($base)): OK ").Count | Should -Be 1
    }

    It 'fails with BaseImagePullFailed, naming the image, when the registry refuses the private base image' {
        if ($script:SkipReason) { return }
        $missing = "$($script:Docker.AOTECH_REGISTRY)/publish-$script:RunId/no-such-base:1"
        $ctx = New-Item -ItemType Directory -Path (Join-Path $script:Work 'missing-base-ctx')
        Set-Content (Join-Path $ctx 'Dockerfile') "FROM $missing`nRUN true`n"
        $err = Get-AoError { Publish-AoImage -Path $ctx.FullName -Repository "$($script:Docker.AOTECH_REGISTRY)/publish-$script:RunId/none" -RegistryCredential $script:Docker.Credential -NoPush -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'BaseImagePullFailed,*'
        $err.TargetObject | Should -Be $missing
        $err.Exception.Message | Should -Not -Match ([regex]::Escape($script:Docker.Credential.GetNetworkCredential().Password))
    }
}
