BeforeAll {
    Import-Module $env:AOTECH_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'FreshSession.psm1') -Force
    $script:Repo = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
    function script:Get-Actions($Policies) {
        @($Policies | ForEach-Object { ($_.PolicyDocument | ConvertFrom-Json).Statement } | ForEach-Object { $_.Action })
    }
}

Describe 'Get-AoIamPolicy' {
    It 'writes JSON policy documents that each fit in a managed policy, and says so when it needs several' {
        $policies = @(Get-AoIamPolicy -WarningVariable warned 3>$null)
        $policies.Count | Should -BeGreaterThan 0
        foreach ($p in $policies) {
            $doc = $p.PolicyDocument | ConvertFrom-Json
            $doc.Version | Should -Be '2012-10-17'
            $p.Size | Should -BeLessOrEqual 6144
            $p.Size | Should -Be ($p.PolicyDocument -replace '\s', '').Length
        }
        if ($policies.Count -gt 1) {
            "$warned" | Should -Match "$($policies.Count) documents"
            $policies.PolicyName | Should -Be @(1..$policies.Count | ForEach-Object { "AoTech.Ecs-$_" })
        } else { $warned | Should -BeNullOrEmpty }
        Get-Actions $policies | Should -Contain 'ecs:CreateCluster'
    }

    It 'writes only what the cmdlets named need, as one policy for names piped in' {
        $wait = Get-AoIamPolicy -Cmdlet Wait-AoDeployment
        $wait.PolicyName | Should -Be 'AoTech.Ecs-Wait-AoDeployment'
        Get-Actions $wait | Should -Contain 'ecs:DescribeServices'
        Get-Actions $wait | Should -Not -Contain 'ecs:UpdateService'

        $both = @('Wait-AoDeployment', 'Publish-AoImage' | Get-AoIamPolicy)
        $both.Count | Should -Be 1
        $both[0].Commands | Should -Be @('Publish-AoImage', 'Wait-AoDeployment')
        Get-Actions $both | Should -Contain 'ecr:PutImage'
    }

    It 'scopes resources to the app pattern, region and account given' {
        $p = Get-AoIamPolicy -Cmdlet Remove-AoEcsApp -AppName 'web-*' -Region eu-west-1 -AccountId 123456789012
        $statements = ($p.PolicyDocument | ConvertFrom-Json).Statement
        ($statements | Where-Object Sid -eq 'EcsCluster').Resource | Should -Contain 'arn:aws:ecs:eu-west-1:123456789012:cluster/aotech-web-*'
        ($statements | Where-Object Sid -eq 'Ec2TaggedByApp').Condition.StringLike.'aws:ResourceTag/aotech:app' | Should -Be 'web-*'
    }

    It 'with -Endpoint also reaches the endpoint''s resources' {
        $p = Get-AoIamPolicy -Cmdlet New-AoEcsApp -AppName api -Endpoint main -Region eu-west-1 -AccountId 123456789012
        $statements = @($p | ForEach-Object { ($_.PolicyDocument | ConvertFrom-Json).Statement })
        ($statements | Where-Object Sid -eq 'LoadBalancer').Resource |
            Should -Contain 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/aotech-main-alb/*'
        ($statements | Where-Object Sid -eq 'Ec2TaggedByEndpoint').Condition.StringLike.'aws:ResourceTag/aotech:endpoint' | Should -Be 'main'
    }

    It 'makes no AWS call and needs no credentials' {
        $backend = Start-AoTestBackend
        try {
            $env:AWS_ENDPOINT_URL = $backend.EndpointUrl
            $null = Get-AoIamPolicy -AppName web -WarningAction SilentlyContinue
            @(Get-AoTestRequestLog $backend) | Should -BeNullOrEmpty
        } finally {
            Remove-Item Env:AWS_ENDPOINT_URL -ErrorAction SilentlyContinue
            Stop-AoTestBackend $backend
        }
    }

    It 'knows every exported cmdlet that calls AWS (those with -EndpointUrl), and no other' {
        $aws = @(Get-Command -Module AoTech.Ecs -CommandType Cmdlet | Where-Object { $_.Parameters.ContainsKey('EndpointUrl') } |
            ForEach-Object Name | Sort-Object)
        @([AoTech.Ecs.Permissions.CmdletPermissions]::Commands | Sort-Object) | Should -Be $aws
    }

    It 'completes -Cmdlet with the cmdlets that call AWS' {
        $line = 'Get-AoIamPolicy -Cmdlet Remove-Ao'
        $found = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $found | Should -Be @('Remove-AoEcsApp', 'Remove-AoEcsEndpoint')
    }
}

Describe 'The record of AWS calls by cmdlet' {
    It 'names the cmdlet that made each call, through the SDK clients and the module''s own alike' {
        $backend = Start-AoTestBackend
        try {
            $aws = @{ EndpointUrl = $backend.EndpointUrl; Region = 'us-east-1' }
            $null = Get-AoEcsApp @aws
            $null = New-AoEcsApp -Name iamcheck -DomainName iamcheck.example.com -TaskDefinitionPath (Join-Path $Repo 'examples/taskdef.json') -WhatIf @aws -ErrorAction SilentlyContinue 3>$null
            $log = @(Get-AoTestRequestLog $backend)
            @($log | Where-Object Caller -eq 'Get-AoEcsApp').Count | Should -BeGreaterThan 0
            # Its preflight reads the AMI parameter through the AWSSDK client (SSM), then looks for the hosted zone through
            # the module's own (Route 53, named by the action IAM knows, not by its REST path), and stops there.
            @($log | Where-Object { $_.Caller -eq 'New-AoEcsApp' -and $_.Service -eq 'ssm' }).Count | Should -BeGreaterThan 0
            @($log | Where-Object { $_.Caller -eq 'New-AoEcsApp' -and $_.Action -eq 'ListHostedZonesByName' }).Count | Should -BeGreaterThan 0
            @($log | Where-Object { $_.Caller -notin 'Get-AoEcsApp', 'New-AoEcsApp' }) | Should -BeNullOrEmpty
        } finally { Stop-AoTestBackend $backend }
    }

    It 'fails the run''s last check for a call the table lacks, naming the action and the file to edit' {
        $log = Join-Path ([System.IO.Path]::GetTempPath()) ("aotech-actions-" + [guid]::NewGuid().ToString('N') + '.jsonl')
        try {
            # One call the table allows, one it lacks (as a new action is before its line is added).
            Set-Content $log -Value @(
                '{"service": "ecs", "action": "CreateCluster", "caller": "New-AoEcsApp"}'
                '{"service": "ec2", "action": "CreateTransitGateway", "caller": "New-AoEcsApp"}'
                '{"service": "route53", "action": "GetChange", "caller": "Remove-AoEcsApp"}')
            $pester = (Get-Module Pester).Path
            $check = Join-Path $Repo 'tests/PolicyCheck/RecordedCalls.Tests.ps1'
            $out = Invoke-AoFreshPwsh -Environment @{ AOTECH_TEST_ACTION_LOG = $log } -Script @"
Import-Module '$pester'
`$c = New-PesterConfiguration
`$c.Run.Path = '$check'
`$c.Run.PassThru = `$true
`$c.Output.Verbosity = 'None'
`$r = Invoke-Pester -Configuration `$c
"PASSED `$(`$r.PassedCount) FAILED `$(`$r.FailedCount)"
`$r.Failed | ForEach-Object { `$_.ErrorRecord.Exception.Message }
"@
            $text = $out -join "`n"
            $text | Should -Match 'PASSED 2 FAILED 1'
            $text | Should -Match 'New-AoEcsApp called ec2:CreateTransitGateway'
            $text | Should -Match 'src/AoTech.Ecs/Permissions/CmdletPermissions.cs'
            $text | Should -Not -Match 'ecs:CreateCluster'
        } finally { Remove-Item $log -ErrorAction SilentlyContinue }
    }
}
