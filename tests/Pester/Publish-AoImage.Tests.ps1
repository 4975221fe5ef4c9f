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
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) "aotech-publish-$script:RunId"
    $null = New-Item -ItemType Directory -Path $script:Work
    function Get-AoError([scriptblock]$Action) {
        try { & $Action; $null } catch { $_ }
    }
}

AfterAll {
    if ($script:Work -and (Test-Path $script:Work)) { Remove-Item $script:Work -Recurse -Force }
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

    It 'reports a failing build as ImageBuildFailed with the build output' {
        if ($script:SkipReason) { return }
        $ctx = New-Item -ItemType Directory -Path (Join-Path $script:Work 'failing-ctx')
        Set-Content (Join-Path $ctx 'Dockerfile') "ARG BASE`nFROM `${BASE}`nRUN echo about-to-fail && exit 3`n"
        $err = Get-AoError { Publish-AoImage -Path $ctx.FullName -Repository "aotech-test/fail-$script:RunId" -BuildArg @{ BASE = $script:Docker.NGINX_IMAGE } -NoPush -ErrorAction Stop }
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
