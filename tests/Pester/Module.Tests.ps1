BeforeAll {
    $script:ManifestPath = $env:AOTECH_MODULE_PATH
    Import-Module $script:ManifestPath -Force
}

Describe 'AoTech.Ecs module' {
    It 'has a valid manifest with explicit exports' {
        $m = Test-ModuleManifest $script:ManifestPath
        $m.Name | Should -Be 'AoTech.Ecs'
        $m.CompatiblePSEditions | Should -Contain 'Core'
        $m.CompatiblePSEditions | Should -Contain 'Desktop'
    }

    It 'exports exactly the cmdlets the assembly defines' {
        $declared = (Import-PowerShellDataFile $script:ManifestPath).CmdletsToExport | Sort-Object
        $defined = (Get-Module AoTech.Ecs).ImplementingAssembly.GetTypes() |
            ForEach-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } |
            ForEach-Object { "$($_.VerbName)-$($_.NounName)" } | Sort-Object
        @($declared) | Should -Be @($defined)
    }

    It 'carries the manifest version on its assemblies' {
        $version = [version](Import-PowerShellDataFile $script:ManifestPath).ModuleVersion
        $asm = (Get-Module AoTech.Ecs).ImplementingAssembly.GetName().Version
        "$($asm.Major).$($asm.Minor).$($asm.Build)" | Should -Be "$($version.Major).$($version.Minor).$($version.Build)"
    }
}

Describe 'Gallery-ready manifest' {
    BeforeAll {
        $script:Data = Import-PowerShellDataFile $env:AOTECH_MODULE_PATH
        $script:Base = Split-Path $env:AOTECH_MODULE_PATH
    }

    It 'passes Test-ModuleManifest without errors or warnings' {
        $warnings = $null
        $errors = $null
        $null = Test-ModuleManifest $env:AOTECH_MODULE_PATH -WarningVariable warnings -ErrorVariable errors -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        @($errors) | Should -Be @()
        @($warnings) | Should -Be @()
    }

    It 'exports explicitly: no wildcards anywhere' {
        foreach ($key in 'CmdletsToExport', 'FunctionsToExport', 'AliasesToExport', 'VariablesToExport') {
            $Data.ContainsKey($key) | Should -BeTrue -Because "$key must be listed, even when empty"
            @($Data[$key]) -match '\*' | Should -BeNullOrEmpty -Because "$key must not use wildcards"
        }
    }

    It 'ships the MIT licence its LicenseUri names, in the repository and in the module' {
        $Data.PrivateData.PSData.LicenseUri | Should -Be 'https://opensource.org/licenses/MIT'
        foreach ($file in (Join-Path (Split-Path (Split-Path $PSScriptRoot -Parent) -Parent) 'LICENSE'), (Join-Path $Base 'LICENSE')) {
            $text = Get-Content -Raw $file
            $text | Should -Match '^MIT License'
            $text | Should -Match "Copyright \(c\) \d{4} $([regex]::Escape($Data.CompanyName))"
        }
    }

    It 'ships every format and type file it lists' {
        foreach ($file in @($Data.FormatsToProcess) + @($Data.TypesToProcess)) {
            Join-Path $Base $file | Should -Exist
        }
    }

    It 'tags the editions it declares, for the gallery search' {
        foreach ($edition in $Data.CompatiblePSEditions) { $Data.PrivateData.PSData.Tags | Should -Contain "PSEdition_$edition" }
    }

    It 'keeps the cmdlet assembly and the core at the root and every other dependency under deps/' {
        @(Get-ChildItem $Base -Filter *.dll | ForEach-Object Name | Sort-Object) | Should -Be @('AoTech.Ecs.dll', 'AoTech.Ecs.PowerShell.dll')
        Join-Path $Base 'deps/AWSSDK.Core.dll' | Should -Exist
    }
}

Describe 'Parameters shared by several cmdlets (issue 16)' {
    BeforeDiscovery {
        Import-Module $env:AOTECH_MODULE_PATH -Force
        $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
        $script:Shared = Get-Command -Module AoTech.Ecs -CommandType Cmdlet | ForEach-Object { $_.Parameters.Values } |
            Where-Object Name -NotIn $common | Group-Object Name | Where-Object Count -gt 1 | ForEach-Object { @{ Parameter = $_.Name } }
    }

    # The same name and type means the same thing, so the same range (-Tag is resource tags in New-AoEcsApp and image
    # tags in Publish-AoImage: two types, two meanings).
    It '-<Parameter> takes the same values in every cmdlet' -ForEach $Shared {
        $seen = foreach ($command in Get-Command -Module AoTech.Ecs -CommandType Cmdlet) {
            $p = $command.Parameters[$Parameter]
            if (-not $p) { continue }
            $type = $p.ParameterType
            if ($type.IsArray) { $type = $type.GetElementType() }
            $type = [Nullable]::GetUnderlyingType($type) ?? $type
            $rules = foreach ($a in $p.Attributes) {
                switch ($a) {
                    { $_ -is [System.Management.Automation.ValidateRangeAttribute] } { "range $($a.MinRange)..$($a.MaxRange)" }
                    { $_ -is [System.Management.Automation.ValidateSetAttribute] } { "set $($a.ValidValues -join ',')" }
                    { $_ -is [System.Management.Automation.ValidateLengthAttribute] } { "length $($a.MinLength)..$($a.MaxLength)" }
                    { $_ -is [System.Management.Automation.ValidatePatternAttribute] } { "pattern $($a.RegexPattern)" }
                }
            }
            [pscustomobject]@{ Cmdlet = $command.Name; Type = $type.Name; Accepts = "$($type.Name) $(@($rules | Sort-Object) -join '; ')".Trim() }
        }
        foreach ($sameType in $seen | Group-Object Type) {
            @($sameType.Group.Accepts | Select-Object -Unique).Count | Should -Be 1 -Because (($sameType.Group | ForEach-Object { "$($_.Cmdlet): $($_.Accepts)" }) -join ' | ')
        }
    }
}
