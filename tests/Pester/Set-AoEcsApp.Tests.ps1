BeforeAll {
    Import-Module $env:AOTECH_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'RolloutTestApp.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AoEcsApp.TestSupport.psm1') -Force -Function Get-AoTestAppLock
    $script:Backend = Start-AoTestBackend
    $script:Aws = @{ EndpointUrl = $Backend.EndpointUrl; Region = 'us-east-1' }
    function Get-Group([string]$Name) {
        (Invoke-AoTestAws $Backend autoscaling describe-auto-scaling-groups --auto-scaling-group-names "aotech-$Name-asg").AutoScalingGroups[0]
    }
}

AfterAll { if ($script:Backend) { Stop-AoTestBackend $script:Backend } }

Describe 'Set-AoEcsApp' {
    BeforeEach {
        $script:App = New-AoTestRolloutApp $Backend -Name (New-AoTestAppName) -DesiredCount 2 -AutoScalingGroup
        Clear-AoTestRequestLog $Backend
    }

    It 'sets the desired task count and the group maximum, leaving the rest alone' {
        $scale = Set-AoEcsApp -Name $App.Name -DesiredCount 4 -MaxSize 6 -Confirm:$false @Aws

        (Get-AoTestService $Backend $App.Name).desiredCount | Should -Be 4
        $group = Get-Group $App.Name
        $group.MaxSize | Should -Be 6
        $group.MinSize | Should -Be 1
        $scale.Name | Should -Be $App.Name
        $scale.DesiredCount | Should -Be 4
        $scale.Changes | Should -Be @("service $($App.Resource): desired count 2 -> 4", "Auto Scaling group $($App.Resource)-asg: max size 2 -> 6")
        # Under the app lock: an SSM parameter put before the change and deleted after it.
        @(Get-AoTestRequestLog $Backend | Where-Object Mutating).Operation | Sort-Object | Should -Be @('DeleteParameter', 'PutParameter', 'UpdateAutoScalingGroup', 'UpdateService')
    }

    It 'changes nothing with -WhatIf' {
        Set-AoEcsApp -Name $App.Name -DesiredCount 5 -MinSize 2 -WhatIf @Aws | Should -BeNullOrEmpty
        @(Get-AoTestRequestLog $Backend | Where-Object Mutating).Count | Should -Be 0
        (Get-AoTestService $Backend $App.Name).desiredCount | Should -Be 2
        (Get-Group $App.Name).MinSize | Should -Be 1
    }

    It 'makes no call for values that are already set' {
        $scale = Set-AoEcsApp -Name $App.Name -DesiredCount 2 -MaxSize 2 -Confirm:$false -WarningVariable w @Aws 3>$null
        "$w" | Should -Match 'Nothing to change'
        $scale.DesiredCount | Should -Be 2
        @(Get-AoTestRequestLog $Backend | Where-Object Mutating).Count | Should -Be 0
    }

    It 'refuses a minimum above the maximum before changing anything' {
        { Set-AoEcsApp -Name $App.Name -MinSize 5 -Confirm:$false -ErrorAction Stop @Aws } | Should -Throw -ErrorId 'InvalidScale,*'
        @(Get-AoTestRequestLog $Backend | Where-Object Mutating).Count | Should -Be 0
    }

    It 'when the pipeline stops taking its output midway (<Case>), the lock is released before it returns, and no call comes later' -ForEach @(
        @{ Case = 'a downstream command that throws'; Stop = $false }
        @{ Case = 'Ctrl+C'; Stop = $true }
    ) {
        # Issue 12 item 1: the work went on in the background while the cmdlet let go of its connection, so the lock
        # release failed and the lock stayed until its lease ended. The proxy holds every change a moment, so the
        # pipeline stops while the app's lock is held and the change is on its way.
        $null = Set-AoTestFault $Backend -Rate 1.0 -Kind slow -SlowSeconds 0.5 -MutatingOnly
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                param($Module, $Name, $Aws, $Stop)
                Import-Module $Module
                Set-AoEcsApp -Name $Name -DesiredCount 3 -Confirm:$false @Aws -Verbose 4>&1 |
                    ForEach-Object { if (-not $Stop -and "$_" -match 'Took the lock') { throw 'downstream failure' } }
            }).AddArgument($env:AOTECH_MODULE_PATH).AddArgument($App.Name).AddArgument($Aws).AddArgument($Stop)
            if ($Stop) {
                $handle = $ps.BeginInvoke()
                $deadline = [DateTime]::UtcNow.AddSeconds(30)
                while (-not (@(Get-AoTestRequestLog $Backend).Operation -contains 'UpdateService') -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
                $ps.Stop()
            } else {
                { $ps.Invoke() } | Should -Throw '*downstream failure*'
            }
        } finally { $ps.Dispose(); $null = Set-AoTestFault $Backend }
        $returned = @(Get-AoTestRequestLog $Backend).Count
        Get-AoTestAppLock $Backend $App.Name | Should -BeNullOrEmpty -Because 'the lock is released before the cmdlet returns'
        Start-Sleep -Seconds 1
        @(Get-AoTestRequestLog $Backend).Count | Should -Be $returned -Because 'no call of the stopped run comes later'
    }

    It 'needs at least one value' {
        { Set-AoEcsApp -Name $App.Name -ErrorAction Stop @Aws } | Should -Throw -ErrorId 'NothingToChange,*'
    }
}
