# Issue 11: the whole lifecycle in a fresh account with every documented AWS behaviour on (tests/AwsBehaviour.Catalogue.md),
# then again with fault injection on top: New-AoEcsApp, a rollout, Set-AoEcsApp, Remove-AoEcsApp, and New-AoEcsApp
# again with the same name. Resources are counted straight in moto (tests/tools/aws_inventory.py), never through the
# proxy: nothing duplicated, nothing left after the final Remove-AoEcsApp.
BeforeAll {
    Import-Module $env:AOTECH_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AoEcsApp.TestSupport.psm1') -Force
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
            # vpcEndpoints needs -Egress VpcEndpoints: Network.Tests.ps1 meets it.
            foreach ($name in $acted.Keys | Where-Object { $_ -ne 'vpcEndpoints' }) { $acted[$name] | Should -BeGreaterThan 0 -Because "the lifecycle meets $name" }
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
