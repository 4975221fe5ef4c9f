BeforeAll {
    Import-Module $env:AOTECH_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AoEcsApp.TestSupport.psm1') -Force
    $script:b = Start-AoTestBackend -MotoEnvironment @{ MOTO_ACM_VALIDATION_WAIT = '1'; MOTO_ECS_SERVICE_RUNNING = '2' }
    $script:zone = 'g' + [guid]::NewGuid().ToString('N').Substring(0, 8) + '.example'
    $null = New-AoTestHostedZone $b $zone
    $script:taskdef = New-AoTestTaskDefinitionFile (Join-Path $TestDrive 'taskdef.json')
    $script:common = @{ EndpointUrl = $b.EndpointUrl; Region = 'us-east-1' }
    $script:app = 'get' + [guid]::NewGuid().ToString('N').Substring(0, 6)
    $null = New-AoEcsApp -Name $app -DomainName "app.$zone" -TaskDefinitionPath $taskdef @common
}

AfterAll {
    if ($script:b) { Stop-AoTestBackend $script:b }
}

Describe 'Get-AoEcsApp' {
    It 'shows one app with live status' {
        $a = Get-AoEcsApp -Name $app @common
        $a.Name | Should -Be $app
        $a.Url | Should -Be "https://app.$zone/"
        $a.CertificateStatus | Should -Be 'ISSUED'
        $a.DesiredCount | Should -Be 2
        $a.RunningCount | Should -Be 2
        $a.TaskDefinition | Should -Be "aotech-$($app):1"
        $a.Deployments | Should -Be 1
        $a.LoadBalancerDnsName | Should -Not -BeNullOrEmpty
        $a.TargetHealth | Should -Not -BeNullOrEmpty
        $a.Instances | Should -BeGreaterOrEqual 0
    }

    It 'lists the apps in the region' {
        @(Get-AoEcsApp @common).Name | Should -Contain $app
    }

    It 'takes names from the pipeline' {
        ($app | Get-AoEcsApp @common).Name | Should -Be $app
    }

    It 'reports an unknown app as AppNotFound without stopping' {
        $out = Get-AoEcsApp -Name 'nosuchapp', $app @common -ErrorVariable errs -ErrorAction SilentlyContinue
        @($out).Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'AppNotFound,*'
        $errs[0].TargetObject | Should -Be 'nosuchapp'
    }

    It 'stops its work when the pipeline needs no more: after Select-Object -First 1, no call comes later' {
        # Issue 12 item 1. Two apps (tagged clusters), and every answer a moment late, so the work is still going
        # when the first app is taken. The rest of the pipeline then goes on (an end block that takes a while): the
        # cmdlet is not disposed until the whole pipeline has returned, and its work went on making calls meanwhile.
        foreach ($i in 1..2) {
            $null = Invoke-AoTestAws $b ecs create-cluster --cluster-name "aotech-first$i" --tags "key=aotech:app,value=first$i"
        }
        $null = Set-AoTestFault $b -Rate 1.0 -Kind slow -SlowSeconds 0.1
        try {
            Clear-AoTestRequestLog $b
            $first = Get-AoEcsApp -Name 'first*' @common | Select-Object -First 1 | ForEach-Object -Process { $_ } -End {
                $script:whenStopped = @(Get-AoTestRequestLog $b).Count
                Start-Sleep -Seconds 1
                $script:whenEnded = @(Get-AoTestRequestLog $b).Count
            }
            $returned = @(Get-AoTestRequestLog $b).Count
        } finally { $null = Set-AoTestFault $b }
        $first | Should -Not -BeNullOrEmpty
        $whenEnded | Should -Be $whenStopped -Because 'no call comes once Select-Object has what it needs'
        Start-Sleep -Seconds 1
        @(Get-AoTestRequestLog $b).Count | Should -Be $returned -Because 'no call comes once the pipeline has returned'
    }

    It 'writes one error per bad name and shows the others' {
        $out = Get-AoEcsApp -Name 'Bad_Name!', $app @common -ErrorVariable errs -ErrorAction SilentlyContinue
        @($out).Name | Should -Be @($app)
        @($errs).Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidAppName,*'
        $errs[0].TargetObject | Should -Be 'Bad_Name!'
    }

    It 'makes no mutating call' {
        Clear-AoTestRequestLog $b
        $null = Get-AoEcsApp @common
        @(Get-AoTestRequestLog $b | Where-Object Mutating) | Should -BeNullOrEmpty
    }
}

Describe 'Get-AoEcsApp -Name with wildcards (issue 16)' {
    It 'matches app names as Get- cmdlets do' {
        @(Get-AoEcsApp 'get*' @common).Name | Should -Contain $app
        @(Get-AoEcsApp -Name ($app.Substring(0, 4) + '?' + $app.Substring(5)) @common).Name | Should -Be @($app)
        @(Get-AoEcsApp -Name 'GET*' @common).Name | Should -Contain $app
    }

    It 'returns nothing and no error when a pattern matches no app' {
        $out = Get-AoEcsApp -Name 'zz-nothing-*' @common -ErrorVariable errs
        $out | Should -BeNullOrEmpty
        $errs | Should -BeNullOrEmpty
    }

    It 'writes an app once when a name and a pattern both match it' {
        @(Get-AoEcsApp -Name $app, 'get*' @common | Where-Object Name -eq $app).Count | Should -Be 1
    }
}
