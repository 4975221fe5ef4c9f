# examples/: the sample task definition, the runbook and the PowerShell steps of the CI pipelines. Every call to a
# module cmdlet in them uses parameters the cmdlet has (checked for each cmdlet the module exports).
BeforeDiscovery {
    $repo = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
    $script:Scripts = @(
        @{ File = 'runbook.ps1'; Kind = 'script' }
        @{ File = 'github-actions.yml'; Kind = 'yaml' }
        @{ File = 'azure-pipelines.yml'; Kind = 'yaml' }
    )
}

BeforeAll {
    Import-Module $env:AOTECH_MODULE_PATH -Force
    $script:Examples = Join-Path (Split-Path (Split-Path $PSScriptRoot -Parent) -Parent) 'examples'

    # The pwsh code of a pipeline file: the indented block under each "run: |" or "script: |".
    function Get-YamlScriptBlock([string]$Path) {
        $lines = Get-Content -LiteralPath $Path
        $blocks = @()
        for ($i = 0; $i -lt $lines.Count; $i++) {
            if ($lines[$i] -notmatch '^(\s*)(-\s+)?(run|script):\s*\|\s*$') { continue }
            $keyIndent = $Matches[1].Length
            $body = @()
            for ($j = $i + 1; $j -lt $lines.Count; $j++) {
                $l = $lines[$j]
                if ($l.Trim() -and ($l.Length - $l.TrimStart().Length) -le $keyIndent) { break }
                $body += $l
            }
            $blocks += [string]($body -join "`n")
        }
        $blocks
    }

    function Get-ExampleCode([string]$File, [string]$Kind) {
        $path = Join-Path $Examples $File
        if ($Kind -eq 'script') { [string](Get-Content -Raw -LiteralPath $path) } else { Get-YamlScriptBlock $path }
    }
}

Describe 'examples/taskdef.json' {
    It 'is a RegisterTaskDefinition-shaped definition for the sample app on port 8080' {
        $td = Get-Content -Raw (Join-Path $Examples 'taskdef.json') | ConvertFrom-Json
        $td.family | Should -Be 'aspnetapp'
        $td.requiresCompatibilities | Should -Contain 'EC2'
        $c = @($td.containerDefinitions)
        $c.Count | Should -Be 1
        $c[0].name | Should -Be 'aspnetapp'
        $c[0].essential | Should -BeTrue
        $c[0].memoryReservation | Should -BeGreaterThan 0
        # A hard limit too: moto (unlike ECS) refuses an EC2 container with only a reservation.
        $c[0].memory | Should -BeGreaterThan $c[0].memoryReservation
        $c[0].portMappings[0].containerPort | Should -Be 8080
        # The probe is the app's own (no curl/wget in the runtime image).
        $c[0].healthCheck.command | Should -Be @('CMD', 'dotnet', 'aspnetapp.dll', '--healthcheck')
    }
}

Describe 'examples/<File>' -ForEach $Scripts {
    It 'has PowerShell code that parses' {
        $blocks = @(Get-ExampleCode $File $Kind)
        $blocks.Count | Should -BeGreaterThan 0
        foreach ($code in $blocks) {
            $code | Should -BeOfType [string]
            $errors = $null
            $null = [System.Management.Automation.Language.Parser]::ParseInput($code, [ref]$null, [ref]$errors)
            @($errors | ForEach-Object Message) | Should -Be @()
        }
    }

    It 'publishes, rolls out and waits' {
        $code = @(Get-ExampleCode $File $Kind) -join "`n"
        foreach ($cmd in 'Publish-AoImage', 'Update-AoTaskDefinition', 'Wait-AoDeployment') { $code | Should -Match $cmd }
        $code | Should -Match 'Update-AoTaskDefinition[^\n|]*-Deploy'
    }

    It 'uses only parameters the exported cmdlets have' {
        $exported = @{}
        Get-Command -Module AoTech.Ecs -CommandType Cmdlet | ForEach-Object { $exported[$_.Name] = $_ }
        $unknown = foreach ($code in @(Get-ExampleCode $File $Kind)) {
            $ast = [System.Management.Automation.Language.Parser]::ParseInput($code, [ref]$null, [ref]$null)
            foreach ($call in $ast.FindAll({ $args[0] -is [System.Management.Automation.Language.CommandAst] }, $true)) {
                $name = $call.GetCommandName()
                if (-not $name -or -not $exported.ContainsKey($name)) { continue }
                $known = @($exported[$name].Parameters.Values | ForEach-Object { $_.Name; $_.Aliases })
                foreach ($p in $call.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] }) {
                    if ($known -notcontains $p.ParameterName) { "$name -$($p.ParameterName)" }
                }
            }
        }
        @($unknown) | Should -Be @()
    }
}
