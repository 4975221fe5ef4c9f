# Bad input (issue 7): every parameter of every exported cmdlet, given an invalid value from BadInput.Catalogue.psd1,
# fails with its stable ErrorId and sends no mutating request (the proxy's log shows what really reached AWS).
BeforeDiscovery {
    Import-Module $env:AOTECH_MODULE_PATH -Force
    $script:Catalogue = Import-PowerShellDataFile (Join-Path $PSScriptRoot 'BadInput.Catalogue.psd1')
    $script:Common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
    # One test case per cmdlet of a row (rows for the shared AWS parameters name several cmdlets).
    $script:Cases = foreach ($row in $Catalogue.Rows) {
        foreach ($cmdlet in @($row.Cmdlet)) {
            @{ Cmdlet = $cmdlet; Parameter = $row.Parameter; Value = $row.Value; ErrorId = $row.ErrorId
                BaseSet = $(if ($row.BaseSet) { $row.BaseSet } else { $cmdlet }); With = $(if ($row.With) { $row.With } else { @{} })
                Unix = [bool]$row.Unix; Docker = [bool]$row.Docker; NoCall = [bool]$row.NoCall
                Shown = $(if ($row.Value -is [hashtable]) { '@{' + (($row.Value.GetEnumerator() | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join '; ') + '}' } else { "'$($row.Value)'" }) }
        }
    }
    $script:PipelineCases = foreach ($row in $Catalogue.Pipeline) {
        @{ Cmdlet = $row.Cmdlet; Items = $row.Items; ErrorId = $row.ErrorId; Good = $row.Good; With = $(if ($row.With) { $row.With } else { @{} })
            Shown = ($row.Items | ForEach-Object { if ($_ -is [hashtable]) { '@{' + (($_.GetEnumerator() | Sort-Object Key | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join '; ') + '}' } else { "$_" } }) -join ', ' }
    }
    $script:Parameters = foreach ($command in Get-Command -Module AoTech.Ecs -CommandType Cmdlet) {
        foreach ($p in $command.Parameters.Values | Where-Object Name -NotIn $Common) { @{ Cmdlet = $command.Name; Parameter = $p.Name } }
    }
    $script:BaseSets = @($Catalogue.Base.Keys | Sort-Object | ForEach-Object { @{ BaseSet = $_ } })
}

BeforeAll {
    Import-Module $env:AOTECH_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AoEcsApp.TestSupport.psm1') -Force -Function New-AoTestTaskDefinitionFile, New-AoTestHostedZone, New-AoTestEndpoint, Invoke-AoTestAws
    Import-Module (Join-Path $PSScriptRoot 'RolloutTestApp.psm1') -Force -Function New-AoTestRolloutApp, Set-AoTestDeploymentStrategy, Wait-AoTestServiceDeployment, Get-AoTestServiceDeployment, Get-AoTestService
    $script:Catalogue = Import-PowerShellDataFile (Join-Path $PSScriptRoot 'BadInput.Catalogue.psd1')
    # Services report their desired count running, so Wait-AoDeployment on the valid base arguments finishes; the
    # model of ECS service deployments runs the rollouts updated through the layer.
    $script:b = Start-AoTestBackend -MotoEnvironment @{ MOTO_ECS_SERVICE_RUNNING = '1' } -ServiceDeployments
    $zone = 'bad' + [guid]::NewGuid().ToString('N').Substring(0, 6) + '.example'
    $zoneId = New-AoTestHostedZone $b $zone
    # Names someone else holds (issue 19, issue 11 item 8): taken.{Zone} is an alias to another app's load balancer,
    # cname.{Zone} a CNAME.
    $subnets = @((Invoke-AoTestAws $b ec2 describe-subnets --filters 'Name=default-for-az,Values=true').Subnets | Select-Object -First 2 -ExpandProperty SubnetId)
    $owner = (Invoke-AoTestAws $b elbv2 create-load-balancer --name aotech-owner-alb --subnets @subnets --tags 'Key=aotech:app,Value=owner').LoadBalancers[0]
    $batch = @{ Changes = @(
            @{ Action = 'UPSERT'; ResourceRecordSet = @{ Name = "taken.$zone"; Type = 'A'
                    AliasTarget = @{ DNSName = $owner.DNSName; HostedZoneId = $owner.CanonicalHostedZoneId; EvaluateTargetHealth = $true } } }
            @{ Action = 'UPSERT'; ResourceRecordSet = @{ Name = "cname.$zone"; Type = 'CNAME'; TTL = 300; ResourceRecords = @(@{ Value = 'shop.example.net' }) } }
        ) } | ConvertTo-Json -Depth 6 -Compress
    if (-not (Invoke-AoTestAws $b route53 change-resource-record-sets --hosted-zone-id $zoneId --change-batch $batch)) { throw 'Could not plant the records' }
    $app = New-AoTestRolloutApp $b -Name ('b' + [guid]::NewGuid().ToString('N').Substring(0, 8)) -AutoScalingGroup
    # Tagged as the stack tags it, so Get-AoEcsApp finds the app.
    $cluster = (Invoke-AoTestAws $b ecs describe-clusters --clusters "aotech-$($app.Name)").clusters[0].clusterArn
    $null = Invoke-AoTestAws $b ecs tag-resource --resource-arn $cluster --tags "key=aotech:app,value=$($app.Name)"
    # A second revision, so Undo-AoDeployment's base arguments have something to roll back to.
    $null = Update-AoTaskDefinition -Name $app.Name -Image @{ nginx = "$($app.Registry)/nginx:1.28" } -Deploy -EndpointUrl $b.EndpointUrl -Region us-east-1
    # A blue/green rollout that waits at a PAUSE hook, for Stop- and Resume-AoDeployment's base arguments.
    $paused = New-AoTestRolloutApp $b -Name ('p' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    Set-AoTestDeploymentStrategy $b $paused.Name @{ strategy = 'BLUE_GREEN'; bakeTimeInMinutes = 0
        lifecycleHooks = @(@{ targetType = 'PAUSE'; lifecycleStages = @('POST_SCALE_UP') }) }
    $null = Update-AoTaskDefinition -Name $paused.Name -Image @{ nginx = "$($paused.Registry)/nginx:1.28" } -Deploy -EndpointUrl $b.EndpointUrl -Region us-east-1
    $null = Wait-AoTestServiceDeployment $b $paused.Name { $_.lifecycleHookDetails.status -contains 'AWAITING_ACTION' }
    # A shared endpoint of its own resources only, for Set-AoEcsEndpoint's base arguments.
    $endpointName = 'e' + [guid]::NewGuid().ToString('N').Substring(0, 8)
    New-AoTestEndpoint $b $endpointName
    $context = New-Item -ItemType Directory (Join-Path $TestDrive 'context')
    'FROM scratch' | Set-Content (Join-Path $context 'Dockerfile')
    $compose = Join-Path $TestDrive 'compose.yaml'
    "services:`n  web:`n    build: ./context`n    image: badinput/web:1`n" | Set-Content $compose
    $badJson = Join-Path $TestDrive 'bad.json'
    '{ "containerDefinitions": [ nope ] }' | Set-Content $badJson
    # A task definition larger than ECS takes (64 KiB), valid otherwise.
    $big = Join-Path $TestDrive 'big.json'
    $tags = (1..3000 | ForEach-Object { "{ ""key"": ""k$_"", ""value"": ""v"" }" }) -join ','
    "{ ""tags"": [ $tags ], ""containerDefinitions"": [ { ""name"": ""web"", ""image"": ""nginx:1"", ""memory"": 64 } ] }" | Set-Content $big
    # A user data script that fits EC2's 16 KB alone, but not beside the stack's own user data.
    $userDataNearLimit = Join-Path $TestDrive 'user-data.sh'
    ('#' * 16000) | Set-Content $userDataNearLimit -NoNewline
    $files = New-Item -ItemType Directory (Join-Path $TestDrive 'files')
    foreach ($f in $Catalogue.Files.GetEnumerator()) { Set-Content -LiteralPath (Join-Path $files $f.Key) -Value $f.Value -NoNewline }
    $fifo = Join-Path $TestDrive 'fifo.json'
    if (-not $IsWindows) { & mkfifo $fifo }
    # A web server that is not AWS (404 for GET, 501 for POST), on a port that is also tried with https://.
    $webRoot = New-Item -ItemType Directory (Join-Path $TestDrive 'web')
    $webPort = Get-FreeTcpPort
    $script:PlainWeb = Start-Process python3 -ArgumentList '-m', 'http.server', '--bind', '127.0.0.1', '--directory', $webRoot.FullName, "$webPort" -PassThru `
        -RedirectStandardOutput (Join-Path $TestDrive 'web.out') -RedirectStandardError (Join-Path $TestDrive 'web.err')
    Wait-HttpReady "http://127.0.0.1:$webPort/"
    $script:Placeholders = @{
        '{App}' = $app.Name; '{Zone}' = $zone; '{TaskDef}' = (New-AoTestTaskDefinitionFile (Join-Path $TestDrive 'taskdef.json'))
        '{Context}' = $context.FullName; '{Compose}' = $compose; '{BadJson}' = $badJson; '{Big}' = $big; '{Fifo}' = $fifo; '{UserDataNearLimit}' = $userDataNearLimit
        '{Missing}' = (Join-Path $TestDrive 'missing'); '{Endpoint}' = $b.EndpointUrl; '{ClosedPort}' = "$(Get-FreeTcpPort)"; '{PausedApp}' = $paused.Name; '{EndpointName}' = $endpointName
        '{PlainWeb}' = "http://127.0.0.1:$webPort"; '{PlainWebTls}' = "https://127.0.0.1:$webPort"
    }
    foreach ($f in $Catalogue.Files.Keys) { $Placeholders["{File:$f}"] = Join-Path $files $f }
    # Placeholders that stand for objects a data file cannot hold.
    $script:Objects = @{
        '{TimeSpanMax}'        = [TimeSpan]::MaxValue
        '{RegistryCredential}' = [pscredential]::new('badinput', (ConvertTo-SecureString 'not-the-password' -AsPlainText -Force))
    }

    function script:Expand($Value) {
        <# Fills the catalogue's placeholders in strings, arrays and hashtables. #>
        if ($Value -is [string] -and $Objects.ContainsKey($Value)) { return $Objects[$Value] }
        if ($Value -is [string]) { foreach ($k in $Placeholders.Keys) { $Value = $Value.Replace($k, $Placeholders[$k]) }; return $Value }
        if ($Value -is [hashtable]) { $h = @{}; foreach ($k in $Value.Keys) { $h[$k] = Expand $Value[$k] }; return $h }
        if ($Value -is [array]) { return , @($Value | ForEach-Object { Expand $_ }) }
        $Value
    }

    function script:Get-Arguments([string]$Cmdlet, [string]$BaseSet) {
        $a = Expand $Catalogue.Base[$BaseSet]
        if ((Get-Command $Cmdlet).Parameters.ContainsKey('EndpointUrl')) { $a.EndpointUrl = $b.EndpointUrl; $a.Region = 'us-east-1' }
        $a
    }
}

AfterAll {
    if ($script:PlainWeb -and -not $script:PlainWeb.HasExited) { $script:PlainWeb.Kill() }
    if ($script:b) { Stop-AoTestBackend $script:b }
}

Describe 'The bad-input catalogue' {
    It '<Cmdlet> -<Parameter> has a row or is exempt with a reason' -ForEach $Parameters {
        $rows = @($Catalogue.Rows | Where-Object { $Cmdlet -in @($_.Cmdlet) -and $_.Parameter -eq $Parameter })
        $exempt = @($Catalogue.Exempt | Where-Object { $_.Cmdlet -eq $Cmdlet -and $_.Parameter -eq $Parameter -and $_.Reason })
        ($rows.Count + $exempt.Count) | Should -BeGreaterThan 0 -Because "every parameter needs an invalid value in BadInput.Catalogue.psd1, or an exemption"
    }

    It 'expects a stable ErrorId of every row, never UnexpectedError' {
        foreach ($row in @($Catalogue.Rows) + @($Catalogue.Pipeline)) {
            $row.ErrorId | Should -Not -BeIn @('UnexpectedError', 'InvalidArgument', 'OperationStopped') -Because "$($row.Cmdlet) -$($row.Parameter)"
        }
    }

    It 'names only real cmdlets and parameters' {
        foreach ($row in @($Catalogue.Rows) + @($Catalogue.Exempt)) {
            foreach ($cmdlet in @($row.Cmdlet)) {
                (Get-Command $cmdlet -Module AoTech.Ecs).Parameters.ContainsKey($row.Parameter) | Should -BeTrue -Because "$cmdlet -$($row.Parameter)"
            }
        }
    }

    It 'base arguments <BaseSet> are valid on their own (the run, or its -WhatIf, succeeds without mutating)' -ForEach $BaseSets {
        $cmdlet = $BaseSet -replace '/.*$'
        $a = Get-Arguments $cmdlet $BaseSet
        if ((Get-Command $cmdlet).Parameters.ContainsKey('WhatIf')) { $a.WhatIf = $true }
        if ($cmdlet -eq 'Publish-AoImage' -and -not (Test-AoDockerAvailable)) { Set-ItResult -Skipped -Because 'no Docker engine'; return }
        Clear-AoTestRequestLog $b
        { & $cmdlet @a -ErrorAction Stop *>$null } | Should -Not -Throw
        @(Get-AoTestRequestLog $b | Where-Object Mutating) | Should -BeNullOrEmpty
    }
}

Describe '<Cmdlet> -<Parameter> <Shown>' -ForEach $Cases {
    It 'fails with <ErrorId> and makes no mutating call' {
        if ($Unix -and $IsWindows) { Set-ItResult -Skipped -Because 'a Unix device or pipe'; return }
        if ($Docker -and -not (Test-AoDockerAvailable)) { Set-ItResult -Skipped -Because 'no Docker engine'; return }
        $a = Get-Arguments $Cmdlet $BaseSet
        foreach ($k in $With.Keys) { $a[$k] = Expand $With[$k] }
        $a[$Parameter] = Expand $Value
        Clear-AoTestRequestLog $b
        $err = $null
        try { & $Cmdlet @a -ErrorAction Stop *>$null } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty -Because "-$Parameter $Shown is invalid"
        $err.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $err.Exception.Message | Should -Not -BeNullOrEmpty
        # The module's own errors name what failed (PowerShell's binding errors name the parameter themselves).
        if ($err.FullyQualifiedErrorId -notmatch '^(Parameter|CannotConvert)') { $err.TargetObject | Should -Not -BeNullOrEmpty }
        @(Get-AoTestRequestLog $b | Where-Object Mutating | ForEach-Object { "$($_.Service):$($_.Operation)" }) | Should -BeNullOrEmpty
        if ($NoCall) { @(Get-AoTestRequestLog $b | ForEach-Object { "$($_.Service):$($_.Operation)" }) | Should -BeNullOrEmpty -Because 'it is refused before any call' }
    }
}

Describe '<Cmdlet> with piped <Shown>' -ForEach $PipelineCases {
    It 'writes one <ErrorId> error for the bad item and goes on with the others' {
        $items = foreach ($item in $Items) { $x = Expand $item; if ($x -is [hashtable]) { [pscustomobject]$x } else { $x } }
        $a = @{ EndpointUrl = $b.EndpointUrl; Region = 'us-east-1' }
        foreach ($k in $With.Keys) { $a[$k] = Expand $With[$k] }
        Clear-AoTestRequestLog $b
        $errs = $null
        $out = @($items | & $Cmdlet @a -ErrorAction SilentlyContinue -ErrorVariable errs 6>$null 3>$null)
        @($errs).Count | Should -Be 1 -Because 'one error for the one bad item'
        $errs[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        if ($Good -eq 'calls') {
            @(Get-AoTestRequestLog $b).Count | Should -BeGreaterThan 0 -Because 'the item after the bad one was processed'
        } else {
            $out.Count | Should -Be $Good
        }
        @(Get-AoTestRequestLog $b | Where-Object Mutating | ForEach-Object { "$($_.Service):$($_.Operation)" }) | Should -BeNullOrEmpty
    }
}
