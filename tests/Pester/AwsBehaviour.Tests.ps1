# Issue 11: the whole lifecycle in a fresh account with every documented AWS behaviour on (tests/AwsBehaviour.Catalogue.md),
# then again with fault injection on top: New-AoEcsApp, a rollout, Set-AoEcsApp, Remove-AoEcsApp, and New-AoEcsApp
# again with the same name. Resources are counted straight in moto (tests/tools/aws_inventory.py), never through the
# proxy: nothing duplicated, nothing left after the final Remove-AoEcsApp.
BeforeAll {
    Import-Module $env:AOTECH_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AoEcsApp.TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'RolloutTestApp.psm1') -Force
    $script:b = Start-AoTestBackend -MotoEnvironment @{ MOTO_ACM_VALIDATION_WAIT = '1'; MOTO_ECS_SERVICE_RUNNING = '2' }
    $script:Behaviour = $env:AOTECH_TEST_AWS_BEHAVIOUR -ne 'off'
    $script:Inventory = Join-Path $PSScriptRoot '../tools/aws_inventory.py'
    $script:Python = (Get-Command python3 -CommandType Application | Select-Object -First 1).Source
    $script:TaskDef = New-AoTestTaskDefinitionFile (Join-Path $TestDrive 'taskdef.json')
    $script:Aws = @{ EndpointUrl = $b.EndpointUrl; Region = 'us-east-1' }

    function script:Get-AppInventory([string]$App, [string]$Domain) {
        $json = & $Python $Inventory --endpoint $b.UpstreamUrl --app $App --domain $Domain
        if ($LASTEXITCODE -ne 0) { throw "aws_inventory.py failed ($LASTEXITCODE)" }
        $h = [ordered]@{}
        foreach ($p in ($json | ConvertFrom-Json).PSObject.Properties) { $h[$p.Name] = [int]$p.Value }
        $h
    }

    # A blue/green-family service's load balancer resources (the last Describe): one load balancer with a production rule (host)
    # and a test rule (header + host), the service's two target groups, a third one and an ip one, a role ECS may assume and
    # one it may not, made straight in moto as the stack would have made them. Only the ECS calls go through the layer.
    function script:New-LoadBalancerResources([string]$Name, [string]$Cidr) {
        $vpc = (Invoke-AoTestAws $b ec2 create-vpc --cidr-block "$Cidr.0.0/16").Vpc.VpcId
        $subnets = foreach ($zone in 'a', 'b') { (Invoke-AoTestAws $b ec2 create-subnet --vpc-id $vpc --cidr-block "$Cidr.$([int][char]$zone).0/24" --availability-zone "us-east-1$zone").Subnet.SubnetId }
        $lb = (Invoke-AoTestAws $b elbv2 create-load-balancer --name "$Name-lb" --subnets @subnets).LoadBalancers[0].LoadBalancerArn
        $r = [ordered]@{ Name = $Name }
        foreach ($tg in @(@('Blue', 'instance'), @('Green', 'instance'), @('Other', 'instance'), @('Ip', 'ip'))) {
            $r[$tg[0]] = (Invoke-AoTestAws $b elbv2 create-target-group --name "$Name-$($tg[0].ToLower())" --protocol HTTP --port 80 --vpc-id $vpc --target-type $tg[1]).TargetGroups[0].TargetGroupArn
        }
        $r.Listener = $listener = (Invoke-AoTestAws $b elbv2 create-listener --load-balancer-arn $lb --protocol HTTP --port 80 `
                --default-actions 'Type=fixed-response,FixedResponseConfig={StatusCode=404}').Listeners[0].ListenerArn
        $r.Production = (Invoke-AoTestAws $b elbv2 create-rule --listener-arn $listener --priority 20 --conditions "Field=host-header,Values=$Name.example" `
                --actions "Type=forward,TargetGroupArn=$($r.Blue)").Rules[0].RuleArn
        $r.Test = (Invoke-AoTestAws $b elbv2 create-rule --listener-arn $listener --priority 10 `
                --conditions "Field=http-header,HttpHeaderConfig={HttpHeaderName=X-Test,Values=[1]}" "Field=host-header,Values=$Name.example" `
                --actions "Type=forward,TargetGroupArn=$($r.Blue)").Rules[0].RuleArn
        $r.Stranger = (Invoke-AoTestAws $b elbv2 create-rule --listener-arn $listener --priority 30 --conditions "Field=host-header,Values=other.$Name.example" `
                --actions "Type=forward,TargetGroupArn=$($r.Other)").Rules[0].RuleArn
        foreach ($role in @(@('Role', 'ecs.amazonaws.com'), @('Ec2Role', 'ec2.amazonaws.com'))) {
            $trust = @{ Version = '2012-10-17'; Statement = @(@{ Effect = 'Allow'; Principal = @{ Service = $role[1] }; Action = 'sts:AssumeRole' }) } | ConvertTo-Json -Depth 5 -Compress
            $r[$role[0]] = (Invoke-AoTestAws $b iam create-role --role-name "$Name-$($role[0].ToLower())" --assume-role-policy-document $trust).Role.Arn
        }
        $containers = '[{"name":"web","image":"nginx:1.27","memory":128,"portMappings":[{"containerPort":80,"hostPort":0}]}]'
        $r.TaskDefinition = (Invoke-AoTestAws $b ecs register-task-definition --family "aotech-$Name" --network-mode bridge --container-definitions $containers).taskDefinition.taskDefinitionArn
        [pscustomobject]$r
    }
    function script:ConvertTo-LoadBalancers($r, [hashtable]$Advanced, [string]$TargetGroup) {
        $lb = @{ targetGroupArn = $(if ($TargetGroup) { $TargetGroup } else { $r.Blue }); containerName = 'web'; containerPort = 80 }
        if ($Advanced) { $lb.advancedConfiguration = $Advanced }
        ConvertTo-Json @($lb) -Depth 5 -Compress
    }
    function script:New-BothGroupsRule([int]$Priority, [int]$GreenWeight = 0) {
        $action = ConvertTo-Json -Depth 6 -Compress @(@{ Type = 'forward'; ForwardConfig = @{ TargetGroups = @(
                        @{ TargetGroupArn = $R.Blue; Weight = 100 - $GreenWeight }, @{ TargetGroupArn = $R.Green; Weight = $GreenWeight }) } })
        (Invoke-AoTestAws $b elbv2 create-rule --listener-arn $R.Listener --priority $Priority --conditions "Field=path-pattern,Values=/t$Priority/*" `
            --actions $action).Rules[0].RuleArn
    }
    function script:Get-Forward([string]$Rule) {
        <# Where the rule forwards: target group name -> weight (DescribeRules through the layer: up to date). #>
        $action = (Invoke-AoTestAws $b -ThroughLayer elbv2 describe-rules --rule-arns $Rule).Rules[0].Actions[0]
        $out = @{}
        if ($action.PSObject.Properties['ForwardConfig']) { foreach ($g in $action.ForwardConfig.TargetGroups) { $out[($g.TargetGroupArn -split '/')[1]] = [int]$g.Weight } }
        else { $out[($action.TargetGroupArn -split '/')[1]] = 100 }
        $out
    }

    function script:Invoke-Lifecycle([string]$App, [string]$Zone, [switch]$CountAfterCreate) {
        <# The lifecycle of issue 11; returns what each step gave and what the account held along the way. #>
        $domain = "www.$Zone"
        $r = [ordered]@{}
        $r.Created = @(New-AoEcsApp -Name $App -DomainName $domain -TaskDefinitionPath $TaskDef @Aws)[-1]
        # Counting takes a while (every kind of resource, listed in moto): once, in the run without faults.
        if ($CountAfterCreate) { $script:AfterCreate = Get-AppInventory $App $domain }
        $r.Deployed = @(Update-AoTaskDefinition -Name $App -Image @{ web = 'nginx:1.28' } -Deploy @Aws | Wait-AoDeployment @Aws)[-1]
        $r.Scaled = Set-AoEcsApp -Name $App -DesiredCount 3 -MaxSize 5 -Confirm:$false @Aws
        # Another instance type (as a new AMI would): a new launch template version, and an instance refresh replaces the
        # instances (issue 14).
        $r.Refreshed = @(New-AoEcsApp -Name $App -DomainName $domain -TaskDefinitionPath $TaskDef -InstanceType t3.medium -DesiredCount 3 -MaxSize 5 @Aws)[-1]
        Remove-AoEcsApp -Name $App -Confirm:$false @Aws
        $r.Removed = @(Get-AoEcsApp -Name $App @Aws -ErrorAction SilentlyContinue)
        # Right away, with the same name: nothing the removal left (a capacity provider still being deleted, a
        # certificate token ACM remembers for an hour) may stand in the way. (Without the layer moto answers that
        # certificate request with HTTP 500, a fault of its own: the step needs the layer.)
        if ($Behaviour) {
            $r.Again = @(New-AoEcsApp -Name $App -DomainName $domain -TaskDefinitionPath $TaskDef @Aws)[-1]
            $r.AfterAgain = Get-AppInventory $App $domain
            Remove-AoEcsApp -Name $App -Confirm:$false @Aws
        }
        $r.Left = Get-AppInventory $App $domain
        [pscustomobject]$r
    }

    function script:Assert-Lifecycle($r, [string]$App) {
        $r.Created.Name | Should -Be $App
        $AfterCreate['vpc'] | Should -Be 1
        $AfterCreate['capacity provider'] | Should -Be 1
        $AfterCreate['certificate'] | Should -Be 1
        $r.Deployed.RolloutState | Should -Be 'COMPLETED'
        $r.Scaled.DesiredCount | Should -Be 3
        $r.Refreshed.Changes -join "`n" | Should -Match 'Started instance refresh|Instance refresh of \S+ already under way'
        $r.Removed | Should -BeNullOrEmpty
        if ($Behaviour) {
            $r.Again.Name | Should -Be $App
            $r.Again.CertificateStatus | Should -Be 'ISSUED'
            # The second New-AoEcsApp built exactly what the first did: nothing the first removal left was adopted or
            # duplicated, nothing is missing.
            ($r.AfterAgain.GetEnumerator() | Where-Object Key -ne 'task definition' | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join ', ' |
                Should -Be (($AfterCreate.GetEnumerator() | Where-Object Key -ne 'task definition' | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join ', ')
        }
        @($r.Left.Keys) | Should -BeNullOrEmpty -Because "Remove-AoEcsApp leaves nothing ($(($r.Left.GetEnumerator() | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join ', '))"
    }
}

AfterAll { if ($script:b) { Stop-AoTestBackend $script:b } }

Describe 'A fresh account, every documented AWS behaviour on' {
    It 'New-AoEcsApp, a rollout, Set-AoEcsApp, Remove-AoEcsApp and New-AoEcsApp again with the same name' {
        Reset-AoTestBackend $b
        $zone = 'fresh' + [guid]::NewGuid().ToString('N').Substring(0, 6) + '.example'
        $null = New-AoTestHostedZone $b $zone
        $r = Invoke-Lifecycle 'life' $zone -CountAfterCreate
        Assert-Lifecycle $r 'life'
        $calls = @(Get-AoTestRequestLog $b)
        # The account had no ECS service-linked role: it was created once, and never asked for again.
        @($calls | Where-Object Operation -eq 'CreateServiceLinkedRole').Count | Should -Be 1
        # Ready only once Route 53 said INSYNC.
        @($calls | Where-Object Operation -eq 'GET /2013-04-01/change/{Id}').Count | Should -BeGreaterThan 0
        if ($Behaviour) {
            # Every behaviour of the catalogue acted at least once along the way: the run met each of them.
            $acted = (Get-AoTestBehaviour $b).Acted
            # vpcEndpoints needs -Egress VpcEndpoints: Network.Tests.ps1 meets it. loadBalancerResources refuses what a
            # blue/green-family service's resources lack: the tests below meet it (this app rolls out ROLLING).
            foreach ($name in $acted.Keys | Where-Object { $_ -notin 'vpcEndpoints', 'loadBalancerResources' }) { $acted[$name] | Should -BeGreaterThan 0 -Because "the lifecycle meets $name" }
            @($calls | Where-Object Behaviour).Count | Should -BeGreaterThan 10
        }
    }
}

Describe 'A fresh account, every documented AWS behaviour on, and faults on top' {
    It 'the same lifecycle with <Rate> of calls failing transiently and the first answer of each create lost (seed <Seed>)' -ForEach @(
        @{ Rate = 0.1; Seed = 21 }
    ) {
        Reset-AoTestBackend $b
        $zone = 'faults' + [guid]::NewGuid().ToString('N').Substring(0, 6) + '.example'
        $null = New-AoTestHostedZone $b $zone
        # Throttles, 5xx and dropped connections on any call, and lost answers of the creates without a client token: the
        # behaviour layer and the faults act on the same calls (a failed call never reaches "AWS"; a lost one does).
        $null = Set-AoTestFault $b -Rate $Rate -Kind throttle, 500, 503, drop -Seed $Seed -LoseFirst CreateVpc, CreateSubnet,
            CreateInternetGateway, CreateRouteTable, CreateSecurityGroup, CreateServiceLinkedRole, RequestCertificate, CreateCapacityProvider,
            AllocateAddress
        try { $r = Invoke-Lifecycle 'lifef' $zone }
        finally {
            $faults = Get-AoTestFaultState $b
            $null = Set-AoTestFault $b
        }
        Assert-Lifecycle $r 'lifef'
        $faults.Injected | Should -BeGreaterThan 0
        if ($Behaviour) {
            $acted = (Get-AoTestBehaviour $b).Acted
            foreach ($name in 'serviceLinkedRole', 'iamPropagation', 'ec2Visibility', 'capacityProviderDelete', 'natGateway') {
                $acted[$name] | Should -BeGreaterThan 0 -Because "the faulty lifecycle still meets $name"
            }
        }
        Write-Host "faults injected: $($faults.Injected) ($(($faults.InjectedByKind.GetEnumerator() | Sort-Object Key | ForEach-Object { "$($_.Key) $($_.Value)" }) -join ', '))"
    }
}

Describe 'The layer: a certificate a listener lets go of' {
    # An endpoint's last app deletes the HTTPS listener and keeps the load balancer; an app leaving a shared listener
    # takes its certificate off with RemoveListenerCertificates. ACM then holds the certificate for a while, then lets it go.
    BeforeAll {
        $script:window = 3
        if ($Behaviour) { $null = Set-AoTestBehaviour $b -Windows @{ certificateInUse = $window } }
        function script:Remove-Certificate([string]$Arn) {
            # Until ACM lets go of it, at most twice the window: $true once it is deleted, and whether it was refused first.
            $refused = $false
            $until = [DateTime]::UtcNow.AddSeconds(2 * $window)
            while ([DateTime]::UtcNow -lt $until) {
                if (Invoke-AoTestAws $b -ThroughLayer -AllowFailure acm delete-certificate --certificate-arn $Arn) { return [pscustomobject]@{ Deleted = $true; RefusedFirst = $refused } }
                $refused = $true
                Start-Sleep -Milliseconds 500
            }
            [pscustomobject]@{ Deleted = $false; RefusedFirst = $refused }
        }
    }
    AfterAll { if ($Behaviour) { $null = Set-AoTestBehaviour $b -Windows @{ certificateInUse = 1 } } }

    It 'stays in use for a window after RemoveListenerCertificates and after DeleteListener, then goes' -Skip:($env:AOTECH_TEST_AWS_BEHAVIOUR -eq 'off') {
        $vpc = (Invoke-AoTestAws $b ec2 create-vpc --cidr-block 10.9.0.0/16).Vpc.VpcId
        $subnets = foreach ($zone in 'a', 'b') { (Invoke-AoTestAws $b ec2 create-subnet --vpc-id $vpc --cidr-block "10.9.$([int][char]$zone).0/24" --availability-zone "us-east-1$zone").Subnet.SubnetId }
        $lb = (Invoke-AoTestAws $b -ThroughLayer elbv2 create-load-balancer --name layer-cert-lb --subnets @subnets).LoadBalancers[0].LoadBalancerArn
        $default, $sni = foreach ($name in 'default', 'sni') { (Invoke-AoTestAws $b acm request-certificate --domain-name "$name.layer.example" --validation-method DNS).CertificateArn }
        $listener = (Invoke-AoTestAws $b -ThroughLayer elbv2 create-listener --load-balancer-arn $lb --protocol HTTPS --port 443 --certificates "CertificateArn=$default" `
                --default-actions 'Type=fixed-response,FixedResponseConfig={StatusCode=404}').Listeners[0].ListenerArn
        $null = Invoke-AoTestAws $b -ThroughLayer elbv2 add-listener-certificates --listener-arn $listener --certificates "CertificateArn=$sni"
        # -AllowFailure answers $null for a refused call (an accepted one: an empty object).
        $null -eq (Invoke-AoTestAws $b -ThroughLayer -AllowFailure acm delete-certificate --certificate-arn $sni) | Should -BeTrue -Because 'the listener serves it'

        $null = Invoke-AoTestAws $b -ThroughLayer elbv2 remove-listener-certificates --listener-arn $listener --certificates "CertificateArn=$sni"
        $removed = Remove-Certificate $sni
        $removed.Deleted | Should -BeTrue -Because 'ACM lets go of it once the window has passed'
        $removed.RefusedFirst | Should -BeTrue -Because 'ACM holds it for a window after the listener let go of it'

        $null = Invoke-AoTestAws $b -ThroughLayer elbv2 delete-listener --listener-arn $listener
        $removed = Remove-Certificate $default
        $removed.Deleted | Should -BeTrue -Because 'a deleted listener holds no certificate once the window has passed, though its load balancer stays'
        $removed.RefusedFirst | Should -BeTrue
        $null = Invoke-AoTestAws $b -ThroughLayer elbv2 delete-load-balancer --load-balancer-arn $lb
    }
}

Describe 'The layer: a blue/green-family service with a load balancer' -Skip:($env:AOTECH_TEST_AWS_BEHAVIOUR -eq 'off') {
    BeforeAll {
        Reset-AoTestBackend $b
        # The model of service deployments moves the traffic (the second context); the checks do not need it.
        $null = Invoke-RestMethod -Method Put -Uri "$($b.EndpointUrl)/__aotech/ecs-deployments" -Body '{"enabled": true}' -ContentType 'application/json'
        $script:R = New-LoadBalancerResources 'lbr' '10.21'
        # The cluster through the layer: ECS makes its service-linked role, which a service with a load balancer needs.
        $null = Invoke-AoTestAws $b -ThroughLayer ecs create-cluster --cluster-name "aotech-$($R.Name)"
        Start-Sleep -Seconds 1
        $script:Valid = @{ alternateTargetGroupArn = $R.Green; productionListenerRule = $R.Production; testListenerRule = $R.Test; roleArn = $R.Role }
        function script:New-Service([string]$Service, [string]$Configuration, [string]$LoadBalancers) {
            $call = @('ecs', 'create-service', '--cluster', "aotech-$($R.Name)", '--service-name', $Service, '--task-definition', $R.TaskDefinition,
                '--desired-count', '1', '--deployment-configuration', $Configuration)
            if ($LoadBalancers) { $call += @('--load-balancers', $LoadBalancers) }
            Invoke-AoTestAws $b -ThroughLayer @call
        }
    }
    AfterAll { $null = Invoke-RestMethod -Method Put -Uri "$($b.EndpointUrl)/__aotech/ecs-deployments" -Body '{"enabled": false}' -ContentType 'application/json' }

    Context 'what ECS checks of its resources (loadBalancerResources)' {
        It 'CreateService with <Strategy> is refused when <Case>, and nothing is created' -ForEach @(
            @{ Case = 'advancedConfiguration lacks the role'; Strategy = 'BLUE_GREEN'; Change = @{ roleArn = $null }; Match = 'advancedConfiguration with roleArn is required for the BLUE_GREEN' }
            @{ Case = 'there is no advancedConfiguration'; Strategy = 'CANARY'; Change = 'none'; Match = 'alternateTargetGroupArn, productionListenerRule, roleArn is required for the CANARY' }
            @{ Case = 'the alternate target group is the primary one'; Strategy = 'LINEAR'; Change = @{ alternateTargetGroupArn = 'Blue' }; Match = 'must differ from the targetGroupArn' }
            @{ Case = 'the alternate target group does not exist'; Strategy = 'BLUE_GREEN'; Change = @{ alternateTargetGroupArn = 'Missing' }; Match = 'The target group \S+ does not exist' }
            @{ Case = 'the production rule forwards to another target group'; Strategy = 'BLUE_GREEN'; Change = @{ productionListenerRule = 'Stranger' }; Match = 'productionListenerRule \S+ forwards to \S+lbr-other\S+, which is neither' }
            @{ Case = 'the test rule does not exist'; Strategy = 'BLUE_GREEN'; Change = @{ testListenerRule = 'MissingRule' }; Match = 'The testListenerRule \S+ does not exist' }
            @{ Case = 'the role does not trust ECS'; Strategy = 'BLUE_GREEN'; Change = @{ roleArn = 'Ec2Role' }; Match = 'Unable to assume role \S+lbr-ec2role: its trust policy does not allow ecs.amazonaws.com' }
            @{ Case = 'an ip target group serves bridge-mode tasks'; Strategy = 'ROLLING'; Change = 'ip'; Match = 'has target type ip, but tasks with the bridge network mode need target type instance' }
        ) {
            $advanced = @{} + $Valid
            $primary = $null
            if ($Change -eq 'none') { $advanced = $null }
            elseif ($Change -eq 'ip') { $advanced = $null; $primary = $R.Ip }
            else {
                foreach ($k in $Change.Keys) {
                    $v = $Change[$k]
                    $advanced[$k] = if ($null -eq $v) { $null }
                    elseif ($v -eq 'Missing') { $R.Green -replace 'lbr-green', 'lbr-gone' }
                    elseif ($v -eq 'MissingRule') { $R.Test -replace '/[0-9a-f]+$', '/0000000000000000' }
                    else { $R.$v }
                }
                foreach ($k in @($advanced.Keys)) { if (-not $advanced[$k]) { $advanced.Remove($k) } }
            }
            $service = 's' + [guid]::NewGuid().ToString('N').Substring(0, 8)
            $err = { New-Service $service "{`"strategy`":`"$Strategy`"}" (ConvertTo-LoadBalancers $R $advanced $primary) } | Should -Throw -PassThru
            $err.Exception.Message | Should -Match 'InvalidParameterException'
            $err.Exception.Message | Should -Match $Match
            (Invoke-AoTestAws $b ecs describe-services --cluster "aotech-$($R.Name)" --services $service).services | Where-Object status -eq 'ACTIVE' |
                Should -BeNullOrEmpty -Because 'ECS refuses the call before it creates anything'
        }

        It 'accepts a complete blue/green service, and one without a load balancer (headless)' {
            (New-Service ('ok' + [guid]::NewGuid().ToString('N').Substring(0, 6)) '{"strategy":"BLUE_GREEN"}' (ConvertTo-LoadBalancers $R $Valid)).service.status | Should -Be 'ACTIVE'
            (New-Service ('hl' + [guid]::NewGuid().ToString('N').Substring(0, 6)) '{"strategy":"CANARY"}' $null).service.status | Should -Be 'ACTIVE'
        }

        It 'refuses a role made moments ago (iamPropagation), and takes it once IAM has caught up' {
            $trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
            $fresh = (Invoke-AoTestAws $b -ThroughLayer iam create-role --role-name "lbr-fresh" --assume-role-policy-document $trust).Role.Arn
            $advanced = @{} + $Valid
            $advanced.roleArn = $fresh
            $service = 'fr' + [guid]::NewGuid().ToString('N').Substring(0, 8)
            { New-Service $service '{"strategy":"BLUE_GREEN"}' (ConvertTo-LoadBalancers $R $advanced) } | Should -Throw '*InvalidParameterException*Unable to assume role and validate the specified targetGroupArn*'
            Start-Sleep -Seconds 1
            (New-Service $service '{"strategy":"BLUE_GREEN"}' (ConvertTo-LoadBalancers $R $advanced)).service.status | Should -Be 'ACTIVE'
        }

        It 'UpdateService checks the service as the update leaves it: BLUE_GREEN alone is refused, with the resources accepted' {
            $service = 'up' + [guid]::NewGuid().ToString('N').Substring(0, 8)
            $null = New-Service $service '{"strategy":"ROLLING"}' (ConvertTo-LoadBalancers $R $null)
            $update = @('ecs', 'update-service', '--cluster', "aotech-$($R.Name)", '--service', $service, '--deployment-configuration', '{"strategy":"BLUE_GREEN"}')
            { Invoke-AoTestAws $b -ThroughLayer @update } | Should -Throw '*InvalidParameterException*alternateTargetGroupArn, productionListenerRule, roleArn is required for the BLUE_GREEN*'
            (Invoke-AoTestAws $b -ThroughLayer @update --load-balancers (ConvertTo-LoadBalancers $R $Valid)).service.loadBalancers[0].advancedConfiguration.roleArn | Should -Be $R.Role
            # Its strategy is known now: a later update without the resources is refused again.
            { Invoke-AoTestAws $b -ThroughLayer ecs update-service --cluster "aotech-$($R.Name)" --service $service --load-balancers (ConvertTo-LoadBalancers $R $null) } |
                Should -Throw '*InvalidParameterException*is required for the BLUE_GREEN*'
            (Get-AoTestBehaviour $b).Acted['loadBalancerResources'] | Should -BeGreaterThan 0
        }
    }

    Context 'ECS moves its traffic on the listener rules (serviceDeployments)' {
        BeforeAll {
            # The service the RolloutTestApp helpers follow (cluster and service aotech-<name>), with rules of its own: the
            # services above would move the shared ones too.
            # Both target groups on the rules (blue 100, green 0), as ECS requires of them.
            $rules = foreach ($priority in 40, 41) { New-BothGroupsRule $priority }
            $script:ProductionRule, $script:TestRule = $rules
            $advanced = @{} + $Valid
            $advanced.productionListenerRule, $advanced.testListenerRule = $rules
            $null = New-Service "aotech-$($R.Name)" '{"strategy":"BLUE_GREEN","bakeTimeInMinutes":0}' (ConvertTo-LoadBalancers $R $advanced)
            $null = Wait-AoTestServiceDeployment $b $R.Name { $_.status -eq 'SUCCESSFUL' }
            function script:Start-Deployment([hashtable]$Configuration) {
                $service = @('--cluster', "aotech-$($R.Name)", '--service', "aotech-$($R.Name)")
                $null = Invoke-AoTestAws $b -ThroughLayer ecs update-service @service --deployment-configuration ($Configuration | ConvertTo-Json -Depth 5 -Compress)
                $null = Invoke-AoTestAws $b -ThroughLayer ecs update-service @service --force-new-deployment
            }
            function script:Get-LiveTargetGroup { (Get-Forward $ProductionRule).GetEnumerator() | Sort-Object Value -Descending | Select-Object -First 1 -ExpandProperty Key }
        }

        It 'a blue/green deployment leaves production and test traffic on the green target group, and the next one goes back (the roles swap)' {
            $blue = Get-LiveTargetGroup
            $blue | Should -Be 'lbr-blue' -Because 'the service starts on its primary target group'
            $green = if ($blue -eq 'lbr-blue') { 'lbr-green' } else { 'lbr-blue' }
            Start-Deployment @{ strategy = 'BLUE_GREEN'; bakeTimeInMinutes = 0 }
            $d = Wait-AoTestServiceDeployment $b $R.Name { $_.status -eq 'SUCCESSFUL' }
            $d.targetServiceRevision.requestedProductionTrafficWeight | Should -Be 100
            $production = Get-Forward $ProductionRule
            "$($production[$green])/$($production[$blue])" | Should -Be '100/0'
            (Get-Forward $TestRule)[$green] | Should -Be 100

            Start-Deployment @{ strategy = 'BLUE_GREEN'; bakeTimeInMinutes = 0 }
            $null = Wait-AoTestServiceDeployment $b $R.Name { $_.status -eq 'SUCCESSFUL' }
            $production = Get-Forward $ProductionRule
            "$($production[$blue])/$($production[$green])" | Should -Be '100/0' -Because 'the green target group of this deployment is the one the last one left'
        }

        It 'a <Strategy> deployment holds <Weight>% of production on green, as DescribeServiceDeployments says, and a rollback returns all to blue' -ForEach @(
            @{ Strategy = 'CANARY'; Weight = 20; Configuration = @{ canaryConfiguration = @{ canaryPercent = 20; canaryBakeTimeInMinutes = 30 } } }
            @{ Strategy = 'LINEAR'; Weight = 25; Configuration = @{ linearConfiguration = @{ stepPercent = 25; stepBakeTimeInMinutes = 30 } } }
        ) {
            $live = Get-LiveTargetGroup
            $green = if ($live -eq 'lbr-blue') { 'lbr-green' } else { 'lbr-blue' }
            Start-Deployment (@{ strategy = $Strategy } + $Configuration)
            # A documented minute lasts a second here: the first step holds for 30 s, far longer than this test waits.
            $d = Wait-AoTestServiceDeployment $b $R.Name { $_.lifecycleStage -eq 'PRODUCTION_TRAFFIC_SHIFT' -and $_.targetServiceRevision.requestedProductionTrafficWeight -gt 0 }
            $d.targetServiceRevision.requestedProductionTrafficWeight | Should -Be $Weight
            $production = Get-Forward $ProductionRule
            "$($production[$green])/$($production[$live])" | Should -Be "$Weight/$(100 - $Weight)"
            (Get-Forward $TestRule)[$green] | Should -Be 100 -Because 'test traffic went to green at TEST_TRAFFIC_SHIFT'

            $null = Invoke-AoTestAws $b -ThroughLayer ecs stop-service-deployment --service-deployment-arn $d.serviceDeploymentArn --stop-type ROLLBACK
            $null = Wait-AoTestServiceDeployment $b $R.Name { $_.status -eq 'ROLLBACK_SUCCESSFUL' }
            $production = Get-Forward $ProductionRule
            "$($production[$live])/$($production[$green])" | Should -Be '100/0'
            (Get-Forward $TestRule)[$live] | Should -Be 100
        }

        It 'a PAUSE hook is refused at PRODUCTION_TRAFFIC_SHIFT; one at POST_TEST_TRAFFIC_SHIFT expires after 1440 minutes with ROLLBACK by default' {
            $service = @('--cluster', "aotech-$($R.Name)", '--service', "aotech-$($R.Name)")
            $hooks = { param($stage) @{ strategy = 'BLUE_GREEN'; bakeTimeInMinutes = 0; lifecycleHooks = @(@{ targetType = 'PAUSE'; lifecycleStages = @($stage) }) } | ConvertTo-Json -Depth 5 -Compress }
            { Invoke-AoTestAws $b -ThroughLayer ecs update-service @service --deployment-configuration (& $hooks 'PRODUCTION_TRAFFIC_SHIFT') } |
                Should -Throw '*InvalidParameterException*PAUSE hooks cannot be configured at PRODUCTION_TRAFFIC_SHIFT*'
            $null = Invoke-AoTestAws $b -ThroughLayer ecs update-service @service --deployment-configuration (& $hooks 'POST_TEST_TRAFFIC_SHIFT')
            $null = Invoke-AoTestAws $b -ThroughLayer ecs update-service @service --force-new-deployment
            $d = Wait-AoTestServiceDeployment $b $R.Name { $_.lifecycleHookDetails.status -contains 'AWAITING_ACTION' }
            $hook = $d.lifecycleHookDetails[0]
            $hook.timeoutAction | Should -Be 'ROLLBACK'
            # A documented minute lasts a second here: 1440 minutes after the hook began.
            $epoch = { param($t) if ($t -as [double]) { [double]$t } else { ([DateTimeOffset]$t).ToUnixTimeMilliseconds() / 1000 } }
            (& $epoch $hook.expiresAt) - (& $epoch $d.startedAt) | Should -BeGreaterThan 1430
            $null = Invoke-AoTestAws $b -ThroughLayer ecs stop-service-deployment --service-deployment-arn $d.serviceDeploymentArn --stop-type ROLLBACK
            $null = Wait-AoTestServiceDeployment $b $R.Name { $_.status -eq 'ROLLBACK_SUCCESSFUL' }
            $null = Invoke-AoTestAws $b -ThroughLayer ecs update-service @service --deployment-configuration '{"strategy":"BLUE_GREEN","bakeTimeInMinutes":0,"lifecycleHooks":[]}'
        }

        It 'a PAUSE hook at PRE_PRODUCTION_TRAFFIC_SHIFT pauses a canary before each step; the rule holds the canary weight in between' {
            $live = Get-LiveTargetGroup
            $green = if ($live -eq 'lbr-blue') { 'lbr-green' } else { 'lbr-blue' }
            Start-Deployment @{ strategy = 'CANARY'; bakeTimeInMinutes = 0; canaryConfiguration = @{ canaryPercent = 20; canaryBakeTimeInMinutes = 1 }
                lifecycleHooks = @(@{ targetType = 'PAUSE'; lifecycleStages = @('PRE_PRODUCTION_TRAFFIC_SHIFT') }) }
            $seen = foreach ($step in 1, 2) {
                $d = Wait-AoTestServiceDeployment $b $R.Name { @($_.lifecycleHookDetails | Where-Object status -eq 'AWAITING_ACTION').Count -gt 0 }
                $production = Get-Forward $ProductionRule
                "$($d.targetServiceRevision.requestedProductionTrafficWeight)=$($production[$green])"
                $hook = @($d.lifecycleHookDetails | Where-Object status -eq 'AWAITING_ACTION')[0].hookId
                $null = Invoke-AoTestAws $b -ThroughLayer ecs continue-service-deployment --service-deployment-arn $d.serviceDeploymentArn --hook-id $hook --action CONTINUE
            }
            $seen -join ', ' | Should -Be '0=0, 20=20' -Because 'before the canary step nothing is on green; before the rest, the canary percent'
            $d = Wait-AoTestServiceDeployment $b $R.Name { $_.status -eq 'SUCCESSFUL' }
            @($d.lifecycleHookDetails).Count | Should -Be 2
            (Get-Forward $ProductionRule)[$green] | Should -Be 100
            $null = Invoke-AoTestAws $b -ThroughLayer ecs update-service --cluster "aotech-$($R.Name)" --service "aotech-$($R.Name)" `
                --deployment-configuration '{"strategy":"BLUE_GREEN","bakeTimeInMinutes":0,"lifecycleHooks":[]}'
        }

        It 'a deployment whose rules do not carry both target groups is rolled back, as ECS does, and the rules stay as they were' {
            # A rolling service behind a rule that forwards to its primary target group only, switched to BLUE_GREEN.
            $rule = (Invoke-AoTestAws $b elbv2 create-rule --listener-arn $R.Listener --priority 50 --conditions 'Field=path-pattern,Values=/one/*' `
                    --actions "Type=forward,TargetGroupArn=$($R.Blue)").Rules[0].RuleArn
            $name = 'one' + [guid]::NewGuid().ToString('N').Substring(0, 6)
            $null = Invoke-AoTestAws $b -ThroughLayer ecs create-cluster --cluster-name "aotech-$name"
            $null = Invoke-AoTestAws $b -ThroughLayer ecs create-service --cluster "aotech-$name" --service-name "aotech-$name" --task-definition $R.TaskDefinition `
                --desired-count 1 --deployment-configuration '{"strategy":"ROLLING"}' --load-balancers (ConvertTo-LoadBalancers $R $null)
            $null = Wait-AoTestServiceDeployment $b $name { $_.status -eq 'SUCCESSFUL' }
            $advanced = @{ alternateTargetGroupArn = $R.Green; productionListenerRule = $rule; roleArn = $R.Role }
            $null = Invoke-AoTestAws $b -ThroughLayer ecs update-service --cluster "aotech-$name" --service "aotech-$name" `
                --deployment-configuration '{"strategy":"BLUE_GREEN","bakeTimeInMinutes":0}' --load-balancers (ConvertTo-LoadBalancers $R $advanced)
            $d = Wait-AoTestServiceDeployment $b $name { $_.status -eq 'ROLLBACK_SUCCESSFUL' }
            $d.rollback.reason | Should -Be ('Service deployment rolled back because of invalid networking configuration. Both targetGroup and ' +
                'alternateTargetGroup must be associated with the productionListenerRule or testListenerRule.')
            $forward = Get-Forward $rule
            "$($forward['lbr-blue'])/$($forward.Count)" | Should -Be '100/1' -Because 'ECS moves no traffic on rules it cannot use'
        }
    }
}
