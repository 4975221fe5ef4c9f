BeforeAll {
    Import-Module $env:AOTECH_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AoEcsApp.TestSupport.psm1') -Force
    # Certificates are issued one second after the request; new services report one running task.
    $script:b = Start-AoTestBackend -MotoEnvironment @{ MOTO_ACM_VALIDATION_WAIT = '1'; MOTO_ECS_SERVICE_RUNNING = '1' }
    $script:zone = 'z' + [guid]::NewGuid().ToString('N').Substring(0, 8) + '.example'
    $script:zoneId = New-AoTestHostedZone $b $zone
    $script:taskdef = New-AoTestTaskDefinitionFile (Join-Path $TestDrive 'taskdef.json')
    $script:common = @{ EndpointUrl = $b.EndpointUrl; Region = 'us-east-1' }
    $script:endpoint = 'ep' + [guid]::NewGuid().ToString('N').Substring(0, 6)
    # Three apps on one endpoint: two share the host www (one on /api/*), the third has a host of its own.
    $script:apps = [ordered]@{
        site  = @{ Name = 'site'; DomainName = "www.$zone" }
        api   = @{ Name = 'api'; DomainName = "www.$zone"; PathPattern = '/api/*' }
        admin = @{ Name = 'admin'; DomainName = "admin.$zone" }
    }
    function script:Deploy([hashtable]$App, [hashtable]$More = @{}) {
        New-AoEcsApp @App -TaskDefinitionPath $taskdef -Endpoint $endpoint -DesiredCount 1 @More @common
    }
    function script:Get-Mutating { @(Get-AoTestRequestLog $b | Where-Object Mutating) }
    function script:Get-Listener {
        $lb = (Invoke-AoTestAws $b elbv2 describe-load-balancers --names "aotech-$endpoint-alb").LoadBalancers[0]
        (Invoke-AoTestAws $b elbv2 describe-listeners --load-balancer-arn $lb.LoadBalancerArn).Listeners | Where-Object Port -eq 443
    }
    function script:Get-Routes {
        $listener = Get-Listener
        $rules = (Invoke-AoTestAws $b elbv2 describe-rules --listener-arn $listener.ListenerArn).Rules | Where-Object { -not $_.IsDefault }
        $certificates = (Invoke-AoTestAws $b elbv2 describe-listener-certificates --listener-arn $listener.ListenerArn).Certificates
        [pscustomobject]@{ Listener = $listener; Rules = @($rules); Certificates = @($certificates) }
    }
    function script:Get-RuleOf([string]$App, $Routes) {
        $tg = (Invoke-AoTestAws $b elbv2 describe-target-groups --names "aotech-$App-tg").TargetGroups[0].TargetGroupArn
        @($Routes.Rules | Where-Object { $_.Actions[0].TargetGroupArn -eq $tg })
    }
    function script:Get-CertificateOf([string]$App) {
        $tagged = (Invoke-AoTestAws $b resourcegroupstaggingapi get-resources --resource-type-filters acm --tag-filters "Key=aotech:app,Values=$App").ResourceTagMappingList
        @($tagged.ResourceARN)
    }

    # The endpoint, built once: the first app creates it, the others join.
    $script:built = foreach ($name in $apps.Keys) { Deploy $apps[$name] }
}

AfterAll {
    if ($script:b) { Stop-AoTestBackend $script:b }
}

Describe 'Apps on a shared endpoint' {
    It 'three apps share one load balancer, cluster and network, each with its own target group, rule and certificate' {
        @($built).Count | Should -Be 3
        @($built.Cluster | Sort-Object -Unique) | Should -Be @("aotech-$endpoint")
        @($built.LoadBalancerDnsName | Sort-Object -Unique).Count | Should -Be 1
        @($built.Service | Sort-Object) | Should -Be @('aotech-admin', 'aotech-api', 'aotech-site')
        (Invoke-AoTestAws $b elbv2 describe-load-balancers).LoadBalancers.Count | Should -Be 1
        @((Invoke-AoTestAws $b ec2 describe-vpcs --filters "Name=tag:aotech:endpoint,Values=$endpoint").Vpcs).Count | Should -Be 1

        $routes = Get-Routes
        $routes.Listener.DefaultActions[0].Type | Should -Be 'fixed-response'
        $routes.Listener.DefaultActions[0].FixedResponseConfig.StatusCode | Should -Be '404'
        $routes.Rules.Count | Should -Be 3
        foreach ($name in $apps.Keys) {
            $rule = Get-RuleOf $name $routes
            $rule.Count | Should -Be 1 -Because "app $name has one rule"
            ($rule[0].Conditions | Where-Object Field -eq 'host-header').HostHeaderConfig.Values | Should -Be @($apps[$name].DomainName)
            $certificate = @(Get-CertificateOf $name)
            $certificate.Count | Should -Be 1 -Because "app $name has its own certificate"
            $routes.Certificates.CertificateArn | Should -Contain $certificate[0]
        }
        # The more specific path is tried first: /api/* before the whole host www.
        [int](Get-RuleOf 'api' $routes)[0].Priority | Should -BeLessThan ([int](Get-RuleOf 'site' $routes)[0].Priority)
        ((Get-RuleOf 'api' $routes)[0].Conditions | Where-Object Field -eq 'path-pattern').PathPatternConfig.Values | Should -Be @('/api/*')
        # The endpoint's resources carry its tag, the apps' their own.
        $lbArn = (Invoke-AoTestAws $b elbv2 describe-load-balancers --names "aotech-$endpoint-alb").LoadBalancers[0].LoadBalancerArn
        $lbTags = (Invoke-AoTestAws $b elbv2 describe-tags --resource-arns $lbArn).TagDescriptions[0].Tags
        ($lbTags | Where-Object Key -eq 'aotech:endpoint').Value | Should -Be $endpoint
        $lbTags.Key | Should -Not -Contain 'aotech:app'
    }

    It 'a re-run of each app makes no mutating call' {
        foreach ($name in $apps.Keys) {
            Clear-AoTestRequestLog $b
            $result = Deploy $apps[$name]
            Get-Mutating | Should -BeNullOrEmpty -Because "app $name is as asked"
            $result.Changes | Should -BeNullOrEmpty
        }
    }

    It '-WhatIf names the groups of the endpoint and those of the app, and changes nothing' {
        Clear-AoTestRequestLog $b
        $text = Get-AoTestWhatIfText @{ Name = 'extra'; DomainName = "extra.$zone"; TaskDefinitionPath = $taskdef; Endpoint = $endpoint; EndpointUrl = $b.EndpointUrl; Region = 'us-east-1' } (Join-Path $TestDrive 'whatif.txt')
        $text | Should -Match "of app 'extra' on endpoint '$endpoint'"
        $text | Should -Match "Compute of endpoint '$endpoint'"
        Get-Mutating | Should -BeNullOrEmpty
    }

    It 'an endpoint-level value that differs from the endpoint''s is refused, naming both, before any change' {
        Clear-AoTestRequestLog $b
        { Deploy $apps.admin @{ InstanceType = 't3.large' } } | Should -Throw -ErrorId 'EndpointSettingMismatch,*'
        try { Deploy $apps.admin @{ InstanceType = 't3.large' } } catch { $_.Exception.Message | Should -Match 't3.large.*t3.small' }
        Get-Mutating | Should -BeNullOrEmpty
    }

    It 'an app on the endpoint does not move in place: a run without -Endpoint, or with another, is refused before any change' {
        Clear-AoTestRequestLog $b
        $site = $apps.site
        { New-AoEcsApp @site -TaskDefinitionPath $taskdef -DesiredCount 1 @common } | Should -Throw -ErrorId 'AppEndpointMismatch,*'
        { New-AoEcsApp @site -TaskDefinitionPath $taskdef -DesiredCount 1 -Endpoint 'other' @common } | Should -Throw -ErrorId 'AppEndpointMismatch,*'
        Get-Mutating | Should -BeNullOrEmpty
    }

    It 'an instance-level value that differs from the endpoint''s is refused, naming both, before any change' {
        Clear-AoTestRequestLog $b
        { Deploy $apps.admin @{ AllowPrivileged = $true } } | Should -Throw -ErrorId 'EndpointSettingMismatch,*'
        try { Deploy $apps.admin @{ AllowPrivileged = $true } } catch { $_.Exception.Message | Should -Match '-AllowPrivileged \$true \(the endpoint has \$false\)' }
        Get-Mutating | Should -BeNullOrEmpty
    }

    It 'Get-AoEcsApp shows an app on the endpoint by its name, and in the listing, as it is' {
        $api = Get-AoEcsApp -Name api @common
        $api.Endpoint | Should -Be $endpoint
        $api.Cluster | Should -Be "aotech-$endpoint"
        $api.DomainName | Should -Be "www.$zone"
        $api.PathPattern | Should -Be @('/api/*')
        $api.Service | Should -Be 'aotech-api'
        $api.CertificateStatus | Should -Be 'ISSUED'
        $api.LoadBalancerDnsName | Should -Be ($built | Where-Object Name -eq 'api').LoadBalancerDnsName
        $listed = @(Get-AoEcsApp @common | Where-Object Endpoint -eq $endpoint)
        @($listed.Name | Sort-Object) | Should -Be @('admin', 'api', 'site')
        ($listed | Where-Object Name -eq 'admin').DomainName | Should -Be "admin.$zone"
    }

    It 'Set-AoEcsApp scales an app on the endpoint by its name, and refuses the endpoint''s size bounds before any change' {
        Clear-AoTestRequestLog $b
        { Set-AoEcsApp -Name api -MaxSize 4 -Confirm:$false @common } | Should -Throw -ErrorId 'EndpointLevelParameter,*'
        Get-Mutating | Should -BeNullOrEmpty
        $scaled = Set-AoEcsApp -Name api -DesiredCount 2 -Confirm:$false @common
        $scaled.Endpoint | Should -Be $endpoint
        $scaled.DesiredCount | Should -Be 2
        (Get-AoEcsApp -Name site @common).DesiredCount | Should -Be 1
        $null = Set-AoEcsApp -Name api -DesiredCount 1 -Confirm:$false @common
    }

    It 'removing the middle app leaves the other two routed, with their certificates and rules intact' {
        $before = Get-Routes
        $kept = @{}
        foreach ($name in 'site', 'admin') { $kept[$name] = @{ Rule = @(Get-RuleOf $name $before)[0]; Certificate = @(Get-CertificateOf $name)[0] } }
        $apiCertificate = @(Get-CertificateOf 'api')[0]

        Remove-AoEcsApp -Name api -Confirm:$false @common

        $after = Get-Routes
        $after.Rules.Count | Should -Be 2
        foreach ($name in 'site', 'admin') {
            $rule = Get-RuleOf $name $after
            $rule.Count | Should -Be 1
            $rule[0].RuleArn | Should -Be $kept[$name].Rule.RuleArn
            ($rule[0].Conditions | Where-Object Field -eq 'host-header').HostHeaderConfig.Values | Should -Be @($apps[$name].DomainName)
            $after.Certificates.CertificateArn | Should -Contain $kept[$name].Certificate
            @(Get-CertificateOf $name) | Should -Be @($kept[$name].Certificate)
        }
        $after.Certificates.CertificateArn | Should -Not -Contain $apiCertificate
        (Invoke-AoTestAws $b acm list-certificates).CertificateSummaryList.CertificateArn | Should -Not -Contain $apiCertificate
        { Invoke-AoTestAws $b elbv2 describe-target-groups --names 'aotech-api-tg' } | Should -Throw
        (Invoke-AoTestAws $b ecs describe-services --cluster "aotech-$endpoint" --services 'aotech-api').services |
            Where-Object status -ne 'INACTIVE' | Should -BeNullOrEmpty
        @((Invoke-AoTestAws $b logs describe-log-groups --log-group-name-prefix '/aotech/api').logGroups).Count | Should -Be 0
        # www is still site's: its alias stays.
        $records = (Invoke-AoTestAws $b route53 list-resource-record-sets --hosted-zone-id $zoneId).ResourceRecordSets
        @($records | Where-Object { $_.Type -eq 'A' -and $_.Name -eq "www.$zone." }).Count | Should -Be 1
        # So does the validation record site's certificate shares with api's (one per name): one for www, one for admin.
        @($records | Where-Object Type -eq 'CNAME').Count | Should -Be 2
        # The endpoint stays, and the other two re-run without a change.
        (Invoke-AoTestAws $b elbv2 describe-load-balancers --names "aotech-$endpoint-alb").LoadBalancers.Count | Should -Be 1
        foreach ($name in 'site', 'admin') {
            Clear-AoTestRequestLog $b
            $null = Deploy $apps[$name]
            Get-Mutating | Should -BeNullOrEmpty -Because "app $name is untouched"
        }
    }
}
