# The run's last check (tests/run-pester.ps1 runs it after the suites it was asked for, whole or filtered): every AWS
# call the module made in this run, recorded by the test proxy with the cmdlet that made it (tests/tools/aws_proxy.py,
# the file AOTECH_TEST_ACTION_LOG names), must be allowed by the policy Get-AoIamPolicy writes for that cmdlet.
# A failure names the action and the line to add to src/AoTech.Ecs/Permissions/CmdletPermissions.cs.
BeforeDiscovery {
    $log = $env:AOTECH_TEST_ACTION_LOG
    $records = @(if ($log -and (Test-Path $log)) { Get-Content $log | Where-Object { $_ } | ConvertFrom-Json })
    $script:ByCommand = @($records | Group-Object { if ($_.caller) { $_.caller } else { '(no cmdlet named)' } } | Sort-Object Name |
            ForEach-Object { @{ Command = $_.Name; Calls = @($_.Group) } })
}

BeforeAll {
    Import-Module $env:AOTECH_MODULE_PATH -Force
}

Describe 'The AWS calls of this run' {
    It 'were recorded (any test that talks to the test backend records its calls)' {
        if ($ByCommand.Count -eq 0) { Set-ItResult -Skipped -Because 'no test in this run called AWS through the module' }
        $ByCommand.Count | Should -BeGreaterThan 0
    }

    It 'of <Command> are all in the IAM policy Get-AoIamPolicy writes for it' -ForEach $ByCommand {
        $recorded = foreach ($c in $Calls) {
            [AoTech.Ecs.Permissions.RecordedCall]::new($c.service, $c.action, $(if ($Command -like '(*') { $null } else { $Command }))
        }
        $gaps = [AoTech.Ecs.Permissions.PolicyCoverage]::FindGaps([AoTech.Ecs.Permissions.RecordedCall[]]@($recorded))
        @($gaps | ForEach-Object Message) | Should -Be @()
    }
}
