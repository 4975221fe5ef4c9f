# Task auto scaling (issue 13, "each app scales on its own"): one app built once with a range and both targets, then
# re-runs, Set-AoEcsApp and Remove-AoEcsApp against it.
BeforeAll {
    Import-Module $env:AOTECH_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AoEcsApp.TestSupport.psm1') -Force
    $script:b = Start-AoTestBackend -MotoEnvironment @{ MOTO_ACM_VALIDATION_WAIT = '1'; MOTO_ECS_SERVICE_RUNNING = '2' }
    $script:zone = 'z' + [guid]::NewGuid().ToString('N').Substring(0, 8) + '.example'
    $script:zoneId = New-AoTestHostedZone $b $zone
    $script:taskdef = New-AoTestTaskDefinitionFile (Join-Path $TestDrive 'taskdef.json')
    $script:app = 'sc' + [guid]::NewGuid().ToString('N').Substring(0, 6)
    $script:common = @{ EndpointUrl = $b.EndpointUrl; Region = 'us-east-1' }
    # The public layout: no NAT gateways to wait for, so the file stays short; scaling does not depend on the layout.
    $script:spec = @{ Name = $app; DomainName = "www.$zone"; TaskDefinitionPath = $taskdef; Network = 'Public' } + $common
    $script:resourceId = "service/aotech-$app/aotech-$app"

    function script:Get-Mutating { @(Get-AoTestRequestLog $b | Where-Object Mutating) }
    function script:Get-Target { (Invoke-AoTestAws $b application-autoscaling describe-scalable-targets --service-namespace ecs --resource-ids $resourceId).ScalableTargets }
    function script:Get-Policies { @((Invoke-AoTestAws $b application-autoscaling describe-scaling-policies --service-namespace ecs --resource-id $resourceId).ScalingPolicies) }
    function script:Get-DesiredCount { (Invoke-AoTestAws $b ecs describe-services --cluster "aotech-$app" --services "aotech-$app").services[0].desiredCount }

    $script:created = New-AoEcsApp @spec -DesiredCount 2 -MinCount 1 -MaxCount 6 -TargetCpuPercent 60 -TargetRequestsPerTask 500
}

AfterAll {
    if ($script:b) { Stop-AoTestBackend $script:b }
}

Describe 'Task auto scaling' {
    It 'New-AoEcsApp registers the service as a scalable target with a CPU and a request-count policy' {
        $created.Changes | Should -Contain "Registered scalable target $resourceId (1-6 tasks)"
        $created.Scaling | Should -Be '1-6 tasks, CPU 60%, 500 requests/task'
        $target = Get-Target
        @($target).Count | Should -Be 1
        $target.ScalableDimension | Should -Be 'ecs:service:DesiredCount'
        $target.MinCapacity | Should -Be 1
        $target.MaxCapacity | Should -Be 6
        $policies = Get-Policies
        @($policies.PolicyName | Sort-Object) | Should -Be @("aotech-$app-cpu", "aotech-$app-requests")
        $cpu = ($policies | Where-Object PolicyName -eq "aotech-$app-cpu").TargetTrackingScalingPolicyConfiguration
        $cpu.TargetValue | Should -Be 60
        $cpu.PredefinedMetricSpecification.PredefinedMetricType | Should -Be 'ECSServiceAverageCPUUtilization'
        $requests = ($policies | Where-Object PolicyName -eq "aotech-$app-requests").TargetTrackingScalingPolicyConfiguration
        $requests.TargetValue | Should -Be 500
        $requests.PredefinedMetricSpecification.PredefinedMetricType | Should -Be 'ALBRequestCountPerTarget'
        # The label names the app's load balancer and target group by the final parts of their ARNs.
        $lb = (Invoke-AoTestAws $b elbv2 describe-load-balancers --names "aotech-$app-alb").LoadBalancers[0].LoadBalancerArn
        $tg = (Invoke-AoTestAws $b elbv2 describe-target-groups --names "aotech-$app-tg").TargetGroups[0].TargetGroupArn
        $requests.PredefinedMetricSpecification.ResourceLabel | Should -Be (($lb -replace '^.*:loadbalancer/', '') + '/' + ($tg -replace '^.*:', ''))
        Get-DesiredCount | Should -Be 2
    }

    It 'a re-run with the same inputs, or without any scaling parameter, makes no mutating call and keeps the scaling' {
        Clear-AoTestRequestLog $b
        $same = New-AoEcsApp @spec -DesiredCount 2 -MinCount 1 -MaxCount 6 -TargetCpuPercent 60 -TargetRequestsPerTask 500
        $plain = New-AoEcsApp @spec
        Get-Mutating | Should -BeNullOrEmpty
        $same.Changes | Should -BeNullOrEmpty
        $plain.Scaling | Should -Be '1-6 tasks, CPU 60%, 500 requests/task'
        (Get-Target).MaxCapacity | Should -Be 6
        @(Get-Policies).Count | Should -Be 2
    }

    It 'a re-run never resets a desired count auto scaling changed' {
        # Auto scaling's own move, as Application Auto Scaling makes it: UpdateService on the desired count.
        $null = Invoke-AoTestAws $b ecs update-service --cluster "aotech-$app" --service "aotech-$app" --desired-count 5
        Clear-AoTestRequestLog $b
        $app1 = New-AoEcsApp @spec -DesiredCount 2
        $app2 = New-AoEcsApp @spec
        Get-Mutating | Should -BeNullOrEmpty
        Get-DesiredCount | Should -Be 5
        $app1.DesiredCount | Should -Be 5
        $app2.DesiredCount | Should -Be 5
    }

    It 'Get-AoEcsApp shows the range, the targets and the current desired count' {
        $shown = Get-AoEcsApp -Name $app @common
        $shown.MinCount | Should -Be 1
        $shown.MaxCount | Should -Be 6
        $shown.TargetCpuPercent | Should -Be 60
        $shown.TargetRequestsPerTask | Should -Be 500
        $shown.DesiredCount | Should -Be 5
        ($shown | Out-String -Width 200) | Should -Match '5\s+1-6 tasks, CPU 60%, 500 requests/task'
    }

    It '-WhatIf shows the scaling change and changes nothing' {
        Clear-AoTestRequestLog $b
        $text = Get-AoTestWhatIfText ($spec + @{ TargetCpuPercent = 70; MaxCount = 8 }) (Join-Path $TestDrive 'whatif.txt')
        $text | Should -Match ([regex]::Escape("Change scalable target $resourceId`: max 6 -> 8"))
        $text | Should -Match "Change scaling policy aotech-$app-cpu: target 60 -> 70% CPU"
        Get-Mutating | Should -BeNullOrEmpty
        $text = Get-AoTestWhatIfText (@{ Name = $app; MaxCount = 3 } + $common) (Join-Path $TestDrive 'setwhatif.txt') -Command 'Set-AoEcsApp'
        $text | Should -Match 'max 6 -> 3'
        $text | Should -Match 'desired count 5 -> 3'
        Get-Mutating | Should -BeNullOrEmpty
    }

    It 'bad scaling input is refused with its ErrorId before any change' -ForEach @(
        @{ Arguments = @{ MinCount = 9 }; ErrorId = 'InvalidScalingRange' }
        @{ Arguments = @{ DesiredCount = 7 }; ErrorId = 'DesiredCountOutsideRange' }
        @{ Arguments = @{ TargetCpuPercent = 0; TargetRequestsPerTask = 0 }; ErrorId = 'NoScalingTarget' }
        @{ Arguments = @{ NoAutoScaling = $true; MaxCount = 3 }; ErrorId = 'ScalingOptionsConflict' }
    ) {
        Clear-AoTestRequestLog $b
        { Set-AoEcsApp -Name $app @Arguments -Confirm:$false -ErrorAction Stop @common } | Should -Throw -ErrorId "$ErrorId,*"
        Get-Mutating | Should -BeNullOrEmpty
    }

    It 'Set-AoEcsApp changes the range (moving the count inside it), drops a target with 0, and -NoAutoScaling removes it all' {
        $set = Set-AoEcsApp -Name $app -MinCount 2 -MaxCount 4 -Confirm:$false @common
        $target = Get-Target
        $target.MinCapacity | Should -Be 2
        $target.MaxCapacity | Should -Be 4
        Get-DesiredCount | Should -Be 4 -Because 'the count auto scaling left at 5 is above the new maximum'
        $set.Scaling | Should -Be '2-4 tasks, CPU 60%, 500 requests/task'
        @(Get-Policies).Count | Should -Be 2 -Because 'the targets were left out, so they stay'

        $null = Set-AoEcsApp -Name $app -TargetRequestsPerTask 0 -Confirm:$false @common
        @(Get-Policies).PolicyName | Should -Be @("aotech-$app-cpu")

        Clear-AoTestRequestLog $b
        $none = Set-AoEcsApp -Name $app -NoAutoScaling -Confirm:$false @common
        Get-Target | Should -BeNullOrEmpty
        Get-Policies | Should -BeNullOrEmpty
        $none.Scaling | Should -BeNullOrEmpty
        Get-DesiredCount | Should -Be 4 -Because 'removing auto scaling leaves the count where it was'
        @(Get-Mutating | Where-Object Service -eq 'application-autoscaling' | ForEach-Object Operation) | Should -Be @('DeleteScalingPolicy', 'DeregisterScalableTarget')
    }

    It 'a run cut off between the scalable target and its policy is completed by the next one, and one cut off in the removal leaves a target the teardown finds' {
        # Mutating requests: the lock, RegisterScalableTarget, then PutScalingPolicy (denied, as is all after it).
        $null = Set-AoTestFault $b -FailAfterMutating 2 -AfterKind denied
        try { { Set-AoEcsApp -Name $app -MaxCount 5 -TargetCpuPercent 50 -Confirm:$false -ErrorAction Stop @common } | Should -Throw }
        finally { $null = Set-AoTestFault $b }
        (Get-Target).MaxCapacity | Should -Be 5
        Get-Policies | Should -BeNullOrEmpty
        $again = Set-AoEcsApp -Name $app -MaxCount 5 -TargetCpuPercent 50 -Confirm:$false @common
        $again.Scaling | Should -Be '1-5 tasks, CPU 50%'
        @(Get-Policies).PolicyName | Should -Be @("aotech-$app-cpu")

        # -NoAutoScaling cut after the policy's delete: the target stays, without policies, for Remove-AoEcsApp below.
        $null = Set-AoTestFault $b -FailAfterMutating 2 -AfterKind denied
        try { { Set-AoEcsApp -Name $app -NoAutoScaling -Confirm:$false -ErrorAction Stop @common } | Should -Throw }
        finally { $null = Set-AoTestFault $b }
        Get-Target | Should -Not -BeNullOrEmpty
        Get-Policies | Should -BeNullOrEmpty
    }

    It 'Remove-AoEcsApp leaves no scalable target and no policy (here one a cut-off run left without policies)' {
        $null = Remove-AoEcsApp -Name $app -Confirm:$false @common
        Get-Target | Should -BeNullOrEmpty
        Get-Policies | Should -BeNullOrEmpty
        Get-AoTestAppResources $b $app $zoneId "www.$zone" | Should -BeNullOrEmpty
    }
}
