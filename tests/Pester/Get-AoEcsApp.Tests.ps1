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

Describe 'Get-AoEcsApp over many apps (issue 13)' {
    BeforeAll {
        # Apps made straight through boto3 (the parts Get-AoEcsApp reads), 2 first and 4 more later.
        $script:seed = Join-Path $PSScriptRoot '../tools/seed_apps.py'
        $script:prefix = 'lst' + [guid]::NewGuid().ToString('N').Substring(0, 4)
        $null = & python3 $seed --endpoint $b.UpstreamUrl --prefix $prefix --first 1 --count 2 --domain "lst.$zone"
        if ($LASTEXITCODE) { throw 'seeding failed' }
        function script:Measure-Listing([string]$Pattern) {
            Clear-AoTestRequestLog $b
            $apps = @(Get-AoEcsApp -Name $Pattern @common)
            $calls = @(Get-AoTestRequestLog $b)
            $byOperation = @{}
            foreach ($g in $calls | Group-Object Operation) { $byOperation[$g.Name] = $g.Count }
            [pscustomobject]@{ Apps = $apps; Calls = $calls.Count; ByOperation = $byOperation }
        }
    }

    It 'makes as many calls for 6 apps as for 2, but for the two reads AWS has no batch of' {
        $two = Measure-Listing "$prefix*"
        $null = & python3 $seed --endpoint $b.UpstreamUrl --prefix $prefix --first 3 --count 4 --domain "lst.$zone"
        $six = Measure-Listing "$prefix*"
        @($two.Apps).Count | Should -Be 2
        @($six.Apps).Count | Should -Be 6
        # DescribeServices takes up to 10 services, but of one cluster, and each app has its own; DescribeTargetHealth
        # takes one target group. Every other read takes the apps' names in one call per page or batch.
        $perApp = 'DescribeServices', 'DescribeTargetHealth'
        foreach ($op in $perApp) {
            $two.ByOperation[$op] | Should -Be 2 -Because "$op is one call per app"
            $six.ByOperation[$op] | Should -Be 6 -Because "$op is one call per app"
        }
        foreach ($op in @($two.ByOperation.Keys) + @($six.ByOperation.Keys) | Sort-Object -Unique | Where-Object { $_ -notin $perApp }) {
            $six.ByOperation[$op] | Should -Be $two.ByOperation[$op] -Because "$op takes many apps' names in one call"
        }
        $six.Calls - $two.Calls | Should -Be (2 * 4)
    }

    It 'shows each app of the listing as it shows the app alone, at no more calls for one app than before (8) and one for its task auto scaling' {
        # The apps seeded last had their certificates requested a moment ago: wait for moto to issue them all (one
        # second), so no certificate turns ISSUED between the listing and the read alone.
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while (@((Invoke-AoTestAws $b acm list-certificates --certificate-statuses PENDING_VALIDATION).CertificateSummaryList).Count) {
            if ([DateTime]::UtcNow -gt $deadline) { throw 'certificates still pending after 30 s' }
            Start-Sleep -Milliseconds 250
        }
        $listed = @(Get-AoEcsApp -Name "$prefix*" @common)
        $listed.Count | Should -Be 6
        foreach ($a in $listed) {
            Clear-AoTestRequestLog $b
            $alone = Get-AoEcsApp -Name $a.Name @common
            @(Get-AoTestRequestLog $b).Count | Should -BeLessOrEqual 9
            foreach ($p in $a.PSObject.Properties.Name) {
                $a.$p | Should -Be $alone.$p -Because "$($a.Name).$p is the same listed or alone"
            }
            $a.CertificateStatus | Should -Be 'ISSUED'
            $a.LoadBalancerDnsName | Should -Not -BeNullOrEmpty
            $a.TargetHealth | Should -Be 'no targets'
            $a.DesiredCount | Should -Be 1
            $a.Instances | Should -Be 0
        }
    }

    It 'shows the others when one app lacks its load balancer (a batch refused for one name is asked again in halves)' {
        $lb = Invoke-AoTestAws $b elbv2 describe-load-balancers --names "aotech-$($prefix)2-alb"
        $null = Invoke-AoTestAws $b elbv2 delete-load-balancer --load-balancer-arn $lb.LoadBalancers[0].LoadBalancerArn
        $listed = @(Get-AoEcsApp -Name "$prefix*" @common -ErrorVariable errs)
        $errs | Should -BeNullOrEmpty
        $listed.Count | Should -Be 6
        ($listed | Where-Object Name -eq "$($prefix)2").LoadBalancerDnsName | Should -BeNullOrEmpty
        @($listed | Where-Object LoadBalancerDnsName).Count | Should -Be 5
    }
}
