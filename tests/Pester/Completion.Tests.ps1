# Tab completion through PowerShell's own engine (TabExpansion2), for the typed completers in
# src/AoTech.Ecs.PowerShell/Completion/.
BeforeDiscovery {
    Import-Module $env:AOTECH_MODULE_PATH -Force
}

BeforeAll {
    Import-Module $env:AOTECH_MODULE_PATH -Force
    $script:Assembly = (Get-Module AoTech.Ecs).ImplementingAssembly
    $script:RegionCompleter = $Assembly.GetType('AoTech.Ecs.PowerShell.Completion.RegionCompleter', $true)
    $script:ProfileCompleter = $Assembly.GetType('AoTech.Ecs.PowerShell.Completion.ProfileNameCompleter', $true)
    # A probe command wired exactly as the cmdlets wire their parameters.
    $probe = [scriptblock]::Create(@"
function global:Test-AoCompletionProbe {
    param(
        [ArgumentCompleter([$($RegionCompleter.FullName)])][string]`$Region,
        [ArgumentCompleter([$($ProfileCompleter.FullName)])][string]`$ProfileName
    )
}
"@)
    . $probe
    function Get-Completion([string]$Line) {
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
    }
}

AfterAll { Remove-Item Function:\Test-AoCompletionProbe -ErrorAction SilentlyContinue }

Describe '-Region completion' {
    It 'offers the region codes that start with what was typed' {
        $found = @(Get-Completion 'Test-AoCompletionProbe -Region eu-w')
        $found.CompletionText | Should -Contain 'eu-west-1'
        $found.CompletionText | Should -Contain 'eu-west-3'
        $found.CompletionText | Where-Object { $_ -notlike 'eu-w*' } | Should -BeNullOrEmpty
        ($found | Where-Object CompletionText -eq 'eu-west-1').ToolTip | Should -Match 'Ireland'
    }

    It 'offers all regions for an empty word' {
        @(Get-Completion 'Test-AoCompletionProbe -Region ').Count | Should -BeGreaterThan 20
    }
}

Describe '-ProfileName completion' {
    # The SDK reads AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE once per process, so each case gets a fresh pwsh.
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'FreshSession.psm1') -Force
        $config = Join-Path $TestDrive 'config'
        $credentials = Join-Path $TestDrive 'credentials'
        Set-Content $config "[profile ao-role]`nrole_arn = arn:aws:iam::123456789012:role/deploy`nsource_profile = ao-prod`nregion = eu-west-1`n"
        Set-Content $credentials "[ao-prod]`naws_access_key_id = AKIDEXAMPLE`naws_secret_access_key = notasecret`n[ao-staging]`naws_access_key_id = AKIDEXAMPLE2`naws_secret_access_key = notasecret2`n"
        $script:ProbeScript = @"
Import-Module '$($env:AOTECH_MODULE_PATH)'
function Test-AoCompletionProbe { param([ArgumentCompleter([AoTech.Ecs.PowerShell.Completion.ProfileNameCompleter])][string]`$ProfileName) }
foreach (`$line in 'Test-AoCompletionProbe -ProfileName ao-', 'Test-AoCompletionProbe -ProfileName ao-s') {
    `$found = (TabExpansion2 -inputScript `$line -cursorColumn `$line.Length).CompletionMatches
    [pscustomobject]@{ Line = `$line; Texts = @(`$found.CompletionText); All = (`$found | Out-String) + (`$found.ToolTip -join ' ') } | ConvertTo-Json -Compress
}
"@
        $script:WithFiles = @(Invoke-AoFreshPwsh $ProbeScript @{ AWS_CONFIG_FILE = $config; AWS_SHARED_CREDENTIALS_FILE = $credentials } | ConvertFrom-Json)
        $script:WithoutFiles = @(Invoke-AoFreshPwsh $ProbeScript @{
                AWS_CONFIG_FILE = (Join-Path $TestDrive 'missing/config'); AWS_SHARED_CREDENTIALS_FILE = (Join-Path $TestDrive 'missing/credentials')
            } | ConvertFrom-Json)
    }

    It 'offers the profiles of the files named by AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE' {
        $WithFiles[0].Texts | Should -Contain 'ao-prod'
        $WithFiles[0].Texts | Should -Contain 'ao-staging'
        $WithFiles[0].Texts | Should -Contain 'ao-role'
    }

    It 'filters on the typed prefix and never shows a secret' {
        $WithFiles[1].Texts | Should -Be @('ao-staging')
        $WithFiles[0].All + $WithFiles[1].All | Should -Not -Match 'notasecret|AKIDEXAMPLE'
    }

    It 'offers nothing, quietly, when there are no profile files' {
        $WithoutFiles.Count | Should -Be 2
        $WithoutFiles[0].Texts | Should -Be @()
    }
}

Describe 'Exported cmdlets use the completers' {
    # Data-driven: every exported cmdlet's -Region and -ProfileName carry the typed completer.
    It '<Name> -<Parameter> has <Completer>' -ForEach @(
        foreach ($cmd in (Get-Command -Module AoTech.Ecs -CommandType Cmdlet -ErrorAction SilentlyContinue)) {
            foreach ($pair in @(@('Region', 'RegionCompleter'), @('ProfileName', 'ProfileNameCompleter'))) {
                if ($cmd.Parameters.ContainsKey($pair[0])) { @{ Name = $cmd.Name; Parameter = $pair[0]; Completer = $pair[1] } }
            }
        }
    ) {
        $attr = (Get-Command $Name).Parameters[$Parameter].Attributes |
            Where-Object { $_ -is [System.Management.Automation.ArgumentCompleterAttribute] }
        $attr.Type.Name | Should -Be $Completer
    }
}
