BeforeAll {
    Import-Module $env:AOTECH_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'RolloutTestApp.psm1') -Force
}

Describe 'Wait-AoDeployment on a backend whose services reach their desired count' {
    BeforeAll {
        # moto never runs tasks; with MOTO_ECS_SERVICE_RUNNING new services report that many running.
        $script:Backend = Start-AoTestBackend -MotoEnvironment @{ MOTO_ECS_SERVICE_RUNNING = '2' }
        $script:Aws = @{ EndpointUrl = $Backend.EndpointUrl; Region = 'us-east-1' }
    }
    AfterAll { if ($script:Backend) { Stop-AoTestBackend $script:Backend } }

    BeforeEach {
        $script:App = New-AoTestRolloutApp $Backend -Name (New-AoTestAppName) -DesiredCount 2
        Clear-AoTestRequestLog $Backend
    }

    It 'completes the deployment piped from Update-AoTaskDefinition -Deploy' {
        $done = Update-AoTaskDefinition -Name $App.Name -Image @{ aspnetapp = "$($App.Registry)/aspnetapp:1.1.0" } -Deploy @Aws |
            Wait-AoDeployment @Aws

        $service = Get-AoTestService $Backend $App.Name
        $done | Should -BeOfType 'AoTech.Ecs.PowerShell.Output.AoDeployment'
        $done.RolloutState | Should -Be 'COMPLETED'
        $done.Id | Should -Be ($service.deployments | Where-Object status -eq 'PRIMARY').id
        $done.TaskDefinition | Should -Be "$($App.Resource):2"
        $done.Name | Should -Be $App.Name
        $done.FinishedAt | Should -Not -BeNullOrEmpty
        $done.Duration | Should -Not -BeNullOrEmpty
        # A settled deployment needs one look; polling never hammers the API.
        @(Get-AoTestRequestLog $Backend | Where-Object Operation -eq 'DescribeServices').Count | Should -BeLessOrEqual 3
    }

    It 'waits for the running deployment when Update-AoTaskDefinition -Deploy had nothing to change' {
        $done = Update-AoTaskDefinition -Name $App.Name -Image @{ nginx = "$($App.Registry)/nginx:1.27" } -Deploy @Aws 3>$null |
            Wait-AoDeployment @Aws
        $done.RolloutState | Should -Be 'COMPLETED'
        $done.TaskDefinition | Should -Be "$($App.Resource):1"
        @(Get-AoTestRequestLog $Backend | Where-Object Mutating).Count | Should -Be 0
    }

    It 'follows the current deployment of an app given by name' {
        $done = Wait-AoDeployment -Name $App.Name @Aws
        $done.RolloutState | Should -Be 'COMPLETED'
        $done.Id | Should -Be ((Get-AoTestService $Backend $App.Name).deployments | Where-Object status -eq 'PRIMARY').id
    }

    It 'binds the app name and deployment id from piped objects' {
        $id = ((Get-AoTestService $Backend $App.Name).deployments | Where-Object status -eq 'PRIMARY').id
        $done = [pscustomobject]@{ Name = $App.Name; Id = $id } | Wait-AoDeployment @Aws
        $done.Id | Should -Be $id
    }

    It 'says under -Verbose that it follows DescribeServices where the endpoint keeps no service deployments' {
        $verbose = @(Wait-AoDeployment -Name $App.Name -Verbose @Aws 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $verbose -match 'keeps no service deployments .*following deployment .* with DescribeServices' | Should -Not -BeNullOrEmpty
        @(Get-AoTestRequestLog $Backend | Where-Object Operation -like '*ServiceDeployment*') | Should -BeNullOrEmpty
    }

    It 'rides out throttled polls' {
        # Every other call answers ThrottlingException; the connection retries and the wait backs off.
        $null = Set-AoTestFault $Backend -Rate 0.5 -Kind throttle -Seed 7
        try {
            $done = Wait-AoDeployment -Name $App.Name @Aws
        } finally {
            $null = Set-AoTestFault $Backend
        }
        $done.RolloutState | Should -Be 'COMPLETED'
        @(Get-AoTestRequestLog $Backend | Where-Object Fault).Count | Should -BeGreaterThan 0
    }

    It 'shows progress and ends it with a Completed record' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', $env:AOTECH_MODULE_PATH).AddStatement()
            $null = $ps.AddCommand('Wait-AoDeployment').AddParameter('Name', $App.Name).AddParameter('EndpointUrl', $Backend.EndpointUrl).AddParameter('Region', 'us-east-1')
            $out = $ps.Invoke()
            $ps.Streams.Error | Should -BeNullOrEmpty
            $out[0].RolloutState | Should -Be 'COMPLETED'
            $records = @($ps.Streams.Progress)
            $records.Count | Should -BeGreaterThan 1
            $records[-1].RecordType | Should -Be 'Completed'
            @($records | Where-Object RecordType -eq 'Processing')[0].StatusDescription | Should -Match '2/2 running'
        } finally { $ps.Dispose() }
    }

    It 'fails with DeploymentNotFound for a deployment id the service never had' {
        { Wait-AoDeployment -Name $App.Name -DeploymentId 'ecs-svc/0000000000000000000' -Timeout 60 -ErrorAction Stop @Aws } |
            Should -Throw -ErrorId 'DeploymentNotFound,*'
    }

    It 'fails with ServiceNotActive for an app that does not exist' {
        { Wait-AoDeployment -Name 'nosuchapp' -ErrorAction Stop @Aws } | Should -Throw -ErrorId 'ServiceNotActive,*'
    }
}

Describe 'Wait-AoDeployment on a backend whose services never start' {
    BeforeAll {
        $script:Backend = Start-AoTestBackend
        $script:Aws = @{ EndpointUrl = $Backend.EndpointUrl; Region = 'us-east-1' }
        $script:App = New-AoTestRolloutApp $Backend -Name (New-AoTestAppName) -DesiredCount 2
    }
    AfterAll { if ($script:Backend) { Stop-AoTestBackend $script:Backend } }

    It 'times out with DeploymentTimedOut, the progress so far in the message' {
        Clear-AoTestRequestLog $Backend
        # A number is seconds.
        $err = { Wait-AoDeployment -Name $App.Name -Timeout 4 -ErrorAction Stop @Aws } |
            Should -Throw -ErrorId 'DeploymentTimedOut,*' -PassThru
        $err.Exception.Message | Should -Match 'did not complete within 4s'
        $err.Exception.Message | Should -Match '0/2 running'
        $err.CategoryInfo.Category | Should -Be 'OperationTimeout'
        # Polled more than once before giving up, and every poll was a single DescribeServices.
        $log = @(Get-AoTestRequestLog $Backend)
        @($log | Where-Object Operation -eq 'DescribeServices').Count | Should -BeGreaterThan 1
        @($log | Where-Object Mutating).Count | Should -Be 0
    }

    It 'accepts a TimeSpan timeout' {
        { Wait-AoDeployment -Name $App.Name -Timeout ([TimeSpan]::FromSeconds(2)) -ErrorAction Stop @Aws } |
            Should -Throw -ErrorId 'DeploymentTimedOut,*'
    }

    It 'reads a quoted number as seconds, as the help says' {
        # Issue 19 item 5: '2' was two days (PowerShell's own string conversion); bounded here in case it still is.
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({ param($Module, $Name, $Aws) Import-Module $Module; Wait-AoDeployment -Name $Name -Timeout '2' @Aws }).
                AddArgument($env:AOTECH_MODULE_PATH).AddArgument($App.Name).AddArgument($Aws)
            $handle = $ps.BeginInvoke()
            $finished = $handle.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(30))
            if (-not $finished) { $ps.Stop() }
            $finished | Should -BeTrue -Because "-Timeout '2' is 2 seconds"
            $err = @($ps.Streams.Error)[0]
            $err.FullyQualifiedErrorId | Should -BeLike 'DeploymentTimedOut,*'
            $err.Exception.Message | Should -Match 'within 2s'
        } finally { $ps.Dispose() }
    }

    It 'rejects a timeout that is not positive' {
        { Wait-AoDeployment -Name $App.Name -Timeout 0 -ErrorAction Stop @Aws } | Should -Throw
    }
}

Describe 'Wait-AoDeployment on ECS service deployments (the layer''s model of them)' {
    BeforeAll {
        $script:Backend = Start-AoTestBackend -ServiceDeployments
        $script:Aws = @{ EndpointUrl = $Backend.EndpointUrl; Region = 'us-east-1' }

        function script:Invoke-Captured([scriptblock]$Script, [hashtable]$Arguments = @{}) {
            <# Runs $Script in a fresh runspace with the module, and returns every stream it wrote. #>
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddCommand('Import-Module').AddParameter('Name', $env:AOTECH_MODULE_PATH).AddStatement()
                $null = $ps.AddScript($Script.ToString())
                foreach ($k in $Arguments.Keys) { $null = $ps.AddParameter($k, $Arguments[$k]) }
                $out = $ps.Invoke()
                [pscustomobject]@{
                    Output = @($out); Progress = @($ps.Streams.Progress); Warning = @($ps.Streams.Warning | ForEach-Object Message)
                    Verbose = @($ps.Streams.Verbose | ForEach-Object Message); Error = @($ps.Streams.Error)
                }
            } finally { $ps.Dispose() }
        }
    }
    AfterAll { if ($script:Backend) { Stop-AoTestBackend $script:Backend } }

    BeforeEach {
        $script:App = New-AoTestRolloutApp $Backend -Name (New-AoTestAppName) -DesiredCount 2
    }

    It 'follows a <Strategy> rollout through its stages to SUCCESSFUL' -TestCases @(
        # A documented minute lasts a second here; a stage asserted on lasts three, longer than the wait's 2 s polls.
        @{ Strategy = 'ROLLING'; Configuration = @{ strategy = 'ROLLING' }; Stages = @(); Weight = $null }
        @{ Strategy = 'BLUE_GREEN'; Configuration = @{ strategy = 'BLUE_GREEN'; bakeTimeInMinutes = 3 }; Stages = @('BAKE_TIME'); Weight = $null }
        @{ Strategy = 'CANARY'; Configuration = @{ strategy = 'CANARY'; bakeTimeInMinutes = 0; canaryConfiguration = @{ canaryPercent = 20; canaryBakeTimeInMinutes = 3 } }
            Stages = @('PRODUCTION_TRAFFIC_SHIFT'); Weight = 'production traffic 20% new, 80% old' }
        @{ Strategy = 'LINEAR'; Configuration = @{ strategy = 'LINEAR'; bakeTimeInMinutes = 0; linearConfiguration = @{ stepPercent = 50; stepBakeTimeInMinutes = 3 } }
            Stages = @('PRODUCTION_TRAFFIC_SHIFT'); Weight = 'production traffic 50% new, 50% old' }
    ) {
        Set-AoTestDeploymentStrategy $Backend $App.Name $Configuration
        Clear-AoTestRequestLog $Backend
        $r = Invoke-Captured {
            param($Name, $Image, $EndpointUrl)
            Update-AoTaskDefinition -Name $Name -Image @{ aspnetapp = $Image } -Deploy -EndpointUrl $EndpointUrl -Region us-east-1 |
                Wait-AoDeployment -Verbose
        } @{ Name = $App.Name; Image = "$($App.Registry)/aspnetapp:1.1.0"; EndpointUrl = $Backend.EndpointUrl }

        $r.Error | Should -BeNullOrEmpty
        $done = $r.Output[-1]
        $done.ServiceDeploymentStatus | Should -Be 'SUCCESSFUL'
        $done.RolloutState | Should -Be 'COMPLETED'
        $done.Strategy | Should -Be $Strategy
        $done.TaskDefinition | Should -Be "$($App.Resource):2"
        # The one our UpdateService started, as ECS lists it.
        $listed = (Invoke-AoTestAws $Backend -ThroughLayer ecs list-service-deployments --cluster $App.Resource --service $App.Resource).serviceDeployments
        $done.ServiceDeploymentArn | Should -Be $listed[0].serviceDeploymentArn
        $listed[0].status | Should -Be 'SUCCESSFUL'
        # Write-Progress shows the lifecycle stage and, where ECS shifts traffic, the weights; then a Completed record.
        $statuses = @($r.Progress | Where-Object RecordType -eq 'Processing' | ForEach-Object StatusDescription)
        foreach ($stage in $Stages) { @($statuses -match "^${stage}:").Count | Should -BeGreaterThan 0 -Because "the progress should show $stage" }
        if ($Weight) { @($statuses -match [regex]::Escape($Weight)).Count | Should -BeGreaterThan 0 }
        $r.Progress[-1].RecordType | Should -Be 'Completed'
        $r.Verbose -match '^Following service deployment arn:aws:ecs:' | Should -Not -BeNullOrEmpty
        $log = @(Get-AoTestRequestLog $Backend)
        @($log | Where-Object Operation -eq 'ListServiceDeployments').Count | Should -BeGreaterThan 0
        @($log | Where-Object Operation -eq 'DescribeServiceDeployments').Count | Should -BeGreaterThan 0
    }

    It 'fails a rollout the circuit breaker rolls back with DeploymentRolledBack, the reason and why the tasks stopped' -TestCases @(
        @{ Strategy = 'ROLLING' }
        @{ Strategy = 'BLUE_GREEN' }
    ) {
        Set-AoTestDeploymentStrategy $Backend $App.Name @{ strategy = $Strategy; bakeTimeInMinutes = 1; deploymentCircuitBreaker = @{ enable = $true; rollback = $true } }
        $err = { Update-AoTaskDefinition -Name $App.Name -Environment @{ aspnetapp = @{ AOTECH_TEST_TASK_FATE = 'unhealthy' } } -Deploy @Aws |
                Wait-AoDeployment -ErrorAction Stop -WarningAction SilentlyContinue } | Should -Throw -ErrorId 'DeploymentRolledBack,*' -PassThru
        $err.Exception.Message | Should -Match 'Circuit breaker triggered: 3 tasks failed to start'
        $err.Exception.Message | Should -Match 'Circuit breaker TRIGGERED: 3 failed tasks \(threshold 3\)'
        $err.Exception.Message | Should -Match 'Task failed container health checks'
        $err.Exception.Message | Should -Match "the service returns to $($App.Resource):1 instead of $($App.Resource):2"
        $err.CategoryInfo.Category | Should -Be 'InvalidOperation'
        # ECS finishes the rollback on its own: the service runs the first revision again.
        $null = Wait-AoTestServiceDeployment $Backend $App.Name { $_.status -eq 'ROLLBACK_SUCCESSFUL' }
        (Get-AoTestService $Backend $App.Name -ThroughLayer).taskDefinition | Should -Be $App.FirstRevisionArn
    }

    It 'times out naming the stage a canary rollout is stuck in when its tasks never become healthy' {
        # ECS's failure detection covers rolling and blue/green deployments only: a canary's unhealthy tasks are
        # replaced again and again in SCALE_UP.
        Set-AoTestDeploymentStrategy $Backend $App.Name @{ strategy = 'CANARY'; canaryConfiguration = @{ canaryPercent = 10; canaryBakeTimeInMinutes = 1 } }
        $err = { Update-AoTaskDefinition -Name $App.Name -Environment @{ aspnetapp = @{ AOTECH_TEST_TASK_FATE = 'exits' } } -Deploy @Aws |
                Wait-AoDeployment -Timeout 4 -ErrorAction Stop -WarningAction SilentlyContinue } | Should -Throw -ErrorId 'DeploymentTimedOut,*' -PassThru
        $err.Exception.Message | Should -Match 'did not complete within 4s: stuck in stage SCALE_UP \(IN_PROGRESS\)'
        $err.Exception.Message | Should -Match 'Essential container in task exited'
        $err.CategoryInfo.Category | Should -Be 'OperationTimeout'
    }

    It 'follows the app''s current service deployment when given only the name' {
        Set-AoTestDeploymentStrategy $Backend $App.Name @{ strategy = 'BLUE_GREEN'; bakeTimeInMinutes = 1 }
        $started = Update-AoTaskDefinition -Name $App.Name -Image @{ aspnetapp = "$($App.Registry)/aspnetapp:1.2.0" } -Deploy @Aws
        $done = Wait-AoDeployment -Name $App.Name @Aws
        $done.ServiceDeploymentStatus | Should -Be 'SUCCESSFUL'
        $done.ServiceDeploymentArn | Should -Be (Get-AoTestService $Backend $App.Name -ThroughLayer).currentServiceDeployment
        $done.Id | Should -Be $started.Id
    }

    It 'follows the deployment its own UpdateService started, not a newer one started since' {
        Set-AoTestDeploymentStrategy $Backend $App.Name @{ strategy = 'BLUE_GREEN'; bakeTimeInMinutes = 5 }
        $ours = Update-AoTaskDefinition -Name $App.Name -Image @{ aspnetapp = "$($App.Registry)/aspnetapp:1.3.0" } -Deploy @Aws
        $first = Wait-AoTestServiceDeployment $Backend $App.Name { $_.lifecycleStage -eq 'BAKE_TIME' }
        # Someone deploys another revision before ours has finished: ECS stops ours and reconciles.
        $null = Update-AoTaskDefinition -Name $App.Name -Image @{ aspnetapp = "$($App.Registry)/aspnetapp:1.4.0" } -Deploy @Aws
        $err = { $ours | Wait-AoDeployment -ErrorAction Stop } | Should -Throw -ErrorId 'DeploymentStopped,*' -PassThru
        $err.Exception.Message | Should -Match ([regex]::Escape(($first.serviceDeploymentArn -split '/')[-1]))
        $err.Exception.Message | Should -Match 'a newer service deployment'
    }
}
