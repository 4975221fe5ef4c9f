BeforeAll {
    Import-Module $env:AOTECH_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'RolloutTestApp.psm1') -Force
    $script:Backend = Start-AoTestBackend -ServiceDeployments
    $script:Aws = @{ EndpointUrl = $Backend.EndpointUrl; Region = 'us-east-1' }
}

AfterAll { if ($script:Backend) { Stop-AoTestBackend $script:Backend } }

Describe 'Resume-AoDeployment on ECS service deployments (the layer''s model of them)' {
    BeforeEach {
        $script:App = New-AoTestRolloutApp $Backend -Name (New-AoTestAppName) -DesiredCount 2
        # A blue/green rollout that pauses once the new revision takes the test traffic, as an approval step would.
        Set-AoTestDeploymentStrategy $Backend $App.Name @{ strategy = 'BLUE_GREEN'; bakeTimeInMinutes = 1
            lifecycleHooks = @(@{ targetType = 'PAUSE'; lifecycleStages = @('POST_TEST_TRAFFIC_SHIFT') }) }
    }

    It 'resumes a paused blue/green rollout, which Wait-AoDeployment then follows to SUCCESSFUL' {
        $started = Update-AoTaskDefinition -Name $App.Name -Image @{ aspnetapp = "$($App.Registry)/aspnetapp:2.0.0" } -Deploy @Aws
        # Waiting alone gets nowhere: the rollout waits at the hook, and the timeout says where.
        $err = $null
        try { $started | Wait-AoDeployment -Timeout 4 -ErrorAction Stop -WarningVariable warnings -WarningAction SilentlyContinue } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'DeploymentTimedOut,*'
        $err.Exception.Message | Should -Match 'stuck in stage POST_TEST_TRAFFIC_SHIFT \(IN_PROGRESS\), waiting at a PAUSE hook'
        # ECS gives every pause an expiry (1440 minutes, then ROLLBACK, unless configured), and the warning says it.
        ($warnings | Out-String) | Should -Match "waits at a PAUSE hook in stage POST_TEST_TRAFFIC_SHIFT until \S+ \(then ROLLBACK\): Resume-AoDeployment -Name $($App.Name)"
        Clear-AoTestRequestLog $Backend

        $done = Resume-AoDeployment -Name $App.Name -Confirm:$false @Aws | Wait-AoDeployment

        $done.ServiceDeploymentStatus | Should -Be 'SUCCESSFUL'
        $done.TaskDefinition | Should -Be "$($App.Resource):2"
        $done.Id | Should -Be $started.Id
        @(Get-AoTestRequestLog $Backend | Where-Object Mutating).Operation | Should -Be @('ContinueServiceDeployment')
        (Get-AoTestServiceDeployment $Backend $App.Name).lifecycleHookDetails[0].status | Should -Be 'SUCCEEDED'
    }

    It 'continues the deployment piped from Update-AoTaskDefinition -Deploy, bound by property name' {
        $started = Update-AoTaskDefinition -Name $App.Name -Image @{ aspnetapp = "$($App.Registry)/aspnetapp:2.0.0" } -Deploy @Aws
        $null = Wait-AoTestServiceDeployment $Backend $App.Name { $_.lifecycleHookDetails.status -contains 'AWAITING_ACTION' }
        $resumed = $started | Resume-AoDeployment -Confirm:$false
        $resumed.ServiceDeploymentStatus | Should -Be 'IN_PROGRESS'
        $resumed.ServiceDeploymentArn | Should -Match ':service-deployment/'
        $resumed.EndpointUrl | Should -Be $Backend.EndpointUrl
        ($resumed | Wait-AoDeployment).ServiceDeploymentStatus | Should -Be 'SUCCESSFUL'
    }

    It 'rolls the paused rollout back with -Rollback' {
        $null = Update-AoTaskDefinition -Name $App.Name -Image @{ aspnetapp = "$($App.Registry)/aspnetapp:2.0.0" } -Deploy @Aws
        $null = Wait-AoTestServiceDeployment $Backend $App.Name { $_.lifecycleHookDetails.status -contains 'AWAITING_ACTION' }
        $resumed = Resume-AoDeployment -Name $App.Name -Rollback -Confirm:$false @Aws
        $resumed.ServiceDeploymentStatus | Should -BeIn @('ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS')
        { $resumed | Wait-AoDeployment -ErrorAction Stop } | Should -Throw -ErrorId 'DeploymentRolledBack,*'
        $null = Wait-AoTestServiceDeployment $Backend $App.Name { $_.status -eq 'ROLLBACK_SUCCESSFUL' }
        (Get-AoTestService $Backend $App.Name -ThroughLayer).taskDefinition | Should -Be $App.FirstRevisionArn
    }

    It 'changes nothing with -WhatIf' {
        $null = Update-AoTaskDefinition -Name $App.Name -Image @{ aspnetapp = "$($App.Registry)/aspnetapp:2.0.0" } -Deploy @Aws
        $null = Wait-AoTestServiceDeployment $Backend $App.Name { $_.lifecycleHookDetails.status -contains 'AWAITING_ACTION' }
        Clear-AoTestRequestLog $Backend
        $said = Get-AoTestHostText { Resume-AoDeployment -Name $App.Name -WhatIf @Aws }
        $said | Should -Match 'Continue service deployment .* past POST_TEST_TRAFFIC_SHIFT'
        @(Get-AoTestRequestLog $Backend | Where-Object Mutating).Count | Should -Be 0
        (Get-AoTestServiceDeployment $Backend $App.Name).lifecycleHookDetails[0].status | Should -Be 'AWAITING_ACTION'
    }

    It 'refuses a deployment that waits at no hook with DeploymentNotPaused, changing nothing' {
        Set-AoTestDeploymentStrategy $Backend $App.Name @{ strategy = 'BLUE_GREEN'; bakeTimeInMinutes = 30; lifecycleHooks = @() }
        $null = Update-AoTaskDefinition -Name $App.Name -Image @{ aspnetapp = "$($App.Registry)/aspnetapp:2.0.0" } -Deploy @Aws
        $null = Wait-AoTestServiceDeployment $Backend $App.Name { $_.lifecycleStage -eq 'BAKE_TIME' }
        Clear-AoTestRequestLog $Backend
        $err = { Resume-AoDeployment -Name $App.Name -Confirm:$false -ErrorAction Stop @Aws } | Should -Throw -ErrorId 'DeploymentNotPaused,*' -PassThru
        $err.Exception.Message | Should -Match 'in stage BAKE_TIME and waits at no PAUSE hook'
        @(Get-AoTestRequestLog $Backend | Where-Object Mutating).Count | Should -Be 0
    }
}
