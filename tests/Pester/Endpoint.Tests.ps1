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
    $script:Inventory = Join-Path $PSScriptRoot '../tools/aws_inventory.py'
    $script:Python = (Get-Command python3 -CommandType Application | Select-Object -First 1).Source
    # What moto holds of an app (--app) or of the endpoint (--endpoint-name), counted straight in moto, kind by kind.
    function script:Get-Inventory([string[]]$Arguments) {
        $json = & $Python $Inventory --endpoint $b.UpstreamUrl @Arguments
        if ($LASTEXITCODE -ne 0) { throw "aws_inventory.py failed ($LASTEXITCODE)" }
        $h = [ordered]@{}
        foreach ($p in ($json | ConvertFrom-Json).PSObject.Properties) { $h[$p.Name] = [int]$p.Value }
        $h
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
    It 'three apps share one load balancer, cluster and network, each with its own target group and rule; api reuses site''s certificate for www' {
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
        }
        # site and admin requested one each; api's host www is covered by site's, which it reuses: one certificate for www.
        foreach ($name in 'site', 'admin') {
            $certificate = @(Get-CertificateOf $name)
            $certificate.Count | Should -Be 1 -Because "app $name has its own certificate"
            $routes.Certificates.CertificateArn | Should -Contain $certificate[0]
        }
        @(Get-CertificateOf 'api') | Should -BeNullOrEmpty -Because 'api reuses the certificate for www the listener serves'
        @($routes.Certificates).Count | Should -Be 2
        @((Invoke-AoTestAws $b acm list-certificates).CertificateSummaryList | Where-Object DomainName -eq "www.$zone").Count | Should -Be 1
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

    It 'Get-AoEcsEndpoint shows the endpoint: load balancer, instances, network, the apps with their routes, and its quota use' {
        $routes = Get-Routes
        $shown = Get-AoEcsEndpoint -Name $endpoint @common
        $shown | Should -BeOfType ([AoTech.Ecs.Stack.Endpoints.EndpointStatus])
        $shown.Name | Should -Be $endpoint
        $shown.Region | Should -Be 'us-east-1'
        $shown.LoadBalancerDnsName | Should -Be ($built[0].LoadBalancerDnsName)
        $shown.Cluster | Should -Be "aotech-$endpoint"
        $asg = (Invoke-AoTestAws $b autoscaling describe-auto-scaling-groups --auto-scaling-group-names "aotech-$endpoint-asg").AutoScalingGroups[0]
        $shown.MinSize | Should -Be $asg.MinSize
        $shown.MaxSize | Should -Be $asg.MaxSize
        $shown.DesiredCapacity | Should -Be $asg.DesiredCapacity
        $shown.RunningInstances | Should -Be @($asg.Instances | Where-Object LifecycleState -eq 'InService').Count
        $template = (Invoke-AoTestAws $b ec2 describe-launch-template-versions --launch-template-name "aotech-$endpoint-lt" --versions '$Latest').LaunchTemplateVersions[0]
        $shown.InstanceType | Should -Be $template.LaunchTemplateData.InstanceType
        $shown.AllowedCidr | Should -Be @('0.0.0.0/0')
        $vpc = (Invoke-AoTestAws $b ec2 describe-vpcs --filters "Name=tag:aotech:endpoint,Values=$endpoint").Vpcs[0]
        $shown.VpcId | Should -Be $vpc.VpcId
        $shown.Network | Should -Be ($vpc.Tags | Where-Object Key -eq 'aotech:network').Value
        $shown.Network | Should -BeLike 'private-*' -Because 'an endpoint made without -Network has private instances'
        @($shown.Apps.Name) | Should -Be @('admin', 'api', 'site')
        foreach ($app in $shown.Apps) {
            $app.Host | Should -Be $apps[$app.Name].DomainName
            $app.Priority | Should -Be ([int](Get-RuleOf $app.Name $routes)[0].Priority)
        }
        ($shown.Apps | Where-Object Name -eq 'api').PathPattern | Should -Be @('/api/*')
        ($shown.Apps | Where-Object Name -eq 'site').PathPattern | Should -BeNullOrEmpty
        $shown.Rules | Should -Be 3
        # Two certificates (www's, which site and api share, and admin's): the listener's default and one more by SNI (the quota counts those).
        $shown.Certificates | Should -Be 1
        $shown.TargetGroups | Should -Be 3
        $shown.RuleQuota, $shown.CertificateQuota, $shown.TargetGroupQuota | Should -Be @(100, 25, 100)
        # The region's listing, and a wildcard, show it too; an unknown name is an error of its own.
        @(Get-AoEcsEndpoint @common).Name | Should -Contain $endpoint
        @(Get-AoEcsEndpoint -Name 'ep*' @common).Name | Should -Contain $endpoint
        @(Get-AoEcsEndpoint -Name 'nomatch*' @common) | Should -BeNullOrEmpty
        { Get-AoEcsEndpoint -Name 'nosuch' @common -ErrorAction Stop } | Should -Throw -ErrorId 'EndpointNotFound,*'
    }

    It 'removing the middle app leaves the other two routed, with their certificates and rules intact' {
        $before = Get-Routes
        $kept = @{}
        foreach ($name in 'site', 'admin') { $kept[$name] = @{ Rule = @(Get-RuleOf $name $before)[0]; Certificate = @(Get-CertificateOf $name)[0] } }
        $certificatesBefore = @((Invoke-AoTestAws $b acm list-certificates).CertificateSummaryList.CertificateArn)

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
        # api used site's certificate: it stays, served and site's.
        @($after.Certificates).Count | Should -Be 2
        @((Invoke-AoTestAws $b acm list-certificates).CertificateSummaryList.CertificateArn) | Should -Be $certificatesBefore
        { Invoke-AoTestAws $b elbv2 describe-target-groups --names 'aotech-api-tg' } | Should -Throw
        (Invoke-AoTestAws $b ecs describe-services --cluster "aotech-$endpoint" --services 'aotech-api').services |
            Where-Object status -ne 'INACTIVE' | Should -BeNullOrEmpty
        @((Invoke-AoTestAws $b logs describe-log-groups --log-group-name-prefix '/aotech/api').logGroups).Count | Should -Be 0
        # www is still site's: its alias stays.
        $records = (Invoke-AoTestAws $b route53 list-resource-record-sets --hosted-zone-id $zoneId).ResourceRecordSets
        @($records | Where-Object { $_.Type -eq 'A' -and $_.Name -eq "www.$zone." }).Count | Should -Be 1
        # So does the validation record of site's certificate: one for www, one for admin.
        @($records | Where-Object Type -eq 'CNAME').Count | Should -Be 2
        # The endpoint stays, and the other two re-run without a change.
        (Invoke-AoTestAws $b elbv2 describe-load-balancers --names "aotech-$endpoint-alb").LoadBalancers.Count | Should -Be 1
        foreach ($name in 'site', 'admin') {
            Clear-AoTestRequestLog $b
            $null = Deploy $apps[$name]
            Get-Mutating | Should -BeNullOrEmpty -Because "app $name is untouched"
        }
    }

    It 'Remove-AoEcsEndpoint refuses while apps are on the endpoint, naming them, with no mutating call' {
        Clear-AoTestRequestLog $b
        { Remove-AoEcsEndpoint -Name $endpoint -Confirm:$false @common -ErrorAction Stop } | Should -Throw -ErrorId 'EndpointInUse,*'
        try { Remove-AoEcsEndpoint -Name $endpoint -Confirm:$false @common -ErrorAction Stop } catch { $_.Exception.Message | Should -Match 'admin, site' }
        Get-Mutating | Should -BeNullOrEmpty
        @((Get-AoEcsEndpoint -Name $endpoint @common).Apps.Name) | Should -Be @('admin', 'site')
    }

    It 'Remove-AoEcsEndpoint of an endpoint named like an app on another endpoint finds nothing of that app to remove' {
        # The endpoint 'admin' does not exist; the app admin on this endpoint is no part of it.
        Clear-AoTestRequestLog $b
        Remove-AoEcsEndpoint -Name admin -Confirm:$false @common -ErrorAction Stop -Verbose 4>&1 | Out-String | Should -Match "Nothing of endpoint 'admin' found"
        Get-Mutating | Should -BeNullOrEmpty
        (Get-AoEcsApp -Name admin @common).Service | Should -Be 'aotech-admin'
    }

    It 'Remove-AoEcsEndpoint -Force -WhatIf lists the apps and the endpoint''s resources, and changes nothing' {
        Clear-AoTestRequestLog $b
        $text = Get-AoTestWhatIfText @{ Name = $endpoint; Force = $true; EndpointUrl = $b.EndpointUrl; Region = 'us-east-1' } (Join-Path $TestDrive 'rm-whatif.txt') -Command 'Remove-AoEcsEndpoint'
        $text | Should -Match "app admin"
        $text | Should -Match "app site"
        $text | Should -Match "load balancer aotech-$endpoint-alb"
        $text | Should -Match "ECS cluster aotech-$endpoint"
        $text | Should -Match "VPC aotech-$endpoint"
        Get-Mutating | Should -BeNullOrEmpty
    }

    It 'removing the owner of a certificate another app reuses hands it over: that app keeps serving HTTPS with it' {
        $null = Deploy $apps.api
        $www = @(Get-CertificateOf 'site')[0]
        @(Get-CertificateOf 'api') | Should -BeNullOrEmpty -Because 'api joins again and reuses site''s certificate'

        Remove-AoEcsApp -Name site -Confirm:$false @common

        $after = Get-Routes
        $after.Rules.Count | Should -Be 2 -Because 'api and admin are left'
        @(Get-RuleOf 'api' $after).Count | Should -Be 1
        $after.Certificates.CertificateArn | Should -Contain $www
        @(Get-CertificateOf 'api') | Should -Be @($www) -Because 'the certificate is api''s now (aotech:app)'
        @(Get-CertificateOf 'site') | Should -BeNullOrEmpty
        (Invoke-AoTestAws $b acm describe-certificate --certificate-arn $www).Certificate.Status | Should -Be 'ISSUED'
        # www's alias and validation record stay: api routes the host.
        $records = (Invoke-AoTestAws $b route53 list-resource-record-sets --hosted-zone-id $zoneId).ResourceRecordSets
        @($records | Where-Object { $_.Type -eq 'A' -and $_.Name -eq "www.$zone." }).Count | Should -Be 1
        @($records | Where-Object Type -eq 'CNAME').Count | Should -Be 2
        (Get-AoEcsApp -Name api @common).CertificateStatus | Should -Be 'ISSUED'
        Clear-AoTestRequestLog $b
        $null = Deploy $apps.api
        Get-Mutating | Should -BeNullOrEmpty -Because 'api serves with the certificate it was handed'
    }

    It 'an owner that moves to another domain hands its certificate over to the app still on the old host' {
        # site joins www again and reuses api's certificate; then api, its owner, moves to a host of its own.
        $null = Deploy $apps.site
        $www = @(Get-CertificateOf 'api')[0]
        @(Get-CertificateOf 'site') | Should -BeNullOrEmpty
        $moved = @{ Name = 'api'; DomainName = "api.$zone"; PathPattern = '/api/*' }

        $null = Deploy $moved

        $after = Get-Routes
        $after.Certificates.CertificateArn | Should -Contain $www -Because 'site still serves www with it'
        @(Get-CertificateOf 'site') | Should -Be @($www)
        $apiCertificate = @(Get-CertificateOf 'api')
        $apiCertificate.Count | Should -Be 1
        (Invoke-AoTestAws $b acm describe-certificate --certificate-arn $apiCertificate[0]).Certificate.DomainName | Should -Be "api.$zone"
        $records = (Invoke-AoTestAws $b route53 list-resource-record-sets --hosted-zone-id $zoneId).ResourceRecordSets
        @($records | Where-Object { $_.Type -eq 'A' -and $_.Name -eq "www.$zone." }).Count | Should -Be 1
        foreach ($run in @($apps.site, $moved)) {
            Clear-AoTestRequestLog $b
            $null = Deploy $run
            Get-Mutating | Should -BeNullOrEmpty -Because "app $($run.Name) is as asked"
        }
        # site goes again (with www's certificate: no other app routes www now), leaving api and admin.
        Remove-AoEcsApp -Name site -Confirm:$false @common
        (Invoke-AoTestAws $b acm list-certificates).CertificateSummaryList.CertificateArn | Should -Not -Contain $www
        $records = (Invoke-AoTestAws $b route53 list-resource-record-sets --hosted-zone-id $zoneId).ResourceRecordSets
        @($records | Where-Object { $_.Name -like "*www.$zone." }) | Should -BeNullOrEmpty
    }

    It 'removing the rest and the endpoint leaves nothing (one app by Remove-AoEcsApp, the last with -Force, cut off and run again)' {
        $inUse = (Get-AoTestBehaviour $b).Acted.certificateInUse
        Remove-AoEcsApp -Name api -Confirm:$false @common
        @((Get-AoEcsEndpoint -Name $endpoint @common).Apps.Name) | Should -Be @('admin')

        # -Force removes admin first; the run is cut off in the endpoint's own part (every call after the 26th change is
        # refused: about 18 take admin away, the endpoint's lock is the next), leaving part of the endpoint and its lock.
        Set-AoTestFault $b -FailAfterMutating 26 -AfterKind denied
        try {
            { Remove-AoEcsEndpoint -Name $endpoint -Force -Confirm:$false @common -ErrorAction Stop 3>$null } | Should -Throw
        } finally { $null = Set-AoTestFault $b }
        @((Invoke-AoTestAws $b ec2 describe-vpcs --filters "Name=tag:aotech:endpoint,Values=$endpoint").Vpcs) | Should -Not -BeNullOrEmpty
        # A re-run finishes it: no app is left to need -Force, and the lock the cut-off run left is taken over.
        Remove-AoEcsEndpoint -Name $endpoint -Confirm:$false @common

        # Counted kind by kind in moto (the tagging API there still lists deleted services, task definitions and NAT gateways).
        foreach ($name in $apps.Keys) {
            $left = Get-Inventory @('--app', $name, '--domain', $apps[$name].DomainName)
            @($left.Keys | ForEach-Object { "$_=$($left[$_])" }) | Should -BeNullOrEmpty -Because "nothing of app $name is left"
        }
        $left = Get-Inventory @('--endpoint-name', $endpoint)
        @($left.Keys | ForEach-Object { "$_=$($left[$_])" }) | Should -BeNullOrEmpty -Because 'nothing of the endpoint is left'
        (Invoke-AoTestAws $b acm list-certificates).CertificateSummaryList | Should -BeNullOrEmpty
        $records = (Invoke-AoTestAws $b route53 list-resource-record-sets --hosted-zone-id $zoneId).ResourceRecordSets
        @($records | Where-Object Type -notin 'NS', 'SOA') | Should -BeNullOrEmpty
        (Invoke-AoTestAws $b ssm describe-parameters --parameter-filters "Key=Name,Option=BeginsWith,Values=/aotech/").Parameters | Should -BeNullOrEmpty
        # The last app's certificate was the listener's default: the listener went, ACM held it a while, it went then.
        $layer = Get-AoTestBehaviour $b
        if ($layer.Enabled) { $layer.Acted.certificateInUse | Should -BeGreaterThan $inUse }
        { Get-AoEcsEndpoint -Name $endpoint @common -ErrorAction Stop } | Should -Throw -ErrorId 'EndpointNotFound,*'
    }

    It 'a second Remove-AoEcsEndpoint finds nothing and makes no mutating call' {
        Clear-AoTestRequestLog $b
        { Remove-AoEcsEndpoint -Name $endpoint -Confirm:$false @common -ErrorAction Stop } | Should -Not -Throw
        Get-Mutating | Should -BeNullOrEmpty
    }
}
