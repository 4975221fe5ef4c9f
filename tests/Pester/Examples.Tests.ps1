# What a new user copies, run as they run it (issue 16): the README's "At a glance" block, examples/runbook.ps1 and the
# steps of both CI pipelines, against moto_server and a local registry. From outside come only the AWS endpoint and
# region (and credentials moto accepts), the variables each pipeline documents, and the one placeholder a reader
# replaces too: the README's example account registry. A doc change that breaks a line fails here.
#
# The pipelines push to ECR, whose credentials come from AWS; a local registry without a login of its own stands in
# for it, so every step runs without an extra credential parameter. The Dockerfile's default base images
# (mcr.microsoft.com/dotnet/...) cannot be pulled here: the engine gets the local stand-ins tests/setup/docker.sh
# builds under those names for the duration of this file, as a machine that pulled them would have them.
BeforeDiscovery {
    $script:Scripts = @(
        @{ File = 'runbook.ps1'; Kind = 'script' }
        @{ File = 'github-actions.yml'; Kind = 'yaml' }
        @{ File = 'azure-pipelines.yml'; Kind = 'yaml' }
    )
}

BeforeAll {
    Import-Module $env:AOTECH_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DockerTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AoEcsApp.TestSupport.psm1') -Force -Function New-AoTestHostedZone
    $script:Repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:Examples = Join-Path $Repo 'examples'
    $script:Region = 'eu-west-1'
    # The README's example registry: the one placeholder a reader replaces with their own account's.
    $script:AccountRegistry = '123456789012.dkr.ecr.eu-west-1.amazonaws.com'

    # The pipeline files, read with a real YAML parser (YamlDotNet, restored with the test tools by build/tools.proj).
    $version = ([xml](Get-Content (Join-Path $Repo 'Directory.Packages.props') -Raw)).Project.PropertyGroup.YamlDotNetVersion
    $packages = (((& dotnet nuget locals global-packages --list) | Select-Object -First 1) -replace '^global-packages:\s*', '').Trim()
    if (-not ('YamlDotNet.Serialization.DeserializerBuilder' -as [type])) {
        Add-Type -Path (Join-Path $packages "yamldotnet/$version/lib/netstandard2.0/YamlDotNet.dll")
    }
    function script:Read-AoYaml([string]$File) {
        $text = Get-Content -Raw -LiteralPath (Join-Path $Examples $File)
        [YamlDotNet.Serialization.DeserializerBuilder]::new().Build().Deserialize([System.IO.StringReader]::new($text))
    }
    # Every step of every job (GitHub) or of every job and deployment strategy (Azure), in file order.
    function script:Get-AoYamlStep($Doc) {
        if ($Doc.ContainsKey('jobs') -and $Doc['jobs'] -is [System.Collections.IDictionary]) {
            foreach ($job in $Doc['jobs'].Values) { foreach ($s in $job['steps']) { $s } }
            return
        }
        foreach ($stage in $Doc['stages']) {
            foreach ($job in $stage['jobs']) {
                if ($job.ContainsKey('steps')) { foreach ($s in $job['steps']) { $s } }
                if ($job.ContainsKey('strategy')) { foreach ($s in $job['strategy']['runOnce']['deploy']['steps']) { $s } }
            }
        }
    }
    # The PowerShell each pipeline runs: GitHub "shell: pwsh" steps, Azure PowerShell@2 tasks, and for the shell
    # steps that start pwsh on a script, that script.
    function script:Get-AoExampleCode([string]$File, [string]$Kind) {
        if ($Kind -eq 'script') { return [string](Get-Content -Raw -LiteralPath (Join-Path $Examples $File)) }
        foreach ($step in Get-AoYamlStep (Read-AoYaml $File)) {
            if ($step['shell'] -eq 'pwsh') { [string]$step['run'] }
            elseif ($step['task'] -like 'PowerShell@*') { [string]$step['inputs']['script'] }
            elseif ($step['task'] -like 'AWSShellScript@*' -and $step['inputs']['inlineScript'] -match 'pwsh .*-File "[^"]*/(examples/[\w.-]+\.ps1)"') {
                [string](Get-Content -Raw -LiteralPath (Join-Path $Repo $Matches[1]))
            }
        }
    }

    # A fresh pwsh (or bash) from the repository root, as a shell on the user's machine: its exit code, standard
    # output and standard error. -InputText is what the user types at prompts.
    function script:Invoke-AoExample {
        param([string]$Code, [string]$Path, [string]$Shell = 'pwsh', [hashtable]$Environment = @{}, [string]$InputText = '', [string[]]$ArgumentList = @())
        $file = $Path
        if (-not $file) {
            $file = Join-Path $TestDrive ("example-" + [guid]::NewGuid().ToString('N') + $(if ($Shell -eq 'bash') { '.sh' } else { '.ps1' }))
            Set-Content -LiteralPath $file -Value $Code -Encoding utf8NoBOM
        }
        $psi = if ($Shell -eq 'bash') { [System.Diagnostics.ProcessStartInfo]::new('bash') } else { [System.Diagnostics.ProcessStartInfo]::new('dotnet') }
        $arguments = if ($Shell -eq 'bash') { @($file) } else { @('pwsh', '-NoProfile', '-File', $file) }
        foreach ($a in $arguments + $ArgumentList) { $psi.ArgumentList.Add($a) }
        $psi.WorkingDirectory = $Repo
        $psi.UseShellExecute = $false
        $psi.RedirectStandardInput = $true
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        # A $null value takes the variable away (the child would otherwise inherit it).
        foreach ($k in $Environment.Keys) {
            if ($null -eq $Environment[$k]) { $null = $psi.Environment.Remove($k) } else { $psi.Environment[$k] = [string]$Environment[$k] }
        }
        $p = [System.Diagnostics.Process]::Start($psi)
        $stderr = $p.StandardError.ReadToEndAsync()
        $stdout = $p.StandardOutput.ReadToEndAsync()
        $p.StandardInput.Write($InputText)
        $p.StandardInput.Close()
        if (-not $p.WaitForExit(600000)) { $p.Kill($true); throw "The example did not finish within 10 minutes:`n$($stdout.Result)" }
        [pscustomobject]@{ ExitCode = $p.ExitCode; Output = $stdout.Result; Errors = $stderr.Result }
    }

    # The pipelines' "Install-PSResource -Scope CurrentUser" goes to a home of its own (as in Package.Tests.ps1).
    Import-Module (Join-Path $PSScriptRoot 'FreshSession.psm1') -Force -Function New-AoSandboxHome

    # What a run needs besides the example's own inputs: the endpoint, the region, credentials moto accepts.
    $script:Backend = $null
    $reason = $null
    $script:Docker = Get-AoDockerTestSettings -Reason ([ref]$reason)
    $script:SkipReason = $reason
    if ($Docker) {
        $script:Backend = Start-AoTestBackend -MotoEnvironment @{ MOTO_ACM_VALIDATION_WAIT = '1'; MOTO_ECS_SERVICE_RUNNING = '2' }
        $script:AwsEnvironment = @{ AWS_ENDPOINT_URL = $Backend.EndpointUrl; AWS_REGION = $Region; AWS_ACCESS_KEY_ID = 'testing'; AWS_SECRET_ACCESS_KEY = 'testing' }
        $null = New-AoTestHostedZone $Backend 'example.com'

        # A registry of this file's own, without a login (see the top of the file). Its storage outlives the run, beside
        # the shared registry's, so a later run does not upload the app's base layers again (about 50 s here).
        $registryPort = Get-FreeTcpPort
        $registryDir = Join-Path $TestDrive 'registry'
        $registryData = Join-Path (Split-Path $Docker.AOTECH_DOCKER_ENV_FILE) 'examples-registry'
        $null = New-Item -ItemType Directory -Force -Path $registryDir, $registryData
        @"
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $registryData
http:
  addr: 127.0.0.1:$registryPort
"@ | Set-Content (Join-Path $registryDir 'config.yml')
        $registryExe = (Get-Command docker-registry -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
        $script:RegistryProcess = Start-Process -FilePath $registryExe -ArgumentList 'serve', (Join-Path $registryDir 'config.yml') -PassThru `
            -RedirectStandardOutput (Join-Path $registryDir 'out.log') -RedirectStandardError (Join-Path $registryDir 'err.log')
        $script:Registry = "127.0.0.1:$registryPort"
        Wait-HttpReady "http://$Registry/v2/"

        $script:AddedTags = @()
        foreach ($pair in @(@('mcr.microsoft.com/dotnet/sdk:10.0', $Docker.SDK_IMAGE), @('mcr.microsoft.com/dotnet/aspnet:10.0', $Docker.RUNTIME_IMAGE))) {
            & docker image inspect $pair[0] *> $null
            if ($LASTEXITCODE -ne 0) {
                & docker tag $pair[1] $pair[0]
                if ($LASTEXITCODE -ne 0) { throw "docker tag $($pair[1]) $($pair[0]) failed" }
                $script:AddedTags += $pair[0]
            }
        }

        # The apps the runbook and the pipelines roll out to, made as the README makes one (and as each example
        # expects: New-AoEcsApp from examples/taskdef.json).
        $script:Apps = @{ runbook = 'rb'; github = 'gh'; azure = 'az'; credential = 'rc' }
        foreach ($app in $Apps.Values) {
            $null = New-AoEcsApp -Name $app -DomainName "$app.example.com" -TaskDefinitionPath (Join-Path $Examples 'taskdef.json') `
                -HealthCheckPath /healthz -EndpointUrl $Backend.EndpointUrl -Region $Region
        }

        # The module package, where each pipeline's download step puts the artifact its first job builds
        # (build/New-ModulePackage.ps1 is what `./build.ps1 package` runs).
        $script:PackageDir = Join-Path $Repo 'out/package'
        if (Test-Path $PackageDir) { Remove-Item $PackageDir -Recurse -Force }
        $script:Package = & (Join-Path $Repo 'build/New-ModulePackage.ps1') -ModulePath (Split-Path $env:AOTECH_MODULE_PATH) -OutputPath $PackageDir
    }

    function script:Get-AoRevisionImage([string]$App, [int]$Revision) {
        $aws = (Get-Command aws -CommandType Application | Select-Object -First 1).Source
        $td = & $aws ecs describe-task-definition --task-definition "aotech-$($App):$Revision" --region $Region `
            --endpoint-url $Backend.UpstreamUrl --output json | ConvertFrom-Json
        $td.taskDefinition.containerDefinitions[0].image
    }
}

AfterAll {
    if ($script:RegistryProcess -and -not $script:RegistryProcess.HasExited) { $script:RegistryProcess.Kill(); $null = $script:RegistryProcess.WaitForExit(5000) }
    foreach ($tag in @($script:AddedTags)) { if ($tag) { & docker rmi $tag *> $null } }
    # Untag what this file built and pushed (the layers stay: other builds of the app share them).
    if ($script:Registry) {
        foreach ($tag in @(& docker images --format '{{.Repository}}:{{.Tag}}' | Where-Object { $_ -like "$($script:Registry)/*" })) { & docker rmi $tag *> $null }
    }
    if ($script:Backend) { Stop-AoTestBackend $script:Backend }
}

Describe 'examples/taskdef.json' {
    BeforeAll {
        $script:TaskDef = Get-Content -Raw (Join-Path $Examples 'taskdef.json') | ConvertFrom-Json
        $script:Container = @($TaskDef.containerDefinitions)[0]
    }

    It 'is a RegisterTaskDefinition-shaped definition of the sample app on port 8080' {
        $TaskDef.family | Should -Be 'aspnetapp'
        $TaskDef.requiresCompatibilities | Should -Contain 'EC2'
        @($TaskDef.containerDefinitions).Count | Should -Be 1
        $Container.name | Should -Be 'aspnetapp'
        $Container.essential | Should -BeTrue
        $Container.memoryReservation | Should -BeGreaterThan 0
        # A hard limit too: moto (unlike ECS) refuses an EC2 container with only a reservation.
        $Container.memory | Should -BeGreaterThan $Container.memoryReservation
        $Container.cpu | Should -BeGreaterThan 0
        $Container.portMappings[0].containerPort | Should -Be 8080
    }

    It 'runs the app locked down: read-only root, tmpfs /tmp, a non-root user, an init process, no capabilities' {
        $Container.readonlyRootFilesystem | Should -BeTrue
        [int]$Container.user | Should -BeGreaterThan 0
        $Container.linuxParameters.initProcessEnabled | Should -BeTrue
        @($Container.linuxParameters.capabilities.drop) | Should -Be @('ALL')
        @($Container.linuxParameters.capabilities.PSObject.Properties.Name) | Should -Not -Contain 'add'
        $tmp = @($Container.linuxParameters.tmpfs | Where-Object containerPath -eq '/tmp')
        $tmp.Count | Should -Be 1
        $tmp[0].size | Should -BeGreaterThan 0
    }

    It "checks the app's /healthz with the probe built into the app (no curl in the image)" {
        $Container.healthCheck.command | Should -Be @('CMD', 'dotnet', 'aspnetapp.dll', '--healthcheck')
        (Get-Content -Raw (Join-Path $Repo 'app/aspnetapp/Program.cs')) | Should -Match 'GetAsync\(\$"http://127\.0\.0\.1:\{port\}/healthz"\)'
    }

    It 'names an image in the repository the README publishes, so the published image replaces it' {
        $Container.image | Should -BeLike "$AccountRegistry/aspnetapp:*"
    }

    It 'is accepted by New-AoEcsApp with the README''s load balancer health check on /healthz' {
        if (-not $Docker) { Set-ItResult -Skipped -Because $SkipReason; return }
        $app = Get-AoEcsApp -Name $Apps.runbook -EndpointUrl $Backend.EndpointUrl -Region $Region
        $app.TaskDefinition | Should -Be "aotech-$($Apps.runbook):1"
        $aws = (Get-Command aws -CommandType Application | Select-Object -First 1).Source
        $tg = & $aws elbv2 describe-target-groups --names "aotech-$($Apps.runbook)-tg" --region $Region --endpoint-url $Backend.UpstreamUrl --output json | ConvertFrom-Json
        $tg.TargetGroups[0].HealthCheckPath | Should -Be '/healthz'
    }
}

Describe 'The sample app under the task definition''s settings (real Docker engine)' {
    BeforeAll {
        $script:AppContainer = $null
        if (-not $Docker) { return }
        $image = Publish-AoImage -Path (Join-Path $Repo 'app/aspnetapp') -Repository "$Registry/aspnetapp" -Tag 'locked-down' -NoPush
        $c = @((Get-Content -Raw (Join-Path $Examples 'taskdef.json') | ConvertFrom-Json).containerDefinitions)[0]
        $tmp = @($c.linuxParameters.tmpfs | Where-Object containerPath -eq '/tmp')[0]
        # docker run with what ECS would apply from the task definition (health checks every 2 s instead of 10 s).
        $arguments = @('run', '-d', '--user', $c.user, '--cap-drop', 'ALL', '-p', '127.0.0.1::8080',
            '--tmpfs', "/tmp:$(@($tmp.mountOptions) -join ','),size=$($tmp.size)m",
            '--health-cmd', (@($c.healthCheck.command | Select-Object -Skip 1) -join ' '), '--health-interval', '2s', '--health-retries', "$($c.healthCheck.retries)")
        if ($c.readonlyRootFilesystem) { $arguments += '--read-only' }
        if ($c.linuxParameters.initProcessEnabled) { $arguments += '--init' }
        foreach ($e in $c.environment) { $arguments += @('-e', "$($e.name)=$($e.value)") }
        $script:AppContainer = (& docker @arguments $image.Reference | Select-Object -Last 1)
        if ($LASTEXITCODE -ne 0) { throw "docker run failed: $AppContainer" }
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        do {
            Start-Sleep -Milliseconds 500
            $script:Health = & docker inspect -f '{{.State.Health.Status}}' $AppContainer
        } while ($Health -ne 'healthy' -and [DateTime]::UtcNow -lt $deadline)
        $script:Port = ((& docker port $AppContainer 8080) | Select-Object -First 1) -replace '^.*:', ''
    }
    AfterAll { if ($script:AppContainer) { & docker rm -f $script:AppContainer *> $null } }

    It 'becomes healthy by its own health check and answers /healthz' {
        if (-not $Docker) { Set-ItResult -Skipped -Because $SkipReason; return }
        $Health | Should -Be 'healthy'
        $r = Invoke-WebRequest "http://127.0.0.1:$Port/healthz" -SkipHttpErrorCheck
        $r.StatusCode | Should -Be 200
        $r.Content | Should -Be 'Healthy'
    }

    It 'runs as the task definition''s non-root user, on a read-only root with a writable /tmp' {
        if (-not $Docker) { Set-ItResult -Skipped -Because $SkipReason; return }
        (& docker exec $AppContainer id -u) | Should -Be '1654'
        & docker exec $AppContainer sh -c 'touch /app/probe' 2>$null
        $LASTEXITCODE | Should -Not -Be 0
        & docker exec $AppContainer sh -c 'touch /tmp/probe'
        $LASTEXITCODE | Should -Be 0
    }
}

Describe 'README "At a glance"' {
    BeforeAll {
        $readme = Get-Content -Raw (Join-Path $Repo 'README.md')
        $script:Block = if ($readme -match '(?ms)^## At a glance\s*$.*?^```powershell\r?\n(.*?)^```') { $Matches[1] } else { $null }
    }

    It 'is there, with the example account registry a reader replaces' {
        $Block | Should -Not -BeNullOrEmpty
        $Block | Should -Match ([regex]::Escape($AccountRegistry))
    }

    It 'runs as written against moto and a local registry: stack, publish | update | wait, scale, undo, remove' {
        if (-not $Docker) { Set-ItResult -Skipped -Because $SkipReason; return }
        $code = $Block.Replace($AccountRegistry, $Registry)
        Clear-AoTestRequestLog $Backend
        # Remove-AoEcsApp asks before deleting; the reader answers yes.
        $run = Invoke-AoExample -Code $code -Environment $AwsEnvironment -InputText "Y`n"
        $script:BlockCalls = @(Get-AoTestRequestLog $Backend)
        $run.Errors | Should -BeNullOrEmpty -Because $run.Output
        $run.ExitCode | Should -Be 0
        $run.Output | Should -Match 'COMPLETED'
        # The headline flow put the published image into the container the sample names (issue 16: ContainerNotFound).
        Get-AoRevisionImage 'web' 2 | Should -Match "^$([regex]::Escape($Registry))/aspnetapp@sha256:[0-9a-f]{64}$"
        # And Remove-AoEcsApp took the app away.
        @(Get-AoEcsApp -EndpointUrl $Backend.EndpointUrl -Region $Region | Where-Object Name -eq 'web') | Should -BeNullOrEmpty
    }

    It 'made only calls that Get-AoIamPolicy allows the cmdlet that made them (README, Permissions)' {
        if (-not $Docker) { Set-ItResult -Skipped -Because $SkipReason; return }
        $BlockCalls.Count | Should -BeGreaterThan 50
        # Every call says which cmdlet made it (app/AoTech.Ecs#<cmdlet> in the User-Agent).
        @($BlockCalls | Where-Object { -not $_.Caller } | ForEach-Object { "$($_.Service) $($_.Operation)" }) | Should -Be @()
        $recorded = foreach ($call in $BlockCalls) { [AoTech.Ecs.Permissions.RecordedCall]::new($call.Service, $call.Action, $call.Caller) }
        @([AoTech.Ecs.Permissions.PolicyCoverage]::FindGaps([AoTech.Ecs.Permissions.RecordedCall[]]@($recorded)) | ForEach-Object Message) |
            Should -Be @()
    }

    It 'names in its troubleshooting table only ErrorIds the module raises' {
        $readme = Get-Content -Raw (Join-Path $Repo 'README.md')
        $section = ($readme -split '\*\*Troubleshooting by ErrorId\.\*\*')[1] -split '\r?\n## ' | Select-Object -First 1
        $ids = @([regex]::Matches($section, '(?m)^\| ([^|]+) \|') | ForEach-Object { [regex]::Matches($_.Groups[1].Value, '`([A-Za-z]+)`') } |
            ForEach-Object { $_.Groups[1].Value } | Where-Object { $_ -ne 'ErrorId' })
        $ids.Count | Should -BeGreaterThan 10
        $source = (Get-ChildItem (Join-Path $Repo 'src') -Recurse -Filter *.cs | Get-Content -Raw) -join "`n"
        foreach ($id in $ids) { $source | Should -Match "`"$id`"" -Because "the README names $id" }
    }
}

Describe 'examples/<File>' -ForEach $Scripts {
    It 'has PowerShell code that parses' {
        $blocks = @(Get-AoExampleCode $File $Kind)
        $blocks.Count | Should -BeGreaterThan 0
        foreach ($code in $blocks) {
            $errors = $null
            $null = [System.Management.Automation.Language.Parser]::ParseInput($code, [ref]$null, [ref]$errors)
            @($errors | ForEach-Object Message) | Should -Be @()
        }
    }

    It 'publishes, rolls out and waits' {
        $code = @(Get-AoExampleCode $File $Kind) -join "`n"
        foreach ($cmd in 'Publish-AoImage', 'Update-AoTaskDefinition', 'Wait-AoDeployment') { $code | Should -Match $cmd }
        $code | Should -Match 'Update-AoTaskDefinition[^\n|]*-Deploy'
    }

    It 'uses only parameters the exported cmdlets have' {
        $exported = @{}
        Get-Command -Module AoTech.Ecs -CommandType Cmdlet | ForEach-Object { $exported[$_.Name] = $_ }
        $unknown = foreach ($code in @(Get-AoExampleCode $File $Kind)) {
            $ast = [System.Management.Automation.Language.Parser]::ParseInput($code, [ref]$null, [ref]$null)
            foreach ($call in $ast.FindAll({ $args[0] -is [System.Management.Automation.Language.CommandAst] }, $true)) {
                $name = $call.GetCommandName()
                if (-not $name -or -not $exported.ContainsKey($name)) { continue }
                $known = @($exported[$name].Parameters.Values | ForEach-Object { $_.Name; $_.Aliases })
                foreach ($p in $call.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] }) {
                    if ($known -notcontains $p.ParameterName) { "$name -$($p.ParameterName)" }
                }
            }
        }
        @($unknown) | Should -Be @()
    }
}

Describe 'examples/runbook.ps1' {
    It 'publishes, rolls out and waits, from a scheduled `pwsh -File` with the module on PSModulePath' {
        if (-not $Docker) { Set-ItResult -Skipped -Because $SkipReason; return }
        $environment = $AwsEnvironment + @{ PSModulePath = (Split-Path (Split-Path $env:AOTECH_MODULE_PATH)) + [IO.Path]::PathSeparator + $env:PSModulePath }
        $run = Invoke-AoExample -Path (Join-Path $Examples 'runbook.ps1') -Environment $environment `
            -ArgumentList '-Name', $Apps.runbook, '-Repository', "$Registry/aspnetapp", '-Tag', 'runbook-1'
        $run.ExitCode | Should -Be 0 -Because "$($run.Output)`n$($run.Errors)"
        $run.Output | Should -Match "Rolled out aotech-$($Apps.runbook):2 in"
        Get-AoRevisionImage $Apps.runbook 2 | Should -Match "^$([regex]::Escape($Registry))/aspnetapp@sha256:"
    }

    It 'fails the job with a non-zero exit and the ErrorId when the rollout cannot happen' {
        if (-not $Docker) { Set-ItResult -Skipped -Because $SkipReason; return }
        $environment = $AwsEnvironment + @{ PSModulePath = (Split-Path (Split-Path $env:AOTECH_MODULE_PATH)) + [IO.Path]::PathSeparator + $env:PSModulePath }
        $run = Invoke-AoExample -Path (Join-Path $Examples 'runbook.ps1') -Environment $environment `
            -ArgumentList '-Name', 'nosuchapp', '-Repository', "$Registry/aspnetapp", '-Tag', 'runbook-missing'
        $run.ExitCode | Should -Not -Be 0
        $run.Output | Should -Match 'FAILED \[ServiceNotActive,'
    }

    It 'takes -Credential (for an Automation credential asset) and passes it to every cmdlet' {
        if (-not $Docker) { Set-ItResult -Skipped -Because $SkipReason; return }
        # No credentials in the environment: only -Credential can authenticate.
        $environment = $AwsEnvironment + @{ PSModulePath = (Split-Path (Split-Path $env:AOTECH_MODULE_PATH)) + [IO.Path]::PathSeparator + $env:PSModulePath }
        $environment.AWS_ACCESS_KEY_ID = $null
        $environment.AWS_SECRET_ACCESS_KEY = $null
        $environment.AWS_SHARED_CREDENTIALS_FILE = Join-Path $TestDrive 'no-credentials'
        $environment.AWS_CONFIG_FILE = Join-Path $TestDrive 'no-config'
        $environment.AWS_EC2_METADATA_DISABLED = 'true'
        $caller = @"
`$credential = [pscredential]::new('AKIAEXAMPLERUNBOOK', (ConvertTo-SecureString 'runbook-secret' -AsPlainText -Force))
& '$(Join-Path $Examples 'runbook.ps1')' -Name $($Apps.credential) -Repository $Registry/aspnetapp -Tag runbook-credential -Credential `$credential
"@
        $run = Invoke-AoExample -Code $caller -Environment $environment
        $run.ExitCode | Should -Be 0 -Because "$($run.Output)`n$($run.Errors)"
        $run.Output | Should -Match "Rolled out aotech-$($Apps.credential):2 in"
        "$($run.Output)$($run.Errors)" | Should -Not -Match 'runbook-secret'
    }
}

Describe 'examples/github-actions.yml' {
    BeforeAll {
        $script:Workflow = Read-AoYaml 'github-actions.yml'
        $script:Deploy = $Workflow['jobs']['deploy']
        $script:DeploySteps = @($Deploy['steps'])
    }

    It 'deploys in an environment, one run per app at a time, never cancelling a rollout' {
        $Deploy['environment'] | Should -Not -BeNullOrEmpty
        $Deploy['concurrency']['group'] | Should -Match 'APP_NAME'
        $Deploy['concurrency']['cancel-in-progress'] | Should -Be 'false'
        $Deploy['permissions']['id-token'] | Should -Be 'write'
    }

    It 'installs the module built from the checked-out repository, before any AWS credentials' {
        $build = $Workflow['jobs'][$Deploy['needs']]
        @($build['steps'] | Where-Object { $_['run'] -match '\./build\.ps1 package' }).Count | Should -Be 1
        $upload = @($build['steps'] | Where-Object { $_['uses'] -like 'actions/upload-artifact@*' })[0]
        $download = @($DeploySteps | Where-Object { $_['uses'] -like 'actions/download-artifact@*' })[0]
        $download['with']['name'] | Should -Be $upload['with']['name']
        $upload['with']['path'] | Should -BeLike "$($download['with']['path'])/*"
        $names = @($DeploySteps | ForEach-Object { if ($_['uses']) { $_['uses'] } else { $_['name'] } })
        $install = [array]::IndexOf($names, 'Install AoTech.Ecs')
        $credentials = [array]::IndexOf($names, @($names -like 'aws-actions/configure-aws-credentials@*')[0])
        $install | Should -BeGreaterThan ([array]::IndexOf($names, @($names -like 'actions/download-artifact@*')[0]))
        $install | Should -BeLessThan $credentials
        (Get-Content -Raw (Join-Path $Examples 'github-actions.yml')) | Should -Not -Match 'PSGallery'
    }

    It 'pins every action at its current major version' {
        # Checked against each action's releases (December 2026): checkout v6, setup-dotnet v5, upload-artifact v7,
        # download-artifact v8, configure-aws-credentials v6. A new action must be added here on purpose.
        $current = @{
            'actions/checkout' = 'v6'; 'actions/setup-dotnet' = 'v5'; 'actions/upload-artifact' = 'v7'
            'actions/download-artifact' = 'v8'; 'aws-actions/configure-aws-credentials' = 'v6'
        }
        $used = foreach ($job in $Workflow['jobs'].Values) { foreach ($s in $job['steps']) { if ($s['uses']) { $s['uses'] } } }
        foreach ($u in $used) {
            $name, $ref = $u -split '@', 2
            $current.ContainsKey($name) | Should -BeTrue -Because "$name is not in the table of checked actions"
            $ref | Should -Be $current[$name] -Because $name
        }
    }

    It 'runs its PowerShell steps as written: install from the artifact, then publish | update | wait' {
        if (-not $Docker) { Set-ItResult -Skipped -Because $SkipReason; return }
        $sandbox = New-AoSandboxHome (Join-Path $TestDrive 'github-home')
        $install = @($DeploySteps | Where-Object { $_['name'] -eq 'Install AoTech.Ecs' })[0]
        $run = Invoke-AoExample -Code $install['run'] -Environment $sandbox
        $run.ExitCode | Should -Be 0 -Because "$($run.Output)`n$($run.Errors)"

        $step = @($DeploySteps | Where-Object { $_['name'] -eq 'Publish, roll out, wait' })[0]
        $variables = @{ APP_NAME = $Apps.github; IMAGE_REPOSITORY = "$Registry/aspnetapp"; AWS_REGION = $Region }
        $environment = $sandbox + $AwsEnvironment
        foreach ($k in $step['env'].Keys) {
            $environment[$k] = [regex]::Replace($step['env'][$k], '\$\{\{\s*vars\.(\w+)\s*\}\}', { param($m) $variables[$m.Groups[1].Value] })
        }
        $summary = Join-Path $TestDrive 'github-step-summary.md'
        $environment.GITHUB_SHA = 'a' * 40
        $environment.GITHUB_STEP_SUMMARY = $summary
        $run = Invoke-AoExample -Code $step['run'] -Environment $environment
        $run.ExitCode | Should -Be 0 -Because "$($run.Output)`n$($run.Errors)"
        $run.Errors | Should -BeNullOrEmpty
        Get-Content -Raw $summary | Should -Match "Rolled out aotech-$($Apps.github):2 in"
        Get-AoRevisionImage $Apps.github 2 | Should -Match "^$([regex]::Escape($Registry))/aspnetapp@sha256:"
    }
}

Describe 'examples/azure-pipelines.yml' {
    BeforeAll {
        $script:Pipeline = Read-AoYaml 'azure-pipelines.yml'
        $script:DeployJob = @(foreach ($stage in $Pipeline['stages']) { foreach ($job in $stage['jobs']) { if ($job.ContainsKey('deployment')) { $job } } })
        $script:DeployStage = @($Pipeline['stages'] | Where-Object { @($_['jobs'] | Where-Object { $_.ContainsKey('deployment') }).Count })[0]
        $script:AzureSteps = @($DeployJob[0]['strategy']['runOnce']['deploy']['steps'])
    }

    It 'runs for pushes to main only (pr: none)' {
        $Pipeline['pr'] | Should -Be 'none'
        @($Pipeline['trigger']['branches']['include']) | Should -Be @('main')
    }

    It 'deploys from a deployment job with an environment, serialised by its exclusive lock' {
        $DeployJob.Count | Should -Be 1
        $DeployJob[0]['environment'] | Should -Not -BeNullOrEmpty
        $DeployStage['lockBehavior'] | Should -Be 'sequential'
    }

    It 'takes AWS credentials from the AWS Toolkit service connection (OIDC), never from stored keys' {
        $aws = @($AzureSteps | Where-Object { $_['task'] -like 'AWSShellScript@*' })
        $aws.Count | Should -Be 1
        $aws[0]['inputs']['awsCredentials'] | Should -Not -BeNullOrEmpty
        (Get-Content -Raw (Join-Path $Examples 'azure-pipelines.yml')) | Should -Not -Match 'AWS_SECRET_ACCESS_KEY:|AWS_ACCESS_KEY_ID:'
    }

    It 'runs pwsh on Linux agents and installs the module built in the first stage before the AWS step' {
        foreach ($stage in $Pipeline['stages']) { foreach ($job in $stage['jobs']) { $job['pool']['vmImage'] | Should -BeLike 'ubuntu-*' } }
        foreach ($step in @(Get-AoYamlStep $Pipeline | Where-Object { $_['task'] -like 'PowerShell@*' })) { $step['inputs']['pwsh'] | Should -Be 'true' }
        $buildSteps = @($Pipeline['stages'][0]['jobs'][0]['steps'])
        @($buildSteps | Where-Object { $_['script'] -match '\./build\.ps1 package' }).Count | Should -Be 1
        $published = @($buildSteps | Where-Object { $_.ContainsKey('publish') })[0]
        @($AzureSteps | Where-Object { $_['download'] -eq 'current' })[0]['artifact'] | Should -Be $published['artifact']
        $kinds = @($AzureSteps | ForEach-Object { if ($_['task']) { $_['task'] } elseif ($_.ContainsKey('download')) { 'download' } else { 'checkout' } })
        [array]::IndexOf($kinds, 'PowerShell@2') | Should -BeLessThan ([array]::IndexOf($kinds, 'AWSShellScript@1'))
        (Get-Content -Raw (Join-Path $Examples 'azure-pipelines.yml')) | Should -Not -Match 'PSGallery'
    }

    It 'runs its steps as written: install from the artifact, then the runbook through pwsh' {
        if (-not $Docker) { Set-ItResult -Skipped -Because $SkipReason; return }
        $sandbox = New-AoSandboxHome (Join-Path $TestDrive 'azure-home')
        # Where `download: current` puts the artifact the first stage published.
        $workspace = Join-Path $TestDrive 'azure-workspace'
        $published = @($Pipeline['stages'][0]['jobs'][0]['steps'] | Where-Object { $_.ContainsKey('publish') })[0]
        $null = New-Item -ItemType Directory -Path (Join-Path $workspace $published['artifact'])
        Copy-Item (Join-Path $Repo "$($published['publish'])/*.nupkg") (Join-Path $workspace $published['artifact'])
        $install = @($AzureSteps | Where-Object { $_['task'] -like 'PowerShell@*' })[0]
        $run = Invoke-AoExample -Code $install['inputs']['script'] -Environment ($sandbox + @{ PIPELINE_WORKSPACE = $workspace })
        $run.ExitCode | Should -Be 0 -Because "$($run.Output)`n$($run.Errors)"

        # The agent's pwsh: the repository's own (dotnet pwsh), on PATH as pwsh.
        $bin = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'azure-bin')
        "#!/bin/sh`nexec dotnet pwsh `"`$@`"`n" | Set-Content (Join-Path $bin 'pwsh')
        & chmod +x (Join-Path $bin 'pwsh')
        $step = @($AzureSteps | Where-Object { $_['task'] -like 'AWSShellScript@*' })[0]
        $variables = @{ APP_NAME = $Apps.azure; IMAGE_REPOSITORY = "$Registry/aspnetapp"; AWS_REGION = $Region }
        $environment = $sandbox + $AwsEnvironment + @{
            PATH = "$bin$([IO.Path]::PathSeparator)$env:PATH"; BUILD_SOURCESDIRECTORY = $Repo; BUILD_SOURCEVERSION = 'b' * 40
        }
        foreach ($k in $step['env'].Keys) {
            $environment[$k] = [regex]::Replace($step['env'][$k], '\$\((\w+)\)', { param($m) $variables[$m.Groups[1].Value] })
        }
        $run = Invoke-AoExample -Shell bash -Code $step['inputs']['inlineScript'] -Environment $environment
        $run.ExitCode | Should -Be 0 -Because "$($run.Output)`n$($run.Errors)"
        $run.Output | Should -Match "Rolled out aotech-$($Apps.azure):2 in"
    }
}
