# Issue 15's "Done when", through the cmdlets users run: one app made by New-AoEcsApp, with its own load balancer,
# switched between strategies with Set-AoEcsApp and rolled out with Update-AoTaskDefinition -Deploy piped to Wait-,
# Stop- and Resume-AoDeployment. The backend is moto with the layer's model of ECS service deployments in front
# (tests/tools/ecs_deployments.py), which runs each rollout as ECS documents it and moves the listener rules' traffic
# as ECS does: the stack never moves it. A documented minute lasts 0.3 s here, so that most rollouts end before
# Wait-AoDeployment's second poll (2 s).
BeforeAll {
    Import-Module $env:AOTECH_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AoEcsApp.TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'RolloutTestApp.psm1') -Force
    # Certificates are issued one second after the request; new services report two running tasks.
    $script:b = Start-AoTestBackend -MotoEnvironment @{ MOTO_ACM_VALIDATION_WAIT = '1'; MOTO_ECS_SERVICE_RUNNING = '2' } -ServiceDeployments
    $null = Set-AoTestServiceDeployments $b -Minute 0.3 -TaskStart 0.2 -TaskFailure 0.2 -Stage 0.05
    $script:zone = 'z' + [guid]::NewGuid().ToString('N').Substring(0, 8) + '.example'
    $null = New-AoTestHostedZone $b $zone
    $script:common = @{ EndpointUrl = $b.EndpointUrl; Region = 'us-east-1' }
    $script:app = 'bg' + [guid]::NewGuid().ToString('N').Substring(0, 6)
    $script:stack = @{ Name = $app; DomainName = "www.$zone"; TaskDefinitionPath = (New-AoTestTaskDefinitionFile (Join-Path $TestDrive 'taskdef.json')) }

    function script:Get-Mutating { @(Get-AoTestRequestLog $b | Where-Object Mutating) }
    # The production listener rule (the app's host rule) and the test listener rule, as ECS left them.
    function script:Get-Routes {
        $routes = @(Get-AoTestListenerRoutes $b $app -ListenerArn $script:listener)
        [pscustomobject]@{
            Production = @($routes | Where-Object { -not $_.IsTestRule -and -not $_.IsDefault })[0]
            Test       = @($routes | Where-Object IsTestRule)[0]
        }
    }
    function script:Get-Service { (Invoke-AoTestAws $b -ThroughLayer ecs describe-services --cluster "aotech-$app" --services "aotech-$app").services[0] }
    # Each rollout deploys an image the app has not run yet.
    $script:minor = 27
    function script:Get-NextImage { $script:minor++; "nginx:1.$script:minor" }
    # The stack's re-run accepts the rules as ECS left them: it changes nothing and says so.
    function script:Assert-RerunChangesNothing {
        Clear-AoTestRequestLog $b
        $rerun = New-AoEcsApp @stack @common 3>$null
        Get-Mutating | ForEach-Object { "$($_.Service):$($_.Operation)" } | Should -BeNullOrEmpty
        $rerun.Changes | Should -BeNullOrEmpty
        $rerun
    }

    # Blue/green from the start, with a test listener rule for requests that carry the header.
    $script:created = New-AoEcsApp @stack -DeploymentStrategy BlueGreen -BakeTime 1 -TestTrafficHeader 'X-Release-Test: green' @common
    $lb = (Invoke-AoTestAws $b elbv2 describe-load-balancers --names "aotech-$app-alb").LoadBalancers[0]
    $script:listener = ((Invoke-AoTestAws $b elbv2 describe-listeners --load-balancer-arn $lb.LoadBalancerArn).Listeners | Where-Object Port -eq 443).ListenerArn
    # The app's two target groups (the backend holds no other app): its own, blue at first, and the alternate one.
    $script:targetGroups = @((Invoke-AoTestAws $b elbv2 describe-target-groups).TargetGroups.TargetGroupArn)
}

AfterAll {
    if ($script:b) { Stop-AoTestBackend $script:b }
}

Describe 'Rollouts by strategy on an app New-AoEcsApp made' {
    It 'New-AoEcsApp -DeploymentStrategy BlueGreen -TestTrafficHeader made the alternate target group and the test rule, traffic on the app''s own target group' {
        $targetGroups.Count | Should -Be 2
        $routes = Get-Routes
        $routes.Production.Live | Should -Be @((Invoke-AoTestAws $b elbv2 describe-target-groups --names "aotech-$app-tg").TargetGroups[0].TargetGroupArn)
        $routes.Test | Should -Not -BeNullOrEmpty
        [int]$routes.Test.Priority | Should -BeLessThan ([int]$routes.Production.Priority) -Because 'the test rule must match before the production rule'
    }

    It 'the strategy commands in README.md and about_AoTech.Ecs name only parameters the cmdlets have, and the README''s Set-AoEcsApp lines run as written' {
        $repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
        $blocks = @(
            if ((Get-Content -Raw (Join-Path $repo 'README.md')) -match '(?ms)^## Rollout strategies\s*$.*?^```powershell\r?\n(.*?)^```') { $Matches[1] }
            if ((Get-Content -Raw (Join-Path $repo 'docs/about_AoTech.Ecs.md')) -match '(?ms)^### Rollout strategies\s*$.*?^```powershell\r?\n(.*?)^```') { $Matches[1] }
        )
        $blocks.Count | Should -Be 2
        $ran = 0
        foreach ($block in $blocks) {
            $errors = $null
            $ast = [System.Management.Automation.Language.Parser]::ParseInput($block, [ref]$null, [ref]$errors)
            $errors | Should -BeNullOrEmpty
            foreach ($command in $ast.FindAll({ $args[0] -is [System.Management.Automation.Language.CommandAst] }, $true)) {
                $cmdlet = Get-Command $command.GetCommandName() -Module AoTech.Ecs -ErrorAction SilentlyContinue
                if (-not $cmdlet) { continue }
                foreach ($parameter in @($command.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] })) {
                    $cmdlet.Parameters.Keys | Should -Contain $parameter.ParameterName -Because $command.Extent.Text
                }
            }
            # The README's statements that start with Set-AoEcsApp, pipeline and all, for app 'web' read as this app, against
            # this backend (the only values added), in order. The topic's are the same commands.
            if ($block -ne $blocks[0]) { continue }
            foreach ($statement in $ast.EndBlock.Statements | Where-Object { $_.Extent.Text -match '^Set-AoEcsApp ' }) {
                $line = $statement.Extent.Text -replace '-Name web\b', "-Name $app"
                $script = "`$PSDefaultParameterValues = @{ '*-Ao*:EndpointUrl' = '$($b.EndpointUrl)'; '*-Ao*:Region' = 'us-east-1' }; `$ErrorActionPreference = 'Stop'; $line"
                $null = & ([scriptblock]::Create($script)) 3>$null
                $ran++
            }
        }
        $ran | Should -Be 4
        # The last line leaves the app as it says, the pause removed by the one before.
        $configuration = (Get-Service).deploymentConfiguration
        $configuration.strategy | Should -Be 'LINEAR'
        $configuration.linearConfiguration.stepPercent | Should -Be 25
        $configuration.linearConfiguration.stepBakeTimeInMinutes | Should -Be 2
        @($configuration.PSObject.Properties['lifecycleHooks'] | ForEach-Object Value) | Should -BeNullOrEmpty
    }

    It 'a blue/green rollout paused after the test traffic shift (Set-AoEcsApp -PauseAt) resumes with Resume-AoDeployment and runs to SUCCESSFUL' {
        $null = Set-AoEcsApp -Name $app -DeploymentStrategy BlueGreen -BakeTime 0 -PauseAt POST_TEST_TRAFFIC_SHIFT @common
        $blue = (Get-Routes).Production.Live
        $green = @($targetGroups | Where-Object { $_ -ne $blue[0] })

        $started = Update-AoTaskDefinition -Name $app -Image (Get-NextImage) -Deploy @common
        $paused = Wait-AoTestServiceDeployment $b $app { $_.lifecycleHookDetails.status -contains 'AWAITING_ACTION' } -Seconds 15
        $paused.lifecycleStage | Should -Be 'POST_TEST_TRAFFIC_SHIFT'
        # Requests with the test header reach the new revision; everyone else stays on the old one.
        $routes = Get-Routes
        $routes.Test.Live | Should -Be $green
        $routes.Production.Live | Should -Be $blue

        $done = $started | Resume-AoDeployment -Confirm:$false | Wait-AoDeployment

        $done.ServiceDeploymentStatus | Should -Be 'SUCCESSFUL'
        $done.Id | Should -Be $started.Id
        $done.TaskDefinition | Should -Be $started.TaskDefinition
        (Get-Routes).Production.Live | Should -Be $green
        (Get-AoTestServiceDeployment $b $app).lifecycleHookDetails[0].status | Should -Be 'SUCCEEDED'
    }

    It 'Stop-AoDeployment -Rollback rolls a blue/green rollout back during its bake time: traffic is back on blue' {
        # A long bake time and no pause: the rollout waits in BAKE_TIME with all production traffic on green.
        $null = Set-AoEcsApp -Name $app -DeploymentStrategy BlueGreen -BakeTime 30 -PauseAt @() @common
        $blue = (Get-Routes).Production.Live
        $running = (Get-Service).taskDefinition

        $started = Update-AoTaskDefinition -Name $app -Image (Get-NextImage) -Deploy @common
        $null = Wait-AoTestServiceDeployment $b $app { $_.lifecycleStage -eq 'BAKE_TIME' } -Seconds 15
        (Get-Routes).Production.Live | Should -Be @($targetGroups | Where-Object { $_ -ne $blue[0] })

        $done = $started | Stop-AoDeployment -Rollback -Confirm:$false

        $done.ServiceDeploymentStatus | Should -Be 'ROLLBACK_SUCCESSFUL'
        $done.RolloutState | Should -Be 'FAILED'
        (Get-Routes).Production.Live | Should -Be $blue
        (Get-Service).taskDefinition | Should -Be $running
        $null = Assert-RerunChangesNothing
    }

    It 'a blue/green rollout whose tasks never become healthy ends with Wait-AoDeployment''s error and the reason; traffic stays where it was' {
        $null = Set-AoEcsApp -Name $app -DeploymentStrategy BlueGreen -BakeTime 0 @common
        $live = (Get-Routes).Production.Live
        $running = (Get-Service).taskDefinition

        $err = { Update-AoTaskDefinition -Name $app -Environment @{ web = @{ AOTECH_TEST_TASK_FATE = 'unhealthy' } } -Deploy @common |
                Wait-AoDeployment -ErrorAction Stop -WarningAction SilentlyContinue } | Should -Throw -ErrorId 'DeploymentRolledBack,*' -PassThru

        $err.Exception.Message | Should -Match 'Circuit breaker triggered: 3 tasks failed to start'
        $err.Exception.Message | Should -Match 'Task failed container health checks'
        $err.CategoryInfo.Category | Should -Be 'InvalidOperation'
        $rolledBack = Wait-AoTestServiceDeployment $b $app { $_.status -eq 'ROLLBACK_SUCCESSFUL' } -Seconds 15
        $rolledBack.deploymentConfiguration.strategy | Should -Be 'BLUE_GREEN'
        (Get-Service).taskDefinition | Should -Be $running
        (Get-Routes).Production.Live | Should -Be $live
    }

    It '<Strategy>: Update-AoTaskDefinition -Deploy | Wait-AoDeployment runs to SUCCESSFUL, and the production rule then forwards to <Traffic>' -TestCases @(
        # Switched with Set-AoEcsApp, each keeping what it is not given (the test header, for one).
        @{ Strategy = 'BlueGreen'; Ecs = 'BLUE_GREEN'; Traffic = 'the other target group'; Settings = @{ DeploymentStrategy = 'BlueGreen'; BakeTime = 1 } }
        @{ Strategy = 'Canary'; Ecs = 'CANARY'; Traffic = 'the other target group'; Settings = @{ DeploymentStrategy = 'Canary'; BakeTime = 0; CanaryPercent = 20; CanaryBakeTime = 1 } }
        @{ Strategy = 'Linear'; Ecs = 'LINEAR'; Traffic = 'the other target group'; Settings = @{ DeploymentStrategy = 'Linear'; BakeTime = 0; LinearStepPercent = 50; LinearStepBakeTime = 1 } }
        # Back to rolling: the service's tasks go into the target group that is live, which stays live.
        @{ Strategy = 'Rolling'; Ecs = 'ROLLING'; Traffic = 'the same target group'; Settings = @{ DeploymentStrategy = 'Rolling' } }
    ) {
        # A switch to or from Rolling changes the service's load balancer settings, which ECS rolls out as a deployment of its
        # own (moving traffic too): waited for, as a user would, so the rollout below starts from a settled app. Within the
        # blue/green family only the deployment configuration changes, which starts no deployment.
        if ($Ecs -eq 'ROLLING') { $null = Set-AoEcsApp -Name $app @Settings @common | Wait-AoDeployment }
        else { $null = Set-AoEcsApp -Name $app @Settings @common }
        $before = (Get-Routes).Production.Live
        $before.Count | Should -Be 1 -Because 'a settled app serves from one target group'

        $done = Update-AoTaskDefinition -Name $app -Image (Get-NextImage) -Deploy @common | Wait-AoDeployment

        $done.ServiceDeploymentStatus | Should -Be 'SUCCESSFUL'
        $done.RolloutState | Should -Be 'COMPLETED'
        $done.Strategy | Should -Be $Ecs
        $service = Get-Service
        $done.TaskDefinition | Should -Be ($service.taskDefinition -replace '^.*/', '')
        $done.ServiceDeploymentArn | Should -Be $service.currentServiceDeployment
        $after = (Get-Routes).Production
        if ($Ecs -eq 'ROLLING') {
            $after.Live | Should -Be $before
            $service.loadBalancers[0].targetGroupArn | Should -Be $before[0]
        } else {
            $after.Live | Should -Be @($targetGroups | Where-Object { $_ -ne $before[0] })
        }
        # Get-AoEcsApp and the re-run's app name the target group that is live, as the rule says.
        $liveName = ($after.Live[0] -split '/')[1]
        $shown = Get-AoEcsApp -Name $app @common
        $shown.DeploymentStrategy | Should -Be $Strategy
        $shown.LiveTargetGroup | Should -Be $liveName
        $rerun = Assert-RerunChangesNothing
        $rerun.DeploymentStrategy | Should -Be $Strategy
        $rerun.LiveTargetGroup | Should -Be $liveName
    }
}
