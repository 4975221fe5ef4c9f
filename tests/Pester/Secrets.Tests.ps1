# No secret in any output: a full transcript of a verbose and debug run of every read-only AWS cmdlet (Get-*), given
# distinctive credentials, must not contain the secret key or the session token anywhere - not in output, verbose,
# debug, warnings, errors or their details.
BeforeDiscovery {
    Import-Module $env:AOTECH_MODULE_PATH -Force
    $script:ReadOnly = @(Get-Command -Module AoTech.Ecs -CommandType Cmdlet | Where-Object Verb -eq 'Get' |
            Where-Object { $_.Parameters.ContainsKey('SecretKey') -and $_.Parameters.ContainsKey('EndpointUrl') } |
            ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    Import-Module $env:AOTECH_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Backend = Start-AoTestBackend
    # Shapes of real AWS secrets, values no code could produce by accident.
    $script:Secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzSecretProbe' + [guid]::NewGuid().ToString('N').Substring(0, 8)
    $script:Token = 'IQoJb3JpZ2luX2VjSessionTokenProbe' + [guid]::NewGuid().ToString('N')
}

AfterAll { if ($Backend) { Stop-AoTestBackend $Backend } }

Describe '<Name> -Verbose -Debug' -ForEach $ReadOnly {
    It 'never shows the secret key or the session token' {
        Clear-AoTestRequestLog $Backend
        $transcript = Join-Path $TestDrive "$Name.transcript.txt"
        $null = Start-Transcript -Path $transcript -Force
        try {
            $records = & $Name -AccessKey AKIAIOSFODNN7PROBE00 -SecretKey $Secret -SessionToken $Token -Region us-east-1 `
                -EndpointUrl $Backend.EndpointUrl -Verbose -Debug -ErrorAction Continue *>&1 | ForEach-Object {
                    $_ | Out-Host
                    $_
                }
        } catch {
            $records = @($_)
            $_ | Out-Host
        } finally { $null = Stop-Transcript }

        # It really ran against AWS (the backend saw at least one call).
        @(Get-AoTestRequestLog $Backend).Count | Should -BeGreaterThan 0
        $everything = (Get-Content -Raw $transcript) + (@($records) | ForEach-Object {
                $_ | Out-String
                if ($_ -is [System.Management.Automation.ErrorRecord]) {
                    $_.Exception.ToString(); $_.ErrorDetails | Out-String; $_.TargetObject | Out-String
                }
            }) -join "`n"
        $everything | Should -Not -Match ([regex]::Escape($Secret))
        $everything | Should -Not -Match ([regex]::Escape($Token))
        # Verbose really was on (the records were redirected to output, and so printed into the transcript).
        @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Count | Should -BeGreaterThan 0
    }
}
