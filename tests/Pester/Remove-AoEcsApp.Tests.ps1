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

    It 'waits while another run holds the app''s lock, naming it' {
        # A run on another host whose lease ends in a few seconds without renewal (it died): Remove-AoEcsApp waits, then goes on.
        $held = Set-AoTestAppLock $b $app -LeaseSeconds 4 -HostName 'runbook-worker-7' -ProcessId 777
        $verbose = Remove-AoEcsApp -Name $app -Confirm:$false @common -Verbose 4>&1 | ForEach-Object Message
        ($verbose -join "`n") | Should -Match "is busy: New-AoEcsApp on host runbook-worker-7 \(pid 777\)"
        ($verbose -join "`n") | Should -Match 'lease ended'
        Get-AoTestAppLock $b $app | Should -BeNullOrEmpty
    }
}
