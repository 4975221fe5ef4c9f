# Hardened instances and explicit IAM (issue 14): no key pair or SSH, Session Manager, the user data's metadata block,
# the app's own task role, permissions boundaries, own AMIs and scripts, and the instance refresh that replaces instances
# when the launch template changes.
BeforeAll {
    Import-Module $env:AOTECH_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AoEcsApp.TestSupport.psm1') -Force
    $script:b = Start-AoTestBackend -MotoEnvironment @{ MOTO_ACM_VALIDATION_WAIT = '1'; MOTO_ECS_SERVICE_RUNNING = '2' }
    $script:zone = 'h' + [guid]::NewGuid().ToString('N').Substring(0, 8) + '.example'
    $null = New-AoTestHostedZone $b $zone
    $script:taskdef = New-AoTestTaskDefinitionFile (Join-Path $TestDrive 'taskdef.json')
    $script:common = @{ EndpointUrl = $b.EndpointUrl; Region = 'us-east-1'; TaskDefinitionPath = $taskdef }
    $script:ssm = 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore'

    function script:Get-Mutating { @(Get-AoTestRequestLog $b | Where-Object Mutating | ForEach-Object { "$($_.Service):$($_.Operation)" }) }
    function script:Get-UserData([string]$App) {
        $lt = Invoke-AoTestAws $b ec2 describe-launch-template-versions --launch-template-name "aotech-$App-lt" --versions '$Latest'
        [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($lt.LaunchTemplateVersions[0].LaunchTemplateData.UserData))
    }
    function script:Get-Attached([string]$Role) {
        @((Invoke-AoTestAws $b iam list-attached-role-policies --role-name $Role).AttachedPolicies.PolicyArn)
    }
    function script:New-TemplateVersion([string]$App, [hashtable]$Override) {
        # What a run of the module left (through the layer): the latest version's data with some fields replaced (moto does
        # not merge a source version, so the whole data is given).
        $lt = Invoke-AoTestAws $b ec2 describe-launch-template-versions --launch-template-name "aotech-$App-lt" --versions '$Latest'
        $data = $lt.LaunchTemplateVersions[0].LaunchTemplateData
        foreach ($key in $Override.Keys) { $data.$key = $Override[$key] }
        $null = Invoke-AoTestAws $b -ThroughLayer ec2 create-launch-template-version --launch-template-name "aotech-$App-lt" `
            --launch-template-data ($data | ConvertTo-Json -Depth 20 -Compress)
    }
    function script:Get-WhatIfText([hashtable]$Arguments) { Get-AoTestWhatIfText $Arguments (Join-Path $TestDrive 'whatif.txt') }
}

AfterAll {
    if ($script:b) { Stop-AoTestBackend $script:b }
}

Describe 'New-AoEcsApp hardening' {
    It 'a new app has no key pair and no SSH, Session Manager on its instance role, the metadata block in its user data, and a task role without permissions' {
        $script:app = 'hard' + [guid]::NewGuid().ToString('N').Substring(0, 6)
        $null = New-AoEcsApp -Name $app -DomainName "$app.$zone" @common

        $lt = Invoke-AoTestAws $b ec2 describe-launch-template-versions --launch-template-name "aotech-$app-lt" --versions '$Latest'
        $lt.LaunchTemplateVersions[0].LaunchTemplateData.PSObject.Properties.Name | Should -Not -Contain 'KeyName'
        @((Invoke-AoTestAws $b ec2 describe-key-pairs).KeyPairs).Count | Should -Be 0
        $sgs = (Invoke-AoTestAws $b ec2 describe-security-groups --filters "Name=tag:aotech:app,Values=$app").SecurityGroups
        $sgs.Count | Should -Be 2
        # No rule of any group lets port 22 in (a range that covers it counts).
        @($sgs.IpPermissions | Where-Object { $_.IpProtocol -eq '-1' -or ($_.FromPort -le 22 -and $_.ToPort -ge 22) }) | Should -BeNullOrEmpty

        Get-Attached "aotech-$app-instance" | Should -Contain $ssm
        $userData = Get-UserData $app
        $userData | Should -Match ([regex]::Escape('iptables --insert DOCKER-USER 1 --in-interface docker+ --destination 169.254.169.254/32 --jump DROP'))
        $userData | Should -Match ([regex]::Escape('/etc/systemd/system/docker.service.d/'))
        $userData | Should -Not -Match 'iptables-services|releasever'
        $userData | Should -Match 'Content-Type: text/cloud-boothook'
        $userData | Should -Match "ECS_CLUSTER=aotech-$app"
        $userData | Should -Match 'ECS_DISABLE_PRIVILEGED=true'
        $userData | Should -Match 'ECS_AWSVPC_BLOCK_IMDS=true'
        $userData | Should -Match 'upgrade_type = security'

        $role = (Invoke-AoTestAws $b iam get-role --role-name "aotech-$app-task").Role
        $role.Path | Should -Be "/aotech/$app/"
        Get-Attached "aotech-$app-task" | Should -BeNullOrEmpty
        @((Invoke-AoTestAws $b iam list-role-policies --role-name "aotech-$app-task").PolicyNames) | Should -BeNullOrEmpty
        $td = (Invoke-AoTestAws $b ecs describe-task-definition --task-definition "aotech-$($app):1").taskDefinition
        $td.taskRoleArn | Should -Be $role.Arn
    }

    It '-TaskRolePolicy and -PermissionsBoundary go onto the roles, a re-run makes no mutating call, and leaving them out takes the permissions away' {
        $boundary = (Invoke-AoTestAws $b iam create-policy --policy-name "boundary-$app" --policy-document `
                '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}').Policy.Arn
        $policyFile = Join-Path $TestDrive 'task-policy.json'
        @'
{
  "Version": "2012-10-17",
  "Statement": [ { "Effect": "Allow", "Action": [ "s3:GetObject" ], "Resource": "arn:aws:s3:::my-bucket/*" } ]
}
'@ | Set-Content $policyFile
        $readOnly = 'arn:aws:iam::aws:policy/ReadOnlyAccess'
        $arguments = @{ Name = $app; DomainName = "$app.$zone"; TaskRolePolicy = $policyFile, $readOnly; PermissionsBoundary = $boundary } + $common
        Clear-AoTestRequestLog $b
        $null = New-AoEcsApp @arguments
        @(Get-Mutating | Sort-Object) | Should -Be @('iam:AttachRolePolicy', 'iam:PutRolePermissionsBoundary', 'iam:PutRolePermissionsBoundary',
            'iam:PutRolePermissionsBoundary', 'iam:PutRolePolicy', 'ssm:DeleteParameter', 'ssm:PutParameter')
        foreach ($role in "aotech-$app-instance", "aotech-$app-execution", "aotech-$app-task") {
            (Invoke-AoTestAws $b iam get-role --role-name $role).Role.PermissionsBoundary.PermissionsBoundaryArn | Should -Be $boundary -Because $role
        }
        Get-Attached "aotech-$app-task" | Should -Be @($readOnly)
        $inline = Invoke-AoTestAws $b iam get-role-policy --role-name "aotech-$app-task" --policy-name 'aotech-task-policy'
        $inline.PolicyDocument.Statement[0].Action | Should -Be 's3:GetObject'

        Clear-AoTestRequestLog $b
        $null = New-AoEcsApp @arguments
        Get-Mutating | Should -BeNullOrEmpty

        # Without -TaskRolePolicy the task role has no permissions again; the boundary stays (removing one widens what a
        # role may do: that is done in IAM, on purpose).
        $arguments.Remove('TaskRolePolicy')
        Clear-AoTestRequestLog $b
        $result = New-AoEcsApp @arguments
        @(Get-Mutating | Sort-Object) | Should -Be @('iam:DeleteRolePolicy', 'iam:DetachRolePolicy', 'ssm:DeleteParameter', 'ssm:PutParameter')
        $result.Changes -join "`n" | Should -Match 'Detached arn:aws:iam::aws:policy/ReadOnlyAccess'
        Get-Attached "aotech-$app-task" | Should -BeNullOrEmpty
        (Invoke-AoTestAws $b iam get-role --role-name "aotech-$app-task").Role.PermissionsBoundary.PermissionsBoundaryArn | Should -Be $boundary
    }

    It 'a new app gets the boundary on every role it creates, and -NoSessionManager leaves Session Manager out' {
        $boundary = (Invoke-AoTestAws $b iam create-policy --policy-name "boundary2-$app" --policy-document `
                '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}').Policy.Arn
        $other = 'nossm' + [guid]::NewGuid().ToString('N').Substring(0, 6)
        $null = New-AoEcsApp -Name $other -DomainName "$other.$zone" -NoSessionManager -PermissionsBoundary $boundary @common
        Get-Attached "aotech-$other-instance" | Should -Not -Contain $ssm
        Get-Attached "aotech-$other-instance" | Should -Contain 'arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role'
        foreach ($role in "aotech-$other-instance", "aotech-$other-execution", "aotech-$other-task") {
            (Invoke-AoTestAws $b iam get-role --role-name $role).Role.PermissionsBoundary.PermissionsBoundaryArn | Should -Be $boundary -Because $role
        }
        # Without -NoSessionManager the next run attaches it, and only that.
        Clear-AoTestRequestLog $b
        $null = New-AoEcsApp -Name $other -DomainName "$other.$zone" -PermissionsBoundary $boundary @common
        @(Get-Mutating) | Should -Be @('ssm:PutParameter', 'iam:AttachRolePolicy', 'ssm:DeleteParameter')
        Get-Attached "aotech-$other-instance" | Should -Contain $ssm
        $null = Remove-AoEcsApp -Name $other -Confirm:$false -EndpointUrl $b.EndpointUrl -Region 'us-east-1'
        { Invoke-AoTestAws $b iam get-role --role-name "aotech-$other-task" } | Should -Throw
    }

    It 'an app created before the hardening: a re-run plans the new launch template version and an instance refresh, -WhatIf shows them, and the next run makes no mutating call' {
        # The refresh lasts until the test ends it (a shorter window), so that a run meets it under way.
        Set-AoTestBehaviour $b -Windows @{ instanceRefresh = 600 }
        # What an older version of the module left: user data that only joins the cluster, no Session Manager.
        $old = "#!/bin/bash`necho ECS_CLUSTER=aotech-$app >> /etc/ecs/ecs.config`n"
        New-TemplateVersion $app @{ UserData = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($old)) }
        $null = Invoke-AoTestAws $b iam detach-role-policy --role-name "aotech-$app-instance" --policy-arn $ssm
        Get-UserData $app | Should -Not -Match 'DOCKER-USER'
        # No task role either: its revision names none, and its service records the hash of the file without one (what the
        # older version computed; the module's own types compute it, as that version did).
        $names = [AoTech.Ecs.Stack.StackNames]::For($app)
        $file = [AoTech.Ecs.Stack.TaskDefinitions.TaskDefinitionFile]::Load($taskdef)
        $execution = (Invoke-AoTestAws $b iam get-role --role-name "aotech-$app-execution").Role.Arn
        $before = [AoTech.Ecs.Stack.TaskDefinitions.DesiredTaskDefinition]::Create($file,
            [AoTech.Ecs.Stack.TaskDefinitions.ContainerSelection]::Select($file, $null, $null), $names, 'us-east-1', $execution, $null)
        $request = Join-Path $TestDrive 'old-revision.json'
        $before.RegisterRequest($before.Request).ToJsonString() | Set-Content $request
        $oldRevision = (Invoke-AoTestAws $b ecs register-task-definition --cli-input-json "file://$request").taskDefinition
        $oldRevision.PSObject.Properties.Name | Should -Not -Contain 'taskRoleArn'
        $service = (Invoke-AoTestAws $b ecs describe-services --cluster "aotech-$app" --services "aotech-$app").services[0]
        $null = Invoke-AoTestAws $b ecs update-service --cluster "aotech-$app" --service "aotech-$app" --task-definition $oldRevision.taskDefinitionArn
        $null = Invoke-AoTestAws $b ecs tag-resource --resource-arn $service.serviceArn --tags "key=aotech:taskdef-file,value=$($before.ContentHash)"
        $null = Invoke-AoTestAws $b iam delete-role --role-name "aotech-$app-task"

        $arguments = @{ Name = $app; DomainName = "$app.$zone" } + $common
        Clear-AoTestRequestLog $b
        $whatIf = Get-WhatIfText $arguments
        Get-Mutating | Should -BeNullOrEmpty
        $whatIf | Should -Match "Change launch template aotech-$app-lt: user data -> hardened"
        $whatIf | Should -Match "Change instance refresh aotech-$app-asg: replace 1 instance\(s\) with the new launch template version"
        $whatIf | Should -Match "Change IAM role aotech-$app-instance: attach $([regex]::Escape($ssm))"
        $whatIf | Should -Match "Create IAM role aotech-$app-task"
        # The hardening changes, and only they: the launch template and its refresh, and IAM additions that replace nothing
        # (Session Manager on the instance role, the app's task role). The network, load balancer, certificate, cluster,
        # task definition and service stay: the empty task role is no reason to roll the tasks.
        $operations = @([regex]::Matches($whatIf, 'Performing the operation "(Change|Create|Delete)" on target "(\w+) of app') |
                ForEach-Object { "$($_.Groups[1].Value) $($_.Groups[2].Value)" } | Sort-Object -Unique)
        $operations | Should -Be @('Change Compute', 'Create Iam')
        $whatIf | Should -Match 'task definition .{0,200}without the app''s task role'

        Clear-AoTestRequestLog $b
        $result = New-AoEcsApp @arguments
        $mutating = @(Get-Mutating)
        # The roles are set up side by side: the two IAM calls come in either order.
        $mutating.Count | Should -Be 6
        @($mutating[0, 3, 4, 5]) | Should -Be @('ssm:PutParameter', 'ec2:CreateLaunchTemplateVersion', 'autoscaling:StartInstanceRefresh', 'ssm:DeleteParameter')
        @($mutating[1, 2] | Sort-Object) | Should -Be @('iam:AttachRolePolicy', 'iam:CreateRole')
        (Invoke-AoTestAws $b ecs describe-services --cluster "aotech-$app" --services "aotech-$app").services[0].taskDefinition |
            Should -Be $oldRevision.taskDefinitionArn
        $result.Changes -join "`n" | Should -Match "Started instance refresh .+ of aotech-$app-asg \(at least 90% healthy"
        Get-UserData $app | Should -Match 'DOCKER-USER'
        $refreshes = (Invoke-AoTestAws $b -ThroughLayer autoscaling describe-instance-refreshes --auto-scaling-group-name "aotech-$app-asg").InstanceRefreshes
        $refreshes.Count | Should -Be 1
        $refreshes[0].Preferences.MinHealthyPercentage | Should -Be 90

        # While the refresh runs, a re-run starts no second one; once it is done, the instances run the new version.
        Clear-AoTestRequestLog $b
        $null = New-AoEcsApp @arguments
        Get-Mutating | Should -BeNullOrEmpty
        @(Get-AoTestRequestLog $b | Where-Object Operation -eq 'DescribeInstanceRefreshes').Count | Should -Be 1
        Set-AoTestBehaviour $b -Windows @{ instanceRefresh = 0.2 }
        Start-Sleep -Seconds 0.3
        Clear-AoTestRequestLog $b
        $null = New-AoEcsApp @arguments
        Get-Mutating | Should -BeNullOrEmpty
        $group = (Invoke-AoTestAws $b -ThroughLayer autoscaling describe-auto-scaling-groups --auto-scaling-group-names "aotech-$app-asg").AutoScalingGroups[0]
        $group.Instances.LaunchTemplate.Version | Sort-Object -Unique | Should -Be '3'
        (Get-AoTestBehaviour $b).Acted.instanceRefresh | Should -BeGreaterThan 0
        Set-AoTestBehaviour $b -Windows @{ instanceRefresh = 1 }

        # The next revision registered for another reason (here a changed file) names the app's task role. The tests below
        # go on with that file.
        $script:common.TaskDefinitionPath = New-AoTestTaskDefinitionFile (Join-Path $TestDrive 'taskdef-changed.json') -Memory 384
        Clear-AoTestRequestLog $b
        $null = New-AoEcsApp -Name $app -DomainName "$app.$zone" @common
        @(Get-Mutating) | Should -Contain 'ecs:RegisterTaskDefinition'
        $running = (Invoke-AoTestAws $b ecs describe-services --cluster "aotech-$app" --services "aotech-$app").services[0].taskDefinition
        $running | Should -Not -Be $oldRevision.taskDefinitionArn
        (Invoke-AoTestAws $b ecs describe-task-definition --task-definition $running).taskDefinition.taskRoleArn |
            Should -Be (Invoke-AoTestAws $b iam get-role --role-name "aotech-$app-task").Role.Arn
        Clear-AoTestRequestLog $b
        $null = New-AoEcsApp -Name $app -DomainName "$app.$zone" @common
        Get-Mutating | Should -BeNullOrEmpty
    }

    It 'a run cut off after the new launch template version starts the refresh the next time' {
        # The template changes (another instance type) and the run stops before the refresh: the instances stay behind.
        New-TemplateVersion $app @{ InstanceType = 't3.medium' }
        Clear-AoTestRequestLog $b
        $null = New-AoEcsApp -Name $app -DomainName "$app.$zone" -InstanceType t3.medium @common
        @(Get-Mutating) | Should -Be @('ssm:PutParameter', 'autoscaling:StartInstanceRefresh', 'ssm:DeleteParameter')
    }

    It '-AmiId puts an AMI of one''s own into a new launch template version and refreshes the instances; -UserData appends a script' {
        $script = Join-Path $TestDrive 'own.sh'
        "echo hello from the app's own script > /tmp/own" | Set-Content $script
        Start-Sleep -Seconds 1.2   # the refresh the test before started is done
        Clear-AoTestRequestLog $b
        $result = New-AoEcsApp -Name $app -DomainName "$app.$zone" -InstanceType t3.medium -AmiId ami-03cf127a -UserData $script @common
        @(Get-Mutating) | Should -Be @('ssm:PutParameter', 'ec2:CreateLaunchTemplateVersion', 'autoscaling:StartInstanceRefresh', 'ssm:DeleteParameter')
        @(Get-AoTestRequestLog $b | Where-Object Operation -eq 'GetParameters') | Should -BeNullOrEmpty   # no ECS AMI look-up
        $lt = Invoke-AoTestAws $b ec2 describe-launch-template-versions --launch-template-name "aotech-$app-lt" --versions '$Latest'
        $lt.LaunchTemplateVersions[0].LaunchTemplateData.ImageId | Should -Be 'ami-03cf127a'
        $userData = Get-UserData $app
        $userData | Should -Match ([regex]::Escape("echo hello from the app's own script > /tmp/own"))
        $userData.IndexOf('hello from') | Should -BeGreaterThan $userData.IndexOf('DOCKER-USER')
        $result.Changes -join "`n" | Should -Match 'Started instance refresh'
    }

    It 'an AMI of another architecture is refused before any change' {
        Clear-AoTestRequestLog $b
        { New-AoEcsApp -Name $app -DomainName "$app.$zone" -AmiId ami-0e9271c829888680e @common -ErrorAction Stop } |
            Should -Throw -ErrorId 'AmiArchitectureMismatch*'
        Get-Mutating | Should -BeNullOrEmpty
        $calls = @(Get-AoTestRequestLog $b | ForEach-Object Operation)
        $calls | Should -Contain 'DescribeImages'
        $calls | Should -Contain 'DescribeInstanceTypes'
    }
}
