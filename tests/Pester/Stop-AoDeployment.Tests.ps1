BeforeAll {
    Import-Module $env:AOTECH_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'RolloutTestApp.psm1') -Force
}

Describe 'Stop-AoDeployment on ECS service deployments (the layer''s model of them)' {
    BeforeAll {
        $script:Backend = Start-AoTestBackend -ServiceDeployments
        $script:Aws = @{ EndpointUrl = $Backend.EndpointUrl; Region = 'us-east-1' }
    }
    AfterAll { if ($script:Backend) { Stop-AoTestBackend $script:Backend } }

    BeforeEach {
        $script:App = New-AoTestRolloutApp $Backend -Name (New-AoTestAppName) -DesiredCount 2
        # A blue/green rollout that pauses once the new revision takes the test traffic, as an approval step would.
        Set-AoTestDeploymentStrategy $Backend $App.Name @{ strategy = 'BLUE_GREEN'; bakeTimeInMinutes = 1
            lifecycleHooks = @(@{ targetType = 'PAUSE'; lifecycleStages = @('POST_TEST_TRAFFIC_SHIFT') }) }
    }

    It 'rolls a paused blue/green rollout back with -Rollback and waits until the service runs the revision before' {
        $null = Update-AoTaskDefinition -Name $App.Name -Image @{ aspnetapp = "$($App.Registry)/aspnetapp:2.0.0" } -Deploy @Aws
        $paused = Wait-AoTestServiceDeployment $Backend $App.Name { $_.lifecycleHookDetails.status -contains 'AWAITING_ACTION' }
        Clear-AoTestRequestLog $Backend

        $done = Stop-AoDeployment -Name $App.Name -Rollback -Confirm:$false @Aws

        $done | Should -BeOfType 'AoTech.Ecs.PowerShell.Output.AoDeployment'
        $done.ServiceDeploymentArn | Should -Be $paused.serviceDeploymentArn
        $done.ServiceDeploymentStatus | Should -Be 'ROLLBACK_SUCCESSFUL'
        $done.RolloutState | Should -Be 'FAILED'
        @(Get-AoTestRequestLog $Backend | Where-Object Mutating).Operation | Should -Be @('StopServiceDeployment')
        (Get-AoTestService $Backend $App.Name -ThroughLayer).taskDefinition | Should -Be $App.FirstRevisionArn
        $after = Get-AoTestServiceDeployment $Backend $App.Name
        $after.targetServiceRevision.requestedProductionTrafficWeight | Should -Be 0
        $after.rollback.reason | Should -Match 'StopServiceDeployment'
    }

    It 'stops the rollout Update-AoTaskDefinition -Deploy started, bound from the pipeline' {
        Set-AoTestDeploymentStrategy $Backend $App.Name @{ strategy = 'BLUE_GREEN'; bakeTimeInMinutes = 30; lifecycleHooks = @() }
        $done = Update-AoTaskDefinition -Name $App.Name -Image @{ aspnetapp = "$($App.Registry)/aspnetapp:2.0.0" } -Deploy @Aws |
            Stop-AoDeployment -Rollback -Confirm:$false

        $done.ServiceDeploymentStatus | Should -Be 'ROLLBACK_SUCCESSFUL'
        $done.Region | Should -Be 'us-east-1'
        $done.EndpointUrl | Should -Be $Backend.EndpointUrl
        (Get-AoTestService $Backend $App.Name -ThroughLayer).taskDefinition | Should -Be $App.FirstRevisionArn
    }

    It 'stops a rollout where it stands without -Rollback (stop type ABORT)' {
        $null = Update-AoTaskDefinition -Name $App.Name -Image @{ aspnetapp = "$($App.Registry)/aspnetapp:2.0.0" } -Deploy @Aws
        $null = Wait-AoTestServiceDeployment $Backend $App.Name { $_.lifecycleHookDetails.status -contains 'AWAITING_ACTION' }
        $done = Stop-AoDeployment -Name $App.Name -Confirm:$false @Aws
        $done.ServiceDeploymentStatus | Should -Be 'STOPPED'
        (Get-AoTestRequestLog $Backend | Where-Object Operation -eq 'StopServiceDeployment' | Select-Object -Last 1) | Should -Not -BeNullOrEmpty
    }

    It 'returns at once with -NoWait, the deployment as ECS shows it right after the stop' {
        $null = Update-AoTaskDefinition -Name $App.Name -Image @{ aspnetapp = "$($App.Registry)/aspnetapp:2.0.0" } -Deploy @Aws
        $null = Wait-AoTestServiceDeployment $Backend $App.Name { $_.lifecycleHookDetails.status -contains 'AWAITING_ACTION' }
        $d = Stop-AoDeployment -Name $App.Name -Rollback -NoWait -Confirm:$false @Aws
        $d.ServiceDeploymentStatus | Should -BeIn @('ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS')
        # It pipes on: Wait-AoDeployment then reports the rollout as rolled back.
        { $d | Wait-AoDeployment -ErrorAction Stop } | Should -Throw -ErrorId 'DeploymentRolledBack,*'
    }

    It 'changes nothing with -WhatIf, and says what it would do' {
        $null = Update-AoTaskDefinition -Name $App.Name -Image @{ aspnetapp = "$($App.Registry)/aspnetapp:2.0.0" } -Deploy @Aws
        $null = Wait-AoTestServiceDeployment $Backend $App.Name { $_.lifecycleHookDetails.status -contains 'AWAITING_ACTION' }
        Clear-AoTestRequestLog $Backend
        $said = Get-AoTestHostText { Stop-AoDeployment -Name $App.Name -Rollback -WhatIf @Aws }
        $said | Should -Match "Roll back service deployment .* of $($App.Resource):2 to $($App.Resource):1"
        @(Get-AoTestRequestLog $Backend | Where-Object Mutating).Count | Should -Be 0
        (Get-AoTestServiceDeployment $Backend $App.Name).status | Should -Be 'IN_PROGRESS'
    }

    It 'refuses a deployment that is no longer rolling out with DeploymentNotInProgress, changing nothing' {
        Set-AoTestDeploymentStrategy $Backend $App.Name @{ strategy = 'ROLLING'; lifecycleHooks = @() }
        $null = Update-AoTaskDefinition -Name $App.Name -Image @{ aspnetapp = "$($App.Registry)/aspnetapp:2.0.0" } -Deploy @Aws | Wait-AoDeployment
        Clear-AoTestRequestLog $Backend
        $err = { Stop-AoDeployment -Name $App.Name -Rollback -Confirm:$false -ErrorAction Stop @Aws } |
            Should -Throw -ErrorId 'DeploymentNotInProgress,*' -PassThru
        $err.Exception.Message | Should -Match 'is SUCCESSFUL'
        $err.CategoryInfo.Category | Should -Be 'InvalidOperation'
        @(Get-AoTestRequestLog $Backend | Where-Object Mutating).Count | Should -Be 0
    }
}

Describe 'Stop-AoDeployment where the endpoint keeps no service deployments' {
    BeforeAll {
        $script:Plain = Start-AoTestBackend -MotoEnvironment @{ MOTO_ECS_SERVICE_RUNNING = '1' }
        $script:App = New-AoTestRolloutApp $Plain -Name (New-AoTestAppName)
    }
    AfterAll { if ($script:Plain) { Stop-AoTestBackend $script:Plain } }

    It 'fails with ServiceDeploymentsUnsupported, naming the way forward, and changes nothing' {
        Clear-AoTestRequestLog $Plain
        $err = { Stop-AoDeployment -Name $App.Name -Rollback -Confirm:$false -ErrorAction Stop -EndpointUrl $Plain.EndpointUrl -Region us-east-1 } |
            Should -Throw -ErrorId 'ServiceDeploymentsUnsupported,*' -PassThru
        $err.Exception.Message | Should -Match 'Undo-AoDeployment'
        @(Get-AoTestRequestLog $Plain | Where-Object Mutating).Count | Should -Be 0
    }
}
