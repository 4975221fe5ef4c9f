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
