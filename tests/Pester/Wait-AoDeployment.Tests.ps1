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
