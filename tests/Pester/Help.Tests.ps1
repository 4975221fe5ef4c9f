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

    It 'shows a script how to catch its errors by ErrorId, naming only ErrorIds the help documents' {
        $help = Get-Help $Name -Full
        $catching = @($help.examples.example | Where-Object { $_.code -match '\bcatch\b' -and $_.code -match 'FullyQualifiedErrorId' })
        $catching.Count | Should -BeGreaterThan 0 -Because 'scripts need an example of try/catch by ErrorId'
        $documented = (@($help.description) + @($help.alertSet) | Out-String)
        foreach ($id in @($catching.code | Select-String "'(\w+),\*'" -AllMatches | ForEach-Object { $_.Matches } | ForEach-Object { $_.Groups[1].Value })) {
            $documented | Should -Match "\b$id\b" -Because "the example catches $id"
        }
    }

    It 'lists SYNTAX in the declared order: positional, then mandatory, then as the cmdlet declares them' {
        # Issue 16: the help builder's sort was unstable, so the order of the named parameters changed between builds.
        $command = Get-Command $Name
        $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
        $sets = @($command.ParameterSets | Sort-Object -Stable { -not $_.IsDefault })
        $items = @((Get-Help $Name -Full).syntax.syntaxItem)
        $items.Count | Should -Be $sets.Count
        for ($i = 0; $i -lt $sets.Count; $i++) {
            $declared = @($sets[$i].Parameters | Where-Object Name -NotIn ($common | Where-Object { $_ -notin 'WhatIf', 'Confirm' }))
            $expected = @($declared | Sort-Object -Stable @{ e = { if ($_.Position -ge 0) { $_.Position } else { [int]::MaxValue } } }, @{ e = { -not $_.IsMandatory } } |
                ForEach-Object Name)
            @($items[$i].parameter | ForEach-Object name) | Should -Be $expected -Because "parameter set $($sets[$i].Name)"
        }
    }

    It 'shows each parameter''s real default, never "None" for a parameter that has one' {
        $command = Get-Command $Name
        $fresh = [Activator]::CreateInstance($command.ImplementingType)
        $help = Get-Help $Name -Full
        foreach ($p in @($help.parameters.parameter)) {
            if (-not $command.Parameters.ContainsKey($p.name)) { continue }   # common parameters
            $property = $command.ImplementingType.GetProperty($p.name)
            if (-not $property) { continue }
            $value = $property.GetValue($fresh)
            $hasDefault = $null -ne $value -and -not ($value -is [System.Management.Automation.SwitchParameter]) -and
                -not ($value -is [string] -and -not $value) -and -not ($value -is [System.Collections.IEnumerable] -and -not ($value -is [string]) -and -not @($value).Count)
            $attribute = $command.Parameters[$p.name].Attributes | Where-Object { $_ -is [System.Management.Automation.PSDefaultValueAttribute] }
            if ($attribute) { $p.defaultValue | Should -Be $attribute.Help -Because "-$($p.name) says what leaving it out means"; continue }
            if (-not $hasDefault) { continue }
            $shown = if ($value -is [System.Collections.IEnumerable] -and -not ($value -is [string])) { @($value) -join ', ' } else { [System.Convert]::ToString($value, [cultureinfo]::InvariantCulture) }
            $p.defaultValue | Should -Be $shown -Because "-$($p.name) defaults to $shown"
        }
    }
}

Describe 'Region resolution in the help' {
    BeforeAll {
        # The order the code really tries, from the NoRegion error of a run with no region anywhere.
        Import-Module (Join-Path $PSScriptRoot 'FreshSession.psm1') -Force
        $script:Tried = Invoke-AoFreshPwsh -Environment @{
            AWS_REGION = ''; AWS_DEFAULT_REGION = ''; AWS_PROFILE = ''
            AWS_CONFIG_FILE = (Join-Path $TestDrive 'none/config'); AWS_SHARED_CREDENTIALS_FILE = (Join-Path $TestDrive 'none/credentials')
        } -Script @"
Import-Module '$env:AOTECH_MODULE_PATH'
try { Get-AoEcsApp -EndpointUrl http://127.0.0.1:9 -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message }
"@
        # Each source as the code names it, and as the help names it.
        $script:Markers = [ordered]@{ 'AWS.Tools' = 'AWS.Tools'; 'AWS_REGION' = 'AWS_REGION\b'; 'AWS_DEFAULT_REGION' = 'AWS_DEFAULT_REGION'; 'profile' = 'profile' }
        function script:Get-MarkerOrder([string]$Text) {
            @($Markers.Keys | Where-Object { $Text -match $Markers[$_] } | Sort-Object { [regex]::Match($Text, $Markers[$_]).Index })
        }
    }

    It 'is what the code tries, in that order, for every cmdlet (Publish-AoImage: the ECR registry host)' {
        $Tried[0] | Should -BeLike 'NoRegion,*'
        $codeOrder = Get-MarkerOrder ($Tried[1] -replace '^.*Tried, in order:', '')
        $codeOrder | Should -Be @('AWS.Tools', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'profile')
        foreach ($command in Get-Command -Module AoTech.Ecs -CommandType Cmdlet) {
            $text = (Get-Help $command.Name -Parameter Region | Out-String) -replace '\s+', ' '
            if ($command.Name -eq 'Publish-AoImage') { $text | Should -Match 'registry host'; continue }
            # Get-AoIamPolicy makes no AWS call: its -Region is the region in the policy's ARNs.
            if ($command.Name -eq 'Get-AoIamPolicy') { $text | Should -Match 'ARNs'; continue }
            Get-MarkerOrder $text | Should -Be $codeOrder -Because "$($command.Name) -Region"
        }
        $about = (Get-Help about_AoTech.Ecs | Out-String) -replace '\s+', ' '
        $about -match 'The region comes from (.*?)\. When' | Should -BeTrue
        Get-MarkerOrder $Matches[1] | Should -Be $codeOrder
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
        # Issue 16: the real default, read from a fresh instance of the cmdlet, not "None"; None only where there is none.
        $Param['Retries'].defaultValue | Should -Be '3'
        $Param['Count'].defaultValue | Should -Be '0'
        $Param['Zulu'].defaultValue | Should -Be 'None'
        $Param['InputObject'].pipelineInput | Should -Be 'True (ByValue)'
        $Param['Mode'].type.name | Should -Be 'System.String'
        $Param['Count'].type.name | Should -Be 'System.Int32'
        $syntax = Get-Help Get-AoHelpFixture | ForEach-Object { $_.syntax | Out-String -Width 400 }
        $syntax | Should -Match ([regex]::Escape('-Mode {Fast | Safe}'))
        # One syntax line per parameter set.
        @($Help.syntax.syntaxItem).Count | Should -Be 2
        # Named parameters in the order the class declares them (the builder's sort used to shuffle them).
        $named = @($Help.syntax.syntaxItem[0].parameter.name | Where-Object { $_ -in 'Zulu', 'Alpha', 'Yankee', 'Bravo', 'Xray', 'Charlie', 'Whiskey', 'Delta' })
        $named | Should -Be @('Zulu', 'Alpha', 'Yankee', 'Bravo', 'Xray', 'Charlie', 'Whiskey', 'Delta')
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
