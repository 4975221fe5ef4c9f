# Deployment strategies (issue 15): what the stack makes for BlueGreen, Canary and Linear (the alternate target group, the
# production and test listener rules, the role ECS assumes, the service's advanced and deployment configuration), through
# the cmdlets. Rollouts themselves are followed elsewhere (Wait-, Stop-, Resume-AoDeployment).
BeforeAll {
    Import-Module $env:AOTECH_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AoEcsApp.TestSupport.psm1') -Force
    # With the model of ECS service deployments: DescribeServices answers the deployment configuration as ECS keeps it.
    $script:b = Start-AoTestBackend -MotoEnvironment @{ MOTO_ACM_VALIDATION_WAIT = '1'; MOTO_ECS_SERVICE_RUNNING = '2' } -ServiceDeployments
    $null = Set-AoTestServiceDeployments $b -Minute 0.2 -TaskStart 0.2 -TaskFailure 0.5 -Stage 0.1
    $script:zone = 'z' + [guid]::NewGuid().ToString('N').Substring(0, 8) + '.example'
    $script:zoneId = New-AoTestHostedZone $b $zone
    $script:taskdef = New-AoTestTaskDefinitionFile (Join-Path $TestDrive 'taskdef.json')
    $script:common = @{ EndpointUrl = $b.EndpointUrl; Region = 'us-east-1' }

    function script:Get-Mutating { @(Get-AoTestRequestLog $b | Where-Object Mutating) }
    # An app on a shared endpoint has its service in the endpoint's cluster.
    function script:Get-Service([string] $app, [string] $cluster = $app) {
        (Invoke-AoTestAws $b -ThroughLayer ecs describe-services --cluster "aotech-$cluster" --services "aotech-$app").services[0]
    }
    function script:Get-TargetGroup([string] $name) {
        $found = Invoke-AoTestAws $b elbv2 describe-target-groups --names $name -AllowFailure
        if ($found) { $found.TargetGroups[0] }
    }
    function script:Get-Rules([string] $app) {
        $lb = (Invoke-AoTestAws $b elbv2 describe-load-balancers --names "aotech-$app-alb").LoadBalancers[0].LoadBalancerArn
        $https = (Invoke-AoTestAws $b elbv2 describe-listeners --load-balancer-arn $lb).Listeners | Where-Object Port -eq 443
        @((Invoke-AoTestAws $b elbv2 describe-rules --listener-arn $https.ListenerArn).Rules | Where-Object { -not $_.IsDefault })
    }
    # What a rule forwards to: target group ARN -> weight (a plain forward counts 1, as ELB does).
    function script:Get-Forwards($rule) {
        $forward = @($rule.Actions | Where-Object Type -eq 'forward')[0]
        $weights = @{}
        if ($forward.ForwardConfig.TargetGroups) { foreach ($t in $forward.ForwardConfig.TargetGroups) { $weights[$t.TargetGroupArn] = [int]$t.Weight } }
        elseif ($forward.TargetGroupArn) { $weights[$forward.TargetGroupArn] = 1 }
        $weights
    }
    function script:Get-Role([string] $name) {
        $found = Invoke-AoTestAws $b iam get-role --role-name $name -AllowFailure
        if ($found) { $found.Role }
    }
}

AfterAll {
    if ($script:b) { Stop-AoTestBackend $script:b }
}

Describe 'New-AoEcsApp -DeploymentStrategy BlueGreen' {
    BeforeAll {
        $script:app = 'bg' + [guid]::NewGuid().ToString('N').Substring(0, 6)
        # The public layout: no NAT gateways to wait for; the strategy does not depend on the layout.
        $script:spec = @{ Name = $app; DomainName = "www.$zone"; TaskDefinitionPath = $taskdef; Network = 'Public' } + $common
        $script:strategy = @{ DeploymentStrategy = 'BlueGreen'; BakeTime = 5; PauseAt = 'POST_TEST_TRAFFIC_SHIFT'; TestTrafficHeader = 'X-Test: green' }
    }

    It '-WhatIf lists the alternate target group, the rules and the role, and changes nothing' {
        Clear-AoTestRequestLog $b
        $out = Get-AoTestWhatIfText ($spec + $strategy) (Join-Path $TestDrive 'new-whatif.txt')
        $out | Should -Match "aotech-$app-tg2"
        $out | Should -Match "aotech-$app-deploy"
        $out | Should -Match 'Create listener rule'
        $out | Should -Match 'Create test listener rule .* with header X-Test: green'
        Get-Mutating | Should -BeNullOrEmpty
    }

    It 'makes the alternate target group, the rules, the role and the service''s configuration' {
        $created = New-AoEcsApp @spec @strategy
        $created.DeploymentStrategy | Should -Be 'BlueGreen'
        $created.BakeTime | Should -Be 5
        $created.PauseAt | Should -Be @('POST_TEST_TRAFFIC_SHIFT')
        $created.TestTrafficHeader | Should -Be 'X-Test: green'
        $created.Changes | Should -Contain "Created target group aotech-$app-tg2"

        $first = Get-TargetGroup "aotech-$app-tg"
        $alternate = Get-TargetGroup "aotech-$app-tg2"
        $alternate | Should -Not -BeNullOrEmpty
        $alternate.VpcId | Should -Be $first.VpcId
        $alternate.Port | Should -Be $first.Port
        $alternate.TargetType | Should -Be $first.TargetType
        $alternate.HealthCheckPath | Should -Be $first.HealthCheckPath

        $role = Get-Role "aotech-$app-deploy"
        $role.Path | Should -Be "/aotech/$app/"
        ([uri]::UnescapeDataString(($role.AssumeRolePolicyDocument | ConvertTo-Json -Depth 9 -Compress))) | Should -Match 'ecs\.amazonaws\.com'
        $attached = (Invoke-AoTestAws $b iam list-attached-role-policies --role-name "aotech-$app-deploy").AttachedPolicies.PolicyName
        $attached | Should -Contain 'AmazonECSInfrastructureRolePolicyForLoadBalancers'

        $rules = Get-Rules $app
        $production = $rules | Where-Object { -not ($_.Conditions.Field -contains 'http-header') }
        $test = $rules | Where-Object { $_.Conditions.Field -contains 'http-header' }
        @($production).Count | Should -Be 1
        @($test).Count | Should -Be 1
        [int]$test.Priority | Should -BeLessThan ([int]$production.Priority)
        # ECS rolls a deployment back unless the rules carry both target groups: production forwards to both, all traffic
        # to the live one; the test rule to the idle one.
        $weights = Get-Forwards $production
        $weights.Count | Should -Be 2
        $weights[$first.TargetGroupArn] | Should -Be 100
        $weights[$alternate.TargetGroupArn] | Should -Be 0
        (Get-Forwards $test).Keys | Should -Be @($alternate.TargetGroupArn)

        $service = Get-Service $app
        $service.deploymentConfiguration.strategy | Should -Be 'BLUE_GREEN'
        $service.deploymentConfiguration.bakeTimeInMinutes | Should -Be 5
        $service.deploymentConfiguration.deploymentCircuitBreaker.rollback | Should -BeTrue
        $pause = @($service.deploymentConfiguration.lifecycleHooks | Where-Object targetType -eq 'PAUSE')
        $pause.Count | Should -Be 1
        $pause[0].lifecycleStages | Should -Be @('POST_TEST_TRAFFIC_SHIFT')
        $advanced = $service.loadBalancers[0].advancedConfiguration
        $advanced.alternateTargetGroupArn | Should -Be $alternate.TargetGroupArn
        $advanced.productionListenerRule | Should -Be $production.RuleArn
        $advanced.testListenerRule | Should -Be $test.RuleArn
        $advanced.roleArn | Should -Be $role.Arn
        $service.loadBalancers[0].targetGroupArn | Should -Be $first.TargetGroupArn
    }

    It 'a re-run, with or without the strategy parameters, makes no mutating call' {
        Clear-AoTestRequestLog $b
        $same = New-AoEcsApp @spec @strategy
        $plain = New-AoEcsApp @spec
        Get-Mutating | Should -BeNullOrEmpty
        $same.Changes | Should -BeNullOrEmpty
        $plain.DeploymentStrategy | Should -Be 'BlueGreen'
    }

    It 'a re-run after ECS moved production to the alternate target group leaves the rule and the service as they are' {
        # What ECS does at the end of a blue/green deployment: the production rule forwards to the other target group.
        $production = Get-Rules $app | Where-Object { -not ($_.Conditions.Field -contains 'http-header') }
        $alternate = (Get-TargetGroup "aotech-$app-tg2").TargetGroupArn
        $first = (Get-TargetGroup "aotech-$app-tg").TargetGroupArn
        $moved = @{ Type = 'forward'; ForwardConfig = @{ TargetGroups = @(@{ TargetGroupArn = $alternate; Weight = 100 }, @{ TargetGroupArn = $first; Weight = 0 }) } }
        $null = Invoke-AoTestAws $b elbv2 modify-rule --rule-arn $production.RuleArn --actions (ConvertTo-Json @($moved) -Depth 6 -Compress)
        Clear-AoTestRequestLog $b
        $again = New-AoEcsApp @spec
        Get-Mutating | Should -BeNullOrEmpty
        $again.LiveTargetGroup | Should -Be "aotech-$app-tg2"
        $weights = Get-Forwards (Get-Rules $app | Where-Object RuleArn -eq $production.RuleArn)
        $weights[$alternate] | Should -Be 100
        $weights[$first] | Should -Be 0
        (Get-AoEcsApp -Name $app @common).LiveTargetGroup | Should -Be "aotech-$app-tg2"
    }

    It 'Get-AoEcsApp reads the target health of the live target group, not the one the service names' {
        # Production is on -tg2 (the test before); the service still names -tg, which has no targets.
        (Get-Service $app).loadBalancers[0].targetGroupArn | Should -Be (Get-TargetGroup "aotech-$app-tg").TargetGroupArn
        $alternate = (Get-TargetGroup "aotech-$app-tg2").TargetGroupArn
        $null = Invoke-AoTestAws $b elbv2 register-targets --target-group-arn $alternate --targets 'Id=i-0123456789abcdef0,Port=32768'
        $shown = Get-AoEcsApp -Name $app @common
        $shown.LiveTargetGroup | Should -Be "aotech-$app-tg2"
        $shown.TargetHealth | Should -Not -BeNullOrEmpty
        $shown.TargetHealth | Should -Not -Be 'no targets'
        $null = Invoke-AoTestAws $b elbv2 deregister-targets --target-group-arn $alternate --targets 'Id=i-0123456789abcdef0,Port=32768'
    }

    It 'a production rule that lacks the other target group gets it at weight 0, the live one''s forward left as it is' {
        $production = Get-Rules $app | Where-Object { -not ($_.Conditions.Field -contains 'http-header') }
        $alternate = (Get-TargetGroup "aotech-$app-tg2").TargetGroupArn
        $first = (Get-TargetGroup "aotech-$app-tg").TargetGroupArn
        $null = Invoke-AoTestAws $b elbv2 modify-rule --rule-arn $production.RuleArn --actions "Type=forward,TargetGroupArn=$alternate"
        $again = New-AoEcsApp @spec
        ($again.Changes -join "`n") | Should -Match "added target group aotech-$app-tg at weight 0"
        $weights = Get-Forwards (Get-Rules $app | Where-Object RuleArn -eq $production.RuleArn)
        $weights[$alternate] | Should -Be 100
        $weights[$first] | Should -Be 0
        $again.LiveTargetGroup | Should -Be "aotech-$app-tg2"
    }

    It '-TestTrafficHeader with an empty value takes the test rule away after the service no longer names it' {
        $test = Get-Rules $app | Where-Object { $_.Conditions.Field -contains 'http-header' }
        Clear-AoTestRequestLog $b
        $again = New-AoEcsApp @spec -TestTrafficHeader ''
        $again.TestTrafficHeader | Should -BeNullOrEmpty
        $log = @(Get-AoTestRequestLog $b | Where-Object Mutating)
        $update = [array]::FindIndex([object[]]$log, [Predicate[object]] { param($r) $r.Operation -eq 'UpdateService' })
        $delete = [array]::FindIndex([object[]]$log, [Predicate[object]] { param($r) $r.Operation -eq 'DeleteRule' })
        $update | Should -BeGreaterThan -1
        $delete | Should -BeGreaterThan $update
        (Get-Rules $app | Where-Object RuleArn -eq $test.RuleArn) | Should -BeNullOrEmpty
        (Get-Service $app).loadBalancers[0].advancedConfiguration.testListenerRule | Should -BeNullOrEmpty
    }

    It 'a header rule of the user''s own, forwarding to the app''s target group, is not taken for the app''s test rule' {
        $production = Get-Rules $app | Where-Object { -not ($_.Conditions.Field -contains 'http-header') }
        $listener = (Invoke-AoTestAws $b elbv2 describe-rules --rule-arns $production.RuleArn).Rules[0].RuleArn -replace ':listener-rule/', ':listener/' -replace '/[^/]+$', ''
        $first = (Get-TargetGroup "aotech-$app-tg").TargetGroupArn
        $conditions = ConvertTo-Json -Depth 6 -Compress @(
            @{ Field = 'host-header'; HostHeaderConfig = @{ Values = @("www.$zone") } },
            @{ Field = 'http-header'; HttpHeaderConfig = @{ HttpHeaderName = 'X-Mine'; Values = @('1') } })
        # The app has no test rule now: with a header alone to go by, this one would be taken for it and deleted.
        $mine = (Invoke-AoTestAws $b elbv2 create-rule --listener-arn $listener --priority 1 --conditions $conditions --actions "Type=forward,TargetGroupArn=$first").Rules[0]
        Clear-AoTestRequestLog $b
        $again = New-AoEcsApp @spec -TestTrafficHeader ''
        Get-Mutating | Should -BeNullOrEmpty
        $again.TestTrafficHeader | Should -BeNullOrEmpty
        $kept = (Invoke-AoTestAws $b elbv2 describe-rules --rule-arns $mine.RuleArn).Rules[0]
        ($kept.Conditions | Where-Object Field -eq 'http-header').HttpHeaderConfig.HttpHeaderName | Should -Be 'X-Mine'
        $null = New-AoEcsApp @spec
        (Get-Service $app).loadBalancers[0].advancedConfiguration.testListenerRule | Should -BeNullOrEmpty
        $null = Invoke-AoTestAws $b elbv2 delete-rule --rule-arn $mine.RuleArn
    }

    It 'Remove-AoEcsApp removes the alternate target group and the role with the rest' {
        Clear-AoTestRequestLog $b
        Remove-AoEcsApp -Name $app -Confirm:$false @common
        # The deployment role goes last, once the service is gone: ECS drains the service through it.
        $log = @(Get-AoTestRequestLog $b | Where-Object Caller -eq 'Remove-AoEcsApp')
        $lastRole = [array]::FindLastIndex([object[]]$log, [Predicate[object]] { param($r) $r.Operation -eq 'DeleteRole' })
        $serviceGone = [array]::FindLastIndex([object[]]$log, [Predicate[object]] { param($r) $r.Operation -eq 'DescribeServices' })
        $serviceGone | Should -BeGreaterThan -1
        $lastRole | Should -BeGreaterThan $serviceGone
        Get-TargetGroup "aotech-$app-tg2" | Should -BeNullOrEmpty
        Get-TargetGroup "aotech-$app-tg" | Should -BeNullOrEmpty
        Get-Role "aotech-$app-deploy" | Should -BeNullOrEmpty
    }
}

Describe 'A fixed host port' {
    It 'with too few instances for both revisions at full count is refused before any change, naming the way forward' {
        $fixed = Join-Path $TestDrive 'fixed-port.json'
        (Get-Content -Raw (New-AoTestTaskDefinitionFile (Join-Path $TestDrive 'base.json'))) -replace '"containerPort": 8080 }', '"containerPort": 8080, "hostPort": 8080 }' |
            Set-Content -Path $fixed -Encoding utf8NoBOM
        $name = 'fx' + [guid]::NewGuid().ToString('N').Substring(0, 6)
        Clear-AoTestRequestLog $b
        $err = $null
        try {
            New-AoEcsApp -Name $name -DomainName "fx.$zone" -TaskDefinitionPath $fixed -Network Public -DesiredCount 3 -MaxSize 4 `
                -DeploymentStrategy BlueGreen -ErrorAction Stop @common
        }
        catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'FixedHostPortCapacity,*'
        $err.Exception.Message | Should -Match 'hostPort 0'
        $err.Exception.Message | Should -Match '-MaxSize 6'
        Get-Mutating | Should -BeNullOrEmpty
    }
}

Describe 'Set-AoEcsApp switches the strategy' {
    BeforeAll {
        $script:app = 'sw' + [guid]::NewGuid().ToString('N').Substring(0, 6)
        $script:spec = @{ Name = $app; DomainName = "sw.$zone"; TaskDefinitionPath = $taskdef; Network = 'Public' } + $common
        $null = New-AoEcsApp @spec
    }
    AfterAll {
        Remove-AoEcsApp -Name $app -Confirm:$false @common
    }

    It 'a new app is Rolling, with nothing of the blue/green family' {
        (Get-Service $app).deploymentConfiguration.strategy | Should -BeIn @($null, 'ROLLING')
        Get-TargetGroup "aotech-$app-tg2" | Should -BeNullOrEmpty
        (Get-AoEcsApp -Name $app @common).DeploymentStrategy | Should -Be 'Rolling'
    }

    It 'a strategy switch while a service deployment is in progress is refused before any change, naming Wait- and Stop-AoDeployment' {
        # Tasks that take a while to start keep the deployment IN_PROGRESS for the length of this test.
        $null = Set-AoTestServiceDeployments $b -TaskStart 5
        try {
            $null = Invoke-AoTestAws $b -ThroughLayer ecs update-service --cluster "aotech-$app" --service "aotech-$app" --force-new-deployment
            Clear-AoTestRequestLog $b
            $err = $null
            try { Set-AoEcsApp -Name $app -DeploymentStrategy Canary -CanaryPercent 10 -ErrorAction Stop @common } catch { $err = $_ }
            $err.FullyQualifiedErrorId | Should -BeLike 'StrategySwitchDuringDeployment,*'
            $err.Exception.Message | Should -Match 'Wait-AoDeployment'
            $err.Exception.Message | Should -Match 'Stop-AoDeployment'
            Get-Mutating | Should -BeNullOrEmpty
            # Settings of the same strategy are not a switch.
            { New-AoEcsApp @spec -DeploymentStrategy Rolling -ErrorAction Stop } | Should -Not -Throw
        }
        finally {
            $null = Set-AoTestServiceDeployments $b -TaskStart 0.2
            $null = Wait-AoDeployment -Name $app -Timeout 60 @common -ErrorAction SilentlyContinue
        }
    }

    It 'Rolling -> Canary: -WhatIf lists what it makes and changes nothing; then it is made' {
        Clear-AoTestRequestLog $b
        $out = Get-AoTestWhatIfText (@{ Name = $app; DeploymentStrategy = 'Canary'; CanaryPercent = 10; CanaryBakeTime = 2 } + $common) `
            (Join-Path $TestDrive 'set-whatif.txt') -Command 'Set-AoEcsApp'
        $out | Should -Match "aotech-$app-tg2"
        $out | Should -Match "aotech-$app-deploy"
        Get-Mutating | Should -BeNullOrEmpty

        $set = Set-AoEcsApp -Name $app -DeploymentStrategy Canary -CanaryPercent 10 -CanaryBakeTime 2 @common
        $set.DeploymentStrategy | Should -Be 'Canary'
        $set.CanaryPercent | Should -Be 10
        $set.Changes | Should -Contain "Created target group aotech-$app-tg2"
        $service = Get-Service $app
        $service.deploymentConfiguration.strategy | Should -Be 'CANARY'
        $service.deploymentConfiguration.canaryConfiguration.canaryPercent | Should -Be 10
        $service.deploymentConfiguration.canaryConfiguration.canaryBakeTimeInMinutes | Should -Be 2
        $service.deploymentConfiguration.deploymentCircuitBreaker.rollback | Should -BeTrue
        $service.loadBalancers[0].advancedConfiguration.alternateTargetGroupArn | Should -Be (Get-TargetGroup "aotech-$app-tg2").TargetGroupArn
        # The task definition and the count stay as they are.
        $service.desiredCount | Should -Be 2
    }

    It 'a repeat makes no mutating call, and New-AoEcsApp without the parameters keeps the strategy' {
        Clear-AoTestRequestLog $b
        $null = Set-AoEcsApp -Name $app -DeploymentStrategy Canary -CanaryPercent 10 @common -WarningAction SilentlyContinue
        $again = New-AoEcsApp @spec
        Get-Mutating | Should -BeNullOrEmpty
        $again.DeploymentStrategy | Should -Be 'Canary'
        (Get-Service $app).deploymentConfiguration.strategy | Should -Be 'CANARY'
    }

    It 'Canary -> Linear changes the deployment configuration alone, the resources staying as they are' {
        $set = Set-AoEcsApp -Name $app -DeploymentStrategy Linear -LinearStepPercent 50 @common
        $set.DeploymentStrategy | Should -Be 'Linear'
        $set.Changes | Should -HaveCount 1
        $set.Changes[0] | Should -Match 'deployment strategy CANARY -> LINEAR'
        $configuration = (Get-Service $app).deploymentConfiguration
        $configuration.strategy | Should -Be 'LINEAR'
        $configuration.linearConfiguration.stepPercent | Should -Be 50
    }

    It 'request-count auto scaling on the Linear app is refused before any change' {
        Clear-AoTestRequestLog $b
        { Set-AoEcsApp -Name $app -MaxCount 4 -TargetRequestsPerTask 100 -ErrorAction Stop @common } | Should -Throw -ErrorId 'RequestScalingWithBlueGreen*'
        Get-Mutating | Should -BeNullOrEmpty
    }

    It 'scaling with a strategy setting refused on the app''s strategy changes nothing (the strategy is checked first)' {
        Clear-AoTestRequestLog $b
        { Set-AoEcsApp -Name $app -DesiredCount 3 -CanaryPercent 10 -ErrorAction Stop @common } | Should -Throw -ErrorId 'StrategyOptionMismatch*'
        Get-Mutating | Should -BeNullOrEmpty
        (Get-Service $app).desiredCount | Should -Be 2
    }

    It 'a canary setting with Linear is refused before any call' {
        Clear-AoTestRequestLog $b
        { Set-AoEcsApp -Name $app -DeploymentStrategy Linear -CanaryPercent 10 -ErrorAction Stop @common } |
            Should -Throw -ErrorId 'StrategyOptionMismatch*'
        @(Get-AoTestRequestLog $b).Count | Should -Be 0
    }

    It 'Canary -> Rolling: the service goes back to rolling; both target groups stay' {
        $set = Set-AoEcsApp -Name $app -DeploymentStrategy Rolling @common
        $set.DeploymentStrategy | Should -Be 'Rolling'
        $service = Get-Service $app
        $service.deploymentConfiguration.strategy | Should -Be 'ROLLING'
        $service.deploymentConfiguration.deploymentCircuitBreaker.rollback | Should -BeTrue
        $service.loadBalancers[0].advancedConfiguration | Should -BeNullOrEmpty
        Get-TargetGroup "aotech-$app-tg2" | Should -Not -BeNullOrEmpty
        Clear-AoTestRequestLog $b
        $null = New-AoEcsApp @spec
        Get-Mutating | Should -BeNullOrEmpty
    }

    It 'back on Rolling, a health-check change reaches both target groups' {
        $null = New-AoEcsApp @spec -HealthCheckPath '/ready'
        (Get-TargetGroup "aotech-$app-tg").HealthCheckPath | Should -Be '/ready'
        (Get-TargetGroup "aotech-$app-tg2").HealthCheckPath | Should -Be '/ready'
        $null = New-AoEcsApp @spec
        (Get-TargetGroup "aotech-$app-tg2").HealthCheckPath | Should -Be (Get-TargetGroup "aotech-$app-tg").HealthCheckPath
    }

    It 'a blue/green-family strategy on an app that scales on requests is refused before any change' {
        $null = Set-AoEcsApp -Name $app -MaxCount 4 -TargetRequestsPerTask 100 @common
        Clear-AoTestRequestLog $b
        { Set-AoEcsApp -Name $app -DeploymentStrategy BlueGreen -ErrorAction Stop @common } | Should -Throw -ErrorId 'RequestScalingWithBlueGreen*'
        { New-AoEcsApp @spec -DeploymentStrategy Canary -ErrorAction Stop } | Should -Throw -ErrorId 'RequestScalingWithBlueGreen*'
        Get-Mutating | Should -BeNullOrEmpty
        $null = Set-AoEcsApp -Name $app -NoAutoScaling @common
    }
}

Describe 'Apps with a blue/green-family strategy on a shared endpoint' {
    BeforeAll {
        $script:endpoint = 'ep' + [guid]::NewGuid().ToString('N').Substring(0, 6)
        # Two apps on one host: each has its own rule and its own two target groups there.
        $script:site = @{ Name = 's' + [guid]::NewGuid().ToString('N').Substring(0, 6); DomainName = "shop.$zone" }
        $script:api = @{ Name = 'a' + [guid]::NewGuid().ToString('N').Substring(0, 6); DomainName = "shop.$zone"; PathPattern = '/api/*' }
        function script:Deploy([hashtable]$App, [hashtable]$More = @{}) {
            New-AoEcsApp @App -TaskDefinitionPath $taskdef -Endpoint $endpoint -Network Public -DesiredCount 1 @More @common
        }
        $null = Deploy $site @{ DeploymentStrategy = 'Linear'; LinearStepPercent = 25 }
        $null = Deploy $api @{ DeploymentStrategy = 'BlueGreen'; TestTrafficHeader = 'X-Api-Test: 1' }
        $lb = (Invoke-AoTestAws $b elbv2 describe-load-balancers --names "aotech-$endpoint-alb").LoadBalancers[0].LoadBalancerArn
        $script:listener = ((Invoke-AoTestAws $b elbv2 describe-listeners --load-balancer-arn $lb).Listeners | Where-Object Port -eq 443).ListenerArn
        function script:Get-EndpointRules { @((Invoke-AoTestAws $b elbv2 describe-rules --listener-arn $listener).Rules | Where-Object { -not $_.IsDefault }) }
    }
    AfterAll {
        foreach ($name in $api.Name, $site.Name) { Remove-AoEcsApp -Name $name -Confirm:$false @common }
    }

    It 'each app''s service names its own production rule and alternate target group' {
        foreach ($name in $site.Name, $api.Name) {
            $advanced = (Get-Service $name $endpoint).loadBalancers[0].advancedConfiguration
            $advanced.alternateTargetGroupArn | Should -Be (Get-TargetGroup "aotech-$name-tg2").TargetGroupArn
            $rule = Get-EndpointRules | Where-Object RuleArn -eq $advanced.productionListenerRule
            $weights = Get-Forwards $rule
            $weights[(Get-TargetGroup "aotech-$name-tg").TargetGroupArn] | Should -Be 100
            $weights[$advanced.alternateTargetGroupArn] | Should -Be 0
        }
        # The api's test rule comes before its production rule; the site has none.
        $apiAdvanced = (Get-Service $api.Name $endpoint).loadBalancers[0].advancedConfiguration
        $rules = Get-EndpointRules
        [int]($rules | Where-Object RuleArn -eq $apiAdvanced.testListenerRule).Priority |
            Should -BeLessThan ([int]($rules | Where-Object RuleArn -eq $apiAdvanced.productionListenerRule).Priority)
        (Get-Service $site.Name $endpoint).loadBalancers[0].advancedConfiguration.testListenerRule | Should -BeNullOrEmpty
    }

    It 'a re-run after ECS weighted one app''s rule between its target groups changes nothing' {
        $advanced = (Get-Service $site.Name $endpoint).loadBalancers[0].advancedConfiguration
        $blue = (Get-TargetGroup "aotech-$($site.Name)-tg").TargetGroupArn
        $green = $advanced.alternateTargetGroupArn
        $forward = @{ Type = 'forward'; ForwardConfig = @{ TargetGroups = @(@{ TargetGroupArn = $blue; Weight = 75 }, @{ TargetGroupArn = $green; Weight = 25 }) } }
        $null = Invoke-AoTestAws $b elbv2 modify-rule --rule-arn $advanced.productionListenerRule --actions (ConvertTo-Json @($forward) -Depth 6 -Compress)
        Clear-AoTestRequestLog $b
        $null = Deploy $site
        $null = Deploy $api
        Get-Mutating | Should -BeNullOrEmpty
        $weights = (Get-EndpointRules | Where-Object RuleArn -eq $advanced.productionListenerRule).Actions[0].ForwardConfig.TargetGroups
        ($weights | Where-Object TargetGroupArn -eq $green).Weight | Should -Be 25
    }
}
