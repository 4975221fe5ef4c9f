# The app's network (issue 14, "Private network by default"): private instance subnets behind NAT gateways or VPC
# endpoints for a new app, -Network Public for the earlier layout, an existing app keeping its layout on a re-run, and a
# teardown that leaves no NAT gateway, Elastic IP or endpoint behind. The layer of documented AWS behaviour is on:
# NAT gateways are pending before available and deleting before deleted, endpoints deleting before deleted.
BeforeAll {
    Import-Module $env:AOTECH_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AoEcsApp.TestSupport.psm1') -Force
    $script:b = Start-AoTestBackend -MotoEnvironment @{ MOTO_ACM_VALIDATION_WAIT = '1'; MOTO_ECS_SERVICE_RUNNING = '2' }
    $script:zone = 'n' + [guid]::NewGuid().ToString('N').Substring(0, 8) + '.example'
    $script:zoneId = New-AoTestHostedZone $b $zone
    $script:taskdef = New-AoTestTaskDefinitionFile (Join-Path $TestDrive 'taskdef.json')
    $script:common = @{ EndpointUrl = $b.EndpointUrl; Region = 'us-east-1' }
    $script:BehaviourOn = $env:AOTECH_TEST_AWS_BEHAVIOUR -ne 'off'

    function script:New-AppName([string]$Prefix) { $Prefix + [guid]::NewGuid().ToString('N').Substring(0, 6) }
    function script:Get-Mutating { @(Get-AoTestRequestLog $b | Where-Object Mutating) }
    function script:Get-WhatIfText([hashtable]$Arguments) {
        $transcript = Join-Path $TestDrive 'whatif.txt'
        $null = Start-Transcript -Path $transcript -Force
        try { $null = New-AoEcsApp @Arguments -WhatIf 3>$null } finally { $null = Stop-Transcript }
        (Get-Content -Raw $transcript) -replace '\s*\r?\n\s*', ' '
    }
    # The app's network as the AWS CLI sees it.
    function script:Get-Network([string]$App) {
        $tag = "Name=tag:aotech:app,Values=$App"
        $vpc = @((Invoke-AoTestAws $b ec2 describe-vpcs --filters $tag).Vpcs)[0]
        $subnets = @((Invoke-AoTestAws $b ec2 describe-subnets --filters $tag).Subnets)
        $isPrivate = { @($_.Tags | Where-Object { $_.Key -eq 'aotech:tier' -and $_.Value -eq 'private' }).Count -gt 0 }
        $tables = @((Invoke-AoTestAws $b ec2 describe-route-tables --filters $tag).RouteTables)
        $lb = (Invoke-AoTestAws $b elbv2 describe-load-balancers --names "aotech-$App-alb").LoadBalancers[0]
        $asg = (Invoke-AoTestAws $b autoscaling describe-auto-scaling-groups --auto-scaling-group-names "aotech-$App-asg").AutoScalingGroups[0]
        $lt = (Invoke-AoTestAws $b ec2 describe-launch-template-versions --launch-template-name "aotech-$App-lt" --versions '$Latest').LaunchTemplateVersions[0]
        [pscustomobject]@{
            Vpc            = $vpc
            LayoutTag      = @($vpc.Tags | Where-Object Key -eq 'aotech:network')[0].Value
            Public         = @($subnets | Where-Object { -not (& $isPrivate) })
            Private        = @($subnets | Where-Object $isPrivate)
            PrivateTables  = @($tables | Where-Object $isPrivate)
            Nats           = @((Invoke-AoTestAws $b ec2 describe-nat-gateways --filter $tag).NatGateways | Where-Object State -ne 'deleted')
            Addresses      = @((Invoke-AoTestAws $b ec2 describe-addresses --filters $tag).Addresses)
            Endpoints      = @((Invoke-AoTestAws $b ec2 describe-vpc-endpoints --filters $tag).VpcEndpoints | Where-Object State -notin 'deleted', 'Deleted')
            LoadBalancer   = @($lb.AvailabilityZones.SubnetId)
            Instances      = @($asg.VPCZoneIdentifier -split ',')
            LaunchTemplate = $lt.LaunchTemplateData
            Version        = $lt.VersionNumber
        }
    }
    function script:Get-Left([string]$App, [string]$Domain) {
        @(Get-AoTestAppResources $b $App $zoneId $Domain | Where-Object { $_ -match '^(NAT gateway|Elastic IP|VPC endpoint|ec2 )' })
    }
}

AfterAll {
    if ($script:b) { Stop-AoTestBackend $script:b }
}

Describe 'A new app: private instance subnets behind a NAT gateway per zone' {
    BeforeAll {
        $script:app = New-AppName 'pv'
        $script:before = (Get-AoTestBehaviour $b).Acted
        $script:result = New-AoEcsApp -Name $app -DomainName "pv.$zone" -TaskDefinitionPath $taskdef @common
        $script:net = Get-Network $app
    }

    It 'puts the load balancer in the public subnets and the instances in private ones, one per zone' {
        $net.Public.Count | Should -Be 2
        $net.Private.Count | Should -Be 2
        @($net.Private.AvailabilityZone | Sort-Object) | Should -Be @($net.Public.AvailabilityZone | Sort-Object)
        @($net.Private | Where-Object MapPublicIpOnLaunch).Count | Should -Be 0
        @($net.LoadBalancer | Sort-Object) | Should -Be @($net.Public.SubnetId | Sort-Object)
        @($net.Instances | Sort-Object) | Should -Be @($net.Private.SubnetId | Sort-Object)
        $net.LayoutTag | Should -Be 'private-nat-per-zone'
    }

    It 'routes each private subnet out through the NAT gateway of its zone, each with an Elastic IP, in a public subnet' {
        $net.Nats.Count | Should -Be 2
        @($net.Nats | Where-Object State -ne 'available').Count | Should -Be 0 -Because 'the run waited until they were available'
        @($net.Nats.SubnetId | Sort-Object) | Should -Be @($net.Public.SubnetId | Sort-Object)
        $net.Addresses.Count | Should -Be 2
        @($net.Nats | ForEach-Object { $_.NatGatewayAddresses[0].AllocationId } | Sort-Object) | Should -Be @($net.Addresses.AllocationId | Sort-Object)
        $net.PrivateTables.Count | Should -Be 2
        foreach ($subnet in $net.Private) {
            $table = $net.PrivateTables | Where-Object { $_.Associations.SubnetId -contains $subnet.SubnetId }
            $nat = ($table.Routes | Where-Object DestinationCidrBlock -eq '0.0.0.0/0').NatGatewayId
            $nat | Should -Match '^nat-'
            ($net.Nats | Where-Object NatGatewayId -eq $nat).SubnetId |
                Should -Be ($net.Public | Where-Object AvailabilityZone -eq $subnet.AvailabilityZone).SubnetId
        }
        $net.Endpoints.Count | Should -Be 0
        if ($BehaviourOn) { (Get-AoTestBehaviour $b).Acted.natGateway | Should -BeGreaterThan $before.natGateway -Because 'the NAT gateways were pending first' }
    }

    It 'gives the instances no public IP: the launch template''s network interface says so and carries the instance group' {
        $interface = $net.LaunchTemplate.NetworkInterfaces[0]
        $interface.DeviceIndex | Should -Be 0
        $interface.AssociatePublicIpAddress | Should -BeFalse
        $group = (Invoke-AoTestAws $b ec2 describe-security-groups --filters "Name=group-name,Values=aotech-$app-instances").SecurityGroups[0]
        @($interface.Groups) | Should -Be @($group.GroupId)
        $net.LaunchTemplate.SecurityGroupIds | Should -BeNullOrEmpty
    }

    It 're-running makes no mutating call' {
        Clear-AoTestRequestLog $b
        $null = New-AoEcsApp -Name $app -DomainName "pv.$zone" -TaskDefinitionPath $taskdef @common
        Get-Mutating | Should -BeNullOrEmpty
    }

    It 'asking for a public network or other egress on it is refused before any change' -ForEach @(
        @{ Extra = @{ Network = 'Public' } }
        @{ Extra = @{ Egress = 'VpcEndpoints' } }
        @{ Extra = @{ NatGateway = 'Single' } }
    ) {
        Clear-AoTestRequestLog $b
        $err = $null
        $null = New-AoEcsApp -Name $app -DomainName "pv.$zone" -TaskDefinitionPath $taskdef @common @Extra -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'NetworkChangeUnsupported,*'
        Get-Mutating | Should -BeNullOrEmpty
    }

    It 'Remove-AoEcsApp leaves no NAT gateway, Elastic IP, subnet or VPC behind, waiting for the NAT gateways to go' {
        $acted = (Get-AoTestBehaviour $b).Acted.natGateway
        Remove-AoEcsApp -Name $app -Confirm:$false @common
        Get-Left $app "pv.$zone" | Should -BeNullOrEmpty
        $released = @(Get-AoTestRequestLog $b | Where-Object Operation -eq 'ReleaseAddress')
        $released.Count | Should -BeGreaterOrEqual 2
        if ($BehaviourOn) { (Get-AoTestBehaviour $b).Acted.natGateway | Should -BeGreaterThan $acted -Because 'the NAT gateways were deleting for a while' }
    }
}

Describe '-NatGateway Single and -Egress VpcEndpoints' {
    It '-NatGateway Single: one NAT gateway, both private subnets route through it' {
        $app = New-AppName 'sg'
        $null = New-AoEcsApp -Name $app -DomainName "sg.$zone" -TaskDefinitionPath $taskdef -NatGateway Single @common
        $net = Get-Network $app
        $net.Nats.Count | Should -Be 1
        $net.Addresses.Count | Should -Be 1
        @($net.PrivateTables | ForEach-Object { ($_.Routes | Where-Object DestinationCidrBlock -eq '0.0.0.0/0').NatGatewayId } | Sort-Object -Unique) |
            Should -Be @($net.Nats[0].NatGatewayId)
        $net.LayoutTag | Should -Be 'private-nat-single'
        Clear-AoTestRequestLog $b
        $null = New-AoEcsApp -Name $app -DomainName "sg.$zone" -TaskDefinitionPath $taskdef @common
        Get-Mutating | Should -BeNullOrEmpty -Because 'a re-run without -NatGateway keeps the single NAT gateway'
        Remove-AoEcsApp -Name $app -Confirm:$false @common
        Get-Left $app "sg.$zone" | Should -BeNullOrEmpty
    }

    It '-Egress VpcEndpoints: no internet route from the private subnets, the endpoints the instances need, and none left after Remove' {
        $app = New-AppName 've'
        $acted = (Get-AoTestBehaviour $b).Acted.vpcEndpoints
        $null = New-AoEcsApp -Name $app -DomainName "ve.$zone" -TaskDefinitionPath $taskdef -Egress VpcEndpoints @common
        $net = Get-Network $app
        $net.Nats.Count | Should -Be 0
        $net.Addresses.Count | Should -Be 0
        $net.LayoutTag | Should -Be 'private-endpoints'
        @($net.Instances | Sort-Object) | Should -Be @($net.Private.SubnetId | Sort-Object)
        foreach ($table in $net.PrivateTables) { @($table.Routes | Where-Object DestinationCidrBlock -eq '0.0.0.0/0').Count | Should -Be 0 }
        $interfaces = @($net.Endpoints | Where-Object VpcEndpointType -eq 'Interface')
        @($interfaces.ServiceName | ForEach-Object { $_ -replace '^com\.amazonaws\.us-east-1\.', '' } | Sort-Object) |
            Should -Be @('ec2messages', 'ecr.api', 'ecr.dkr', 'ecs', 'ecs-agent', 'ecs-telemetry', 'logs', 'ssm', 'ssmmessages')
        foreach ($endpoint in $interfaces) {
            $endpoint.PrivateDnsEnabled | Should -BeTrue
            @($endpoint.SubnetIds | Sort-Object) | Should -Be @($net.Private.SubnetId | Sort-Object)
        }
        $group = (Invoke-AoTestAws $b ec2 describe-security-groups --filters "Name=group-name,Values=aotech-$app-endpoints").SecurityGroups[0]
        @($interfaces | ForEach-Object { $_.Groups.GroupId } | Sort-Object -Unique) | Should -Be @($group.GroupId)
        $group.IpPermissions.Count | Should -Be 1
        $group.IpPermissions[0].FromPort | Should -Be 443
        $group.IpPermissions[0].IpRanges[0].CidrIp | Should -Be $net.Vpc.CidrBlock
        $s3 = @($net.Endpoints | Where-Object VpcEndpointType -eq 'Gateway')
        $s3.ServiceName | Should -Be 'com.amazonaws.us-east-1.s3'
        @($s3.RouteTableIds | Sort-Object) | Should -Be @($net.PrivateTables.RouteTableId | Sort-Object)
        (Invoke-AoTestAws $b ec2 describe-vpc-attribute --vpc-id $net.Vpc.VpcId --attribute enableDnsHostnames).EnableDnsHostnames.Value | Should -BeTrue

        Clear-AoTestRequestLog $b
        $null = New-AoEcsApp -Name $app -DomainName "ve.$zone" -TaskDefinitionPath $taskdef @common
        Get-Mutating | Should -BeNullOrEmpty

        Remove-AoEcsApp -Name $app -Confirm:$false @common
        Get-Left $app "ve.$zone" | Should -BeNullOrEmpty
        if ($BehaviourOn) { (Get-AoTestBehaviour $b).Acted.vpcEndpoints | Should -BeGreaterThan $acted -Because 'the endpoints were deleting for a while' }
    }

    It '<Case> is refused as NetworkOptionsConflict before any AWS call' -ForEach @(
        @{ Case = '-Network Public -NatGateway Single'; Extra = @{ Network = 'Public'; NatGateway = 'Single' } }
        @{ Case = '-Egress VpcEndpoints -NatGateway PerZone'; Extra = @{ Egress = 'VpcEndpoints'; NatGateway = 'PerZone' } }
    ) {
        Clear-AoTestRequestLog $b
        $err = $null
        $null = New-AoEcsApp -Name (New-AppName 'bad') -DomainName "bad.$zone" -TaskDefinitionPath $taskdef @common @Extra -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'NetworkOptionsConflict,*'
        Get-Mutating | Should -BeNullOrEmpty
    }
}

Describe '-Network Public, and an app made before private networks' {
    BeforeAll {
        $script:old = New-AppName 'ol'
        $null = New-AoEcsApp -Name $old -DomainName "ol.$zone" -TaskDefinitionPath $taskdef -Network Public @common
        $script:net = Get-Network $old
    }

    It '-Network Public gives the earlier layout: two public subnets for both, public IPs, no NAT gateway' {
        $net.Public.Count | Should -Be 2
        $net.Private.Count | Should -Be 0
        @($net.Public | Where-Object { -not $_.MapPublicIpOnLaunch }).Count | Should -Be 0
        @($net.Instances | Sort-Object) | Should -Be @($net.Public.SubnetId | Sort-Object)
        @($net.LoadBalancer | Sort-Object) | Should -Be @($net.Public.SubnetId | Sort-Object)
        $net.Nats.Count | Should -Be 0
        $net.Addresses.Count | Should -Be 0
        $net.LaunchTemplate.NetworkInterfaces | Should -BeNullOrEmpty
        @($net.LaunchTemplate.SecurityGroupIds).Count | Should -Be 1
    }

    It 'an app made before private networks (its VPC has no layout tag) keeps its network on a plain re-run; a second re-run changes nothing' {
        # The VPC an older version made carries no aotech:network tag.
        $null = Invoke-AoTestAws $b ec2 delete-tags --resources $net.Vpc.VpcId --tags Key=aotech:network
        Clear-AoTestRequestLog $b
        $null = New-AoEcsApp -Name $old -DomainName "ol.$zone" -TaskDefinitionPath $taskdef @common
        Get-Mutating | Should -BeNullOrEmpty -Because 'the public layout is kept: no network change, and nothing else changed'
        $after = Get-Network $old
        $after.Private.Count | Should -Be 0
        $after.Nats.Count | Should -Be 0
        @($after.Instances | Sort-Object) | Should -Be @($net.Instances | Sort-Object)
        $after.Version | Should -Be $net.Version
        Clear-AoTestRequestLog $b
        $null = New-AoEcsApp -Name $old -DomainName "ol.$zone" -TaskDefinitionPath $taskdef @common
        Get-Mutating | Should -BeNullOrEmpty
    }

    It '-Network Private on it: -WhatIf shows the change as a replacement and changes nothing; the run moves the instances behind NAT' {
        $arguments = @{ Name = $old; DomainName = "ol.$zone"; TaskDefinitionPath = $taskdef; Network = 'Private' } + $common
        Clear-AoTestRequestLog $b
        $text = Get-WhatIfText $arguments
        Get-Mutating | Should -BeNullOrEmpty
        $text | Should -Match 'layout public -> private, a NAT gateway per zone: a replacement'
        $text | Should -Match "aotech-$old-private-"
        $text | Should -Match 'network interface -> no public IP'
        $text | Should -Match 'instance refresh' -Because 'the instances running in the public subnets are replaced, not left there'

        Clear-AoTestRequestLog $b
        $null = New-AoEcsApp @arguments
        @(Get-Mutating | Where-Object Operation -EQ 'StartInstanceRefresh').Count | Should -Be 1
        $after = Get-Network $old
        $after.Private.Count | Should -Be 2
        $after.Nats.Count | Should -Be 2
        @($after.Instances | Sort-Object) | Should -Be @($after.Private.SubnetId | Sort-Object)
        @($after.LoadBalancer | Sort-Object) | Should -Be @($net.LoadBalancer | Sort-Object) -Because 'the load balancer stays where it is'
        $after.LaunchTemplate.NetworkInterfaces[0].AssociatePublicIpAddress | Should -BeFalse
        $after.LayoutTag | Should -Be 'private-nat-per-zone'
        Clear-AoTestRequestLog $b
        $null = New-AoEcsApp -Name $old -DomainName "ol.$zone" -TaskDefinitionPath $taskdef @common
        Get-Mutating | Should -BeNullOrEmpty -Because 'the private layout is now the one the app has'

        Remove-AoEcsApp -Name $old -Confirm:$false @common
        Get-Left $old "ol.$zone" | Should -BeNullOrEmpty
    }
}

Describe 'Leftovers of a cut-off run' {
    It 'an Elastic IP a run allocated before it was cut off is used by the next run, and Remove-AoEcsApp finds what is left by the tag' {
        $app = New-AppName 'eo'
        # Every request after the 40th fails (dropped): the run stops partway, possibly between AllocateAddress and CreateNatGateway.
        $null = Invoke-RestMethod -Method Put -Uri "$($b.EndpointUrl)/__aotech/faults" -ContentType 'application/json' `
            -Body (@{ failAfter = 40; afterKind = 'drop' } | ConvertTo-Json)
        try { { New-AoEcsApp -Name $app -DomainName "eo.$zone" -TaskDefinitionPath $taskdef @common -ErrorAction Stop } | Should -Throw }
        finally { $null = Set-AoTestFault $b }
        $null = New-AoEcsApp -Name $app -DomainName "eo.$zone" -TaskDefinitionPath $taskdef @common
        $net = Get-Network $app
        $net.Nats.Count | Should -Be 2
        $net.Addresses.Count | Should -Be 2 -Because 'no second address per zone'
        $net.Private.Count | Should -Be 2
        Remove-AoEcsApp -Name $app -Confirm:$false @common
        Get-Left $app "eo.$zone" | Should -BeNullOrEmpty
    }

    It 'Remove-AoEcsApp removes an Elastic IP tagged for the app even when nothing else of the app is left' {
        $app = New-AppName 'ea'
        $null = Invoke-AoTestAws $b ec2 allocate-address --domain vpc --tag-specifications "ResourceType=elastic-ip,Tags=[{Key=aotech:app,Value=$app},{Key=Name,Value=aotech-$app-nat-us-east-1a}]"
        Remove-AoEcsApp -Name $app -Confirm:$false @common
        @((Invoke-AoTestAws $b ec2 describe-addresses --filters "Name=tag:aotech:app,Values=$app").Addresses).Count | Should -Be 0
    }
}

Describe '-VpcId' {
    BeforeAll {
        # A VPC of the user's: two public subnets (an internet gateway route) and nothing private.
        $script:vpc = (Invoke-AoTestAws $b ec2 create-vpc --cidr-block 10.77.0.0/16).Vpc.VpcId
        $igw = (Invoke-AoTestAws $b ec2 create-internet-gateway).InternetGateway.InternetGatewayId
        $null = Invoke-AoTestAws $b ec2 attach-internet-gateway --internet-gateway-id $igw --vpc-id $vpc
        $table = (Invoke-AoTestAws $b ec2 create-route-table --vpc-id $vpc).RouteTable.RouteTableId
        $null = Invoke-AoTestAws $b ec2 create-route --route-table-id $table --destination-cidr-block 0.0.0.0/0 --gateway-id $igw
        foreach ($i in 0, 1) {
            $subnet = (Invoke-AoTestAws $b ec2 create-subnet --vpc-id $vpc --cidr-block "10.77.$i.0/24" --availability-zone "us-east-1$([char](97 + $i))").Subnet.SubnetId
            $null = Invoke-AoTestAws $b ec2 modify-subnet-attribute --subnet-id $subnet --map-public-ip-on-launch
            $null = Invoke-AoTestAws $b ec2 associate-route-table --route-table-id $table --subnet-id $subnet
        }
    }

    It 'a VPC without a private subnet that routes out is refused with NoPrivateSubnets, before any change' {
        Clear-AoTestRequestLog $b
        $err = $null
        $null = New-AoEcsApp -Name (New-AppName 'vp') -DomainName "vp.$zone" -TaskDefinitionPath $taskdef -VpcId $vpc @common -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'NoPrivateSubnets,*'
        $err[0].Exception.Message | Should -Match '-Network Public'
        Get-Mutating | Should -BeNullOrEmpty
    }

    It 'private subnets that reach AWS only through an S3 gateway endpoint take the instances' {
        $tables = foreach ($i in 0, 1) {
            $subnet = (Invoke-AoTestAws $b ec2 create-subnet --vpc-id $vpc --cidr-block "10.77.1$i.0/24" --availability-zone "us-east-1$([char](97 + $i))").Subnet.SubnetId
            $t = (Invoke-AoTestAws $b ec2 create-route-table --vpc-id $vpc).RouteTable.RouteTableId
            $null = Invoke-AoTestAws $b ec2 associate-route-table --route-table-id $t --subnet-id $subnet
            [pscustomobject]@{ Subnet = $subnet; Table = $t }
        }
        $null = Invoke-AoTestAws $b ec2 create-vpc-endpoint --vpc-id $vpc --vpc-endpoint-type Gateway --service-name com.amazonaws.us-east-1.s3 --route-table-ids $tables[0].Table $tables[1].Table
        $app = New-AppName 'vq'
        $null = New-AoEcsApp -Name $app -DomainName "vq.$zone" -TaskDefinitionPath $taskdef -VpcId $vpc @common
        $asg = (Invoke-AoTestAws $b autoscaling describe-auto-scaling-groups --auto-scaling-group-names "aotech-$app-asg").AutoScalingGroups[0]
        @($asg.VPCZoneIdentifier -split ',' | Sort-Object) | Should -Be @($tables.Subnet | Sort-Object)
        $lt = (Invoke-AoTestAws $b ec2 describe-launch-template-versions --launch-template-name "aotech-$app-lt" --versions '$Latest').LaunchTemplateVersions[0]
        $lt.LaunchTemplateData.NetworkInterfaces[0].AssociatePublicIpAddress | Should -BeFalse
        Remove-AoEcsApp -Name $app -Confirm:$false @common
        @((Invoke-AoTestAws $b ec2 describe-vpcs --vpc-ids $vpc).Vpcs).Count | Should -Be 1 -Because 'a given VPC is never deleted'
    }
}
