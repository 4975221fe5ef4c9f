BeforeAll {
    Import-Module $env:AOTECH_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'RolloutTestApp.psm1') -Force
    $script:Backend = Start-AoTestBackend
    $script:Aws = @{ EndpointUrl = $Backend.EndpointUrl; Region = 'us-east-1' }
    function Get-Mutations { @(Get-AoTestRequestLog $Backend | Where-Object Mutating) }
}

AfterAll {
    if ($script:Backend) { Stop-AoTestBackend $script:Backend }
}

Describe 'Update-AoTaskDefinition' {
    BeforeEach {
        $script:App = New-AoTestRolloutApp $Backend -Name (New-AoTestAppName)
        Clear-AoTestRequestLog $Backend
    }

    It 'registers a new revision with only the asked-for image changed, and leaves the service alone' {
        $td = Update-AoTaskDefinition -Name $App.Name -Image @{ aspnetapp = "$($App.Registry)/aspnetapp:1.1.0" } @Aws

        $td.Revision | Should -Be 2
        $td.Family | Should -Be $App.Resource
        $td.Changed | Should -BeTrue
        $td | Should -BeOfType 'AoTech.Ecs.PowerShell.Output.AoTaskDefinition'
        @($td.Images.Keys) | Should -Be @('aspnetapp', 'nginx')
        $td.Images['aspnetapp'] | Should -Be "$($App.Registry)/aspnetapp:1.1.0"
        $td.Images['nginx'] | Should -Be "$($App.Registry)/nginx:1.27"

        $described = Invoke-AoTestAws $Backend ecs describe-task-definition --task-definition $td.Arn --include TAGS
        $container = $described.taskDefinition.containerDefinitions | Where-Object name -eq 'aspnetapp'
        $container.memory | Should -Be 256
        $container.portMappings[0].containerPort | Should -Be 8080
        ($container.environment | Where-Object name -eq 'ASPNETCORE_ENVIRONMENT').value | Should -Be 'Production'
        ($described.tags | Where-Object key -eq 'aotech:app').value | Should -Be $App.Name

        (Get-AoTestService $Backend $App.Name).taskDefinition | Should -Be $App.FirstRevisionArn
        (Get-Mutations).Operation | Should -Be @('RegisterTaskDefinition')
    }

    It 'with -Deploy updates the service and outputs the deployment ECS started' {
        $d = Update-AoTaskDefinition -Name $App.Name -Image @{ aspnetapp = "$($App.Registry)/aspnetapp:2.0.0" } -Deploy @Aws

        $service = Get-AoTestService $Backend $App.Name
        $service.taskDefinition | Should -Match "/$($App.Resource):2$"
        $d.Id | Should -Not -BeNullOrEmpty
        $d | Should -BeOfType 'AoTech.Ecs.PowerShell.Output.AoDeployment'
        $d.Id | Should -Be ($service.deployments | Where-Object status -eq 'PRIMARY').id
        $d.TaskDefinition | Should -Be "$($App.Resource):2"
        $d.Name | Should -Be $App.Name
        $d.Region | Should -Be 'us-east-1'
        $d.EndpointUrl | Should -Be $Backend.EndpointUrl
        (Get-Mutations).Operation | Should -Be @('RegisterTaskDefinition', 'UpdateService')
    }

    It 'registers nothing and says so when nothing would change' {
        $before = Get-AoTestRevisions $Backend $App.Name
        $td = Update-AoTaskDefinition -Name $App.Name -Image @{ nginx = "$($App.Registry)/nginx:1.27" } `
            -Environment @{ aspnetapp = @{ ASPNETCORE_ENVIRONMENT = 'Production' } } -WarningVariable warnings @Aws 3>$null

        $td.Changed | Should -BeFalse
        $td.Revision | Should -Be 1
        "$warnings" | Should -Match 'Nothing to change'
        Get-Mutations | Should -BeNullOrEmpty
        (Get-AoTestRevisions $Backend $App.Name).Count | Should -Be $before.Count
    }

    It 'matches piped image objects to containers by repository' {
        $image = [pscustomobject]@{ Repository = "$($App.Registry)/nginx"; Reference = "$($App.Registry)/nginx@sha256:$('a' * 64)" }
        $td = $image | Update-AoTaskDefinition -Name $App.Name @Aws

        $td.Images['nginx'] | Should -Be $image.Reference
        $td.Images['aspnetapp'] | Should -Be "$($App.Registry)/aspnetapp:1.0.0"
        (Get-AoTestRevisions $Backend $App.Name).Count | Should -Be 2
    }

    It 'matches a published image from another registry to the container running the same repository name (issue 16)' {
        # As the README's flow does: the app runs aspnetapp from one registry, the new build is pushed to another.
        $image = [pscustomobject]@{ Repository = '127.0.0.1:5000/team/aspnetapp'; Reference = "127.0.0.1:5000/team/aspnetapp@sha256:$('b' * 64)" }
        $td = $image | Update-AoTaskDefinition -Name $App.Name @Aws

        $td.Images['aspnetapp'] | Should -Be $image.Reference
        $td.Images['nginx'] | Should -Be "$($App.Registry)/nginx:1.27"
    }

    It 'puts several piped images into one new revision' {
        $images = @(
            [pscustomobject]@{ Reference = "$($App.Registry)/nginx:1.28" }
            [pscustomobject]@{ Reference = "$($App.Registry)/aspnetapp:3.0.0" }
        )
        $td = $images | Update-AoTaskDefinition -Name $App.Name @Aws
        $td.Revision | Should -Be 2
        $td.Images['nginx'] | Should -Be "$($App.Registry)/nginx:1.28"
        $td.Images['aspnetapp'] | Should -Be "$($App.Registry)/aspnetapp:3.0.0"
        @(Get-Mutations | Where-Object Operation -eq 'RegisterTaskDefinition').Count | Should -Be 1
    }

    It 'changes environment variables without showing their values' {
        $td = Update-AoTaskDefinition -Name $App.Name -Environment @{ aspnetapp = @{ API_TOKEN = 'hunter2-secret'; ASPNETCORE_ENVIRONMENT = $null } } -Verbose @Aws 4>&1 |
            Tee-Object -Variable all | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        $described = Invoke-AoTestAws $Backend ecs describe-task-definition --task-definition $td.Arn
        $env = ($described.taskDefinition.containerDefinitions | Where-Object name -eq 'aspnetapp').environment
        @($env).Count | Should -Be 1
        $env[0].name | Should -Be 'API_TOKEN'
        $env[0].value | Should -Be 'hunter2-secret'
        ($all | Out-String) | Should -Not -Match 'hunter2'
        ($td | Format-List * | Out-String) | Should -Not -Match 'hunter2'
    }

    It 'updates the latest revision of a family with -Family' {
        $td = Update-AoTaskDefinition -Family $App.Resource -Image @{ nginx = "$($App.Registry)/nginx:1.29" } @Aws
        $td.Revision | Should -Be 2
        (Get-AoTestService $Backend $App.Name).taskDefinition | Should -Be $App.FirstRevisionArn
    }

    It 'registers nothing with -WhatIf' {
        Update-AoTaskDefinition -Name $App.Name -Image @{ aspnetapp = "$($App.Registry)/aspnetapp:9.9.9" } -Deploy -WhatIf @Aws | Should -BeNullOrEmpty
        Get-Mutations | Should -BeNullOrEmpty
    }

    It 'fails with <ErrorId> for <Case>' -ForEach @(
        @{ Case = 'an unknown container'; ErrorId = 'ContainerNotFound'; Image = @{ worker = 'x/worker:1' } }
        @{ Case = 'a repository no container runs'; ErrorId = 'ContainerNotFound'; Image = 'example.com/other:1' }
        @{ Case = 'an invalid image reference'; ErrorId = 'InvalidImageReference'; Image = @{ nginx = 'Not An Image' } }
        @{ Case = 'an upper-case Docker Hub name (issue 19)'; ErrorId = 'InvalidImageReference'; Image = 'UPPER/case' }
        @{ Case = 'a digest algorithm Docker does not accept (issue 19)'; ErrorId = 'InvalidImageReference'; Image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/nginx@md5:d41d8cd98f00b204e9800998ecf8427e' }
    ) {
        { Update-AoTaskDefinition -Name $App.Name -Image $Image -ErrorAction Stop @Aws } | Should -Throw -ErrorId "$ErrorId,*"
        Get-Mutations | Should -BeNullOrEmpty
    }

    It 'fails with ServiceNotActive for an app that does not exist' {
        $err = { Update-AoTaskDefinition -Name 'nosuchapp' -Image @{ nginx = 'nginx:1' } -ErrorAction Stop @Aws } |
            Should -Throw -ErrorId 'ServiceNotActive,*' -PassThru
        $err.TargetObject | Should -Be 'nosuchapp'
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
