# Help for every exported cmdlet, built by build/New-ExternalHelp.ps1 from docs/<Verb-Noun>.md. Data-driven from the
# module's exports: a new cmdlet without docs fails here with the list of what is missing.
BeforeDiscovery {
    Import-Module $env:AOTECH_MODULE_PATH -Force
    $repo = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
    $script:Commands = @(Get-Command -Module AoTech.Ecs -CommandType Cmdlet | Sort-Object Name | ForEach-Object { @{ Name = $_.Name } })
    $script:Docs = @(Get-ChildItem (Join-Path $repo 'docs') -Filter *-*.md | Where-Object Name -notlike 'about_*' |
            ForEach-Object { @{ Name = $_.BaseName; Path = $_.FullName } })
}

BeforeAll {
    Import-Module $env:AOTECH_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'HelpChecks.psm1') -Force
    $script:Repo = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
}

Describe 'Help for <Name>' -ForEach $Commands {
    It 'has a synopsis, a description, two explained examples and every parameter described' {
        @(Get-AoHelpGap $Name) | Should -Be @()
    }

    It 'has example code that parses' {
        @(Get-AoExampleParseError $Name) | Should -Be @()
    }

    It 'comes from docs/<Name>.md' {
        Join-Path $Repo "docs/$Name.md" | Should -Exist
    }
}

Describe 'docs/<Name>.md' -ForEach $Docs {
    It 'documents a cmdlet the module exports' {
        (Get-Command -Module AoTech.Ecs -CommandType Cmdlet).Name | Should -Contain $Name
    }

    It 'describes only parameters the cmdlet has' {
        $described = @(Select-String -LiteralPath $Path -Pattern '^###\s+-(\S+)' | ForEach-Object { $_.Matches[0].Groups[1].Value })
        $command = Get-Command $Name -ErrorAction SilentlyContinue
        $unknown = @($described | Where-Object { -not $command -or -not $command.Parameters.ContainsKey($_) })
        $unknown | Should -Be @()
    }
}

Describe 'about_AoTech.Ecs' {
    It 'is shipped with the module and covers the concepts' {
        $text = Get-Help about_AoTech.Ecs | Out-String
        foreach ($topic in 'CONVERGE AND TAGS', 'ROLLOUTS', 'CREDENTIALS AND REGIONS', 'LOCALSTACK AND MOTO', 'SECURITY DEFAULTS') {
            $text | Should -Match ([regex]::Escape($topic))
        }
        Join-Path (Split-Path $env:AOTECH_MODULE_PATH) 'en-US/about_AoTech.Ecs.help.txt' | Should -Exist
    }
}

Describe 'The help builder (on a fixture cmdlet assembly)' {
    BeforeAll {
        # A throwaway assembly with one documented cmdlet (Get-AoHelpFixture, whose docs skip -Count and carry one
        # broken example) and one without docs (Set-AoHelpFixture), built and given help exactly as the module is.
        $fixture = Join-Path $PSScriptRoot 'Fixtures/Help'
        $out = Join-Path $TestDrive 'fixture'
        $null = New-Item -ItemType Directory -Path $out
        $dll = Join-Path $out 'AoTech.Ecs.HelpFixture.dll'
        Add-Type -TypeDefinition (Get-Content -Raw (Join-Path $fixture 'HelpFixture.cs')) -OutputAssembly $dll -OutputType Library
        $script:BuilderWarnings = & (Join-Path $Repo 'build/New-ExternalHelp.ps1') -DocsPath (Join-Path $fixture 'docs') `
            -OutputPath $out -AssemblyPath $dll 3>&1 6>$null | Where-Object { $_ -is [System.Management.Automation.WarningRecord] } |
            ForEach-Object Message
        Import-Module $dll -Force
        $script:Help = Get-Help Get-AoHelpFixture -Full
        $script:Param = @{}
        foreach ($p in $Help.parameters.parameter) { $script:Param[$p.name] = $p }
    }

    It 'writes MAML that Get-Help reads: synopsis, description paragraphs, examples with code and remarks' {
        $Help.Synopsis | Should -Be "Returns the fixture's name; exists only to test the help builder."
        @($Help.description).Count | Should -Be 3
        $Help.description[1].Text.Trim() | Should -Be 'A second paragraph with code and bold text.'
        @($Help.examples.example).Count | Should -Be 3
        $Help.examples.example[0].code | Should -Be 'Get-AoHelpFixture -Name shop'
        ($Help.examples.example[1].remarks | Out-String) | Should -Match 'Binds Name by property name'
        ($Help.returnValues.returnValue.type.name) | Should -Be 'System.String'
    }

    It 'takes mandatory, position, pipeline input, aliases and accepted values from the assembly' {
        $Param['Name'].required | Should -Be 'true'
        $Param['Name'].position | Should -Be '0'
        $Param['Name'].pipelineInput | Should -Be 'True (ByPropertyName)'
        $Param['Name'].aliases | Should -Be 'AppName'
        $Param['Name'].globbing | Should -Be 'true'
        $Param['Mode'].globbing | Should -Be 'false'
        $Param['Mode'].defaultValue | Should -Be 'Safe'
        $Param['Count'].defaultValue | Should -Be 'None'
        $Param['InputObject'].pipelineInput | Should -Be 'True (ByValue)'
        $Param['Mode'].type.name | Should -Be 'System.String'
        $Param['Count'].type.name | Should -Be 'System.Int32'
        $syntax = Get-Help Get-AoHelpFixture | ForEach-Object { $_.syntax | Out-String -Width 400 }
        $syntax | Should -Match ([regex]::Escape('-Mode {Fast | Safe}'))
        # One syntax line per parameter set.
        @($Help.syntax.syntaxItem).Count | Should -Be 2
    }

    It 'describes -WhatIf and -Confirm itself' {
        ($Param['WhatIf'].description | Out-String) | Should -Match 'what would happen'
        ($Param['Confirm'].description | Out-String) | Should -Match 'confirmation'
    }

    It 'warns about the undocumented parameter and the cmdlet without docs' {
        $BuilderWarnings | Should -Contain 'docs/Get-AoHelpFixture.md does not describe -Count.'
        @($BuilderWarnings -match 'Set-AoHelpFixture has no docs').Count | Should -Be 1
    }

    It 'lets the checks find every gap: undocumented parameter, broken example, missing help' {
        @(Get-AoHelpGap Get-AoHelpFixture) | Should -Be @('-Count is not described')
        @(Get-AoExampleParseError Get-AoHelpFixture).Count | Should -BeGreaterThan 0
        @(Get-AoExampleParseError Get-AoHelpFixture) | ForEach-Object { $_ | Should -Match '^Example 3: ' }
        $gaps = @(Get-AoHelpGap Set-AoHelpFixture)
        $gaps | Should -Contain 'no synopsis'
        $gaps | Should -Contain 'no description'
        $gaps | Should -Contain 'only 0 example(s); at least 2 wanted'
        $gaps | Should -Contain '-Path is not described'
    }
}
