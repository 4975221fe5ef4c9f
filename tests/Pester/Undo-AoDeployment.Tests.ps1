BeforeAll {
    Import-Module $env:AOTECH_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'RolloutTestApp.psm1') -Force
    $script:Backend = Start-AoTestBackend -MotoEnvironment @{ MOTO_ECS_SERVICE_RUNNING = '1' }
    $script:Aws = @{ EndpointUrl = $Backend.EndpointUrl; Region = 'us-east-1' }
}

AfterAll { if ($script:Backend) { Stop-AoTestBackend $script:Backend } }

Describe 'Undo-AoDeployment' {
    BeforeEach {
        $script:App = New-AoTestRolloutApp $Backend -Name (New-AoTestAppName)
    }

    It 'restores the revision that ran before and waits for it' {
        foreach ($v in '2.0.0', '3.0.0') {
            $null = Update-AoTaskDefinition -Name $App.Name -Image @{ aspnetapp = "$($App.Registry)/aspnetapp:$v" } -Deploy @Aws
        }
        (Get-AoTestService $Backend $App.Name).taskDefinition | Should -Match "/$($App.Resource):3$"
        Clear-AoTestRequestLog $Backend

        $done = Undo-AoDeployment -Name $App.Name -Confirm:$false @Aws

        $service = Get-AoTestService $Backend $App.Name
        $service.taskDefinition | Should -Match "/$($App.Resource):2$"
        $done.RolloutState | Should -Be 'COMPLETED'
        $done.TaskDefinition | Should -Be "$($App.Resource):2"
        @(Get-AoTestRequestLog $Backend | Where-Object Mutating).Operation | Should -Be @('UpdateService')
        # Nothing new was registered: a rollback reuses the old revision.
        (Get-AoTestRevisions $Backend $App.Name).Count | Should -Be 3
    }

    It 'returns the started deployment at once with -NoWait' {
        $null = Update-AoTaskDefinition -Name $App.Name -Image @{ nginx = "$($App.Registry)/nginx:1.28" } -Deploy @Aws
        $d = Undo-AoDeployment -Name $App.Name -NoWait -Confirm:$false @Aws
        $d.Id | Should -Not -BeNullOrEmpty
        $d.TaskDefinition | Should -Be "$($App.Resource):1"
        $d.FinishedAt | Should -BeNullOrEmpty
    }

    It 'changes nothing with -WhatIf' {
        $null = Update-AoTaskDefinition -Name $App.Name -Image @{ nginx = "$($App.Registry)/nginx:1.28" } -Deploy @Aws
        Clear-AoTestRequestLog $Backend
        Undo-AoDeployment -Name $App.Name -WhatIf @Aws | Should -BeNullOrEmpty
        @(Get-AoTestRequestLog $Backend | Where-Object Mutating).Count | Should -Be 0
        (Get-AoTestService $Backend $App.Name).taskDefinition | Should -Match "/$($App.Resource):2$"
    }

    It 'fails with NoPreviousRevision when the app only ever had one revision' {
        { Undo-AoDeployment -Name $App.Name -Confirm:$false -ErrorAction Stop @Aws } | Should -Throw -ErrorId 'NoPreviousRevision,*'
    }
}

Describe 'Undo-AoDeployment on ECS service deployments (the layer''s model of them)' {
    BeforeAll {
        $script:SdBackend = Start-AoTestBackend -ServiceDeployments
        $script:SdAws = @{ EndpointUrl = $SdBackend.EndpointUrl; Region = 'us-east-1' }
    }
    AfterAll { if ($script:SdBackend) { Stop-AoTestBackend $script:SdBackend } }

    BeforeEach {
        $script:App = New-AoTestRolloutApp $SdBackend -Name (New-AoTestAppName) -DesiredCount 2
    }

    It 'has ECS roll back a blue/green rollout still baking (StopServiceDeployment ROLLBACK), and waits for it' {
        Set-AoTestDeploymentStrategy $SdBackend $App.Name @{ strategy = 'BLUE_GREEN'; bakeTimeInMinutes = 30 }
        $null = Update-AoTaskDefinition -Name $App.Name -Image @{ aspnetapp = "$($App.Registry)/aspnetapp:2.0.0" } -Deploy @SdAws
        $baking = Wait-AoTestServiceDeployment $SdBackend $App.Name { $_.lifecycleStage -eq 'BAKE_TIME' }
        Clear-AoTestRequestLog $SdBackend

        $done = Undo-AoDeployment -Name $App.Name -Confirm:$false @SdAws

        $done.ServiceDeploymentArn | Should -Be $baking.serviceDeploymentArn
        $done.ServiceDeploymentStatus | Should -Be 'ROLLBACK_SUCCESSFUL'
        @(Get-AoTestRequestLog $SdBackend | Where-Object Mutating).Operation | Should -Be @('StopServiceDeployment')
        (Get-AoTestService $SdBackend $App.Name -ThroughLayer).taskDefinition | Should -Be $App.FirstRevisionArn
        (Get-AoTestServiceDeployment $SdBackend $App.Name).rollback.serviceRevisionArn | Should -Be $baking.sourceServiceRevisions[0].arn
    }

    It 'deploys the previous revision again once the rollout has finished, and follows that deployment' {
        Set-AoTestDeploymentStrategy $SdBackend $App.Name @{ strategy = 'BLUE_GREEN'; bakeTimeInMinutes = 0 }
        $null = Update-AoTaskDefinition -Name $App.Name -Image @{ aspnetapp = "$($App.Registry)/aspnetapp:2.0.0" } -Deploy @SdAws | Wait-AoDeployment
        Clear-AoTestRequestLog $SdBackend

        $done = Undo-AoDeployment -Name $App.Name -Confirm:$false @SdAws

        @(Get-AoTestRequestLog $SdBackend | Where-Object Mutating).Operation | Should -Be @('UpdateService')
        $done.TaskDefinition | Should -Be "$($App.Resource):1"
        $done.ServiceDeploymentStatus | Should -Be 'SUCCESSFUL'
        $done.ServiceDeploymentArn | Should -Be (Get-AoTestService $SdBackend $App.Name -ThroughLayer).currentServiceDeployment
    }

    It 'shows ECS''s rollback with -WhatIf and changes nothing' {
        Set-AoTestDeploymentStrategy $SdBackend $App.Name @{ strategy = 'BLUE_GREEN'; bakeTimeInMinutes = 30 }
        $null = Update-AoTaskDefinition -Name $App.Name -Image @{ aspnetapp = "$($App.Registry)/aspnetapp:2.0.0" } -Deploy @SdAws
        $null = Wait-AoTestServiceDeployment $SdBackend $App.Name { $_.lifecycleStage -eq 'BAKE_TIME' }
        Clear-AoTestRequestLog $SdBackend
        $said = Get-AoTestHostText { Undo-AoDeployment -Name $App.Name -WhatIf @SdAws }
        $said | Should -Match 'StopServiceDeployment ROLLBACK'
        @(Get-AoTestRequestLog $SdBackend | Where-Object Mutating).Count | Should -Be 0
        (Get-AoTestServiceDeployment $SdBackend $App.Name).status | Should -Be 'IN_PROGRESS'
    }
}
