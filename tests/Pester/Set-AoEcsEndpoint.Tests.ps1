BeforeAll {
    Import-Module $env:AOTECH_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AoEcsApp.TestSupport.psm1') -Force
    $script:b = Start-AoTestBackend -MotoEnvironment @{ MOTO_ACM_VALIDATION_WAIT = '1'; MOTO_ECS_SERVICE_RUNNING = '1' }
    $script:zone = 'z' + [guid]::NewGuid().ToString('N').Substring(0, 8) + '.example'
    $null = New-AoTestHostedZone $b $zone
    $script:taskdef = New-AoTestTaskDefinitionFile (Join-Path $TestDrive 'taskdef.json')
    $script:common = @{ EndpointUrl = $b.EndpointUrl; Region = 'us-east-1' }
    $script:endpoint = 'ep' + [guid]::NewGuid().ToString('N').Substring(0, 6)
    function script:Deploy([string]$App, [hashtable]$More = @{}) {
        New-AoEcsApp -Name $App -DomainName "$App.$zone" -TaskDefinitionPath $taskdef -Endpoint $endpoint -DesiredCount 1 @More @common
    }
    function script:Get-Mutating { @(Get-AoTestRequestLog $b | Where-Object Mutating) }
    function script:Get-Endpoint {
        $asg = (Invoke-AoTestAws $b autoscaling describe-auto-scaling-groups --auto-scaling-group-names "aotech-$endpoint-asg").AutoScalingGroups[0]
        $lt = (Invoke-AoTestAws $b ec2 describe-launch-template-versions --launch-template-name "aotech-$endpoint-lt" --versions '$Latest').LaunchTemplateVersions[0]
        $sg = (Invoke-AoTestAws $b ec2 describe-security-groups --filters "Name=group-name,Values=aotech-$endpoint-alb").SecurityGroups[0]
        [pscustomobject]@{
            InstanceType = $lt.LaunchTemplateData.InstanceType
            ImageId      = $lt.LaunchTemplateData.ImageId
            Version      = $lt.VersionNumber
            MinSize      = $asg.MinSize
            MaxSize      = $asg.MaxSize
            Cidrs        = @($sg.IpPermissions | Where-Object FromPort -eq 443 | ForEach-Object { $_.IpRanges.CidrIp } | Sort-Object)
        }
    }

    # The endpoint, built once, with two apps on it.
    $null = Deploy 'site'
    $null = Deploy 'api'
    $script:before = Get-Endpoint
}

AfterAll {
    if ($script:b) { Stop-AoTestBackend $script:b }
}

Describe 'Set-AoEcsEndpoint' {
    It 'refuses bad values, crossed bounds and an unknown endpoint with a stable ErrorId, before any change' {
        Clear-AoTestRequestLog $b
        $cases = @(
            @{ Arguments = @{ Name = $endpoint; MinSize = 5; MaxSize = 2 }; ErrorId = 'InvalidCount' }
            @{ Arguments = @{ Name = $endpoint; MinSize = 5 }; ErrorId = 'InvalidCount' }   # above the endpoint's MaxSize 4
            @{ Arguments = @{ Name = $endpoint; InstanceType = 't3' }; ErrorId = 'InvalidInstanceType' }
            @{ Arguments = @{ Name = $endpoint; InstanceType = 'zz9.huge' }; ErrorId = 'UnsupportedInstanceType' }
            @{ Arguments = @{ Name = $endpoint; AllowedCidr = '10.0.0.1/8' }; ErrorId = 'InvalidCidr' }
            @{ Arguments = @{ Name = $endpoint; AmiId = 'ami-1' }; ErrorId = 'InvalidAmiId' }
            @{ Arguments = @{ Name = 'Main' }; ErrorId = 'InvalidEndpointName' }
            @{ Arguments = @{ Name = 'nosuchendpoint' }; ErrorId = 'EndpointNotFound' }
        )
        foreach ($case in $cases) {
            $arguments = $case.Arguments
            { Set-AoEcsEndpoint @arguments @common -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId "$($case.ErrorId),*" -Because ($arguments | ConvertTo-Json -Compress)
        }
        Get-Mutating | Should -BeNullOrEmpty
        (Get-Endpoint | ConvertTo-Json) | Should -Be ($before | ConvertTo-Json)
    }

    It '-WhatIf shows the endpoint''s plan and changes nothing' {
        Clear-AoTestRequestLog $b
        $arguments = @{ Name = $endpoint; InstanceType = 't3.medium'; MaxSize = 6; AllowedCidr = '203.0.113.0/24' } + $common
        $text = Get-AoTestWhatIfText $arguments (Join-Path $TestDrive 'whatif.txt') -Command 'Set-AoEcsEndpoint'
        $text | Should -Match "endpoint '$endpoint'"
        $text | Should -Match 'instance type t3.small -> t3.medium'
        $text | Should -Match 'max size 4 -> 6'
        $text | Should -Match 'allow tcp 443 from 203.0.113.0/24'
        $text | Should -Not -Match 'aotech-site|aotech-api'
        # Another image: a new launch template version and an instance refresh, shown.
        $text = Get-AoTestWhatIfText (@{ Name = $endpoint; AmiId = 'ami-03cf127a' } + $common) (Join-Path $TestDrive 'whatif-ami.txt') -Command 'Set-AoEcsEndpoint'
        $text | Should -Match "image \(new instances\) $($before.ImageId) -> ami-03cf127a"
        $text | Should -Match 'replace \d+ instance\(s\) with the new launch template version'
        # Too few instances for the apps' tasks (two of 256 MiB, one per t3.nano): a warning, as New-AoEcsApp's capacity check.
        $warnings = @(Set-AoEcsEndpoint -Name $endpoint -InstanceType t3.nano -MaxSize 1 -WhatIf @common 3>&1 6>$null |
            Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
        $warnings.Message | Should -Match "its apps' tasks need about 2 instance\(s\) of t3.nano, but -MaxSize is 1"
        Get-Mutating | Should -BeNullOrEmpty
    }

    It 'changes the bounds and the allowed CIDRs, then the instance type, and nothing of the apps' {
        Clear-AoTestRequestLog $b
        Set-AoEcsEndpoint -Name $endpoint -MinSize 2 -MaxSize 6 -AllowedCidr 203.0.113.0/24 @common -Confirm:$false
        # (Two runs: moto cannot launch from a launch template version made by CreateLaunchTemplateVersion with user
        # data, which a higher -MinSize after a new instance type would ask it to.)
        $bounds = Get-Endpoint
        $bounds.MinSize | Should -Be 2
        $bounds.MaxSize | Should -Be 6
        $bounds.Cidrs | Should -Be @('203.0.113.0/24')
        $bounds.Version | Should -Be $before.Version
        $written = Set-AoEcsEndpoint -Name $endpoint -InstanceType t3.medium @common -Confirm:$false
        # It writes the endpoint as it is now, with what this run changed.
        $written.PSObject.TypeNames | Should -Contain 'AoTech.Ecs.Stack.Endpoints.EndpointStatus'
        $written.Name | Should -Be $endpoint
        $written.InstanceType | Should -Be 't3.medium'
        $written.MaxSize | Should -Be 6
        $written.Changes.Count | Should -BeGreaterThan 0
        $after = Get-Endpoint
        $after.InstanceType | Should -Be 't3.medium'
        $after.Version | Should -Be ($before.Version + 1)
        $after.ImageId | Should -Be $before.ImageId
        $after.MaxSize | Should -Be 6
        $calls = @(Get-Mutating | ForEach-Object { "$($_.Service):$($_.Operation)" } | Sort-Object -Unique)
        foreach ($expected in 'ec2:CreateLaunchTemplateVersion', 'autoscaling:UpdateAutoScalingGroup', 'autoscaling:StartInstanceRefresh',
            'ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress') { $calls | Should -Contain $expected }
        # Only the endpoint's instances, its load balancer's group and its lock: no app resource, no DNS, no certificate.
        $allowed = 'ec2:CreateLaunchTemplateVersion', 'autoscaling:UpdateAutoScalingGroup', 'autoscaling:StartInstanceRefresh',
            'ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress', 'ssm:PutParameter', 'ssm:DeleteParameter', 'ssm:AddTagsToResource'
        $calls | Where-Object { $_ -notin $allowed } | Should -BeNullOrEmpty
        (Invoke-AoTestAws $b -AllowFailure ssm get-parameter --name "/aotech/$endpoint/endpoint-lock") | Should -BeNullOrEmpty
    }

    It 'a re-run with the same values makes no mutating call' {
        Clear-AoTestRequestLog $b
        Set-AoEcsEndpoint -Name $endpoint -InstanceType t3.medium -MinSize 2 -MaxSize 6 -AllowedCidr 203.0.113.0/24 @common -Confirm:$false
        $again = Set-AoEcsEndpoint -Name $endpoint @common -Confirm:$false
        Get-Mutating | Should -BeNullOrEmpty
        $again.Changes.Count | Should -Be 0
    }

    It 'afterwards an app giving the new value is accepted, one giving the old value is refused, and a re-run changes nothing' {
        Clear-AoTestRequestLog $b
        $api = Deploy 'api' @{ InstanceType = 't3.medium'; MaxSize = 6 }
        $api.Changes | Should -BeNullOrEmpty
        $null = Deploy 'site'
        Get-Mutating | Should -BeNullOrEmpty
        { Deploy 'admin' @{ InstanceType = 't3.small' } } | Should -Throw -ErrorId 'EndpointSettingMismatch,*'
        { Deploy 'admin' @{ AllowedCidr = '0.0.0.0/0' } } | Should -Throw -ErrorId 'EndpointSettingMismatch,*'
        Get-Mutating | Should -BeNullOrEmpty
    }
}
