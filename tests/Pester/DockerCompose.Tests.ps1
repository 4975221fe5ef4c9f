# The local stack for real: docker-compose up with three aspnetapp replicas behind nginx, through Docker's DNS.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DockerTestHelpers.psm1') -Force
    $script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $reason = $null
    $script:Docker = Get-AoDockerTestSettings -Reason ([ref]$reason)
    $script:SkipReason = $reason
    if (-not $script:SkipReason -and -not (Get-Command docker-compose -ErrorAction SilentlyContinue)) {
        if ($env:AOTECH_REQUIRE_DOCKER -eq '1') { throw 'AOTECH_REQUIRE_DOCKER=1 but docker-compose is not on PATH' }
        $script:SkipReason = 'docker-compose is not on PATH'
    }
    if ($script:SkipReason) { return }

    $script:Project = 'aotechtest' + (New-AoTestId)
    $script:Port = Get-FreeTcpPort
    $script:Version = '9.8.7'
    # Everything the compose file reads, for this process and the docker-compose children only.
    $script:ComposeEnv = @{
        REGISTRY = 'aotech-test'; APP_VERSION = $script:Version
        SDK_IMAGE = $script:Docker.SDK_IMAGE; RUNTIME_IMAGE = $script:Docker.RUNTIME_IMAGE; NGINX_IMAGE = $script:Docker.NGINX_IMAGE
        NGINX_HOST_ADDRESS = '127.0.0.1'; NGINX_HOST_PORT = "$script:Port"; DOCKER_HOST = $script:Docker.DOCKER_HOST
    }
    function Invoke-Compose([string[]]$Arguments) {
        $saved = @{}
        foreach ($k in $script:ComposeEnv.Keys) { $saved[$k] = [Environment]::GetEnvironmentVariable($k); [Environment]::SetEnvironmentVariable($k, $script:ComposeEnv[$k]) }
        try {
            $out = & docker-compose -f (Join-Path $script:Root 'docker-compose.yml') -p $script:Project @Arguments 2>&1
            if ($LASTEXITCODE -ne 0) { throw "docker-compose $($Arguments -join ' ') failed ($LASTEXITCODE): $($out | Out-String)" }
            $out
        } finally {
            foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) }
        }
    }
    function Get-ContainerHealth {
        $ids = @(Invoke-Compose @('ps', '-q') | Where-Object { $_ -match '^[0-9a-f]{12,}$' })
        foreach ($id in $ids) {
            $fields = (& docker inspect -f '{{.Name}} {{.State.Health.Status}}' $id) -split ' '
            [pscustomobject]@{ Name = $fields[0].TrimStart('/'); Health = $fields[1] }
        }
    }

    function Get-AppHostnames {
        @(Invoke-Compose @('ps', '-q', 'aspnetapp') | Where-Object { $_ -match '^[0-9a-f]{12,}$' } |
            ForEach-Object { & docker inspect -f '{{.Config.Hostname}}' $_ } | Sort-Object)
    }

    $null = Invoke-Compose @('up', '-d', '--build', '--scale', 'aspnetapp=3')
    # Bounded wait for the health checks (start periods of 20 s + 10 s intervals); not an assertion on time.
    for ($i = 0; $i -lt 60; $i++) {
        $health = @(Get-ContainerHealth)
        if ($health.Count -eq 4 -and @($health | Where-Object Health -ne 'healthy').Count -eq 0) { break }
        Start-Sleep -Seconds 3
    }
    $script:BaseUrl = "http://127.0.0.1:$script:Port"
}

AfterAll {
    if ($script:Project -and -not $script:SkipReason) {
        try { $null = Invoke-Compose @('down', '--volumes', '--remove-orphans', '--timeout', '5') } catch { Write-Warning $_ }
    }
}

Describe 'docker-compose stack (nginx + 3 x aspnetapp)' {
    BeforeEach {
        if ($script:SkipReason) { Set-ItResult -Skipped -Because $script:SkipReason }
    }

    It 'reports every container healthy, in docker-compose ps too' {
        if ($script:SkipReason) { return }
        $health = @(Get-ContainerHealth)
        $health.Count | Should -Be 4
        @($health | Where-Object Name -like '*_aspnetapp_*').Count | Should -Be 3
        $health | ForEach-Object { "$($_.Name)=$($_.Health)" } | Should -Be ($health | ForEach-Object { "$($_.Name)=healthy" })
        $ps = Invoke-Compose @('ps') | Out-String
        ([regex]::Matches($ps, '\(healthy\)')).Count | Should -Be 4
    }

    It 'spreads requests through nginx across all three instances' {
        if ($script:SkipReason) { return }
        $answers = 1..30 | ForEach-Object { Invoke-RestMethod "$script:BaseUrl/api/info" }
        $answers.version | Sort-Object -Unique | Should -Be $script:Version
        $instances = @($answers.instance | Sort-Object -Unique)
        $instances.Count | Should -Be 3
        $instances | Should -Be (Get-AppHostnames)
    }

    It 'serves the page with version and instance, and passes the client address on' {
        if ($script:SkipReason) { return }
        $page = Invoke-WebRequest "$script:BaseUrl/"
        $page.StatusCode | Should -Be 200
        $page.Content | Should -Match "<dd id=`"version`">$([regex]::Escape($script:Version))</dd>"
        $page.Content | Should -Match '<dd id="instance">[0-9a-f]{12}</dd>'
        # X-Forwarded-For reached the app: the client it reports is not nginx's own container address.
        $nginxId = Invoke-Compose @('ps', '-q', 'nginx') | Where-Object { $_ -match '^[0-9a-f]{12,}$' } | Select-Object -First 1
        $nginxIp = & docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' $nginxId
        (Invoke-RestMethod "$script:BaseUrl/api/info").remoteIp | Should -Not -BeLike "*$nginxIp"
    }

    It 'answers the health endpoints of nginx and of the app' {
        if ($script:SkipReason) { return }
        (Invoke-WebRequest "$script:BaseUrl/nginx-health").Content.Trim() | Should -Be 'ok'
        (Invoke-WebRequest "$script:BaseUrl/healthz").Content | Should -Be 'Healthy'
    }
}

Describe 'scaling the local stack while nginx runs (issue 13)' {
    BeforeAll {
        if ($script:SkipReason) { return }
        function Get-NginxState {
            $id = Invoke-Compose @('ps', '-q', 'nginx') | Where-Object { $_ -match '^[0-9a-f]{12,}$' } | Select-Object -First 1
            "$id " + (& docker inspect -f '{{.State.StartedAt}} {{.RestartCount}}' $id)
        }
        function Set-AppScale([int]$Count) {
            # Only aspnetapp changes; nginx is neither recreated nor restarted.
            $null = Invoke-Compose @('up', '-d', '--no-recreate', '--scale', "aspnetapp=$Count", 'aspnetapp')
        }
        # The replicas that answer through nginx (joined by commas), once the set is exactly $Expected (bounded wait, not a timing assertion):
        # nginx re-resolves Docker's DNS every 2 s, and a new replica answers once its app listens.
        function Wait-AnsweringReplicas([string[]]$Expected, [int]$Seconds = 60) {
            $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
            do {
                $seen = @(1..(8 * $Expected.Count) | ForEach-Object { (Invoke-RestMethod "$script:BaseUrl/api/info" -TimeoutSec 10).instance } |
                    Sort-Object -Unique)
                if (($seen -join ',') -eq ($Expected -join ',')) { break }
                Start-Sleep -Milliseconds 500
            } while ([DateTime]::UtcNow -lt $deadline)
            $seen -join ','
        }
    }

    BeforeEach {
        if ($script:SkipReason) { Set-ItResult -Skipped -Because $script:SkipReason }
    }

    It 'scales 1 -> 3 -> 2: every live replica answers, none that is gone, and no request fails' {
        if ($script:SkipReason) { return }
        $nginxBefore = Get-NginxState
        Set-AppScale 1
        $one = Get-AppHostnames
        $one.Count | Should -Be 1
        Wait-AnsweringReplicas $one | Should -Be ($one -join ',')

        # Requests all along, one after another, from a second thread: every answer must be a 200.
        $state = [hashtable]::Synchronized(@{ Stop = $false; Ok = 0; Failed = 0; Errors = [System.Collections.ArrayList]::new() })
        $url = "$script:BaseUrl/api/info"
        $loop = Start-ThreadJob -ScriptBlock {
            $s = $using:state
            while (-not $s.Stop) {
                try {
                    $r = Invoke-WebRequest $using:url -TimeoutSec 15 -SkipHttpErrorCheck
                    if ($r.StatusCode -eq 200) { $s.Ok++ } else { $s.Failed++; $null = $s.Errors.Add("HTTP $($r.StatusCode)") }
                } catch { $s.Failed++; $null = $s.Errors.Add($_.Exception.Message) }
            }
        }
        try {
            Set-AppScale 3
            $three = Get-AppHostnames
            $three.Count | Should -Be 3
            Wait-AnsweringReplicas $three | Should -Be ($three -join ',')
            $during = $state.Ok

            Set-AppScale 2
            $two = Get-AppHostnames
            $two.Count | Should -Be 2
            Wait-AnsweringReplicas $two | Should -Be ($two -join ',')
            Start-Sleep -Seconds 1
        } finally {
            $state.Stop = $true
            $null = $loop | Wait-Job -Timeout 30
            $loop | Remove-Job -Force
        }
        $state.Failed | Should -Be 0 -Because "no request fails while replicas come and go ($($state.Errors | Select-Object -First 3))"
        $during | Should -BeGreaterThan 0
        $state.Ok | Should -BeGreaterThan $during -Because 'the requests went on through the scale-down'
        Get-NginxState | Should -Be $nginxBefore -Because 'nginx ran throughout: same container, same start, no restart'
    }
}
