BeforeAll {
    Import-Module $env:AOTECH_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AoEcsApp.TestSupport.psm1') -Force
    $script:b = Start-AoTestBackend -MotoEnvironment @{ MOTO_ACM_VALIDATION_WAIT = '1'; MOTO_ECS_SERVICE_RUNNING = '2' }
    $script:zone = 'r' + [guid]::NewGuid().ToString('N').Substring(0, 8) + '.example'
    $script:zoneId = New-AoTestHostedZone $b $zone
    $script:taskdef = New-AoTestTaskDefinitionFile (Join-Path $TestDrive 'taskdef.json')
    $script:common = @{ EndpointUrl = $b.EndpointUrl; Region = 'us-east-1' }
    $script:app = 'rm' + [guid]::NewGuid().ToString('N').Substring(0, 6)
    $null = New-AoEcsApp -Name $app -DomainName "www.$zone" -TaskDefinitionPath $taskdef @common
    # Something in the same zone the app did not create: it must survive.
    $change = @{ Changes = @(@{ Action = 'CREATE'; ResourceRecordSet = @{ Name = "keep.$zone"; Type = 'CNAME'; TTL = 60; ResourceRecords = @(@{ Value = 'elsewhere.example' }) } }) } |
        ConvertTo-Json -Depth 10 -Compress
    $null = Invoke-AoTestAws $b route53 change-resource-record-sets --hosted-zone-id $zoneId --change-batch $change
}

AfterAll {
    if ($script:b) { Stop-AoTestBackend $script:b }
}

Describe 'Remove-AoEcsApp' {
    It 'is ConfirmImpact High' {
        (Get-Command Remove-AoEcsApp).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact |
            Should -Be 'High'
    }

    It '-WhatIf changes nothing' {
        Clear-AoTestRequestLog $b
        Remove-AoEcsApp -Name $app -WhatIf @common
        @(Get-AoTestRequestLog $b | Where-Object Mutating) | Should -BeNullOrEmpty
        $still = Get-AoTestAppResources $b $app $zoneId "www.$zone"
        $still | Should -Contain 'load balancer'
    }

    It 'removes everything with the app''s tag or names, and nothing else' {
        $before = Get-AoTestAppResources $b $app $zoneId "www.$zone"
        $before | Should -Contain 'certificate'
        $before | Should -Contain "record A www.$zone."
        Remove-AoEcsApp -Name $app -Confirm:$false @common
        $left = Get-AoTestAppResources $b $app $zoneId "www.$zone"
        @($left | Where-Object { $_ -ne "record CNAME keep.$zone." }) | Should -BeNullOrEmpty
        $left | Should -Contain "record CNAME keep.$zone."
        Get-AoEcsApp -Name $app @common -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'a second run finds nothing and succeeds' {
        Clear-AoTestRequestLog $b
        { Remove-AoEcsApp -Name $app -Confirm:$false @common -ErrorAction Stop } | Should -Not -Throw
        @(Get-AoTestRequestLog $b | Where-Object Mutating) | Should -BeNullOrEmpty
    }

    It 'deletes a lock a dead run left behind, even when nothing else of the app is left' {
        $null = Set-AoTestAppLock $b $app -LeaseSeconds -5
        Remove-AoEcsApp -Name $app -WhatIf @common
        Get-AoTestAppLock $b $app | Should -Not -BeNullOrEmpty -Because '-WhatIf changes nothing'
        Clear-AoTestRequestLog $b
        Remove-AoEcsApp -Name $app -Confirm:$false @common
        Get-AoTestAppLock $b $app | Should -BeNullOrEmpty
        # Taken over (stale: its lease ended), then released, which deletes it.
        @(Get-AoTestRequestLog $b | Where-Object Mutating | ForEach-Object { "$($_.Service):$($_.Operation)" } | Sort-Object -Unique) |
            Should -Be @('ssm:DeleteParameter', 'ssm:PutParameter')
    }

    It 'removes every piped app but the bad one, with one error for it' {
        # Issue 12 item 2 (and issue 19 item 11): one bad item stopped the items after it.
        $apps = ('pa' + [guid]::NewGuid().ToString('N').Substring(0, 6)), ('pc' + [guid]::NewGuid().ToString('N').Substring(0, 6))
        foreach ($a in $apps) { $null = Invoke-AoTestAws $b ecs create-cluster --cluster-name "aotech-$a" --tags "key=aotech:app,value=$a" }
        $apps[0], 'Bad_Name!', [pscustomobject]@{ Name = $apps[1] } | Remove-AoEcsApp -Confirm:$false @common -ErrorVariable errs -ErrorAction SilentlyContinue
        @($errs | ForEach-Object { "$($_.FullyQualifiedErrorId -replace ',.*') $($_.TargetObject): $_" }) | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidAppName,*'
        $errs[0].TargetObject | Should -Be 'Bad_Name!'
        foreach ($a in $apps) { (Invoke-AoTestAws $b ecs describe-clusters --clusters "aotech-$a").clusters[0].status | Should -Not -Be 'ACTIVE' }
    }

    It '-WhatIf:$false wins over $WhatIfPreference, as PowerShell decides' {
        $a = 'wf' + [guid]::NewGuid().ToString('N').Substring(0, 6)
        $null = Invoke-AoTestAws $b ecs create-cluster --cluster-name "aotech-$a" --tags "key=aotech:app,value=$a"
        $WhatIfPreference = $true
        Remove-AoEcsApp -Name $a -WhatIf:$false -Confirm:$false @common
        $WhatIfPreference = $false
        (Invoke-AoTestAws $b ecs describe-clusters --clusters "aotech-$a").clusters[0].status | Should -Not -Be 'ACTIVE'
    }

    It 'in a session that cannot prompt, says to pass -Confirm:$false before any call' {
        # Issue 19 item 9: a host without UI (a hosted runspace); the -NonInteractive console is in the catalogue.
        $a = 'np' + [guid]::NewGuid().ToString('N').Substring(0, 6)
        $null = Invoke-AoTestAws $b ecs create-cluster --cluster-name "aotech-$a" --tags "key=aotech:app,value=$a"
        Clear-AoTestRequestLog $b
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({ param($Module, $Name, $Aws) Import-Module $Module; Remove-AoEcsApp -Name $Name @Aws }).
                AddArgument($env:AOTECH_MODULE_PATH).AddArgument($a).AddArgument($common)
            $err = $null
            try { $ps.Invoke() } catch { $err = $_.Exception.InnerException.ErrorRecord }
            if (-not $err) { $err = $ps.Streams.Error[0] }
        } finally { $ps.Dispose() }
        $err.FullyQualifiedErrorId | Should -BeLike 'ConfirmationRequired,*'
        $err.ErrorDetails.RecommendedAction | Should -Match '-Confirm:\$false'
        @(Get-AoTestRequestLog $b) | Should -BeNullOrEmpty
    }

    It 'waits while another run holds the app''s lock, naming it' {
        # A run on another host whose lease ends in a few seconds without renewal (it died): Remove-AoEcsApp waits, then goes on.
        # The lease must outlast the CLI call that writes it and Remove's look before the lock on a busy machine (4 s did not).
        $held = Set-AoTestAppLock $b $app -LeaseSeconds 10 -HostName 'runbook-worker-7' -ProcessId 777
        $verbose = Remove-AoEcsApp -Name $app -Confirm:$false @common -Verbose 4>&1 | ForEach-Object Message
        ($verbose -join "`n") | Should -Match "is busy: New-AoEcsApp on host runbook-worker-7 \(pid 777\)"
        ($verbose -join "`n") | Should -Match 'lease ended'
        Get-AoTestAppLock $b $app | Should -BeNullOrEmpty
    }
}
